from __future__ import annotations

from bot.store import Database

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
