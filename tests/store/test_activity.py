from __future__ import annotations

from bot.store import ActivityEntry, Database


async def test_recent_is_newest_first_and_per_user(db: Database) -> None:
    await db.activity.add("T1", "U1", "searched data engineer", now=1.0)
    await db.activity.add("T1", "U1", "enriched Ada", now=2.0)
    await db.activity.add("T1", "U2", "someone else", now=3.0)

    assert await db.activity.recent("T1", "U1", 10) == [
        ActivityEntry("T1", "U1", "enriched Ada", 2.0),
        ActivityEntry("T1", "U1", "searched data engineer", 1.0),
    ]
    assert [e.text for e in await db.activity.recent("T1", "U1", 1)] == ["enriched Ada"]


async def test_purge_older_than(db: Database) -> None:
    await db.activity.add("T1", "U1", "old", now=1.0)
    await db.activity.add("T1", "U1", "new", now=5.0)
    assert await db.activity.purge_older_than(3.0) == 1
    assert [e.text for e in await db.activity.recent("T1", "U1")] == ["new"]
