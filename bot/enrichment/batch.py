"""The end of a job that belongs to an "Enrich all" batch: instead of its own notice, its
outcome is counted on the batch (bot.store.batches, compare-and-set), the batch's one progress
message is edited in place, and the job that completes the batch posts the one summary.

``job_done`` is what the notifier calls for a job with a ``batch_id``; ``show`` is also what the
flow calls once it has started every enrichment (the last job may have ended before that).

Edits never go backwards, even when two jobs end together on two workers: one caller at a time
holds the turn to edit (a lease on the batch row, ``EDIT_LEASE``), edits the message to the
batch as it is now, records the version shown, and goes on while the row has a newer version;
a caller that finds the turn taken leaves its count to the holder, which reads the row again
after giving the turn back (so a count made meanwhile is still shown)."""

from __future__ import annotations

import asyncio
import logging
import time
import uuid

from slack_sdk.errors import SlackApiError

from bot.slack.threads import Poster, ThreadRef
from bot.store import Database, Job
from bot.store.batches import Batch, BatchEntry
from bot.ui.enrich import found_value
from bot.ui.enrich_all import progress_text, summary

log = logging.getLogger(__name__)

#: how long one caller may hold the turn to edit the progress message, renewed by each edit
#: (one chat.update): a dead editor's turn passes on after this (less than a job's lease, so
#: the worker that takes over its job finds the turn free)
EDIT_LEASE = 15.0
#: how often the closer looks whether the last edit went out before it posts the summary
SHOWN_POLL = 0.1


def entry_of(job: Job) -> BatchEntry:
    """Found (with the email), not found (Leonar finished without one), or failed."""
    value = found_value(job) if job.status == "completed" else None
    if value:
        return BatchEntry(job.contact_name, "found", value)
    if job.status in ("completed", "failed"):
        return BatchEntry(job.contact_name, "not_found")
    return BatchEntry(job.contact_name, "failed")


async def job_done(db: Database, poster: Poster, job: Job) -> str | None:
    """Count the job on its batch and show it; the progress message's ts (the job's notice)."""
    batch = await db.batches.record(job.batch_id or "", job.id, entry_of(job))
    if batch is None:
        log.warning("enrichment job=%s: its batch is gone", job.id)
        return None
    await show(db, poster, batch)
    return batch.progress_ts


async def show(db: Database, poster: Poster, batch: Batch) -> None:
    """Edit the progress message; when the batch is complete, close it once with the summary."""
    closed = await db.batches.close(batch.id)
    await show_latest(db, poster, batch.id)
    if closed is None:
        return
    # the summary goes under a progress message that already shows the end: while another
    # caller holds the turn to edit, its last edit is waited for (a dead one's turn passes on)
    await _until_shown(db, poster, batch.id)
    try:
        await poster.reply(ThreadRef(closed.channel_id, closed.thread_ts), *summary(closed))
    except SlackApiError as exc:
        log.warning("batch=%s: summary not posted (%s)", batch.id, type(exc).__name__)


async def show_latest(db: Database, poster: Poster, batch_id: str) -> None:
    """Bring the progress message up to the batch's newest version, or leave it to the caller
    editing it now (see the module docstring)."""
    editor = uuid.uuid4().hex
    while await db.batches.claim_edit(batch_id, editor, lease_seconds=EDIT_LEASE):
        try:
            while (batch := await _newer(db, batch_id)) is not None:
                await _edit(poster, batch)
                if not await db.batches.shown(
                    batch_id, editor, batch.version, lease_seconds=EDIT_LEASE
                ):
                    log.info("batch=%s: the turn to edit ran out", batch_id)
                    return
        finally:
            await db.batches.release_edit(batch_id, editor)
        # a count made while this caller held the turn, by one that found it taken
        if await _newer(db, batch_id) is None:
            return


async def _until_shown(db: Database, poster: Poster, batch_id: str) -> None:
    deadline = time.monotonic() + EDIT_LEASE + SHOWN_POLL
    while await _newer(db, batch_id) is not None and time.monotonic() < deadline:
        await asyncio.sleep(SHOWN_POLL)
        await show_latest(db, poster, batch_id)


async def _newer(db: Database, batch_id: str) -> Batch | None:
    """The batch when it is newer than what its progress message shows."""
    batch = await db.batches.get(batch_id)
    return batch if batch is not None and batch.version > batch.shown_version else None


async def _edit(poster: Poster, batch: Batch) -> None:
    try:
        await poster.update(batch.channel_id, batch.progress_ts, progress_text(batch))
    except SlackApiError as exc:
        log.info("batch=%s: progress not updated (%s)", batch.id, type(exc).__name__)
