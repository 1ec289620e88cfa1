"""The subcommand registry of ``/leonar``: ``@subcommand("name")`` registers a handler."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from bot.commands import SUBCOMMANDS as KNOWN_SUBCOMMANDS
from bot.commands import ParsedCommand
from bot.leonar.client import LeonarClient
from bot.slack.deps import Deps
from bot.slack.identity import require_leonar
from bot.slack.threads import Blocks, Poster, ThreadRef
from bot.ui.help import not_available_text

log = logging.getLogger(__name__)

COMMAND = "/leonar"


@dataclass
class CommandContext:
    """Everything a subcommand handler gets. The command is already acknowledged."""

    command: ParsedCommand
    #: the raw slash-command payload (team_id, user_id, channel_id, response_url, trigger_id, ...)
    payload: dict[str, Any]
    deps: Deps
    #: Web API client with this workspace's bot token (waits out 429s)
    client: AsyncWebClient
    poster: Poster

    @property
    def team_id(self) -> str:
        return str(self.payload.get("team_id") or "")

    @property
    def user_id(self) -> str:
        return str(self.payload.get("user_id") or "")

    @property
    def channel_id(self) -> str:
        return str(self.payload.get("channel_id") or "")

    @property
    def response_url(self) -> str | None:
        url = self.payload.get("response_url")
        return str(url) if url else None

    @property
    def trigger_id(self) -> str:
        return str(self.payload.get("trigger_id") or "")

    async def ephemeral(self, text: str, blocks: Blocks | None = None) -> None:
        """Answer only the person who typed the command (via response_url)."""
        await self.poster.ephemeral(
            self.channel_id, self.user_id, text, blocks, response_url=self.response_url
        )

    async def start_thread(self, text: str, blocks: Blocks | None = None) -> ThreadRef:
        """Post the parent message where the command was typed (or fall back to response_url)."""
        return await self.poster.start_thread(
            self.channel_id, text, blocks, response_url=self.response_url, user=self.user_id
        )

    async def leonar(self) -> LeonarClient | None:
        """A Leonar client with this person's key (see Deps.resolve_key). Without any key the
        person is shown the "connect first" prompt (ephemeral, with a Connect button) and this
        returns None: the handler just returns."""
        return await require_leonar(self.deps, self.team_id, self.user_id, reply=self.ephemeral)


Handler = Callable[[CommandContext], Awaitable[None]]

#: subcommand name -> handler; filled by ``@subcommand`` in the modules of handlers/commands/
SUBCOMMANDS: dict[str, Handler] = {}


def subcommand(name: str) -> Callable[[Handler], Handler]:
    """Register ``handler`` for ``/leonar <name>``. The name must be one that bot.commands parses."""
    if name not in KNOWN_SUBCOMMANDS:
        raise ValueError(f"unknown subcommand {name!r}; add it to bot.commands first")

    def decorator(handler: Handler) -> Handler:
        existing = SUBCOMMANDS.get(name)
        if existing is not None and existing is not handler:
            raise ValueError(f"subcommand {name!r} is registered twice")
        SUBCOMMANDS[name] = handler
        return handler

    return decorator


async def dispatch(ctx: CommandContext) -> None:
    """Run the handler of ``ctx.command.name``; say "not available yet" when there is none."""
    handler = SUBCOMMANDS.get(ctx.command.name)
    if handler is None:
        await ctx.ephemeral(not_available_text(ctx.command.name, COMMAND))
        return
    await handler(ctx)
