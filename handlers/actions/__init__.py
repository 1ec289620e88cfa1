"""Button clicks, menus and selects (block_actions): one module per feature, each with ``register(app)``, listed here explicitly."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from handlers.actions import (
    add_to_project,
    connect,
    contact_menu,
    deals,
    enrich,
    home,
    outreach,
    search_results,
    sourcing,
    watches,
)

MODULES = (
    add_to_project,
    connect,
    contact_menu,
    deals,
    enrich,
    home,
    outreach,
    search_results,
    sourcing,
    watches,
)


def register(app: AsyncApp) -> None:
    for module in MODULES:
        module.register(app)
