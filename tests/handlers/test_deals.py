"""Deals end to end: /leonar deal new|move|close, the deal card's buttons, Link contact (card and
contact overflow), Reopen; what Leonar receives and what the thread shows."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from slack_sdk.web.async_client import AsyncWebClient

from bot.ui.actions import (
    CONTACT_MORE,
    DEAL_CLOSE_VIEW,
    DEAL_LINK_CONTACT_VIEW,
    DEAL_LINK_DEAL_VIEW,
    DEAL_MOVE_VIEW,
    DEAL_NEW_VIEW,
    VERB_LINK_DEAL,
    contact_verb_value,
)
from standins.harness import BOT_TOKEN, Stack
from standins.leonar import RecordedRequest
from standins.leonar_data import (
    DOCTOLIB_COMPANY_ID,
    NEW_BUSINESS_PIPELINE_ID,
    OPEN_DEAL_ID,
    RENEWALS_PIPELINE_ID,
    SOPHIE_CONTACT_ID,
    WON_DEAL_ID,
    deal_stage_id,
    demo_id,
)
from standins.slack.state import Ephemeral, Message, ViewRecord

CHANNEL = "C0GENERAL"
USER = "U0ALICE"
GOCARDLESS_DEAL_ID = demo_id("deal", "gocardless-sdr")
CONTENTSQUARE_DEAL_ID = demo_id("deal", "contentsquare-renewal")
QONTO_DEAL_ID = demo_id("deal", "qonto-sales-team")
WRITES = ("/deals", "/stage", "/close", "/contacts", "/reopen")


# --------------------------------------------------------------------------- helpers


def _labels(view: ViewRecord) -> list[str]:
    return [
        str(b["label"]["text"]) for b in view.blocks if b.get("type") == "input" and "label" in b
    ]


def _dump(view: ViewRecord) -> str:
    """Everything in the modal, incl. select options and preselected values."""
    return json.dumps(view.blocks, ensure_ascii=False)


async def _modal(stack: Stack, callback_id: str, *, user: str = USER) -> ViewRecord:
    """The modal once the loading view was replaced (it has a submit button)."""

    def ready() -> ViewRecord | None:
        view = stack.fake.current_view(user)
        if view and view.callback_id == callback_id and view.data.get("submit"):
            return view
        return None

    return await stack.driver.wait_for(ready)


async def _command_modal(stack: Stack, text: str, callback_id: str) -> ViewRecord:
    response = await stack.driver.command("/leonar", text, channel=CHANNEL)
    assert response.status_code == 200
    return await _modal(stack, callback_id)


async def _sent(stack: Stack, method: str, endpoint: str) -> RecordedRequest:
    """The one request Leonar received at ``endpoint`` (the bot calls it after closing the modal)."""
    (request,) = await stack.driver.wait_for(lambda: stack.leonar.requests_to(method, endpoint))
    return request


def _writes(stack: Stack) -> list[tuple[str, str]]:
    return [
        (r.method, r.endpoint)
        for r in stack.leonar.requests
        if r.method in ("POST", "PUT") and r.endpoint.endswith(WRITES)
    ]


async def _thread(stack: Stack, parent_has: str, replies: int = 1) -> tuple[Message, list[Message]]:
    def found() -> tuple[Message, list[Message]] | None:
        for parent in stack.fake.messages(CHANNEL):
            if parent_has in parent.visible_text:
                rest = stack.fake.replies(CHANNEL, parent.ts)
                if len(rest) >= replies:
                    return parent, rest
        return None

    return await stack.driver.wait_for(found)


async def _ephemeral(stack: Stack, has: str) -> Ephemeral:
    return await stack.driver.wait_for(
        lambda: next((e for e in stack.fake.ephemerals_for(USER) if has in e.visible_text), None)
    )


def _card(replies: list[Message]) -> Message:
    return next(m for m in replies if "Move stage" in m.visible_text or "Reopen" in m.visible_text)


def _card_deal_id(card: Message) -> str:
    """The deal id the card's buttons carry (all the same)."""
    (deal_id,) = {e["value"] for b in card.blocks if b["type"] == "actions" for e in b["elements"]}
    return str(deal_id)


async def _new_deal(stack: Stack, **values: Any) -> tuple[Message, Message]:
    view = await _command_modal(stack, "deal new", DEAL_NEW_VIEW)
    fields = {"Title": "Recruitment - 3 Senior Engineers", "Amount": "45000", **values}
    result = await stack.driver.submit(view.id, fields)
    assert result.closed, result.errors
    parent, replies = await _thread(stack, "created the deal")
    return parent, _card(replies)


