"""Deal modal submissions (new, move, close, link contact, link to deal): read without any
network call (bad input gets ``response_action: errors`` and nothing is sent to Leonar), ack,
then run the submission."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext

from bot.flows.deals import submit
from bot.slack.interaction import interaction_of
from bot.slack.listeners import submitted
from bot.ui.actions import (
    DEAL_CLOSE_VIEW,
    DEAL_LINK_CONTACT_VIEW,
    DEAL_LINK_DEAL_VIEW,
    DEAL_MOVE_VIEW,
    DEAL_NEW_VIEW,
)


async def on_submit(ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext) -> None:
    payload = await submitted(ack, body)
    if payload is None:
        return
    ix = interaction_of(context)
    submission = submit.read(ix, payload)
    if isinstance(submission, dict):
        await ack(response_action="errors", errors=submission)
        return
    await ack()
    await submit.submit(ix, submission)


def register(app: AsyncApp) -> None:
    for callback_id in (
        DEAL_NEW_VIEW,
        DEAL_MOVE_VIEW,
        DEAL_CLOSE_VIEW,
        DEAL_LINK_CONTACT_VIEW,
        DEAL_LINK_DEAL_VIEW,
    ):
        app.view(callback_id)(on_submit)
