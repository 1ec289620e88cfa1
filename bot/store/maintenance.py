"""Periodic tasks shared by every process: a row per task says when it may run next.

Whoever moves ``next_run_at`` past ``now`` runs the task; the UPDATE repeats the "is it due"
condition, so when several processes (web workers, ``leonar-bot worker``) try at once exactly
one wins: on PostgreSQL the row lock makes the others re-check the condition and find it false;
on SQLite the write transaction (``BEGIN IMMEDIATE``) serializes them.
"""

from __future__ import annotations

from sqlalchemy import update

from bot.store.base import Repository, dialect_insert
from bot.store.schema import maintenance_runs as runs


class MaintenanceRepository(Repository):
    async def try_start(
        self, name: str, *, owner: str, interval: float, now: float | None = None
    ) -> bool:
        """True when ``name`` is due and this caller takes it: it is then not due again for
        ``interval`` seconds, for anyone. False when it ran (or is running) elsewhere."""
        at = self._now(now)
        async with self._db.write() as conn:
            await conn.execute(
                dialect_insert(conn, runs)
                .values(name=name, next_run_at=0.0)
                .on_conflict_do_nothing(index_elements=["name"])
            )
            result = await conn.execute(
                update(runs)
                .where(runs.c.name == name, runs.c.next_run_at <= at)
                .values(next_run_at=at + interval, last_started_at=at, last_owner=owner)
            )
        return int(result.rowcount) == 1
