"""Add to project end to end: from a search card and from `/leonar add`, through the modal."""

from __future__ import annotations

import asyncio
from typing import Any

from bot.flows.add_to_project.submit import STALE_STAGE
from bot.ui.actions import ADD_STAGE_BLOCK, ADD_STAGE_SELECT, CONTACT_ADD_TO_PROJECT
from bot.ui.add_to_project import stage_value
from standins.harness import Stack
from standins.leonar_data import (
    BACKEND_PROJECT_ID,
    DATA_PROJECT_ID,
    FRONTEND_PROJECT_ID,
    NO_EMAIL_CONTACT_ID,
    SOPHIE_CONTACT_ID,
    stage_id,
)
from standins.slack.blockkit import find_input
from standins.slack.state import Message, ViewRecord

CHANNEL = "C0GENERAL"
USER = "U0ALICE"
FRONTEND = "Senior Frontend Engineers"
DATA = "Data Engineers"


async def search(stack: Stack, text: str) -> tuple[Message, Message]:
    """Run a search; the parent and the (first) results reply."""
    await stack.driver.command("/leonar", f"search {text}")

    def ready() -> tuple[Message, Message] | None:
        for top in stack.fake.messages(CHANNEL):
            for reply in stack.fake.replies(CHANNEL, top.ts):
                if reply.ts != top.ts and "Enroll all" in reply.visible_text:
                    return top, reply
        return None

    return await stack.driver.wait_for(ready, timeout=10)


def card_block(message: Message, contact_id: str) -> str:
    for block in message.blocks:
        for element in block.get("elements") or []:
            if (
                element.get("action_id") == CONTACT_ADD_TO_PROJECT
                and element.get("value") == contact_id
            ):
                return str(block["block_id"])
    raise LookupError(f"no card for {contact_id}")


async def click_add(stack: Stack, message: Message, contact_id: str) -> ViewRecord:
    await stack.driver.act(
        card_block(message, contact_id), CONTACT_ADD_TO_PROJECT, message=message.ts
    )
    return await form(stack)


async def form(stack: Stack) -> ViewRecord:
    """The modal once the form replaced the loading view."""

    def ready() -> ViewRecord | None:
        view = stack.fake.current_view(USER)
        return view if view is not None and find_input(view.blocks, "Project") else None

    return await stack.driver.wait_for(ready, timeout=10)


def stage_element(view: ViewRecord) -> dict[str, Any]:
    block = find_input(view.blocks, "Stage")
    assert block is not None
    element: dict[str, Any] = block["element"]
    return element


async def pick_project(stack: Stack, view: ViewRecord, name: str) -> None:
    """Pick a project and wait until the Stage select lists its stages."""
    await stack.driver.fill(view.id, {"Project": name})
    await stack.driver.wait_for(lambda: stage_element(view).get("type") == "static_select")


def entries_posts(stack: Stack, project_id: str) -> list[Any]:
    return [r.json for r in stack.leonar.requests_to("POST", f"/projects/{project_id}/entries")]


def thread_texts(stack: Stack, top: Message) -> list[str]:
    return [r.text for r in stack.fake.replies(CHANNEL, top.ts) if r.ts != top.ts]


async def test_add_from_a_card_updates_the_card_and_confirms_in_the_thread(stack: Stack) -> None:
    top, page = await search(stack, "react typescript in Paris")
    stack.leonar.reset_requests()
    view = await click_add(stack, page, NO_EMAIL_CONTACT_ID)
    assert view.title == "Add to project"
    assert "Add *Thomas Dubois* to a hiring project." in view.visible_text
    assert find_input(view.blocks, "Stage") is not None

    await pick_project(stack, view, FRONTEND)
    stages = [o["text"]["text"] for o in stage_element(view)["options"]]
    assert stages == ["Sourced", "Contacted", "Interview", "Offer", "Hired"]
    result = await stack.driver.submit(view.id, {"Stage": "Interview"})
    assert result.closed

    expected_note = f"✓ Added to *{FRONTEND}* · Interview"

    def card_with_note() -> Message | None:
        message = stack.fake.message(CHANNEL, page.ts)
        return message if message is not None and expected_note in message.visible_text else None

    updated = await stack.driver.wait_for(card_with_note)
    assert entries_posts(stack, FRONTEND_PROJECT_ID) == [
        {"contact_id": NO_EMAIL_CONTACT_ID, "stage_id": stage_id(FRONTEND_PROJECT_ID, "Interview")}
    ]
    assert updated.edited
    assert "Sophie Martin" in updated.visible_text  # the other cards are still there
    assert updated.visible_text.count("✓ Added") == 1
    confirmation = await stack.driver.wait_for(
        lambda: [t for t in thread_texts(stack, top) if "added" in t]
    )
    assert confirmation == [f"<@{USER}> added *Thomas Dubois* to *{FRONTEND}* · Interview"]
    # the modal took only the two lists: the contact came from the search
    endpoints = sorted(f"{r.method} {r.endpoint}" for r in stack.leonar.requests)
    assert endpoints == [
        "GET /projects",
        f"GET /projects/{FRONTEND_PROJECT_ID}",
        f"POST /projects/{FRONTEND_PROJECT_ID}/entries",
    ]


