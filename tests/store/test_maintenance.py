"""Retention purge and forgetting a workspace, on SQLite and PostgreSQL (rows counted)."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from slack_sdk.oauth.installation_store import Installation
from sqlalchemy import text

from bot.services.maintenance import (
    DAY,
    RetentionPurge,
    forget_workspace,
    purge_if_due,
    revoke_tokens,
)
from bot.settings import load_settings
from bot.store import Database, KeyOwner, NewJob
from tests.store.conftest import MakeDb

T0 = 1_700_000_000.0
SETTINGS = load_settings(
    purge_interval=3600, activity_retention_days=90, job_retention_days=30, database_url="sqlite://"
)
TEAM_TABLES = (
    "user_keys",
    "workspace_settings",
    "result_sets",
    "slack_installations",
    "slack_bots",
)


async def count(db: Database, table: str, team_id: str | None = None, where: str = "") -> int:
    clauses = [c for c in (where, "team_id = :t" if team_id else "") if c]
    sql = f"SELECT count(*) FROM {table}" + (" WHERE " + " AND ".join(clauses) if clauses else "")
    async with db.engine.connect() as conn:
        return int(await conn.scalar(text(sql), {"t": team_id}) or 0)


async def team_rows(db: Database, team_id: str) -> dict[str, int]:
    rows = {table: await count(db, table, team_id) for table in TEAM_TABLES}
    rows["live_jobs"] = await count(db, "enrichment_jobs", team_id, "notify_state <> 'done'")
    return rows


def _job(team_id: str, request_id: str, next_poll_at: float | None = None) -> NewJob:
    return NewJob(
        next_poll_at=next_poll_at,
        request_id=request_id,
        contact_id="c1",
        type="email",
        team_id=team_id,
        requester_user_id="U1",
        key_owner=KeyOwner.user(team_id, "U1"),
        key_fingerprint="fp",
    )


async def seed_team(db: Database, team_id: str) -> None:
    await db.user_keys.set(team_id, "U1", "leo_user_1")
    await db.user_keys.set(team_id, "U2", "leo_user_2")
    await db.workspaces.set_default_key(team_id, "leo_workspace")
    await db.result_sets.put("search", {"q": 1}, team_id=team_id, ttl_seconds=3600)
    # due tomorrow: a running poller (end-to-end tests) leaves it alone meanwhile
    await db.jobs.create(_job(team_id, f"req-{team_id}", next_poll_at=time.time() + DAY))
    installation = Installation(
        app_id="A1",
        enterprise_id=None,
        team_id=team_id,
        user_id="U1",
        bot_token=f"xoxb-{team_id}",
        bot_id="B1",
        bot_user_id="UBOT",
        user_token=f"xoxp-{team_id}",
    )
    await db.installation_store.async_save(installation)


async def test_uninstall_deletes_the_teams_rows_and_no_one_elses(db: Database) -> None:
    await seed_team(db, "T1")
    await seed_team(db, "T2")
    before = await team_rows(db, "T1")
    assert before == {
        "user_keys": 2,
        "workspace_settings": 1,
        "result_sets": 1,
        "slack_installations": 1,
        "slack_bots": 1,
        "live_jobs": 1,
    }

    gone = await forget_workspace(db, team_id="T1")

    assert gone is not None and (gone.user_keys, gone.result_sets, gone.jobs_cancelled) == (2, 1, 1)
    assert set((await team_rows(db, "T1")).values()) == {0}
    assert await team_rows(db, "T2") == before
    # the cancelled job is never claimed (polled) again, nor notified
    claimed = await db.jobs.claim_due(worker_id="w", now=T0 * 2, limit=10, lease_seconds=20)
    assert [job.team_id for job in claimed] == ["T2"]
    assert await db.installation_store.async_find_bot(enterprise_id=None, team_id="T1") is None

    # twice (Slack may deliver twice): nothing left, nothing else touched
    again = await forget_workspace(db, team_id="T1")
    assert again is not None and set(vars(again).values()) == {0}
    assert await team_rows(db, "T2") == before


async def test_uninstall_while_a_poller_holds_the_job_stops_its_notification(db: Database) -> None:
    await seed_team(db, "T1")
    (job,) = await db.jobs.claim_due(worker_id="w", now=T0 * 2, limit=10, lease_seconds=60)

    await forget_workspace(db, team_id="T1")

    assert not await db.jobs.finish(job.id, worker_id="w", status="completed", result={})
    assert not await db.jobs.begin_notify(job.id, worker_id="w")
    stored = await db.jobs.get(job.id)
    assert (
        stored is not None
        and stored.status == "error"
        and stored.result == {"reason": "uninstalled"}
    )


async def test_tokens_revoked_deletes_the_users_and_the_bots_tokens(db: Database) -> None:
    await seed_team(db, "T1")
    await seed_team(db, "T2")

    await revoke_tokens(db, team_id="T1", user_ids=["U1"], bot_revoked=True)
    await revoke_tokens(db, team_id="T1", user_ids=["U1"], bot_revoked=True)

    rows = await team_rows(db, "T1")
    assert (rows["slack_installations"], rows["slack_bots"]) == (0, 0)
    # Leonar keys are not Slack tokens: they stay
    assert rows["user_keys"] == 2
    assert await count(db, "slack_bots", "T2") == 1


async def _seed_old_and_new(db: Database, now: float) -> None:
    await db.activity.add("T1", "U1", "old", now=now - 91 * DAY)
    await db.activity.add("T1", "U1", "recent", now=now - 89 * DAY)
    await db.result_sets.put("search", [1], team_id="T1", ttl_seconds=60, now=now - 120)
    await db.result_sets.put("search", [2], team_id="T1", ttl_seconds=3600, now=now - 120)
    await db.dedupe.first_time("old-key", ttl_seconds=60, now=now - 120)
    await db.dedupe.first_time("live-key", ttl_seconds=3600, now=now - 120)
    for age_days, request_id in ((31, "old"), (29, "recent")):
        job = await db.jobs.create(_job("T1", request_id), now=now - age_days * DAY)
        (claimed,) = await db.jobs.claim_due(
            worker_id="w", now=now - age_days * DAY, limit=1, lease_seconds=20
        )
        at = now - age_days * DAY
        assert await db.jobs.finish(job.id, worker_id="w", status="completed", result={}, now=at)
        assert await db.jobs.mark_notified(job.id, message_ts="1.0", now=at)
    await db.jobs.create(_job("T1", "pending-old"), now=now - 60 * DAY)


async def test_purge_deletes_what_is_past_retention_only(db: Database) -> None:
    now = T0
    await _seed_old_and_new(db, now)

    report = await purge_if_due(db, SETTINGS, owner="test", now=now)

    assert report is not None and (report.activity, report.jobs) == (1, 1)
    assert report.expired >= 2
    assert [e.text for e in await db.activity.recent("T1", "U1")] == ["recent"]
    async with db.engine.connect() as conn:
        requests: list[Any] = list(
            (await conn.scalars(text("SELECT request_id FROM enrichment_jobs"))).all()
        )
        sets = await conn.scalar(text("SELECT count(*) FROM result_sets"))
        keys = list((await conn.scalars(text("SELECT key FROM dedupe_keys"))).all())
    assert sorted(requests) == ["pending-old", "recent"]
    assert sets == 1 and keys == ["live-key"]


async def test_purge_runs_once_per_interval_across_processes(make_db: MakeDb) -> None:
    dbs = [await make_db() for _ in range(3)]

    first = await asyncio.gather(
        *(purge_if_due(db, SETTINGS, owner=f"p{i}", now=T0) for i, db in enumerate(dbs))
    )
    assert sum(r is not None for r in first) == 1
    assert await purge_if_due(dbs[0], SETTINGS, owner="p0", now=T0 + 3599) is None

    later = await asyncio.gather(
        *(purge_if_due(db, SETTINGS, owner=f"p{i}", now=T0 + 3600) for i, db in enumerate(dbs))
    )
    assert sum(r is not None for r in later) == 1


async def test_a_loop_asks_the_database_at_most_once_a_minute(db: Database) -> None:
    loop = RetentionPurge(db, SETTINGS, owner="loop")
    await db.activity.add("T1", "U1", "old", now=T0 - 91 * DAY)

    assert await loop.maybe_run(T0) is not None
    await db.activity.add("T1", "U1", "old again", now=T0 - 91 * DAY)
    assert await loop.maybe_run(T0 + 30) is None
    assert await loop.maybe_run(T0 + 3600) is not None
    assert await db.activity.recent("T1", "U1") == []
