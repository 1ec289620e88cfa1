"""**Enrich all** end to end: the button under results → the confirmation modal → the
enrichments on the sandbox → one progress message edited in place → one summary."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from typing import Any

import pytest

from bot.enrichment import Poller
from bot.slack.deps import make_slack_client, open_deps
from bot.ui.contacts import ResultsFooter, footer_block
from standins.harness import BOT_TOKEN, Stack, running_stack
from standins.slack.state import Message, ViewRecord

CHANNEL = "C0GENERAL"
USER = "U0ALICE"
KNOWN = {  # already have a work email
    "a1b2c3d4-5678-90ab-cdef-1234567890ab": "Sophie Martin",
    "4596404a-fbfe-509d-a111-317af72b5901": "Camille Laurent",
    "339d08dc-ff30-5a20-8cc8-f6b1a1f32086": "Léa Bernard",
}
UNKNOWN = {  # no work email; Chloé Mercier's enrichment fails in the sandbox
    "d52e6594-9238-5e9d-9002-125c6142983f": "Thomas Dubois",
    "64ddfeb1-dac0-53c4-a0a9-cdefab239ca5": "Julien Moreau",
    "66db9a2d-f000-57aa-a720-626664c593b9": "Chloé Mercier",
    "00e9c0c5-cd90-55d1-9fea-51f35f54f79b": "Emma Guérin",
    "a81dfb60-b204-569c-aa22-c3a2a377c973": "Inès Chevalier",
    "ab9721c1-41b0-5a2f-9f65-009c3493d784": "Amelia Jones",
    "f48741aa-cc0b-530e-b436-8e96147051f8": "George Wilson",
    "1d44b3e3-715e-574e-b2fc-c4b7e5e0ca75": "Isla Davies",
    "81095a0a-8a2a-59d1-a191-2a6fbf73efaa": "Jack Evans",
}
FAST: dict[str, Any] = {"enrichment_poll_interval": 0.2, "enrichment_timeout": 30.0}


@pytest.fixture
async def stack() -> AsyncIterator[Stack]:
    async with running_stack(**FAST) as stack:
        stack.leonar.enrichment_delay = 0.3
        yield stack


async def results_thread(stack: Stack, ids: list[str] | None = None) -> str:
    """A results thread of the 12 contacts (or ``ids``; ids only: the bot reads each one), with
    the footer the search posts under a page; the thread's ts."""
    ids = ids or [*KNOWN, *UNKNOWN]
    set_id = await stack.deps.db.result_sets.put(
        "search", {"contact_ids": ids}, team_id=stack.fake.team_id, ttl_seconds=600
    )
    client = make_slack_client(stack.settings, BOT_TOKEN)
    parent = await client.chat_postMessage(channel=CHANNEL, text="12 contacts")
    await client.chat_postMessage(
        channel=CHANNEL,
        thread_ts=parent["ts"],
        text="results",
        blocks=[footer_block(set_id, ResultsFooter())],
    )
    return str(parent["ts"])


async def confirm_modal(stack: Stack) -> ViewRecord:
    await stack.driver.click("Enrich all")

    def ready() -> ViewRecord | None:
        view = stack.fake.current_view(USER)
        return view if view is not None and view.callback_id == "enrich_all_view" else None

    return await stack.driver.wait_for(ready, timeout=10)


def enrich_posts(stack: Stack) -> list[str]:
    """The contact ids Leonar was asked to enrich."""
    return [
        r.path.split("/")[-2]
        for r in stack.leonar.requests
        if r.method == "POST" and r.path.endswith("/enrich")
    ]


async def summary_of(stack: Stack, thread_ts: str) -> Message:
    def found() -> Message | None:
        for message in stack.fake.replies(CHANNEL, thread_ts):
            if "Enrich all done" in message.text:
                return message
        return None

    return await stack.driver.wait_for(found, timeout=20)


def progress_messages(stack: Stack, thread_ts: str) -> list[Message]:
    return [m for m in stack.fake.replies(CHANNEL, thread_ts) if "Enrich" in m.text and
            ("Enriching" in m.text or "Enriched" in m.text)]  # fmt: skip


