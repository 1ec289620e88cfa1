"""`/leonar search` end to end: signed command → bot → fake Slack + Leonar sandbox."""

from __future__ import annotations

import time
from typing import Any

import pytest

from bot.services.search import SearchStore
from bot.ui.actions import (
    CONTACT_ADD_TO_PROJECT,
    CONTACT_ENRICH,
    CONTACT_MORE,
    RESULTS_ENROLL_ALL,
    RESULTS_MORE,
    RESULTS_TAG_ALL,
)
from standins.harness import Stack, running_stack
from standins.leonar_data import DO_NOT_CONTACT_ID, SOPHIE_CONTACT_ID
from standins.slack.state import Message

CHANNEL = "C0GENERAL"


def parent(stack: Stack) -> Message | None:
    messages = stack.fake.messages(CHANNEL)
    return messages[-1] if messages else None


async def wait_parent(stack: Stack, startswith: str) -> Message:
    def ready() -> Message | None:
        msg = parent(stack)
        return msg if msg is not None and msg.text.startswith(startswith) else None

    return await stack.driver.wait_for(ready, timeout=10)


async def wait_results(stack: Stack, pages: int = 1) -> tuple[Message, list[Message]]:
    """The parent and its replies once ``pages`` footers (Enroll all) are in the thread."""
    top = await wait_parent(stack, "")

    def done() -> list[Message] | None:
        replies = [r for r in stack.fake.replies(CHANNEL, top.ts) if r.ts != top.ts]
        footers = [r for r in replies if "Enroll all" in r.visible_text]
        return replies if len(footers) >= pages else None

    replies = await stack.driver.wait_for(done, timeout=10)
    return stack.fake.messages(CHANNEL)[-1], replies


def elements(message: Message) -> list[dict[str, Any]]:
    return [e for b in message.blocks if b["type"] == "actions" for e in b["elements"]]


def card_ids(replies: list[Message]) -> list[str]:
    return [
        e["value"]
        for r in replies
        for e in elements(r)
        if e.get("action_id") == CONTACT_ADD_TO_PROJECT
    ]


async def test_search_posts_a_parent_and_cards_in_its_thread(stack: Stack) -> None:
    resp = await stack.driver.command("/leonar", "search react typescript in Paris")
    assert resp.status_code == 200
    top, replies = await wait_results(stack)

    (request,) = stack.leonar.requests_to("POST", "/contacts/search")
    assert request.json == {"query": "react typescript", "location": "Paris", "limit": 10}
    assert top.text == "5 contacts for *react typescript* in Paris"
    assert "<@U0ALICE> searched" in top.visible_text
    assert all(r.thread_ts == top.ts for r in replies)

    (page,) = replies
    assert "Results 1–5 of 5 for *react typescript*" in page.visible_text
    assert card_ids(replies)[0] == SOPHIE_CONTACT_ID
    assert len(card_ids(replies)) == 5
    text = page.visible_text
    assert "Senior Software Engineer at Doctolib" in text
    assert "📍 Paris, France" in text and "frontend, senior" in text
    assert f"<{stack.settings.leonar_app_url}/contacts/{SOPHIE_CONTACT_ID}|Open in Leonar>" in text
    assert "<https://www.linkedin.com/in/sophie-martin|LinkedIn>" in text
    by_action: dict[str, list[dict[str, Any]]] = {}
    for element in elements(page):
        by_action.setdefault(element["action_id"], []).append(element)
    assert [e["value"] for e in by_action[CONTACT_ENRICH]] == card_ids(replies)
    assert len(by_action[CONTACT_MORE]) == 5
    assert RESULTS_MORE not in by_action  # 5 of 5: no next page
    (enroll_all,) = by_action[RESULTS_ENROLL_ALL]
    (tag_all,) = by_action[RESULTS_TAG_ALL]
    assert enroll_all["value"] == tag_all["value"]

    # the search is stored under the short id the buttons carry
    state = await SearchStore(stack.deps.db, ttl_seconds=60).load(enroll_all["value"])
    assert state is not None
    assert (state.query, state.location, state.ids) == (
        "react typescript",
        "Paris",
        card_ids(replies),
    )


