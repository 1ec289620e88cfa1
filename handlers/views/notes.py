"""Submission of the note modal: wrong input is answered under the inputs (nothing sent),
else the modal closes and bot/flows/notes saves the note after the ack."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.flows import notes
from bot.slack.listeners import on_submission
from bot.ui.actions import NOTE_VIEW

on_note_submit = on_submission(notes.read_form, notes.submit)


def register(app: AsyncApp) -> None:
    app.view(NOTE_VIEW)(on_note_submit)
