"""Events API events: one module per feature, each with ``register(app)``, listed here
explicitly; ``handlers.register_handlers`` registers them."""

from __future__ import annotations

from handlers.events import app_home, link_shared, uninstall

MODULES = (app_home, link_shared, uninstall)
