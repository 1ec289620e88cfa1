from __future__ import annotations

import asyncio

from bot.store import Database, KeyOwner, NewWatch, Watch
from tests.store.conftest import MakeDb

T0 = 1_700_000_000.0
OWNER = KeyOwner.user("T1", "U1")


def new_watch(target: str = "p1", **overrides: object) -> NewWatch:
    fields: dict[str, object] = {
        "team_id": "T1",
        "channel_id": "C1",
        "kind": "project" if target else "deals",
        "target_id": target,
        "target_name": f"Project {target}" if target else "Open deals",
        "set_by_user_id": "U1",
        "key_owner": OWNER,
        "tz": "Europe/Paris",
        "state": {"counts": {"s1": 1}},
        "next_check_at": T0,
    }
    fields.update(overrides)
    return NewWatch(**fields)  # type: ignore[arg-type]


async def claim(db: Database, worker: str, now: float = T0, limit: int = 10) -> list[Watch]:
    return await db.watches.claim_due(worker_id=worker, now=now, limit=limit, lease_seconds=20)


async def test_add_stores_the_watch_once_per_channel_and_target(db: Database) -> None:
    watch, created = await db.watches.add(new_watch(), now=T0 - 5)
    again, created_again = await db.watches.add(
        new_watch(set_by_user_id="U2", key_owner=KeyOwner.user("T1", "U2"), state=None)
    )

    assert created and not created_again
    assert again.id == watch.id
    assert (again.set_by_user_id, again.owner) == ("U2", KeyOwner.user("T1", "U2"))
    assert again.state == {"counts": {"s1": 1}} and again.version == 0
    assert watch.created_at == T0 - 5 and watch.kind == "project" and not watch.is_paused
    other_channel, created_elsewhere = await db.watches.add(new_watch(channel_id="C2"))
    deals, _ = await db.watches.add(new_watch(""))
    assert created_elsewhere and other_channel.id != watch.id
    assert [w.id for w in await db.watches.list_for_channel("T1", "C1")] == [watch.id, deals.id]


async def test_watching_again_unpauses_and_takes_the_new_snapshot(db: Database) -> None:
    watch, _ = await db.watches.add(new_watch())
    assert await db.watches.pause(watch.id, reason="The Leonar key was disconnected.")

    again, _ = await db.watches.add(new_watch(state={"counts": {"s1": 4}}, next_check_at=T0 + 9))

    assert not again.is_paused and again.next_check_at == T0 + 9
    assert again.state == {"counts": {"s1": 4}} and again.version == 1


async def test_remove_only_touches_this_channels_watch(db: Database) -> None:
    watch, _ = await db.watches.add(new_watch())
    await db.watches.add(new_watch(channel_id="C2"))

    assert not await db.watches.remove("T1", "C3", kind="project", target_id="p1")
    assert await db.watches.remove_id("T1", "C2", watch.id) is None
    assert await db.watches.remove("T1", "C1", kind="project", target_id="p1")
    assert not await db.watches.remove("T1", "C1", kind="project", target_id="p1")
    assert await db.watches.list_for_channel("T1", "C1") == []
    assert len(await db.watches.list_for_channel("T1", "C2")) == 1


async def test_unwatch_button_removes_by_id_within_the_channel(db: Database) -> None:
    watch, _ = await db.watches.add(new_watch())

    removed = await db.watches.remove_id("T1", "C1", watch.id)

    assert removed is not None and removed.target_name == "Project p1"
    assert await db.watches.get(watch.id) is None


async def test_due_unpaused_watches_are_claimed_once_under_a_lease(db: Database) -> None:
    early, _ = await db.watches.add(new_watch("p1", next_check_at=T0 - 10))
    late, _ = await db.watches.add(new_watch("p2", next_check_at=T0 - 1))
    await db.watches.add(new_watch("p3", next_check_at=T0 + 60))
    paused, _ = await db.watches.add(new_watch("p4", next_check_at=T0 - 20))
    await db.watches.pause(paused.id, reason="key gone")

    claimed = await claim(db, "w1")

    assert [w.id for w in claimed] == [early.id, late.id]
    assert all(w.lease_owner == "w1" and w.lease_until == T0 + 20 for w in claimed)
    assert await claim(db, "w2") == []
    assert [w.id for w in await claim(db, "w2", now=T0 + 21)] == [early.id, late.id]


