"""The ``/leonar`` slash command: one listener (leonar.py) with an explicit table of
subcommands, each running one flow of bot/flows."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.commands import COMMAND
from handlers.commands.leonar import leonar_command


def register(app: AsyncApp) -> None:
    app.command(COMMAND)(leonar_command)
