from __future__ import annotations

import json

from bot.commands import SUBCOMMANDS
from bot.ui.help import help_message, invite_hint, not_available_text


def test_help_lists_every_subcommand_with_an_example() -> None:
    text, blocks = help_message("/leonar")
    for name in SUBCOMMANDS:
        assert f"`/leonar {name}" in text
    assert text.count("Example: `/leonar") == len(SUBCOMMANDS)
    rendered = json.dumps(blocks)
    assert "search &lt;words&gt; [in &lt;location&gt;]" in rendered


def test_help_names_the_unknown_word_escaped() -> None:
    text, _ = help_message("/leonar", unknown="<b>oops")
    assert "I don't know `&lt;b&gt;oops`" in text


def test_not_available_and_invite() -> None:
    assert not_available_text("search") == "`/leonar search` is not available yet."
    assert "/invite @Leonar" in invite_hint()
