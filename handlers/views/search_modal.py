"""Submission of the "Search Leonar" modal: the results arrive as a thread in the person's DM
with the bot, with the same result cards as ``/leonar search``."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext

from bot.flows import shortcuts
from bot.slack.interaction import interaction_of
from bot.slack.payloads import parse_view_submission
from bot.ui.actions import SEARCH_MODAL_VIEW


async def on_search_submit(ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext) -> None:
    payload = parse_view_submission(body)
    if payload is None:
        await ack()
        return
    request = shortcuts.search_request(payload)
    errors = shortcuts.search_errors(request)
    if errors:
        await ack(response_action="errors", errors=errors)
        return
    await ack()
    await shortcuts.submit_search(interaction_of(context), request)


def register(app: AsyncApp) -> None:
    app.view(SEARCH_MODAL_VIEW)(on_search_submit)
