from __future__ import annotations

from slack_sdk.models.views import View

from bot.ui.blocks import clip, loading_modal, notice_modal, plain, section


def test_clip_and_plain() -> None:
    assert clip("abc", 5) == "abc"
    assert clip("abcdefgh", 5) == "abcd…"
    assert plain("")["text"] == " "
    assert plain("a" * 100, 24)["text"] == "a" * 23 + "…"


def test_section_is_within_slacks_limit() -> None:
    block = section("x" * 5000)
    assert len(block["text"]["text"]) == 3000
    assert section("hi", block_id="b")["block_id"] == "b"


def test_notice_and_loading_modals_validate() -> None:
    notice = notice_modal(
        "A title far longer than Slack's twenty-four", "Something *happened*", callback_id="cb"
    )
    View(**notice).validate_json()
    assert notice["close"]["text"] == "Close" and "submit" not in notice
    assert len(notice["title"]["text"]) <= 24
    loading = loading_modal("Deals", callback_id="cb", private_metadata='{"a":1}')
    View(**loading).validate_json()
    assert loading["close"]["text"] == "Cancel"
    assert loading["private_metadata"] == '{"a":1}'
    assert "Loading" in loading["blocks"][0]["text"]["text"]
