"""Global and message shortcuts: one module per feature, each with ``register(app)``, listed here
explicitly; ``handlers.register_handlers`` registers them."""

from __future__ import annotations

from handlers.shortcuts import add_to_project, notes, search

MODULES = (add_to_project, notes, search)