async def test_enrich_all_skips_known_emails_and_sums_up_once(stack: Stack) -> None:
    thread_ts = await results_thread(stack)
    view = await confirm_modal(stack)
    text = view.visible_text
    assert "Enrich the work email of 9 contacts (of 12 contacts here)" in text.replace("*", "")
    assert "3 contacts already have an email and will be skipped" in text
    assert "costs Leonar credits" in text
    result = await stack.driver.submit(view.id)
    assert result.closed

    summary = await summary_of(stack, thread_ts)
    assert sorted(enrich_posts(stack)) == sorted(UNKNOWN)
    # one progress message, edited in place to the final counts
    (progress,) = progress_messages(stack, thread_ts)
    assert progress.edited
    assert progress.text == ":white_check_mark: Enriched 9: 8 found · 1 not found"
    updates = [c for c in stack.fake.calls if c.method == "chat.update" and
               c.args.get("ts") == progress.ts]  # fmt: skip
    assert len(updates) >= 2
    # one summary listing the emails found, and no separate notices
    assert summary.text.startswith("<@U0ALICE> Enrich all done: 8 emails found of 9.")
    shown = summary.visible_text
    assert "Thomas Dubois: thomas.dubois@" in shown
    assert "No email found: Chloé Mercier" in shown
    replies = stack.fake.replies(CHANNEL, thread_ts)
    assert [m for m in replies if "Enrich all done" in m.text] == [summary]
    assert len(replies) == 3  # the footer, the progress message, the summary
    assert not [m for m in replies if "⏳ Looking for" in m.text]


async def test_enrich_anyway_includes_known_emails(stack: Stack) -> None:
    thread_ts = await results_thread(stack)
    view = await confirm_modal(stack)
    await stack.driver.submit(
        view.id, {"Enrich anyway": ["Enrich anyway (also those with an email)"]}
    )
    summary = await summary_of(stack, thread_ts)
    assert sorted(enrich_posts(stack)) == sorted([*KNOWN, *UNKNOWN])
    assert "11 emails found of 12." in summary.text


async def test_no_credits_midway_stops_the_rest_and_says_so(stack: Stack) -> None:
    stack.leonar.credits = 4
    thread_ts = await results_thread(stack)
    view = await confirm_modal(stack)
    await stack.driver.submit(view.id)
    summary = await summary_of(stack, thread_ts)
    assert len(enrich_posts(stack)) == 5  # four accepted, the fifth refused with a 402
    assert "No Leonar credits left: stopped after 4 enrichments, 5 contacts not enriched" in (
        summary.text
    )
    (progress,) = progress_messages(stack, thread_ts)
    assert progress.text.startswith(":white_check_mark: Enriched 4: ")
    assert "No Leonar credits left" in progress.text
    # Thomas, Julien, Chloé (not found) and Emma were started
    assert "Enrich all done: 3 emails found of 4." in summary.text


def _counts(text: str) -> tuple[int, int]:
    """(outcomes counted, pending) as a progress text shows them."""
    done = sum(int(n) for n in re.findall(r"(\d+) (?:found|not found|failed)", text))
    pending = re.search(r"(\d+) pending", text)
    return done, int(pending.group(1)) if pending else 0


async def test_two_jobs_ending_together_on_two_workers_never_edit_the_progress_backwards() -> None:
    async with running_stack(poller="off", **FAST) as stack:
        stack.leonar.enrichment_hold = True
        two = ["d52e6594-9238-5e9d-9002-125c6142983f", "64ddfeb1-dac0-53c4-a0a9-cdefab239ca5"]
        thread_ts = await results_thread(stack, two)
        await stack.driver.submit((await confirm_modal(stack)).id)
        (progress,) = await stack.driver.wait_for(lambda: progress_messages(stack, thread_ts))

        def edits() -> list[str]:
            return [str(c.args.get("text")) for c in stack.fake.calls if
                    c.method == "chat.update" and c.args.get("ts") == progress.ts]  # fmt: skip

        await stack.driver.wait_for(edits)  # launched: every enrichment started
        assert len(stack.leonar.enrichments) == 2
        # the edit counting one job of the two is slow on the way to Slack
        stack.fake.delay("chat.update", 1.0, when=lambda args: "1 pending" in str(args.get("text")))
        for request_id in list(stack.leonar.enrichments):
            stack.leonar.complete_enrichment(request_id)
        async with open_deps(stack.settings) as one, open_deps(stack.settings) as other:
            workers = [Poller(deps, batch=1, lookahead=0.1) for deps in (one, other)]
            tasks = [asyncio.create_task(w.run()) for w in workers]
            try:
                summary = await summary_of(stack, thread_ts)
                # the summary comes once the progress message shows the end, slow edit or not
                (at_summary,) = progress_messages(stack, thread_ts)
                at_summary_text = at_summary.text
            finally:
                for worker in workers:
                    worker.stop()
                await asyncio.gather(*tasks)
        assert [w.stats.notified for w in workers] == [1, 1]  # one job each, together

        shown = [_counts(text) for text in edits()]
        assert shown == sorted(shown, key=lambda c: (c[0], -c[1]))  # never backwards
        assert edits()[-1] == progress.text == ":white_check_mark: Enriched 2: 2 found"
        assert at_summary_text == ":white_check_mark: Enriched 2: 2 found"
        assert summary.text.startswith("<@U0ALICE> Enrich all done: 2 emails found of 2.")
        replies = stack.fake.replies(CHANNEL, thread_ts)
        assert len(replies) == 3  # the footer, the progress message, the summary
