"""Starting enrichments from Slack, end to end: signed requests → bot → fake Slack + sandbox,
with the inline poller answering in the thread."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from dataclasses import replace
from typing import Any, cast

import pytest

from bot.enrichment import Poller, carries_job
from bot.slack.deps import make_slack_client
from bot.store import Database
from bot.ui.actions import CONTACT_ENRICH, CONTACT_MORE, VERB_ENRICH_PHONE, contact_verb_value
from standins.harness import BOT_TOKEN, Stack, running_stack
from standins.leonar_data import (
    ENRICH_FAILS_CONTACT_ID,
    NO_EMAIL_CONTACT_ID,
    SOPHIE_CONTACT_ID,
)
from standins.slack.state import Message
from tests.support.crash import DEAD, Crash, DyingDb, DyingRepository

FAST: dict[str, Any] = {"enrichment_poll_interval": 0.2, "enrichment_timeout": 30.0}


@pytest.fixture
async def fast() -> AsyncIterator[Stack]:
    async with running_stack(**FAST) as stack:
        stack.leonar.enrichment_delay = 0.5
        yield stack


def _parents(stack: Stack) -> list[Message]:
    return stack.fake.messages("C0GENERAL")


async def _first_parent(stack: Stack) -> Message:
    messages = await stack.driver.wait_for(lambda: _parents(stack))
    return messages[0]


def _thread(stack: Stack, thread_ts: str) -> list[Message]:
    root = stack.fake.message("C0GENERAL", thread_ts)
    return ([root] if root else []) + stack.fake.replies("C0GENERAL", thread_ts)


async def _notification(stack: Stack, thread_ts: str, count: int = 1) -> list[Message]:
    """The thread's messages mentioning someone (the ⏳ message once it became the result)."""

    def replies_with_mention() -> list[Message] | None:
        found = [m for m in _thread(stack, thread_ts) if "<@U0" in m.text]
        return found if len(found) >= count else None

    return await stack.driver.wait_for(replies_with_mention, timeout=10)


async def test_command_enriches_in_a_new_thread_and_mentions_the_requester(fast: Stack) -> None:
    await fast.driver.command("/leonar", "enrich Thomas Dubois")
    parent = await _first_parent(fast)
    assert parent.text == "⏳ Looking for Thomas Dubois's work email…"
    (start,) = fast.leonar.requests_to("POST", f"/contacts/{NO_EMAIL_CONTACT_ID}/enrich")
    assert start.json == {"type": "work_email"}

    (note,) = await _notification(fast, parent.ts)
    # one message per enrichment: the ⏳ message itself became the result
    assert note.ts == parent.ts and note.edited
    assert note.text.startswith("<@U0ALICE> Thomas Dubois's work email: *thomas.dubois@")
    assert "(confidence 92%)" in note.text
    assert note.metadata is not None and note.metadata["event_type"] == "leonar_enrichment"
    assert _thread(fast, parent.ts) == [note]
    (request_id,) = fast.leonar.enrichments
    polls = fast.leonar.requests_to("GET", f"/enrichment/{request_id}")
    assert 1 <= len(polls) <= 5
    for _ in range(100):
        job = (await fast.deps.db.jobs.recent_for_user(fast.fake.team_id, "U0ALICE"))[0]
        if job.notify_state == "done":
            break
        await asyncio.sleep(0.05)
    assert job.key_owner == "env" and job.notify_state == "done"
    assert job.notification_ts == note.ts
    assert job.key_fingerprint not in note.text


async def test_phone_in_a_public_channel_is_shown_only_to_the_requester(fast: Stack) -> None:
    await fast.driver.command("/leonar", f"enrich phone {NO_EMAIL_CONTACT_ID}")
    parent = await _first_parent(fast)
    assert parent.text == "⏳ Looking for Thomas Dubois's phone number…"
    (start,) = fast.leonar.requests_to("POST", f"/contacts/{NO_EMAIL_CONTACT_ID}/enrich")
    assert start.json == {"type": "phone"}
    (note,) = await _notification(fast, parent.ts)
    assert note.ts == parent.ts
    assert note.text == (
        "<@U0ALICE> Found a phone number for Thomas Dubois; it is saved in Leonar "
        "(shown only to you)."
    )
    (private,) = [e for e in fast.fake.ephemerals_for("U0ALICE") if "phone number:" in e.text]
    assert private.thread_ts == parent.ts and private.channel == "C0GENERAL"
    assert private.text.startswith("<@U0ALICE> Thomas Dubois's phone number: *+33 6 ")
    public = fast.fake.messages("C0GENERAL", include_replies=True)
    assert all("+33" not in m.visible_text for m in public)
    assert fast.fake.ephemerals_for("U0BOB") == []


