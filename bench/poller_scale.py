"""Poller at scale: N pending enrichments at once, `leonar-bot worker` ×1 then ×2 on PostgreSQL.

    .venv/bin/python -m bench.poller_scale                      # 10,000 jobs, 1 then 2 workers
    .venv/bin/python -m bench.poller_scale --quick              # 2,000 jobs
    .venv/bin/python -m bench.poller_scale --jobs 5000 --workers 2

Each run gets a fresh PostgreSQL database and a fresh Leonar sandbox + fake Slack served from
this process (bench.common / standins.harness.running_stack, POLLER=off in-process). N
enrichments are started at the same instant in the sandbox (a few seconds ahead: the jobs are
inserted first, then the workers start at that instant), each completing after its own
uniform random delay (``--min-delay``..``--max-delay``, default 1–20 s), and N jobs are created
in the bot's database as the enrich service does (bench.common.create_jobs). Then ``--workers``
`leonar-bot worker` subprocesses (ENRICHMENT_POLL_INTERVAL=``--interval``, default 1 s) run until
every job is notified in the fake Slack (counted by the job id in each message's metadata) or
``--cap`` seconds pass. The sandbox's rate limit and credits (10,000,000/hour) never bind.

Reported per run: wall time from the workers' start to the last notification, notifications per
minute (overall and the best 10 s), Leonar GET /enrichment calls per enrichment, duplicates and
missing (both must be 0), and each worker's peak RSS (/proc/<pid>/status VmRSS every second).
"""

from __future__ import annotations

import argparse
import asyncio
import bisect
import random
import statistics
import time
from collections import Counter
from dataclasses import dataclass, field

from bench._servers import notified_jobs
from bench.common import (
    Proc,
    Report,
    create_jobs,
    free_port,
    leonar_bot,
    machine,
    rss_mb,
    sandbox_state,
    start_thread,
    throwaway_pg,
    worker_env,
)
from standins.harness import Stack, running_stack

QUICK_JOBS = 2_000
FULL_JOBS = 10_000
#: seconds between samples (notifications, RSS)
SAMPLE = 1.0
#: the window of the peak rate
PEAK_WINDOW = 10.0
#: seconds allowed for inserting the jobs before they all start (fixed + per job)
CREATE_LEAD = 5.0
CREATE_PER_JOB = 0.008