async def test_empty_stage_means_the_first_stage(stack: Stack) -> None:
    top, page = await search(stack, "react typescript in Paris")
    view = await click_add(stack, page, NO_EMAIL_CONTACT_ID)
    await pick_project(stack, view, DATA)
    assert (await stack.driver.submit(view.id)).closed
    await stack.driver.wait_for(lambda: entries_posts(stack, DATA_PROJECT_ID))
    assert entries_posts(stack, DATA_PROJECT_ID) == [{"contact_id": NO_EMAIL_CONTACT_ID}]
    await stack.driver.wait_for(
        lambda: any("to *Data Engineers – Lyon* · Sourced" in t for t in thread_texts(stack, top))
    )


async def test_project_and_stage_picked_at_once_use_that_projects_stage(stack: Stack) -> None:
    _, page = await search(stack, "react typescript in Paris")
    view = await click_add(stack, page, NO_EMAIL_CONTACT_ID)
    # no waiting for the stages to refresh: the Stage options follow the picked project anyway
    result = await stack.driver.submit(view.id, {"Project": DATA, "Stage": "Interview"})
    assert result.closed, result.errors
    await stack.driver.wait_for(lambda: entries_posts(stack, DATA_PROJECT_ID))
    assert entries_posts(stack, DATA_PROJECT_ID) == [
        {"contact_id": NO_EMAIL_CONTACT_ID, "stage_id": stage_id(DATA_PROJECT_ID, "Interview")}
    ]


async def test_already_in_the_project_is_said_nicely_and_cards_show_it(stack: Stack) -> None:
    top, page = await search(stack, "react typescript in Paris")
    view = await click_add(stack, page, SOPHIE_CONTACT_ID)  # Sophie is in Senior Frontend
    await pick_project(stack, view, FRONTEND)
    await stack.driver.submit(view.id)
    reply = await stack.driver.wait_for(
        lambda: [t for t in thread_texts(stack, top) if "already" in t]
    )
    assert reply == [f"*Sophie Martin* is already in *{FRONTEND}*: nothing to add."]
    card = stack.fake.message(CHANNEL, page.ts)
    assert card is not None and f"✓ Already in *{FRONTEND}*" in card.visible_text
    assert len(entries_posts(stack, FRONTEND_PROJECT_ID)) == 1  # Leonar refused it, no retry
    assert (
        sum(1 for e in stack.leonar.entries.values() if e["contact_id"] == SOPHIE_CONTACT_ID) == 1
    )


async def test_second_add_says_already_and_lists_come_from_the_cache(stack: Stack) -> None:
    top, page = await search(stack, "react typescript in Paris")
    for _ in range(2):
        view = await click_add(stack, page, NO_EMAIL_CONTACT_ID)
        await pick_project(stack, view, FRONTEND)
        await stack.driver.submit(view.id)
        await stack.driver.wait_for(lambda: len(entries_posts(stack, FRONTEND_PROJECT_ID)) >= 1)
    await stack.driver.wait_for(
        lambda: (
            any("already" in t for t in thread_texts(stack, top))
            and any("added *Thomas Dubois*" in t for t in thread_texts(stack, top))
        )
    )
    await asyncio.sleep(0.2)
    texts = thread_texts(stack, top)
    assert sum("added *Thomas Dubois*" in t for t in texts) == 1
    assert len(stack.leonar.requests_to("GET", "/projects")) == 1
    assert len(stack.leonar.requests_to("GET", f"/projects/{FRONTEND_PROJECT_ID}")) == 1
    thomas = [e for e in stack.leonar.entries.values() if e["contact_id"] == NO_EMAIL_CONTACT_ID]
    assert len(thomas) == 1


async def test_double_submit_adds_once(stack: Stack) -> None:
    top, page = await search(stack, "react typescript in Paris")
    view = await click_add(stack, page, NO_EMAIL_CONTACT_ID)
    await pick_project(stack, view, BACKEND_PROJECT_NAME)
    first, second = await asyncio.gather(
        stack.driver.submit(view.id), stack.driver.submit(view.id), return_exceptions=True
    )
    await stack.driver.wait_for(lambda: any("added" in t for t in thread_texts(stack, top)))
    await asyncio.sleep(0.3)
    assert len(entries_posts(stack, BACKEND_PROJECT_ID)) == 1
    assert sum("added" in t or "already" in t for t in thread_texts(stack, top)) == 1


BACKEND_PROJECT_NAME = "Backend Python Engineers"


