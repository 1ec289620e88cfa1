"""Shared plumbing of the repositories: the engine handle, transactions, clock, upserts."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from contextlib import asynccontextmanager
from contextvars import ContextVar
from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from sqlalchemy.sql.base import Executable
from sqlalchemy.sql.dml import Insert

from bot.store.errors import StoreError

Clock = Callable[[], float]

#: set while this task holds the SQLite write turn (see ``EngineHandle.write``)
_IN_WRITE: ContextVar[bool] = ContextVar("leonar_sqlite_write", default=False)

#: execution option read by the SQLite "begin" hook: this transaction only reads
READ_ONLY_OPTION = "leonar_read_only"


class EngineHandle:
    """Holds the engine once ``Database.connect()`` created it; opens transactions."""

    def __init__(self, clock: Clock = time.time) -> None:
        self._engine: AsyncEngine | None = None
        self.clock = clock
        #: SQLite: this process's writers take turns here (first come, first served) instead of
        #: in SQLite's busy handler, which sleeps up to 100 ms between tries: under a burst of
        #: 200 searches that sleeping, not CPU, kept results 4 s late (docs/performance.md)
        self._sqlite_writes: asyncio.Lock | None = None

    @property
    def engine(self) -> AsyncEngine:
        if self._engine is None:
            raise StoreError("the database is not connected: call `await db.connect()` first")
        return self._engine

    @property
    def connected(self) -> bool:
        return self._engine is not None

    def set(self, engine: AsyncEngine | None) -> None:
        self._engine = engine
        sqlite_file = engine is not None and engine.dialect.name == "sqlite"
        self._sqlite_writes = asyncio.Lock() if sqlite_file else None

    @asynccontextmanager
    async def write(self) -> AsyncIterator[AsyncConnection]:
        """One transaction that may write (``BEGIN IMMEDIATE`` on SQLite); commits on exit."""
        if self._sqlite_writes is None or _IN_WRITE.get():
            # PostgreSQL, or a write inside a write (never waits for itself)
            async with self.engine.begin() as conn:
                yield conn
            return
        async with self._sqlite_writes:
            token = _IN_WRITE.set(True)
            try:
                async with self.engine.begin() as conn:
                    yield conn
            finally:
                _IN_WRITE.reset(token)

    @asynccontextmanager
    async def read(self) -> AsyncIterator[AsyncConnection]:
        """A read-only connection (a deferred transaction on SQLite); rolled back on exit."""
        async with self.engine.connect() as conn:
            await conn.execution_options(**{READ_ONLY_OPTION: True})
            yield conn


class Repository:
    def __init__(self, handle: EngineHandle) -> None:
        self._db = handle

    def _now(self, now: float | None) -> float:
        return self._db.clock() if now is None else now

    async def _changed(self, statement: Executable) -> int:
        """Run one UPDATE or DELETE in its own writing transaction: how many rows it changed."""
        async with self._db.write() as conn:
            result = await conn.execute(statement)
        return int(result.rowcount)

    async def _changed_one(self, statement: Executable) -> bool:
        """``_changed`` for a statement about one row: True when it changed it."""
        return await self._changed(statement) == 1


def dialect_insert(conn: AsyncConnection, table: Table) -> postgresql.Insert | sqlite.Insert:
    """An INSERT supporting ``on_conflict_do_*`` for the connection's database."""
    if conn.dialect.name == "postgresql":
        return postgresql.insert(table)
    if conn.dialect.name == "sqlite":
        return sqlite.insert(table)
    raise StoreError(f"unsupported database: {conn.dialect.name}")


def upsert(
    conn: AsyncConnection,
    table: Table,
    values: Mapping[str, Any],
    *,
    keys: Sequence[str],
    update: Sequence[str],
) -> Insert:
    """INSERT ... ON CONFLICT (keys) DO UPDATE SET the ``update`` columns."""
    stmt = dialect_insert(conn, table).values(**values)
    return stmt.on_conflict_do_update(
        index_elements=list(keys),
        set_={name: stmt.excluded[name] for name in update},
    )
