"""Process-wide logging set-up (one format for web, socket and worker processes)."""

from __future__ import annotations

import logging

from bot.settings import Settings

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def configure_logging(settings: Settings) -> None:
    """Log at ``LOG_LEVEL`` to stderr; a no-op when the host (e.g. pytest) already configured it."""
    logging.basicConfig(level=settings.log_level.upper(), format=LOG_FORMAT)
