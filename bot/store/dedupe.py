"""Idempotency keys: Slack retries and double clicks do the work once."""

from __future__ import annotations

from sqlalchemy import delete

from bot.store.base import Repository, dialect_insert
from bot.store.schema import dedupe_keys


class DedupeRepository(Repository):
    async def first_time(self, key: str, *, ttl_seconds: float, now: float | None = None) -> bool:
        """True exactly once per ``key`` until it expires (``ttl_seconds`` from now)."""
        at = self._now(now)
        async with self._db.write() as conn:
            await conn.execute(
                delete(dedupe_keys).where(dedupe_keys.c.key == key, dedupe_keys.c.expires_at <= at)
            )
            res = await conn.execute(
                dialect_insert(conn, dedupe_keys)
                .values(key=key, expires_at=at + ttl_seconds)
                .on_conflict_do_nothing(index_elements=["key"])
            )
        return int(res.rowcount) == 1

    async def purge_expired(self, now: float | None = None) -> int:
        at = self._now(now)
        async with self._db.write() as conn:
            res = await conn.execute(delete(dedupe_keys).where(dedupe_keys.c.expires_at <= at))
        return int(res.rowcount)
