"""Buttons of the LinkedIn sourcing results: Add to project (one profile), Add all on this page,
Next page."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp

from bot.flows import source_results
from bot.flows.source_results import PageClick
from bot.slack.listeners import ack_then
from bot.slack.payloads import parse_action
from bot.ui.actions import PROFILE_ADD, PROFILES_ADD_PAGE, PROFILES_NEXT_PAGE


def _click(body: dict[str, Any]) -> PageClick | None:
    payload = parse_action(body)
    if payload is None:
        return None
    return PageClick(payload.action.action_id, payload.value, payload.message_ts)


on_add_click = ack_then(_click, source_results.add)
on_next_page = ack_then(_click, source_results.next_page)


def register(app: AsyncApp) -> None:
    app.action(PROFILE_ADD)(on_add_click)
    app.action(PROFILES_ADD_PAGE)(on_add_click)
    app.action(PROFILES_NEXT_PAGE)(on_next_page)
