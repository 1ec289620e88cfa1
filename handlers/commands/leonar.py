"""The one ``/leonar`` listener: ack at once, parse, dispatch."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot.commands import parse
from bot.slack.deps import Deps
from handlers.commands.router import CommandContext, dispatch


async def leonar_command(
    ack: AsyncAck, command: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext
) -> None:
    await ack()
    deps: Deps = context["deps"]
    ctx = CommandContext(
        command=parse(command.get("text")),
        payload=command,
        deps=deps,
        client=client,
        poster=deps.poster(client),
    )
    await dispatch(ctx)
