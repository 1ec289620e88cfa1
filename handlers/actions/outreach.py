"""Outreach buttons of a results thread (**Enroll all**, **Tag all**) and the message modal's
``Channel`` switch (bot/flows/outreach does the work; the card's overflow verbs are in
contact_menu.py)."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext

from bot.flows.outreach import enroll, message, tag
from bot.slack.interaction import interaction_of
from bot.slack.listeners import ack_then
from bot.slack.payloads import parse_action, parse_view_submission
from bot.ui.actions import OUTREACH_MESSAGE_CHANNEL, RESULTS_ENROLL_ALL, RESULTS_TAG_ALL


async def on_enroll_all(ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext) -> None:
    await ack()
    click = parse_action(body)
    if click is not None and click.value:
        await enroll.for_results(interaction_of(context), click.value)


async def on_tag_all(ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext) -> None:
    await ack()
    click = parse_action(body)
    if click is not None and click.value:
        await tag.for_results(interaction_of(context), click.value)


#: the modal as it is now (its state, id, hash) gets the other channel's inputs
on_channel_switch = ack_then(parse_view_submission, message.switch_channel)


def register(app: AsyncApp) -> None:
    app.action(RESULTS_ENROLL_ALL)(on_enroll_all)
    app.action(RESULTS_TAG_ALL)(on_tag_all)
    app.action(OUTREACH_MESSAGE_CHANNEL)(on_channel_switch)