async def test_two_workers_claiming_at_once_never_share_a_watch(make_db: MakeDb) -> None:
    first, second = await make_db(), await make_db()
    for n in range(200):
        await first.watches.add(new_watch(f"p{n}", next_check_at=T0 - n % 5))

    async def drain(db: Database, worker: str) -> list[str]:
        taken: list[str] = []
        while batch := await claim(db, worker, limit=15):
            taken += [w.id for w in batch]
            await asyncio.sleep(0)
        return taken

    a, b = await asyncio.gather(drain(first, "worker-a"), drain(second, "worker-b"))

    assert len(a) + len(b) == 200 == len(set(a) | set(b))


async def test_renew_release_and_checked(db: Database) -> None:
    watch, _ = await db.watches.add(new_watch())
    await claim(db, "w1")

    assert await db.watches.renew("w1", now=T0 + 10, lease_seconds=20) == 1
    assert await claim(db, "w2", now=T0 + 25) == []
    assert not await db.watches.checked(watch.id, worker_id="w2", next_check_at=T0 + 900)
    assert await db.watches.checked(
        watch.id, worker_id="w1", next_check_at=T0 + 900, now=T0 + 12
    )
    stored = await db.watches.get(watch.id)
    assert stored is not None
    assert (stored.last_checked_at, stored.next_check_at, stored.lease_owner) == (
        T0 + 12,
        T0 + 900,
        None,
    )
    await claim(db, "w1", now=T0 + 900)
    assert await db.watches.release("w1") == 1
    assert len(await claim(db, "w2", now=T0 + 900)) == 1


async def test_only_one_worker_saves_a_change_of_the_same_version(make_db: MakeDb) -> None:
    first, second = await make_db(), await make_db()
    watch, _ = await first.watches.add(new_watch())
    changed = {"counts": {"s1": 2}}

    results = await asyncio.gather(
        first.watches.save_state(watch.id, version=0, state=changed, outbox={"lines": ["a"]}),
        second.watches.save_state(watch.id, version=0, state=changed, outbox={"lines": ["a"]}),
    )

    assert sorted(results, key=str) == [1, None]
    stored = await first.watches.get(watch.id)
    assert stored is not None and stored.version == 1 and stored.outbox == {"lines": ["a"]}
    assert not await first.watches.mark_told(watch.id, version=0)
    assert await first.watches.mark_told(watch.id, version=1)
    assert not await second.watches.mark_told(watch.id, version=1)
    told = await first.watches.get(watch.id)
    assert told is not None and told.outbox is None and told.state == changed


async def test_a_paused_watch_is_told_once_and_resumes(db: Database) -> None:
    watch, _ = await db.watches.add(new_watch())

    assert await db.watches.pause(watch.id, reason="key gone")
    assert not await db.watches.pause(watch.id, reason="key gone")
    assert await db.watches.count_for_key_owner(str(OWNER)) == 0
    assert await claim(db, "w1") == []
    assert await db.watches.resume(watch.id, next_check_at=T0)
    assert not await db.watches.resume(watch.id, next_check_at=T0)
    assert await db.watches.count_for_key_owner(str(OWNER)) == 1
    assert len(await claim(db, "w1")) == 1


async def test_uninstall_deletes_only_the_teams_watches(db: Database) -> None:
    await db.watches.add(new_watch("p1"))
    await db.watches.add(new_watch("p2"))
    await db.watches.add(new_watch("p1", team_id="T2"))

    assert await db.watches.delete_for_team("T1") == 2
    assert await db.watches.list_for_channel("T1", "C1") == []
    assert len(await db.watches.list_for_channel("T2", "C1")) == 1


async def test_the_weekly_digest_is_claimed_once_a_week_per_channel(db: Database) -> None:
    first, _ = await db.watches.add(new_watch("p1"), now=T0)
    await db.watches.add(new_watch("p2"), now=T0 + 1)
    other, _ = await db.watches.add(new_watch("p1", channel_id="C2"), now=T0 + 2)

    holders = await db.watches.digest_holders()

    assert [w.id for w in holders] == [first.id, other.id]
    week = T0 + 3600
    assert await db.watches.mark_digest(first.id, week_start=week, now=week + 5)
    assert not await db.watches.mark_digest(first.id, week_start=week, now=week + 6)
    next_week = week + 7 * 86400
    assert await db.watches.mark_digest(first.id, week_start=next_week, now=next_week)
