"""The end of a job that belongs to an "Enrich all" batch: instead of its own notice, its
outcome is counted on the batch (bot.store.batches, compare-and-set), the batch's one progress
message is edited in place, and the job that completes the batch posts the one summary.

``job_done`` is what the notifier calls for a job with a ``batch_id``; ``show`` is also what the
flow calls once it has started every enrichment (the last job may have ended before that)."""

from __future__ import annotations

import logging

from slack_sdk.errors import SlackApiError

from bot.slack.threads import Poster, ThreadRef
from bot.store import Database, Job
from bot.store.batches import Batch, BatchEntry
from bot.ui.enrich import found_value
from bot.ui.enrich_all import progress_text, summary

log = logging.getLogger(__name__)


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
    if closed is not None:
        batch = closed
    await _edit(poster, batch)
    if closed is None:
        return
    try:
        await poster.reply(ThreadRef(batch.channel_id, batch.thread_ts), *summary(batch))
    except SlackApiError as exc:
        log.warning("batch=%s: summary not posted (%s)", batch.id, type(exc).__name__)


async def _edit(poster: Poster, batch: Batch) -> None:
    try:
        await poster.update(batch.channel_id, batch.progress_ts, progress_text(batch))
    except SlackApiError as exc:
        log.info("batch=%s: progress not updated (%s)", batch.id, type(exc).__name__)
