"""End to end: Slack's signed ``app_uninstalled`` / ``tokens_revoked`` events → the workspace's
rows are gone (counted in the bot's database, SQLite and PostgreSQL)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable

import pytest

from standins.harness import Stack, running_stack
from tests.store.test_maintenance import seed_team, team_rows
from tests.support.pg import (
    asyncpg_url,
    postgres_unavailable_reason,
    skip_or_fail,
    throwaway_database,
)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
async def db_stack(request: pytest.FixtureRequest) -> AsyncIterator[Stack]:
    if request.param == "sqlite":
        async with running_stack() as stack:
            yield stack
        return
    reason = await postgres_unavailable_reason()
    if reason:
        skip_or_fail(reason)
    async with throwaway_database() as dsn, running_stack(database_url=asyncpg_url(dsn)) as stack:
        yield stack


async def test_app_uninstalled_event_deletes_the_workspace_rows(db_stack: Stack) -> None:
    stack = db_stack
    db = stack.deps.db
    team = stack.fake.team_id
    await seed_team(db, team)
    await seed_team(db, "T0OTHER")
    other = await team_rows(db, "T0OTHER")
    assert set((await team_rows(db, team)).values()) != {0}

    response = await stack.driver.event({"type": "app_uninstalled"})
    assert response.status_code == 200

    async def all_gone() -> bool:
        return set((await team_rows(db, team)).values()) == {0}

    await _eventually(all_gone)
    assert await team_rows(db, "T0OTHER") == other
    # delivered again: still 200, nothing else goes
    assert (await stack.driver.event({"type": "app_uninstalled"})).status_code == 200
    assert await team_rows(db, "T0OTHER") == other


async def test_tokens_revoked_event_deletes_the_tokens(db_stack: Stack) -> None:
    stack = db_stack
    db = stack.deps.db
    team = stack.fake.team_id
    await seed_team(db, team)

    response = await stack.driver.event(
        {"type": "tokens_revoked", "tokens": {"oauth": ["U1"], "bot": ["UBOT"]}}
    )
    assert response.status_code == 200

    async def tokens_gone() -> bool:
        rows = await team_rows(db, team)
        return rows["slack_installations"] == 0 and rows["slack_bots"] == 0

    await _eventually(tokens_gone)
    assert (await team_rows(db, team))["user_keys"] == 2


async def _eventually(check: Callable[[], Awaitable[bool]], timeout: float = 5.0) -> None:
    """Bolt acks the event first and runs the listener after: wait for its effect."""
    deadline = time.monotonic() + timeout
    while not await check():
        assert time.monotonic() < deadline, "the rows were not deleted in time"
        await asyncio.sleep(0.05)
