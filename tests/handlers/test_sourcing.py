"""``/leonar source`` end to end: signed Slack requests -> bot -> fake Slack + Leonar sandbox."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from bot.ui.actions import CONTACT_ENRICH, PROFILE_ADD, SOURCING_VIEW
from standins.harness import Stack
from standins.leonar import ALL_SCOPES, DEFAULT_KEY
from standins.leonar_data import (
    FRONTEND_PROJECT_ID,
    INACTIVE_ACCOUNT_ID,
    PARIS_LOCATION_ID,
    RECRUITER_ACCOUNT_ID,
    SALES_NAV_ACCOUNT_ID,
    SOPHIE_PROFILE_ID,
)
from standins.slack.blockkit import find_element, options_of, text_of
from standins.slack.state import Message, ViewRecord

USER = "U0ALICE"
CHANNEL = "C0GENERAL"
PROJECT = "Senior Frontend Engineers"
SEARCH = "/sourcing/linkedin/search"
ADD = "/sourcing/add-to-project"


async def open_modal(stack: Stack, text: str = "source Software Engineer") -> ViewRecord:
    await stack.driver.command("/leonar", text, user=USER, channel=CHANNEL)

    def ready() -> ViewRecord | None:
        view = stack.fake.current_view(USER)
        if view is None or "Loading" in view.visible_text:
            return None
        return view

    return await stack.driver.wait_for(ready)


async def search(stack: Stack, **fields: Any) -> tuple[Message, list[Message]]:
    """Open the modal, submit it, return the thread's parent and replies once posted."""
    view = await open_modal(stack)
    values: dict[str, Any] = {"Job titles": "Software Engineer", "Project": PROJECT, **fields}
    result = await stack.driver.submit(view.id, values)
    assert result.status == 200 and result.closed, result.errors
    parent = await stack.driver.wait_for(
        lambda: next((m for m in stack.fake.messages(CHANNEL) if "Found" in m.text), None)
    )
    replies = await stack.driver.wait_for(lambda: controls_posted(stack, parent))
    return parent, replies


def replies_of(stack: Stack, parent: Message) -> list[Message]:
    return [m for m in stack.fake.replies(CHANNEL, parent.ts) if m.ts != parent.ts]


def controls_posted(stack: Stack, parent: Message, pages: int = 1) -> list[Message] | None:
    replies = replies_of(stack, parent)
    if sum(1 for m in replies if m.text.startswith("Page ")) >= pages:
        return replies
    return None


def card_buttons(message: Message) -> dict[str, dict[str, Any]]:
    """block_id -> button element of every card (status block) in a message."""
    out: dict[str, dict[str, Any]] = {}
    for block in message.blocks:
        elements = list(block.get("elements") or [])
        if block.get("accessory"):
            elements.append(block["accessory"])
        for element in elements:
            if isinstance(element, dict) and element.get("type") == "button":
                out[str(block.get("block_id"))] = element
    return out


def live(stack: Stack, message: Message) -> Message:
    found = stack.fake.message(message.channel, message.ts)
    assert found is not None
    return found


# --------------------------------------------------------------------------- the modal


async def test_command_opens_loading_view_then_form_with_active_accounts_only(
    stack: Stack,
) -> None:
    view = await open_modal(stack, "source Software Engineer, Backend Developer")

    opens = [c for c in stack.fake.calls if c.method == "views.open"]
    assert len(opens) == 1 and "Loading" in str(opens[0].args.get("view"))
    assert any(c.method == "views.update" and c.ok for c in stack.fake.calls)
    assert view.callback_id == SOURCING_VIEW
    labels = [text_of(b.get("label")) for b in view.blocks if b.get("type") == "input"]
    for word in ("LinkedIn account", "Job titles", "Location", "Min years", "Max years", "Project"):
        assert any(word.lower() in label.lower() for label in labels), (word, labels)

    account = find_element(view.blocks, "LinkedIn account")
    assert account is not None
    values = [o["value"] for o in options_of(account[1])]
    assert f"{RECRUITER_ACCOUNT_ID}|recruiter" in values
    assert f"{SALES_NAV_ACCOUNT_ID}|sales_navigator" in values
    assert not any(INACTIVE_ACCOUNT_ID in v for v in values)
    assert "Claire Dupont" not in str(account[1])

    titles = find_element(view.blocks, "Job titles")
    assert titles is not None
    assert titles[1]["initial_value"] == "Software Engineer, Backend Developer"
    project = find_element(view.blocks, "Project")
    assert project is not None
    assert PROJECT in [text_of(o["text"]) for o in options_of(project[1])]


