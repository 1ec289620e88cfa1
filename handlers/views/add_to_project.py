"""Submitting the add-to-project modal: a field error at once (no project, a stage of another
project), else the add (bot/flows/add_to_project/submit.py)."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext

from bot.flows import add_to_project
from bot.flows.add_to_project import AddSubmission
from bot.slack.interaction import interaction_of
from bot.slack.payloads import parse_view_submission
from bot.ui.actions import ADD_TO_PROJECT_VIEW


async def on_submit(ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext) -> None:
    payload = parse_view_submission(body)
    if payload is None:
        await ack()
        return
    form = AddSubmission.of(payload)
    errors = form.errors()
    if errors:
        await ack(response_action="errors", errors=errors)
        return
    await ack()
    await add_to_project.submit(interaction_of(context), form)


def register(app: AsyncApp) -> None:
    app.view(ADD_TO_PROJECT_VIEW)(on_submit)
