"""Global shortcut "Search Leonar": opens the search modal (results come as a DM thread)."""

from __future__ import annotations

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext

from bot.flows import shortcuts
from bot.slack.interaction import interaction_of
from bot.ui.actions import SHORTCUT_SEARCH


async def on_search_shortcut(ack: AsyncAck, context: AsyncBoltContext) -> None:
    await ack()
    await shortcuts.open_search_modal(interaction_of(context))


def register(app: AsyncApp) -> None:
    app.shortcut(SHORTCUT_SEARCH)(on_search_shortcut)
