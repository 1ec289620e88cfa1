"""Submission of the "Search Leonar" modal: the results arrive as a thread in the person's DM
with the bot, with the same result cards as ``/leonar search``."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.flows import shortcuts
from bot.slack.listeners import on_submission
from bot.ui.actions import SEARCH_MODAL_VIEW

on_search_submit = on_submission(shortcuts.read_search, shortcuts.submit_search)


def register(app: AsyncApp) -> None:
    app.view(SEARCH_MODAL_VIEW)(on_search_submit)
