"""The ``/leonar`` slash command: one listener (leonar.py) with an explicit table of
subcommands, each running one flow of bot/flows; ``handlers.register_handlers`` registers it."""

from __future__ import annotations

from handlers.commands import leonar

MODULES = (leonar,)
