"""Button clicks, menus and selects (block_actions): one module per feature, each with
``register(app)``, listed here explicitly; ``handlers.register_handlers`` registers them."""

from __future__ import annotations

from handlers.actions import (
    add_to_project,
    connect,
    contact_menu,
    deals,
    enrich,
    enrich_all,
    home,
    outreach,
    search_results,
    sourcing,
    watches,
)

# written compactly: the import above already lists them one a line
MODULES = (add_to_project, connect, contact_menu, deals, enrich, enrich_all, home, outreach,
           search_results, sourcing, watches)  # fmt: skip
