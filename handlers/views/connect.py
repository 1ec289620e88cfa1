"""Submissions of the connect modal and of the admins' workspace settings modal (each answered
by its flow: the key is checked with Leonar before Slack gets the answer)."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext

from bot.flows import connect
from bot.flows.connect import KeyForm, SettingsForm
from bot.slack.interaction import interaction_of
from bot.slack.payloads import parse_view_submission
from bot.ui.actions import (
    ADMIN_CLEAR_BLOCK,
    ADMIN_CLEAR_INPUT,
    ADMIN_RESULTS_BLOCK,
    ADMIN_RESULTS_INPUT,
    ADMIN_VIEW,
    CONNECT_DEFAULT_BLOCK,
    CONNECT_DEFAULT_INPUT,
    CONNECT_KEY_BLOCK,
    CONNECT_KEY_INPUT,
    CONNECT_VIEW,
)
from bot.ui.connect import CLEAR_OPTION, DEFAULT_OPTION


async def on_connect_submit(ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext) -> None:
    payload = parse_view_submission(body)
    if payload is None:
        await ack()
        return
    form = KeyForm(
        typed=payload.text(CONNECT_KEY_BLOCK, CONNECT_KEY_INPUT),
        wants_default=DEFAULT_OPTION
        in payload.selected(CONNECT_DEFAULT_BLOCK, CONNECT_DEFAULT_INPUT),
        view_id=payload.view.id,
        view_hash=payload.view.hash or "",
    )
    await connect.save_key(interaction_of(context), form, ack)


async def on_admin_submit(ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext) -> None:
    payload = parse_view_submission(body)
    if payload is None:
        await ack()
        return
    picked = payload.selected(ADMIN_RESULTS_BLOCK, ADMIN_RESULTS_INPUT)
    form = SettingsForm(
        results=picked[0] if picked else "",
        clear_default=CLEAR_OPTION in payload.selected(ADMIN_CLEAR_BLOCK, ADMIN_CLEAR_INPUT),
    )
    await connect.save_settings(interaction_of(context), form, ack)


def register(app: AsyncApp) -> None:
    app.view(CONNECT_VIEW)(on_connect_submit)
    app.view(ADMIN_VIEW)(on_admin_submit)
