"""The Connect button of the "connect first" prompt (and of the Home tab), and the admins'
"Workspace settings" button inside the connect modal."""

from __future__ import annotations

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext

from bot.flows import connect
from bot.slack.interaction import interaction_of
from bot.ui.actions import CONNECT, CONNECT_ADMIN


async def on_connect_click(ack: AsyncAck, context: AsyncBoltContext) -> None:
    await ack()
    await connect.open_modal(interaction_of(context))


async def on_admin_click(ack: AsyncAck, context: AsyncBoltContext) -> None:
    await ack()
    await connect.open_settings(interaction_of(context))


def register(app: AsyncApp) -> None:
    app.action(CONNECT)(on_connect_click)
    app.action(CONNECT_ADMIN)(on_admin_click)
