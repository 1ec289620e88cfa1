"""Stored result sets: search results, sourcing pages… referenced by a short id in buttons."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any

from sqlalchemy import delete, select, update

from bot.store.activity import insert_line
from bot.store.base import Repository
from bot.store.models import ActivityEntry
from bot.store.schema import result_sets

Payload = dict[str, Any] | list[Any]


class ResultSetRepository(Repository):
    async def put(
        self,
        kind: str,
        payload: Payload,
        *,
        team_id: str,
        ttl_seconds: float,
        now: float | None = None,
    ) -> str:
        """Store ``payload``; returns its id (12 url-safe characters)."""
        at = self._now(now)
        set_id = secrets.token_urlsafe(9)
        async with self._db.write() as conn:
            await conn.execute(
                result_sets.insert().values(
                    id=set_id,
                    kind=kind,
                    team_id=team_id,
                    payload=payload,
                    created_at=at,
                    expires_at=at + ttl_seconds,
                )
            )
        return set_id

    async def get(self, set_id: str, *, now: float | None = None) -> Payload | None:
        """The payload, or None when unknown or expired."""
        at = self._now(now)
        async with self._db.read() as conn:
            payload: Payload | None = await conn.scalar(
                select(result_sets.c.payload).where(
                    result_sets.c.id == set_id, result_sets.c.expires_at > at
                )
            )
        return payload

    async def update(
        self,
        set_id: str,
        payload: Payload,
        *,
        activity: tuple[str, str, str] | None = None,
        now: float | None = None,
    ) -> bool:
        """Replace the payload (keeps the expiry); False when the id is unknown. ``activity``
        (team, user, text): a Home tab line written in the same transaction."""
        async with self._db.write() as conn:
            res = await conn.execute(
                update(result_sets).where(result_sets.c.id == set_id).values(payload=payload)
            )
            if activity is not None:
                team_id, user_id, text = activity
                await conn.execute(
                    insert_line(ActivityEntry(team_id, user_id, text, self._now(now)))
                )
        return int(res.rowcount) == 1

    async def modify(
        self, set_id: str, change: Callable[[Payload], Payload], *, now: float | None = None
    ) -> Payload | None:
        """Read, ``change`` and write the payload in ONE transaction (the row is locked:
        ``FOR UPDATE`` on PostgreSQL, ``BEGIN IMMEDIATE`` on SQLite), so two writers (a click
        and the posting of the page) never overwrite each other's change. Returns the new
        payload, or None when the set is unknown or expired (nothing written)."""
        at = self._now(now)
        async with self._db.write() as conn:
            current: Payload | None = await conn.scalar(
                select(result_sets.c.payload)
                .where(result_sets.c.id == set_id, result_sets.c.expires_at > at)
                .with_for_update()
            )
            if current is None:
                return None
            changed = change(current)
            await conn.execute(
                update(result_sets).where(result_sets.c.id == set_id).values(payload=changed)
            )
        return changed

    async def purge_expired(self, now: float | None = None) -> int:
        """Delete expired sets; returns how many."""
        at = self._now(now)
        async with self._db.write() as conn:
            res = await conn.execute(delete(result_sets).where(result_sets.c.expires_at <= at))
        return int(res.rowcount)
