"""Pure builders of outreach: the modals (valid Block Kit, contract labels), reading them
back, and the words of results and progress."""

from __future__ import annotations

from typing import Any

from bot.leonar.models import Sequence, Tag
from bot.slack.metadata import encode_metadata
from bot.ui import outreach as ui
from bot.ui.actions import OUTREACH_MESSAGE_CHANNEL
from standins.slack.validation import view_problems

META = encode_metadata({"thread": {"channel": "C1", "ts": "1.2"}})


def labels(view: dict[str, Any]) -> list[str]:
    return [b["label"]["text"] for b in view["blocks"] if b["type"] == "input"]


def block(view: dict[str, Any], block_id: str) -> dict[str, Any]:
    return next(b for b in view["blocks"] if b.get("block_id") == block_id)


def test_enroll_view_offers_the_sequences_and_is_valid() -> None:
    sequences = [Sequence(id=f"s{i}", name=f"Sequence {i}" + "x" * 80) for i in range(120)]
    view = ui.enroll_view(sequences, target=ui.enroll_target_text(count=3), metadata=META)
    assert view_problems(view) == []
    assert labels(view) == ["Sequence", "Custom intro", "Other variables"]
    options = block(view, ui.SEQUENCE_BLOCK)["element"]["options"]
    assert len(options) == 100  # Slack's limit for a static select
    assert len(options[0]["text"]["text"]) == 75 and options[0]["value"] == "s0"
    assert block(view, ui.INTRO_BLOCK)["optional"] is True
    assert view["private_metadata"] == META
    assert "*3 contacts*" in view["blocks"][0]["text"]["text"]


def test_targets_escape_names() -> None:
    assert ui.enroll_target_text(contact_name="<!channel> & co") == (
        "Enroll *&lt;!channel&gt; &amp; co* in a sequence."
    )
    assert "*1 contact*" in ui.tag_target_text(count=1)


def test_tag_view_with_and_without_existing_tags() -> None:
    tags = [Tag(id="t1", name="frontend"), Tag(id="t2", name=None)]
    view = ui.tag_view(tags, target="Tag", metadata=META)
    assert view_problems(view) == []
    assert labels(view) == ["Existing tag", "New tag name", "Colour of the new tag"]
    options = block(view, ui.TAG_BLOCK)["element"]["options"]
    assert [(o["text"]["text"], o["value"]) for o in options] == [("frontend", "t1"), ("t2", "t2")]
    colour = block(view, ui.COLOUR_BLOCK)["element"]
    assert colour["initial_option"]["value"] == "#6366F1"
    empty = ui.tag_view([], target="Tag", metadata=META)
    assert labels(empty) == ["New tag name", "Colour of the new tag"]


def test_message_view_by_channel() -> None:
    email = ui.ComposeState(
        contact_name="Sophie",
        channels=("email", "linkedin"),
        channel="email",
        accounts=(("a1", "Alice"), ("a2", "Bob")),
        subject="Hi",
        content="Body",
    )
    view = ui.message_view(email, metadata=META)
    assert view_problems(view) == []
    assert labels(view) == ["Channel", "Subject", "Message", "Before sending"]
    channel = block(view, ui.CHANNEL_BLOCK)
    assert channel["dispatch_action"] is True
    assert channel["element"]["action_id"] == OUTREACH_MESSAGE_CHANNEL
    assert [o["text"]["text"] for o in channel["element"]["options"]] == ["Email", "LinkedIn"]
    assert channel["element"]["initial_option"]["value"] == "email"
    assert block(view, ui.SUBJECT_BLOCK)["element"]["initial_value"] == "Hi"

    linkedin = ui.message_view(
        ui.ComposeState(**{**email.__dict__, "channel": "linkedin", "sender_id": "a2"}),
        metadata=META,
    )
    assert view_problems(linkedin) == []
    assert labels(linkedin) == ["Channel", "Message", "Sender account", "Before sending"]
    assert block(linkedin, ui.SENDER_BLOCK)["element"]["initial_option"]["value"] == "a2"
    assert block(linkedin, ui.MESSAGE_BLOCK)["element"]["initial_value"] == "Body"


def test_confirm_view_quotes_the_message_escaped() -> None:
    view = ui.message_confirm_view(
        contact_name="Sophie <Martin>",
        channel="email",
        content="Hi *you*\n<!here>",
        subject="Job & more",
        sender_name=None,
        metadata=META,
    )
    assert view_problems(view) == []
    assert view["submit"]["text"] == "Send"
    head, quote = view["blocks"][0]["text"]["text"], view["blocks"][2]["text"]["text"]
    assert head == "*To:* Sophie &lt;Martin&gt;\n*Channel:* Email\n*Subject:* Job &amp; more"
    assert quote == "> Hi *you*\n> &lt;!here&gt;"


def test_notice_and_loading_views_are_valid() -> None:
    assert view_problems(ui.loading_view("Tag contacts")) == []
    notice = ui.notice_view("Enroll in sequence", "Nothing to do.")
    assert view_problems(notice) == [] and "submit" not in notice