async def test_no_active_account_explains_instead_of_the_form(stack: Stack) -> None:
    for account in stack.leonar.accounts.values():
        account["api_status"] = {k: "inactive" for k in account["api_status"]}
    view = await open_modal(stack)

    assert "Recruiter" in view.visible_text and "Sales Navigator" in view.visible_text
    assert not [b for b in view.blocks if b.get("type") == "input"]
    assert not view.data.get("submit")


async def test_location_typeahead_uses_the_account_picked_in_the_modal(stack: Stack) -> None:
    view = await open_modal(stack)

    options = await stack.driver.suggest(view.id, "Location", "Par")
    assert [text_of(o["text"]) for o in options] == [
        "Paris, Ile-de-France, France",
        "Paris Area, France",
    ]
    assert options[0]["value"] == PARIS_LOCATION_ID
    lookup = stack.leonar.requests_to("GET", "/sourcing/linkedin/locations")[-1]
    assert lookup.query == {"q": "Par", "account_id": RECRUITER_ACCOUNT_ID, "api_type": "recruiter"}

    await stack.driver.select("LinkedIn account", "Bob Sourcer", view_id=view.id)
    await stack.driver.suggest(view.id, "Location", "Lyon")
    lookup = stack.leonar.requests_to("GET", "/sourcing/linkedin/locations")[-1]
    assert lookup.query["account_id"] == SALES_NAV_ACCOUNT_ID
    assert lookup.query["api_type"] == "sales_navigator"


async def test_bad_fields_are_answered_under_the_input_and_nothing_is_searched(
    stack: Stack,
) -> None:
    view = await open_modal(stack)

    result = await stack.driver.submit(
        view.id, {"Project": PROJECT, "Min years": "8", "Max years": "3"}
    )
    assert result.response_action == "errors"
    assert "below min years" in result.errors["Max years of experience"]
    assert not result.closed

    result = await stack.driver.submit(view.id, {"Job titles": " , ,", "Max years": ""})
    assert "job title" in result.errors["Job titles"]
    assert stack.leonar.requests_to("POST", SEARCH) == []


# --------------------------------------------------------------------------- results


async def test_valid_submit_posts_counts_and_cards_in_a_thread(stack: Stack) -> None:
    parent, replies = await search(
        stack, **{"Location": ["Paris, Ile-de-France"], "Min years": "3", "Max years": "10"}
    )

    [request] = stack.leonar.requests_to("POST", SEARCH)
    assert request.json == {
        "project_id": FRONTEND_PROJECT_ID,
        "account_id": RECRUITER_ACCOUNT_ID,
        "job_titles": ["Software Engineer"],
        "location_ids": {PARIS_LOCATION_ID: "Paris, Ile-de-France, France"},
        "years_experience": {"min": 3, "max": 10},
        "page": 1,
        "page_size": 10,
    }
    found = sandbox_answer(stack, request.json)
    assert parent.text == (
        f"Found {found['total_count']} profiles ({found['filtered_count']} not yet in "
        f"*{PROJECT}*) for *Software Engineer* in Paris with 3–10 years of experience"
    )
    cards = [m for m in replies if not m.text.startswith("Page ")]
    shown = "\n".join(m.visible_text for m in cards)
    for profile in found["profiles"]:
        assert f"{profile['first_name']} {profile['last_name']}" in shown
    # Sophie is already in the Frontend project: marked, and not offered again
    assert "Sophie Martin" in shown and "Already in project" in shown
    sophie = next(
        i for i, p in enumerate(found["profiles"]) if p["profile_id"] == SOPHIE_PROFILE_ID
    )
    buttons = card_buttons(cards[0])
    assert f"profile_{sophie}" not in buttons
    assert len(buttons) == found["filtered_count"]
    assert any(b.get("accessory", {}).get("type") == "image" for b in cards[0].blocks)
    assert "https://www.linkedin.com/in/sophie-martin" in str(cards[0].blocks)