# --------------------------------------------------------------------------- deal new


async def test_new_deal_creates_it_and_posts_a_card_in_a_thread(stack: Stack) -> None:
    view = await _command_modal(stack, "deal new", DEAL_NEW_VIEW)
    assert _labels(view) == [
        "Title",
        "Company",
        "Pipeline",
        "Amount",
        "Currency",
        "Expected close date",
    ]
    assert "EUR" in _dump(view)  # the default currency is preselected

    result = await stack.driver.submit(
        view.id,
        {
            "Title": "Recruitment - 3 Senior Engineers",
            "Company": "Doctolib",
            "Pipeline": "New business",
            "Amount": "45,000",
            "Currency": "USD",
            "Expected close date": "2025-03-15",
        },
    )
    assert result.closed, result.errors

    sent = await _sent(stack, "POST", "/deals")
    assert sent.json == {
        "title": "Recruitment - 3 Senior Engineers",
        "company_id": DOCTOLIB_COMPANY_ID,
        "pipeline_id": NEW_BUSINESS_PIPELINE_ID,
        "amount": 45000,
        "currency": "USD",
        "expected_close_date": "2025-03-15",
    }
    companies = stack.leonar.requests_to("GET", "/companies")
    assert companies and companies[-1].query.get("search") == "Doctolib"

    parent, replies = await _thread(stack, "created the deal")
    assert "<@U0ALICE> created the deal *Recruitment - 3 Senior Engineers*" in parent.text
    card = _card(replies)
    text = card.visible_text
    assert "$45,000" in text and "Doctolib" in text and "Lead (New business)" in text
    for button in ("Move stage", "Close", "Link contact"):
        assert button in text
    values = {
        e["action_id"]: e["value"]
        for b in card.blocks
        if b["type"] == "actions"
        for e in b["elements"]
    }
    created = [d for d in stack.leonar.deals.values() if d["currency"] == "USD"]
    assert len(created) == 1
    assert values == {
        "deal_move": created[0]["id"],
        "deal_close": created[0]["id"],
        "deal_link_contact": created[0]["id"],
    }


async def test_new_deal_defaults_and_optional_fields(stack: Stack) -> None:
    view = await _command_modal(stack, "deal new", DEAL_NEW_VIEW)
    result = await stack.driver.submit(view.id, {"Title": "  Qonto   - 2 SDRs "})
    assert result.closed, result.errors
    sent = await _sent(stack, "POST", "/deals")
    assert sent.json == {
        "title": "Qonto - 2 SDRs",
        "pipeline_id": NEW_BUSINESS_PIPELINE_ID,
        "currency": "EUR",
    }


@pytest.mark.parametrize(
    ("label", "value", "message"),
    [
        ("Amount", "lots", "Enter the amount as a number"),
        ("Amount", "-5000", "cannot be negative"),
        ("Amount", "45.000.00", "Enter the amount as a number"),
        ("Expected close date", "2025-02-30", "does not exist"),
        ("Expected close date", "15/03/2025", "Pick a date"),
        ("Title", "   ", "Give the deal a title"),
    ],
)
async def test_new_deal_bad_input_is_a_field_error_and_nothing_is_sent(
    stack: Stack, label: str, value: str, message: str
) -> None:
    view = await _command_modal(stack, "deal new", DEAL_NEW_VIEW)
    result = await stack.driver.submit(view.id, {"Title": "Some deal", label: value})
    assert result.response_action == "errors"
    assert message in result.errors[label]
    assert not result.closed
    assert _writes(stack) == []


# --------------------------------------------------------------------------- deal move


async def test_move_by_title_preselects_the_deal_and_moves_it(stack: Stack) -> None:
    view = await _command_modal(stack, "deal move Doctolib", DEAL_MOVE_VIEW)
    assert _labels(view) == ["Deal", "Stage"]
    assert "Recruitment - 3 Senior Engineers" in _dump(view)
    assert "Proposal (current)" in _dump(view) and "Won" not in _dump(view)

    result = await stack.driver.submit(view.id, {"Stage": "Negotiation"})
    assert result.closed, result.errors
    sent = await _sent(stack, "PUT", f"/deals/{OPEN_DEAL_ID}/stage")
    assert sent.json == {"stage_id": deal_stage_id(NEW_BUSINESS_PIPELINE_ID, "Negotiation")}

    parent, replies = await _thread(stack, "moved")
    assert "to *Negotiation*" in parent.text
    assert "Negotiation (New business)" in _card(replies).visible_text


