"""Modal submissions and closes (view_submission, view_closed): one module per feature, each
with ``register(app)``, listed here explicitly; ``handlers.register_handlers`` registers them."""

from __future__ import annotations

from handlers.views import (
    add_to_project,
    connect,
    deals,
    enrich_all,
    notes,
    outreach,
    search_modal,
    sourcing,
)

MODULES = (add_to_project, connect, deals, enrich_all, notes, outreach, search_modal, sourcing)
