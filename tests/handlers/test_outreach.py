"""Outreach end to end (signed requests → bot → fake Slack + Leonar sandbox): enroll in a
sequence, tag, send a message, from a contact card of a real `/leonar search` thread and from
its **Enroll all** / **Tag all** buttons."""

from __future__ import annotations

import time
from typing import Any

import pytest

from bot.flows.outreach.common import EXPIRED_RESULTS
from bot.flows.outreach.tag import patch_card
from bot.leonar import Contact
from bot.slack.deps import make_slack_client
from bot.ui.actions import CONTACT_MORE, RESULTS_ENROLL_ALL, contact_verb_value
from bot.ui.contacts import contact_card
from standins.harness import BOT_TOKEN, Stack
from standins.leonar_data import (
    DATA_SEQUENCE_ID,
    DO_NOT_CONTACT_ID,
    ENROLLED_CONTACT_ID,
    FRONTEND_SEQUENCE_ID,
    GLOBAL_DNC_CONTACT_ID,
    NO_EMAIL_CONTACT_ID,
    RECRUITER_ACCOUNT_ID,
    SOPHIE_CONTACT_ID,
)
from standins.slack.state import Message, ViewRecord

CHANNEL = "C0GENERAL"
USER = "U0ALICE"
FRONTEND_SEQUENCE = "Frontend engineers – first touch"
DATA_SEQUENCE = "Data engineers – Lyon"
LYON_IDS = 7  # "data engineer in Lyon" finds 7 contacts, Lucas Faure (global DNC) among them
PAUL_LAMBERT = "10d32797-e22e-5b76-83be-32eb807b0c01"
ENROLL_PATH = "/sequences/{}/enroll"


# --------------------------------------------------------------------------- helpers


async def search(stack: Stack, text: str) -> tuple[str, Message]:
    """Run `/leonar search <text>`; the thread's ts and its (first) results reply."""
    await stack.driver.command("/leonar", f"search {text}", channel=CHANNEL)

    def results() -> Message | None:
        for message in stack.fake.all_messages():
            if message.is_reply and "Enroll all" in message.visible_text:
                return message
        return None

    found = await stack.driver.wait_for(results, timeout=10)
    assert found.thread_ts is not None
    return found.thread_ts, found


def card_message(stack: Stack, contact_id: str) -> Message:
    for message in stack.fake.all_messages():
        if any(
            str(b.get("block_id", "")).endswith(f"contact:{contact_id}") for b in message.blocks
        ):
            return message
    raise AssertionError(f"no card for {contact_id}")


async def use_menu(stack: Stack, contact_id: str, verb: str) -> None:
    """Pick `verb` in the card's overflow (also a verb the card does not offer: a hostile or
    stale client can send anything)."""
    message = card_message(stack, contact_id)
    block_id = next(
        str(b["block_id"])
        for b in message.blocks
        if str(b.get("block_id", "")).endswith(f"contact_actions:{contact_id}")
    )
    option = {
        "text": {"type": "plain_text", "text": verb},
        "value": contact_verb_value(verb, contact_id),
    }
    response = await stack.driver.act(
        block_id, CONTACT_MORE, message=message.ts, selected={"selected_option": option}
    )
    assert response.status_code == 200


async def modal(
    stack: Stack, callback_id: str | None = None, *, text: str | None = None
) -> ViewRecord:
    """The modal the person sees once Leonar has answered (not the loading view)."""

    def ready() -> ViewRecord | None:
        view = stack.fake.current_view(USER)
        if view is None or view.callback_id == "outreach_loading":
            return None
        if callback_id is not None and view.callback_id != callback_id:
            return None
        if text is not None and text not in view.visible_text:
            return None
        return view

    return await stack.driver.wait_for(ready, timeout=10)


async def reply_with(stack: Stack, thread_ts: str, words: str, *, edited: bool = False) -> Message:
    def found() -> Message | None:
        for message in stack.fake.replies(CHANNEL, thread_ts):
            if words in message.text and (message.edited or not edited):
                return message
        return None

    return await stack.driver.wait_for(found, timeout=10)


def bodies(stack: Stack, method: str, path: str) -> list[Any]:
    return [r.json for r in stack.leonar.requests_to(method, path)]


def input_labels(view: ViewRecord) -> list[str]:
    return [
        str(b["label"]["text"]) for b in view.blocks if b.get("type") == "input" and "label" in b
    ]