async def test_stage_of_another_project_is_a_field_error(stack: Stack) -> None:
    _, page = await search(stack, "react typescript in Paris")
    view = await click_add(stack, page, NO_EMAIL_CONTACT_ID)
    await pick_project(stack, view, FRONTEND)
    other = stage_value(DATA_PROJECT_ID, stage_id(DATA_PROJECT_ID, "Offer"))
    stack.driver.set_state(
        view.id,
        {
            ADD_STAGE_BLOCK: {
                ADD_STAGE_SELECT: {
                    "selected_option": {
                        "text": {"type": "plain_text", "text": "Offer"},
                        "value": other,
                    }
                }
            }
        },
    )
    result = await stack.driver.submit(view.id)
    assert result.response_action == "errors"
    assert result.errors == {"Stage": STALE_STAGE}
    assert not result.closed
    assert entries_posts(stack, FRONTEND_PROJECT_ID) == []
    assert entries_posts(stack, DATA_PROJECT_ID) == []


async def test_leonar_error_on_add_is_explained_in_the_thread(stack: Stack) -> None:
    top, page = await search(stack, "react typescript in Paris")
    view = await click_add(stack, page, NO_EMAIL_CONTACT_ID)
    await pick_project(stack, view, FRONTEND)
    stack.leonar.add_key("leo_sandbox", scopes=["contacts:read", "projects:read"])
    await stack.driver.submit(view.id)
    (reply,) = await stack.driver.wait_for(
        lambda: [t for t in thread_texts(stack, top) if "could not add" in t]
    )
    assert reply.startswith("I could not add *Thomas Dubois*: Your Leonar API key is not allowed")
    card = stack.fake.message(CHANNEL, page.ts)
    assert card is not None and "✓" not in card.visible_text


async def test_slash_add_by_email_opens_the_modal_and_posts_the_card(stack: Stack) -> None:
    await stack.driver.command("/leonar", "add sophie@doctolib.com")
    view = await form(stack)
    assert "Add *Sophie Martin* to a hiring project." in view.visible_text
    await pick_project(stack, view, BACKEND_PROJECT_NAME)
    await stack.driver.submit(view.id, {"Stage": "Contacted"})
    (posted,) = await stack.driver.wait_for(lambda: stack.fake.messages(CHANNEL))
    assert posted.text == (
        f"<@{USER}> added *Sophie Martin* to *{BACKEND_PROJECT_NAME}* · Contacted"
    )
    assert f"✓ Added to *{BACKEND_PROJECT_NAME}* · Contacted" in posted.visible_text
    assert "Add to project" in posted.visible_text  # the card, with its buttons
    assert entries_posts(stack, BACKEND_PROJECT_ID) == [
        {"contact_id": SOPHIE_CONTACT_ID, "stage_id": stage_id(BACKEND_PROJECT_ID, "Contacted")}
    ]


async def test_slash_add_with_several_matches_lets_the_person_pick(stack: Stack) -> None:
    await stack.driver.command("/leonar", "add data engineer")
    (picker,) = await stack.driver.wait_for(lambda: stack.fake.ephemerals_for(USER))
    assert "contacts match *data engineer*. Which one?" in picker.text
    buttons = [
        b["accessory"] for b in picker.blocks if b.get("accessory", {}).get("type") == "button"
    ]
    assert len(buttons) > 1
    assert all(b["action_id"] == CONTACT_ADD_TO_PROJECT for b in buttons)
    assert stack.fake.current_view(USER) is None
    await stack.driver.act(
        next(b["block_id"] for b in picker.blocks if b.get("accessory") == buttons[1]),
        CONTACT_ADD_TO_PROJECT,
        message=picker.ts,
    )
    view = await form(stack)
    chosen = stack.leonar.contacts[buttons[1]["value"]]
    assert f"Add *{chosen['first_name']} {chosen['last_name']}*" in view.visible_text


async def test_slash_add_without_match_or_text(stack: Stack) -> None:
    await stack.driver.command("/leonar", "add nobody-like-this")
    await stack.driver.command("/leonar", "add")
    notes = await stack.driver.wait_for(
        lambda: (
            stack.fake.ephemerals_for(USER) if len(stack.fake.ephemerals_for(USER)) == 2 else None
        )
    )
    texts = sorted(n.text for n in notes)
    assert any(t.startswith("No Leonar contact matches *nobody-like-this*") for t in texts)
    assert any(t.startswith("Tell me which contact to add") for t in texts)
    assert stack.fake.current_view(USER) is None
    assert stack.leonar.requests_to("POST", "/projects") == []


async def test_names_in_the_modal_and_confirmation_are_escaped(stack: Stack) -> None:
    evil_id = "0e0e0e0e-0000-4000-8000-000000000002"
    evil = dict(stack.leonar.contacts[SOPHIE_CONTACT_ID])
    evil.update(id=evil_id, first_name="<!channel>", last_name="*bold*", title="Zorglub")
    stack.leonar.contacts[evil_id] = evil
    top, page = await search(stack, "zorglub")
    view = await click_add(stack, page, evil_id)
    assert "Add *&lt;!channel&gt; ∗bold∗* to a hiring project." in view.visible_text
    await pick_project(stack, view, FRONTEND)
    await stack.driver.submit(view.id)
    (reply,) = await stack.driver.wait_for(
        lambda: [t for t in thread_texts(stack, top) if "added" in t]
    )
    assert "<!channel>" not in reply and "*bold*" not in reply
    assert "&lt;!channel&gt; ∗bold∗" in reply
