"""Versioned, forward-only schema migrations that run on start.

Each migration has a version number and an ``upgrade(connection)`` function that runs inside
one transaction together with the row it adds to ``schema_migrations``; a migration that was
applied is never applied again, so running :func:`migrate` twice is a no-op.

Two processes starting at once are safe: on PostgreSQL the whole run holds a transaction-level
advisory lock (``pg_advisory_xact_lock``); on SQLite the transaction starts with
``BEGIN IMMEDIATE`` (see :mod:`bot.store.database`), which takes the database's write lock.
Both databases have transactional DDL, so the second process waits, then finds every version
recorded and does nothing.

A migration is frozen once released: its table definitions are written out here, not taken
from :mod:`bot.store.schema`. To change the schema, append a migration (``ALTER TABLE ...``)
and update ``schema.py`` to match; ``tests/store`` checks that the two agree.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from slack_sdk.oauth.installation_store.sqlalchemy import AsyncSQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import AsyncSQLAlchemyOAuthStateStore
from sqlalchemy import (
    JSON,
    Column,
    Connection,
    Double,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    insert,
    select,
    text,
)
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.store.schema import schema_migrations

log = logging.getLogger(__name__)

#: arbitrary constant identifying the bot's migration lock among PostgreSQL advisory locks
PG_MIGRATION_LOCK_KEY = 0x1E0AA5_0001


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    upgrade: Callable[[Connection], None]


def _v1_core_tables(conn: Connection) -> None:
    md = MetaData()
    Table(
        "enrichment_jobs",
        md,
        Column("id", String(32), primary_key=True),
        Column("request_id", String(100), nullable=False),
        Column("contact_id", String(100), nullable=False),
        Column("contact_name", String(300), nullable=False, server_default=""),
        Column("type", String(32), nullable=False),
        Column("team_id", String(32), nullable=False),
        Column("channel_id", String(32), nullable=True),
        Column("thread_ts", String(32), nullable=True),
        Column("status_message_ts", String(32), nullable=True),
        Column("requester_user_id", String(32), nullable=False),
        Column("key_owner", String(100), nullable=False),
        Column("key_fingerprint", String(64), nullable=False),
        Column("status", String(16), nullable=False, server_default="pending"),
        Column("result", JSON, nullable=True),
        Column("attempts", Integer, nullable=False, server_default="0"),
        Column("next_poll_at", Double, nullable=False),
        Column("lease_owner", String(100), nullable=True),
        Column("lease_expires_at", Double, nullable=True),
        Column("created_at", Double, nullable=False),
        Column("finished_at", Double, nullable=True),
        Column("notify_state", String(16), nullable=False, server_default="none"),
        Column("notified_at", Double, nullable=True),
        Column("notification_ts", String(32), nullable=True),
        Index(
            "ix_enrichment_jobs_due",
            "next_poll_at",
            postgresql_where=text("notify_state <> 'done'"),
            sqlite_where=text("notify_state <> 'done'"),
        ),
        Index("ix_enrichment_jobs_lease_owner", "lease_owner"),
        Index("ix_enrichment_jobs_user", "team_id", "requester_user_id", "created_at"),
        Index("ix_enrichment_jobs_type_finished", "type", "finished_at"),
    )
    Table(
        "result_sets",
        md,
        Column("id", String(16), primary_key=True),
        Column("kind", String(32), nullable=False),
        Column("team_id", String(32), nullable=False),
        Column("payload", JSON, nullable=False),
        Column("created_at", Double, nullable=False),
        Column("expires_at", Double, nullable=False),
        Index("ix_result_sets_expires_at", "expires_at"),
    )
    Table(
        "user_keys",
        md,
        Column("team_id", String(32), primary_key=True),
        Column("user_id", String(32), primary_key=True),
        Column("ciphertext", LargeBinary, nullable=False),
        Column("key_fingerprint", String(64), nullable=False),
        Column("created_at", Double, nullable=False),
    )
    Table(
        "workspace_settings",
        md,
        Column("team_id", String(32), primary_key=True),
        Column("default_key_ciphertext", LargeBinary, nullable=True),
        Column("default_key_fingerprint", String(64), nullable=True),
        Column("enrichment_results", String(16), nullable=True),
        Column("updated_at", Double, nullable=False),
    )
    Table(
        "dedupe_keys",
        md,
        Column("key", String(255), primary_key=True),
        Column("expires_at", Double, nullable=False),
        Index("ix_dedupe_keys_expires_at", "expires_at"),
    )
    Table(
        "activity",
        md,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("team_id", String(32), nullable=False),
        Column("user_id", String(32), nullable=False),
        Column("text", Text, nullable=False),
        Column("created_at", Double, nullable=False),
        Index("ix_activity_user", "team_id", "user_id", "created_at"),
    )
    md.create_all(conn, checkfirst=False)


def _v2_slack_oauth_tables(conn: Connection) -> None:
    """Installations, bots and OAuth states, exactly as slack_sdk's SQLAlchemy stores expect."""
    md = MetaData()
    AsyncSQLAlchemyInstallationStore.build_installations_table(
        md, AsyncSQLAlchemyInstallationStore.default_installations_table_name
    )
    AsyncSQLAlchemyInstallationStore.build_bots_table(
        md, AsyncSQLAlchemyInstallationStore.default_bots_table_name
    )
    AsyncSQLAlchemyOAuthStateStore.build_oauth_states_table(
        md, AsyncSQLAlchemyOAuthStateStore.default_table_name
    )
    # checkfirst: a deployment may already have these tables from slack_sdk's create_tables()
    md.create_all(conn, checkfirst=True)


