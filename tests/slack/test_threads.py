"""Posting through the fake Slack: threads, the not-in-channel fallback, 429s."""

from __future__ import annotations

import pytest
from slack_sdk.errors import SlackApiError

from bot.slack.deps import make_slack_client
from bot.slack.threads import Poster, ThreadRef
from standins.harness import BOT_TOKEN, Stack


def _poster(stack: Stack) -> Poster:
    return stack.deps.poster(make_slack_client(stack.settings, BOT_TOKEN))


async def test_thread_in_a_channel_the_bot_is_in(stack: Stack) -> None:
    poster = _poster(stack)
    url = stack.fake.new_response_url("C0GENERAL", "U0ALICE")
    thread = await poster.start_thread(
        "C0GENERAL", "3 contacts for *react*", response_url=url, user="U0ALICE"
    )
    assert not thread.fallback and thread.ts
    reply_ts = await poster.reply(
        thread, "Jane Doe", [{"type": "section", "text": {"type": "mrkdwn", "text": "Jane Doe"}}]
    )
    (parent,) = stack.fake.messages("C0GENERAL")
    assert parent.text == "3 contacts for *react*"
    replies = stack.fake.replies("C0GENERAL", thread.ts)
    assert [r.text for r in replies if r.ts == reply_ts] == ["Jane Doe"]
    assert stack.fake.ephemerals == []


async def test_not_in_channel_falls_back_to_response_url_with_invite_hint(stack: Stack) -> None:
    stack.fake.chat_write_public = False
    poster = _poster(stack)
    url = stack.fake.new_response_url("C0RANDOM", "U0ALICE")
    thread = await poster.start_thread(
        "C0RANDOM", "Results for you", response_url=url, user="U0ALICE"
    )
    assert thread.fallback
    assert await poster.reply(thread, "Jane Doe") == ""
    texts = [e.text for e in stack.fake.ephemerals if e.user == "U0ALICE"]
    assert len(texts) == 2
    assert "Results for you" in texts[0] and "/invite @Leonar" in texts[0]
    assert texts[1] == "Jane Doe"
    assert stack.fake.messages("C0RANDOM") == []


async def test_private_channel_falls_back(stack: Stack) -> None:
    poster = _poster(stack)
    url = stack.fake.new_response_url("C0PRIVATE", "U0BOB")
    thread = await poster.start_thread("C0PRIVATE", "Deals", response_url=url, user="U0BOB")
    assert thread == ThreadRef("C0PRIVATE", "", response_url=url, user="U0BOB", fallback=True)
    (eph,) = [e for e in stack.fake.ephemerals if e.user == "U0BOB"]
    assert eph.channel == "C0PRIVATE"
    assert "/invite @Leonar" in eph.text
    assert stack.fake.messages("C0PRIVATE") == []


async def test_without_response_url_the_error_is_raised(stack: Stack) -> None:
    with pytest.raises(SlackApiError):
        await _poster(stack).start_thread("C0PRIVATE", "Deals")


async def test_rate_limited_post_is_waited_out(stack: Stack) -> None:
    stack.fake.inject_rate_limit("chat.postMessage", times=1, retry_after=1)
    thread = await _poster(stack).start_thread("C0GENERAL", "after a 429")
    assert [m.text for m in stack.fake.messages("C0GENERAL")] == ["after a 429"]
    assert not thread.fallback


async def test_update_and_ephemeral(stack: Stack) -> None:
    poster = _poster(stack)
    thread = await poster.start_thread("C0GENERAL", "Enriching…")
    await poster.update("C0GENERAL", thread.ts, "Enriched")
    assert [m.text for m in stack.fake.messages("C0GENERAL")] == ["Enriched"]
    await poster.ephemeral("C0GENERAL", "U0ALICE", "only you")
    assert [e.text for e in stack.fake.ephemerals] == ["only you"]


async def test_text_is_always_required(stack: Stack) -> None:
    with pytest.raises(ValueError):
        await _poster(stack).start_thread("C0GENERAL", "  ", [{"type": "divider"}])


def test_thread_ref_round_trips() -> None:
    ref = ThreadRef("C1", "1.2", response_url="https://x/y", user="U1", fallback=True)
    assert ThreadRef.from_dict(ref.to_dict()) == ref
