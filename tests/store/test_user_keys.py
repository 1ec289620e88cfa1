from __future__ import annotations

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import text

from bot.settings import ConfigError
from bot.store import Database, EncryptionKeyRequired, UndecryptableKey, fingerprint
from tests.store.conftest import MakeDb

SECRET = "leo_live_s3cr3t_key_value_123456"


async def raw_rows(db: Database, table: str) -> list[bytes]:
    """Every column of every row, as bytes (what someone reading the database sees)."""
    async with db.engine.connect() as conn:
        rows = (await conn.execute(text(f"SELECT * FROM {table}"))).all()
    return [
        bytes(v) if isinstance(v, bytes | memoryview) else str(v).encode()
        for row in rows
        for v in row
    ]


async def test_a_stored_key_is_not_readable_in_the_raw_table(db: Database) -> None:
    await db.user_keys.set("T1", "U1", SECRET)

    values = await raw_rows(db, "user_keys")

    assert values, "the row was stored"
    assert not any(SECRET.encode() in v for v in values)
    assert not any(SECRET[4:20].encode() in v for v in values)
    assert fingerprint(SECRET).encode() in values
    assert await db.user_keys.get("T1", "U1") == SECRET
    assert await db.user_keys.fingerprint("T1", "U1") == fingerprint(SECRET)


async def test_set_replaces_get_missing_delete(db: Database) -> None:
    assert await db.user_keys.get("T1", "U1") is None
    await db.user_keys.set("T1", "U1", "leo_first")
    await db.user_keys.set("T1", "U1", "leo_second")
    await db.user_keys.set("T1", "U2", "leo_other")

    assert await db.user_keys.get("T1", "U1") == "leo_second"
    assert await db.user_keys.delete("T1", "U1") is True
    assert await db.user_keys.delete("T1", "U1") is False
    assert await db.user_keys.get("T1", "U1") is None
    assert await db.user_keys.get("T1", "U2") == "leo_other"


async def test_storing_a_key_without_encryption_key_is_a_clear_config_error(
    make_db: MakeDb,
) -> None:
    db = await make_db(keys=[])

    with pytest.raises(ConfigError, match="ENCRYPTION_KEY is required to store Leonar keys"):
        await db.user_keys.set("T1", "U1", SECRET)
    with pytest.raises(EncryptionKeyRequired):
        await db.workspaces.set_default_key("T1", SECRET)
    assert await db.user_keys.get("T1", "U1") is None


async def test_key_rotation_reencrypts_under_the_new_key(make_db: MakeDb) -> None:
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    before = await make_db(keys=[old])
    await before.user_keys.set("T1", "U1", SECRET)
    await before.user_keys.set("T1", "U2", "leo_second_user")
    await before.workspaces.set_default_key("T1", "leo_workspace_default")
    cipher_before = await raw_rows(before, "user_keys")

    rotating = await make_db(keys=[new, old])
    assert await rotating.user_keys.get("T1", "U1") == SECRET  # old keys still decrypt
    assert await rotating.reencrypt_all() == 3
    assert await raw_rows(rotating, "user_keys") != cipher_before

    after = await make_db(keys=[new])
    assert await after.user_keys.get("T1", "U1") == SECRET
    assert await after.user_keys.get("T1", "U2") == "leo_second_user"
    assert await after.workspaces.get_default_key("T1") == "leo_workspace_default"

    stale = await make_db(keys=[old])
    with pytest.raises(UndecryptableKey) as info:
        await stale.user_keys.get("T1", "U1")
    assert SECRET not in str(info.value) and old not in str(info.value)


async def test_one_read_gives_the_own_key_else_the_workspace_default(db: Database) -> None:
    assert await db.user_keys.get_or_workspace_default("T1", "U1") == (None, None)
    await db.workspaces.set_default_key("T1", "leo_shared_key")
    assert await db.user_keys.get_or_workspace_default("T1", "U1") == (None, "leo_shared_key")
    await db.user_keys.set("T1", "U1", SECRET)
    assert await db.user_keys.get_or_workspace_default("T1", "U1") == (SECRET, None)
    # another workspace's default and another person's key are never picked up
    assert await db.user_keys.get_or_workspace_default("T2", "U1") == (None, None)
    assert await db.user_keys.get_or_workspace_default("T1", "U2") == (None, "leo_shared_key")