@dataclass
class ScaleResult:
    workers: int
    jobs: int
    create_seconds: float
    #: seconds the workers started after the enrichments' common start (inserts overran)
    late: float
    #: seconds from the workers' start to the last job's first notification; None: cap reached
    wall: float | None
    notified: int
    duplicates: int
    missing: int
    calls: int
    calls_max: int
    other_leonar_calls: int
    peak_rss_mb: list[float]
    #: (seconds since the workers' start, jobs notified)
    timeline: list[tuple[float, int]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.wall is not None and self.duplicates == 0 and self.missing == 0

    @property
    def per_minute(self) -> float:
        if not self.timeline:
            return 0.0
        seconds = self.wall if self.wall is not None else self.timeline[-1][0]
        return self.notified * 60 / seconds if seconds > 0 else 0.0

    @property
    def peak_per_minute(self) -> float:
        """The best ``PEAK_WINDOW`` seconds of the timeline, per minute."""
        times = [t for t, _ in self.timeline]
        best = 0.0
        for t, count in self.timeline:
            if t < PEAK_WINDOW:
                continue
            # the last sample at or before t - PEAK_WINDOW
            i = bisect.bisect_right(times, t - PEAK_WINDOW) - 1
            t0, count0 = self.timeline[i] if i >= 0 else (0.0, 0)
            if t > t0:
                best = max(best, (count - count0) * 60 / (t - t0))
        return best

    @property
    def calls_per_enrichment(self) -> float:
        return self.calls / self.jobs if self.jobs else 0.0


def _notified(stack: Stack, job_ids: set[str]) -> Counter[str]:
    counts = notified_jobs(stack.fake.all_messages())
    return Counter({job: n for job, n in counts.items() if job in job_ids})


async def run_once(
    *,
    jobs: int,
    workers: int,
    cap: float,
    interval: float,
    delays: tuple[float, float],
    seed: int,
) -> ScaleResult:
    rng = random.Random(seed)
    durations = [rng.uniform(*delays) for _ in range(jobs)]
    async with (
        throwaway_pg() as db_url,
        running_stack(
            leonar=sandbox_state(),
            database_url=db_url,
            poller="off",
            enrichment_poll_interval=interval,
        ) as stack,
    ):
        thread_ts = await start_thread(stack)
        started = time.monotonic()
        # every enrichment (and job) starts at ``start_at``, when the workers start: inserting
        # 10,000 rows takes tens of seconds, which would otherwise count as enrichment time
        start_at = time.time() + CREATE_LEAD + jobs * CREATE_PER_JOB
        ids = await create_jobs(
            stack,
            jobs,
            thread_ts=thread_ts,
            delays=durations,
            prefix=f"scale{workers}",
            concurrency=16,
            now=start_at,
        )
        create_seconds = time.monotonic() - started
        await asyncio.sleep(max(0.0, start_at - time.time()))
        late = max(0.0, time.time() - start_at)
        wanted = set(ids)
        stack.leonar.reset_requests()
        env = worker_env(stack, db_url, ENRICHMENT_POLL_INTERVAL=str(interval))
        procs = [
            Proc(f"scale-worker{i}", leonar_bot("worker"), env, free_port())
            for i in range(workers)
        ]
        t0 = time.monotonic()
        for proc in procs:
            proc.start()
        peaks = [0.0] * workers
        timeline: list[tuple[float, int]] = []
        wall: float | None = None
        try:
            while time.monotonic() - t0 < cap:
                await asyncio.sleep(SAMPLE)
                for i, proc in enumerate(procs):
                    peaks[i] = max(peaks[i], rss_mb([proc.pid]))
                    if proc.proc is not None and proc.proc.poll() is not None:
                        raise RuntimeError(f"{proc.name} exited: see {proc.log_path}")
                counts = _notified(stack, wanted)
                now = time.monotonic() - t0
                timeline.append((now, len(counts)))
                if len(counts) == jobs:
                    wall = now
                    break
            if wall is not None:
                await asyncio.sleep(2.0)  # a late duplicate would show up now
        finally:
            for proc in procs:
                proc.stop()
        counts = _notified(stack, wanted)
        per_request = Counter(
            r.endpoint
            for r in stack.leonar.requests
            if r.method == "GET" and r.endpoint.startswith("/enrichment/")
        )
        other = len(stack.leonar.requests) - sum(per_request.values())
    return ScaleResult(
        workers=workers,
        jobs=jobs,
        create_seconds=create_seconds,
        late=late,
        wall=wall,
        notified=len(counts),
        duplicates=sum(n - 1 for n in counts.values() if n > 1),
        missing=jobs - len(counts),
        calls=sum(per_request.values()),
        calls_max=max(per_request.values(), default=0),
        other_leonar_calls=other,
        peak_rss_mb=peaks,
        timeline=timeline,
    )


def table(results: list[ScaleResult]) -> list[str]:
    lines = [
        "| workers | jobs | notified | wall time to notify all | notifications / min "
        "(overall) | peak / min (best 10 s) | GET /enrichment per enrichment (max) | "
        "duplicates | missing | peak RSS per worker |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in results:
        wall = f"{r.wall:.0f} s" if r.wall is not None else "cap reached"
        rss = ", ".join(f"{mb:.0f} MB" for mb in r.peak_rss_mb)
        lines.append(
            f"| {r.workers} | {r.jobs:,} | {r.notified:,} | {wall} | {r.per_minute:,.0f} | "
            f"{r.peak_per_minute:,.0f} | {r.calls_per_enrichment:.2f} ({r.calls_max}) | "
            f"{r.duplicates} | {r.missing} | {rss} |"
        )
    return lines


async def run(
    *,
    jobs: int,
    workers: list[int],
    cap: float = 600.0,
    interval: float = 1.0,
    delays: tuple[float, float] = (1.0, 20.0),
    seed: int = 1,
) -> tuple[Report, list[str]]:
    report = Report()
    results: list[ScaleResult] = []
    for count in workers:
        print(f"  poller_scale: {jobs} jobs, {count} worker(s)...", flush=True)
        result = await run_once(
            jobs=jobs, workers=count, cap=cap, interval=interval, delays=delays, seed=seed
        )
        results.append(result)
        print(
            f"  poller_scale: {count} worker(s): jobs created in {result.create_seconds:.1f} s, "
            f"workers started {result.late:.1f} s after the enrichments, "
            f"{result.notified}/{jobs} notified, other Leonar calls {result.other_leonar_calls}",
            flush=True,
        )
        report.add(
            "poller_scale",
            f"{jobs} jobs, {count} worker(s): notifications / min",
            f"{result.per_minute:,.0f} (peak {result.peak_per_minute:,.0f}); "
            f"{result.calls_per_enrichment:.2f} calls / enrichment; "
            f"RSS {max(result.peak_rss_mb, default=0):.0f} MB",
            "every job notified once",
            result.ok,
        )
    if len(results) > 1:
        rates = [r.per_minute for r in results]
        report.notes.append(
            "notifications / min by workers: "
            + ", ".join(f"{r.workers}: {r.per_minute:,.0f}" for r in results)
            + f" (mean {statistics.mean(rates):,.0f})"
        )
    return report, table(results)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--jobs", type=int, default=None, help=f"default {FULL_JOBS}")
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_JOBS} jobs")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--cap", type=float, default=600.0, help="seconds per run")
    parser.add_argument("--interval", type=float, default=1.0, help="ENRICHMENT_POLL_INTERVAL")
    parser.add_argument("--min-delay", type=float, default=1.0)
    parser.add_argument("--max-delay", type=float, default=20.0)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    jobs = args.jobs if args.jobs is not None else (QUICK_JOBS if args.quick else FULL_JOBS)
    print(f"machine: {machine()}", flush=True)
    report, lines = asyncio.run(
        run(
            jobs=jobs,
            workers=args.workers,
            cap=args.cap,
            interval=args.interval,
            delays=(args.min_delay, args.max_delay),
            seed=args.seed,
        )
    )
    print("\n".join(lines))
    for note in report.notes:
        print(note)


if __name__ == "__main__":
    main()
