"""Typeahead of the note modal's ``Contact`` input (bot/flows/notes)."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext

from bot.flows import notes
from bot.slack.interaction import interaction_of
from bot.ui.actions import NOTE_CONTACT_SEARCH


async def on_note_contacts(ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext) -> None:
    query = str(body.get("value") or "")
    await ack(options=await notes.options(interaction_of(context), query))


def register(app: AsyncApp) -> None:
    app.options(NOTE_CONTACT_SEARCH)(on_note_contacts)
