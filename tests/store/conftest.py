"""Every store test runs on SQLite (a temporary file) and on PostgreSQL (a throwaway database)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from bot.store import Database
from tests.support.pg import (
    asyncpg_url,
    postgres_unavailable_reason,
    skip_or_fail,
    throwaway_database,
)

MakeDb = Callable[..., Awaitable[Database]]


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
async def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """A fresh, empty database (not migrated) on each backend."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'store.db'}"
        return
    reason = await postgres_unavailable_reason()
    if reason:
        skip_or_fail(reason)
    async with throwaway_database() as dsn:
        yield asyncpg_url(dsn)


@pytest.fixture
def encryption_keys() -> list[str]:
    return [Fernet.generate_key().decode()]


@pytest.fixture
async def make_db(db_url: str, encryption_keys: list[str]) -> AsyncIterator[MakeDb]:
    """Open more Database objects on the same database (like other processes would)."""
    opened: list[Database] = []

    async def make(*, migrate: bool = True, keys: list[str] | None = None) -> Database:
        db = Database(db_url, encryption_keys=encryption_keys if keys is None else keys)
        opened.append(db)
        await db.connect()
        if migrate:
            await db.migrate()
        return db

    yield make
    for db in opened:
        await db.close()


@pytest.fixture
async def db(make_db: MakeDb) -> Database:
    """A connected, migrated database."""
    return await make_db()
