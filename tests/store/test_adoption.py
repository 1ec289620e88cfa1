"""A database made by the release before Alembic (hand-written migrations, ``schema_migrations``)
is adopted in place by ``migrate``: rows kept, ``alembic_version`` at head. The old schema is the
SQL that release ran, frozen in tests/store/data (one file per database)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.ext.asyncio import create_async_engine

from bot.store import Database, StoreError
from bot.store.migrations import head_revision

DATA = Path(__file__).parent / "data"
T0 = 1_700_000_000.0


def legacy_statements(dialect: str, *, slack_tables: bool = True) -> list[str]:
    sql = (DATA / f"legacy_schema_{dialect}.sql").read_text(encoding="utf-8")
    lines = [line for line in sql.splitlines() if not line.startswith("--")]
    statements = [s.strip() for s in "\n".join(lines).split(";") if s.strip()]
    return [s for s in statements if slack_tables or "slack_" not in s]


async def make_legacy_database(url: str, *, versions: tuple[int, ...] = (1, 2)) -> None:
    """What the old release left: its tables, its version rows, and some data."""
    engine = create_async_engine(url)
    try:
        async with engine.begin() as conn:
            for statement in legacy_statements(conn.dialect.name, slack_tables=2 in versions):
                await conn.exec_driver_sql(statement)
            for version in versions:
                await conn.execute(
                    text("INSERT INTO schema_migrations VALUES (:v, :n, :at)"),
                    {"v": version, "n": f"v{version}", "at": T0},
                )
            await conn.execute(
                text(
                    "INSERT INTO activity (team_id, user_id, text, created_at) VALUES (:t, :u, :x, :c)"
                ),
                {"t": "T1", "u": "U1", "x": "searched for engineers", "c": T0},
            )
            await conn.execute(
                text(
                    "INSERT INTO result_sets (id, kind, team_id, payload, created_at, expires_at) "
                    "VALUES ('set1', 'search', 'T1', '[1, 2]', :c, :e)"
                ),
                {"c": T0, "e": T0 + 3600},
            )
    finally:
        await engine.dispose()


async def _scalar(db: Database, sql: str) -> object:
    async with db.engine.connect() as conn:
        return await conn.scalar(text(sql))


@pytest.mark.parametrize("versions", [(1, 2), (1,)], ids=["v2", "v1"])
async def test_a_database_of_the_release_before_alembic_is_adopted_with_its_rows(
    db_url: str, versions: tuple[int, ...]
) -> None:
    await make_legacy_database(db_url, versions=versions)

    async with Database(db_url) as db:
        applied = await db.migrate()

        # only what the old release did not have runs (version n ↔ revision 000n)
        assert applied == [
            r for r in ("0002", "0003", "0004", "0005", "0006") if int(r) > max(versions)
        ]
        assert await _scalar(db, "SELECT version_num FROM alembic_version") == head_revision()
        assert [e.text for e in await db.activity.recent("T1", "U1")] == ["searched for engineers"]
        assert await db.result_sets.get("set1", now=T0) == [1, 2]
        # the new table is there and usable, and so are Slack's
        assert await _scalar(db, "SELECT count(*) FROM maintenance_runs") == 0
        state = await db.oauth_state_store.async_issue()
        assert await db.oauth_state_store.async_consume(state) is True

        assert await db.migrate() == []


async def test_a_legacy_version_this_release_does_not_know_stops_the_migration(
    db_url: str,
) -> None:
    await make_legacy_database(db_url, versions=(1, 2, 3))

    async with Database(db_url) as db:
        with pytest.raises(StoreError, match=r"does not know: \[3\]"):
            await db.migrate()
        # nothing was stamped or created
        async with db.engine.connect() as conn:
            tables = await conn.run_sync(lambda sync: set(inspect(sync).get_table_names()))
        assert "alembic_version" not in tables and "maintenance_runs" not in tables