async def test_move_to_the_current_stage_is_a_field_error(stack: Stack) -> None:
    view = await _command_modal(stack, f"deal move {OPEN_DEAL_ID}", DEAL_MOVE_VIEW)
    result = await stack.driver.submit(view.id, {"Stage": "Proposal (current)"})
    assert result.errors == {"Stage": "The deal is already in this stage."}
    assert _writes(stack) == []


async def test_move_modal_loads_the_stages_of_the_picked_deal(stack: Stack) -> None:
    view = await _command_modal(stack, "deal move", DEAL_MOVE_VIEW)
    assert _labels(view) == ["Deal"]
    await stack.driver.fill(view.id, {"Deal": "Contentsquare"})
    searches = stack.leonar.requests_to("GET", "/deals")
    assert searches[-1].query.get("status") == "open"

    def stages_shown() -> ViewRecord | None:
        current = stack.fake.current_view(USER)
        return current if current and "Stage" in _labels(current) else None

    updated = await stack.driver.wait_for(stages_shown)
    assert updated.id == view.id
    assert "Renewal due" in _dump(updated) and "In discussion (current)" in _dump(updated)
    assert "Negotiation" not in _dump(updated)

    result = await stack.driver.submit(view.id, {"Stage": "Renewal due"})
    assert result.closed, result.errors
    sent = await _sent(stack, "PUT", f"/deals/{CONTENTSQUARE_DEAL_ID}/stage")
    assert sent.json == {"stage_id": deal_stage_id(RENEWALS_PIPELINE_ID, "Renewal due")}


async def test_move_without_a_stage_is_refused_by_slack(stack: Stack) -> None:
    view = await _command_modal(stack, "deal move Doctolib", DEAL_MOVE_VIEW)
    result = await stack.driver.submit(view.id)
    assert "Stage" in result.errors
    assert _writes(stack) == []


async def test_leonar_error_is_told_in_words(stack: Stack) -> None:
    view = await _command_modal(stack, "deal move Doctolib", DEAL_MOVE_VIEW)
    del stack.leonar.deals[OPEN_DEAL_ID]  # gone in Leonar meanwhile
    result = await stack.driver.submit(view.id, {"Stage": "Negotiation"})
    assert result.closed
    eph = await _ephemeral(stack, "The deal was not moved")
    assert "Traceback" not in eph.visible_text and "404" not in eph.visible_text


# --------------------------------------------------------------------------- [deal] matching


async def test_several_matches_let_the_person_choose(stack: Stack) -> None:
    await stack.driver.command("/leonar", "deal close team", channel=CHANNEL)
    eph = await _ephemeral(stack, "Several deals match")
    assert "Mirakl - Data team" in eph.visible_text and "Alan - Backend team" in eph.visible_text
    assert _writes(stack) == []
    await stack.driver.click("Choose", message=eph)
    view = await _modal(stack, DEAL_CLOSE_VIEW)
    assert "Mirakl - Data team (2 hires)" in _dump(view)


async def test_no_match_says_so(stack: Stack) -> None:
    await stack.driver.command("/leonar", "deal move zzzz nothing", channel=CHANNEL)
    eph = await _ephemeral(stack, "No deal matches")
    assert "zzzz nothing" in eph.visible_text
    assert stack.fake.current_view(USER) is None


async def test_deal_without_subcommand_explains_usage(stack: Stack) -> None:
    await stack.driver.command("/leonar", "deal", channel=CHANNEL)
    eph = await _ephemeral(stack, "deal new")
    assert "deal close [deal]" in eph.visible_text


# --------------------------------------------------------------------------- deal close


def _today_of(stack: Stack, user_id: str) -> dt.date:
    """Today in the person's Slack time zone."""
    return dt.datetime.now(ZoneInfo(stack.fake.users[user_id].tz)).date()


@pytest.mark.parametrize("tz", ["Pacific/Kiritimati", "Pacific/Pago_Pago"])
async def test_the_close_date_is_today_where_the_person_is(stack: Stack, tz: str) -> None:
    # UTC+14 and UTC-11 are 25 hours apart: at any hour one of them is not the server's date
    stack.fake.users[USER].tz = tz
    view = await _command_modal(stack, "deal close GoCardless", DEAL_CLOSE_VIEW)
    theirs = dt.datetime.now(ZoneInfo(tz)).date()
    assert f'"initial_date": "{theirs.isoformat()}"' in json.dumps(view.blocks)
    result = await stack.driver.submit(view.id, {"Outcome": "Lost"})
    assert result.closed, result.errors
    sent = await _sent(stack, "POST", f"/deals/{GOCARDLESS_DEAL_ID}/close")
    assert sent.json == {"status": "lost", "actual_close_date": theirs.isoformat()}


