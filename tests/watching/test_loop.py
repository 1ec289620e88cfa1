"""The watch loop end to end: watches set with signed ``/leonar watch`` commands, changes made in
the Leonar sandbox behind the bot's back, the loop (bot.watching) checking with the setter's key
and posting in the fake Slack. Exactly once, pause once, the weekly digest."""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import replace
from typing import Any, cast

import pytest

from bot.services.watch_plan import zone
from bot.store import Database, Watch
from bot.watching import WatchLoop
from standins.harness import Stack, running_stack
from standins.leonar_data import FRONTEND_PROJECT_ID, NO_EMAIL_CONTACT_ID, SOPHIE_CONTACT_ID
from standins.slack.state import Message
from tests.support.pg import (
    asyncpg_url,
    postgres_unavailable_reason,
    skip_or_fail,
    throwaway_database,
)

CHANNEL = "C0GENERAL"
INTERVAL = 0.2
FAST: dict[str, Any] = {"poller": "off", "watch_interval": INTERVAL}
#: a key budget so large that the rate plan does not stretch INTERVAL
UNLIMITED = 10**7


@pytest.fixture
async def stack() -> AsyncIterator[Stack]:
    async with running_stack(**FAST) as running:
        running.leonar.rate_limit = UNLIMITED
        yield running


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
async def both(request: pytest.FixtureRequest) -> AsyncIterator[Stack]:
    """The stack on SQLite, then on a throwaway PostgreSQL database."""
    if request.param == "sqlite":
        async with running_stack(**FAST) as running:
            running.leonar.rate_limit = UNLIMITED
            yield running
        return
    reason = await postgres_unavailable_reason()
    if reason:
        skip_or_fail(reason)
    async with throwaway_database() as dsn:
        async with running_stack(database_url=asyncpg_url(dsn), **FAST) as running:
            running.leonar.rate_limit = UNLIMITED
            yield running


def _posts(stack: Stack) -> list[Message]:
    return stack.fake.messages(CHANNEL)


async def _watch(stack: Stack, text: str, user: str = "U0ALICE") -> Watch:
    before = len(_posts(stack))
    await stack.driver.command("/leonar", text, user=user)
    await stack.driver.wait_for(lambda: len(_posts(stack)) > before or None)
    watches = await stack.deps.db.watches.list_for_channel(stack.fake.team_id, CHANNEL)
    return watches[-1]


async def _checks(loop: WatchLoop, rounds: int = 1) -> None:
    """Let the watches come due, then tick (each round is one check of each watch)."""
    for _ in range(rounds):
        await asyncio.sleep(INTERVAL + 0.05)
        await loop.tick()


def _new_posts(stack: Stack, since: int) -> list[str]:
    return [m.visible_text for m in _posts(stack)[since:]]


def _deal_id(stack: Stack, title_start: str) -> str:
    return next(d["id"] for d in stack.leonar.deals.values() if d["title"].startswith(title_start))


async def test_a_count_change_is_told_once_naming_stage_and_who_moved(stack: Stack) -> None:
    await _watch(stack, "watch Senior Frontend Engineers")
    loop = WatchLoop(stack.deps)
    await _checks(loop)
    assert len(_posts(stack)) == 1  # nothing changed: nothing posted
    assert len(stack.leonar.requests_to("GET", f"/projects/{FRONTEND_PROJECT_ID}/entries")) == 1

    stack.leonar.move_entry(FRONTEND_PROJECT_ID, SOPHIE_CONTACT_ID, "Interview")
    await _checks(loop, rounds=3)
    (told,) = _new_posts(stack, 1)
    assert "Senior Frontend Engineers" in told
    assert "Sourced 1 → 0" in told and "Interview 1 → 2" in told
    assert "Sophie Martin → Interview" in told
    assert f"/projects/{FRONTEND_PROJECT_ID}" in told
    message = _posts(stack)[-1]
    assert message.metadata is not None and message.metadata["event_type"] == "leonar_watch"
    # entries were read only when a count changed (once when the watch was set, once now)
    assert len(stack.leonar.requests_to("GET", f"/projects/{FRONTEND_PROJECT_ID}/entries")) == 2
    watch = (await stack.deps.db.watches.list_for_channel(stack.fake.team_id, CHANNEL))[0]
    assert watch.outbox is None and watch.last_checked_at is not None


async def test_two_loops_at_once_tell_a_change_once(both: Stack) -> None:
    stack = both
    await _watch(stack, "watch Senior Frontend Engineers")
    stack.leonar.move_entry(FRONTEND_PROJECT_ID, NO_EMAIL_CONTACT_ID, "Sourced")
    loops = [WatchLoop(stack.deps), WatchLoop(stack.deps)]
    for _ in range(3):
        await asyncio.sleep(INTERVAL + 0.05)
        await asyncio.gather(*(loop.tick() for loop in loops))
    (told,) = _new_posts(stack, 1)
    assert "Sourced 1 → 2" in told and "Thomas Dubois → Sourced" in told


