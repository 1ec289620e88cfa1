"""The enrichment poller end to end: the sandbox finishes (or not), the fake Slack shows exactly
one notification, across crashes, restarts and several workers."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import replace
from pathlib import Path
from typing import Any, cast

import pytest

from bot.enrichment import Poller, carries_job
from bot.slack.deps import make_slack_client, open_deps
from bot.store import Database, Job, KeyOwner, NewJob, fingerprint
from standins.harness import BOT_TOKEN, Stack, running_stack
from standins.leonar import DEFAULT_KEY, Enrichment, SandboxState
from standins.leonar_data import ENRICH_FAILS_CONTACT_ID, NO_EMAIL_CONTACT_ID
from standins.slack.state import Message
from tests.support.crash import Crash, DyingDb, DyingRepository
from tests.support.pg import (
    asyncpg_url,
    postgres_unavailable_reason,
    skip_or_fail,
    throwaway_database,
)

FAST: dict[str, Any] = {"enrichment_poll_interval": 0.2, "enrichment_timeout": 30.0}


def _notes(stack: Stack, job_id: str) -> list[Message]:
    return [m for m in stack.fake.all_messages() if carries_job(m.to_api("T"), job_id)]


async def _start(stack: Stack, text: str = "enrich Thomas Dubois") -> Message:
    before = len(stack.fake.messages("C0GENERAL"))
    await stack.driver.command("/leonar", text)

    def grown() -> list[Message] | None:
        messages = stack.fake.messages("C0GENERAL")
        return messages if len(messages) > before else None

    return (await stack.driver.wait_for(grown))[-1]


async def _job(stack: Stack) -> Job:
    async def latest() -> Job | None:
        jobs = await stack.deps.db.jobs.recent_for_user(stack.fake.team_id, "U0ALICE", limit=1)
        return jobs[0] if jobs else None

    for _ in range(100):
        job = await latest()
        if job is not None:
            return job
        await asyncio.sleep(0.05)
    raise AssertionError("no job stored")


async def _done(stack: Stack, job_id: str) -> Job:
    """The job once its notification is marked done (it is posted just before)."""
    for _ in range(200):
        job = await stack.deps.db.jobs.get(job_id)
        if job is not None and job.notify_state == "done":
            return job
        await asyncio.sleep(0.05)
    raise AssertionError("job not marked notified")


async def _until(predicate: Callable[[], Any], timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.05)


# --------------------------------------------------------------------------- outcomes


async def test_never_completes_is_reported_as_timed_out() -> None:
    async with running_stack(enrichment_poll_interval=0.2, enrichment_timeout=1.5) as stack:
        stack.leonar.enrichment_hold = True
        parent = await _start(stack)
        job = await _job(stack)
        await _until(lambda: _notes(stack, job.id), timeout=10)
        (note,) = _notes(stack, job.id)
        assert note.ts == parent.ts  # the ⏳ message became the answer
        assert note.text == (
            "<@U0ALICE> Leonar still had no work email for Thomas Dubois after 2 seconds, "
            "so I stopped waiting. Try again later."
        )
        done = await _done(stack, job.id)
        assert done.status == "timed_out"


async def test_failure_in_words() -> None:
    async with running_stack(**FAST) as stack:
        stack.leonar.enrichment_delay = 0.3
        parent = await _start(stack, f"enrich {ENRICH_FAILS_CONTACT_ID}")
        job = await _job(stack)
        await _until(lambda: _notes(stack, job.id))
        (note,) = _notes(stack, job.id)
        assert note.ts == parent.ts
        assert note.text == (
            "<@U0ALICE> Leonar found no work email for Chloé Mercier "
            "(No work email found for this contact.)."
        )


async def test_private_mode_tells_only_the_requester() -> None:
    async with running_stack(enrichment_results="private", **FAST) as stack:
        stack.leonar.enrichment_delay = 0.3
        parent = await _start(stack)
        job = await _job(stack)
        await _until(lambda: _notes(stack, job.id))
        (dm,) = _notes(stack, job.id)
        assert dm.channel != "C0GENERAL" and "thomas.dubois@" in dm.text
        (eph,) = [e for e in stack.fake.ephemerals_for("U0ALICE") if "<@U0ALICE>" in e.text]
        assert eph.thread_ts == parent.ts and "thomas.dubois@" in eph.text
        public = stack.fake.replies("C0GENERAL", parent.ts)
        assert all("thomas.dubois@" not in m.text for m in public)


async def test_healthz_shows_the_poller() -> None:
    async with running_stack(**FAST) as stack:
        stack.leonar.enrichment_hold = True
        await _start(stack)
        await _until(lambda: stack.leonar.requests_to("GET", f"/enrichment/{_only(stack)}"))
        body = (await stack.http.get(f"{stack.bot_url}/healthz")).json()
        assert body["poller"]["state"] == "running"
        assert body["poller"]["backlog"] == 1
        assert body["poller"]["last_tick"] > time.time() - 5
    async with running_stack(poller="off") as stack:
        body = (await stack.http.get(f"{stack.bot_url}/healthz")).json()
        assert body["poller"] == {"mode": "off", "state": "off", "backlog": 0, "last_tick": None}


def _only(stack: Stack) -> str:
    ids = list(stack.leonar.enrichments)
    return ids[0] if len(ids) == 1 else ""


# --------------------------------------------------------------------------- exactly once


@pytest.mark.parametrize(
    ("step", "when"),
    [
        ("finish", "after"),
        ("begin_notify", "after"),
        ("mark_notified", "before"),  # posted, not marked: the next poller finds the message
        ("mark_notified", "after"),
    ],
)
async def test_a_worker_killed_between_steps_notifies_once(step: str, when: str) -> None:
    async with running_stack(poller="off", **FAST) as stack:
        stack.leonar.enrichment_delay = 0.0
        parent = await _start(stack)
        job = await _job(stack)
        deps = stack.deps
        dying_db = DyingDb(deps.db, jobs=DyingRepository(deps.db.jobs, step, when))
        dying = Poller(replace(deps, db=cast(Database, dying_db)), lookahead=0.1)
        with pytest.raises(Crash):
            for _ in range(50):
                await dying.tick()
                await asyncio.sleep(0.05)
        # a fresh worker once the dead one's leases ran out
        later = Poller(deps, clock=lambda: time.time() + 120, lookahead=0.1)
        for _ in range(3):
            await later.tick()
        notes = _notes(stack, job.id)
        assert len(notes) == 1
        assert notes[0].ts == parent.ts and notes[0].text.startswith("<@U0ALICE>")
        assert stack.fake.replies("C0GENERAL", parent.ts) == []
        done = await deps.db.jobs.get(job.id)
        assert done is not None and done.notify_state == "done"
        assert done.notification_ts == notes[0].ts


async def test_a_cancelled_worker_leaves_the_job_to_the_next() -> None:
    async with running_stack(poller="off", **FAST) as stack:
        stack.leonar.enrichment_hold = True
        await _start(stack)
        job = await _job(stack)
        first = Poller(stack.deps)
        task = asyncio.create_task(first.run())
        await _until(lambda: stack.leonar.requests_to("GET", f"/enrichment/{job.request_id}"))
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        stack.leonar.complete_enrichment(job.request_id)
        second = Poller(stack.deps)
        task = asyncio.create_task(second.run())
        try:
            await _until(lambda: _notes(stack, job.id))
            await asyncio.sleep(0.5)
        finally:
            second.stop()
            await task
        assert len(_notes(stack, job.id)) == 1


async def test_restart_mid_wait_notifies_once(tmp_path: Path) -> None:
    state = SandboxState.demo()
    state.enrichment_hold = True
    url = f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"
    async with running_stack(leonar=state, database_url=url, **FAST) as stack:
        await _start(stack)
        job = await _job(stack)
        await _until(lambda: state.requests_to("GET", f"/enrichment/{job.request_id}"))
    # the bot is down; Leonar finishes meanwhile
    state.enrichment_hold = False
    state.complete_enrichment(job.request_id)
    async with running_stack(leonar=state, database_url=url, **FAST) as stack:
        # a new fake Slack: the old thread is gone, so the requester gets a DM
        await _until(lambda: _notes(stack, job.id))
        await asyncio.sleep(0.6)
        (note,) = _notes(stack, job.id)
        assert note.text.startswith("<@U0ALICE> Thomas Dubois's work email: *thomas.dubois@")
        await _done(stack, job.id)


# --------------------------------------------------------------------------- budgets


async def test_low_rate_limit_the_poller_keeps_the_reserve_and_commands_still_work() -> None:
    async with running_stack(**FAST) as stack:
        stack.leonar.rate_limit = 20
        stack.leonar.enrichment_hold = True
        await _start(stack)
        job = await _job(stack)
        # the poller stops at the reserve (20% of 20 = 4 calls left)
        await _until(lambda: len(stack.leonar.requests) >= 16)
        await asyncio.sleep(1.0)
        assert len(stack.leonar.requests) == 16
        assert len(stack.leonar.requests_to("GET", f"/enrichment/{job.request_id}")) >= 10
        # the person still can: search + start (2 calls, within the budget)
        parent = await _start(stack, "enrich Chloé Mercier")
        assert parent.text.startswith("⏳ Looking for Chloé Mercier")
        assert len(stack.leonar.requests) <= stack.leonar.rate_limit  # never a 429


async def test_a_429_is_waited_out_until_the_reset() -> None:
    async with running_stack(**FAST) as stack:
        stack.leonar.enrichment_delay = 0.2
        stack.leonar.force_429_reset = 2.0
        # the first poll is refused, whenever it comes
        stack.leonar.force_429_on = "/enrichment/"
        stack.leonar.force_429 = 1
        started = time.monotonic()
        await _start(stack)
        job = await _job(stack)
        await _until(lambda: _notes(stack, job.id))
        polls = stack.leonar.requests_to("GET", f"/enrichment/{job.request_id}")
        assert len(polls) == 2  # the refused one, then one after the reset
        assert time.monotonic() - started >= 1.0


# --------------------------------------------------------------------------- two workers


@pytest.fixture
async def pg_url() -> AsyncIterator[str]:
    reason = await postgres_unavailable_reason()
    if reason:
        skip_or_fail(reason)
    async with throwaway_database() as dsn:
        yield asyncpg_url(dsn)


@pytest.mark.postgres
async def test_two_workers_on_postgresql_notify_500_jobs_once_each(pg_url: str) -> None:
    async with running_stack(database_url=pg_url, poller="off", **FAST) as stack:
        state = stack.leonar
        state.rate_limit = 100_000
        state.enrichment_delay = 0.0
        poster = stack.deps.poster(make_slack_client(stack.settings, BOT_TOKEN))
        threads = [await poster.start_thread("C0GENERAL", f"batch {i}") for i in range(25)]
        now = time.time()
        ids: list[str] = []
        for i in range(500):
            request_id = f"req-{i}"
            state.enrichments[request_id] = Enrichment(
                id=request_id, contact_id=NO_EMAIL_CONTACT_ID, type="work_email", created_at=now
            )
            job = await stack.deps.db.jobs.create(
                NewJob(
                    request_id=request_id,
                    contact_id=NO_EMAIL_CONTACT_ID,
                    contact_name="Thomas Dubois",
                    type="work_email",
                    team_id=stack.fake.team_id,
                    requester_user_id="U0ALICE" if i % 2 else "U0BOB",
                    key_owner=KeyOwner.env(),
                    key_fingerprint=fingerprint(DEFAULT_KEY),
                    channel_id="C0GENERAL",
                    thread_ts=threads[i % 25].ts,
                    next_poll_at=now,
                ),
                now=now,
            )
            ids.append(job.id)

        async with open_deps(stack.settings) as one, open_deps(stack.settings) as two:
            workers = [Poller(d, batch=50) for d in (one, two)]
            tasks = [asyncio.create_task(w.run()) for w in workers]
            try:
                await _until(lambda: sum(w.stats.notified for w in workers) >= 500, timeout=120)
                await asyncio.sleep(0.5)
            finally:
                for w in workers:
                    w.stop()
                await asyncio.gather(*tasks)
            assert all(w.stats.notified > 0 for w in workers)  # both did part of the work
            assert sum(w.stats.notified for w in workers) == 500

        counts: dict[str, int] = {}
        for message in stack.fake.all_messages():
            meta = message.metadata or {}
            job_id = (meta.get("event_payload") or {}).get("job_id")
            if job_id:
                counts[job_id] = counts.get(job_id, 0) + 1
        assert counts == {job_id: 1 for job_id in ids}
        assert await stack.deps.db.jobs.pending_count() == 0


# --------------------------------------------------------------------------- the worker process


async def test_worker_process_polls_and_stops_on_sigterm(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'worker.db'}",
        "LEONAR_API_URL": "http://127.0.0.1:9/api/v1",
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "LOG_LEVEL": "INFO",
    }
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.cli",
        "worker",
        env=env,
        stderr=asyncio.subprocess.PIPE,
    )
    assert proc.stderr is not None
    line = await asyncio.wait_for(proc.stderr.readline(), timeout=20)
    seen = line.decode()
    while "polling" not in seen:
        seen += (await asyncio.wait_for(proc.stderr.readline(), timeout=20)).decode()
    proc.send_signal(signal.SIGTERM)
    rest = (await asyncio.wait_for(proc.stderr.read(), timeout=20)).decode()
    assert await proc.wait() == 0
    assert "stopped (released 0 leases)" in rest
    assert "Traceback" not in seen + rest


class _SlowPoller(Poller):
    """A worker whose every job takes 2 s (Leonar answering slowly)."""

    async def handle(self, job: Job) -> None:
        await asyncio.sleep(2.0)
        await super().handle(job)


async def test_a_live_worker_keeps_its_job_past_the_lease_a_dead_one_does_not() -> None:
    # the lease is short (a dead worker's jobs are taken over soon) and renewed while it lives
    async with running_stack(poller="off", **FAST) as stack:
        stack.leonar.enrichment_hold = True
        await _start(stack)
        job = await _job(stack)
        first = _SlowPoller(stack.deps, lease_seconds=0.6, lookahead=0.1, batch=1)
        task = asyncio.create_task(first.run())
        other = Poller(stack.deps, lease_seconds=0.6, lookahead=0.1)
        try:
            # the first worker holds the job (and spends 2 s on it)
            for _ in range(100):
                held = await stack.deps.db.jobs.get(job.id)
                if held is not None and held.lease_owner == first.worker_id:
                    break
                await asyncio.sleep(0.02)
            else:
                raise AssertionError("the first worker never claimed the job")
            taken = 0
            for _ in range(12):  # 1.2 s: two lease lengths
                await asyncio.sleep(0.1)
                taken += len(
                    await stack.deps.db.jobs.claim_due(
                        worker_id=other.worker_id, now=time.time(), limit=10, lease_seconds=0.6
                    )
                )
            assert taken == 0
        finally:
            task.cancel()  # dies: no release, no more renewals
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await asyncio.sleep(0.7)
        again = await stack.deps.db.jobs.claim_due(
            worker_id=other.worker_id, now=time.time(), limit=10, lease_seconds=0.6
        )
        assert [j.id for j in again] == [job.id]