async def test_close_won_sends_status_amount_date_and_celebrates(stack: Stack) -> None:
    view = await _command_modal(stack, "deal close GoCardless", DEAL_CLOSE_VIEW)
    assert _labels(view) == ["Deal", "Outcome", "Signed amount", "Close date"]
    assert _today_of(stack, USER).isoformat() in str(view.blocks)  # today (hers) by default
    result = await stack.driver.submit(
        view.id, {"Outcome": "Won", "Signed amount": "32,500", "Close date": "2025-06-01"}
    )
    assert result.closed, result.errors
    sent = await _sent(stack, "POST", f"/deals/{GOCARDLESS_DEAL_ID}/close")
    assert sent.json == {"status": "won", "signed_amount": 32500, "actual_close_date": "2025-06-01"}

    parent, replies = await _thread(stack, "Deal won!")
    # one celebration: the thread's parent; under it only the deal's card
    assert ":tada:" in parent.visible_text and "£32,500" in parent.visible_text
    assert "Signed on <!date^" in str(parent.blocks) and "|Jun 1, 2025>" in str(parent.blocks)
    assert [m for m in replies if "Deal won!" in m.visible_text] == []
    assert "Reopen" in _card(replies).visible_text


async def test_close_prefills_the_amount_and_today(stack: Stack) -> None:
    view = await _command_modal(stack, "deal close Doctolib", DEAL_CLOSE_VIEW)
    result = await stack.driver.submit(view.id, {"Outcome": "Won"})
    assert result.closed, result.errors
    sent = await _sent(stack, "POST", f"/deals/{OPEN_DEAL_ID}/close")
    assert sent.json == {
        "status": "won",
        "signed_amount": 45000,
        "actual_close_date": _today_of(stack, USER).isoformat(),
    }
    parent, _ = await _thread(stack, "Deal won!")
    assert "€45,000" in parent.visible_text


async def test_close_lost_sends_no_signed_amount(stack: Stack) -> None:
    view = await _command_modal(stack, "deal close Doctolib", DEAL_CLOSE_VIEW)
    result = await stack.driver.submit(view.id, {"Outcome": "Lost", "Close date": "2025-03-01"})
    assert result.closed, result.errors
    sent = await _sent(stack, "POST", f"/deals/{OPEN_DEAL_ID}/close")
    assert sent.json == {"status": "lost", "actual_close_date": "2025-03-01"}
    parent, replies = await _thread(stack, "as lost")
    assert not any("Deal won!" in m.visible_text for m in replies)


@pytest.mark.parametrize(
    ("values", "label", "message"),
    [
        ({"Outcome": "Won", "Signed amount": ""}, "Signed amount", "signed amount of a won deal"),
        ({"Outcome": "Won", "Signed amount": "a lot"}, "Signed amount", "as a number"),
        ({"Outcome": "Won", "Signed amount": "-1"}, "Signed amount", "cannot be negative"),
        ({"Outcome": "Lost", "Close date": "2025-13-40"}, "Close date", "does not exist"),
        ({"Outcome": "Disqualified", "Close date": "next week"}, "Close date", "Pick a date"),
    ],
)
async def test_close_bad_input_is_a_field_error_and_nothing_is_sent(
    stack: Stack, values: dict[str, str], label: str, message: str
) -> None:
    view = await _command_modal(stack, "deal close Doctolib", DEAL_CLOSE_VIEW)
    result = await stack.driver.submit(view.id, values)
    assert result.response_action == "errors"
    assert message in result.errors[label]
    assert _writes(stack) == []


async def test_close_without_outcome_is_refused(stack: Stack) -> None:
    view = await _command_modal(stack, "deal close Doctolib", DEAL_CLOSE_VIEW)
    result = await stack.driver.submit(view.id, {"Signed amount": "1000"})
    assert "Outcome" in result.errors
    assert _writes(stack) == []


