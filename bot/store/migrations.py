"""Schema migrations with Alembic: the revisions live in ``bot/store/alembic/versions`` (shipped
inside the package) and :func:`migrate` upgrades the database to the newest one ("head").

Two processes starting at once are safe: the whole run is ONE transaction that first takes a
lock: on PostgreSQL a transaction-level advisory lock (``pg_advisory_xact_lock``), on SQLite
``BEGIN IMMEDIATE`` (see :mod:`bot.store.database`), the database's write lock. Both databases
have transactional DDL, so the second process waits, then finds the database at head and does
nothing.

A database made by the release before Alembic (hand-written migrations recorded in
``schema_migrations``) is adopted in place: its last version is stamped as the matching
revision (version 1 → ``0001``, version 2 → ``0002``), then the newer revisions run. Rows are
kept; ``schema_migrations`` stays (unused) so going back to that release still works.
"""

from __future__ import annotations

import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Column, Connection, Integer, MetaData, Table, inspect, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.store.errors import StoreError

log = logging.getLogger(__name__)

#: arbitrary constant identifying the bot's migration lock among PostgreSQL advisory locks
PG_MIGRATION_LOCK_KEY = 0x1E0AA5_0001
SCRIPT_LOCATION = Path(__file__).resolve().parent / "alembic"
#: the hand-written migrations' versions and the Alembic revisions that create the same schema
LEGACY_REVISIONS = {1: "0001", 2: "0002"}

_legacy_table = Table("schema_migrations", MetaData(), Column("version", Integer, primary_key=True))


def alembic_config(connection: Connection | None = None) -> Config:
    """The Alembic configuration (no alembic.ini needed); ``connection``: migrate on it."""
    config = Config()
    config.set_main_option("script_location", str(SCRIPT_LOCATION))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:  # pragma: no cover - the package always ships revisions
        raise StoreError("no migration scripts found")
    return head


def current_revision(conn: Connection) -> str | None:
    return MigrationContext.configure(conn).get_current_revision()


def _legacy_revision(conn: Connection) -> str | None:
    """The revision a database of the release before Alembic is at (None: not such a one)."""
    tables = set(inspect(conn).get_table_names())
    if "schema_migrations" not in tables or "alembic_version" in tables:
        return None
    versions = set(conn.scalars(select(_legacy_table.c.version)).all())
    unknown = versions - LEGACY_REVISIONS.keys()
    if unknown:
        raise StoreError(
            f"the database has schema versions this release does not know: {sorted(unknown)}"
        )
    return LEGACY_REVISIONS[max(versions)] if versions else None


def _upgrade(conn: Connection) -> list[str]:
    config = alembic_config(conn)
    adopted = _legacy_revision(conn)
    if adopted is not None:
        log.info("adopting a database of the release before Alembic at revision %s", adopted)
        command.stamp(config, adopted)
    before = current_revision(conn)
    command.upgrade(config, "head")
    after = current_revision(conn)
    if after is None or after == before:
        return []
    script = ScriptDirectory.from_config(config)
    applied = [rev.revision for rev in script.iterate_revisions(after, before or "base")]
    applied.reverse()
    for revision in applied:
        log.info("applied migration %s", revision)
    return applied


async def migrate(engine: AsyncEngine) -> list[str]:
    """Upgrade to head under the migration lock; return the revisions applied (empty = none)."""
    async with engine.connect() as conn, conn.begin():
        if conn.dialect.name == "postgresql":
            await conn.execute(
                text("SELECT pg_advisory_xact_lock(:key)"), {"key": PG_MIGRATION_LOCK_KEY}
            )
        return await conn.run_sync(_upgrade)
