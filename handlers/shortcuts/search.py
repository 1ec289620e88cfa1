"""Global shortcut "Search Leonar": opens the search modal (results come as a DM thread).

Also ``run_subcommand``: run a ``/leonar`` subcommand as if the person had typed it in their
DM with the bot, so the App Home buttons and the search modal reuse the subcommands' own
handlers (modal opening, result threads) instead of copying them."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.commands import ParsedCommand
from bot.slack.deps import Deps
from bot.ui.actions import SHORTCUT_SEARCH
from bot.ui.shortcuts import search_modal
from handlers.commands.router import CommandContext, dispatch

log = logging.getLogger(__name__)


async def open_dm(client: AsyncWebClient, user_id: str) -> str:
    """The id of the bot's DM channel with ``user_id`` (``conversations.open``)."""
    response = await client.conversations_open(users=user_id)
    channel = response.get("channel")
    if not isinstance(channel, dict) or not channel.get("id"):
        raise ValueError("conversations.open answered without a channel id")
    return str(channel["id"])


async def run_subcommand(
    command: ParsedCommand,
    *,
    deps: Deps,
    client: AsyncWebClient,
    team_id: str,
    user_id: str,
    channel_id: str,
    trigger_id: str = "",
    response_url: str | None = None,
) -> None:
    """Dispatch ``command`` to its ``/leonar`` handler with a command-shaped payload."""
    payload: dict[str, Any] = {
        "team_id": team_id,
        "user_id": user_id,
        "channel_id": channel_id,
        "trigger_id": trigger_id,
        "response_url": response_url,
        "command": "/leonar",
        "text": f"{command.name} {command.rest}".strip(),
    }
    await dispatch(
        CommandContext(
            command=command, payload=payload, deps=deps, client=client, poster=deps.poster(client)
        )
    )


async def open_search_modal(client: AsyncWebClient, trigger_id: str) -> None:
    await client.views_open(trigger_id=trigger_id, view=search_modal())


async def on_search_shortcut(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
    await ack()
    trigger_id = body.get("trigger_id")
    if not isinstance(trigger_id, str) or not trigger_id:
        return
    try:
        await open_search_modal(client, trigger_id)
    except SlackApiError as exc:
        log.warning("could not open the search modal: %s", exc.response.get("error"))


def register(app: AsyncApp) -> None:
    app.shortcut(SHORTCUT_SEARCH)(on_search_shortcut)
