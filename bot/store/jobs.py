"""Enrichment jobs: claimed under a lease, notified exactly once.

Life of a job
-------------
1. ``create(NewJob)`` when Leonar accepted the enrichment: ``status='pending'``,
   ``notify_state='none'``, due at ``next_poll_at``.
2. ``claim_due(worker_id=..., now=..., limit=..., lease_seconds=...)`` hands due jobs to one
   worker under a lease (``lease_owner``/``lease_expires_at``). A job is due when its
   ``next_poll_at <= now``, it is not notified yet (``notify_state != 'done'``) and it has no
   live lease. Several workers (processes, machines) never get the same job: on PostgreSQL
   the candidates are selected ``FOR UPDATE SKIP LOCKED`` and leased in the same transaction;
   on SQLite the transaction starts with ``BEGIN IMMEDIATE`` (one writer at a time) and the
   lease UPDATE repeats the "no live lease" condition. A live worker ``renew``s its leases
   every third of the lease; a worker that dies leaves them to expire, after which its jobs
   are claimable again.
3. While Leonar still says pending: ``reschedule(job_id, worker_id=..., next_poll_at=...,
   attempts=...)`` (drops the lease). On shutdown: ``release(worker_id)``.
4. On a terminal status: ``finish(job_id, worker_id=..., status=..., result=...)`` records it and
   sets ``notify_state='due'`` (the job stays leased to the finisher and is due at once, so if
   the finisher dies another worker will notify).

Exactly-once notification
-------------------------
5. ``begin_notify(job_id, worker_id=...)`` atomically moves ``'due' → 'posting'``; it returns
   False if another worker already did: then do not post.
6. Post to Slack, then ``mark_notified(job_id, message_ts=...)`` moves to ``'done'``.

A crash between 5 and 6 leaves the job in ``'posting'``. When its lease expires,
``claim_due`` returns it with ``notify_state='posting'``: the message may or may not have been
posted. The poller that claimed it must look in the Slack thread for a message it already
posted for this job (e.g. by the job id in the message metadata) and call ``mark_notified``
with that message's ts; only if there is none does it post again. Holding the claim's lease
is what entitles it to do so (``begin_notify`` is only for ``'due'`` jobs).
"""

from __future__ import annotations

import uuid
from typing import Any, get_args

from sqlalchemy import and_, delete, func, or_, select, update
from sqlalchemy.sql.elements import ColumnElement

from bot.store.base import Repository
from bot.store.leases import Lease, Leases
from bot.store.models import Job, NewJob, TerminalStatus
from bot.store.schema import jobs

_TERMINAL: tuple[str, ...] = get_args(TerminalStatus)
_LEASES = Leases(jobs, jobs.c.id, jobs.c.lease_owner, jobs.c.lease_expires_at)


