from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from slack_sdk.oauth.installation_store import Installation
from sqlalchemy import Connection, inspect, text

from bot.store import Database
from bot.store.migrations import head_revision
from bot.store.schema import metadata
from tests.store.conftest import MakeDb

ALL_VERSIONS = ["0001", "0002", "0003", "0004", "0005", "0006"]


async def _versions(db: Database) -> list[str]:
    """What alembic_version records (one row: the head)."""
    async with db.engine.connect() as conn:
        return list((await conn.scalars(text("SELECT version_num FROM alembic_version"))).all())


async def test_migrating_twice_is_a_no_op_and_keeps_data(make_db: MakeDb) -> None:
    db = await make_db(migrate=False)
    assert await db.migrate() == ALL_VERSIONS
    await db.activity.add("T1", "U1", "searched", now=1.0)

    assert await db.migrate() == []
    assert await _versions(db) == [head_revision()] == [ALL_VERSIONS[-1]]
    assert [e.text for e in await db.activity.recent("T1", "U1")] == ["searched"]


async def test_two_processes_migrating_a_fresh_database_at_once_both_succeed(
    make_db: MakeDb,
) -> None:
    first, second = await make_db(migrate=False), await make_db(migrate=False)

    results = await asyncio.gather(first.migrate(), second.migrate())

    assert sorted(results) == [[], ALL_VERSIONS]
    assert await _versions(first) == [ALL_VERSIONS[-1]]
    await second.result_sets.put("search", {"ok": 1}, team_id="T1", ttl_seconds=60)


async def test_migrated_tables_match_schema_py(db: Database) -> None:
    def columns(conn: Connection) -> dict[str, set[str]]:
        insp = inspect(conn)
        return {t: {c["name"] for c in insp.get_columns(t)} for t in insp.get_table_names()}

    async with db.engine.connect() as conn:
        found = await conn.run_sync(columns)

    for table in metadata.sorted_tables:
        assert found.get(table.name) == {c.name for c in table.columns}, table.name
    assert {"slack_installations", "slack_bots", "slack_oauth_states"} <= set(found)


async def test_due_jobs_index_exists(db: Database) -> None:
    def index_names(conn: Connection) -> set[str]:
        return {i["name"] or "" for i in inspect(conn).get_indexes("enrichment_jobs")}

    async with db.engine.connect() as conn:
        assert "ix_enrichment_jobs_due" in await conn.run_sync(index_names)


async def test_slack_installation_and_oauth_state_stores_use_migrated_tables(
    db: Database,
) -> None:
    installation = Installation(
        app_id="A1",
        enterprise_id=None,
        team_id="T1",
        user_id="U1",
        bot_token="xoxb-1",
        bot_id="B1",
        bot_user_id="UBOT",
        installed_at=datetime.now(UTC).timestamp(),
    )
    await db.installation_store.async_save(installation)

    found = await db.installation_store.async_find_installation(
        enterprise_id=None, team_id="T1"
    )
    assert found is not None and found.bot_token == "xoxb-1"
    bot = await db.installation_store.async_find_bot(enterprise_id=None, team_id="T1")
    assert bot is not None and bot.bot_user_id == "UBOT"

    state = await db.oauth_state_store.async_issue()
    assert await db.oauth_state_store.async_consume(state) is True
    assert await db.oauth_state_store.async_consume(state) is False


async def test_purge_expired_removes_stale_oauth_states(db: Database) -> None:
    state = await db.oauth_state_store.async_issue()
    later = (datetime.now(UTC) + timedelta(hours=2)).timestamp()

    assert await db.purge_expired(later) >= 1

    async with db.engine.connect() as conn:
        left = await conn.scalar(
            text("SELECT count(*) FROM slack_oauth_states WHERE state = :s"), {"s": state}
        )
    assert left == 0
