"""The ``/leonar`` slash command: one listener, subcommands dispatched through ``router``.

A feature adds ONE module here (e.g. ``search.py``) with ``@subcommand("search")``; it is
imported by ``register`` automatically."""

from __future__ import annotations

import importlib
import pkgutil

from slack_bolt.async_app import AsyncApp

from handlers.commands.leonar import leonar_command
from handlers.commands.router import COMMAND


def load_subcommands() -> None:
    """Import every module of this package so their ``@subcommand`` decorators run."""
    for info in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{info.name}")


def register(app: AsyncApp) -> None:
    load_subcommands()
    app.command(COMMAND)(leonar_command)
