"""Enrichment batches ("Enrich all"): one row per batch, the jobs carry its id.

Life of a batch
---------------
1. ``create(NewBatch)`` once the progress message is in the thread (its ts is stored).
2. The flow starts the enrichments one by one: ``started(id)`` after each job is stored;
   ``launch(id, stopped=...)`` when it is done starting (``stopped='credits'`` after a 402).
3. Each job's notifier ``record``s its outcome (compare-and-set on ``version``, keyed by the
   job id: a job notified twice after a crash counts once; two jobs at once both count).
4. ``close(id)`` returns True for exactly one caller, once the batch is launched and every
   started job has an outcome: that caller posts the summary.

The progress message is edited by one caller at a time, whatever the worker: ``claim_edit``
gives the turn (a lease on the row: ``editor``, ``editor_until``), ``shown`` records the version
an edit showed (``shown_version``), ``release_edit`` gives the turn back. An edit is never older
than the one before it (bot.enrichment.batch).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import or_, select, update

from bot.store.base import Repository
from bot.store.schema import batches

BatchOutcome = Literal["found", "not_found", "failed"]


@dataclass(frozen=True)
class BatchEntry:
    """One job's outcome: found (with the value), not found, or failed."""

    name: str
    outcome: BatchOutcome
    value: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "outcome": self.outcome, "value": self.value}

    @classmethod
    def from_json(cls, raw: Any) -> BatchEntry:
        data = raw if isinstance(raw, Mapping) else {}
        outcome = data.get("outcome")
        return cls(
            name=str(data.get("name") or ""),
            outcome=outcome if outcome in ("found", "not_found") else "failed",
            value=data.get("value") if isinstance(data.get("value"), str) else None,
        )


@dataclass(frozen=True)
class NewBatch:
    team_id: str
    channel_id: str
    thread_ts: str
    progress_ts: str
    requester_user_id: str
    #: how many enrichments the batch means to start
    total: int


@dataclass(frozen=True)
class Batch(NewBatch):
    """A stored batch: what it was created with, and how far it got."""

    id: str
    started: int
    launched: bool
    #: why the rest were not started ("credits": Leonar answered 402), None when all were
    stopped: str | None
    #: job id -> BatchEntry.to_json()
    results: dict[str, Any]
    version: int
    closed: bool
    created_at: float
    #: the version the progress message shows (its last edit was built from it)
    shown_version: int = 0
    #: who edits the progress message now (``claim_edit``), and until when
    editor: str | None = None
    editor_until: float | None = None

    @classmethod
    def from_row(cls, row: Mapping[Any, Any]) -> Batch:
        values = {name: row[name] for name in cls.__dataclass_fields__}
        values["launched"] = bool(values["launched"])
        values["closed"] = bool(values["closed"])
        values["results"] = dict(values["results"] or {})
        return cls(**values)

    @property
    def entries(self) -> list[BatchEntry]:
        return [BatchEntry.from_json(raw) for raw in self.results.values()]

    def count(self, outcome: BatchOutcome) -> int:
        return sum(1 for entry in self.entries if entry.outcome == outcome)

    @property
    def pending(self) -> int:
        """Started or still to start, without an outcome yet (none once stopped and done)."""
        planned = self.started if self.launched else max(self.total, self.started)
        return max(planned - len(self.results), 0)

    @property
    def complete(self) -> bool:
        return self.launched and len(self.results) >= self.started


#: compare-and-set retries before giving up (a batch has at most a few hundred jobs)
MAX_CAS_TRIES = 50


