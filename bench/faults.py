"""Fault injection: nothing lost, nothing duplicated.

    .venv/bin/python -m bench.faults --quick     # ~3 minutes (no timeout, no PostgreSQL restart)
    .venv/bin/python -m bench.faults --full      # + Leonar timeouts (31 s > the 30 s client
                                                 #   timeout) and a PostgreSQL restart mid-run
    .venv/bin/python -m bench.faults --only slack429 worker_kill

Each scenario asserts its invariant and reports it; enrichment jobs are created in the bot's
database the way the enrich service does (one sandbox enrichment per job, completing after a
second) and counted in the fake Slack by the job id in each notification's message metadata:
every job must be notified exactly once.

- leonar429: Leonar answers 429 to the next 40 requests while jobs are polled and searches run;
- leonar5xx: 30 % of Leonar answers are 500 for 6 s;
- timeout: Leonar answers after 31 s for the first polls (full run only);
- slack429: chat.postMessage answers 429 (Retry-After 1) 20 times;
- worker_kill: `leonar-bot worker` (subprocess, PostgreSQL) SIGKILLed at random moments over
  1,000 jobs and restarted;
- pg_restart: PostgreSQL restarted (`pg_ctlcluster 15 main restart`) during a worker run (full);
- web_restart: a modal is open, `leonar-bot serve` is restarted, the modal is submitted.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import random
import signal
import subprocess
import tempfile
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import httpx

from bench._servers import notified_jobs
from bench.common import (
    CHANNEL,
    USER,
    Proc,
    Report,
    bot_env,
    create_jobs,
    free_port,
    leonar_bot,
    sandbox_state,
    start_thread,
    throwaway_pg,
    url_port,
    worker_env,
)
from standins.harness import SIGNING_SECRET, Stack, running_stack
from standins.leonar import create_leonar_sandbox
from standins.serve import serve_asgi
from standins.slack import FakeSlack, SlackDriver
from standins.slack.blockkit import find_input
from standins.slack.state import ViewRecord


@dataclass
class Outcome:
    name: str
    ok: bool
    detail: str
    seconds: float


def check_once(fake: FakeSlack, job_ids: list[str]) -> tuple[bool, str]:
    counts = notified_jobs(fake.all_messages())
    missing = [j for j in job_ids if counts.get(j, 0) == 0]
    dupes = [j for j in job_ids if counts.get(j, 0) > 1]
    detail = f"{len(job_ids) - len(missing)}/{len(job_ids)} notified, {len(dupes)} duplicated"
    return not missing and not dupes, detail


async def wait_notified(fake: FakeSlack, job_ids: list[str], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        counts = notified_jobs(fake.all_messages())
        if all(counts.get(j, 0) >= 1 for j in job_ids):
            await asyncio.sleep(1.0)  # a late duplicate would show up now
            return
        await asyncio.sleep(0.2)


async def run_searches(stack: Stack, n: int) -> tuple[bool, str]:
    """``n`` searches: each gets one parent message and one outcome (results or words)."""
    before = {m.ts for m in stack.fake.messages(CHANNEL)}
    for _ in range(n):
        r = await stack.driver.command("/leonar", "search react")
        assert r.status_code == 200

    def settled() -> bool:
        new = [m for m in stack.fake.messages(CHANNEL) if m.ts not in before]
        return len(new) >= n and all(not m.visible_text.startswith("Searching") for m in new)

    with contextlib.suppress(TimeoutError):
        await stack.driver.wait_for(settled, timeout=40)
    new = [m for m in stack.fake.messages(CHANNEL) if m.ts not in before]
    results = errors = 0
    for top in new:
        replies = [r for r in stack.fake.replies(CHANNEL, top.ts) if r.ts != top.ts]
        if any("Enroll all" in r.visible_text for r in replies):
            results += 1
        elif replies or not top.visible_text.startswith("Searching"):
            errors += 1
    ok = len(new) == n and results + errors == n
    return ok, f"{n} searches → {len(new)} threads: {results} with results, {errors} told in words"


async def _jobs_scenario(
    name: str,
    count: int,
    fault_on: Callable[[Stack], None],
    fault_off: Callable[[Stack], None],
    *,
    fault_seconds: float,
    searches: int = 0,
    timeout: float = 120.0,
) -> Outcome:
    t0 = time.monotonic()
    async with running_stack(leonar=sandbox_state(), enrichment_poll_interval=0.5) as stack:
        ts = await start_thread(stack)
        jobs = await create_jobs(stack, count, thread_ts=ts)
        fault_on(stack)
        search_ok, search_detail = True, ""
        if searches:
            search_ok, search_detail = await run_searches(stack, searches)
        await asyncio.sleep(max(0.0, fault_seconds - (time.monotonic() - t0)))
        fault_off(stack)
        await wait_notified(stack.fake, jobs, timeout)
        ok, detail = check_once(stack.fake, jobs)
        if searches:
            detail += f"; {search_detail}"
    return Outcome(name, ok and search_ok, detail, time.monotonic() - t0)


async def leonar429() -> Outcome:
    def on(s: Stack) -> None:
        s.leonar.force_429 = 40
        s.leonar.force_429_reset = 2.0

    def off(s: Stack) -> None:
        s.leonar.force_429 = 0

    return await _jobs_scenario(
        "Leonar 429 (40 answers)", 100, on, off, fault_seconds=4, searches=5
    )


async def leonar5xx() -> Outcome:
    def on(s: Stack) -> None:
        s.leonar.error_rate = 0.3

    def off(s: Stack) -> None:
        s.leonar.error_rate = 0.0

    return await _jobs_scenario(
        "Leonar 5xx (30 % for 6 s)", 100, on, off, fault_seconds=6, searches=5
    )


async def timeouts() -> Outcome:
    def on(s: Stack) -> None:
        s.leonar.latency = 31.0

    def off(s: Stack) -> None:
        s.leonar.latency = 0.0

    return await _jobs_scenario(
        "Leonar timeouts (31 s answers)", 20, on, off, fault_seconds=5, timeout=180
    )


async def slack429() -> Outcome:
    def on(s: Stack) -> None:
        s.fake.inject_rate_limit("chat.postMessage", times=20, retry_after=1)

    def off(_s: Stack) -> None:
        return None

    return await _jobs_scenario("Slack 429 on chat.postMessage (20×)", 100, on, off, fault_seconds=0)


async def worker_kill(
    *, count: int = 1000, kills: int = 6, pg_restart: bool = False
) -> Outcome:
    """`leonar-bot worker` on PostgreSQL, SIGKILLed ``kills`` times while ``count`` jobs run."""
    t0 = time.monotonic()
    rng = random.Random(12)
    async with (
        throwaway_pg() as db_url,
        running_stack(leonar=sandbox_state(), database_url=db_url, poller="off") as stack,
    ):
        ts = await start_thread(stack)
        jobs = await create_jobs(stack, count, thread_ts=ts, delay=0.5, prefix="kill")
        env = worker_env(stack, db_url, ENRICHMENT_POLL_INTERVAL="0.5")
        worker = Proc("worker", leonar_bot("worker"), env, 0)
        killed = 0
        restarted_pg = False
        worker.start()
        try:
            while killed < kills:
                await asyncio.sleep(rng.uniform(0.5, 3.0))
                worker.kill(signal.SIGKILL)
                assert worker.proc is not None
                await asyncio.to_thread(worker.proc.wait, 10)
                killed += 1
                if pg_restart and not restarted_pg and killed == kills // 2:
                    await asyncio.to_thread(restart_postgres)
                    restarted_pg = True
                worker.start()
            done_at_kill = sum(1 for c in notified_jobs(stack.fake.all_messages()).values() if c)
            # a killed worker's claims come back when their lease (60 s) runs out
            await wait_notified(stack.fake, jobs, timeout=240)
        finally:
            worker.stop()
        ok, detail = check_once(stack.fake, jobs)
    detail += f"; {killed} SIGKILLs ({done_at_kill} notified by the last one)"
    if pg_restart:
        detail += "; PostgreSQL restarted once"
    return Outcome(
        f"worker SIGKILL ×{kills} over {count} jobs" + (" + PG restart" if pg_restart else ""),
        ok,
        detail,
        time.monotonic() - t0,
    )


def restart_postgres() -> None:
    subprocess.run(  # noqa: S603, S607
        ["pg_ctlcluster", "--skip-systemctl-redirect", "15", "main", "restart"],
        check=True,
        timeout=60,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        probe = subprocess.run(  # noqa: S603, S607
            ["pg_isready", "-h", "127.0.0.1", "-p", "5432"], capture_output=True, check=False
        )
        if probe.returncode == 0:
            return
        time.sleep(0.5)
    raise RuntimeError("PostgreSQL did not come back within 30 s")


async def web_restart() -> Outcome:
    """Open the new-deal modal, restart `leonar-bot serve`, submit: the deal is created."""
    t0 = time.monotonic()
    state = sandbox_state()
    fake = FakeSlack(signing_secret=SIGNING_SECRET, bot_token="xoxb-bench-token")
    with tempfile.TemporaryDirectory(prefix="bench-web-") as tmp:
        async with (
            serve_asgi(fake.app) as slack_url,
            serve_asgi(create_leonar_sandbox(state)) as leonar_url,
            httpx.AsyncClient(timeout=30) as http,
        ):
            fake.base_url = slack_url
            port = free_port()
            env = bot_env(
                port=port,
                slack_port=url_port(slack_url),
                leonar_port=url_port(leonar_url),
                database_url=f"sqlite+aiosqlite:///{Path(tmp) / 'bot.db'}",
                SLACK_SIGNING_SECRET=SIGNING_SECRET,
            )
            fake.app_url = f"http://127.0.0.1:{port}/slack/events"
            driver = SlackDriver(fake, http)
            web = Proc("web", leonar_bot("serve", "--host", "127.0.0.1"), env, port).start()
            try:
                await web.wait_ready()
                await driver.command("/leonar", "deal new")

                def form() -> ViewRecord | None:
                    view = fake.current_view(USER)
                    ok = view is not None and find_input(view.blocks, "Title") is not None
                    return view if ok else None

                view = await driver.wait_for(form, timeout=10)
                web.stop()
                web.start()
                await web.wait_ready()
                title = f"Bench restart deal {random.randrange(10_000)}"
                result = await driver.submit(view.id, {"Title": title})

                def posted() -> bool:
                    return any(title in m.visible_text for m in fake.all_messages())

                with contextlib.suppress(TimeoutError):
                    await driver.wait_for(posted, timeout=10)
                created = [d for d in state.deals.values() if d.get("title") == title]
                shown = sum(1 for m in fake.all_messages() if title in m.visible_text)
            finally:
                web.stop()
    ok = result.closed and len(created) == 1 and shown >= 1
    detail = (
        f"submit after restart: closed={result.closed} errors={result.errors or {}}; "
        f"deals created in Leonar: {len(created)}; messages showing it: {shown}"
    )
    return Outcome("web restarted with a modal open", ok, detail, time.monotonic() - t0)


def _scenarios(full: bool) -> dict[str, Callable[[], Awaitable[Outcome]]]:
    chosen: dict[str, Callable[[], Awaitable[Outcome]]] = {
        "leonar429": leonar429,
        "leonar5xx": leonar5xx,
        "slack429": slack429,
        "worker_kill": worker_kill,
        "web_restart": web_restart,
    }
    if full:
        chosen["timeout"] = timeouts
        chosen["pg_restart"] = lambda: worker_kill(count=300, kills=2, pg_restart=True)
    return chosen


async def run(*, quick: bool, only: list[str] | None = None) -> tuple[Report, list[str]]:
    report = Report()
    lines = ["| scenario | invariant holds | detail | wall time |", "| --- | --- | --- | --- |"]
    outcomes: Counter[str] = Counter()
    for key, scenario in _scenarios(not quick).items():
        if only and key not in only:
            continue
        try:
            outcome = await scenario()
        except Exception as exc:  # noqa: BLE001  (a crashed scenario is a finding, reported)
            outcome = Outcome(key, False, f"crashed: {type(exc).__name__}: {exc}", 0.0)
        outcomes[str(outcome.ok)] += 1
        print(f"  fault {outcome.name}: {'ok' if outcome.ok else 'FAILED'}", flush=True)
        lines.append(
            f"| {outcome.name} | {'yes' if outcome.ok else 'NO'} | {outcome.detail} | "
            f"{outcome.seconds:.0f} s |"
        )
        report.add("faults", outcome.name, outcome.detail, "nothing lost or duplicated", outcome.ok)
    return report, lines


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--full", action="store_true")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--only", nargs="*", default=None)
    args = parser.parse_args(argv)
    _, lines = asyncio.run(run(quick=not args.full, only=args.only))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
