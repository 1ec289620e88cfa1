"""The add-to-project modal's Stage options before the modal re-rendered with them: the stages
of the project picked in the view's state."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext

from bot.flows import add_to_project
from bot.slack.interaction import interaction_of
from bot.ui.actions import ADD_STAGE_SELECT


async def on_stage_options(ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext) -> None:
    # the options ARE the acknowledgement (the project is usually cached by the project pick)
    project_id = add_to_project.picked_project(body)
    options = await add_to_project.stage_options(interaction_of(context), project_id)
    await ack(options=options)


def register(app: AsyncApp) -> None:
    app.options(ADD_STAGE_SELECT)(on_stage_options)