class JobRepository(Repository):
    def _lease_free(self, now: float) -> ColumnElement[bool]:
        return _LEASES.free(now)

    async def create(self, new: NewJob, *, now: float | None = None) -> Job:
        at = self._now(now)
        values: dict[str, Any] = {
            "id": uuid.uuid4().hex,
            "request_id": new.request_id,
            "contact_id": new.contact_id,
            "contact_name": new.contact_name,
            "type": new.type,
            "team_id": new.team_id,
            "channel_id": new.channel_id,
            "thread_ts": new.thread_ts,
            "status_message_ts": new.status_message_ts,
            "requester_user_id": new.requester_user_id,
            "key_owner": str(new.key_owner),
            "key_fingerprint": new.key_fingerprint,
            "status": "pending",
            "result": None,
            "attempts": 0,
            "next_poll_at": at if new.next_poll_at is None else new.next_poll_at,
            "lease_owner": None,
            "lease_expires_at": None,
            "created_at": at,
            "finished_at": None,
            "notify_state": "none",
            "notified_at": None,
            "notification_ts": None,
            "batch_id": new.batch_id,
        }
        async with self._db.write() as conn:
            await conn.execute(jobs.insert().values(**values))
        return Job.from_row(values)

    async def get(self, job_id: str) -> Job | None:
        async with self._db.read() as conn:
            row = (await conn.execute(select(jobs).where(jobs.c.id == job_id))).mappings().first()
        return Job.from_row(row) if row is not None else None

    async def set_status_message(self, job_id: str, *, message_ts: str) -> bool:
        """Remember the "enriching…" message so the poller can update it."""
        return await self._changed_one(
            update(jobs).where(jobs.c.id == job_id).values(status_message_ts=message_ts)
        )

    async def claim_due(
        self,
        *,
        worker_id: str,
        now: float,
        limit: int,
        lease_seconds: float,
        due_by: float | None = None,
    ) -> list[Job]:
        """Lease up to ``limit`` jobs due by ``due_by`` (default ``now``) to ``worker_id``
        (earliest ``next_poll_at`` first). A lease is free only once expired at ``now``:
        looking ahead for due jobs never takes a lease that is still running."""
        due = and_(
            jobs.c.notify_state != "done",
            jobs.c.next_poll_at <= (now if due_by is None else due_by),
        )
        lease = Lease(worker_id, now, lease_seconds)
        rows = await _LEASES.claim(
            self._db, lease, due=due, order_by=[jobs.c.next_poll_at], limit=limit
        )
        claimed = [Job.from_row(row) for row in rows]
        claimed.sort(key=lambda job: (job.next_poll_at, job.created_at))
        return claimed

    async def reschedule(
        self, job_id: str, *, worker_id: str, next_poll_at: float, attempts: int
    ) -> bool:
        """Still pending: poll again at ``next_poll_at``; drops the lease. False if not ours."""
        return await self._changed_one(
            update(jobs)
            .where(jobs.c.id == job_id, jobs.c.lease_owner == worker_id)
            .values(
                next_poll_at=next_poll_at,
                attempts=attempts,
                lease_owner=None,
                lease_expires_at=None,
            )
        )

    async def renew(self, worker_id: str, *, now: float, lease_seconds: float) -> int:
        """Extend every live lease of ``worker_id`` to ``now + lease_seconds`` (a worker that is
        alive keeps its jobs however long Leonar takes; a dead one loses them when the short
        lease runs out). An expired lease is not revived. Returns how many were extended."""
        return await self._changed(_LEASES.renew(worker_id, now=now, lease_seconds=lease_seconds))

    async def release(self, worker_id: str) -> int:
        """Give up every lease of ``worker_id`` (graceful shutdown); returns how many."""
        return await self._changed(_LEASES.release(worker_id))

    async def finish(
        self,
        job_id: str,
        *,
        worker_id: str,
        status: TerminalStatus,
        result: dict[str, Any],
        now: float | None = None,
    ) -> bool:
        """Record the terminal status and result; the job becomes due for notification.

        False when the job is no longer leased to ``worker_id`` or was already finished.
        """
        if status not in _TERMINAL:
            raise ValueError(f"not a terminal status: {status!r}")
        at = self._now(now)
        return await self._changed_one(
            update(jobs)
            .where(
                jobs.c.id == job_id,
                jobs.c.lease_owner == worker_id,
                jobs.c.notify_state == "none",
            )
            .values(
                status=status,
                result=result,
                finished_at=at,
                notify_state="due",
                next_poll_at=at,
            )
        )

    async def begin_notify(
        self,
        job_id: str,
        *,
        worker_id: str,
        now: float | None = None,
        lease_seconds: float = 60.0,
    ) -> bool:
        """Atomically ``'due' → 'posting'`` for ``worker_id``; False if someone else did.

        Also (re)leases the job to ``worker_id`` for ``lease_seconds``: post within it.
        """
        at = self._now(now)
        return await self._changed_one(
            update(jobs)
            .where(
                jobs.c.id == job_id,
                jobs.c.notify_state == "due",
                or_(jobs.c.lease_owner == worker_id, self._lease_free(at)),
            )
            .values(
                notify_state="posting",
                lease_owner=worker_id,
                lease_expires_at=at + lease_seconds,
            )
        )

    async def mark_notified(
        self, job_id: str, *, message_ts: str | None, now: float | None = None
    ) -> bool:
        """The notification is in Slack (``message_ts``; None if it could not be posted)."""
        at = self._now(now)
        return await self._changed_one(
            update(jobs)
            .where(jobs.c.id == job_id, jobs.c.notify_state.in_(("due", "posting")))
            .values(
                notify_state="done",
                notified_at=at,
                notification_ts=message_ts,
                lease_owner=None,
                lease_expires_at=None,
            )
        )

    async def pending_count(self) -> int:
        """Jobs Leonar has not finished yet (status pending)."""
        async with self._db.read() as conn:
            count = await conn.scalar(
                select(func.count()).select_from(jobs).where(jobs.c.status == "pending")
            )
        return int(count or 0)

    async def durations(self, type: str, *, limit: int = 50) -> list[float]:
        """Seconds from start to completion of the most recent completed jobs of ``type``."""
        async with self._db.read() as conn:
            values = (
                await conn.scalars(
                    select(jobs.c.finished_at - jobs.c.created_at)
                    .where(
                        jobs.c.type == type,
                        jobs.c.status == "completed",
                        jobs.c.finished_at.is_not(None),
                    )
                    .order_by(jobs.c.finished_at.desc())
                    .limit(limit)
                )
            ).all()
        return [float(v) for v in values]

    async def recent_for_user(self, team_id: str, user_id: str, limit: int = 10) -> list[Job]:
        """The user's most recent jobs, newest first."""
        async with self._db.read() as conn:
            rows = (
                (
                    await conn.execute(
                        select(jobs)
                        .where(jobs.c.team_id == team_id, jobs.c.requester_user_id == user_id)
                        .order_by(jobs.c.created_at.desc())
                        .limit(limit)
                    )
                )
                .mappings()
                .all()
            )
        return [Job.from_row(row) for row in rows]

    async def purge_finished_before(self, cutoff: float) -> int:
        """Delete jobs finished (and notified) before ``cutoff``; returns how many. Pending jobs
        and notifications still to post are kept whatever their age."""
        return await self._changed(
            delete(jobs).where(
                jobs.c.status != "pending",
                jobs.c.notify_state == "done",
                jobs.c.finished_at < cutoff,
            )
        )