async def test_phone_in_a_private_channel_goes_in_the_thread() -> None:
    async with running_stack(**FAST) as stack:
        stack.leonar.enrichment_delay = 0.3
        private = stack.fake.channels["C0PRIVATE"]
        private.members.add(stack.fake.bot_user_id)
        await stack.driver.command(
            "/leonar", f"enrich phone {NO_EMAIL_CONTACT_ID}", channel=private.id
        )
        parent = await stack.driver.wait_for(lambda: stack.fake.messages(private.id))
        note = await stack.driver.wait_for(
            lambda: (m := stack.fake.message(private.id, parent[0].ts)) and "<@U0" in m.text and m
        )
        assert note.text.startswith("<@U0ALICE> Thomas Dubois's phone number: *+33 6 ")


async def test_workspace_setting_thread_shows_phones_in_public_threads() -> None:
    async with running_stack(**FAST) as stack:
        stack.leonar.enrichment_delay = 0.3
        await stack.deps.db.workspaces.set_enrichment_results(stack.fake.team_id, "thread")
        await stack.driver.command("/leonar", f"enrich phone {NO_EMAIL_CONTACT_ID}")
        parent = await _first_parent(stack)
        (note,) = await _notification(stack, parent.ts)
        assert note.text.startswith("<@U0ALICE> Thomas Dubois's phone number: *+33 6 ")
        assert [e for e in stack.fake.ephemerals_for("U0ALICE") if "+33" in e.text] == []


async def test_already_has_a_work_email_offers_enrich_anyway(fast: Stack) -> None:
    await fast.driver.command("/leonar", "enrich Sophie Martin")
    (offer,) = await fast.driver.wait_for(lambda: fast.fake.ephemerals_for("U0ALICE"))
    assert "Sophie Martin already has a work email in Leonar" in offer.visible_text
    assert fast.leonar.requests_to("POST", f"/contacts/{SOPHIE_CONTACT_ID}/enrich") == []
    assert _parents(fast) == []

    await fast.driver.click("Enrich anyway", message=offer)
    parent = await _first_parent(fast)
    assert parent.text == "⏳ Looking for Sophie Martin's work email…"
    (start,) = fast.leonar.requests_to("POST", f"/contacts/{SOPHIE_CONTACT_ID}/enrich")
    assert start.json == {"type": "work_email"}
    (note,) = await _notification(fast, parent.ts)
    assert "*sophie@doctolib.com* (confidence 98%)" in note.text


async def test_several_matches_let_the_person_pick(fast: Stack) -> None:
    await fast.driver.command("/leonar", "enrich Indy")
    (pick,) = await fast.driver.wait_for(lambda: fast.fake.ephemerals_for("U0ALICE"))
    assert "Several contacts match" in pick.visible_text
    assert "Chloé Mercier" in pick.visible_text and "Emma Guérin" in pick.visible_text
    assert fast.leonar.requests_to("POST", f"/contacts/{ENRICH_FAILS_CONTACT_ID}/enrich") == []
    block = next(b for b in pick.blocks if "Chloé Mercier" in str(b))
    await fast.driver.act(block["block_id"], block["accessory"]["action_id"], message=pick.ts)
    parent = await _first_parent(fast)
    assert parent.text == "⏳ Looking for Chloé Mercier's work email…"
    # this contact's enrichments fail in the sandbox: said in words
    (note,) = await _notification(fast, parent.ts)
    assert note.ts == parent.ts
    assert note.text.startswith("<@U0ALICE> Leonar found no work email for Chloé Mercier")


async def test_no_match_and_no_contact(fast: Stack) -> None:
    await fast.driver.command("/leonar", "enrich Zorglub Nobody")
    (answer,) = await fast.driver.wait_for(lambda: fast.fake.ephemerals_for("U0ALICE"))
    assert "No Leonar contact matches “Zorglub Nobody”" in answer.text
    await fast.driver.command("/leonar", "enrich")
    await fast.driver.wait_for(lambda: len(fast.fake.ephemerals_for("U0ALICE")) == 2)
    assert "Whose details" in fast.fake.ephemerals_for("U0ALICE")[1].text
    assert fast.leonar.requests_to("POST", f"/contacts/{NO_EMAIL_CONTACT_ID}/enrich") == []
    assert await fast.deps.db.jobs.pending_count() == 0


async def test_no_credits_is_said_in_words_and_nothing_is_stored(fast: Stack) -> None:
    fast.leonar.credits = 0
    await fast.driver.command("/leonar", "enrich Thomas Dubois")
    (answer,) = await fast.driver.wait_for(lambda: fast.fake.ephemerals_for("U0ALICE"))
    assert "Not enough email credits left in Leonar" in answer.text
    assert _parents(fast) == []
    assert await fast.deps.db.jobs.pending_count() == 0


