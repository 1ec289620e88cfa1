"""Global and message shortcuts: one module per feature, each with ``register(app)``, listed here explicitly."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from handlers.shortcuts import add_to_project, search

MODULES = (
    add_to_project,
    search,
)


def register(app: AsyncApp) -> None:
    for module in MODULES:
        module.register(app)
