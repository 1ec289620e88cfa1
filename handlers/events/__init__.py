"""Events API events: one module per feature, each with ``register(app)``, listed here explicitly."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from handlers.events import app_home, link_shared, uninstall

MODULES = (
    app_home,
    link_shared,
    uninstall,
)


def register(app: AsyncApp) -> None:
    for module in MODULES:
        module.register(app)
