"""Throwaway PostgreSQL databases for tests (independent of the bot's code).

Usage in a fixture::

    reason = await postgres_unavailable_reason()
    if reason:
        skip_or_fail(reason)          # fails instead when REQUIRE_POSTGRES=1
    async with throwaway_database() as dsn:   # postgresql://.../leonar_test_<random>
        yield asyncpg_url(dsn)        # postgresql+asyncpg://... for SQLAlchemy

The server is taken from ``TEST_POSTGRES_URL`` (default: postgres@127.0.0.1:5432/test).
"""

from __future__ import annotations

import os
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import NoReturn
from urllib.parse import urlsplit, urlunsplit

import asyncpg  # type: ignore[import-untyped]
import pytest

DEFAULT_ADMIN_DSN = "postgresql://postgres@127.0.0.1:5432/test"


def admin_dsn() -> str:
    """The DSN of a database we may connect to in order to CREATE/DROP others."""
    return os.environ.get("TEST_POSTGRES_URL", DEFAULT_ADMIN_DSN)


def postgres_required() -> bool:
    return os.environ.get("REQUIRE_POSTGRES", "") == "1"


def skip_or_fail(reason: str) -> NoReturn:
    """Skip the test, or fail it when REQUIRE_POSTGRES=1."""
    if postgres_required():
        pytest.fail(f"REQUIRE_POSTGRES=1 but {reason}", pytrace=False)
    pytest.skip(reason)


async def postgres_unavailable_reason(dsn: str | None = None, *, timeout: float = 5.0) -> str | None:
    """None when the server answers; otherwise a one-line reason naming the server."""
    target = dsn or admin_dsn()
    parts = urlsplit(target)
    where = f"{parts.hostname or '?'}:{parts.port or 5432}"
    try:
        conn = await asyncpg.connect(target, timeout=timeout)
    except (OSError, TimeoutError, asyncpg.PostgresError) as exc:
        return f"PostgreSQL not reachable at {where} ({type(exc).__name__}: {exc})"
    await conn.close()
    return None


def with_database(dsn: str, database: str) -> str:
    """``dsn`` pointing at another database on the same server."""
    parts = urlsplit(dsn)
    return urlunsplit((parts.scheme, parts.netloc, "/" + database, parts.query, parts.fragment))


def asyncpg_url(dsn: str) -> str:
    """``postgresql://`` → ``postgresql+asyncpg://`` (SQLAlchemy's async driver)."""
    scheme, rest = dsn.split("://", 1)
    return f"postgresql+asyncpg://{rest}" if scheme in ("postgres", "postgresql") else dsn


@asynccontextmanager
async def throwaway_database(
    prefix: str = "leonar_test", *, dsn: str | None = None
) -> AsyncIterator[str]:
    """Create ``<prefix>_<random>``, yield its DSN, drop it (even if connections linger)."""
    admin = dsn or admin_dsn()
    name = f"{prefix}_{secrets.token_hex(6)}"
    conn = await asyncpg.connect(admin)
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    try:
        yield with_database(admin, name)
    finally:
        conn = await asyncpg.connect(admin)
        try:
            await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await conn.close()
