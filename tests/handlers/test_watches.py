"""``/leonar watch|watches|unwatch|digest`` end to end: signed commands and clicks → bot → fake
Slack and the Leonar sandbox. What the channel and the person see, and what is stored."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from standins.harness import Stack, running_stack
from standins.leonar_data import DATA_PROJECT_ID, FRONTEND_PROJECT_ID
from standins.slack.state import Ephemeral, Message

CHANNEL = "C0GENERAL"


@pytest.fixture
async def stack() -> AsyncIterator[Stack]:
    async with running_stack(poller="off") as running:
        yield running


def _posts(stack: Stack, channel: str = CHANNEL) -> list[Message]:
    return stack.fake.messages(channel)


async def _told(stack: Stack, count: int = 1, user: str = "U0ALICE") -> list[Ephemeral]:
    def enough() -> list[Ephemeral] | None:
        found = stack.fake.ephemerals_for(user)
        return found if len(found) >= count else None

    return await stack.driver.wait_for(enough)


async def _watches(stack: Stack, channel: str = CHANNEL) -> list[str]:
    found = await stack.deps.db.watches.list_for_channel(stack.fake.team_id, channel)
    return [w.target_name or w.kind for w in found]


async def test_watch_posts_the_stages_with_counts_and_who_set_it(stack: Stack) -> None:
    await stack.driver.command("/leonar", "watch Senior Frontend Engineers")
    (overview,) = await stack.driver.wait_for(lambda: _posts(stack))
    shown = overview.visible_text
    assert "Watching Senior Frontend Engineers" in shown
    assert "Sourced ▇" in shown and "Interview ▇" in shown and "Hired 0" in shown
    assert "<@U0ALICE> set this watch" in shown
    assert f"/projects/{FRONTEND_PROJECT_ID}" in shown
    (watch,) = await stack.deps.db.watches.list_for_channel(stack.fake.team_id, CHANNEL)
    assert (watch.kind, watch.target_id, watch.set_by_user_id) == (
        "project",
        FRONTEND_PROJECT_ID,
        "U0ALICE",
    )
    assert watch.key_owner == "env" and watch.tz == "Europe/Paris"
    assert watch.state is not None and len(watch.state["entries"]) == 4
    assert stack.fake.ephemerals_for("U0ALICE") == []


async def test_watch_by_id_and_watching_again_keeps_one_watch(stack: Stack) -> None:
    await stack.driver.command("/leonar", f"watch {DATA_PROJECT_ID}")
    await stack.driver.wait_for(lambda: _posts(stack))
    await stack.driver.command("/leonar", "watch data engineers – lyon", user="U0BOB")
    await stack.driver.wait_for(lambda: len(_posts(stack)) == 2 or None)
    (watch,) = await stack.deps.db.watches.list_for_channel(stack.fake.team_id, CHANNEL)
    assert watch.target_id == DATA_PROJECT_ID and watch.set_by_user_id == "U0BOB"


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("watch", "Tell me what to watch"),
        ("watch Astronaut Recruiters", "No active Leonar project matches *Astronaut Recruiters*"),
        ("unwatch", "Tell me what to stop watching"),
        ("unwatch Senior Frontend Engineers", "does not watch *Senior Frontend Engineers*"),
        ("unwatch deals", "does not watch the open deals"),
        ("digest", "This channel watches nothing yet"),
    ],
)
async def test_bad_input_is_answered_only_to_the_person(
    stack: Stack, text: str, answer: str
) -> None:
    await stack.driver.command("/leonar", text)
    (told,) = await _told(stack)
    assert answer in told.visible_text
    assert _posts(stack) == []
    assert await _watches(stack) == []


async def test_several_matches_give_a_pick_list_to_the_person(stack: Stack) -> None:
    await stack.driver.command("/leonar", "watch engineers")
    (pick,) = await _told(stack)
    assert "3 projects match engineers" in pick.visible_text
    assert _posts(stack) == [] and await _watches(stack) == []
    block = next(b for b in pick.blocks if "Data Engineers" in str(b))
    await stack.driver.act(block["block_id"], block["accessory"]["action_id"], message=pick.ts)
    (overview,) = await stack.driver.wait_for(lambda: _posts(stack))
    assert "Watching Data Engineers – Lyon" in overview.visible_text
    assert await _watches(stack) == ["Data Engineers – Lyon"]


async def test_a_private_channel_without_the_bot_stores_nothing(stack: Stack) -> None:
    await stack.driver.command("/leonar", "watch Senior Frontend Engineers", channel="C0PRIVATE")
    (told,) = await _told(stack)
    assert "/invite @Leonar" in told.visible_text
    assert await _watches(stack, "C0PRIVATE") == []
    assert _posts(stack, "C0PRIVATE") == []


async def test_watch_deals_says_how_many_are_open(stack: Stack) -> None:
    await stack.driver.command("/leonar", "watch deals")
    (started,) = await stack.driver.wait_for(lambda: _posts(stack))
    assert "Watching the open deals* (6 open deals)" in started.visible_text
    assert "<@U0ALICE> set this watch" in started.visible_text
    assert await _watches(stack) == ["deals"]


async def test_watches_lists_this_channel_only_and_unwatch_button_removes(stack: Stack) -> None:
    await stack.driver.command("/leonar", "watch deals")
    await stack.driver.wait_for(lambda: _posts(stack))
    await stack.driver.command("/leonar", "watch Backend Python Engineers", channel="C0RANDOM")
    await stack.driver.command("/leonar", "watch Senior Frontend Engineers")
    await stack.driver.wait_for(lambda: len(_posts(stack)) == 2 or None)
    await stack.driver.wait_for(lambda: _posts(stack, "C0RANDOM"))
    await stack.driver.command("/leonar", "watches")
    (listing,) = await _told(stack)
    shown = listing.visible_text
    assert "This channel watches 2 things" in shown
    assert "Open deals" in shown and "Senior Frontend Engineers" in shown
    assert "Backend Python" not in shown
    block = next(b for b in listing.blocks if "Open deals" in str(b))
    await stack.driver.act(block["block_id"], block["accessory"]["action_id"], message=listing.ts)
    await stack.driver.wait_for(lambda: len(_posts(stack)) == 3 or None)
    assert "<@U0ALICE> stopped watching the open deals" in _posts(stack)[-1].text
    assert await _watches(stack) == ["Senior Frontend Engineers"]
    assert await _watches(stack, "C0RANDOM") == ["Backend Python Engineers"]


async def test_unwatch_by_name_only_in_this_channel(stack: Stack) -> None:
    await stack.driver.command("/leonar", "watch Senior Frontend Engineers", channel="C0RANDOM")
    await stack.driver.command("/leonar", "watch Senior Frontend Engineers")
    await stack.driver.wait_for(lambda: _posts(stack))
    await stack.driver.wait_for(lambda: _posts(stack, "C0RANDOM"))
    await stack.driver.command("/leonar", "unwatch senior frontend engineers")
    await stack.driver.wait_for(lambda: len(_posts(stack)) == 2 or None)
    assert "stopped watching Senior Frontend Engineers" in _posts(stack)[-1].text
    assert await _watches(stack) == []
    assert await _watches(stack, "C0RANDOM") == ["Senior Frontend Engineers"]


async def test_digest_posts_now(stack: Stack) -> None:
    await stack.driver.command("/leonar", "watch Senior Frontend Engineers")
    await stack.driver.wait_for(lambda: _posts(stack))
    await stack.driver.command("/leonar", "digest")
    await stack.driver.wait_for(lambda: len(_posts(stack)) == 2 or None)
    shown = _posts(stack)[-1].visible_text
    assert "Weekly digest" in shown
    assert "Senior Frontend Engineers" in shown and "No change this week." in shown


async def test_help_lists_the_watch_commands(stack: Stack) -> None:
    await stack.driver.command("/leonar", "help")
    (told,) = await _told(stack)
    for example in ('watch "Senior Frontend Engineers"', "watches", "unwatch deals", "digest"):
        assert f"Example: `/leonar {example}`" in told.visible_text


async def test_uninstall_deletes_the_teams_watches(stack: Stack) -> None:
    await stack.driver.command("/leonar", "watch deals")
    await stack.driver.wait_for(lambda: _posts(stack))
    assert await _watches(stack) == ["deals"]
    response = await stack.driver.event({"type": "app_uninstalled"})
    assert response.status_code == 200
    for _ in range(50):
        if not await _watches(stack):
            break
        await asyncio.sleep(0.05)
    assert await _watches(stack) == []
