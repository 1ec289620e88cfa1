"""Block Kit primitives every builder shares: text objects, sections, and the two small modals
(the loading one opened at once with a trigger id, and the one that only says something).

Pure functions, no I/O. Feature builders compose these instead of writing their own."""

from __future__ import annotations

from typing import Any

Block = dict[str, Any]

#: Slack's limits for the texts these helpers produce
SECTION_TEXT_MAX = 3000
MODAL_TITLE_MAX = 24
BUTTON_TEXT_MAX = 75
LOADING_TEXT = ":hourglass_flowing_sand: Loading…"


def clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, with an ellipsis when it was longer."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def plain(text: str, limit: int | None = None) -> Block:
    """A plain_text object (never empty: Slack refuses empty texts)."""
    text = clip(text, limit) if limit is not None else text
    return {"type": "plain_text", "text": text or " ", "emoji": True}


def mrkdwn(text: str) -> Block:
    return {"type": "mrkdwn", "text": text}


def section(text: str, **extra: Any) -> Block:
    """A mrkdwn section, clipped to Slack's 3,000 characters."""
    return {"type": "section", "text": mrkdwn(clip(text, SECTION_TEXT_MAX)), **extra}


def header(text: str) -> Block:
    """A header block (plain text, at most 150 characters)."""
    return {"type": "header", "text": plain(text, 150)}


def button(
    text: str, action_id: str, value: str | None = None, *, style: str | None = None
) -> Block:
    """A button (``style``: "primary" or "danger"); ``value`` comes back with the click."""
    element: Block = {
        "type": "button",
        "action_id": action_id,
        "text": plain(text, BUTTON_TEXT_MAX),
    }
    if value is not None:
        element["value"] = value
    if style:
        element["style"] = style
    return element


def static_select(
    action_id: str, placeholder: str, options: list[Block], initial: Block | None = None
) -> Block:
    """A static select element offering ``options``, with ``initial`` pre-picked."""
    element: Block = {
        "type": "static_select",
        "action_id": action_id,
        "placeholder": plain(placeholder),
        "options": options,
    }
    if initial is not None:
        element["initial_option"] = initial
    return element


def notice_modal(
    title: str,
    text: str,
    *,
    callback_id: str,
    private_metadata: str = "",
    close: str = "Close",
) -> Block:
    """A modal that only says something (an error in words, "connect first", nothing to pick)."""
    return {
        "type": "modal",
        "callback_id": callback_id,
        "title": plain(title, MODAL_TITLE_MAX),
        "close": plain(close, MODAL_TITLE_MAX),
        "private_metadata": private_metadata,
        "blocks": [section(text)],
    }


def loading_modal(
    title: str, *, callback_id: str, text: str = LOADING_TEXT, private_metadata: str = ""
) -> Block:
    """What opens at once with the trigger id while Leonar is asked (then ``views.update``)."""
    return notice_modal(
        title, text, callback_id=callback_id, private_metadata=private_metadata, close="Cancel"
    )
