"""Typeahead answers of the deal modals' external selects: deals, companies, contacts."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext

from bot.flows.deals import start
from bot.slack.interaction import interaction_of


async def on_options(ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext) -> None:
    action_id = str(body.get("action_id") or "")
    query = str(body.get("value") or "")
    await ack(options=await start.options(interaction_of(context), action_id, query))


def register(app: AsyncApp) -> None:
    for action_id in start.SEARCHES:
        app.options(action_id)(on_options)
