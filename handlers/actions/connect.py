"""The Connect button of the "connect first" prompt, and the admins' "Workspace settings"
button inside the connect modal."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.deps import Deps
from bot.slack.identity import is_workspace_admin, open_connect_modal
from bot.slack.payloads import parse_action
from bot.ui.actions import CONNECT, CONNECT_ADMIN
from bot.ui.connect import admin_modal


async def on_connect_click(
    ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext
) -> None:
    await ack()
    payload = parse_action(body)
    if payload is None or not (payload.team_id and payload.user_id and payload.trigger_id):
        return
    deps: Deps = context["deps"]
    await open_connect_modal(
        deps,
        client,
        trigger_id=payload.trigger_id,
        team_id=payload.team_id,
        user_id=payload.user_id,
    )


async def on_admin_click(
    ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext
) -> None:
    await ack()
    payload = parse_action(body)
    if payload is None or not (payload.team_id and payload.user_id and payload.trigger_id):
        return
    if not await is_workspace_admin(client, payload.user_id):
        return
    deps: Deps = context["deps"]
    workspace = await deps.db.workspaces.get(payload.team_id)
    mode = workspace.enrichment_results or deps.settings.enrichment_results
    await client.views_push(
        trigger_id=payload.trigger_id,
        view=admin_modal(mode=mode, has_default=bool(workspace.default_key_fingerprint)),
    )


def register(app: AsyncApp) -> None:
    app.action(CONNECT)(on_connect_click)
    app.action(CONNECT_ADMIN)(on_admin_click)
