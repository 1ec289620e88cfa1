"""Submitting the add-to-project modal: a field error at once (no project, a stage of another
project), else the add (bot/flows/add_to_project/submit.py)."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.flows import add_to_project
from bot.flows.add_to_project import AddSubmission
from bot.slack.listeners import on_submission
from bot.ui.actions import ADD_TO_PROJECT_VIEW

on_submit = on_submission(AddSubmission.read, add_to_project.submit)


def register(app: AsyncApp) -> None:
    app.view(ADD_TO_PROJECT_VIEW)(on_submit)
