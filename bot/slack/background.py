"""Long-running work inside the web process. The enrichment engineer fills ``start_background``
(start bot.poller when ``POLLER=inline``); the ASGI lifespan calls it once and awaits the
returned stop function at shutdown."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.slack.deps import Deps

Stop = Callable[[], Awaitable[None]]


async def start_background(deps: Deps) -> Stop | None:
    """Start background work for this process; return an async function that stops it.

    Not built yet: the inline enrichment poller (``deps.settings.poller == "inline"``) starts here.
    """
    if deps.settings.poller != "inline":
        return None
    return None