async def test_no_key_asks_to_connect() -> None:
    async with running_stack(leonar_api_key=None, **FAST) as stack:
        await stack.driver.command("/leonar", "enrich Thomas Dubois")
        (answer,) = await stack.driver.wait_for(lambda: stack.fake.ephemerals_for("U0ALICE"))
        assert "/leonar connect" in answer.text
        assert stack.leonar.requests == []


async def _card(stack: Stack, contact_id: str) -> tuple[str, Message]:
    """A search-results thread with one contact card (Enrich button + overflow)."""
    poster = stack.deps.poster(make_slack_client(stack.settings, BOT_TOKEN))
    thread = await poster.start_thread("C0GENERAL", "1 contact for *thomas*")
    card: list[dict[str, Any]] = [
        {"type": "section", "text": {"type": "mrkdwn", "text": "*Thomas Dubois*"}},
        {
            "type": "actions",
            "elements": [
                {
                    "type": "button",
                    "text": {"type": "plain_text", "text": "Enrich"},
                    "action_id": CONTACT_ENRICH,
                    "value": contact_id,
                },
                {
                    "type": "overflow",
                    "action_id": CONTACT_MORE,
                    "options": [
                        {
                            "text": {"type": "plain_text", "text": "Enrich phone"},
                            "value": contact_verb_value(VERB_ENRICH_PHONE, contact_id),
                        }
                    ],
                },
            ],
        },
    ]
    ts = await poster.reply(thread, "Thomas Dubois", card)
    message = stack.fake.message("C0GENERAL", ts)
    assert message is not None
    return thread.ts, message


async def test_enrich_button_on_a_card_answers_in_the_cards_thread(fast: Stack) -> None:
    thread_ts, card = await _card(fast, NO_EMAIL_CONTACT_ID)
    await fast.driver.click("Enrich", message=card)
    status = await fast.driver.wait_for(
        lambda: [m for m in fast.fake.replies("C0GENERAL", thread_ts) if "⏳" in m.text]
    )
    assert status[0].text == "⏳ Looking for Thomas Dubois's work email…"
    (note,) = await _notification(fast, thread_ts)
    assert note.ts == status[0].ts  # the ⏳ reply became the result
    assert note.text.startswith("<@U0ALICE> Thomas Dubois's work email:")
    assert len(_parents(fast)) == 1  # no new parent message: all in the card's thread


async def test_overflow_phone_on_a_card(fast: Stack) -> None:
    thread_ts, card = await _card(fast, NO_EMAIL_CONTACT_ID)
    await fast.driver.select(CONTACT_MORE, "Enrich phone", message=card)
    (note,) = await _notification(fast, thread_ts)
    assert note.text.startswith("<@U0ALICE> Found a phone number for Thomas Dubois;")
    (private,) = [e for e in fast.fake.ephemerals_for("U0ALICE") if "phone number:" in e.text]
    assert private.thread_ts == thread_ts
    (start,) = fast.leonar.requests_to("POST", f"/contacts/{NO_EMAIL_CONTACT_ID}/enrich")
    assert start.json == {"type": "phone"}


async def test_a_click_in_a_thread_answers_in_the_thread_and_the_prompt_settles(
    fast: Stack,
) -> None:
    thread_ts, card = await _card(fast, SOPHIE_CONTACT_ID)
    await fast.driver.click("Enrich", message=card)
    (offer,) = await fast.driver.wait_for(lambda: fast.fake.ephemerals_for("U0ALICE"))
    # in the card's thread, not at the bottom of the channel
    assert offer.thread_ts == thread_ts and offer.source == "api"
    assert "Sophie Martin already has a work email in Leonar" in offer.visible_text
    assert "sophie@doctolib.com" in offer.visible_text

    await fast.driver.click("Enrich anyway", message=offer)
    status = await fast.driver.wait_for(
        lambda: [m for m in fast.fake.replies("C0GENERAL", thread_ts) if "⏳" in m.text]
    )
    assert status[0].text == "⏳ Looking for Sophie Martin's work email…"
    # the question's buttons are gone: it now says what was chosen
    settled = await fast.driver.wait_for(
        lambda: [e for e in fast.fake.ephemerals_for("U0ALICE") if "You chose" in e.visible_text]
    )
    assert settled[0].visible_text == "You chose: Sophie Martin's work email."
    assert all(b["type"] != "actions" for b in settled[0].blocks)
    assert all("Enrich anyway" not in e.visible_text for e in fast.fake.ephemerals_for("U0ALICE"))


async def _search_card(stack: Stack, words: str) -> tuple[str, Message]:
    """``/leonar search <words>``: the thread and the reply with the (first) card."""
    await stack.driver.command("/leonar", f"search {words}")
    parent = await stack.driver.wait_for(
        lambda: [m for m in _parents(stack) if "contact" in m.text and "Searching" not in m.text]
    )
    (page,) = await stack.driver.wait_for(lambda: stack.fake.replies("C0GENERAL", parent[0].ts))
    return parent[0].ts, page


