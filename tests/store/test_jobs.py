from __future__ import annotations

import asyncio

import pytest

from bot.store import Database, Job, KeyOwner, NewJob
from tests.store.conftest import MakeDb

T0 = 1_700_000_000.0


def new_job(n: int = 0, **overrides: object) -> NewJob:
    fields: dict[str, object] = {
        "request_id": f"req_{n}",
        "contact_id": f"c_{n}",
        "contact_name": f"Contact {n}",
        "type": "work_email",
        "team_id": "T1",
        "channel_id": "C1",
        "thread_ts": "111.222",
        "requester_user_id": "U1",
        "key_owner": KeyOwner.user("T1", "U1"),
        "key_fingerprint": "abc123",
        "next_poll_at": T0,
    }
    fields.update(overrides)
    return NewJob(**fields)  # type: ignore[arg-type]


async def claim(db: Database, worker: str, now: float = T0, limit: int = 10) -> list[Job]:
    return await db.jobs.claim_due(worker_id=worker, now=now, limit=limit, lease_seconds=60)


async def test_create_and_get_round_trip(db: Database) -> None:
    job = await db.jobs.create(new_job(1), now=T0 - 5)

    stored = await db.jobs.get(job.id)

    assert stored == job
    assert stored.status == "pending" and stored.notify_state == "none"
    assert stored.owner == KeyOwner.user("T1", "U1")
    assert stored.key_owner == "user:T1:U1"
    assert await db.jobs.pending_count() == 1


async def test_only_due_jobs_are_claimed_earliest_first(db: Database) -> None:
    later = await db.jobs.create(new_job(1, next_poll_at=T0 - 1))
    earlier = await db.jobs.create(new_job(2, next_poll_at=T0 - 10))
    await db.jobs.create(new_job(3, next_poll_at=T0 + 30))

    claimed = await claim(db, "w1")

    assert [j.id for j in claimed] == [earlier.id, later.id]
    assert all(j.lease_owner == "w1" and j.lease_expires_at == T0 + 60 for j in claimed)
    assert await claim(db, "w2") == []


async def test_two_concurrent_claimers_take_each_of_1000_jobs_exactly_once(
    make_db: MakeDb,
) -> None:
    first, second = await make_db(), await make_db()
    for n in range(1000):
        await first.jobs.create(new_job(n, next_poll_at=T0 - n % 7))

    async def drain(db: Database, worker: str) -> list[str]:
        taken: list[str] = []
        while batch := await claim(db, worker, limit=25):
            taken += [j.id for j in batch]
            await asyncio.sleep(0)
        return taken

    a, b = await asyncio.gather(drain(first, "worker-a"), drain(second, "worker-b"))

    assert len(a) + len(b) == 1000
    assert len(set(a) | set(b)) == 1000
    assert set(a).isdisjoint(b)


async def test_a_job_whose_lease_expired_is_claimable_again(db: Database) -> None:
    job = await db.jobs.create(new_job())
    assert [j.id for j in await claim(db, "dead-worker")] == [job.id]

    assert await claim(db, "w2", now=T0 + 59) == []
    reclaimed = await claim(db, "w2", now=T0 + 61)

    assert [j.lease_owner for j in reclaimed] == ["w2"]
    # the dead worker lost the job: its late writes are refused
    assert not await db.jobs.reschedule(
        job.id, worker_id="dead-worker", next_poll_at=T0 + 100, attempts=1
    )
    assert not await db.jobs.finish(
        job.id, worker_id="dead-worker", status="completed", result={}
    )


async def test_reschedule_drops_the_lease_and_sets_the_next_poll(db: Database) -> None:
    job = await db.jobs.create(new_job())
    await claim(db, "w1")

    assert await db.jobs.reschedule(job.id, worker_id="w1", next_poll_at=T0 + 10, attempts=1)

    assert await claim(db, "w2", now=T0 + 9) == []
    again = await claim(db, "w2", now=T0 + 10)
    assert [(j.id, j.attempts) for j in again] == [(job.id, 1)]


async def test_release_gives_back_a_workers_leases(db: Database) -> None:
    for n in range(3):
        await db.jobs.create(new_job(n))
    assert len(await claim(db, "w1")) == 3

    assert await db.jobs.release("w1") == 3
    assert len(await claim(db, "w2")) == 3