def _v3_watches(conn: Connection) -> None:
    """Channels following a hiring project or the open deals (issue #18)."""
    md = MetaData()
    Table(
        "watches",
        md,
        Column("id", String(32), primary_key=True),
        Column("team_id", String(32), nullable=False),
        Column("channel_id", String(32), nullable=False),
        Column("kind", String(16), nullable=False),
        Column("target_id", String(100), nullable=False, server_default=""),
        Column("target_name", String(300), nullable=False, server_default=""),
        Column("set_by_user_id", String(32), nullable=False),
        Column("key_owner", String(100), nullable=False),
        Column("tz", String(64), nullable=True),
        Column("created_at", Double, nullable=False),
        Column("last_checked_at", Double, nullable=True),
        Column("next_check_at", Double, nullable=False),
        Column("lease_owner", String(100), nullable=True),
        Column("lease_until", Double, nullable=True),
        Column("state", JSON, nullable=True),
        Column("outbox", JSON, nullable=True),
        Column("version", Integer, nullable=False, server_default="0"),
        Column("paused_reason", String(300), nullable=True),
        Column("last_digest_at", Double, nullable=True),
        UniqueConstraint("team_id", "channel_id", "kind", "target_id", name="uq_watches_target"),
        Index("ix_watches_due", "next_check_at"),
        Index("ix_watches_key_owner", "key_owner"),
    )
    md.create_all(conn, checkfirst=False)


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "core tables", _v1_core_tables),
    Migration(2, "slack oauth tables", _v2_slack_oauth_tables),
    Migration(3, "watches", _v3_watches),
)


async def migrate(engine: AsyncEngine, *, now: Callable[[], float] = time.time) -> list[int]:
    """Apply every migration not yet recorded; return the versions applied (empty = no-op)."""
    applied_now: list[int] = []
    async with engine.connect() as conn, conn.begin():
        if conn.dialect.name == "postgresql":
            await conn.execute(
                text("SELECT pg_advisory_xact_lock(:key)"), {"key": PG_MIGRATION_LOCK_KEY}
            )
        await conn.run_sync(lambda sync: schema_migrations.create(sync, checkfirst=True))
        done = set((await conn.scalars(select(schema_migrations.c.version))).all())
        known = {m.version for m in MIGRATIONS}
        if done - known:
            log.warning(
                "database has schema versions this code does not know: %s",
                sorted(done - known),
            )
        for migration in MIGRATIONS:
            if migration.version in done:
                continue
            log.info("applying migration %d: %s", migration.version, migration.name)
            await conn.run_sync(migration.upgrade)
            await conn.execute(
                insert(schema_migrations).values(
                    version=migration.version, name=migration.name, applied_at=now()
                )
            )
            applied_now.append(migration.version)
    return applied_now
