"""``app_home_opened``: publish the person's Home tab (Bolt acknowledges events itself)."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp, AsyncBoltContext

from bot.flows import home
from bot.slack.interaction import interaction_of


async def on_app_home_opened(event: dict[str, Any], context: AsyncBoltContext) -> None:
    if event.get("tab", "home") != "home":
        return
    ix = interaction_of(context)
    if ix.team_id and ix.user_id:
        await home.show(ix)


def register(app: AsyncApp) -> None:
    app.event("app_home_opened")(on_app_home_opened)