async def test_finish_then_notify_exactly_once(db: Database) -> None:
    job = await db.jobs.create(new_job())
    await claim(db, "w1")
    result = {"status": "completed", "result": {"email": "ada@example.com", "confidence": 0.9}}

    assert await db.jobs.finish(
        job.id, worker_id="w1", status="completed", result=result, now=T0 + 1
    )
    assert not await db.jobs.finish(job.id, worker_id="w1", status="failed", result={})

    finished = await db.jobs.get(job.id)
    assert finished is not None
    assert (finished.status, finished.result, finished.notify_state) == (
        "completed",
        result,
        "due",
    )
    assert finished.finished_at == T0 + 1
    assert await db.jobs.pending_count() == 0

    outcomes = await asyncio.gather(
        *(db.jobs.begin_notify(job.id, worker_id="w1", now=T0 + 2) for _ in range(5))
    )
    assert sorted(outcomes) == [False, False, False, False, True]
    assert await db.jobs.mark_notified(job.id, message_ts="999.1", now=T0 + 3)

    done = await db.jobs.get(job.id)
    assert done is not None
    assert (done.notify_state, done.notification_ts, done.notified_at) == ("done", "999.1", T0 + 3)
    assert done.lease_owner is None
    assert not await db.jobs.begin_notify(job.id, worker_id="w1")
    assert await claim(db, "w3", now=T0 + 10_000) == []


async def test_begin_notify_only_once_across_two_processes(make_db: MakeDb) -> None:
    first, second = await make_db(), await make_db()
    job = await first.jobs.create(new_job())
    await claim(first, "w1")
    await first.jobs.finish(job.id, worker_id="w1", status="failed", result={}, now=T0)
    await first.jobs.release("w1")

    got = await asyncio.gather(
        first.jobs.begin_notify(job.id, worker_id="w1", now=T0 + 1),
        second.jobs.begin_notify(job.id, worker_id="w2", now=T0 + 1),
    )

    assert sorted(got) == [False, True]


async def test_a_finished_job_whose_worker_died_is_claimed_for_notification(
    db: Database,
) -> None:
    job = await db.jobs.create(new_job())
    await claim(db, "w1")
    await db.jobs.finish(job.id, worker_id="w1", status="completed", result={"x": 1}, now=T0)

    (again,) = await claim(db, "w2", now=T0 + 61)

    assert (again.id, again.status, again.notify_state) == (job.id, "completed", "due")
    assert await db.jobs.begin_notify(job.id, worker_id="w2", now=T0 + 61)


async def test_a_job_left_posting_after_a_crash_comes_back_as_posting(db: Database) -> None:
    job = await db.jobs.create(new_job())
    await claim(db, "w1")
    await db.jobs.finish(job.id, worker_id="w1", status="completed", result={}, now=T0)
    assert await db.jobs.begin_notify(job.id, worker_id="w1", now=T0, lease_seconds=30)
    # w1 crashes before mark_notified

    assert await claim(db, "w2", now=T0 + 29) == []
    (again,) = await claim(db, "w2", now=T0 + 31)

    assert again.notify_state == "posting"
    assert not await db.jobs.begin_notify(job.id, worker_id="w2", now=T0 + 31)
    assert await db.jobs.mark_notified(job.id, message_ts="found.in.thread")
    assert (await db.jobs.get(job.id)).notify_state == "done"  # type: ignore[union-attr]


async def test_finish_rejects_non_terminal_status(db: Database) -> None:
    job = await db.jobs.create(new_job())
    await claim(db, "w1")
    with pytest.raises(ValueError, match="terminal"):
        await db.jobs.finish(job.id, worker_id="w1", status="pending", result={})  # type: ignore[arg-type]


async def test_durations_of_recent_completed_jobs_of_a_type(db: Database) -> None:
    for n, (kind, status, took) in enumerate(
        [("work_email", "completed", 12.0), ("work_email", "failed", 3.0),
         ("phone", "completed", 40.0), ("work_email", "completed", 20.0)]
    ):
        job = await db.jobs.create(new_job(n, type=kind), now=T0 + n)
        await claim(db, f"w{n}", now=T0 + 100)
        assert await db.jobs.finish(
            job.id, worker_id=f"w{n}", status=status, result={}, now=T0 + n + took  # type: ignore[arg-type]
        )

    assert await db.jobs.durations("work_email") == [20.0, 12.0]
    assert await db.jobs.durations("phone") == [40.0]


async def test_recent_for_user_newest_first_and_only_theirs(db: Database) -> None:
    a = await db.jobs.create(new_job(1), now=T0)
    b = await db.jobs.create(new_job(2), now=T0 + 1)
    await db.jobs.create(new_job(3, requester_user_id="U2"), now=T0 + 2)

    assert [j.id for j in await db.jobs.recent_for_user("T1", "U1", 10)] == [b.id, a.id]
    assert [j.id for j in await db.jobs.recent_for_user("T1", "U1", 1)] == [b.id]


async def test_status_message_ts_is_remembered(db: Database) -> None:
    job = await db.jobs.create(new_job())
    assert await db.jobs.set_status_message(job.id, message_ts="123.456")
    assert (await db.jobs.get(job.id)).status_message_ts == "123.456"  # type: ignore[union-attr]
