"""The database: one async engine (SQLite via aiosqlite or PostgreSQL via asyncpg) and the
repositories on top of it. Open it in the app's lifespan, never per request::

    db = Database.from_settings(settings)
    await db.connect()
    await db.migrate()          # safe when several processes start at once
    ...
    await db.close()

On SQLite every writing transaction starts with ``BEGIN IMMEDIATE`` (the write lock is taken
up front, so read-then-write transactions such as job claims and migrations are serialized
across connections and processes), the journal is in WAL mode and lock waits time out after
30 s. Read-only repository methods use plain deferred transactions.
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from slack_sdk.oauth.installation_store.sqlalchemy import AsyncSQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import AsyncSQLAlchemyOAuthStateStore
from sqlalchemy import Connection, delete, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import ConnectionPoolEntry, StaticPool

from bot.settings import ConfigError, Settings
from bot.store.activity import ActivityRepository
from bot.store.base import READ_ONLY_OPTION, Clock, EngineHandle
from bot.store.batches import BatchRepository
from bot.store.crypto import KeyCipher, parse_encryption_keys
from bot.store.dedupe import DedupeRepository
from bot.store.errors import StoreError
from bot.store.jobs import JobRepository
from bot.store.maintenance import MaintenanceRepository
from bot.store.migrations import migrate
from bot.store.result_sets import ResultSetRepository
from bot.store.teams import TeamRepository
from bot.store.user_keys import UserKeyRepository
from bot.store.watches import WatchRepository
from bot.store.workspaces import WorkspaceRepository

SQLITE_BUSY_TIMEOUT_SECONDS = 30.0


def _install_sqlite_hooks(engine: AsyncEngine) -> None:
    """Take over BEGIN from the driver so writes can start with BEGIN IMMEDIATE."""

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: ConnectionPoolEntry) -> None:
        dbapi_conn.isolation_level = None  # the driver must not BEGIN by itself
        cursor = dbapi_conn.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {int(SQLITE_BUSY_TIMEOUT_SECONDS * 1000)}")
            cursor.execute("PRAGMA synchronous = NORMAL")
        finally:
            cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(conn: Connection) -> None:
        read_only = conn.get_execution_options().get(READ_ONLY_OPTION, False)
        conn.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


async def _enable_wal(engine: AsyncEngine) -> None:
    """Switch the file to WAL (persistent). SQLite does not wait on its busy handler for this
    switch, so another process holding the write lock (e.g. migrating) makes us retry."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + SQLITE_BUSY_TIMEOUT_SECONDS
    async with engine.connect() as conn:
        raw = await conn.get_raw_connection()
        driver_conn: Any = raw.driver_connection  # aiosqlite.Connection, outside a transaction
        while True:
            try:
                cursor = await driver_conn.execute("PRAGMA journal_mode = WAL")
                await cursor.close()
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or loop.time() > deadline:
                    raise
                await asyncio.sleep(0.05)


