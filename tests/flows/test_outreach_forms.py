"""Reading the outreach modals back (bot/flows/outreach): a typed form, or the errors to show
under the inputs; blank text counts as nothing."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.flows.outreach import enroll, message, tag
from bot.flows.outreach.common import picked, typed
from bot.slack.metadata import encode_metadata
from bot.slack.payloads import ViewSubmissionPayload
from bot.ui import outreach as ui
from bot.ui.actions import OUTREACH_MESSAGE_CHANNEL

THREAD = {"thread": {"channel": "C1", "ts": "1.0"}}


def submitted(
    values: dict[str, Any], metadata: dict[str, Any] | None = None, blocks: Sequence[str] = ()
) -> ViewSubmissionPayload:
    return ViewSubmissionPayload.model_validate(
        {
            "team": {"id": "T1"},
            "user": {"id": "U1"},
            "view": {
                "id": "V1",
                "private_metadata": encode_metadata(metadata or THREAD),
                "blocks": [{"type": "input", "block_id": b} for b in blocks],
                "state": {"values": values},
            },
        }
    )


def text(block: str, value: str | None) -> dict[str, Any]:
    return {block: {block: {"type": "plain_text_input", "value": value}}}


def option(block: str, value: str, label: str, action: str | None = None) -> dict[str, Any]:
    chosen = {"text": {"type": "plain_text", "text": label}, "value": value}
    return {block: {action or block: {"type": "static_select", "selected_option": chosen}}}


def test_typed_and_picked() -> None:
    form = submitted(
        {
            **text(ui.NEW_TAG_BLOCK, "  "),
            **text(ui.MESSAGE_BLOCK, " hi "),
            **option(ui.TAG_BLOCK, "t", "data"),
        }
    )
    assert typed(form, ui.NEW_TAG_BLOCK) is None
    assert typed(form, ui.MESSAGE_BLOCK) == " hi "
    assert typed(form, "missing") is None
    assert picked(form, ui.TAG_BLOCK) == ("t", "data")
    assert picked(form, "missing") is None


def test_enroll_form() -> None:
    form, errors = enroll.read_form(submitted(text(ui.VARIABLES_BLOCK, "no equals")))
    assert form is None
    assert errors == {
        ui.SEQUENCE_BLOCK: "Pick a sequence.",
        ui.VARIABLES_BLOCK: "Line 1 needs the form key=value.",
    }
    values = {**option(ui.SEQUENCE_BLOCK, "s1", "Frontend"), **text(ui.INTRO_BLOCK, "Hello")}
    form, errors = enroll.read_form(submitted(values))
    assert errors == {} and form is not None
    assert (form.sequence_id, form.sequence_name) == ("s1", "Frontend")
    assert form.variables == {"custom_intro": "Hello"}
    assert form.metadata == THREAD


def test_tag_form() -> None:
    form, errors = tag.read_form(submitted(option(ui.TAG_BLOCK, "t1", "priority")))
    assert errors == {} and form is not None
    assert (form.choice.tag_id, form.choice.tag_name) == ("t1", "priority")
    form, errors = tag.read_form(submitted(text(ui.NEW_TAG_BLOCK, " ai ")))
    assert form is not None and form.choice.new_name == "ai"
    assert form.choice.color == "#6366F1"  # the default colour


def test_message_form_subject_error_goes_where_it_is_seen() -> None:
    metadata = {**THREAD, "contact": "c1", "name": "Ann", "channels": ["email", "linkedin"]}
    email = option(ui.CHANNEL_BLOCK, "email", "Email", OUTREACH_MESSAGE_CHANNEL)
    values = {**email, **text(ui.MESSAGE_BLOCK, "Hi")}
    _, errors = message.read_form(submitted(values, metadata, blocks=[ui.SUBJECT_BLOCK]))
    assert errors == {ui.SUBJECT_BLOCK: "An email needs a subject."}
    # the modal still showed LinkedIn's fields (switched, not re-rendered yet): under Channel
    _, errors = message.read_form(submitted(values, metadata, blocks=[ui.CHANNEL_BLOCK]))
    assert errors == {ui.CHANNEL_BLOCK: "An email needs a subject."}


def test_message_form_with_preview() -> None:
    metadata = {
        **THREAD,
        "contact": "c1",
        "name": "Ann",
        "channels": ["email", "linkedin"],
        "accounts": [["a1", "Alice"]],
        "reachable": ["linkedin"],
    }
    values = {
        **option(ui.CHANNEL_BLOCK, "linkedin", "LinkedIn", OUTREACH_MESSAGE_CHANNEL),
        **text(ui.MESSAGE_BLOCK, " Hi Ann "),
        **option(ui.SENDER_BLOCK, "a1", "Alice"),
        ui.PREVIEW_BLOCK: {
            ui.PREVIEW_BLOCK: {"type": "checkboxes", "selected_options": [{"value": "preview"}]}
        },
    }
    form, errors = message.read_form(submitted(values, metadata))
    assert errors == {} and form is not None
    assert form.preview and form.sender_name == "Alice"
    assert (form.draft.channel, form.draft.content, form.draft.subject) == (
        "linkedin",
        "Hi Ann",
        None,
    )
    assert form.draft.sender_account_id == "a1"
