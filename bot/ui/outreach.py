"""Block Kit for outreach: the enroll, tag and send-message modals (the words of the replies
are in bot/ui/outreach_replies.py). Pure: no I/O.

Modal labels follow docs/commands.md: enroll ``Sequence``; send message ``Channel`` (Email,
LinkedIn), ``Subject``, ``Message``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bot.leonar.models import ConnectedAccount, MessageChannel, Tag
from bot.leonar.models import Sequence as LeonarSequence
from bot.text import escape
from bot.ui.actions import (
    OUTREACH_ENROLL_VIEW,
    OUTREACH_MESSAGE_CHANNEL,
    OUTREACH_MESSAGE_CONFIRM_VIEW,
    OUTREACH_MESSAGE_VIEW,
    OUTREACH_TAG_VIEW,
)
from bot.ui.blocks import clip as _cut
from bot.ui.blocks import loading_modal, notice_modal, static_select
from bot.ui.blocks import plain as _plain
from bot.ui.blocks import section as _section

Json = dict[str, Any]

# block ids (= action ids) of the inputs; field errors name these
SEQUENCE_BLOCK = "outreach_sequence"
INTRO_BLOCK = "outreach_custom_intro"
VARIABLES_BLOCK = "outreach_variables"
TAG_BLOCK = "outreach_tag"
NEW_TAG_BLOCK = "outreach_new_tag"
COLOUR_BLOCK = "outreach_tag_colour"
CHANNEL_BLOCK = "outreach_channel"
SUBJECT_BLOCK = "outreach_subject"
MESSAGE_BLOCK = "outreach_message"
SENDER_BLOCK = "outreach_sender"
PREVIEW_BLOCK = "outreach_preview"
PREVIEW_VALUE = "preview"

MAX_OPTIONS = 100
OPTION_TEXT_MAX = 75
SECTION_TEXT_MAX = 3000

#: colours offered for a new tag: (name, hex); the first is the default
TAG_COLOURS: tuple[tuple[str, str], ...] = (
    ("Indigo", "#6366F1"),
    ("Blue", "#3B82F6"),
    ("Green", "#10B981"),
    ("Amber", "#F59E0B"),
    ("Red", "#EF4444"),
    ("Violet", "#8B5CF6"),
    ("Pink", "#EC4899"),
    ("Grey", "#6B7280"),
)
CHANNEL_NAMES = {MessageChannel.EMAIL: "Email", MessageChannel.LINKEDIN: "LinkedIn"}


# --------------------------------------------------------------------------- small pieces


def _option(text: str, value: str) -> Json:
    return {"text": _plain(_cut(text or value, OPTION_TEXT_MAX)), "value": value}


def _modal(
    callback_id: str,
    title: str,
    blocks: list[Json],
    *,
    metadata: str = "",
    submit: str | None = None,
    close: str = "Cancel",
) -> Json:
    view: Json = {
        "type": "modal",
        "callback_id": callback_id,
        "title": _plain(title),
        "close": _plain(close),
        "blocks": blocks,
    }
    if submit is not None:
        view["submit"] = _plain(submit)
    if metadata:
        view["private_metadata"] = metadata
    return view


def _text_input(
    block_id: str,
    label: str,
    *,
    optional: bool = False,
    multiline: bool = False,
    placeholder: str | None = None,
    hint: str | None = None,
    initial: str | None = None,
) -> Json:
    element: Json = {"type": "plain_text_input", "action_id": block_id, "multiline": multiline}
    if placeholder:
        element["placeholder"] = _plain(placeholder)
    if initial:
        element["initial_value"] = initial
    block: Json = {
        "type": "input",
        "block_id": block_id,
        "optional": optional,
        "label": _plain(label),
        "element": element,
    }
    if hint:
        block["hint"] = _plain(hint)
    return block


def _select(
    block_id: str,
    label: str,
    options: list[Json],
    *,
    optional: bool = False,
    placeholder: str,
    initial: Json | None = None,
) -> Json:
    element = static_select(block_id, placeholder, options[:MAX_OPTIONS], initial)
    return {
        "type": "input",
        "block_id": block_id,
        "optional": optional,
        "label": _plain(label),
        "element": element,
    }


# --------------------------------------------------------------------------- generic views


def loading_view(title: str) -> Json:
    """Opened at once with the trigger id, replaced when Leonar has answered."""
    return loading_modal(
        title, callback_id="outreach_loading", text=":hourglass_flowing_sand: Asking Leonar…"
    )


def notice_view(title: str, text: str) -> Json:
    """A modal that only says something (a refusal, an error, nothing to pick)."""
    return notice_modal(title, text, callback_id="outreach_notice")


# --------------------------------------------------------------------------- enroll


def enroll_target_text(*, contact_name: str | None = None, count: int = 0) -> str:
    if contact_name is not None:
        return f"Enroll *{escape(contact_name)}* in a sequence."
    people = "1 contact" if count == 1 else f"{count} contacts"
    return (
        f"Enroll the *{people}* of these results in a sequence. "
        "People marked do not contact are skipped."
    )


def enroll_view(sequences: Sequence[LeonarSequence], *, target: str, metadata: str) -> Json:
    """The enroll modal: ``Sequence`` (active ones), ``Custom intro``, ``Other variables``."""
    options = [_option(s.name or s.id, s.id) for s in sequences]
    blocks = [
        _section(target),
        _select(SEQUENCE_BLOCK, "Sequence", options, placeholder="Pick an active sequence"),
        _text_input(
            INTRO_BLOCK,
            "Custom intro",
            optional=True,
            multiline=True,
            placeholder="I noticed your work on the React component library",
            hint="The personal opening line of the sequence's messages.",
        ),
        _text_input(
            VARIABLES_BLOCK,
            "Other variables",
            optional=True,
            multiline=True,
            placeholder="role = Senior Frontend Engineer",
            hint="One per line: the word used in the sequence's messages, “=”, then its text.",
        ),
    ]
    return _modal(
        OUTREACH_ENROLL_VIEW, "Enroll in sequence", blocks, metadata=metadata, submit="Enroll"
    )


# --------------------------------------------------------------------------- tag


def tag_target_text(*, contact_name: str | None = None, count: int = 0) -> str:
    if contact_name is not None:
        return f"Tag *{escape(contact_name)}*: pick an existing tag or create one."
    people = "1 contact" if count == 1 else f"{count} contacts"
    return f"Tag the *{people}* of these results: pick an existing tag or create one."


def tag_view(tags: Sequence[Tag], *, target: str, metadata: str) -> Json:
    """The tag modal: ``Existing tag``, or ``New tag name`` with its ``Colour``."""
    blocks = [_section(target)]
    if tags:
        blocks.append(
            _select(
                TAG_BLOCK,
                "Existing tag",
                [_option(t.name or t.id, t.id) for t in tags],
                optional=True,
                placeholder="Pick a tag",
            )
        )
    colours = [_option(name, hex_) for name, hex_ in TAG_COLOURS]
    blocks += [
        _text_input(
            NEW_TAG_BLOCK,
            "New tag name",
            optional=True,
            placeholder="ai-sourced",
            hint="Or create a tag (at most 50 characters).",
        ),
        _select(
            COLOUR_BLOCK,
            "Colour of the new tag",
            colours,
            optional=True,
            placeholder="Pick a colour",
            initial=colours[0],
        ),
    ]
    return _modal(OUTREACH_TAG_VIEW, "Tag contacts", blocks, metadata=metadata, submit="Tag")


# --------------------------------------------------------------------------- message


@dataclass(frozen=True)
class ComposeState:
    """What the message modal shows (and keeps across re-renders)."""

    contact_name: str
    channels: tuple[str, ...]  # the channels this contact can be reached on
    channel: str
    accounts: tuple[tuple[str, str], ...] = ()  # (id, name) of accounts that can send
    subject: str | None = None
    content: str | None = None
    sender_id: str | None = None


def first_name(full_name: str) -> str:
    """The first word of a name ("there" when there is none), for a placeholder greeting."""
    words = full_name.split()
    return words[0] if words else "there"


def message_view(state: ComposeState, *, metadata: str) -> Json:
    """``Channel`` (Email, LinkedIn; re-renders on change), ``Subject`` for an email,
    ``Message``, the ``Sender account`` for LinkedIn, and an optional preview step."""
    channel_options = {c: _option(CHANNEL_NAMES.get(c, c), c) for c in state.channels}
    blocks: list[Json] = [
        _section(f"To *{escape(state.contact_name)}*"),
        {
            "type": "input",
            "block_id": CHANNEL_BLOCK,
            "dispatch_action": True,
            "label": _plain("Channel"),
            "element": {
                "type": "radio_buttons",
                "action_id": OUTREACH_MESSAGE_CHANNEL,
                "options": list(channel_options.values()),
                "initial_option": channel_options.get(state.channel)
                or next(iter(channel_options.values())),
            },
        },
    ]
    if state.channel == MessageChannel.EMAIL:
        blocks.append(
            _text_input(
                SUBJECT_BLOCK,
                "Subject",
                placeholder="A role you might like",
                initial=state.subject,
            )
        )
    blocks.append(
        _text_input(
            MESSAGE_BLOCK,
            "Message",
            multiline=True,
            placeholder=f"Hi {first_name(state.contact_name)}, I came across your profile…",
            initial=state.content,
        )
    )
    if state.channel == MessageChannel.LINKEDIN and state.accounts:
        account_options = [_option(name, account_id) for account_id, name in state.accounts]
        initial = next(
            (o for o in account_options if o["value"] == state.sender_id), account_options[0]
        )
        blocks.append(
            _select(
                SENDER_BLOCK,
                "Sender account",
                account_options,
                placeholder="Send from",
                initial=initial,
            )
        )
    blocks.append(
        {
            "type": "input",
            "block_id": PREVIEW_BLOCK,
            "optional": True,
            "label": _plain("Before sending"),
            "element": {
                "type": "checkboxes",
                "action_id": PREVIEW_BLOCK,
                "options": [_option("Show me a preview first", PREVIEW_VALUE)],
            },
        }
    )
    return _modal(OUTREACH_MESSAGE_VIEW, "Send a message", blocks, metadata=metadata, submit="Send")


def message_confirm_view(
    *,
    contact_name: str,
    channel: str,
    content: str,
    subject: str | None,
    sender_name: str | None,
    metadata: str,
) -> Json:
    """The preview step: what will be sent, with **Send**."""
    lines = [f"*To:* {escape(contact_name)}", f"*Channel:* {CHANNEL_NAMES.get(channel, channel)}"]
    if subject:
        lines.append(f"*Subject:* {escape(subject)}")
    if sender_name:
        lines.append(f"*From:* {escape(sender_name)}")
    quoted = "\n".join("> " + line for line in escape(content).splitlines() or [""])
    blocks = [_section("\n".join(lines)), {"type": "divider"}, _section(quoted)]
    return _modal(
        OUTREACH_MESSAGE_CONFIRM_VIEW, "Check and send", blocks, metadata=metadata, submit="Send"
    )


def accounts_choices(accounts: Sequence[ConnectedAccount]) -> tuple[tuple[str, str], ...]:
    return tuple((a.id, a.name or a.id) for a in accounts)
