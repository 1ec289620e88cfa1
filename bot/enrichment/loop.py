"""The enrichment poller: the bot's one long-running loop.

Runs inside ``web`` (``POLLER=inline``, bot.enrichment.inline) or alone (``leonar-bot worker``,
``run_worker``). Each tick it claims the jobs due within the next ``lookahead`` seconds under a
lease (bot.store.jobs, renewed every third of it while the worker lives), waits for each one's
exact poll time, and:

- asks Leonar ``GET /enrichment/{request_id}`` with the job's key (found again from its
  ``KeyOwner``), only while the key has more than ``POLLER_BUDGET_RESERVE`` of its hourly budget
  left and is not blocked by a 429 (otherwise the job waits for the reset; no call is made);
- reads the answer into an outcome (bot.enrichment.outcome): still pending, it is rescheduled at
  the next point of the learned plan (bot.enrichment.schedule); past ``ENRICHMENT_TIMEOUT`` it
  times out; terminal, it is finished and notified once (bot.enrichment.notifier).

Jobs are handled oldest due first, round-robin between keys, ``per_key`` at a time per key. Logs
name the job id, the request id and the key fingerprint, never the key.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from bot.enrichment.notifier import Notifier
from bot.enrichment.outcome import (
    Found,
    KeyGone,
    RateLimited,
    StillRunning,
    Terminal,
    TimedOut,
    classify,
    stored,
)
from bot.enrichment.schedule import Schedules, budget_wait, interleave
from bot.leonar.client import LeonarClient
from bot.leonar.errors import APIError
from bot.leonar.models import Enrichment
from bot.metrics import NOTIFICATIONS_POSTED
from bot.services.maintenance import RetentionPurge
from bot.slack.deps import Deps
from bot.store import Job
from bot.store.leases import LeasedWorker

log = logging.getLogger(__name__)

#: seconds to wait for the loop to finish its current job on shutdown
STOP_GRACE = 10.0
#: a claimed job's lease (clock seconds), renewed every third of it while the worker lives:
#: the jobs of a worker that died are taken over within this long
LEASE_SECONDS = 20.0


@dataclass(frozen=True, slots=True)
class JobRef:
    """A job as logs name it: ids and the key's fingerprint, never the key (formatted only
    when the record is emitted)."""

    job: Job

    def __str__(self) -> str:
        job = self.job
        return f"job={job.id} request={job.request_id} key={job.key_fingerprint}"


@dataclass
class PollerStats:
    ticks: int = 0
    polls: int = 0
    notified: int = 0
    skipped_for_budget: int = 0
    last_tick: float | None = None


class Poller(LeasedWorker):
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
        interval = deps.settings.enrichment_poll_interval
        self.lookahead = lookahead if lookahead is not None else min(0.5, interval / 4)
        super().__init__(
            deps.db.jobs,
            name="poller",
            id_prefix="poller",
            worker_id=worker_id,
            clock=clock,
            lease_seconds=lease_seconds,
            every=self.lookahead,
            time_scale=time_scale,
        )
        self.deps = deps
        self.settings = deps.settings
        self.batch = batch
        self.per_key = per_key
        self.stats = PollerStats()
        self.schedules = Schedules(deps.db, deps.settings, clock=clock)
        self.notifier = Notifier(
            deps, worker_id=self.worker_id, lease_seconds=lease_seconds, clock=clock
        )
        self._inflight: set[asyncio.Task[None]] = set()
        self._inflight_ids: set[str] = set()
        self._slots: dict[str, asyncio.Semaphore] = {}
        self.retention = RetentionPurge(deps.db, self.settings, owner=self.worker_id)

    # ------------------------------------------------------------------ lifecycle
    # run() ticks until stop() (bot.store.leases.LeasedWorker); then the polls in progress
    # finish, the jobs still waiting for their time return at once, the leases go back.

    async def step(self) -> None:
        await self.tick(wait=False)
        await self.retention.maybe_run(self.clock())

    async def shutdown(self) -> int:
        self.stop()
        if self._inflight:
            await asyncio.gather(*self._inflight, return_exceptions=True)
        return await self.release()

    async def _pause(self, seconds: float) -> None:
        await self.ticker.pause(seconds)

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
            await self._pause(job.next_poll_at - self.clock())
            if self.stopping.is_set():
                return
            slots = self._slots.setdefault(job.key_fingerprint, asyncio.Semaphore(self.per_key))
            async with slots:
                if not self.stopping.is_set():
                    await self.handle(job)
        except Exception:  # one job must not stop the others; its lease runs out and
            # another tick (or worker) takes it again
            log.exception("enrichment %s failed", JobRef(job))
        finally:
            self._inflight_ids.discard(job.id)

    # ------------------------------------------------------------------ one job

    async def handle(self, job: Job) -> None:
        """Poll one claimed job, or notify it when it is already finished."""
        if job.notify_state in ("due", "posting"):
            await self.notify(job)
            return
        key = await self.deps.keys.key_for(job.owner)
        if not key:
            await self._finish(job, KeyGone())
            return
        now = self.clock()
        overdue = now - job.created_at >= self.settings.enrichment_timeout
        wait_until = budget_wait(
            self.deps.budgets,
            job.key_fingerprint,
            now=now,
            interval=self.settings.enrichment_poll_interval,
            reserve=self.settings.poller_budget_reserve,
        )
        if wait_until is None:
            await self._poll(job, key, overdue=overdue)
            return
        self.stats.skipped_for_budget += 1
        if overdue:
            await self._finish(job, TimedOut("budget"))
        else:
            await self._reschedule(job, wait_until, attempts=job.attempts)

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
        answer: Enrichment | APIError
        try:
            answer = await self._client(key).enrichment.get(job.request_id)
        except APIError as exc:
            answer = exc
        match classify(answer, kind=job.type, overdue=overdue):
            case RateLimited(retry_at=retry_at):
                log.info("enrichment %s rate limited", JobRef(job))
                retry_at = retry_at or self.deps.budgets.blocked_until(job.key_fingerprint)
                interval = self.settings.enrichment_poll_interval
                await self._reschedule(
                    job, max(retry_at or 0.0, now + interval), attempts=job.attempts + 1
                )
            case StillRunning():
                await self._reschedule(
                    job, await self._next(job, last_poll_at=now), attempts=job.attempts + 1
                )
            case Found(finished_at=done_at) as found:
                # learn from when Leonar finished, not from when we noticed (that would feed
                # the polling delay back into the schedule)
                at = min(now, max(job.created_at, done_at)) if done_at is not None else now
                await self._finish(job, found, at=at)
            case terminal:
                await self._finish(job, terminal)

    async def _next(self, job: Job, *, last_poll_at: float) -> float:
        """When to poll a job still pending after a poll at ``last_poll_at``."""
        return await self.schedules.next_poll_at(
            job.type, created_at=job.created_at, last_poll_at=last_poll_at
        )

    async def _reschedule(self, job: Job, at: float, *, attempts: int) -> None:
        timeout_at = job.created_at + self.settings.enrichment_timeout
        at = min(at, max(timeout_at, self.clock()))
        ok = await self.deps.db.jobs.reschedule(
            job.id, worker_id=self.worker_id, next_poll_at=at, attempts=attempts
        )
        lost = "" if ok else " (lease lost)"
        log.debug(
            "enrichment %s pending, next poll in %.1fs%s", JobRef(job), at - self.clock(), lost
        )

    async def _finish(self, job: Job, outcome: Terminal, *, at: float | None = None) -> None:
        now = self.clock() if at is None else at
        status, result = stored(outcome)
        ok = await self.deps.db.jobs.finish(
            job.id, worker_id=self.worker_id, status=status, result=result, now=now
        )
        lost = "" if ok else " (not ours any more)"
        log.info("enrichment %s finished: %s%s", JobRef(job), status, lost)
        if ok:
            await self.notify(
                dataclasses.replace(
                    job, status=status, result=result, finished_at=now, notify_state="due"
                )
            )

    async def notify(self, job: Job) -> None:
        """Post the finished job's notification once (bot.enrichment.notifier)."""
        if await self.notifier.notify(job):
            self.stats.notified += 1
            NOTIFICATIONS_POSTED.inc()
