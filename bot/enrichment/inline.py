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
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from bot.enrichment.loop import STOP_GRACE, Poller
from bot.settings import Settings
from bot.slack.app import Stop
from bot.slack.deps import Deps, open_deps

log = logging.getLogger(__name__)


class Loop(Protocol):
    """Background work run beside the poller (e.g. bot.watching's WatchLoop)."""

    async def run(self) -> None: ...
    def stop(self) -> None: ...


#: makes a companion loop for the process's Deps (the composition root passes them)
Companion = Callable[[Deps], Loop]


class InlinePoller:
    """A poller (and its companion loops) running as tasks of this process; calling it stops
    them (leases released)."""

    def __init__(self, poller: Poller, companions: Sequence[Loop] = ()) -> None:
        self.poller = poller
        self.task = asyncio.create_task(poller.run(), name=f"poller {poller.worker_id}")
        self.companions = list(companions)
        self.others = [asyncio.create_task(loop.run()) for loop in self.companions]

    async def __call__(self) -> None:
        for loop in self.companions:
            loop.stop()
        await asyncio.gather(*self.others, return_exceptions=True)
        self.poller.stop()
        try:
            await asyncio.wait_for(asyncio.shield(self.task), timeout=STOP_GRACE)
        except TimeoutError:
            log.warning("poller did not stop within %.0fs: cancelling it", STOP_GRACE)
            self.task.cancel()
            await asyncio.gather(self.task, return_exceptions=True)
            await self.poller.release()


async def start_background(deps: Deps, companions: Sequence[Companion] = ()) -> Stop | None:
    """Start the poller (and ``companions``) in this process when ``POLLER=inline``; return
    what stops them."""
    if deps.settings.poller != "inline":
        return None
    return InlinePoller(Poller(deps), [make(deps) for make in companions])


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


async def run_worker(settings: Settings, companions: Sequence[Companion] = ()) -> None:
    """``leonar-bot worker``: the poller (and ``companions``) alone until SIGTERM/SIGINT, then
    leases released."""
    async with open_deps(settings) as deps:
        poller = Poller(deps)
        loops: list[Poller | Loop] = [poller, *(make(deps) for make in companions)]
        loop = asyncio.get_running_loop()

        def stop_all() -> None:
            for each in loops:
                each.stop()

        for sig in (signal.SIGTERM, signal.SIGINT):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.add_signal_handler(sig, stop_all)
        log.info("worker %s polling (database %s)", poller.worker_id, deps.db.engine.url.drivername)
        await asyncio.gather(*(each.run() for each in loops))
