"""Options of external selects (block_suggestion): one module per feature, each with ``register(app)``, listed here
explicitly; ``handlers.register_handlers`` registers them."""

from __future__ import annotations

from handlers.options import add_to_project, deals, notes, sourcing

MODULES = (add_to_project, deals, notes, sourcing)
