"""Watches: channels following a hiring project or the open deals, checked under leases.

Life of a watch
---------------
1. ``add(NewWatch)`` when ``/leonar watch`` succeeded (idempotent per channel + kind + target:
   watching again re-arms the watch with the new setter's key and un-pauses it).
2. ``claim_due(worker_id=..., now=..., limit=..., lease_seconds=...)`` leases due, unpaused
   watches to one worker (the same lease discipline as enrichment jobs, :mod:`bot.store.leases`);
   a live worker ``renew``s them; ``release(worker_id)`` on shutdown.
3. The worker reads Leonar and compares with ``watch.state`` (bot.services.watches). Then
   ``checked(watch_id, worker_id=..., next_check_at=...)`` drops the lease.

Each change told exactly once
-----------------------------
4. When something changed: ``save_state(watch_id, version=watch.version, state=new,
   outbox=changes)``. It is a compare-and-set on ``version``: only one worker ever wins for a
   given version (another worker that read the same old state, or a stale lease, gets None
   and must not post).
5. The winner posts, with the watch id and the new version in the message metadata, then
   ``mark_told(watch_id, version=new_version)`` clears the outbox.

A crash between 4 and 5 leaves ``outbox`` set: the next worker that claims the watch looks in
the channel for a message with that watch id and version; only when there is none does it post
the outbox, then calls ``mark_told``.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import and_, delete, func, select, update

from bot.store.base import Repository, dialect_insert
from bot.store.leases import Lease, Leases
from bot.store.models import NewWatch, Watch
from bot.store.schema import watches

_LEASES = Leases(watches, watches.c.id, watches.c.lease_owner, watches.c.lease_until)


class WatchRepository(Repository):
    async def add(self, new: NewWatch, *, now: float | None = None) -> tuple[Watch, bool]:
        """Store the watch; returns it and whether it is new. Watching the same target again
        in the same channel keeps the one watch: it takes the new setter (and key, timezone,
        name, snapshot when given), is no longer paused and is due at ``next_check_at``."""
        at = self._now(now)
        due = at if new.next_check_at is None else new.next_check_at
        values: dict[str, Any] = {
            "id": uuid.uuid4().hex,
            "team_id": new.team_id,
            "channel_id": new.channel_id,
            "kind": new.kind,
            "target_id": new.target_id,
            "target_name": new.target_name,
            "set_by_user_id": new.set_by_user_id,
            "key_owner": str(new.key_owner),
            "tz": new.tz,
            "created_at": at,
            "next_check_at": due,
            "state": new.state,
            "version": 0,
        }
        async with self._db.write() as conn:
            inserted = await conn.scalar(
                dialect_insert(conn, watches)
                .values(**values)
                .on_conflict_do_nothing(
                    index_elements=["team_id", "channel_id", "kind", "target_id"]
                )
                .returning(watches.c.id)
            )
            if inserted is None:
                again: dict[str, Any] = {
                    "set_by_user_id": new.set_by_user_id,
                    "key_owner": str(new.key_owner),
                    "tz": new.tz,
                    "paused_reason": None,
                    "next_check_at": due,
                }
                if new.target_name:
                    again["target_name"] = new.target_name
                if new.state is not None:
                    again |= {"state": new.state, "outbox": None, "version": watches.c.version + 1}
                await conn.execute(update(watches).where(self._target(new)).values(**again))
            row = (await conn.execute(select(watches).where(self._target(new)))).mappings().one()
        return Watch.from_row(row), inserted is not None

    @staticmethod
    def _target(new: NewWatch) -> Any:
        return and_(
            watches.c.team_id == new.team_id,
            watches.c.channel_id == new.channel_id,
            watches.c.kind == new.kind,
            watches.c.target_id == new.target_id,
        )

    async def get(self, watch_id: str) -> Watch | None:
        async with self._db.read() as conn:
            row = (
                (await conn.execute(select(watches).where(watches.c.id == watch_id)))
                .mappings()
                .first()
            )
        return Watch.from_row(row) if row is not None else None

    async def list_for_channel(self, team_id: str, channel_id: str) -> list[Watch]:
        """The channel's watches, oldest first (the first one's setter owns the digest)."""
        return await self._select(
            and_(watches.c.team_id == team_id, watches.c.channel_id == channel_id)
        )

    async def digest_holders(self) -> list[Watch]:
        """The first watch of every channel that has any (it carries ``tz`` and
        ``last_digest_at`` for the channel's weekly digest)."""
        first: dict[tuple[str, str], Watch] = {}
        for watch in await self._select(None):
            first.setdefault((watch.team_id, watch.channel_id), watch)
        return list(first.values())

    async def _select(self, where: Any) -> list[Watch]:
        query = select(watches).order_by(watches.c.created_at, watches.c.id)
        if where is not None:
            query = query.where(where)
        async with self._db.read() as conn:
            rows = (await conn.execute(query)).mappings().all()
        return [Watch.from_row(row) for row in rows]

    async def remove(
        self, team_id: str, channel_id: str, *, kind: str, target_id: str = ""
    ) -> bool:
        """Stop this channel's watch of ``target_id``; False when the channel did not watch it."""
        return await self._changed_one(
            delete(watches).where(
                watches.c.team_id == team_id,
                watches.c.channel_id == channel_id,
                watches.c.kind == kind,
                watches.c.target_id == target_id,
            )
        )

    async def remove_id(self, team_id: str, channel_id: str, watch_id: str) -> Watch | None:
        """The Unwatch button: remove the watch only if it belongs to this channel."""
        async with self._db.write() as conn:
            row = (
                (
                    await conn.execute(
                        delete(watches)
                        .where(
                            watches.c.id == watch_id,
                            watches.c.team_id == team_id,
                            watches.c.channel_id == channel_id,
                        )
                        .returning(*watches.c)
                    )
                )
                .mappings()
                .first()
            )
        return Watch.from_row(row) if row is not None else None

    async def delete_for_team(self, team_id: str) -> int:
        """Uninstall: every watch of the workspace goes."""
        return await self._changed(delete(watches).where(watches.c.team_id == team_id))

    async def count_for_key_owner(self, key_owner: str) -> int:
        """Unpaused watches checked with this key (they share its hourly budget)."""
        async with self._db.read() as conn:
            count = await conn.scalar(
                select(func.count())
                .select_from(watches)
                .where(watches.c.key_owner == key_owner, watches.c.paused_reason.is_(None))
            )
        return int(count or 0)

    # --- checks under leases

    async def claim_due(
        self, *, worker_id: str, now: float, limit: int, lease_seconds: float
    ) -> list[Watch]:
        """Lease up to ``limit`` unpaused watches due at ``now``, earliest first."""
        due = and_(watches.c.next_check_at <= now, watches.c.paused_reason.is_(None))
        lease = Lease(worker_id, now, lease_seconds)
        order = [watches.c.next_check_at]
        rows = await _LEASES.claim(self._db, lease, due=due, order_by=order, limit=limit)
        return sorted((Watch.from_row(r) for r in rows), key=lambda w: (w.next_check_at, w.id))

    async def renew(self, worker_id: str, *, now: float, lease_seconds: float) -> int:
        return await self._changed(_LEASES.renew(worker_id, now=now, lease_seconds=lease_seconds))

    async def release(self, worker_id: str) -> int:
        return await self._changed(_LEASES.release(worker_id))

    async def checked(
        self, watch_id: str, *, worker_id: str, next_check_at: float, now: float | None = None
    ) -> bool:
        """The check is over: due again at ``next_check_at``; drops the lease. False if the
        watch is no longer leased to ``worker_id`` (or was removed)."""
        return await self._changed_one(
            update(watches)
            .where(watches.c.id == watch_id, watches.c.lease_owner == worker_id)
            .values(
                last_checked_at=self._now(now),
                next_check_at=next_check_at,
                lease_owner=None,
                lease_until=None,
            )
        )

    # --- exactly-once telling

    async def save_state(
        self,
        watch_id: str,
        *,
        version: int,
        state: dict[str, Any],
        outbox: dict[str, Any] | None = None,
    ) -> int | None:
        """Compare-and-set: store ``state`` (and the ``outbox`` to post) if the watch is still
        at ``version``; returns the new version, None when another worker got there first."""
        changed = await self._changed(
            update(watches)
            .where(watches.c.id == watch_id, watches.c.version == version)
            .values(state=state, outbox=outbox, version=version + 1)
        )
        return version + 1 if changed == 1 else None

    async def mark_told(self, watch_id: str, *, version: int) -> bool:
        """The outbox of ``version`` is in the channel: clear it."""
        return await self._changed_one(
            update(watches)
            .where(
                watches.c.id == watch_id,
                watches.c.version == version,
                watches.c.outbox.is_not(None),
            )
            .values(outbox=None)
        )

    async def pause(self, watch_id: str, *, reason: str) -> bool:
        """Stop checking (the key is gone). True only the first time: tell the channel then."""
        return await self._changed_one(
            update(watches)
            .where(watches.c.id == watch_id, watches.c.paused_reason.is_(None))
            .values(paused_reason=reason, lease_owner=None, lease_until=None)
        )

    async def resume(self, watch_id: str, *, next_check_at: float) -> bool:
        return await self._changed_one(
            update(watches)
            .where(watches.c.id == watch_id, watches.c.paused_reason.is_not(None))
            .values(paused_reason=None, next_check_at=next_check_at)
        )

    async def mark_digest(self, watch_id: str, *, week_start: float, now: float) -> bool:
        """Claim this week's digest for the channel: True for exactly one caller per week
        (``last_digest_at`` before ``week_start``, or never)."""
        return await self._changed_one(
            update(watches)
            .where(
                watches.c.id == watch_id,
                (watches.c.last_digest_at.is_(None)) | (watches.c.last_digest_at < week_start),
            )
            .values(last_digest_at=now)
        )
