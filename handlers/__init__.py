"""Slack listeners grouped by surface (commands, actions, views, options, events, shortcuts).

Each subpackage exports ``register(app)``; ``register_handlers`` finds and calls them all, so a
new surface package needs no edit here."""

from __future__ import annotations

import importlib
import pkgutil

from slack_bolt.async_app import AsyncApp


def register_handlers(app: AsyncApp) -> None:
    """Call ``register(app)`` of every handlers subpackage (in name order)."""
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if not info.ispkg:
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        register = getattr(module, "register", None)
        if callable(register):
            register(app)
