"""**More results** under a page of search results: the next ten cards in the same thread."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext

from bot.flows import search
from bot.flows.search import MoreRequest
from bot.slack.interaction import interaction_of
from bot.slack.payloads import parse_action
from bot.ui.actions import RESULTS_MORE


async def on_more_results(ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext) -> None:
    await ack()
    click = parse_action(body)
    if click is None:
        return
    message = click.message
    request = MoreRequest(value=click.value)
    if message is not None:
        request = MoreRequest(click.value, message.ts or "", message.text or "", message.blocks)
    await search.more(interaction_of(context), request)


def register(app: AsyncApp) -> None:
    app.action(RESULTS_MORE)(on_more_results)