async def test_more_results_pages_through_the_same_thread(stack: Stack) -> None:
    await stack.driver.command("/leonar", "search engineer")
    top, replies = await wait_results(stack)
    total = len([c for c in stack.leonar.contacts.values() if "engineer" in str(c).lower()])
    assert total > 10
    assert top.text.startswith(f"{total} contacts for *engineer*")
    first_ids = card_ids(replies)
    assert len(first_ids) == 10

    await stack.driver.click("More results", message=replies[-1])
    _, replies = await wait_results(stack, pages=2)
    bodies = [r.json for r in stack.leonar.requests_to("POST", "/contacts/search")]
    assert bodies == [
        {"query": "engineer", "limit": 10},
        {"query": "engineer", "limit": 10, "offset": 10},
    ]
    second_ids = card_ids(replies)[10:]
    assert second_ids and not set(second_ids) & set(first_ids)
    assert f"Results 11–{min(total, 20)} of {total} for *engineer*" in replies[1].visible_text
    # the first page lost its More button; a second click on it does nothing
    first_page = stack.fake.message(CHANNEL, replies[0].ts)
    assert first_page is not None
    assert RESULTS_MORE not in [e["action_id"] for e in elements(first_page)]
    assert "Enroll all" in first_page.visible_text


async def test_more_clicked_before_the_page_was_stored_still_loses_its_button(
    stack: Stack,
) -> None:
    await stack.driver.command("/leonar", "search engineer")
    _, replies = await wait_results(stack)
    footer = replies[-1]
    set_id = next(
        e["value"].split(":")[0] for e in elements(footer) if e["action_id"] == RESULTS_MORE
    )
    # as if the click came before the replies' timestamps reached the database
    store = SearchStore(stack.deps.db, ttl_seconds=3600)
    state = await store.load(set_id)
    assert state is not None
    state.messages = []
    await store.save(set_id, state)

    await stack.driver.click("More results", message=footer)
    await wait_results(stack, pages=2)
    shown = await stack.driver.wait_for(
        lambda: (
            (m := stack.fake.message(CHANNEL, footer.ts)) is not None
            and RESULTS_MORE not in [e["action_id"] for e in elements(m)]
            and m
        )
    )
    assert "Enroll all" in shown.visible_text


async def test_double_click_on_more_fetches_the_page_once(stack: Stack) -> None:
    await stack.driver.command("/leonar", "search engineer")
    _, replies = await wait_results(stack)
    footer = replies[-1]
    await stack.driver.click("More results", message=footer)
    await stack.driver.click("More results", message=footer)
    await wait_results(stack, pages=2)
    await stack.driver.wait_for(lambda: len(stack.leonar.requests) >= 2)
    assert len(stack.leonar.requests_to("POST", "/contacts/search")) == 2


async def test_no_results_says_so_and_suggests_a_broader_search(stack: Stack) -> None:
    await stack.driver.command("/leonar", "search cobol mainframe in Tokyo")
    (told,) = await stack.driver.wait_for(lambda: stack.fake.ephemerals_for("U0ALICE"))
    assert told.text == "No contacts for *cobol mainframe* in Tokyo"
    assert "drop the location (`/leonar search cobol mainframe`)" in told.visible_text
    # nothing public: the "Searching…" message is gone, nobody else is told
    await stack.driver.wait_for(lambda: parent(stack) is None)
    assert stack.fake.ephemerals_for("U0BOB") == []


async def test_empty_search_shows_the_hint_only_to_the_person(stack: Stack) -> None:
    await stack.driver.command("/leonar", "search")
    (hint,) = await stack.driver.wait_for(lambda: stack.fake.ephemerals_for("U0ALICE"))
    assert "/leonar search react typescript in Paris" in hint.text
    assert stack.fake.messages(CHANNEL) == []
    assert stack.leonar.requests_to("POST", "/contacts/search") == []


