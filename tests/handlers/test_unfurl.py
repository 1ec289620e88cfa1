"""End to end: a link pasted in a channel → link_shared → chat.unfurl with a contact card."""

from __future__ import annotations

from typing import Any

from bot.ui.actions import CONTACT_ADD_TO_PROJECT, CONTACT_ENRICH
from standins.harness import Stack, running_stack
from standins.leonar_data import DATA_PROJECT_ID, SOPHIE_CONTACT_ID, WITH_EMAIL_CONTACT_ID
from standins.slack.blockkit import find_input, text_of
from standins.slack.state import ViewRecord

SOPHIE = "https://www.linkedin.com/in/sophie-martin"
UNKNOWN = "https://www.linkedin.com/in/nobody-we-know-42"


def _unfurl_of(stack: Stack, url: str) -> dict[str, Any] | None:
    for record in stack.fake.unfurls:
        unfurl = record["unfurls"].get(url)
        if unfurl is not None:
            return dict(unfurl)
    return None


def _text(blocks: list[dict[str, Any]]) -> str:
    parts: list[str] = []
    for block in blocks:
        if "text" in block:
            parts.append(text_of(block["text"]))
        for element in block.get("elements") or []:
            parts.append(text_of(element.get("text", element)))
    return "\n".join(parts)


def _buttons(blocks: list[dict[str, Any]]) -> dict[str, str]:
    return {
        e["action_id"]: e.get("value", "")
        for b in blocks
        if b["type"] == "actions"
        for e in b["elements"]
    }


async def test_known_linkedin_profile_unfurls_a_contact_card(stack: Stack) -> None:
    posted = await stack.driver.share_link(SOPHIE)
    unfurl = await stack.driver.wait_for(lambda: _unfurl_of(stack, SOPHIE))

    (record,) = stack.fake.unfurls
    assert (record["channel"], record["ts"]) == ("C0GENERAL", posted.ts)
    text = _text(unfurl["blocks"])
    assert "Sophie Martin" in text
    assert "is in Leonar" in text
    assert "Senior Software Engineer at Doctolib" in text
    assert "email on file" in text
    assert "never contacted" in text
    # the email itself is not shown to the whole channel
    assert "sophie@doctolib.com" not in str(unfurl)
    assert f"https://app.leonar.app/contacts/{SOPHIE_CONTACT_ID}" in text
    assert _buttons(unfurl["blocks"]) == {
        CONTACT_ADD_TO_PROJECT: SOPHIE_CONTACT_ID,
        CONTACT_ENRICH: SOPHIE_CONTACT_ID,
    }
    # the sharer's key (LEONAR_API_KEY here) looked the profile up by its LinkedIn URL
    (search,) = stack.leonar.requests_to("GET", "/contacts")
    assert search.query["search"] == "sophie-martin"
    assert search.key == "leo_sandbox"
    assert stack.fake.message("C0GENERAL", posted.ts) is not None


async def test_unknown_linkedin_profile_says_not_in_leonar(stack: Stack) -> None:
    await stack.driver.share_link(UNKNOWN)
    unfurl = await stack.driver.wait_for(lambda: _unfurl_of(stack, UNKNOWN))
    text = _text(unfurl["blocks"])
    assert "nobody-we-know-42" in text
    assert "not in Leonar yet" in text
    assert "/leonar source" in text
    assert _buttons(unfurl["blocks"]) == {}


async def test_leonar_contact_link_shows_last_contacted(stack: Stack) -> None:
    url = f"https://app.leonar.app/contacts/{WITH_EMAIL_CONTACT_ID}"
    await stack.driver.share_link(url)
    unfurl = await stack.driver.wait_for(lambda: _unfurl_of(stack, url))
    text = _text(unfurl["blocks"])
    assert "Camille Laurent" in text
    assert "last contacted <!date^" in text
    assert "|Jan 18, 2025>" in text and "2025-01-18" not in text
    (get,) = stack.leonar.requests_to("GET", f"/contacts/{WITH_EMAIL_CONTACT_ID}")
    assert get.key == "leo_sandbox"


