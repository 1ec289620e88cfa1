"""The TTL cache of Leonar lists."""

from __future__ import annotations

import asyncio

import pytest

from bot.services.cache import TTLCache


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def test_loads_once_until_expired() -> None:
    clock = Clock()
    cache = TTLCache(clock=clock)
    calls: list[int] = []

    async def load() -> list[str]:
        calls.append(1)
        return ["Frontend", "Data"]

    key = ("fp1", "projects:active")
    assert await cache.get_or_load(key, load, ttl=60) == ["Frontend", "Data"]
    clock.now += 59
    assert await cache.get_or_load(key, load, ttl=60) == ["Frontend", "Data"]
    assert len(calls) == 1
    clock.now += 2
    await cache.get_or_load(key, load, ttl=60)
    assert len(calls) == 2
    # another key fingerprint is another entry
    await cache.get_or_load(("fp2", "projects:active"), load)
    assert len(calls) == 3


async def test_concurrent_loads_share_one_call() -> None:
    cache = TTLCache()
    calls: list[int] = []
    release = asyncio.Event()

    async def load() -> str:
        calls.append(1)
        await release.wait()
        return "stages"

    tasks = [asyncio.create_task(cache.get_or_load(("fp", "p"), load)) for _ in range(5)]
    await asyncio.sleep(0.01)
    release.set()
    assert await asyncio.gather(*tasks) == ["stages"] * 5
    assert len(calls) == 1


async def test_failures_are_not_cached() -> None:
    cache = TTLCache()
    attempts: list[int] = []

    async def flaky() -> str:
        attempts.append(1)
        if len(attempts) == 1:
            raise RuntimeError("leonar down")
        return "ok"

    with pytest.raises(RuntimeError):
        await cache.get_or_load(("fp", "x"), flaky)
    assert await cache.get_or_load(("fp", "x"), flaky) == "ok"
    assert len(attempts) == 2


def test_put_get_invalidate_and_size_limit() -> None:
    clock = Clock()
    cache = TTLCache(clock=clock, max_entries=2)
    cache.put("a", 1, ttl=10)
    cache.put("b", 2, ttl=10)
    cache.put("c", 3, ttl=10)
    assert (cache.get("a"), cache.get("b"), cache.get("c")) == (None, 2, 3)
    cache.invalidate("b")
    assert cache.get("b") is None
    clock.now += 11
    assert cache.get("c") is None and len(cache) == 0
