"""The enrichment poller: the bot's one long-running loop.

Runs inside ``web`` (``POLLER=inline``, started by bot.slack.background) or alone
(``leonar-bot worker``). Each tick it claims the jobs due within the next ``lookahead`` seconds
under a lease (bot.store.jobs), waits for each one's exact poll time, and:

- asks Leonar ``GET /enrichment/{request_id}`` with the job's key (found again from its
  ``KeyOwner``), only while the key has more than ``POLLER_BUDGET_RESERVE`` of its hourly budget
  left and is not blocked by a 429 (otherwise the job waits for the reset; no call is made);
- still pending: reschedules it at the next point of the learned schedule
  (bot.services.enrich_schedule); past ``ENRICHMENT_TIMEOUT``: finishes it as timed out;
- terminal: ``finish`` → ``begin_notify`` → post in the thread (with message metadata carrying
  the job id) → ``mark_notified``. A job found in ``posting`` (its poster died) is only posted
  again when the thread has no message carrying its id: one notification per enrichment.

Jobs are handled oldest due first, round-robin between keys, ``per_key`` at a time per key. Logs name
the job id, the request id and the key fingerprint, never the key.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import signal
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

import httpx
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.leonar.client import LeonarClient
from bot.leonar.errors import (
    APIError,
    InsufficientCreditsError,
    NotFoundError,
    RateLimitError,
)
from bot.leonar.models import Enrichment
from bot.metrics import NOTIFICATIONS_POSTED
from bot.services.enrich_schedule import next_poll_at, poll_offsets
from bot.services.home import publish_home
from bot.settings import Settings
from bot.slack.deps import Deps, open_deps
from bot.slack.threads import Poster, ThreadRef
from bot.store import Job, TerminalStatus
from bot.ui.actions import ENRICH_EVENT
from bot.ui.enrich import (
    REASON_CREDITS,
    REASON_ERROR,
    REASON_FAILED,
    REASON_NO_KEY,
    REASON_NOT_FOUND,
    done_status_text,
    notification,
)

log = logging.getLogger(__name__)

#: recent completions the schedule learns from
HISTORY = 200
#: how long a learned schedule is reused before durations are read again (clock seconds)
SCHEDULE_TTL = 30.0
#: seconds to wait for the loop to finish its current job on shutdown
STOP_GRACE = 10.0
#: a claimed job's lease (clock seconds), renewed every third of it while the worker lives:
#: the jobs of a worker that died are taken over within this long
LEASE_SECONDS = 20.0


def _timestamp(value: str | None) -> float | None:
    """Unix seconds of an ISO 8601 time from Leonar (``...Z``), None when absent or unreadable."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.timestamp()


def notification_metadata(job_id: str) -> dict[str, Any]:
    """Slack message metadata that marks a notification as this job's."""
    return {"event_type": ENRICH_EVENT, "event_payload": {"job_id": job_id}}


def carries_job(message: dict[str, Any], job_id: str) -> bool:
    metadata = message.get("metadata")
    if not isinstance(metadata, dict) or metadata.get("event_type") != ENRICH_EVENT:
        return False
    payload = metadata.get("event_payload")
    return isinstance(payload, dict) and payload.get("job_id") == job_id


@dataclass(frozen=True)
class NotificationTarget:
    """Where a job's notification goes. ``thread``: a reply mentioning the requester in the
    thread where it started (a DM when there is no thread the bot can post in); ``private``:
    an ephemeral to the requester in that thread and a DM."""

    mode: Literal["thread", "private"]
    channel_id: str | None
    thread_ts: str | None
    user_id: str

    @property
    def has_thread(self) -> bool:
        return bool(self.channel_id and self.thread_ts)


async def notification_target(job: Job, deps: Deps) -> NotificationTarget:
    """The workspace's choice (admins may set it), else ``ENRICHMENT_RESULTS``."""
    chosen = (await deps.db.workspaces.get(job.team_id)).enrichment_results
    mode = chosen or deps.settings.enrichment_results
    return NotificationTarget(
        mode="private" if mode == "private" else "thread",
        channel_id=job.channel_id,
        thread_ts=job.thread_ts,
        user_id=job.requester_user_id,
    )