async def test_unknown_leonar_contact_link_says_not_found(stack: Stack) -> None:
    url = "https://app.leonar.app/contacts/00000000-0000-0000-0000-000000000000"
    await stack.driver.share_link(url)
    unfurl = await stack.driver.wait_for(lambda: _unfurl_of(stack, url))
    assert "was not found" in _text(unfurl["blocks"])


async def test_sharer_with_own_key_is_looked_up_with_that_key(stack: Stack) -> None:
    stack.leonar.add_key("leo_alice_own")
    await stack.deps.db.user_keys.set(stack.fake.team_id, "U0ALICE", "leo_alice_own")
    await stack.driver.share_link(SOPHIE, user="U0ALICE")
    await stack.driver.wait_for(lambda: _unfurl_of(stack, SOPHIE))
    (search,) = stack.leonar.requests_to("GET", "/contacts")
    assert search.key == "leo_alice_own"


async def test_no_key_means_no_unfurl_and_no_leonar_call() -> None:
    async with running_stack(leonar_api_key=None) as stack:
        # Bob connected his own key, Alice has none (and there is no workspace key)
        await stack.deps.db.user_keys.set(stack.fake.team_id, "U0BOB", "leo_sandbox")
        await stack.driver.share_link(SOPHIE, user="U0ALICE")
        bob_url = "https://www.linkedin.com/in/camille-laurent"
        await stack.driver.share_link(bob_url, user="U0BOB")
        await stack.driver.wait_for(lambda: _unfurl_of(stack, bob_url))
        assert _unfurl_of(stack, SOPHIE) is None
        (search,) = stack.leonar.requests_to("GET", "/contacts")
        assert search.query["search"] == "camille-laurent"


async def test_other_links_are_not_unfurled(stack: Stack) -> None:
    await stack.driver.share_link("https://www.linkedin.com/company/doctolib")
    await stack.driver.share_link(SOPHIE)
    await stack.driver.wait_for(lambda: _unfurl_of(stack, SOPHIE))
    assert [list(r["unfurls"]) for r in stack.fake.unfurls] == [[SOPHIE]]


async def test_add_to_project_from_an_unfurl_answers_in_the_messages_thread(stack: Stack) -> None:
    posted = await stack.driver.share_link(SOPHIE)
    await stack.driver.wait_for(lambda: _unfurl_of(stack, SOPHIE))
    before = stack.fake.message("C0GENERAL", posted.ts)
    assert before is not None
    original_text = before.text

    response = await stack.driver.click("Add to project", unfurl=("C0GENERAL", posted.ts, SOPHIE))
    assert response.status_code == 200

    def form() -> ViewRecord | None:
        view = stack.fake.current_view("U0ALICE")
        return view if view is not None and find_input(view.blocks, "Project") else None

    view = await stack.driver.wait_for(form)
    assert "Add *Sophie Martin* to a hiring project." in view.visible_text
    await stack.driver.fill(view.id, {"Project": "Data Engineers"})
    assert (await stack.driver.submit(view.id)).closed

    def confirmation() -> list[str]:
        return [r.text for r in stack.fake.replies("C0GENERAL", posted.ts) if "added" in r.text]

    (text,) = await stack.driver.wait_for(confirmation)
    assert text == "<@U0ALICE> added *Sophie Martin* to *Data Engineers – Lyon* · Sourced"
    entries = [
        r.json for r in stack.leonar.requests_to("POST", f"/projects/{DATA_PROJECT_ID}/entries")
    ]
    assert entries == [{"contact_id": SOPHIE_CONTACT_ID}]
    # the person's message is not ours: no chat.update was tried on it
    assert [c for c in stack.fake.calls if c.method == "chat.update"] == []
    after = stack.fake.message("C0GENERAL", posted.ts)
    assert after is not None and after.text == original_text and not after.edited
    (line,) = await stack.deps.db.activity.recent(stack.fake.team_id, "U0ALICE")
    assert line.text == "Added Sophie Martin to *Data Engineers – Lyon* · Sourced"
