"""The key resolver's memory (bot/services/identity.py), on both databases: a found key is
reused for ``KEY_CACHE_SECONDS`` without reading the database, ``forget`` makes a change seen at
once, another process's change is seen once the time is up, and "no key" is never remembered."""

from __future__ import annotations

from pydantic import SecretStr

from bot.services.identity import KeyResolver
from bot.settings import Settings
from bot.store import Database, KeyOwner

ALICE_KEY = "leo_alice_0123456789"
NEW_KEY = "leo_alice_new_9876543210"
SHARED_KEY = "leo_workspace_5555555555"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def resolver(db: Database, clock: Clock, env_key: str | None = None) -> KeyResolver:
    settings = Settings(leonar_api_key=SecretStr(env_key) if env_key else None)
    return KeyResolver(db, settings, cache_seconds=10, clock=clock)


async def test_a_found_key_is_reused_until_the_time_is_up(db: Database) -> None:
    clock = Clock()
    keys = resolver(db, clock)
    await db.user_keys.set("T1", "U1", ALICE_KEY)
    assert await keys.resolve("T1", "U1") == (KeyOwner.user("T1", "U1"), ALICE_KEY)

    # another process changes her key: this one keeps the one it found for 10 s, then reads
    await db.user_keys.set("T1", "U1", NEW_KEY)
    clock.now += 9
    assert await keys.resolve("T1", "U1") == (KeyOwner.user("T1", "U1"), ALICE_KEY)
    clock.now += 2
    assert await keys.resolve("T1", "U1") == (KeyOwner.user("T1", "U1"), NEW_KEY)


async def test_forget_makes_a_change_through_this_process_seen_at_once(db: Database) -> None:
    clock = Clock()
    keys = resolver(db, clock)
    await db.user_keys.set("T1", "U1", ALICE_KEY)
    await db.workspaces.set_default_key("T1", SHARED_KEY)
    assert (await keys.resolve("T1", "U1") or (None, ""))[1] == ALICE_KEY
    assert (await keys.resolve("T1", "U2") or (None, ""))[1] == SHARED_KEY

    await db.user_keys.delete("T1", "U1")
    keys.forget("T1", "U1")
    assert await keys.resolve("T1", "U1") == (KeyOwner.workspace("T1"), SHARED_KEY)

    # the shared key removed: everyone of the workspace is read again
    await db.workspaces.set_default_key("T1", None)
    keys.forget("T1")
    assert await keys.resolve("T1", "U1") is None
    assert await keys.resolve("T1", "U2") is None


async def test_no_key_is_never_remembered(db: Database) -> None:
    keys = resolver(db, Clock())
    assert await keys.resolve("T1", "U1") is None
    # connected through another process: seen on the very next request, no waiting
    await db.user_keys.set("T1", "U1", ALICE_KEY)
    assert await keys.resolve("T1", "U1") == (KeyOwner.user("T1", "U1"), ALICE_KEY)


async def test_the_pollers_lookup_is_never_remembered(db: Database) -> None:
    """``key_for`` (the enrichment poller, watches) reads the database every time: a
    disconnected key stops background work at its next step."""
    keys = resolver(db, Clock())
    await db.user_keys.set("T1", "U1", ALICE_KEY)
    assert await keys.resolve("T1", "U1") is not None
    await db.user_keys.delete("T1", "U1")
    assert await keys.key_for(KeyOwner.user("T1", "U1")) is None