async def test_two_running_loops_tell_once(both: Stack) -> None:
    stack = both
    await _watch(stack, "watch Senior Frontend Engineers")
    loops = [WatchLoop(stack.deps, tick_seconds=0.05) for _ in range(2)]
    tasks = [asyncio.create_task(loop.run()) for loop in loops]
    try:
        await asyncio.sleep(0.3)
        stack.leonar.move_entry(FRONTEND_PROJECT_ID, SOPHIE_CONTACT_ID, "Offer")
        await stack.driver.wait_for(lambda: len(_posts(stack)) > 1 or None)
        await asyncio.sleep(1.0)
    finally:
        for loop in loops:
            loop.stop()
        await asyncio.gather(*tasks)
    (told,) = _new_posts(stack, 1)
    assert "Offer 1 → 2" in told
    assert sum(loop.checks for loop in loops) >= 3


async def test_deals_moved_won_and_closing_one_message_each(stack: Stack) -> None:
    watch = await _watch(stack, "watch deals")
    loop = WatchLoop(stack.deps)
    await _checks(loop)
    assert len(_posts(stack)) == 1
    qonto, mirakl = _deal_id(stack, "Qonto"), _deal_id(stack, "Mirakl")
    gocardless = _deal_id(stack, "GoCardless")
    stack.leonar.set_deal_stage(qonto, "Proposal")
    stack.leonar.close_deal(mirakl, "won", signed_amount=42000)
    # "in 2 days" counts from today where the person who set the watch is (Alice: Paris),
    # which is not the server's date between 22:00 and midnight UTC
    soon = dt.datetime.now(zone(watch.tz)).date() + dt.timedelta(days=2)
    stack.leonar.deals[gocardless]["expected_close_date"] = soon.isoformat()
    await _checks(loop, rounds=3)
    told = _new_posts(stack, 1)
    assert len(told) == 3
    assert any("Qonto - 5 Account Executives* Qualified → Proposal" in t for t in told)
    assert any("Mirakl - Data team (2 hires)* was won: " in t and "42" in t for t in told)
    assert any("GoCardless - SDR hiring wave* is expected to close in 2 days" in t for t in told)
    assert (
        len(stack.leonar.requests_to("GET", f"/deals/{mirakl}")) == 1
    )  # read once when it left the open list


async def test_unwatch_stops_the_messages(stack: Stack) -> None:
    await _watch(stack, "watch Senior Frontend Engineers")
    loop = WatchLoop(stack.deps)
    await stack.driver.command("/leonar", "unwatch Senior Frontend Engineers")
    await stack.driver.wait_for(lambda: len(_posts(stack)) == 2 or None)
    stack.leonar.move_entry(FRONTEND_PROJECT_ID, SOPHIE_CONTACT_ID, "Hired")
    calls = len(stack.leonar.requests_to("GET", f"/projects/{FRONTEND_PROJECT_ID}"))
    await _checks(loop, rounds=2)
    assert len(_posts(stack)) == 2
    assert len(stack.leonar.requests_to("GET", f"/projects/{FRONTEND_PROJECT_ID}")) == calls


async def test_a_disconnected_key_pauses_the_watch_and_says_so_once(stack: Stack) -> None:
    team = stack.fake.team_id
    stack.leonar.add_key("leo_alice")
    await stack.deps.db.user_keys.set(team, "U0ALICE", "leo_alice")
    watch = await _watch(stack, "watch Senior Frontend Engineers")
    assert watch.key_owner.startswith("user")
    await stack.deps.db.user_keys.delete(team, "U0ALICE")
    loop = WatchLoop(stack.deps)
    await _checks(loop, rounds=3)
    (notice,) = _new_posts(stack, 1)
    assert "I stopped watching Senior Frontend Engineers" in notice
    assert "<@U0ALICE>" in notice and "/leonar watch Senior Frontend Engineers" in notice
    paused = await stack.deps.db.watches.get(watch.id)
    assert paused is not None and paused.is_paused
    # watching again with a key resumes it
    await stack.driver.command("/leonar", "watch Senior Frontend Engineers", user="U0BOB")
    await stack.driver.wait_for(lambda: len(_posts(stack)) == 3 or None)
    again = await stack.deps.db.watches.get(watch.id)
    assert again is not None and not again.is_paused and again.key_owner == "env"


async def test_a_refused_key_pauses_once(stack: Stack) -> None:
    stack.leonar.add_key("leo_alice")
    await stack.deps.db.user_keys.set(stack.fake.team_id, "U0ALICE", "leo_alice")
    await _watch(stack, "watch deals")
    del stack.leonar.keys["leo_alice"]
    loop = WatchLoop(stack.deps)
    await _checks(loop, rounds=3)
    (notice,) = _new_posts(stack, 1)
    assert "I stopped watching the open deals: Leonar refused the key" in notice
    assert "/leonar watch deals" in notice


class _Crash(Exception):
    pass


class _DyingWatches:
    """The watches repository of a worker that dies at ``step``."""

    def __init__(self, real: Any, step: str) -> None:
        self._real, self._step = real, step

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._real, name)
        if name != self._step:
            return attr

        async def dying(*args: Any, **kwargs: Any) -> Any:
            raise _Crash(name)

        return dying


