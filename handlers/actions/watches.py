"""Watch buttons: **Unwatch** in ``/leonar watches`` and **Watch** beside each project when a
name matched several (bot/flows/watches.py does the work)."""

from __future__ import annotations

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext

from bot.flows import watches
from bot.slack.interaction import interaction_of
from bot.ui.actions import WATCH_PICK, WATCH_UNWATCH


async def on_unwatch(ack: AsyncAck, context: AsyncBoltContext) -> None:
    await ack()
    ix = interaction_of(context)
    if ix.click is not None and ix.click.value:
        await watches.unwatch_click(ix, ix.click.value)


async def on_pick(ack: AsyncAck, context: AsyncBoltContext) -> None:
    await ack()
    ix = interaction_of(context)
    if ix.click is not None and ix.click.value:
        await watches.watch_project(ix, ix.click.value, client=None)


def register(app: AsyncApp) -> None:
    app.action(WATCH_UNWATCH)(on_unwatch)
    app.action(WATCH_PICK)(on_pick)