async def test_closed_deal_offers_reopen(stack: Stack) -> None:
    await stack.driver.command("/leonar", "deal move Alan", channel=CHANNEL)
    eph = await _ephemeral(stack, "already closed")
    assert "won" in eph.visible_text
    assert stack.fake.current_view(USER) is None and _writes(stack) == []

    await stack.driver.click("Reopen", message=eph)
    parent, replies = await _thread(stack, "reopened")
    await _sent(stack, "POST", f"/deals/{WON_DEAL_ID}/reopen")
    assert stack.leonar.deals[WON_DEAL_ID]["status"] == "open"
    assert "Move stage" in _card(replies).visible_text


# --------------------------------------------------------------------------- card buttons


async def test_card_buttons_move_then_close_update_the_card(stack: Stack) -> None:
    parent, card = await _new_deal(stack, Company="Doctolib")
    deal_id = _card_deal_id(card)
    assert stack.leonar.deals[deal_id]["company"]["id"] == DOCTOLIB_COMPANY_ID

    await stack.driver.click("Move stage", message=card)
    view = await _modal(stack, DEAL_MOVE_VIEW)
    assert "Lead (current)" in _dump(view)
    result = await stack.driver.submit(view.id, {"Stage": "Qualified"})
    assert result.closed, result.errors
    sent = await _sent(stack, "PUT", f"/deals/{deal_id}/stage")
    assert sent.json == {"stage_id": deal_stage_id(NEW_BUSINESS_PIPELINE_ID, "Qualified")}

    def card_shows(text: str) -> Message | None:
        message = stack.fake.message(CHANNEL, card.ts)
        return message if message and text in message.visible_text else None

    await stack.driver.wait_for(lambda: card_shows("Qualified (New business)"))
    await stack.driver.wait_for(
        lambda: any(
            "to *Qualified*" in (m.text or "") for m in stack.fake.replies(CHANNEL, parent.ts)
        )
    )

    await stack.driver.click("Close", message=stack.fake.message(CHANNEL, card.ts))
    view = await _modal(stack, DEAL_CLOSE_VIEW)
    result = await stack.driver.submit(view.id, {"Outcome": "Won", "Close date": "2025-03-10"})
    assert result.closed, result.errors
    sent = await _sent(stack, "POST", f"/deals/{deal_id}/close")
    assert sent.json == {"status": "won", "signed_amount": 45000, "actual_close_date": "2025-03-10"}
    updated = await stack.driver.wait_for(lambda: card_shows("Reopen"))
    assert "Move stage" not in updated.visible_text and "Won" in updated.visible_text
    celebration = await stack.driver.wait_for(
        lambda: next(
            (m for m in stack.fake.replies(CHANNEL, parent.ts) if "Deal won!" in m.visible_text),
            None,
        )
    )
    assert "€45,000" in celebration.visible_text and "Doctolib" in celebration.visible_text

    # Reopen on the card brings Move stage back and says so in the thread
    await stack.driver.click("Reopen", message=updated)
    await stack.driver.wait_for(lambda: card_shows("Move stage"))
    await _sent(stack, "POST", f"/deals/{deal_id}/reopen")
    await stack.driver.wait_for(
        lambda: any("reopened" in (m.text or "") for m in stack.fake.replies(CHANNEL, parent.ts))
    )


async def test_stale_card_close_offers_reopen_in_the_modal(stack: Stack) -> None:
    parent, card = await _new_deal(stack)
    deal_id = _card_deal_id(card)
    stack.leonar.deals[deal_id]["status"] = "lost"  # closed in Leonar's web app meanwhile

    await stack.driver.click("Close", message=card)

    def closed_view() -> ViewRecord | None:
        view = stack.fake.current_view(USER)
        return view if view and "already closed" in view.visible_text else None

    view = await stack.driver.wait_for(closed_view)
    assert "Reopen" in view.visible_text and _writes(stack) == [("POST", "/deals")]
    await stack.driver.click("Reopen", view_id=view.id)
    await _sent(stack, "POST", f"/deals/{deal_id}/reopen")
    form = await _modal(stack, DEAL_CLOSE_VIEW)
    assert _labels(form) == ["Deal", "Outcome", "Signed amount", "Close date"]
    result = await stack.driver.submit(form.id, {"Outcome": "Disqualified"})
    assert result.closed, result.errors
    sent = await _sent(stack, "POST", f"/deals/{deal_id}/close")
    today = _today_of(stack, USER).isoformat()
    assert sent.json == {"status": "disqualified", "actual_close_date": today}
    await stack.driver.wait_for(
        lambda: any(
            "as disqualified" in (m.text or "") for m in stack.fake.replies(CHANNEL, parent.ts)
        )
    )


