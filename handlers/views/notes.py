"""Submission of the note modal: wrong input is answered under the inputs (nothing sent),
else the modal closes and bot/flows/notes saves the note after the ack."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext

from bot.flows import notes
from bot.slack.interaction import interaction_of
from bot.slack.payloads import parse_view_submission
from bot.ui.actions import NOTE_VIEW


async def on_note_submit(ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext) -> None:
    payload = parse_view_submission(body)
    form, errors = notes.read_form(payload) if payload else (None, {})
    if form is None:
        await (ack(response_action="errors", errors=errors) if errors else ack())
        return
    await ack()
    await notes.submit(interaction_of(context), form)


def register(app: AsyncApp) -> None:
    app.view(NOTE_VIEW)(on_note_submit)
