"""``leonar-bot migrate`` (a real process) on SQLite and PostgreSQL, a fresh database and one of
the release before Alembic; and the new retention settings are validated in one line."""

from __future__ import annotations

import pytest

from bot.store import Database
from bot.store.migrations import head_revision
from tests.store.test_adoption import make_legacy_database
from tests.test_cli import _run


async def test_migrate_upgrades_then_says_up_to_date(db_url: str) -> None:
    first = _run("migrate", DATABASE_URL=db_url)
    assert first.returncode == 0, first.stderr
    assert f"applied 0001, 0002, 0003, 0004, 0005, {head_revision()}." in first.stdout

    again = _run("migrate", DATABASE_URL=db_url)
    assert again.returncode == 0, again.stderr
    assert "already up to date." in again.stdout


async def test_migrate_adopts_a_database_of_the_release_before_alembic(db_url: str) -> None:
    await make_legacy_database(db_url)

    proc = _run("migrate", DATABASE_URL=db_url)

    assert proc.returncode == 0, proc.stderr
    assert f"applied 0003, 0004, 0005, {head_revision()}." in proc.stdout
    async with Database(db_url) as db:
        assert [e.text for e in await db.activity.recent("T1", "U1")] == ["searched for engineers"]
        assert await db.migrate() == []


@pytest.mark.parametrize(
    ("name", "value"),
    [("PURGE_INTERVAL", "0"), ("ACTIVITY_RETENTION_DAYS", "0"), ("JOB_RETENTION_DAYS", "soon")],
)
def test_bad_retention_setting_is_one_line(name: str, value: str) -> None:
    proc = _run("migrate", DATABASE_URL="sqlite:///:memory:", **{name: value})
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and name in lines[0], proc.stderr
