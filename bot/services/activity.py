"""The "Recent activity" lines of a person's Home tab: what the bot did on their behalf.

``record_activity`` is called by the handlers after an action succeeded in Leonar (added to a
project, deal created, key connected, ...). It never raises: a store failure only loses a
Home tab line, so it is logged and the action goes on.

Lines are stored as plain text with mrkdwn bold (``*Project*``); the Home tab escapes ``& < >``
when it shows them, so names go in through ``bold``/``name`` (markers swapped, not escaped).
"""

from __future__ import annotations

import logging

from bot.store import Database
from bot.text import unformatted

log = logging.getLogger(__name__)

#: a name or title inside an activity line is cut to this length
MAX_NAME = 80


def name(text: str | None, default: str = "a contact") -> str:
    """A name from Leonar or a person, safe inside an activity line (one line, clipped, no
    mrkdwn markers)."""
    cleaned = unformatted(text or "") or default
    return cleaned if len(cleaned) <= MAX_NAME else cleaned[: MAX_NAME - 1] + "…"


def bold(text: str | None, default: str = "a contact") -> str:
    return f"*{name(text, default)}*"


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


async def record_activity(db: Database, team_id: str, user_id: str, text: str) -> None:
    """Add one line to the person's recent activity; a failure is logged, never raised."""
    if not team_id or not user_id or not text:
        return
    try:
        await db.activity.add(team_id, user_id, text)
    except Exception as exc:  # the action itself succeeded: losing its Home line is not fatal
        log.warning("could not record activity: %s", type(exc).__name__)