class Database:
    """Engine, migrations and repositories. Construct freely; ``connect()`` opens the engine."""

    def __init__(
        self,
        url: str,
        *,
        encryption_keys: list[str] | None = None,
        slack_client_id: str | None = None,
        oauth_state_expiration_seconds: int = 600,
        clock: Clock = time.time,
    ) -> None:
        try:
            self._url = make_url(url)
        except (ArgumentError, ValueError) as exc:
            raise ConfigError("DATABASE_URL is invalid: not a database URL") from exc
        if self._url.get_backend_name() not in ("sqlite", "postgresql"):
            raise ConfigError("DATABASE_URL is invalid: use a postgresql:// or sqlite:// URL")
        self._slack_client_id = slack_client_id or ""
        self._oauth_state_expiration = oauth_state_expiration_seconds
        self._handle = EngineHandle(clock)
        cipher = KeyCipher(encryption_keys)
        self.jobs = JobRepository(self._handle)
        self.result_sets = ResultSetRepository(self._handle)
        self.user_keys = UserKeyRepository(self._handle, cipher)
        self.workspaces = WorkspaceRepository(self._handle, cipher)
        self.dedupe = DedupeRepository(self._handle)
        self.activity = ActivityRepository(self._handle)
        self.maintenance = MaintenanceRepository(self._handle)
        self.teams = TeamRepository(self._handle)
        self.watches = WatchRepository(self._handle)
        self.batches = BatchRepository(self._handle)
        self._installation_store: AsyncSQLAlchemyInstallationStore | None = None
        self._oauth_state_store: AsyncSQLAlchemyOAuthStateStore | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> Database:
        key = settings.encryption_key.get_secret_value() if settings.encryption_key else None
        return cls(
            settings.database_url,
            encryption_keys=parse_encryption_keys(key),
            slack_client_id=settings.slack_client_id,
        )

    @property
    def url(self) -> str:
        """The URL with any password hidden (safe to log)."""
        return self._url.render_as_string(hide_password=True)

    @property
    def dialect(self) -> str:
        """``"sqlite"`` or ``"postgresql"``."""
        return self._url.get_backend_name()

    @property
    def engine(self) -> AsyncEngine:
        return self._handle.engine

    @property
    def installation_store(self) -> AsyncSQLAlchemyInstallationStore:
        if self._installation_store is None:
            raise StoreError("the database is not connected: call `await db.connect()` first")
        return self._installation_store

    @property
    def oauth_state_store(self) -> AsyncSQLAlchemyOAuthStateStore:
        if self._oauth_state_store is None:
            raise StoreError("the database is not connected: call `await db.connect()` first")
        return self._oauth_state_store

    async def connect(self) -> None:
        """Create the engine (and the SQLite file's directory); idempotent."""
        if self._handle.connected:
            return
        kwargs: dict[str, Any] = {}
        wal = False
        if self.dialect == "sqlite":
            database = self._url.database or ""
            if database in ("", ":memory:") or database.startswith("file::memory:"):
                kwargs["poolclass"] = StaticPool
            else:
                Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
                wal = True
            kwargs["connect_args"] = {"timeout": SQLITE_BUSY_TIMEOUT_SECONDS}
        else:
            kwargs["pool_pre_ping"] = True
        engine = create_async_engine(self._url, **kwargs)
        if self.dialect == "sqlite":
            _install_sqlite_hooks(engine)
            if wal:
                try:
                    await _enable_wal(engine)
                except BaseException:
                    await engine.dispose()
                    raise
        self._handle.set(engine)
        self._installation_store = AsyncSQLAlchemyInstallationStore(
            client_id=self._slack_client_id, engine=engine
        )
        self._oauth_state_store = AsyncSQLAlchemyOAuthStateStore(
            expiration_seconds=self._oauth_state_expiration, engine=engine
        )

    async def migrate(self) -> list[str]:
        """Upgrade the schema to the newest Alembic revision (adopting a database of the release
        before Alembic); returns the revisions applied (empty when up to date)."""
        return await migrate(self.engine)

    async def close(self) -> None:
        if self._handle.connected:
            engine = self._handle.engine
            self._handle.set(None)
            self._installation_store = None
            self._oauth_state_store = None
            await engine.dispose()

    async def __aenter__(self) -> Database:
        await self.connect()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    async def purge_expired(self, now: float | None = None) -> int:
        """Periodic clean-up: expired result sets, dedupe keys and OAuth states."""
        at = self._handle.clock() if now is None else now
        count = await self.result_sets.purge_expired(at)
        count += await self.dedupe.purge_expired(at)
        states = self.oauth_state_store.oauth_states
        naive_utc = datetime.fromtimestamp(at, tz=UTC).replace(tzinfo=None)
        async with self._handle.write() as conn:
            res = await conn.execute(delete(states).where(states.c.expire_at < naive_utc))
        return count + int(res.rowcount)

    async def reencrypt_all(self) -> int:
        """Re-encrypt user keys and workspace default keys under the first ENCRYPTION_KEY."""
        return await self.user_keys.reencrypt_all() + await self.workspaces.reencrypt_all()
