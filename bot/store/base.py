"""Shared plumbing of the repositories: the engine handle, transactions, clock, upserts."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from sqlalchemy.sql.dml import Insert

from bot.store.errors import StoreError

Clock = Callable[[], float]

#: execution option read by the SQLite "begin" hook: this transaction only reads
READ_ONLY_OPTION = "leonar_read_only"


class EngineHandle:
    """Holds the engine once ``Database.connect()`` created it; opens transactions."""

    def __init__(self, clock: Clock = time.time) -> None:
        self._engine: AsyncEngine | None = None
        self.clock = clock

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

    @asynccontextmanager
    async def write(self) -> AsyncIterator[AsyncConnection]:
        """One transaction that may write (``BEGIN IMMEDIATE`` on SQLite); commits on exit."""
        async with self.engine.begin() as conn:
            yield conn

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
