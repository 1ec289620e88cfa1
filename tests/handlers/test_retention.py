"""Retention end to end: the inline poller purges, and a button on purged results answers in
words ("run it again"), never an error and never a new Leonar call."""

from __future__ import annotations

import asyncio
import time

from sqlalchemy import text

from bot.flows.search import EXPIRED as SEARCH_EXPIRED
from bot.services.maintenance import DAY, purge
from bot.ui.sourcing import EXPIRED as SOURCING_EXPIRED
from standins.harness import Stack, running_stack
from tests.handlers.test_search import wait_results
from tests.handlers.test_sourcing import SEARCH
from tests.handlers.test_sourcing import search as sourcing_search

USER = "U0ALICE"


async def purge_everything_stored_now(stack: Stack) -> None:
    """The purge as it runs once the result sets are past RESULT_SET_TTL."""
    later = time.time() + stack.settings.result_set_ttl + 60
    await purge(stack.deps.db, stack.settings, now=later)


async def recorded(stack: Stack, ts: str) -> None:
    """Wait until the bot stored the posted page's messages in its result set."""
    deadline = time.monotonic() + 5
    while True:
        async with stack.deps.db.engine.connect() as conn:
            payloads = (await conn.exec_driver_sql("SELECT payload FROM result_sets")).scalars()
            if any(ts in str(p) for p in payloads):
                return
        assert time.monotonic() < deadline, "the page was not recorded"
        await asyncio.sleep(0.02)


async def told(stack: Stack, words: str) -> str:
    found = await stack.driver.wait_for(
        lambda: next((e for e in stack.fake.ephemerals_for(USER) if words in e.text), None)
    )
    return found.text


async def test_more_results_on_purged_search_results_says_search_again(stack: Stack) -> None:
    await stack.driver.command("/leonar", "search engineer")
    _, replies = await wait_results(stack)
    await purge_everything_stored_now(stack)

    await stack.driver.click("More results", message=replies[-1])

    assert await told(stack, "expired") == SEARCH_EXPIRED
    assert "/leonar search" in SEARCH_EXPIRED
    assert len(stack.leonar.requests_to("POST", "/contacts/search")) == 1


async def test_next_page_on_purged_sourcing_results_says_source_again(stack: Stack) -> None:
    _, replies = await sourcing_search(stack, **{"Job titles": "Engineer, Developer"})
    await recorded(stack, replies[-1].ts)
    await purge_everything_stored_now(stack)

    await stack.driver.click("Next page", message=replies[-1])

    assert await told(stack, "expired") == SOURCING_EXPIRED
    assert "/leonar source" in SOURCING_EXPIRED
    assert len(stack.leonar.requests_to("POST", SEARCH)) == 1


async def test_the_inline_poller_runs_the_retention_purge() -> None:
    async with running_stack(purge_interval=0.5) as stack:
        await _purged_by_the_poller(stack)


async def _purged_by_the_poller(stack: Stack) -> None:
    assert stack.settings.poller == "inline"
    db = stack.deps.db
    now = time.time()
    await db.activity.add("T1", "U1", "yesterday", now=now - DAY)
    stale = await db.result_sets.put("search", [1], team_id="T1", ttl_seconds=1, now=now - 60)
    await db.activity.add("T1", "U1", "long ago", now=now - 91 * DAY)

    async def purged() -> bool:
        async with db.engine.connect() as conn:
            sets = await conn.scalar(
                text("SELECT count(*) FROM result_sets WHERE id = :i"), {"i": stale}
            )
        activity = [e.text for e in await db.activity.recent("T1", "U1")]
        return sets == 0 and activity == ["yesterday"]

    deadline = time.monotonic() + 10
    while not await purged():
        assert time.monotonic() < deadline, "the poller did not purge"
        await asyncio.sleep(0.05)
