"""Long-running work inside the web process: the inline enrichment poller (``POLLER=inline``).
The ASGI lifespan calls ``start_background`` once and awaits the returned stop function at
shutdown; ``background_health`` is the ``poller`` part of ``GET /healthz``."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from bot.poller import STOP_GRACE, Poller, poller_health

if TYPE_CHECKING:
    from bot.slack.deps import Deps

log = logging.getLogger(__name__)

Stop = Callable[[], Awaitable[None]]


class InlinePoller:
    """A poller running as a task of this process; calling it stops it (leases released)."""

    def __init__(self, poller: Poller) -> None:
        self.poller = poller
        self.task = asyncio.create_task(poller.run(), name=f"poller {poller.worker_id}")

    async def __call__(self) -> None:
        self.poller.stop()
        try:
            await asyncio.wait_for(asyncio.shield(self.task), timeout=STOP_GRACE)
        except TimeoutError:
            log.warning("poller did not stop within %.0fs: cancelling it", STOP_GRACE)
            self.task.cancel()
            await asyncio.gather(self.task, return_exceptions=True)
            await self.poller.release()


async def start_background(deps: Deps) -> Stop | None:
    """Start background work for this process; return an async function that stops it."""
    if deps.settings.poller != "inline":
        return None
    return InlinePoller(Poller(deps))


async def background_health(deps: Deps, stop: Stop | None) -> dict[str, Any]:
    """``{"mode", "state": running/off, "backlog": pending jobs, "last_tick"}``."""
    return await poller_health(deps, stop.poller if isinstance(stop, InlinePoller) else None)
