"""Leases on rows that several workers share (enrichment jobs, watches): one helper, one
discipline.

A row is free when it has no lease owner or its lease expired at ``now``. ``claim`` picks due
rows and leases them to one worker in one transaction: on PostgreSQL the candidates are selected
``FOR UPDATE SKIP LOCKED``; on SQLite the transaction starts with ``BEGIN IMMEDIATE`` (one
writer at a time) and the lease UPDATE repeats the "free" condition, so two workers never hold
the same row. A live worker ``renew``s its leases; a dead one's leases expire and its rows are
claimable again; ``release`` gives them all up on shutdown.

``LeasedWorker`` is the base of the loops that work this way (the enrichment poller, the watch
loop): its ``LeaseTicker`` calls ``step()`` every ``every`` seconds, renews the worker's leases
in the repository and releases them when the loop ends.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple, Protocol

from sqlalchemy import Column, Table, or_, select, update
from sqlalchemy.engine import RowMapping
from sqlalchemy.sql.dml import Update
from sqlalchemy.sql.elements import ColumnElement

from bot.store.base import EngineHandle

log = logging.getLogger(__name__)


class Lease(NamedTuple):
    """A lease to take: for ``worker_id``, from ``now``, for ``seconds``."""

    worker_id: str
    now: float
    seconds: float


@dataclass(frozen=True)
class Leases:
    """The lease columns of one table."""

    table: Table
    id: Column[Any]
    owner: Column[Any]
    expires: Column[Any]

    def free(self, now: float) -> ColumnElement[bool]:
        """No lease, or one that expired before ``now`` (a running lease is never taken)."""
        return or_(self.owner.is_(None), self.expires < now)

    async def claim(
        self,
        db: EngineHandle,
        lease: Lease,
        *,
        due: ColumnElement[bool],
        order_by: Sequence[ColumnElement[Any] | Column[Any]],
        limit: int,
    ) -> Sequence[RowMapping]:
        """Lease up to ``limit`` free rows matching ``due`` (in ``order_by`` order) to the
        lease's worker, in one writing transaction; returns them (in no particular order)."""
        async with db.write() as conn:
            ids = (
                await conn.scalars(
                    select(self.id)
                    .where(due, self.free(lease.now))
                    .order_by(*order_by)
                    .limit(limit)
                    .with_for_update(skip_locked=True)
                )
            ).all()
            if not ids:
                return []
            result = await conn.execute(
                update(self.table)
                .where(self.id.in_(ids), self.free(lease.now))
                .values({self.owner: lease.worker_id, self.expires: lease.now + lease.seconds})
                .returning(*self.table.c)
            )
            return result.mappings().all()

    def renew(self, worker_id: str, *, now: float, lease_seconds: float) -> Update:
        """Extend every live lease of ``worker_id`` (an expired one is not revived)."""
        return (
            update(self.table)
            .where(self.owner == worker_id, self.expires >= now)
            .values({self.expires: now + lease_seconds})
        )

    def release(self, worker_id: str) -> Update:
        """Give up every lease of ``worker_id``."""
        return (
            update(self.table)
            .where(self.owner == worker_id)
            .values({self.owner: None, self.expires: None})
        )


class LeaseTicker:
    """The loop of a worker that holds leases: ``tick()`` every ``every`` seconds until
    ``stop()``, renewing the worker's leases every third of ``lease_seconds`` (so a live
    worker keeps them and a dead one's expire); a failing tick is logged and the loop goes on;
    the leases are released at the end."""

    def __init__(
        self,
        *,
        name: str,
        lease_seconds: float,
        every: float,
        clock: Callable[[], float],
        tick: Callable[[], Awaitable[Any]],
        renew: Callable[[float], Awaitable[Any]],
        release: Callable[[], Awaitable[int]],
        time_scale: float = 1.0,
    ) -> None:
        self.name = name
        #: real seconds per clock second (benchmarks run an accelerated clock)
        self.time_scale = time_scale
        self.lease_seconds = lease_seconds
        self.every = every
        self.clock = clock
        self._tick, self._renew, self._release = tick, renew, release
        self.stopping = asyncio.Event()

    async def run(self) -> None:
        log.info("%s started", self.name)
        renewed = self.clock()
        try:
            while not self.stopping.is_set():
                started = self.clock()
                try:
                    if started - renewed >= self.lease_seconds / 3:
                        renewed = started
                        await self._renew(started)
                    await self._tick()
                except Exception:  # the loop must outlive any one failure; logged, not hidden
                    log.exception("%s: tick failed", self.name)
                await self.pause(self.every - (self.clock() - started))
        finally:
            released = await self._release()
            log.info("%s stopped (released %d leases)", self.name, released)

    def stop(self) -> None:
        self.stopping.set()

    async def pause(self, seconds: float) -> None:
        """Sleep ``seconds`` of the clock, or less when stopped meanwhile."""
        if seconds > 0:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.stopping.wait(), timeout=seconds * self.time_scale)


class LeaseHolder(Protocol):
    """A repository whose rows are leased (``Leases``): what a worker renews and releases."""

    async def renew(self, worker_id: str, *, now: float, lease_seconds: float) -> int: ...

    async def release(self, worker_id: str) -> int: ...


class LeasedWorker:
    """A worker holding leases on the rows of ``rows``, driven by a ``LeaseTicker``: ``run()``
    calls ``step()`` every ``every`` clock seconds until ``stop()``, renewing the worker's
    leases; at the end ``shutdown()`` (by default: ``release()``) gives them back.

    ``worker_id`` defaults to ``<id_prefix>-<12 hex digits>``; logs name it ``<name> <id>``."""

    def __init__(
        self,
        rows: LeaseHolder,
        *,
        name: str,
        id_prefix: str,
        worker_id: str | None,
        clock: Callable[[], float],
        lease_seconds: float,
        every: float,
        time_scale: float = 1.0,
    ) -> None:
        self.worker_id = worker_id or f"{id_prefix}-{uuid.uuid4().hex[:12]}"
        self.clock = clock
        self.lease_seconds = lease_seconds
        self._rows = rows
        self._running = False
        self.ticker = LeaseTicker(
            name=f"{name} {self.worker_id}",
            lease_seconds=lease_seconds,
            every=every,
            clock=clock,
            tick=self.step,
            renew=self._renew,
            release=self.shutdown,
            time_scale=time_scale,
        )

    @property
    def running(self) -> bool:
        return self._running

    @property
    def stopping(self) -> asyncio.Event:
        """Set by ``stop()``: the work in progress should end."""
        return self.ticker.stopping

    async def run(self) -> None:
        """Tick until ``stop()``, then ``shutdown()`` (the leases go back)."""
        self._running = True
        try:
            await self.ticker.run()
        finally:
            self._running = False

    def stop(self) -> None:
        self.ticker.stop()

    async def step(self) -> Any:
        """One tick of the loop (a failure is logged and the loop goes on)."""
        raise NotImplementedError

    async def shutdown(self) -> int:
        """The loop has ended: give back the leases; returns how many."""
        return await self.release()

    async def release(self) -> int:
        """Give back this worker's leases (graceful shutdown); returns how many."""
        return await self._rows.release(self.worker_id)

    async def _renew(self, now: float) -> int:
        return await self._rows.renew(self.worker_id, now=now, lease_seconds=self.lease_seconds)