class _DyingDb:
    def __init__(self, real: Database, step: str) -> None:
        self._real = real
        self.watches = _DyingWatches(real.watches, step)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)


@pytest.mark.parametrize("step", ["mark_told", "checked"])
async def test_a_worker_dying_after_saving_tells_once(both: Stack, step: str) -> None:
    """Dead after posting but before ``mark_told`` (or before ``checked``): the next worker
    looks in the channel and does not post again."""
    stack = both
    await _watch(stack, "watch Senior Frontend Engineers")
    stack.leonar.move_entry(FRONTEND_PROJECT_ID, SOPHIE_CONTACT_ID, "Contacted")
    dying = WatchLoop(replace(stack.deps, db=cast(Database, _DyingDb(stack.deps.db, step))))
    await asyncio.sleep(INTERVAL + 0.05)
    await dying.tick()  # the crash is logged, the lease stays
    assert len(_posts(stack)) == 2
    later = WatchLoop(stack.deps, clock=lambda: time.time() + 120)
    await later.tick()
    assert len(_posts(stack)) == 2
    (watch,) = await stack.deps.db.watches.list_for_channel(stack.fake.team_id, CHANNEL)
    assert watch.outbox is None


async def test_a_worker_dying_before_posting_leaves_it_to_the_next(stack: Stack) -> None:
    await _watch(stack, "watch Senior Frontend Engineers")
    stack.leonar.move_entry(FRONTEND_PROJECT_ID, SOPHIE_CONTACT_ID, "Contacted")

    class Mute(WatchLoop):
        async def _post(self, *args: Any, **kwargs: Any) -> None:
            raise _Crash("before posting")

    await asyncio.sleep(INTERVAL + 0.05)
    await Mute(stack.deps).tick()
    assert len(_posts(stack)) == 1
    later = WatchLoop(stack.deps, clock=lambda: time.time() + 120)
    await later.tick()
    (told,) = _new_posts(stack, 1)
    assert "Contacted 1 → 2" in told


async def test_the_weekly_digest_goes_out_once_on_monday_morning(stack: Stack) -> None:
    await _watch(stack, "watch Senior Frontend Engineers")
    await _watch(stack, "watch deals")
    stack.leonar.move_entry(FRONTEND_PROJECT_ID, SOPHIE_CONTACT_ID, "Interview")
    next_week: Callable[[], float] = lambda: time.time() + 8 * 24 * 3600  # noqa: E731
    loops = [WatchLoop(stack.deps, clock=next_week) for _ in range(2)]
    assert sum(await asyncio.gather(*(loop.digests() for loop in loops))) == 1
    digest = _posts(stack)[-1].visible_text
    assert "Weekly digest" in digest and "Senior Frontend Engineers" in digest
    assert await loops[0].digests() == 0
    # not yet due for a channel whose first watch is newer than this Monday 09:00
    assert await WatchLoop(stack.deps).digests() == 0


async def test_the_inline_loop_tells_changes_with_a_small_interval() -> None:
    async with running_stack(watch_interval=INTERVAL) as stack:
        stack.leonar.rate_limit = UNLIMITED
        await _watch(stack, "watch Senior Frontend Engineers")
        stack.leonar.move_entry(FRONTEND_PROJECT_ID, SOPHIE_CONTACT_ID, "Offer")
        await stack.driver.wait_for(lambda: len(_posts(stack)) > 1 or None, timeout=10)
        await asyncio.sleep(INTERVAL * 3)
        (told,) = _new_posts(stack, 1)
        assert "Offer 1 → 2" in told


async def test_many_watches_on_one_key_stretch_the_interval(stack: Stack) -> None:
    """1,000 calls an hour, half for watches: one watch is checked every 7.2 s at most, not
    every WATCH_INTERVAL; none is checked while the key is under its reserve."""
    stack.leonar.rate_limit = 1000
    await _watch(stack, "watch Senior Frontend Engineers")
    loop = WatchLoop(stack.deps)
    await _checks(loop)
    (watch,) = await stack.deps.db.watches.list_for_channel(stack.fake.team_id, CHANNEL)
    assert watch.last_checked_at is not None
    assert watch.next_check_at - watch.last_checked_at == pytest.approx(7.2, abs=0.2)


async def test_the_reserve_is_kept_for_peoples_commands(stack: Stack) -> None:
    stack.leonar.rate_limit = 10
    await _watch(stack, "watch Senior Frontend Engineers")  # 3 calls: projects, project, entries
    people = stack.deps.leonar("leo_sandbox")  # the same key, as people's commands use it
    for _ in range(5):
        await people.contacts.search(query="react")
    # 2 of 10 left: no more than the 20 % reserve, kept for people
    calls = len(stack.leonar.requests_to("GET", f"/projects/{FRONTEND_PROJECT_ID}"))
    loop = WatchLoop(stack.deps)
    await _checks(loop, rounds=2)
    assert len(stack.leonar.requests_to("GET", f"/projects/{FRONTEND_PROJECT_ID}")) == calls