# --------------------------------------------------------------------------- enroll


async def test_enroll_all_skips_do_not_contact_and_reports_every_count(stack: Stack) -> None:
    thread_ts, _results = await search(stack, "data engineer in Lyon")
    await stack.driver.click("Enroll all")
    view = await modal(stack, "outreach_enroll")
    assert f"{LYON_IDS} contacts" in view.visible_text
    assert [o["text"]["text"] for o in view.blocks[1]["element"]["options"]] == [
        "Account Executives – London",
        DATA_SEQUENCE,
        FRONTEND_SEQUENCE,
    ]  # active sequences only: "Re-engagement Q1" is paused
    assert stack.leonar.requests_to("GET", "/sequences")[0].query["status"] == "active"

    result = await stack.driver.submit(view.id, {"Sequence": FRONTEND_SEQUENCE})
    assert result.closed

    final = await reply_with(stack, thread_ts, "Enrolled 5 in", edited=True)
    assert final.text == (
        f"Enrolled 5 in *{FRONTEND_SEQUENCE}*. Skipped: 1 marked do not contact, "
        "1 active in another sequence."
    )
    (body,) = bodies(stack, "POST", ENROLL_PATH.format(FRONTEND_SEQUENCE_ID))
    assert set(body) == {"contact_ids"}
    assert len(body["contact_ids"]) == LYON_IDS - 1
    assert GLOBAL_DNC_CONTACT_ID not in body["contact_ids"]  # never sent to Leonar
    assert ENROLLED_CONTACT_ID in body["contact_ids"]
    # the progress reply was turned into the result (one message, edited in place)
    progress = [m for m in stack.fake.replies(CHANNEL, thread_ts) if "Enroll" in m.text]
    assert progress == [final]


async def test_enroll_all_with_variables_fetches_unknown_contacts_and_skips_blacklisted(
    stack: Stack,
) -> None:
    # a result set without stored contacts (ids only): the bot checks each contact itself
    ids = [SOPHIE_CONTACT_ID, DO_NOT_CONTACT_ID, GLOBAL_DNC_CONTACT_ID, ENROLLED_CONTACT_ID, "nope"]
    team = stack.fake.team_id
    set_id = await stack.deps.db.result_sets.put(
        "search", {"contact_ids": ids}, team_id=team, ttl_seconds=600
    )
    client = make_slack_client(stack.settings, BOT_TOKEN)
    parent = await client.chat_postMessage(channel=CHANNEL, text="5 contacts")
    await client.chat_postMessage(
        channel=CHANNEL,
        thread_ts=parent["ts"],
        text="results",
        blocks=[
            {
                "type": "actions",
                "elements": [
                    {
                        "type": "button",
                        "text": {"type": "plain_text", "text": "Enroll all"},
                        "action_id": RESULTS_ENROLL_ALL,
                        "value": set_id,
                    }
                ],
            }
        ],
    )
    await stack.driver.click("Enroll all")
    view = await modal(stack, "outreach_enroll")
    result = await stack.driver.submit(
        view.id,
        {
            "Sequence": DATA_SEQUENCE,
            "Custom intro": "I loved your talk at PyCon",
            "Other variables": "project_name = Data platform\n\nrole=Lead",
        },
    )
    assert result.closed

    final = await reply_with(stack, str(parent["ts"]), "Enrolled 1 in", edited=True)
    assert final.text == (
        f"Enrolled 1 in *{DATA_SEQUENCE}*. Skipped: 2 marked do not contact, "
        "1 already enrolled, 1 not found."
    )
    variables = {
        "custom_intro": "I loved your talk at PyCon",
        "project_name": "Data platform",
        "role": "Lead",
    }
    (body,) = bodies(stack, "POST", ENROLL_PATH.format(DATA_SEQUENCE_ID))
    assert body == {
        "contacts": [
            {"contact_id": cid, "custom_variables": variables}
            for cid in (SOPHIE_CONTACT_ID, ENROLLED_CONTACT_ID, "nope")
        ]
    }
    assert stack.leonar.enrollments[DATA_SEQUENCE_ID][SOPHIE_CONTACT_ID]["custom_variables"] == (
        variables
    )


