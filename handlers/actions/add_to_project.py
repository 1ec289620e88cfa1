"""**Add to project** on a contact card, and the modal's project pick (the stages refresh)."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext

from bot.flows import add_to_project
from bot.flows.add_to_project import CardClick
from bot.slack.interaction import interaction_of
from bot.slack.payloads import parse_action
from bot.ui.actions import ADD_PROJECT_SELECT, CONTACT_ADD_TO_PROJECT


async def on_add_clicked(ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext) -> None:
    await ack()
    click = parse_action(body)
    if click is None or not click.value:
        return
    card = CardClick(
        contact_id=click.value,
        message_ts=click.message_ts,
        block_id=click.action.block_id,
        ephemeral=click.is_ephemeral,
        unfurl=click.is_app_unfurl,
    )
    await add_to_project.from_card(interaction_of(context), card)


async def on_project_picked(ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext) -> None:
    await ack()
    click = parse_action(body)
    if click is None or click.view is None or not click.value:
        return
    await add_to_project.pick_project(
        interaction_of(context),
        view_id=click.view.id,
        view_hash=click.view.hash,
        metadata=click.view.private_metadata,
        project_id=click.value,
    )


def register(app: AsyncApp) -> None:
    app.action(CONTACT_ADD_TO_PROJECT)(on_add_clicked)
    app.action(ADD_PROJECT_SELECT)(on_project_picked)