async def test_link_contact_from_the_deal_card(stack: Stack) -> None:
    parent, card = await _new_deal(stack)
    deal_id = _card_deal_id(card)
    await stack.driver.click("Link contact", message=card)
    view = await _modal(stack, DEAL_LINK_CONTACT_VIEW)
    result = await stack.driver.submit(view.id, {"Contact": "Sophie"})
    assert result.closed, result.errors
    sent = await _sent(stack, "POST", f"/deals/{deal_id}/contacts")
    assert sent.json == {"contact_id": SOPHIE_CONTACT_ID}
    line = await stack.driver.wait_for(
        lambda: next(
            (m for m in stack.fake.replies(CHANNEL, parent.ts) if "linked" in (m.text or "")), None
        )
    )
    assert "Sophie" in line.text and "Recruitment - 3 Senior Engineers" in line.text


async def test_link_to_deal_from_a_contact_card_overflow(stack: Stack) -> None:
    client = AsyncWebClient(token=BOT_TOKEN, base_url=stack.fake.api_url)
    posted = await client.chat_postMessage(
        channel=CHANNEL,
        text="Sophie",
        blocks=[
            {
                "type": "section",
                "text": {"type": "mrkdwn", "text": "*Sophie*"},
                "accessory": {
                    "type": "overflow",
                    "action_id": CONTACT_MORE,
                    "options": [
                        {
                            "text": {"type": "plain_text", "text": "Link to deal"},
                            "value": contact_verb_value(VERB_LINK_DEAL, SOPHIE_CONTACT_ID),
                        }
                    ],
                },
            }
        ],
    )
    contact_card = stack.fake.message(CHANNEL, str(posted["ts"]))
    assert contact_card is not None
    await stack.driver.select(CONTACT_MORE, "Link to deal", message=contact_card)
    view = await _modal(stack, DEAL_LINK_DEAL_VIEW)
    assert "Deal" in _labels(view)
    result = await stack.driver.submit(view.id, {"Deal": "Qonto"})
    assert result.closed, result.errors
    sent = await _sent(stack, "POST", f"/deals/{QONTO_DEAL_ID}/contacts")
    assert sent.json == {"contact_id": SOPHIE_CONTACT_ID}
    line = await stack.driver.wait_for(
        lambda: next(
            (m for m in stack.fake.replies(CHANNEL, contact_card.ts) if "linked" in (m.text or "")),
            None,
        )
    )
    assert "Qonto - 5 Account Executives" in line.text


async def test_private_channel_answers_through_response_url(stack: Stack) -> None:
    await stack.driver.command("/leonar", "deal new", channel="C0PRIVATE")
    view = await _modal(stack, DEAL_NEW_VIEW)
    result = await stack.driver.submit(view.id, {"Title": "Secret deal", "Amount": "1000"})
    assert result.closed, result.errors
    parent = await _ephemeral(stack, "created the deal *Secret deal*")
    assert "/invite @Leonar" in parent.visible_text
    card = await _ephemeral(stack, "Move stage")
    assert "€1,000" in card.visible_text
    assert stack.fake.messages("C0PRIVATE") == []


# --------------------------------------------------------------------------- slow Leonar


async def test_slow_lookup_still_opens_the_modal_in_time(stack: Stack) -> None:
    # the deal lookup takes longer than the trigger id can wait: the modal opens first
    stack.leonar.latency = 2.0
    response = await stack.driver.command("/leonar", "deal move Doctolib", channel=CHANNEL)
    assert response.status_code == 200

    def ready() -> ViewRecord | None:
        view = stack.fake.current_view(USER)
        return (
            view
            if view and view.callback_id == DEAL_MOVE_VIEW and view.data.get("submit")
            else None
        )

    view = await stack.driver.wait_for(ready, timeout=15)
    opened = [c for c in stack.fake.calls if c.method == "views.open"]
    assert len(opened) == 1 and opened[0].ok
    assert "Recruitment - 3 Senior Engineers" in _dump(view)
    assert "Proposal (current)" in _dump(view)


async def test_slow_lookup_with_no_match_says_so_in_the_modal(stack: Stack) -> None:
    stack.leonar.latency = 2.0
    await stack.driver.command("/leonar", "deal close zzzz nothing", channel=CHANNEL)

    def told() -> ViewRecord | None:
        view = stack.fake.current_view(USER)
        return view if view and "No deal matches" in _dump(view) else None

    view = await stack.driver.wait_for(told, timeout=15)
    assert "zzzz nothing" in _dump(view) and _writes(stack) == []
