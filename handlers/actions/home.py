"""The App Home quick buttons: Search, Source, New deal, Close deal."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext

from bot.flows import home
from bot.slack.interaction import interaction_of
from bot.slack.payloads import parse_action
from bot.ui.actions import HOME_SEARCH


async def on_home_search(ack: AsyncAck, context: AsyncBoltContext) -> None:
    await ack()
    await home.search(interaction_of(context))


async def on_home_command(ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext) -> None:
    await ack()
    click = parse_action(body)
    if click is not None:
        await home.run_button(interaction_of(context), click.action.action_id)


def register(app: AsyncApp) -> None:
    app.action(HOME_SEARCH)(on_home_search)
    for action_id in home.COMMAND_BUTTONS:
        app.action(action_id)(on_home_command)