async def test_enroll_one_from_a_card(stack: Stack) -> None:
    thread_ts, _ = await search(stack, "react in Paris")
    await use_menu(stack, SOPHIE_CONTACT_ID, "enroll")
    view = await modal(stack, "outreach_enroll")
    assert "Enroll *Sophie Martin* in a sequence." in view.visible_text
    assert input_labels(view) == ["Sequence", "Custom intro", "Other variables"]

    await stack.driver.submit(view.id, {"Sequence": FRONTEND_SEQUENCE})
    reply = await reply_with(stack, thread_ts, "Enrolled")
    assert reply.text == f"Enrolled 1 in *{FRONTEND_SEQUENCE}*."
    assert bodies(stack, "POST", ENROLL_PATH.format(FRONTEND_SEQUENCE_ID)) == [
        {"contact_ids": [SOPHIE_CONTACT_ID]}
    ]


async def test_enroll_one_already_active_elsewhere(stack: Stack) -> None:
    thread_ts, _ = await search(stack, "data engineer in Lyon")
    await use_menu(stack, ENROLLED_CONTACT_ID, "enroll")
    view = await modal(stack, "outreach_enroll")
    await stack.driver.submit(view.id, {"Sequence": FRONTEND_SEQUENCE})
    reply = await reply_with(stack, thread_ts, "Enrolled 0")
    assert "1 active in another sequence" in reply.text


async def test_do_not_contact_is_refused_server_side(stack: Stack) -> None:
    await search(stack, "data engineer in Lyon")
    # Lucas Faure's card offers no Enroll / Send message; a stale client sends them anyway
    await use_menu(stack, GLOBAL_DNC_CONTACT_ID, "enroll")
    view = await modal(stack, text="do not contact")
    assert view.visible_text == (
        "Lucas Faure is marked do not contact in Leonar, so I won't enroll them."
    )
    assert view.data.get("submit") is None
    await stack.driver.close_view(view.id)

    await use_menu(stack, GLOBAL_DNC_CONTACT_ID, "message")
    view = await modal(stack, text="message them")
    assert "Lucas Faure is marked do not contact" in view.visible_text
    assert stack.leonar.requests_to("POST", "/messages") == []
    assert [r for r in stack.leonar.requests if r.method == "POST" and "enroll" in r.path] == []


async def test_contact_marked_do_not_contact_while_the_modal_is_open(stack: Stack) -> None:
    thread_ts, _ = await search(stack, "react in Paris")
    await use_menu(stack, SOPHIE_CONTACT_ID, "enroll")
    view = await modal(stack, "outreach_enroll")
    stack.leonar.contacts[SOPHIE_CONTACT_ID]["do_not_contact"] = True
    await stack.driver.submit(view.id, {"Sequence": FRONTEND_SEQUENCE})
    reply = await reply_with(stack, thread_ts, "do not contact")
    assert reply.text == "Sophie Martin is marked do not contact in Leonar, so I won't enroll them."
    assert bodies(stack, "POST", ENROLL_PATH.format(FRONTEND_SEQUENCE_ID)) == []


async def test_malformed_variables_are_field_errors(stack: Stack) -> None:
    await search(stack, "react in Paris")
    await use_menu(stack, SOPHIE_CONTACT_ID, "enroll")
    view = await modal(stack, "outreach_enroll")
    result = await stack.driver.submit(
        view.id, {"Sequence": FRONTEND_SEQUENCE, "Other variables": "project_name=x\nno equals"}
    )
    assert result.errors == {"Other variables": "Line 2 needs the form key=value."}
    result = await stack.driver.submit(view.id, {"Other variables": "project name=x"})
    assert "letters, digits and _" in result.errors["Other variables"]
    assert not result.closed
    assert bodies(stack, "POST", ENROLL_PATH.format(FRONTEND_SEQUENCE_ID)) == []


# --------------------------------------------------------------------------- tag


async def test_create_a_tag_and_apply_it_from_a_card(stack: Stack) -> None:
    thread_ts, _ = await search(stack, "react in Paris")
    await use_menu(stack, SOPHIE_CONTACT_ID, "tag")
    view = await modal(stack, "outreach_tag")
    assert input_labels(view) == ["Existing tag", "New tag name", "Colour of the new tag"]

    result = await stack.driver.submit(
        view.id, {"New tag name": "  ai-sourced ", "Colour of the new tag": "Green"}
    )
    assert result.closed
    reply = await reply_with(stack, thread_ts, "Tagged")
    assert reply.text == "Tagged *Sophie Martin* with *ai-sourced* (new tag)."

    (created,) = bodies(stack, "POST", "/tags")
    assert created == {"name": "ai-sourced", "color": "#10B981", "scope": "contact"}
    tag_id = next(t["id"] for t in stack.leonar.tags.values() if t["name"] == "ai-sourced")
    assert bodies(stack, "POST", f"/contacts/{SOPHIE_CONTACT_ID}/tags") == [{"tag_id": tag_id}]
    card = card_message(stack, SOPHIE_CONTACT_ID)
    assert card.edited
    assert "🏷️ frontend, senior, ai-sourced" in card.visible_text
    # the other cards of the message are still there
    assert "Thomas Dubois" in card.visible_text