async def test_do_not_contact_card_hides_outreach(stack: Stack) -> None:
    await stack.driver.command("/leonar", "search Hugo Petit")
    _, (page,) = await wait_results(stack)
    assert card_ids([page]) == [DO_NOT_CONTACT_ID]
    assert "🚫 *Do not contact*" in page.visible_text
    (menu,) = [e for e in elements(page) if e["action_id"] == CONTACT_MORE]
    labels = [o["text"]["text"] for o in menu["options"]]
    assert labels == ["Find phone", "Tag", "Link to deal", "Add note"]


async def test_leonar_error_is_explained_in_the_thread(stack: Stack) -> None:
    stack.leonar.add_key("leo_sandbox", scopes=["projects:read"])  # no contacts:read
    await stack.driver.command("/leonar", "search react")
    top = await wait_parent(stack, "The search for")
    assert top.text == "The search for *react* did not go through"
    (reply,) = await stack.driver.wait_for(
        lambda: [r for r in stack.fake.replies(CHANNEL, top.ts) if r.ts != top.ts]
    )
    assert reply.text.startswith("Your Leonar API key is not allowed to do this")
    assert "contacts:read" in reply.text
    assert "leo_sandbox" not in reply.text


async def test_names_from_leonar_cannot_ping_or_reformat(stack: Stack) -> None:
    evil = dict(stack.leonar.contacts[SOPHIE_CONTACT_ID])
    evil.update(
        id="0e0e0e0e-0000-4000-8000-000000000001",
        first_name="<!channel>",
        last_name="*bold*",
        title="Zorglub <@U0BOB>",
        current_company="_Evil_ & Co",
    )
    stack.leonar.contacts[evil["id"]] = evil
    await stack.driver.command("/leonar", "search zorglub")
    _, (page,) = await wait_results(stack)
    mrkdwn = [
        t["text"]
        for b in page.blocks
        for t in [b.get("text"), *b.get("elements", [])]
        if isinstance(t, dict) and t.get("type") == "mrkdwn"
    ]
    joined = "\n".join(mrkdwn + [page.text])
    assert "<!channel>" not in joined and "<@U0BOB>" not in joined
    assert "*bold*" not in joined and "_Evil_" not in joined
    assert "&lt;!channel&gt; ∗bold∗" in joined
    assert "Zorglub &lt;@U0BOB&gt; at ˍEvilˍ &amp; Co" in joined


async def test_bot_not_in_channel_answers_the_person(stack: Stack) -> None:
    stack.fake.chat_write_public = False
    await stack.driver.command("/leonar", "search react typescript", channel="C0RANDOM")
    notes = await stack.driver.wait_for(
        lambda: [e for e in stack.fake.ephemerals_for("U0ALICE") if "Enroll all" in e.visible_text]
    )
    assert "Sophie Martin" in notes[0].visible_text
    assert "/invite @Leonar" in stack.fake.ephemerals_for("U0ALICE")[0].text
    assert stack.fake.messages("C0RANDOM") == []


@pytest.mark.slow
async def test_answer_is_immediate_and_parent_shows_before_slow_results() -> None:
    async with running_stack() as stack:
        stack.leonar.latency = 2.0
        started = time.monotonic()
        resp = await stack.driver.command("/leonar", "search react")
        assert resp.status_code == 200
        assert time.monotonic() - started < 1.0
        top = await wait_parent(stack, "Searching Leonar for *react*")
        assert top.text.startswith("Searching")
        top, replies = await wait_results(stack)
        react = [c for c in stack.leonar.contacts.values() if "react" in str(c).lower()]
        assert top.text == f"{len(react)} contacts for *react*"
        assert len(card_ids(replies)) == min(len(react), 10)
