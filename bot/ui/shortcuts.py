"""The "Search Leonar" modal and the message shortcut's words (its modal is the add-to-project
one, bot/ui/add_to_project.py).

Pure builders, no I/O."""

from __future__ import annotations

from typing import Any

from bot.text import literal
from bot.ui.actions import SEARCH_MODAL_VIEW
from bot.ui.blocks import mrkdwn as _mrkdwn
from bot.ui.blocks import plain as _plain

View = dict[str, Any]

SEARCH_BLOCK = "search_query"
SEARCH_INPUT = "query"
LOCATION_BLOCK = "search_location"
LOCATION_INPUT = "location"
MAX_QUERY = 200


def search_modal() -> View:
    """Words to search for and an optional location; results come as a DM thread."""
    return {
        "type": "modal",
        "callback_id": SEARCH_MODAL_VIEW,
        "title": _plain("Search Leonar"),
        "submit": _plain("Search"),
        "close": _plain("Cancel"),
        "blocks": [
            {
                "type": "input",
                "block_id": SEARCH_BLOCK,
                "label": _plain("Search"),
                "element": {
                    "type": "plain_text_input",
                    "action_id": SEARCH_INPUT,
                    "max_length": MAX_QUERY,
                    "placeholder": _plain("e.g. react developer, Doctolib, sophie@…"),
                },
            },
            {
                "type": "input",
                "block_id": LOCATION_BLOCK,
                "optional": True,
                "label": _plain("Location"),
                "element": {
                    "type": "plain_text_input",
                    "action_id": LOCATION_INPUT,
                    "max_length": MAX_QUERY,
                    "placeholder": _plain("e.g. Paris"),
                },
            },
            {
                "type": "context",
                "elements": [_mrkdwn("The results arrive in your direct messages with me.")],
            },
        ],
    }


LOOKING = "Looking for the person in this message…"
NO_REFERENCE = (
    "I found no LinkedIn profile link or email address in this message. Use the shortcut on a "
    "message that has one, or type `/leonar add <name>`."
)


def not_found_text(reference: str) -> str:
    return (
        f"Nobody matching *{literal(reference)}* is in Leonar yet. "
        "To bring LinkedIn profiles into Leonar, type `/leonar source`."
    )
