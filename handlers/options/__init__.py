"""Options of external selects (block_suggestion): one module per feature, each with ``register(app)``, listed here explicitly."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from handlers.options import add_to_project, deals, sourcing

MODULES = (
    add_to_project,
    deals,
    sourcing,
)


def register(app: AsyncApp) -> None:
    for module in MODULES:
        module.register(app)