async def test_tag_all_with_an_existing_tag_reports_partial_failures(stack: Stack) -> None:
    thread_ts, _ = await search(stack, "data engineer in Lyon")
    del stack.leonar.contacts[PAUL_LAMBERT]  # gone from Leonar since the search
    await stack.driver.click("Tag all")
    view = await modal(stack, "outreach_tag")
    assert f"{LYON_IDS} contacts" in view.visible_text
    await stack.driver.submit(view.id, {"Existing tag": "priority"})

    final = await reply_with(stack, thread_ts, "Tagged 6 of 7", edited=True)
    assert final.text.startswith("Tagged 6 of 7 contacts with *priority*.\nCould not tag 1:\n")
    assert "• Paul Lambert: " in final.text
    tag_posts = [
        r for r in stack.leonar.requests if r.method == "POST" and r.path.endswith("/tags")
    ]
    assert len(tag_posts) == LYON_IDS  # the failure did not stop the rest
    assert stack.leonar.requests_to("POST", "/tags") == []  # nothing created
    assert "priority" in stack.leonar.contacts[GLOBAL_DNC_CONTACT_ID]["tags"]  # tagging is fine


@pytest.mark.parametrize(
    ("button", "callback_id", "values"),
    [
        ("Enroll all", "outreach_enroll", {"Sequence": FRONTEND_SEQUENCE}),
        ("Tag all", "outreach_tag", {"New tag name": "lyon-pool"}),
    ],
)
async def test_results_expired_while_the_modal_was_open_send_nothing(
    stack: Stack, button: str, callback_id: str, values: dict[str, str]
) -> None:
    thread_ts, _ = await search(stack, "data engineer in Lyon")
    await stack.driver.click(button)
    view = await modal(stack, callback_id)
    await stack.deps.db.result_sets.purge_expired(now=time.time() + 8 * 24 * 3600)
    result = await stack.driver.submit(view.id, values)
    assert result.closed

    reply = await reply_with(stack, thread_ts, "expired")
    assert reply.text == EXPIRED_RESULTS
    posts = [r.path for r in stack.leonar.requests if r.method == "POST"]
    assert posts == ["/api/v1/contacts/search"]  # the search only: no enrollment, no tag


async def test_tag_field_errors_send_nothing(stack: Stack) -> None:
    await search(stack, "react in Paris")
    await use_menu(stack, SOPHIE_CONTACT_ID, "tag")
    view = await modal(stack, "outreach_tag")
    result = await stack.driver.submit(view.id, {"New tag name": "   "})
    assert result.errors == {"New tag name": "Pick an existing tag or type a new tag name."}
    result = await stack.driver.submit(view.id, {"New tag name": "x" * 51})
    assert result.errors == {"New tag name": "A tag name has at most 50 characters (51 now)."}
    result = await stack.driver.submit(view.id, {"New tag name": "new", "Existing tag": "data"})
    assert result.errors == {"New tag name": "Pick an existing tag or type a new name, not both."}
    posts = [r.path for r in stack.leonar.requests if r.method == "POST"]
    assert posts == ["/api/v1/contacts/search"]


# --------------------------------------------------------------------------- messages


async def test_send_an_email_from_a_card(stack: Stack) -> None:
    thread_ts, _ = await search(stack, "react in Paris")
    await use_menu(stack, SOPHIE_CONTACT_ID, "message")
    view = await modal(stack, "outreach_message")
    assert input_labels(view) == ["Channel", "Subject", "Message", "Before sending"]

    result = await stack.driver.submit(
        view.id,
        {"Subject": "Exciting opportunity at Alan", "Message": "Hi Sophie,\nShall we talk?"},
    )
    assert result.closed
    reply = await reply_with(stack, thread_ts, "Sent")
    assert reply.text == "Sent an email to *Sophie Martin*."
    assert bodies(stack, "POST", "/messages") == [
        {
            "contact_id": SOPHIE_CONTACT_ID,
            "channel": "email",
            "subject": "Exciting opportunity at Alan",
            "content": "Hi Sophie,\nShall we talk?",
        }
    ]


