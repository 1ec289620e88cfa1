"""Submissions of the outreach modals: enroll, tag, send a message and its preview. Wrong input
is answered under the input (``response_action: errors``) and nothing goes to Leonar;
otherwise the modal closes at once and bot/flows/outreach works after the ack."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext

from bot.flows.outreach import enroll, message, tag
from bot.slack.interaction import interaction_of
from bot.slack.listeners import ack_then, on_submission, refuse, submitted
from bot.slack.payloads import parse_view_submission
from bot.ui.actions import (
    OUTREACH_ENROLL_VIEW,
    OUTREACH_MESSAGE_CONFIRM_VIEW,
    OUTREACH_MESSAGE_VIEW,
    OUTREACH_TAG_VIEW,
)

on_enroll_submit = on_submission(enroll.read_form, enroll.submit)
on_tag_submit = on_submission(tag.read_form, tag.submit)


async def on_message_submit(ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext) -> None:
    payload = await submitted(ack, body)
    if payload is None:
        return
    form, errors = message.read_form(payload)
    if form is None:
        await refuse(ack, errors)
        return
    ix = interaction_of(context)
    if form.preview:
        await ack(response_action="update", view=await message.preview_view(ix, form))
        return
    await ack()
    await message.submit(ix, form)


on_message_confirm = ack_then(parse_view_submission, message.confirm)


def register(app: AsyncApp) -> None:
    app.view(OUTREACH_ENROLL_VIEW)(on_enroll_submit)
    app.view(OUTREACH_TAG_VIEW)(on_tag_submit)
    app.view(OUTREACH_MESSAGE_VIEW)(on_message_submit)
    app.view(OUTREACH_MESSAGE_CONFIRM_VIEW)(on_message_confirm)
