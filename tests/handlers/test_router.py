"""The ``/leonar`` listener's table: every subcommand of the grammar runs one flow; a name
without one says so, only to the person."""

from __future__ import annotations

from typing import Any, cast

import pytest
from slack_bolt.async_app import AsyncBoltContext

from bot.commands import SUBCOMMANDS, ParsedCommand
from bot.slack.deps import Deps
from bot.slack.interaction import Interaction
from handlers.commands.leonar import ROUTES, leonar_command


class Told(Interaction):
    """An Interaction that records what it tells instead of calling Slack."""

    told: list[str]

    async def tell(self, text: str, blocks: Any = None) -> None:
        self.told.append(text)


def _interaction() -> Told:
    ix = Told(deps=cast(Deps, None), client=cast(Any, None), team_id="T1", user_id="U1")
    ix.told = []
    return ix


async def _ack(*_args: Any, **_kwargs: Any) -> None:
    return None


def test_every_subcommand_of_the_grammar_has_a_flow() -> None:
    assert set(ROUTES) == set(SUBCOMMANDS)


async def test_a_subcommand_without_a_flow_says_not_available(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delitem(ROUTES, "deal")
    ix = _interaction()
    await leonar_command(_ack, {"text": "deal new"}, AsyncBoltContext(interaction=ix))
    assert ix.told == ["`/leonar deal` is not available yet."]


async def test_the_parsed_command_reaches_its_flow(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[tuple[Interaction, ParsedCommand]] = []

    async def flow(ix: Interaction, command: ParsedCommand) -> None:
        seen.append((ix, command))

    monkeypatch.setitem(ROUTES, "source", flow)
    ix = _interaction()
    await leonar_command(_ack, {"text": 'source "data engineer"'}, AsyncBoltContext(interaction=ix))
    ((got_ix, command),) = seen
    assert got_ix is ix and command.titles == ("data engineer",)


async def test_an_unknown_word_gets_the_help_only_to_the_person() -> None:
    ix = _interaction()
    await leonar_command(_ack, {"text": "nope"}, AsyncBoltContext(interaction=ix))
    (text,) = ix.told
    assert text.startswith("I don't know `nope`.")
