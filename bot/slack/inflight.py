"""Follow-up work of acked Slack requests, tracked so that a stopping process finishes it.

Bolt (``AsyncioListenerRunner``, ``process_before_response=False``) runs each listener as an
asyncio task: the request's answer goes back to Slack as soon as the listener calls ``ack()``,
and the listener's work (Leonar calls, posts) goes on in that task. Nothing holds those tasks, so
a lifespan shutdown that closes the HTTP pool right away cuts them off. ``TrackingStartHandler``
(Bolt's listener-start hook, which runs inside that task before the listener) registers each one
in ``InFlight``; a stopping process (the web lifespan, Socket Mode on SIGTERM) awaits
``wind_down`` before closing anything: ``InFlight.drain(grace)`` and the background loops' stop,
telling the people whose work still could not finish (where the request gave a ``response_url``).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from slack_bolt.async_app import AsyncApp
from slack_bolt.listener.async_listener_start_handler import AsyncListenerStartHandler
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse

from bot.slack.app import Stop
from bot.slack.deps import Deps, make_slack_client
from bot.slack.interaction import response_url_of

log = logging.getLogger(__name__)

#: what a person reads when the bot stopped before their request was done
INTERRUPTED_TEXT = (
    "The bot restarted before it could finish this request, so it was not completed. "
    "Please try again in a minute."
)

Notify = Callable[[str], Awaitable[object]]


class InFlight:
    """The listener tasks running now, each with its request's response_url (if any)."""

    def __init__(self) -> None:
        self._tasks: dict[asyncio.Task[object], str | None] = {}

    def __len__(self) -> int:
        return len(self._tasks)

    def track(self, task: asyncio.Task[object], response_url: str | None) -> None:
        self._tasks[task] = response_url
        task.add_done_callback(self._forget)

    def _forget(self, task: asyncio.Task[object]) -> None:
        self._tasks.pop(task, None)

    async def drain(self, grace: float, notify: Notify | None = None) -> int:
        """Wait up to ``grace`` seconds for every tracked task (and for tasks they are replaced
        by meanwhile); cancel the rest and ``notify`` each of their response_urls. Returns how
        many were cut off."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + grace
        while self._tasks and (left := deadline - loop.time()) > 0:
            log.info("waiting up to %.0fs for %d follow-up task(s)", left, len(self._tasks))
            await asyncio.wait(list(self._tasks), timeout=left)
        unfinished = dict(self._tasks)
        if not unfinished:
            return 0
        log.warning("%d follow-up task(s) did not finish within %.0fs", len(unfinished), grace)
        for task in unfinished:
            task.cancel()
        await asyncio.gather(*unfinished, return_exceptions=True)
        if notify is not None:
            urls = {url for url in unfinished.values() if url}
            await asyncio.gather(*(notify(url) for url in urls), return_exceptions=True)
        return len(unfinished)


class TrackingStartHandler(AsyncListenerStartHandler):
    """Bolt's listener-start hook: registers the task running the listener, then defers to the
    handler it replaces."""

    def __init__(self, inflight: InFlight, inner: AsyncListenerStartHandler) -> None:
        self.inflight = inflight
        self.inner = inner

    async def handle(self, request: AsyncBoltRequest, response: BoltResponse | None) -> None:
        task = asyncio.current_task()
        if task is not None:
            self.inflight.track(task, response_url_of(request.body))
        await self.inner.handle(request, response)


def track_listeners(bolt: AsyncApp) -> InFlight:
    """Register every listener task ``bolt`` starts from now on; returns the registry."""
    inflight = InFlight()
    runner = bolt.listener_runner
    runner.listener_start_handler = TrackingStartHandler(inflight, runner.listener_start_handler)
    return inflight


async def wind_down(deps: Deps, inflight: InFlight, stop: Stop | None) -> None:
    """Let acked follow-up work and the inline poller finish (``SHUTDOWN_GRACE``), telling the
    people whose request was cut off; the caller then closes the pool and the database."""
    poster = deps.poster(make_slack_client(deps.settings, session=deps.session))

    async def notify(response_url: str) -> None:
        await poster.respond(response_url, INTERRUPTED_TEXT)

    pending: list[Awaitable[object]] = [inflight.drain(deps.settings.shutdown_grace, notify)]
    if stop is not None:
        pending.append(stop())
    await asyncio.gather(*pending)
