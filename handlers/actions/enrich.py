"""Enrichment buttons: **Enrich** on a contact card (a work email, in the card's thread) and the
type / contact / "Enrich anyway" buttons (bot/flows/enrich.py does the work)."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext

from bot.flows import enrich
from bot.slack.interaction import interaction_of
from bot.slack.payloads import parse_action
from bot.ui.actions import CONTACT_ENRICH, ENRICH_ANYWAY, ENRICH_CHOOSE, ENRICH_PICK
from bot.ui.enrich import WORK_EMAIL, parse_choice_value


async def on_enrich_click(ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext) -> None:
    await ack()
    click = parse_action(body)
    if click is None or not click.value:
        return
    await enrich.start(
        interaction_of(context), enrich.EnrichRequest(kind=WORK_EMAIL, contact_id=click.value)
    )


async def on_choice_click(ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext) -> None:
    """A type, a contact among several, or "Enrich anyway": the value says what and where."""
    await ack()
    click = parse_action(body)
    parsed = parse_choice_value(click.value) if click is not None else None
    if click is None or parsed is None:
        return
    kind, contact_id, thread_ts = parsed
    ix = interaction_of(context)
    await enrich.start(
        ix.at(ix.channel_id, thread_ts),
        enrich.EnrichRequest(
            kind=kind,
            contact_id=contact_id,
            force=click.action.action_id == ENRICH_ANYWAY,
            from_prompt=True,
        ),
    )


def register(app: AsyncApp) -> None:
    app.action(CONTACT_ENRICH)(on_enrich_click)
    app.action(ENRICH_ANYWAY)(on_choice_click)
    app.action(re.compile(f"^(?:{ENRICH_CHOOSE}|{ENRICH_PICK})_"))(on_choice_click)
