"""``/leonar help`` (also an empty or unknown subcommand): the list, only to the person."""

from __future__ import annotations

from bot.commands import COMMAND, ParsedCommand
from bot.slack.interaction import Interaction
from bot.ui.help import help_message, not_available_text


async def show(ix: Interaction, command: ParsedCommand) -> None:
    await ix.tell(*help_message(COMMAND, unknown=command.unknown))


async def not_available(ix: Interaction, command: ParsedCommand) -> None:
    """A subcommand the parser knows but nothing runs yet."""
    await ix.tell(not_available_text(command.name, COMMAND))
