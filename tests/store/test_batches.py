"""Enrich-all batches: outcomes counted once per job under concurrency, one summary."""

from __future__ import annotations

import asyncio

from bot.store import Database
from bot.store.batches import BatchEntry, NewBatch

NEW = NewBatch(
    team_id="T1",
    channel_id="C1",
    thread_ts="1.0",
    progress_ts="2.0",
    requester_user_id="U1",
    total=5,
)


async def test_concurrent_outcomes_are_all_counted_and_closed_once(db: Database) -> None:
    batch = await db.batches.create(NEW)
    for _ in range(5):
        await db.batches.started(batch.id)
    entries = [
        BatchEntry(f"P{i}", "found" if i % 2 else "not_found", f"p{i}@x.io") for i in range(5)
    ]
    await asyncio.gather(*(db.batches.record(batch.id, f"j{i}", e) for i, e in enumerate(entries)))
    # a job notified again after a crash counts once
    await db.batches.record(batch.id, "j1", BatchEntry("P1", "failed"))
    now = await db.batches.get(batch.id)
    assert now is not None and len(now.results) == 5
    assert (now.count("found"), now.count("not_found"), now.pending) == (2, 3, 0)
    assert await db.batches.close(batch.id) is None  # not launched yet: more may start
    await db.batches.launch(batch.id)
    closers = await asyncio.gather(*(db.batches.close(batch.id) for _ in range(4)))
    assert len([c for c in closers if c is not None]) == 1
    assert await db.batches.close(batch.id) is None


async def test_stopped_batch_counts_only_what_started(db: Database) -> None:
    batch = await db.batches.create(NEW)
    await db.batches.started(batch.id)
    first = await db.batches.get(batch.id)
    assert first is not None and first.pending == 5  # planned, not all started yet
    stopped = await db.batches.launch(batch.id, stopped="credits")
    assert stopped is not None and stopped.stopped == "credits" and stopped.pending == 1
    await db.batches.record(batch.id, "j0", BatchEntry("P0", "found", "p0@x.io"))
    closed = await db.batches.close(batch.id)
    assert closed is not None and closed.entries == [BatchEntry("P0", "found", "p0@x.io")]


async def test_one_editor_at_a_time_and_a_dead_ones_turn_passes_on(db: Database) -> None:
    batch = await db.batches.create(NEW)
    await db.batches.record(batch.id, "j0", BatchEntry("P0", "found", "p0@x.io"))
    claims = await asyncio.gather(
        *(db.batches.claim_edit(batch.id, f"e{i}", lease_seconds=15, now=100) for i in range(4))
    )
    assert claims.count(True) == 1
    holder, other = f"e{claims.index(True)}", f"e{claims.index(False)}"
    assert not await db.batches.shown(batch.id, other, 1, lease_seconds=15, now=101)
    assert await db.batches.shown(batch.id, holder, 1, lease_seconds=15, now=101)
    assert not await db.batches.shown(batch.id, holder, 1, lease_seconds=15, now=101)  # not newer
    # the holder's turn lasts 15 s from its last edit; then it passes on
    assert not await db.batches.claim_edit(batch.id, other, lease_seconds=15, now=115)
    assert await db.batches.claim_edit(batch.id, other, lease_seconds=15, now=117)
    await db.batches.release_edit(batch.id, holder)  # no longer its own: nothing happens
    assert not await db.batches.claim_edit(batch.id, holder, lease_seconds=15, now=118)
    await db.batches.release_edit(batch.id, other)
    assert await db.batches.claim_edit(batch.id, holder, lease_seconds=15, now=118)
    shown = await db.batches.get(batch.id)
    assert shown is not None and shown.shown_version == 1 and shown.editor == holder
