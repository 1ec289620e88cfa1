from __future__ import annotations

from pathlib import Path

import pytest

from bot.settings import ConfigError, load_settings
from bot.store import Database, StoreError


async def test_without_database_url_a_sqlite_file_appears_in_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.chdir(tmp_path)
    db = Database.from_settings(load_settings())
    await db.connect()
    try:
        assert await db.migrate() != []
        await db.dedupe.first_time("evt-1", ttl_seconds=60)
    finally:
        await db.close()

    assert [p.name for p in tmp_path.glob("*.db")] == ["leonar-bot.db"]
    assert (tmp_path / "leonar-bot.db").stat().st_size > 0


async def test_sqlite_directory_is_created(tmp_path: Path) -> None:
    async with Database(f"sqlite+aiosqlite:///{tmp_path}/data/sub/bot.db") as db:
        await db.migrate()
    assert (tmp_path / "data" / "sub" / "bot.db").exists()


async def test_repositories_before_connect_say_what_to_do() -> None:
    db = Database("sqlite+aiosqlite:///:memory:")
    with pytest.raises(StoreError, match="connect"):
        await db.jobs.pending_count()


def test_unsupported_database_url_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="DATABASE_URL"):
        Database("mysql+aiomysql://u@h/db")


def test_malformed_encryption_key_is_a_config_error_without_the_key() -> None:
    with pytest.raises(ConfigError, match="ENCRYPTION_KEY is invalid") as info:
        Database("sqlite+aiosqlite:///:memory:", encryption_keys=["not-a-fernet-key"])
    assert "not-a-fernet-key" not in str(info.value)


async def test_in_memory_sqlite_works_across_calls() -> None:
    async with Database("sqlite+aiosqlite:///:memory:") as db:
        await db.migrate()
        set_id = await db.result_sets.put("x", [1, 2], team_id="T", ttl_seconds=60)
        assert await db.result_sets.get(set_id) == [1, 2]


async def test_sqlite_file_is_in_wal_mode(tmp_path: Path) -> None:
    async with Database(f"sqlite+aiosqlite:///{tmp_path}/bot.db") as db:
        async with db.engine.connect() as conn:
            mode = (await conn.exec_driver_sql("PRAGMA journal_mode")).scalar()
        assert mode == "wal"
