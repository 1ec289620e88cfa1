"""**Save to Leonar as a note** (message shortcut, and **Add note** on a contact card): the
modal with its ``Contact`` (typeahead) and ``Note`` (editable, filled with the message) inputs,
and the confirmation. Pure builders, no I/O."""

from __future__ import annotations

from typing import Any

from bot.text import literal
from bot.ui.actions import NOTE_CONTACT_BLOCK, NOTE_CONTACT_SEARCH, NOTE_TEXT_BLOCK, NOTE_VIEW
from bot.ui.blocks import clip, loading_modal, notice_modal, plain, section

View = dict[str, Any]
TITLE = "Save as a note"
#: Slack's limit for a plain-text input's value
NOTE_MAX = 3000


def loading_view() -> View:
    return loading_modal(TITLE, callback_id="note_loading")


def notice_view(text: str) -> View:
    return notice_modal(TITLE, text, callback_id="note_notice")


def note_content(text: str, author: str, permalink: str | None) -> str:
    """The note as Leonar will keep it: the message, who wrote it, and a link back to it."""
    source = f"— {author} in Slack" + (f": {permalink}" if permalink else "")
    return clip(f"{text.strip()}\n\n{source}", NOTE_MAX)


def note_view(
    *, contact: tuple[str, str] | None, content: str, metadata: str, hint: str | None = None
) -> View:
    """``contact``: (id, name) when the message named one (pre-picked; still changeable)."""
    select: dict[str, Any] = {
        "type": "external_select",
        "action_id": NOTE_CONTACT_SEARCH,
        "placeholder": plain("Type a name"),
        "min_query_length": 2,
    }
    if contact is not None:
        select["initial_option"] = {"text": plain(contact[1], 75), "value": contact[0]}
    blocks: list[dict[str, Any]] = []
    if hint:
        blocks.append(section(hint))
    blocks += [
        {
            "type": "input",
            "block_id": NOTE_CONTACT_BLOCK,
            "label": plain("Contact"),
            "element": select,
        },
        {
            "type": "input",
            "block_id": NOTE_TEXT_BLOCK,
            "label": plain("Note"),
            "element": {
                "type": "plain_text_input",
                "action_id": NOTE_TEXT_BLOCK,
                "multiline": True,
                "max_length": NOTE_MAX,
                **({"initial_value": content} if content else {}),
            },
        },
    ]
    return {
        "type": "modal",
        "callback_id": NOTE_VIEW,
        "title": plain(TITLE),
        "submit": plain("Save"),
        "close": plain("Cancel"),
        "private_metadata": metadata,
        "blocks": blocks,
    }


def saved_text(contact_name: str, user_id: str) -> str:
    return f":memo: <@{user_id}> saved a note on *{literal(contact_name)}* in Leonar."
