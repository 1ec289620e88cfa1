"""End to end: the "Search Leonar" global shortcut and the "Add to Leonar project" message shortcut."""

from __future__ import annotations

import pytest

from bot.flows import search as search_flow
from bot.flows.search import SearchRequest
from bot.slack.interaction import Interaction
from bot.ui.actions import SHORTCUT_ADD_TO_PROJECT, SHORTCUT_SEARCH
from bot.ui.shortcuts import LOOKING
from standins.harness import Stack
from standins.leonar_data import BACKEND_PROJECT_ID, SOPHIE_CONTACT_ID
from standins.slack.state import Message, ViewRecord


async def _open_search(stack: Stack, user: str = "U0ALICE") -> str:
    response = await stack.driver.shortcut(SHORTCUT_SEARCH, user=user)
    assert response.status_code == 200
    view = await stack.driver.wait_for(lambda: stack.fake.current_view(user))
    assert view.title == "Search Leonar"
    return view.id


async def test_search_modal_runs_the_search_in_a_dm(
    stack: Stack, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[Interaction, SearchRequest]] = []

    async def fake_search(ix: Interaction, request: SearchRequest) -> None:
        seen.append((ix, request))

    monkeypatch.setattr(search_flow, "search", fake_search)
    view_id = await _open_search(stack)
    result = await stack.driver.submit(view_id, {"Search": "react  developer", "Location": "Paris"})
    assert result.closed
    ((ix, request),) = await stack.driver.wait_for(lambda: seen)
    assert (request.query, request.location) == ("react developer", "Paris")
    assert stack.fake.channels[ix.channel_id].is_im
    assert stack.fake.channels[ix.channel_id].members == {"U0ALICE", stack.fake.bot_user_id}
    # the Home tab line is the search's (stubbed here): the modal adds none
    assert await stack.deps.db.activity.recent(stack.fake.team_id, "U0ALICE") == []


async def test_blank_search_is_refused_under_the_input(stack: Stack) -> None:
    view_id = await _open_search(stack)
    result = await stack.driver.submit(view_id, {"Search": "   "})
    assert result.errors == {"Search": "Type what to search for."}
    assert stack.leonar.requests == []


async def test_search_modal_sends_the_words_as_typed(stack: Stack) -> None:
    view_id = await _open_search(stack)
    result = await stack.driver.submit(view_id, {"Search": '"data"  engineer in'})
    assert result.closed
    (search,) = await stack.driver.wait_for(
        lambda: stack.leonar.requests_to("POST", "/contacts/search")
    )
    assert search.json is not None
    assert search.json["query"] == '"data" engineer in'
    assert not search.json.get("location")


async def test_search_results_arrive_as_a_dm_thread_with_contact_cards(stack: Stack) -> None:
    view_id = await _open_search(stack)
    result = await stack.driver.submit(view_id, {"Search": "Sophie Martin"})
    assert result.closed

    def cards() -> list[str]:
        dms = [c for c in stack.fake.channels.values() if c.is_im and "U0ALICE" in c.members]
        return [
            r.visible_text
            for dm in dms
            for p in stack.fake.messages(dm.id)
            for r in stack.fake.replies(dm.id, p.ts)
            if "Senior Software Engineer" in r.visible_text
        ]

    (card,) = await stack.driver.wait_for(cards)
    assert "Sophie Martin" in card
    (search,) = stack.leonar.requests_to("POST", "/contacts/search")
    assert search.json is not None and search.json["query"] == "Sophie Martin"


# --- message shortcut "Add to Leonar project" ------------------------------------------------


async def _shortcut_on(stack: Stack, text: str) -> tuple[Message, ViewRecord]:
    message = stack.fake.post_user_message("C0GENERAL", "U0BOB", text)
    response = await stack.driver.message_shortcut(SHORTCUT_ADD_TO_PROJECT, message)
    assert response.status_code == 200

    def settled() -> ViewRecord | None:
        view = stack.fake.current_view("U0ALICE")
        return view if view is not None and LOOKING not in view.visible_text else None

    return message, await stack.driver.wait_for(settled)


async def test_message_shortcut_adds_the_linkedin_contact_to_the_project(stack: Stack) -> None:
    parent, view = await _shortcut_on(
        stack, "Great fit for Alan: <https://www.linkedin.com/in/sophie-martin/>"
    )
    assert "Add Sophie Martin to a hiring project" in view.visible_text.replace("*", "")
    result = await stack.driver.submit(view.id, {"Project": "Backend Python Engineers"})
    assert result.errors == {}
    (entry,) = await stack.driver.wait_for(
        lambda: stack.leonar.requests_to("POST", f"/projects/{BACKEND_PROJECT_ID}/entries")
    )
    assert entry.json is not None and entry.json["contact_id"] == SOPHIE_CONTACT_ID
    # the confirmation goes under the message the shortcut was used on
    (reply,) = await stack.driver.wait_for(lambda: stack.fake.replies("C0GENERAL", parent.ts))
    assert "Sophie Martin" in reply.visible_text
    assert "Backend Python Engineers" in reply.visible_text
    # looked up by the LinkedIn URL, with the key of the person who used the shortcut
    (lookup,) = stack.leonar.requests_to("GET", "/contacts")
    assert lookup.query["search"] == "sophie-martin"


async def test_message_shortcut_finds_a_contact_by_email(stack: Stack) -> None:
    _, view = await _shortcut_on(
        stack, "ping <mailto:Camille.Laurent@contentsquare.com|Camille.Laurent@contentsquare.com>"
    )
    assert "Camille Laurent" in view.visible_text


async def test_message_shortcut_without_link_or_email_says_so(stack: Stack) -> None:
    _, view = await _shortcut_on(stack, "let's hire someone great")
    assert "no LinkedIn profile link or email address" in view.visible_text
    assert stack.leonar.requests == []


async def test_message_shortcut_for_someone_not_in_leonar_says_so(stack: Stack) -> None:
    _, view = await _shortcut_on(stack, "https://linkedin.com/in/nobody-we-know-42")
    assert "is in Leonar yet" in view.visible_text
    assert "nobody-we-know-42" in view.visible_text
    assert stack.leonar.requests_to("POST", f"/projects/{BACKEND_PROJECT_ID}/entries") == []