class BatchRepository(Repository):
    async def create(self, new: NewBatch, *, now: float | None = None) -> Batch:
        values: dict[str, Any] = {
            "id": uuid.uuid4().hex,
            "team_id": new.team_id,
            "channel_id": new.channel_id,
            "thread_ts": new.thread_ts,
            "progress_ts": new.progress_ts,
            "requester_user_id": new.requester_user_id,
            "total": new.total,
            "started": 0,
            "launched": False,
            "stopped": None,
            "results": {},
            "version": 0,
            "closed": False,
            "created_at": self._now(now),
            "shown_version": 0,
            "editor": None,
            "editor_until": None,
        }
        async with self._db.write() as conn:
            await conn.execute(batches.insert().values(**values))
        return Batch.from_row(values)

    async def get(self, batch_id: str) -> Batch | None:
        async with self._db.read() as conn:
            query = select(batches).where(batches.c.id == batch_id)
            row = (await conn.execute(query)).mappings().first()
        return Batch.from_row(row) if row is not None else None

    async def started(self, batch_id: str) -> None:
        """One more enrichment was started (its job stored with the batch id)."""
        await self._changed(
            update(batches)
            .where(batches.c.id == batch_id)
            .values(started=batches.c.started + 1, version=batches.c.version + 1)
        )

    async def launch(self, batch_id: str, *, stopped: str | None = None) -> Batch | None:
        """Every enrichment that will be started was; ``stopped`` says why the rest were not."""
        await self._changed(
            update(batches)
            .where(batches.c.id == batch_id)
            .values(launched=True, stopped=stopped, version=batches.c.version + 1)
        )
        return await self.get(batch_id)

    async def record(self, batch_id: str, job_id: str, entry: BatchEntry) -> Batch | None:
        """Count one job's outcome (once per job id); the batch as it is now."""
        for _ in range(MAX_CAS_TRIES):
            batch = await self.get(batch_id)
            if batch is None or job_id in batch.results:
                return batch
            results = {**batch.results, job_id: entry.to_json()}
            changed = await self._changed(
                update(batches)
                .where(batches.c.id == batch_id, batches.c.version == batch.version)
                .values(results=results, version=batch.version + 1)
            )
            if changed == 1:
                return await self.get(batch_id)
        raise RuntimeError(f"batch {batch_id}: too much contention")

    async def close(self, batch_id: str) -> Batch | None:
        """The finished batch for exactly one caller (who posts the summary); else None."""
        batch = await self.get(batch_id)
        if batch is None or batch.closed or not batch.complete:
            return None
        changed = await self._changed(
            update(batches)
            .where(
                batches.c.id == batch_id,
                batches.c.version == batch.version,
                batches.c.closed.is_(False),
            )
            .values(closed=True, version=batch.version + 1)
        )
        return batch if changed == 1 else None

    async def claim_edit(
        self, batch_id: str, editor: str, *, lease_seconds: float, now: float | None = None
    ) -> bool:
        """The turn to edit the progress message, for ``lease_seconds`` (False while another
        editor holds it; a dead editor's turn passes on once its lease ran out)."""
        at = self._now(now)
        return await self._changed_one(
            update(batches)
            .where(
                batches.c.id == batch_id,
                or_(batches.c.editor.is_(None), batches.c.editor_until < at),
            )
            .values(editor=editor, editor_until=at + lease_seconds)
        )

    async def shown(
        self,
        batch_id: str,
        editor: str,
        version: int,
        *,
        lease_seconds: float,
        now: float | None = None,
    ) -> bool:
        """The editor's edit built from ``version`` went out (its turn goes on for another
        ``lease_seconds``); False when the turn was no longer its own."""
        at = self._now(now)
        return await self._changed_one(
            update(batches)
            .where(
                batches.c.id == batch_id,
                batches.c.editor == editor,
                batches.c.shown_version < version,
            )
            .values(shown_version=version, editor_until=at + lease_seconds)
        )

    async def release_edit(self, batch_id: str, editor: str) -> None:
        """Give the turn to edit back (nothing when it is not the editor's any more)."""
        await self._changed(
            update(batches)
            .where(batches.c.id == batch_id, batches.c.editor == editor)
            .values(editor=None, editor_until=None)
        )
