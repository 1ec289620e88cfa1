"""Deal buttons: the card's Move stage / Close / Link contact / Reopen, the "Choose" buttons
when several deals match, and the deal picker of the move/close modals (refreshes the modal).
The contact card's "Link to deal" is a verb of handlers/actions/contact_menu.py."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext

from bot.flows.deals import start, submit
from bot.slack.interaction import interaction_of
from bot.slack.listeners import ack_then
from bot.slack.payloads import parse_action
from bot.ui.actions import (
    DEAL_CLOSE,
    DEAL_LINK_CONTACT,
    DEAL_MOVE,
    DEAL_PICK,
    DEAL_REOPEN,
    DEAL_SEARCH,
    split_verb_value,
)


async def on_card_button(ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext) -> None:
    """Move stage / Close / Link contact on a deal card (value: the deal id)."""
    await ack()
    click = parse_action(body)
    if click is not None and click.value:
        await start.card_button(interaction_of(context), click)


async def on_pick(ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext) -> None:
    """One of several matching deals was chosen (value ``<move|close>:<deal id>``)."""
    await ack()
    click = parse_action(body)
    if click is not None:
        await start.choose(interaction_of(context), *split_verb_value(click.value))


#: another deal was picked in a move/close modal
on_deal_picked = ack_then(parse_action, start.deal_picked)


async def on_reopen(ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext) -> None:
    """Reopen a closed deal (on a card, an ephemeral or in a modal)."""
    await ack()
    click = parse_action(body)
    if click is not None and click.value:
        await submit.reopen(interaction_of(context), submit.reopen_of(click))


def register(app: AsyncApp) -> None:
    for action in (DEAL_MOVE, DEAL_CLOSE, DEAL_LINK_CONTACT):
        app.action(action)(on_card_button)
    app.action(DEAL_PICK)(on_pick)
    app.action(DEAL_SEARCH)(on_deal_picked)
    app.action(DEAL_REOPEN)(on_reopen)
