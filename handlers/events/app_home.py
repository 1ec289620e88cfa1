"""``app_home_opened``: publish the person's Home tab (Bolt acknowledges events itself)."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp, AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot.services.home import publish_home
from bot.slack.deps import Deps


async def on_app_home_opened(
    event: dict[str, Any], body: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext
) -> None:
    if event.get("tab", "home") != "home":
        return
    user_id = str(event.get("user") or "")
    team_id = context.team_id or str(body.get("team_id") or "")
    if not user_id or not team_id:
        return
    deps: Deps = context["deps"]
    await publish_home(deps, team_id, user_id, client=client)


def register(app: AsyncApp) -> None:
    app.event("app_home_opened")(on_app_home_opened)
