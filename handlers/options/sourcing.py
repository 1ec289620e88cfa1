"""The sourcing modal's location typeahead (for the account picked in the modal)."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext

from bot.flows import source
from bot.slack.interaction import interaction_of
from bot.slack.payloads import parse_view_submission
from bot.ui.actions import SOURCING_LOCATIONS


async def on_location_suggest(
    ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext
) -> None:
    # the options ARE the acknowledgement: the lookup answers within 2.5 s or gives up
    view = parse_view_submission(body)
    query = body.get("value")
    if view is None or not isinstance(query, str):
        await ack(options=[])
        return
    await ack(options=await source.suggest_locations(interaction_of(context), view, query))


def register(app: AsyncApp) -> None:
    app.options(SOURCING_LOCATIONS)(on_location_suggest)