async def test_add_one_profile_sends_the_full_profile_and_updates_the_card(stack: Stack) -> None:
    parent, replies = await search(stack)
    cards = replies[0]
    block_id, button = next(iter(card_buttons(cards).items()))
    index = int(block_id.split("_")[1])
    # a double click: two clicks on the same button before anything changed
    await asyncio.gather(
        stack.driver.act(block_id, PROFILE_ADD, message=cards.ts),
        stack.driver.act(block_id, PROFILE_ADD, message=cards.ts),
    )
    confirmation = await stack.driver.wait_for(
        lambda: next((m for m in replies_of(stack, parent) if "Added" in m.text), None)
    )

    [add] = stack.leonar.requests_to("POST", ADD)
    sent = add.json["profiles"]
    assert add.json["project_id"] == FRONTEND_PROJECT_ID and len(sent) == 1
    searched = sandbox_answer(stack, stack.leonar.requests_to("POST", SEARCH)[0].json)
    original = searched["profiles"][index]
    expected = {
        k: v for k, v in original.items() if k not in ("already_in_project", "existing_contact_id")
    }
    assert sent[0] == expected
    for key in (
        "experiences",
        "educations",
        "skills",
        "summary",
        "picture_url",
        "location",
        "linkedin_url",
        "total_years_experience",
    ):
        assert sent[0][key], key

    name = f"{original['first_name']} {original['last_name']}"
    assert "Sourced" in confirmation.text and name in confirmation.text
    card = live(stack, cards)
    assert f"✓ Added to *{PROJECT}* · Sourced" in card.visible_text
    enrich = card_buttons(card)[block_id]
    assert enrich["action_id"] == CONTACT_ENRICH
    contact = stack.leonar.contacts[enrich["value"]]
    assert contact["linkedin_profile"] == original["linkedin_url"]
    assert button["action_id"] == PROFILE_ADD


async def test_add_all_on_page_adds_the_new_ones_and_reports_skipped(stack: Stack) -> None:
    parent, replies = await search(stack)
    cards, controls = replies[0], replies[-1]
    searched = sandbox_answer(stack, stack.leonar.requests_to("POST", SEARCH)[0].json)
    new = [p for p in searched["profiles"] if not p["already_in_project"]]
    # someone adds one of them in Leonar meanwhile: Leonar skips it
    taken = new[0]
    response = await stack.http.post(
        f"{stack.leonar_url}{ADD}",
        json={"project_id": FRONTEND_PROJECT_ID, "profiles": [taken]},
        headers={"Authorization": f"Bearer {DEFAULT_KEY}"},
    )
    assert response.status_code == 200

    await stack.driver.click("Add all on this page", message=controls)
    confirmation = await stack.driver.wait_for(
        lambda: next((m for m in replies_of(stack, parent) if "Added" in m.text), None)
    )

    add = stack.leonar.requests_to("POST", ADD)[-1]
    assert [p["profile_id"] for p in add.json["profiles"]] == [p["profile_id"] for p in new]
    assert "Skipped" in confirmation.text and taken["first_name"] in confirmation.text
    card = live(stack, cards)
    assert not [b for b in card_buttons(card).values() if b["action_id"] == PROFILE_ADD]
    assert card.visible_text.count("✓ Added to") == len(new) - 1
    assert "Add all on this page" not in live(stack, controls).visible_text


