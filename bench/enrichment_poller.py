"""Benchmark of the enrichment poller against the Leonar sandbox and the fake Slack.

    .venv/bin/python -m bench.enrichment_poller            # both parts (~2 minutes)
    .venv/bin/python -m bench.enrichment_poller --part spend
    .venv/bin/python -m bench.enrichment_poller --part backlog

Part "spend": enrichments arrive over a minute; Leonar finishes each after a lognormal time
(median 8 s, sigma 0.5: p95 ~18 s, p99 ~25 s), on a clock running ``--speed`` times faster than
real time (the sandbox, the poller and the database all use it). The naive poller asks every 5 s
from the start; ours follows bot.enrichment.schedule with a learned history of 200 past
enrichments. Reported: Leonar calls (GET /enrichment) per notified enrichment, and the delay
from completion (in the sandbox) to the notification being marked done after posting to Slack.

Part "backlog": 10,000 pending enrichments that never finish: the process's peak RSS and the
poller's Leonar calls per minute, with an unlimited key and with a 1,000/hour key (the poller
keeps its 20 % reserve).
"""

from __future__ import annotations

import argparse
import asyncio
import copy
import math
import random
import resource
import statistics
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from bot.enrichment import Poller
from bot.enrichment.schedule import first_poll_at
from bot.leonar.budget import RateBudgets
from bot.slack.deps import Deps, open_deps
from bot.store import Job, KeyOwner, NewJob, fingerprint
from standins.harness import running_stack
from standins.leonar import DEFAULT_KEY, Enrichment, SandboxState
from standins.leonar_data import NO_EMAIL_CONTACT_ID

INTERVAL = 5.0
MEDIAN, SIGMA = 8.0, 0.5


class Clock:
    """Unix-like seconds running ``speed`` times faster than real time."""

    def __init__(self, speed: float) -> None:
        self.speed = speed
        self.t0 = time.time()
        self.m0 = time.monotonic()

    def __call__(self) -> float:
        return self.t0 + (time.monotonic() - self.m0) * self.speed

    async def sleep_until(self, at: float) -> None:
        wait = (at - self()) / self.speed
        if wait > 0:
            await asyncio.sleep(wait)


class NaivePoller(Poller):
    """Every ``interval`` seconds from the start, whatever the history says."""

    async def _next(self, job: Job, *, last_poll_at: float) -> float:  # noqa: ARG002
        return last_poll_at + self.settings.enrichment_poll_interval


@dataclass
class SpendResult:
    name: str
    calls: list[int] = field(default_factory=list)
    delays: list[float] = field(default_factory=list)
    missing: int = 0


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _new_contact(state: SandboxState, index: int) -> str:
    contact = copy.deepcopy(state.contacts[NO_EMAIL_CONTACT_ID])
    contact["id"] = f"bench-contact-{index}"
    state.contacts[contact["id"]] = contact
    return str(contact["id"])


async def _seed_history(deps: Deps, rng: random.Random, now: float, count: int = 200) -> None:
    """Yesterday's completed enrichments: what the schedule learns from."""
    jobs = deps.db.jobs
    for i in range(count):
        created = now - 86_400 + i * 60
        job = await jobs.create(_new_job(f"hist-{i}", "hist", created), now=created)
        (claimed,) = await jobs.claim_due(
            worker_id="history", now=created, limit=1, lease_seconds=60
        )
        done = created + MEDIAN * math.exp(rng.gauss(0, SIGMA))
        await jobs.finish(claimed.id, worker_id="history", status="completed", result={}, now=done)
        await jobs.mark_notified(job.id, message_ts=None, now=done)


def _new_job(request_id: str, contact_id: str, next_poll: float, thread_ts: str = "") -> NewJob:
    return NewJob(
        request_id=request_id,
        contact_id=contact_id,
        contact_name="Bench Contact",
        type="work_email",
        team_id="T0TEAM",  # the fake Slack's team
        requester_user_id="U0ALICE",
        key_owner=KeyOwner.env(),
        key_fingerprint=fingerprint(DEFAULT_KEY),
        channel_id="C0GENERAL" if thread_ts else None,
        thread_ts=thread_ts or None,
        next_poll_at=next_poll,
    )


