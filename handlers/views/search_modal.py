"""Submission of the "Search Leonar" modal: the results arrive as a thread in the person's DM
with the bot, with the same result cards as ``/leonar search`` (its handler runs)."""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot.commands import ParsedCommand, parse
from bot.slack.deps import Deps
from bot.slack.payloads import parse_view_submission
from bot.ui.actions import SEARCH_MODAL_VIEW
from bot.ui.shortcuts import LOCATION_BLOCK, LOCATION_INPUT, SEARCH_BLOCK, SEARCH_INPUT
from handlers.shortcuts.search import open_dm, run_subcommand

log = logging.getLogger(__name__)


def search_command(query: str, location: str | None) -> ParsedCommand:
    """The ``/leonar search`` request the modal stands for (no parsing of the words: they
    are taken as typed, even with quotes or " in ")."""
    rest = f"{query} in {location}" if location else query
    return replace(
        parse("search"), rest=rest, args=tuple(rest.split()), query=query, location=location
    )


async def on_search_submit(
    ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext
) -> None:
    payload = parse_view_submission(body)
    if payload is None:
        await ack()
        return
    query = " ".join((payload.text(SEARCH_BLOCK, SEARCH_INPUT) or "").split())
    location = " ".join((payload.text(LOCATION_BLOCK, LOCATION_INPUT) or "").split()) or None
    if not query:
        await ack(response_action="errors", errors={SEARCH_BLOCK: "Type what to search for."})
        return
    await ack()
    deps: Deps = context["deps"]
    channel = await open_dm(client, payload.user_id)
    # the search subcommand records the Home tab line (once the results are posted)
    await run_subcommand(
        search_command(query, location),
        deps=deps,
        client=client,
        team_id=payload.team_id,
        user_id=payload.user_id,
        channel_id=channel,
    )


def register(app: AsyncApp) -> None:
    app.view(SEARCH_MODAL_VIEW)(on_search_submit)
