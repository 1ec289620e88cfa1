"""The poller as a process runs it: inside the web (or Socket Mode) process when
``POLLER=inline``, or alone (``leonar-bot worker``, ``run_worker``).

``start_background`` and ``background_health`` are what the composition root (bot/main.py) puts
in the Slack app's ``Wiring``: the ASGI lifespan calls ``start_background`` once and awaits the
returned stop function at shutdown; ``background_health`` is the ``poller`` part of
``GET /healthz``."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from typing import Any

from bot.enrichment.loop import STOP_GRACE, Poller
from bot.settings import Settings
from bot.slack.app import Stop
from bot.slack.deps import Deps, open_deps

log = logging.getLogger(__name__)


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
    """Start the poller in this process when ``POLLER=inline``; return what stops it."""
    if deps.settings.poller != "inline":
        return None
    return InlinePoller(Poller(deps))


async def background_health(deps: Deps, stop: Stop | None) -> dict[str, Any]:
    """``{"mode", "state": running/off, "backlog": pending jobs, "last_tick"}``."""
    return await poller_health(deps, stop.poller if isinstance(stop, InlinePoller) else None)


async def poller_health(deps: Deps, poller: Poller | None) -> dict[str, Any]:
    """The ``poller`` part of ``GET /healthz``: state, backlog (pending jobs), last tick."""
    return {
        "mode": deps.settings.poller,
        "state": "running" if poller is not None and poller.running else "off",
        "backlog": await deps.db.jobs.pending_count(),
        "last_tick": poller.stats.last_tick if poller is not None else None,
    }


async def run_worker(settings: Settings) -> None:
    """``leonar-bot worker``: the poller alone until SIGTERM/SIGINT, then leases released."""
    async with open_deps(settings) as deps:
        poller = Poller(deps)
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.add_signal_handler(sig, poller.stop)
        log.info("worker %s polling (database %s)", poller.worker_id, deps.db.engine.url.drivername)
        await poller.run()