async def test_next_page_is_posted_in_the_same_thread_once(stack: Stack) -> None:
    parent, replies = await search(stack, **{"Job titles": "Engineer, Developer"})
    controls = replies[-1]
    assert "Next page" in controls.visible_text

    await asyncio.gather(
        stack.driver.click("Next page", message=controls),
        stack.driver.click("Next page", message=controls),
    )
    replies = await stack.driver.wait_for(lambda: controls_posted(stack, parent, pages=2))

    searches = stack.leonar.requests_to("POST", SEARCH)
    assert [r.json["page"] for r in searches] == [1, 2]
    assert {k: v for k, v in searches[1].json.items() if k != "page"} == {
        k: v for k, v in searches[0].json.items() if k != "page"
    }
    page2 = sandbox_answer(stack, searches[1].json)
    shown = "\n".join(m.visible_text for m in replies)
    for profile in page2["profiles"]:
        assert f"{profile['first_name']} {profile['last_name']}" in shown
    assert replies[-1].text.startswith("Page 2")
    assert "Next page" not in live(stack, controls).visible_text


async def test_leonar_refusal_is_told_in_words(stack: Stack) -> None:
    view = await open_modal(stack)
    stack.leonar.keys[DEFAULT_KEY] = ALL_SCOPES - {"sourcing:read"}

    result = await stack.driver.submit(view.id, {"Job titles": "Data Engineer", "Project": PROJECT})
    assert result.closed

    told = await stack.driver.wait_for(lambda: stack.fake.ephemerals_for(USER))
    assert "not allowed" in told[-1].text
    assert not [m for m in stack.fake.messages(CHANNEL) if "Found" in m.text]


def sandbox_answer(stack: Stack, body: dict[str, Any]) -> dict[str, Any]:
    """What the sandbox answers to ``body`` now (recomputed, without recording a request)."""
    from standins.leonar import Call, sourcing_search

    status, answer = sourcing_search(stack.leonar, Call(params={}, query={}, body=body))
    assert status == 200
    data: dict[str, Any] = answer["data"]
    return data


async def test_failed_add_is_told_and_can_be_retried(stack: Stack) -> None:
    parent, replies = await search(stack)
    cards = replies[0]
    block_id = next(iter(card_buttons(cards)))
    stack.leonar.error_rate = 1.0  # Leonar answers 500

    await stack.driver.act(block_id, PROFILE_ADD, message=cards.ts)
    told = await stack.driver.wait_for(lambda: stack.fake.ephemerals_for(USER))
    assert "Leonar" in told[-1].text
    assert card_buttons(live(stack, cards))[block_id]["action_id"] == PROFILE_ADD

    stack.leonar.error_rate = 0.0
    await stack.driver.act(block_id, PROFILE_ADD, message=cards.ts)
    await stack.driver.wait_for(
        lambda: next((m for m in replies_of(stack, parent) if "Added" in m.text), None)
    )
    assert len(stack.leonar.requests_to("POST", ADD)) == 2
    assert card_buttons(live(stack, cards))[block_id]["action_id"] == CONTACT_ENRICH


async def test_buttons_of_expired_results_say_so_in_words(stack: Stack) -> None:
    parent, replies = await search(stack)
    cards = replies[0]
    block_id = next(iter(card_buttons(cards)))
    # a week and a day later the stored page is gone
    await stack.deps.db.result_sets.purge_expired(now=time.time() + 8 * 24 * 3600)
    stack.leonar.reset_requests()
    await stack.driver.act(block_id, PROFILE_ADD, message=cards.ts)
    await stack.driver.click("Add all on this page")
    def expired() -> list[Any] | None:
        found = [e for e in stack.fake.ephemerals_for(USER) if "expired" in e.text]
        return found if len(found) >= 2 else None

    told = await stack.driver.wait_for(expired)
    assert len(told) == 2
    assert all("Run `/leonar source` again" in e.text for e in told)
    assert stack.leonar.requests == []
