"""The contact card's overflow menu ("More"): one listener; ``VERBS`` is the explicit table of
what each verb runs, a flow taking the request's ``Interaction`` and the contact id (verbs and
action ids live in bot/ui/actions.py)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext

from bot.flows import enrich, notes
from bot.flows.deals import start as deals
from bot.flows.outreach import enroll, message, tag
from bot.slack.interaction import Interaction, interaction_of
from bot.slack.payloads import parse_action
from bot.ui.actions import (
    CONTACT_MORE,
    VERB_ENRICH_PHONE,
    VERB_ENROLL,
    VERB_LINK_DEAL,
    VERB_MESSAGE,
    VERB_NOTE,
    VERB_TAG,
    split_verb_value,
)

log = logging.getLogger(__name__)

Verb = Callable[[Interaction, str], Awaitable[None]]

VERBS: dict[str, Verb] = {
    VERB_ENRICH_PHONE: enrich.phone,
    VERB_ENROLL: enroll.for_contact,
    VERB_TAG: tag.for_contact,
    VERB_MESSAGE: message.for_contact,
    VERB_LINK_DEAL: deals.link_to_deal,
    VERB_NOTE: notes.for_contact,
}


async def on_contact_more(ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext) -> None:
    await ack()
    click = parse_action(body)
    if click is None:
        return
    verb, contact_id = split_verb_value(click.value)
    ix = interaction_of(context)
    flow = VERBS.get(verb)
    if flow is not None and contact_id:
        await flow(ix, contact_id)
        return
    log.warning("contact menu: unknown verb %r", verb)
    await ix.tell("That action is not available yet.")


def register(app: AsyncApp) -> None:
    app.action(CONTACT_MORE)(on_contact_more)
