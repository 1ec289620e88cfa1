from __future__ import annotations

import asyncio

from bot.store import Database

T0 = 1_700_000_000.0


async def test_first_time_once_until_expiry(db: Database) -> None:
    assert await db.dedupe.first_time("retry:Ev1", ttl_seconds=60, now=T0)
    assert not await db.dedupe.first_time("retry:Ev1", ttl_seconds=60, now=T0 + 59)
    assert await db.dedupe.first_time("retry:Ev2", ttl_seconds=60, now=T0 + 1)
    assert await db.dedupe.first_time("retry:Ev1", ttl_seconds=60, now=T0 + 61)


async def test_concurrent_double_click_passes_once(db: Database) -> None:
    results = await asyncio.gather(
        *(db.dedupe.first_time("click:B1", ttl_seconds=60) for _ in range(6))
    )
    assert sorted(results) == [False] * 5 + [True]


async def test_purge_expired_keys(db: Database) -> None:
    await db.dedupe.first_time("a", ttl_seconds=10, now=T0)
    await db.dedupe.first_time("b", ttl_seconds=100, now=T0)

    assert await db.dedupe.purge_expired(T0 + 50) == 1
    assert not await db.dedupe.first_time("b", ttl_seconds=100, now=T0 + 50)
