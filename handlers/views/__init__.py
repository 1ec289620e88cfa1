"""Modal submissions and closes (view_submission, view_closed): one module per feature, each with ``register(app)``, listed here explicitly."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from handlers.views import add_to_project, connect, deals, outreach, search_modal, sourcing

MODULES = (
    add_to_project,
    connect,
    deals,
    outreach,
    search_modal,
    sourcing,
)


def register(app: AsyncApp) -> None:
    for module in MODULES:
        module.register(app)
