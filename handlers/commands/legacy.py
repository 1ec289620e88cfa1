"""TEMPORARY during the move to bot/flows: subcommands still written against CommandContext."""

from __future__ import annotations

from bot.commands import ParsedCommand
from bot.slack.interaction import Interaction
from handlers.commands.router import SUBCOMMANDS, CommandContext


async def _run(ix: Interaction, command: ParsedCommand) -> None:
    payload = {
        "team_id": ix.team_id,
        "user_id": ix.user_id,
        "channel_id": ix.channel_id,
        "response_url": ix.response_url,
        "trigger_id": ix.trigger_id,
    }
    ctx = CommandContext(
        command=command, payload=payload, deps=ix.deps, client=ix.client, poster=ix.poster
    )
    await SUBCOMMANDS[command.name](ctx)


ROUTES = {name: _run for name in SUBCOMMANDS}
