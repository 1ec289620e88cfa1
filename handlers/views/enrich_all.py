"""Submission of the **Enrich all** confirmation: closes at once, bot/flows/enrich_all works
after the ack."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext

from bot.flows import enrich_all
from bot.slack.interaction import interaction_of
from bot.slack.payloads import parse_view_submission
from bot.ui.actions import ENRICH_ALL_VIEW


async def on_enrich_all_submit(
    ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext
) -> None:
    await ack()
    payload = parse_view_submission(body)
    if payload is not None:
        await enrich_all.submit(interaction_of(context), enrich_all.read_form(payload))


def register(app: AsyncApp) -> None:
    app.view(ENRICH_ALL_VIEW)(on_enrich_all_submit)
