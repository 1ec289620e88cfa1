"""Submissions of the connect modal and of the admins' workspace settings modal (each answered
by its flow: the key is checked with Leonar before Slack gets the answer)."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext

from bot.flows import connect
from bot.flows.connect import KeyForm, SettingsForm
from bot.slack.interaction import interaction_of
from bot.slack.listeners import submitted
from bot.ui.actions import ADMIN_VIEW, CONNECT_VIEW


async def on_connect_submit(ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext) -> None:
    payload = await submitted(ack, body)
    if payload is not None:
        await connect.save_key(interaction_of(context), KeyForm.read(payload), ack)


async def on_admin_submit(ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext) -> None:
    payload = await submitted(ack, body)
    if payload is not None:
        await connect.save_settings(interaction_of(context), SettingsForm.read(payload), ack)


def register(app: AsyncApp) -> None:
    app.view(CONNECT_VIEW)(on_connect_submit)
    app.view(ADMIN_VIEW)(on_admin_submit)