async def test_the_card_in_the_results_thread_shows_the_found_email(fast: Stack) -> None:
    thread_ts, page = await _search_card(fast, "Thomas Dubois")
    assert "thomas.dubois@" not in page.visible_text
    await fast.driver.click("Enrich", message=page)
    (note,) = await _notification(fast, thread_ts)
    email = note.text.split("*")[1]
    assert email.startswith("thomas.dubois@")
    card = await fast.driver.wait_for(
        lambda: (m := fast.fake.message("C0GENERAL", page.ts)) and email in m.visible_text and m
    )
    assert f"✉️ {email} · just found" in card.visible_text
    assert "Thomas Dubois" in card.visible_text and card.edited
    # the card keeps its buttons, and a later re-render (More results, add to project) keeps it
    assert "Enrich" in card.visible_text
    stored = [m for m in _thread(fast, thread_ts) if email in m.visible_text]
    assert {m.ts for m in stored} == {page.ts, note.ts}


async def test_a_phone_found_from_a_card_in_public_shows_on_the_card_without_the_number(
    fast: Stack,
) -> None:
    thread_ts, page = await _search_card(fast, "Thomas Dubois")
    await fast.driver.select(CONTACT_MORE, "Find phone", message=page)
    await _notification(fast, thread_ts)
    card = await fast.driver.wait_for(
        lambda: (m := fast.fake.message("C0GENERAL", page.ts)) and "on file" in m.visible_text and m
    )
    assert "📞 Phone number on file · just found" in card.visible_text
    public = fast.fake.messages("C0GENERAL", include_replies=True)
    assert all("+33" not in m.visible_text for m in public)


@pytest.mark.parametrize(
    ("part", "step", "when"),
    [
        ("result_sets", "", "first use"),  # died after posting the notice, before the card
        ("jobs", "finish", "after"),  # died before posting: the next worker posts and refreshes
        ("jobs", "mark_notified", "before"),  # died after the card: refreshed again, harmless
    ],
)
async def test_the_card_is_refreshed_whichever_worker_finishes(
    part: str, step: str, when: str
) -> None:
    async with running_stack(poller="off", **FAST) as stack:
        stack.leonar.enrichment_delay = 0.0
        thread_ts, page = await _search_card(stack, "Thomas Dubois")
        await stack.driver.click("Enrich", message=page)
        status = await stack.driver.wait_for(
            lambda: [m for m in stack.fake.replies("C0GENERAL", thread_ts) if "⏳" in m.text]
        )
        broken = DyingRepository(getattr(stack.deps.db, part), step, when) if step else DEAD
        dying_db = cast(Database, DyingDb(stack.deps.db, **{part: broken}))
        dying = Poller(replace(stack.deps, db=dying_db), lookahead=0.1)
        with pytest.raises(Crash):
            for _ in range(50):
                await dying.tick()
                await asyncio.sleep(0.05)
        card_before = stack.fake.message("C0GENERAL", page.ts)
        assert card_before is not None
        shown_before = card_before.visible_text
        # a fresh worker once the dead one's leases ran out
        later = Poller(stack.deps, clock=lambda: time.time() + 120, lookahead=0.1)
        for _ in range(3):
            await later.tick()

        (job,) = await stack.deps.db.jobs.recent_for_user(stack.fake.team_id, "U0ALICE", limit=1)
        assert job.notify_state == "done"
        (note,) = [m for m in stack.fake.all_messages() if carries_job(m.to_api("T"), job.id)]
        assert note.ts == status[0].ts
        email = note.text.split("*")[1]
        assert email.startswith("thomas.dubois@")
        card = stack.fake.message("C0GENERAL", page.ts)
        assert card is not None and card.edited
        assert card.visible_text.count(f"✉️ {email} · just found") == 1
        assert "Thomas Dubois" in card.visible_text and "Enrich" in card.visible_text
        if when == "first use":  # the dead worker had not got to the card
            assert email not in shown_before
        # More results, Add to project… re-render the card from the stored search: it keeps it
        stored = await stack.deps.db.result_sets.get(_set_of(page))
        assert stored is not None and email in str(stored)
        assert len(stack.fake.replies("C0GENERAL", thread_ts)) == 2  # the card, the notice


def _set_of(page: Message) -> str:
    """The results set a search page shows (its blocks are ``rs:<set id>:…``)."""
    ids = [str(b.get("block_id") or "") for b in page.blocks]
    (set_id,) = {i.split(":")[1] for i in ids if i.startswith("rs:")}
    return set_id