async def test_switch_to_linkedin_and_send_with_a_preview(stack: Stack) -> None:
    thread_ts, _ = await search(stack, "react in Paris")
    await use_menu(stack, SOPHIE_CONTACT_ID, "message")
    view = await modal(stack, "outreach_message")
    await stack.driver.fill(view.id, {"Message": "Hi Sophie, I noticed your React work"})
    await stack.driver.fill(view.id, {"Channel": "LinkedIn"})
    view = await modal(stack, "outreach_message", text="Sender account")
    assert input_labels(view) == ["Channel", "Message", "Sender account", "Before sending"]

    result = await stack.driver.submit(view.id, {"Before sending": "Show me a preview first"})
    assert result.view is not None and result.view.callback_id == "outreach_message_confirm"
    preview = result.view.visible_text
    assert "*Channel:* LinkedIn" in preview and "*From:* Alice Recruiter" in preview
    assert "> Hi Sophie, I noticed your React work" in preview
    assert stack.leonar.requests_to("POST", "/messages") == []

    result = await stack.driver.submit(result.view.id)
    assert result.closed
    reply = await reply_with(stack, thread_ts, "Sent")
    assert reply.text == "Sent a LinkedIn message to *Sophie Martin* from Alice Recruiter."
    assert bodies(stack, "POST", "/messages") == [
        {
            "contact_id": SOPHIE_CONTACT_ID,
            "channel": "linkedin",
            "content": "Hi Sophie, I noticed your React work",
            "sender_account_id": RECRUITER_ACCOUNT_ID,
        }
    ]


async def test_message_field_errors_send_nothing(stack: Stack) -> None:
    await search(stack, "react in Paris")
    await use_menu(stack, SOPHIE_CONTACT_ID, "message")
    view = await modal(stack, "outreach_message")
    result = await stack.driver.submit(view.id, {"Subject": "  ", "Message": " \n "})
    assert result.errors == {"Subject": "An email needs a subject.", "Message": "Write a message."}
    assert stack.leonar.requests_to("POST", "/messages") == []


async def test_a_channel_the_contact_cannot_receive_is_a_field_error(stack: Stack) -> None:
    await search(stack, "react in Paris")
    await use_menu(stack, NO_EMAIL_CONTACT_ID, "message")  # Thomas Dubois: no email
    view = await modal(stack, "outreach_message")
    channel = next(b for b in view.blocks if b.get("block_id") == "outreach_channel")
    assert channel["element"]["initial_option"]["text"]["text"] == "LinkedIn"
    await stack.driver.fill(view.id, {"Channel": "Email"})
    view = await modal(stack, "outreach_message", text="Subject")
    result = await stack.driver.submit(view.id, {"Subject": "Hello", "Message": "Hi Thomas"})
    assert result.errors == {"Channel": "Thomas Dubois has no email address in Leonar."}
    assert stack.leonar.requests_to("POST", "/messages") == []


async def test_leonar_refusal_is_answered_in_words(stack: Stack) -> None:
    thread_ts, _ = await search(stack, "react in Paris")
    await use_menu(stack, SOPHIE_CONTACT_ID, "message")
    view = await modal(stack, "outreach_message")
    stack.leonar.contacts[SOPHIE_CONTACT_ID]["emails"] = []  # Leonar will refuse the email
    await stack.driver.submit(view.id, {"Subject": "Hello", "Message": "Hi"})
    reply = await reply_with(stack, thread_ts, "Could not send")
    assert reply.text.startswith("Could not send the message: ")
    assert "no email address" in reply.text


def test_patch_card_rebuilds_only_that_contacts_blocks() -> None:
    before = Contact(id="c1", first_name="Ann", tags=["data"])
    other = {"type": "section", "block_id": "intro", "text": {"type": "mrkdwn", "text": "Hi"}}
    blocks = [other, *contact_card(before, app_url="https://app")]
    after = before.model_copy(update={"tags": ["data", "ai-sourced"]})
    patched = patch_card(blocks, after, app_url="https://app")
    assert patched[0] == other
    assert patched[1:] == contact_card(after, app_url="https://app")
    assert "ai-sourced" in patched[1]["text"]["text"]
