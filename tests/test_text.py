from __future__ import annotations

from bot.text import escape, unescape_slack


def test_escape_the_three_control_characters() -> None:
    assert escape("R&D <b> & <!channel>") == "R&amp;D &lt;b&gt; &amp; &lt;!channel&gt;"


def test_escape_leaves_other_text_alone() -> None:
    assert escape("*bold* _it_ `code` é") == "*bold* _it_ `code` é"


def test_unescape_round_trip() -> None:
    text = "a & b < c > d"
    assert unescape_slack(escape(text)) == text


def test_unescape_links() -> None:
    assert unescape_slack("<mailto:a@b.co|a@b.co>") == "a@b.co"
    assert unescape_slack("<https://x.io/a|x.io/a>") == "https://x.io/a"
    assert unescape_slack("hi <@U123>") == "hi <@U123>"
