"""Buttons of the LinkedIn sourcing results: Add to project (one profile), Add all on this page,
Next page."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext

from bot.flows import source_results
from bot.flows.source_results import PageClick
from bot.slack.interaction import interaction_of
from bot.slack.payloads import parse_action
from bot.ui.actions import PROFILE_ADD, PROFILES_ADD_PAGE, PROFILES_NEXT_PAGE


def _click(body: dict[str, Any]) -> PageClick | None:
    payload = parse_action(body)
    if payload is None:
        return None
    return PageClick(payload.action.action_id, payload.value, payload.message_ts)


async def on_add_click(ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext) -> None:
    await ack()
    click = _click(body)
    if click is not None:
        await source_results.add(interaction_of(context), click)


async def on_next_page(ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext) -> None:
    await ack()
    click = _click(body)
    if click is not None:
        await source_results.next_page(interaction_of(context), click)


def register(app: AsyncApp) -> None:
    app.action(PROFILE_ADD)(on_add_click)
    app.action(PROFILES_ADD_PAGE)(on_add_click)
    app.action(PROFILES_NEXT_PAGE)(on_next_page)
