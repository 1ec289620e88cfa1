"""``/leonar help`` (also an empty or unknown subcommand): the list, only to the person."""

from __future__ import annotations

from bot.ui.help import help_message
from handlers.commands.router import COMMAND, CommandContext, subcommand


@subcommand("help")
async def show_help(ctx: CommandContext) -> None:
    text, blocks = help_message(COMMAND, unknown=ctx.command.unknown)
    await ctx.ephemeral(text, blocks)
