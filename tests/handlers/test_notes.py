"""End to end: the "Save to Leonar as a note" message shortcut and **Add note** on a card."""

from __future__ import annotations

from bot.ui.actions import CONTACT_MORE, SHORTCUT_SAVE_NOTE
from standins.harness import Stack
from standins.leonar_data import SOPHIE_CONTACT_ID
from standins.slack.state import Message, ViewRecord

TEXT = "Spoke to her today, keen on a lead role: <https://www.linkedin.com/in/sophie-martin/>"


async def _shortcut_on(stack: Stack, text: str) -> tuple[Message, ViewRecord]:
    message = stack.fake.post_user_message("C0GENERAL", "U0BOB", text)
    response = await stack.driver.message_shortcut(SHORTCUT_SAVE_NOTE, message)
    assert response.status_code == 200

    def settled() -> ViewRecord | None:
        view = stack.fake.current_view("U0ALICE")
        return view if view is not None and view.callback_id == "leonar_note_view" else None

    return message, await stack.driver.wait_for(settled)


def note_requests(stack: Stack) -> list[object]:
    return [r for r in stack.leonar.requests if r.method == "POST" and r.path.endswith("/notes")]


async def test_a_linkedin_link_saves_the_message_as_a_note_on_that_contact(stack: Stack) -> None:
    message, view = await _shortcut_on(stack, TEXT)
    # the modal shows the note (editable) and the contact the link names
    contact, note = (b["element"] for b in view.blocks if b["type"] == "input")
    assert contact["initial_option"]["text"]["text"] == "Sophie Martin"
    assert note["initial_value"].startswith("Spoke to her today")

    result = await stack.driver.submit(view.id)
    assert result.closed

    def saved() -> list[object] | None:
        return note_requests(stack) or None

    (request,) = await stack.driver.wait_for(saved)
    assert request.path.endswith(f"/contacts/{SOPHIE_CONTACT_ID}/notes")  # type: ignore[attr-defined]
    content = request.json["content"]  # type: ignore[attr-defined]
    assert content.startswith("Spoke to her today, keen on a lead role")
    assert "in Slack: https://" in content  # the author and a link back to the message
    (note,) = stack.leonar.notes
    assert note["contact_id"] == SOPHIE_CONTACT_ID

    def confirmed() -> Message | None:
        for reply in stack.fake.replies("C0GENERAL", message.ts):
            if "saved a note on *Sophie Martin*" in reply.text:
                return reply
        return None

    await stack.driver.wait_for(confirmed)


async def test_empty_note_and_no_contact_are_refused_under_the_inputs(stack: Stack) -> None:
    _, view = await _shortcut_on(stack, "No link or email here, just words.")
    assert "pick one" in view.visible_text
    result = await stack.driver.submit(view.id, {"Note": ""})
    assert set(result.errors) == {"Contact", "Note"}
    assert note_requests(stack) == []


async def test_add_note_in_the_cards_menu_saves_a_note_on_that_contact(stack: Stack) -> None:
    await stack.driver.command("/leonar", "search Sophie Martin")
    parent = await stack.driver.wait_for(
        lambda: [m for m in stack.fake.messages("C0GENERAL") if "for *Sophie" in m.text]
    )
    (page,) = await stack.driver.wait_for(lambda: stack.fake.replies("C0GENERAL", parent[0].ts))
    await stack.driver.select(CONTACT_MORE, "Add note", message=page)

    def settled() -> ViewRecord | None:
        view = stack.fake.current_view("U0ALICE")
        return view if view is not None and view.callback_id == "leonar_note_view" else None

    view = await stack.driver.wait_for(settled)
    contact = next(b["element"] for b in view.blocks if b["type"] == "input")
    assert contact["initial_option"]["text"]["text"] == "Sophie Martin"
    result = await stack.driver.submit(view.id, {"Note": "Prefers a call after 6pm."})
    assert result.closed
    (request,) = await stack.driver.wait_for(lambda: note_requests(stack) or None)
    assert request.path.endswith(f"/contacts/{SOPHIE_CONTACT_ID}/notes")  # type: ignore[attr-defined]
    assert request.json["content"].startswith("Prefers a call after 6pm.")  # type: ignore[attr-defined]
