from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from bot.store import Database
from tests.store.conftest import MakeDb

T0 = 1_700_000_000.0


async def test_put_get_update(db: Database) -> None:
    payload = {"query": "data engineer", "contacts": [{"id": "c1", "name": "Ada"}]}
    set_id = await db.result_sets.put("search", payload, team_id="T1", ttl_seconds=60)

    assert 0 < len(set_id) <= 16
    assert await db.result_sets.get(set_id) == payload
    assert await db.result_sets.update(set_id, [1, 2, 3])
    assert await db.result_sets.get(set_id) == [1, 2, 3]
    assert not await db.result_sets.update("nope", [])
    assert await db.result_sets.get("nope") is None


async def test_an_update_writes_the_home_line_in_the_same_transaction(db: Database) -> None:
    set_id = await db.result_sets.put("search", {"q": 1}, team_id="T1", ttl_seconds=60)
    line = ("T1", "U1", "Searched Leonar for “react”")
    assert await db.result_sets.update(set_id, {"q": 2}, activity=line, now=T0)
    assert await db.result_sets.get(set_id) == {"q": 2}
    (entry,) = await db.activity.recent("T1", "U1")
    assert (entry.text, entry.created_at) == ("Searched Leonar for “react”", T0)
    # without a line, nothing is added
    assert await db.result_sets.update(set_id, {"q": 3})
    assert len(await db.activity.recent("T1", "U1")) == 1


async def test_ids_are_distinct(db: Database) -> None:
    ids = {await db.result_sets.put("s", {}, team_id="T1", ttl_seconds=60) for _ in range(50)}
    assert len(ids) == 50


async def test_expired_sets_are_gone_and_purged(db: Database) -> None:
    short = await db.result_sets.put("s", {"a": 1}, team_id="T1", ttl_seconds=10, now=T0)
    long = await db.result_sets.put("s", {"b": 2}, team_id="T1", ttl_seconds=1000, now=T0)

    assert await db.result_sets.get(short, now=T0 + 9) == {"a": 1}
    assert await db.result_sets.get(short, now=T0 + 11) is None

    assert await db.result_sets.purge_expired(T0 + 11) == 1
    assert await db.result_sets.purge_expired(T0 + 11) == 0
    assert await db.result_sets.get(long, now=T0 + 11) == {"b": 2}
    assert await db.result_sets.get(short, now=T0) is None  # really deleted


async def test_concurrent_modifies_from_two_processes_lose_nothing(make_db: MakeDb) -> None:
    # a click marking a profile added while the page's messages are being recorded: each
    # read-change-write is one transaction, so neither overwrites the other's change
    first, second = await make_db(), await make_db()
    set_id = await first.result_sets.put("s", {"marks": []}, team_id="T1", ttl_seconds=60)

    def adder(tag: str) -> Callable[[Any], Any]:
        def change(payload: Any) -> Any:
            return {"marks": [*payload["marks"], tag]}

        return change

    await asyncio.gather(
        *(
            db.result_sets.modify(set_id, adder(f"{n}-{i}"))
            for i in range(20)
            for n, db in (("a", first), ("b", second))
        )
    )
    stored = await first.result_sets.get(set_id)
    assert isinstance(stored, dict)
    assert sorted(stored["marks"]) == sorted(f"{n}-{i}" for i in range(20) for n in "ab")


async def test_modify_of_an_expired_or_unknown_set_writes_nothing(db: Database) -> None:
    set_id = await db.result_sets.put("s", {"a": 1}, team_id="T1", ttl_seconds=10, now=T0)
    assert await db.result_sets.modify(set_id, lambda p: {"a": 2}, now=T0 + 11) is None
    assert await db.result_sets.modify("nope", lambda p: {"a": 2}) is None
    assert await db.result_sets.get(set_id, now=T0 + 5) == {"a": 1}
