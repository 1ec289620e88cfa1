"""Submit of the LinkedIn sourcing modal: errors under the fields (nothing sent to Leonar), or
close the modal and run the search."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext

from bot.flows import source
from bot.slack.interaction import interaction_of
from bot.slack.listeners import submitted
from bot.ui.actions import SOURCING_VIEW


async def on_sourcing_submit(
    ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext
) -> None:
    payload = await submitted(ack, body)
    if payload is None:
        return
    result = source.read_form(payload)
    if result.form is None:
        await ack(response_action="errors", errors=result.errors)
        return
    await ack(response_action="clear")
    await source.search(interaction_of(context), result.form, payload.view.private_metadata)


def register(app: AsyncApp) -> None:
    app.view(SOURCING_VIEW)(on_sourcing_submit)