async def run_spend(naive: bool, *, count: int, speed: float, seed: int) -> SpendResult:
    clock = Clock(speed)
    rng = random.Random(seed)
    state = SandboxState.demo(clock=clock)
    state.rate_limit = 1_000_000
    delays: dict[str, float] = {}
    state.enrichment_delay_for = lambda contact_id, _type: delays.get(contact_id)
    result = SpendResult("naive every 5 s" if naive else "learned schedule")
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}"
        async with running_stack(
            leonar=state, database_url=url, poller="off", enrichment_poll_interval=INTERVAL
        ) as stack:
            thread = await stack.deps.poster(await stack.deps.slack_client(None)).start_thread(
                "C0GENERAL", "bench"
            )
            async with open_deps(stack.settings) as deps:
                deps.budgets = RateBudgets(clock=clock)
                await _seed_history(deps, random.Random(seed + 1), clock())
                cls = NaivePoller if naive else Poller
                poller = cls(deps, clock=clock, time_scale=1 / speed, batch=500)
                task = asyncio.create_task(poller.run())
                start = clock()
                arrivals = sorted(rng.uniform(0, 60) for _ in range(count))
                jobs: list[tuple[str, str, float]] = []
                for i, offset in enumerate(arrivals):
                    await clock.sleep_until(start + offset)
                    contact_id = _new_contact(state, i)
                    delays[contact_id] = MEDIAN * math.exp(rng.gauss(0, SIGMA))
                    now = clock()
                    request_id = f"bench-{i}"
                    state.enrichments[request_id] = Enrichment(
                        id=request_id, contact_id=contact_id, type="work_email", created_at=now
                    )
                    first = (
                        now + INTERVAL
                        if naive
                        else await first_poll_at(
                            deps.db, deps.settings, "work_email", created_at=now
                        )
                    )
                    job = await deps.db.jobs.create(
                        _new_job(request_id, contact_id, first, thread.ts), now=now
                    )
                    jobs.append((job.id, request_id, now + delays[contact_id]))
                deadline = time.monotonic() + 120
                while time.monotonic() < deadline:
                    if await deps.db.jobs.pending_count() == 0 and poller.stats.notified >= count:
                        break
                    await asyncio.sleep(0.2)
                poller.stop()
                await task
                for job_id, request_id, completed_at in jobs:
                    stored = await deps.db.jobs.get(job_id)
                    if stored is None or stored.notified_at is None:
                        result.missing += 1
                        continue
                    result.calls.append(len(state.requests_to("GET", f"/enrichment/{request_id}")))
                    result.delays.append(stored.notified_at - completed_at)
    return result


@dataclass
class BacklogResult:
    name: str
    jobs: int
    calls: int
    calls_per_minute: float
    rss_mb: float


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def run_backlog(*, count: int, seconds: float, rate_limit: int) -> BacklogResult:
    state = SandboxState.demo()
    state.enrichment_hold = True
    state.rate_limit = rate_limit
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}"
        async with running_stack(
            leonar=state,
            database_url=url,
            poller="off",
            enrichment_poll_interval=INTERVAL,
            enrichment_timeout=86_400.0,
        ) as stack:
            now = time.time()
            async with open_deps(stack.settings) as deps:
                for i in range(count):
                    request_id = f"backlog-{i}"
                    state.enrichments[request_id] = Enrichment(
                        id=request_id,
                        contact_id=NO_EMAIL_CONTACT_ID,
                        type="work_email",
                        created_at=now,
                    )
                    await deps.db.jobs.create(
                        _new_job(request_id, NO_EMAIL_CONTACT_ID, now + INTERVAL), now=now
                    )
                state.reset_requests()
                poller = Poller(deps, batch=500)
                task = asyncio.create_task(poller.run())
                await asyncio.sleep(seconds)
                poller.stop()
                await task
                calls = sum(1 for r in state.requests if r.endpoint.startswith("/enrichment/"))
    return BacklogResult(
        name=f"{count} pending, key limit {rate_limit}/h",
        jobs=count,
        calls=calls,
        calls_per_minute=calls * 60 / seconds,
        rss_mb=_rss_mb(),
    )


def _print_spend(results: list[SpendResult]) -> None:
    print("| poller | notified | Leonar calls / enrichment | delay median | delay p95 |")
    print("| --- | --- | --- | --- | --- |")
    for r in results:
        print(
            f"| {r.name} | {len(r.calls)} (missing {r.missing}) | "
            f"{statistics.mean(r.calls):.2f} | {statistics.median(r.delays):.2f} s | "
            f"{_pct(r.delays, 0.95):.2f} s |"
        )


async def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--part", choices=["spend", "backlog", "all"], default="all")
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--speed", type=float, default=2.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--backlog", type=int, default=10_000)
    parser.add_argument("--seconds", type=float, default=30.0)
    args = parser.parse_args(argv)
    if args.part in ("spend", "all"):
        results = [
            await run_spend(naive, count=args.count, speed=args.speed, seed=args.seed)
            for naive in (True, False)
        ]
        _print_spend(results)
    if args.part in ("backlog", "all"):
        print()
        print("| backlog | Leonar calls | peak RSS |")
        print("| --- | --- | --- |")
        for limit in (1_000_000, 1_000):
            r = await run_backlog(count=args.backlog, seconds=args.seconds, rate_limit=limit)
            print(
                f"| {r.name} | {r.calls} in {args.seconds:.0f} s "
                f"({r.calls_per_minute:.0f}/min) | {r.rss_mb:.0f} MB |"
            )


if __name__ == "__main__":
    asyncio.run(main())
