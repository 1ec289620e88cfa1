"""When to poll a pending enrichment: the one poll plan.

Leonar has no completion webhook, so every poll is a call against the key's hourly budget. The
schedule spends calls where completion is likely:

- Until ``MIN_HISTORY`` enrichments of a type have completed, polls come every ``interval``
  seconds from the start (the first one after ``interval``), backing off after ``BULK_HORIZON``.
- Once there is history (``durations``: seconds from start to completion of recent jobs), the
  first poll comes at the ``FIRST_QUANTILE`` of those durations, but early enough that at most
  ``EARLY_QUANTILE`` of enrichments finish more than ``interval`` before it. Then a poll every
  ``interval`` while completions are still likely (up to the ``BULK_QUANTILE``), then gaps that grow by
  ``BACKOFF`` (capped at ``MAX_GAP``).
- Two polls of one job are never closer than ``interval``; the last poll is at ``timeout``, after
  which a still-pending enrichment is reported as timed out.

``poll_offsets`` returns the plan as seconds from the job's start; ``next_poll_at`` picks the next
one for a job (both pure). The history is the last ``HISTORY`` completions of the type in the
database: ``load_offsets`` reads it, ``first_poll_at`` dates a new job's first poll, and
``Schedules`` (the poller's) reuses a plan for ``SCHEDULE_TTL`` before reading it again.
"""

from __future__ import annotations

import bisect
import math
import time
from collections.abc import Callable, Iterable, Sequence

from bot.leonar.budget import RateBudgets
from bot.settings import Settings
from bot.store import Database, Job

#: recent completions the schedule learns from
HISTORY = 200
#: how long a learned plan is reused before durations are read again (clock seconds)
SCHEDULE_TTL = 30.0
MIN_HISTORY = 5
FIRST_QUANTILE = 0.6
EARLY_QUANTILE = 0.02
BULK_QUANTILE = 0.99
BACKOFF = 1.5
MAX_GAP = 120.0
#: without history: poll every interval for this long (seconds), then back off
BULK_HORIZON = 60.0
#: no first poll sooner than this after the start (seconds), whatever the history says
MIN_FIRST = 1.0


def quantile(sorted_values: Sequence[float], q: float) -> float:
    """The ``q`` quantile (0..1) of already sorted values, linearly interpolated."""
    if not sorted_values:
        raise ValueError("quantile of no values")
    if len(sorted_values) == 1:
        return float(sorted_values[0])
    pos = min(max(q, 0.0), 1.0) * (len(sorted_values) - 1)
    low = math.floor(pos)
    high = min(low + 1, len(sorted_values) - 1)
    frac = pos - low
    return float(sorted_values[low] * (1 - frac) + sorted_values[high] * frac)


def poll_offsets(durations: Sequence[float], *, interval: float, timeout: float) -> list[float]:
    """Seconds after the start at which to poll, increasing, ending exactly at ``timeout``."""
    if interval <= 0 or timeout <= 0:
        raise ValueError("interval and timeout must be positive")
    history = sorted(d for d in durations if d >= 0 and math.isfinite(d))
    if len(history) >= MIN_HISTORY:
        early = quantile(history, EARLY_QUANTILE) + interval
        first = max(MIN_FIRST, min(quantile(history, FIRST_QUANTILE), early))
        bulk_end = quantile(history, BULK_QUANTILE)
    else:
        first = interval
        bulk_end = max(BULK_HORIZON, interval)
    offsets: list[float] = []
    at = first
    gap = interval
    while at <= timeout - interval:
        offsets.append(at)
        if at >= bulk_end:
            gap = min(max(gap * BACKOFF, interval), max(MAX_GAP, interval))
        at += gap
    offsets.append(timeout)
    return offsets


def next_poll_at(
    offsets: Sequence[float],
    *,
    created_at: float,
    now: float,
    interval: float,
    last_poll_at: float | None = None,
) -> float:
    """The next poll for a job started at ``created_at``: the first planned offset after ``now``,
    never sooner than ``interval`` after ``last_poll_at``; the timeout when the plan is spent."""
    elapsed = now - created_at
    index = bisect.bisect_right(offsets, elapsed)
    at = created_at + (offsets[index] if index < len(offsets) else offsets[-1])
    if last_poll_at is not None:
        at = max(at, last_poll_at + interval)
    return at


def expected_calls(offsets: Sequence[float], duration: float) -> int:
    """How many polls a job that completes after ``duration`` seconds takes (for tests/benches)."""
    index = bisect.bisect_left(offsets, duration)
    return min(index + 1, len(offsets))


async def load_offsets(db: Database, settings: Settings, kind: str) -> list[float]:
    """The plan for ``kind``, learned from its last ``HISTORY`` completions."""
    return poll_offsets(
        await db.jobs.durations(kind, limit=HISTORY),
        interval=settings.enrichment_poll_interval,
        timeout=settings.enrichment_timeout,
    )


async def first_poll_at(db: Database, settings: Settings, kind: str, *, created_at: float) -> float:
    """When to poll a new job of ``kind`` first."""
    return next_poll_at(
        await load_offsets(db, settings, kind),
        created_at=created_at,
        now=created_at,
        interval=settings.enrichment_poll_interval,
    )


class Schedules:
    """The plan of each kind, read from the database at most once per ``SCHEDULE_TTL``."""

    def __init__(
        self, db: Database, settings: Settings, *, clock: Callable[[], float] = time.time
    ) -> None:
        self.db = db
        self.settings = settings
        self.clock = clock
        self._plans: dict[str, tuple[float, list[float]]] = {}

    async def offsets(self, kind: str) -> list[float]:
        now = self.clock()
        cached = self._plans.get(kind)
        if cached is not None and now - cached[0] < SCHEDULE_TTL:
            return cached[1]
        offsets = await load_offsets(self.db, self.settings, kind)
        self._plans[kind] = (now, offsets)
        return offsets

    async def next_poll_at(self, kind: str, *, created_at: float, last_poll_at: float) -> float:
        """The next poll of a job of ``kind`` still pending after a poll at ``last_poll_at``."""
        return next_poll_at(
            await self.offsets(kind),
            created_at=created_at,
            now=self.clock(),
            interval=self.settings.enrichment_poll_interval,
            last_poll_at=last_poll_at,
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


def budget_wait(
    budgets: RateBudgets, fingerprint: str, *, now: float, interval: float, reserve: float
) -> float | None:
    """None when the poller may spend this key now (more than ``reserve`` of its hourly budget
    left, no 429 pending); else when to look again."""
    blocked = budgets.blocked_until(fingerprint)
    if blocked is not None:
        return max(blocked, now + interval)
    if budgets.reserve_ok(fingerprint, reserve):
        return None
    state = budgets.get(fingerprint)
    reset_at = state.reset_at if state is not None else None
    if reset_at is not None and reset_at > now:
        return reset_at
    return now + 60.0
