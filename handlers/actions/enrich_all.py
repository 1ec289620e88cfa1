"""**Enrich all** under search results and on sourcing pages: opens the confirmation modal
(bot/flows/enrich_all)."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext

from bot.flows import enrich_all
from bot.services.enrich_all import SEARCH, SOURCING
from bot.slack.interaction import interaction_of
from bot.slack.payloads import parse_action
from bot.ui.actions import PROFILES_ENRICH_ALL, RESULTS_ENRICH_ALL


async def on_enrich_all(ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext) -> None:
    await ack()
    click = parse_action(body)
    if click is None or not click.value:
        return
    source = SOURCING if click.action.action_id == PROFILES_ENRICH_ALL else SEARCH
    await enrich_all.open_confirm(interaction_of(context), source, click.value)


def register(app: AsyncApp) -> None:
    app.action(RESULTS_ENRICH_ALL)(on_enrich_all)
    app.action(PROFILES_ENRICH_ALL)(on_enrich_all)
