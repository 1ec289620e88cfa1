"""Submissions of the outreach modals: enroll, tag, send a message and its preview. Wrong input
is answered under the input (``response_action: errors``) and nothing goes to Leonar;
otherwise the modal closes at once and bot/flows/outreach works after the ack."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext

from bot.flows.outreach import enroll, message, tag
from bot.slack.interaction import interaction_of
from bot.slack.payloads import parse_view_submission
from bot.ui.actions import (
    OUTREACH_ENROLL_VIEW,
    OUTREACH_MESSAGE_CONFIRM_VIEW,
    OUTREACH_MESSAGE_VIEW,
    OUTREACH_TAG_VIEW,
)


async def on_enroll_submit(ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext) -> None:
    payload = parse_view_submission(body)
    form, errors = enroll.read_form(payload) if payload else (None, {})
    if form is None:
        await _refuse(ack, errors)
        return
    await ack()
    await enroll.submit(interaction_of(context), form)


async def on_tag_submit(ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext) -> None:
    payload = parse_view_submission(body)
    form, errors = tag.read_form(payload) if payload else (None, {})
    if form is None:
        await _refuse(ack, errors)
        return
    await ack()
    await tag.submit(interaction_of(context), form)


async def on_message_submit(ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext) -> None:
    payload = parse_view_submission(body)
    form, errors = message.read_form(payload) if payload else (None, {})
    if form is None:
        await _refuse(ack, errors)
        return
    ix = interaction_of(context)
    if form.preview:
        await ack(response_action="update", view=await message.preview_view(ix, form))
        return
    await ack()
    await message.submit(ix, form)


async def on_message_confirm(
    ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext
) -> None:
    await ack()
    payload = parse_view_submission(body)
    if payload is not None:
        await message.confirm(interaction_of(context), payload)


async def _refuse(ack: AsyncAck, errors: dict[str, str]) -> None:
    """No valid form: the errors under the inputs (a malformed payload is only acked)."""
    if errors:
        await ack(response_action="errors", errors=errors)
    else:
        await ack()


def register(app: AsyncApp) -> None:
    app.view(OUTREACH_ENROLL_VIEW)(on_enroll_submit)
    app.view(OUTREACH_TAG_VIEW)(on_tag_submit)
    app.view(OUTREACH_MESSAGE_VIEW)(on_message_submit)
    app.view(OUTREACH_MESSAGE_CONFIRM_VIEW)(on_message_confirm)
