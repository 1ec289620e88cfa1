"""Slack actions listeners: one module per listener (or feature), each with `register(app)`.

Every module of this package is imported and registered by `register`; a feature adds a
module here without touching this file."""

from __future__ import annotations

import importlib
import pkgutil

from slack_bolt.async_app import AsyncApp


def register(app: AsyncApp) -> None:
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        module.register(app)
