"""Message shortcut "Save to Leonar as a note": opens the note modal (bot/flows/notes)."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext

from bot.flows import notes
from bot.slack.interaction import interaction_of
from bot.ui.actions import SHORTCUT_SAVE_NOTE


async def on_note_shortcut(ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext) -> None:
    await ack()
    message = body.get("message")
    await notes.from_message(interaction_of(context), message if isinstance(message, dict) else {})


def register(app: AsyncApp) -> None:
    app.shortcut(SHORTCUT_SAVE_NOTE)(on_note_shortcut)