def interleave(jobs: Iterable[Job]) -> list[Job]:
    """Round-robin between keys: the first job of each key (oldest due first), then the
    second of each, and so on."""
    groups: dict[str, list[Job]] = {}
    for job in jobs:
        groups.setdefault(job.key_fingerprint, []).append(job)
    out: list[Job] = []
    depth = max((len(g) for g in groups.values()), default=0)
    for i in range(depth):
        out.extend(group[i] for group in groups.values() if i < len(group))
    return out


@dataclass
class PollerStats:
    ticks: int = 0
    polls: int = 0
    notified: int = 0
    skipped_for_budget: int = 0
    last_tick: float | None = None


class Poller:
    """Claims due enrichment jobs and follows them to exactly one notification."""

    def __init__(
        self,
        deps: Deps,
        *,
        worker_id: str | None = None,
        clock: Callable[[], float] = time.time,
        time_scale: float = 1.0,
        batch: int = 200,
        lease_seconds: float = LEASE_SECONDS,
        per_key: int = 8,
        lookahead: float | None = None,
    ) -> None:
        self.deps = deps
        self.settings = deps.settings
        self.worker_id = worker_id or f"poller-{uuid.uuid4().hex[:12]}"
        self.clock = clock
        #: real seconds per clock second (benchmarks run an accelerated clock)
        self.time_scale = time_scale
        self.batch = batch
        self.lease_seconds = lease_seconds
        self.per_key = per_key
        interval = self.settings.enrichment_poll_interval
        self.lookahead = lookahead if lookahead is not None else min(0.5, interval / 4)
        self.stats = PollerStats()
        self._stopping = asyncio.Event()
        self._schedules: dict[str, tuple[float, list[float]]] = {}
        self._slack: dict[str, AsyncWebClient] = {}
        self._running = False
        self._inflight: set[asyncio.Task[None]] = set()
        self._inflight_ids: set[str] = set()
        self._slots: dict[str, asyncio.Semaphore] = {}

    # ------------------------------------------------------------------ lifecycle

    @property
    def running(self) -> bool:
        return self._running

    async def run(self) -> None:
        """Tick until ``stop()``; a tick that fails is logged and the loop goes on."""
        self._running = True
        log.info("poller %s started", self.worker_id)
        renewed = self.clock()
        try:
            while not self._stopping.is_set():
                started = self.clock()
                try:
                    if started - renewed >= self.lease_seconds / 3:
                        renewed = started
                        await self.deps.db.jobs.renew(
                            self.worker_id, now=started, lease_seconds=self.lease_seconds
                        )
                    await self.tick(wait=False)
                except Exception:  # the loop must outlive any one failure; logged, not hidden
                    log.exception("poller tick failed")
                elapsed = self.clock() - started
                await self._pause(max(0.0, self.lookahead - elapsed))
        finally:
            self._running = False
            self._stopping.set()
            if self._inflight:
                # jobs still waiting for their time return at once; polls in progress finish
                await asyncio.gather(*self._inflight, return_exceptions=True)
            released = await self.release()
            log.info("poller %s stopped (released %d leases)", self.worker_id, released)

    def stop(self) -> None:
        self._stopping.set()

    async def release(self) -> int:
        """Give back this worker's leases (graceful shutdown)."""
        return await self.deps.db.jobs.release(self.worker_id)

    async def _pause(self, seconds: float) -> None:
        if seconds <= 0:
            return
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stopping.wait(), timeout=seconds * self.time_scale)

    async def _wait_until(self, at: float) -> None:
        await self._pause(at - self.clock())

    # ------------------------------------------------------------------ one tick

    async def tick(self, *, wait: bool = True) -> int:
        """Claim the jobs due within ``lookahead`` (up to ``batch`` in flight) and start them;
        returns how many. ``wait``: until they are handled (the loop does not wait)."""
        now = self.clock()
        room = self.batch - len(self._inflight)
        self.stats.ticks += 1
        self.stats.last_tick = now
        if room <= 0:
            return 0
        jobs = await self.deps.db.jobs.claim_due(
            worker_id=self.worker_id,
            now=now,
            due_by=now + self.lookahead,
            limit=room,
            lease_seconds=self.lease_seconds,
        )
        # a job of ours whose lease lapsed (renewal failed) is claimed again: the task already
        # handling it goes on, it is not started twice
        jobs = [job for job in jobs if job.id not in self._inflight_ids]
        tasks = [asyncio.create_task(self._guarded(job)) for job in interleave(jobs)]
        self._inflight.update(tasks)
        for task in tasks:
            task.add_done_callback(self._inflight.discard)
        if wait and tasks:
            await asyncio.gather(*tasks)
        return len(jobs)

    async def _guarded(self, job: Job) -> None:
        """Wait for the job's poll time, then handle it within its key's ``per_key`` slots (each
        key progresses on its own: fair between keys, oldest due first within one)."""
        self._inflight_ids.add(job.id)
        try:
            await self._guarded_inner(job)
        finally:
            self._inflight_ids.discard(job.id)

    async def _guarded_inner(self, job: Job) -> None:
        await self._wait_until(job.next_poll_at)
        if self._stopping.is_set():
            return
        slots = self._slots.get(job.key_fingerprint)
        if slots is None:
            slots = self._slots[job.key_fingerprint] = asyncio.Semaphore(self.per_key)
        async with slots:
            if self._stopping.is_set():
                return
            try:
                await self.handle(job)
            except Exception:  # one job must not stop the others; its lease runs out and
                # another tick (or worker) takes it again
                log.exception(
                    "enrichment job=%s request=%s key=%s failed",
                    job.id,
                    job.request_id,
                    job.key_fingerprint,
                )

    async def handle(self, job: Job) -> None:
        """Poll one claimed job, or notify it when it is already finished."""
        if job.notify_state in ("due", "posting"):
            await self.notify(job)
            return
        key = await self.deps.key_for_owner(job.owner)
        if not key:
            await self._finish(job, "error", {"reason": REASON_NO_KEY})
            return
        now = self.clock()
        overdue = now - job.created_at >= self.settings.enrichment_timeout
        wait_until = self._budget_wait(job.key_fingerprint, now)
        if wait_until is not None:
            self.stats.skipped_for_budget += 1
            if overdue:
                await self._finish(job, "timed_out", {"reason": "budget"})
            else:
                await self._reschedule(job, wait_until, attempts=job.attempts)
            return
        await self._poll(job, key, overdue=overdue)

    def _budget_wait(self, fingerprint: str, now: float) -> float | None:
        """None when the poller may spend this key now; else when to look again."""
        budgets = self.deps.budgets
        blocked = budgets.blocked_until(fingerprint)
        if blocked is not None:
            return max(blocked, now + self.settings.enrichment_poll_interval)
        if budgets.reserve_ok(fingerprint, self.settings.poller_budget_reserve):
            return None
        state = budgets.get(fingerprint)
        reset_at = state.reset_at if state is not None else None
        if reset_at is not None and reset_at > now:
            return reset_at
        return now + 60.0

    def _client(self, key: str) -> LeonarClient:
        # no retries: a 429 or an error reschedules the job instead of holding the loop
        return LeonarClient(
            self.deps.http,
            base_url=self.settings.leonar_api_url,
            api_key=key,
            budgets=self.deps.budgets,
            max_retries=0,
            clock=self.clock,
        )

    async def _poll(self, job: Job, key: str, *, overdue: bool) -> None:
        self.stats.polls += 1
        now = self.clock()
        try:
            enrichment = await self._client(key).enrichment.get(job.request_id)
        except RateLimitError as exc:
            retry_at = exc.retry_at or self.deps.budgets.blocked_until(job.key_fingerprint)
            log.info(
                "enrichment job=%s request=%s key=%s rate limited",
                job.id,
                job.request_id,
                job.key_fingerprint,
            )
            await self._reschedule(
                job,
                max(retry_at or 0.0, now + self.settings.enrichment_poll_interval),
                attempts=job.attempts + 1,
            )
            return
        except NotFoundError:
            await self._finish(job, "failed", {"reason": REASON_NOT_FOUND})
            return
        except InsufficientCreditsError as exc:
            await self._finish(
                job, "failed", {"reason": REASON_CREDITS, "message": exc.user_message}
            )
            return
        except APIError as exc:
            status = getattr(exc, "status_code", None)
            if status in (401, 403):
                await self._finish(
                    job, "error", {"reason": REASON_ERROR, "message": exc.user_message}
                )
                return
            # Leonar unreachable or failing: try again later (report the timeout when due)
            if overdue:
                await self._finish(job, "timed_out", {"reason": "unreachable"})
            else:
                await self._reschedule(
                    job, await self._next(job, last_poll_at=now), attempts=job.attempts + 1
                )
            return
        await self._after_poll(job, enrichment, now=now, overdue=overdue)

    async def _after_poll(
        self, job: Job, enrichment: Enrichment, *, now: float, overdue: bool
    ) -> None:
        if enrichment.is_completed:
            found = enrichment.result
            result: dict[str, Any] = {
                "email": found.email if found else None,
                "phone": found.phone if found else None,
                "confidence": found.confidence if found else None,
            }
            # learn from when Leonar finished, not from when we noticed (that would feed the
            # polling delay back into the schedule)
            done_at = _timestamp(enrichment.completed_at)
            at = min(now, max(job.created_at, done_at)) if done_at is not None else now
            await self._finish(job, "completed", result, at=at)
        elif enrichment.is_failed:
            await self._finish(
                job,
                "failed",
                {"reason": REASON_FAILED, "message": enrichment.error_message or ""},
            )
        elif overdue:
            await self._finish(job, "timed_out", {"reason": "timeout"})
        else:
            await self._reschedule(
                job, await self._next(job, last_poll_at=now), attempts=job.attempts + 1
            )

    async def _offsets(self, kind: str) -> list[float]:
        now = self.clock()
        cached = self._schedules.get(kind)
        if cached is not None and now - cached[0] < SCHEDULE_TTL:
            return cached[1]
        offsets = poll_offsets(
            await self.deps.db.jobs.durations(kind, limit=HISTORY),
            interval=self.settings.enrichment_poll_interval,
            timeout=self.settings.enrichment_timeout,
        )
        self._schedules[kind] = (now, offsets)
        return offsets

    async def _next(self, job: Job, *, last_poll_at: float) -> float:
        return next_poll_at(
            await self._offsets(job.type),
            created_at=job.created_at,
            now=self.clock(),
            interval=self.settings.enrichment_poll_interval,
            last_poll_at=last_poll_at,
        )

    async def _reschedule(self, job: Job, at: float, *, attempts: int) -> None:
        timeout_at = job.created_at + self.settings.enrichment_timeout
        at = min(at, max(timeout_at, self.clock()))
        ok = await self.deps.db.jobs.reschedule(
            job.id, worker_id=self.worker_id, next_poll_at=at, attempts=attempts
        )
        log.debug(
            "enrichment job=%s request=%s key=%s pending, next poll in %.1fs%s",
            job.id,
            job.request_id,
            job.key_fingerprint,
            at - self.clock(),
            "" if ok else " (lease lost)",
        )

    async def _finish(
        self,
        job: Job,
        status: TerminalStatus,
        result: dict[str, Any],
        *,
        at: float | None = None,
    ) -> None:
        now = self.clock() if at is None else at
        ok = await self.deps.db.jobs.finish(
            job.id, worker_id=self.worker_id, status=status, result=result, now=now
        )
        log.info(
            "enrichment job=%s request=%s key=%s finished: %s%s",
            job.id,
            job.request_id,
            job.key_fingerprint,
            status,
            "" if ok else " (not ours any more)",
        )
        if not ok:
            return
        finished = dataclasses.replace(
            job, status=status, result=result, finished_at=now, notify_state="due"
        )
        await self.notify(finished)

    # ------------------------------------------------------------------ notifying

    async def notify(self, job: Job) -> None:
        """Post the job's notification once: ``due`` → ``posting`` → posted → ``done``."""
        jobs = self.deps.db.jobs
        now = self.clock()
        target = await notification_target(job, self.deps)
        poster = self.deps.poster(await self._slack_client(job.team_id))
        if job.notify_state == "due":
            if not await jobs.begin_notify(
                job.id, worker_id=self.worker_id, now=now, lease_seconds=self.lease_seconds
            ):
                return
        elif job.notify_state == "posting":
            existing = await self._already_posted(poster, job, target)
            if existing is not None:
                await jobs.mark_notified(job.id, message_ts=existing, now=self.clock())
                log.info("enrichment job=%s already notified (found %s)", job.id, existing)
                return
        else:
            return
        ts = await self._post(poster, job, target)
        await jobs.mark_notified(job.id, message_ts=ts, now=self.clock())
        self.stats.notified += 1
        NOTIFICATIONS_POSTED.inc()
        log.info(
            "enrichment job=%s request=%s key=%s notified (%s)",
            job.id,
            job.request_id,
            job.key_fingerprint,
            target.mode,
        )
        await self._refresh_home(job)

    async def _slack_client(self, team_id: str) -> AsyncWebClient:
        client = self._slack.get(team_id)
        if client is None:
            client = self._slack[team_id] = await self.deps.slack_client(team_id)
        return client

    async def _dm_channel(self, poster: Poster, user_id: str) -> str:
        opened = await poster.client.conversations_open(users=user_id)
        channel = opened.get("channel") or {}
        return str(channel.get("id") or user_id)

    async def _already_posted(
        self, poster: Poster, job: Job, target: NotificationTarget
    ) -> str | None:
        """The ts of a message already posted for this job, if Slack shows one."""
        try:
            if target.mode == "thread" and target.has_thread:
                answer = await poster.client.conversations_replies(
                    channel=target.channel_id or "",
                    ts=target.thread_ts or "",
                    include_all_metadata=True,
                    limit=200,
                )
            else:
                answer = await poster.client.conversations_history(
                    channel=await self._dm_channel(poster, target.user_id),
                    include_all_metadata=True,
                    limit=100,
                )
        except SlackApiError as exc:
            log.info("enrichment job=%s: cannot check the thread (%s)", job.id, type(exc).__name__)
            return None
        for message in answer.get("messages") or []:
            if isinstance(message, dict) and carries_job(message, job.id):
                return str(message.get("ts") or "")
        return None

    async def _post(self, poster: Poster, job: Job, target: NotificationTarget) -> str | None:
        text, blocks = notification(job, timeout=self.settings.enrichment_timeout)
        metadata = notification_metadata(job.id)
        ts: str | None = None
        if target.mode == "thread" and target.has_thread:
            try:
                ts = await poster.reply(
                    ThreadRef(target.channel_id or "", target.thread_ts or ""),
                    text,
                    blocks,
                    metadata=metadata,
                )
            except SlackApiError as exc:
                log.info("enrichment job=%s: thread refused (%s), sending a DM", job.id, exc)
        elif target.mode == "private" and target.has_thread:
            try:
                await poster.ephemeral(
                    target.channel_id or "",
                    target.user_id,
                    text,
                    blocks,
                    thread_ts=target.thread_ts,
                )
            except SlackApiError as exc:
                log.info("enrichment job=%s: ephemeral refused (%s)", job.id, type(exc).__name__)
        if ts is None:
            try:
                dm = await self._dm_channel(poster, target.user_id)
                ts = (await poster.start_thread(dm, text, blocks, metadata=metadata)).ts
            except SlackApiError as exc:
                log.warning("enrichment job=%s: could not notify (%s)", job.id, type(exc).__name__)
        await self._update_status(poster, job)
        return ts

    async def _update_status(self, poster: Poster, job: Job) -> None:
        if not (job.channel_id and job.status_message_ts):
            return
        try:
            await poster.update(job.channel_id, job.status_message_ts, done_status_text(job))
        except SlackApiError as exc:
            log.info("enrichment job=%s: status not updated (%s)", job.id, type(exc).__name__)

    async def _refresh_home(self, job: Job) -> None:
        try:
            await publish_home(
                self.deps,
                job.team_id,
                job.requester_user_id,
                client=await self._slack_client(job.team_id),
            )
        except (SlackApiError, httpx.HTTPError) as exc:
            log.info("enrichment job=%s: home not refreshed (%s)", job.id, type(exc).__name__)


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
