from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.leonar import Deal, DealPipeline
from bot.services.deals import parse_amount
from bot.ui.actions import DEAL_CLOSE, DEAL_LINK_CONTACT, DEAL_MOVE, DEAL_PICK, DEAL_REOPEN
from bot.ui.deal_modals import (
    B_CLOSE_DATE,
    B_DEAL,
    B_OUTCOME,
    B_SIGNED,
    B_STAGE,
    close_deal_modal,
    closed_deal_modal,
    keyed,
    move_deal_modal,
    new_deal_modal,
)
from bot.ui.deals import deal_card, deal_choices, format_money, won_card
from standins.slack.validation import view_problems

TODAY = dt.date(2025, 3, 10)
PIPELINE = DealPipeline.model_validate(
    {
        "id": "p1",
        "name": "New business",
        "stages": [
            {"id": "s3", "name": "Won", "position": 3, "category": "won"},
            {"id": "s1", "name": "Lead", "position": 1, "category": "open"},
            {"id": "s2", "name": "Proposal", "position": 2, "category": "open"},
            {"id": "s4", "name": "Lost", "position": 4, "category": "lost"},
        ],
    }
)


def _deal(**fields: Any) -> Deal:
    data: dict[str, Any] = {
        "id": "d1",
        "title": "Acme <hiring> & co",
        "amount": 45000,
        "currency": "EUR",
        "status": "open",
        "stage": {"id": "s2", "name": "Proposal"},
        "pipeline_id": "p1",
        "company": {"id": "c1", "name": "Acme"},
    }
    data.update(fields)
    return Deal.model_validate(data)


# --------------------------------------------------------------------------- money


@pytest.mark.parametrize(
    ("amount", "currency", "shown"),
    [
        (45000, "EUR", "€45,000"),
        (45000, "USD", "$45,000"),
        (45000, "GBP", "£45,000"),
        (45000, "CHF", "CHF 45,000"),
        (45000, "chf", "CHF 45,000"),
        (1234567.5, "EUR", "€1,234,567.50"),
        (99.999, "USD", "$100.00"),
        (0, "EUR", "€0"),
        (-2500, "GBP", "-£2,500"),
        (1500, "JPY", "¥1,500"),
        (1500.7, "JPY", "¥1,501"),
        (1000, None, "1,000"),
        (None, "EUR", "—"),
        (Decimal("45000.00"), "EUR", "€45,000"),
    ],
)
def test_format_money(amount: Any, currency: str | None, shown: str) -> None:
    assert format_money(amount, currency) == shown


@given(st.integers(min_value=0, max_value=10**12))
def test_whole_amounts_round_trip_through_the_formatter(amount: int) -> None:
    shown = format_money(amount, "EUR")
    assert shown.startswith("€")
    assert parse_amount(shown) == amount


# --------------------------------------------------------------------------- modals


def _labels(view: dict[str, Any]) -> list[str]:
    return [b["label"]["text"] for b in view["blocks"] if b["type"] == "input"]


def test_new_deal_modal_has_the_contract_labels_and_default_currency() -> None:
    view = new_deal_modal([PIPELINE], default_currency="CHF", metadata="{}")
    assert view_problems(view) == []
    assert _labels(view) == [
        "Title",
        "Company",
        "Pipeline",
        "Amount",
        "Currency",
        "Expected close date",
    ]
    currency = next(b for b in view["blocks"] if b.get("block_id") == "deal_currency")
    assert currency["element"]["initial_option"]["value"] == "CHF"
    pipeline = next(b for b in view["blocks"] if b.get("block_id") == "deal_pipeline")
    assert pipeline["element"]["initial_option"]["value"] == "p1"


def test_unknown_default_currency_is_offered_first() -> None:
    view = new_deal_modal([PIPELINE], default_currency="NZD", metadata="{}")
    currency = next(b for b in view["blocks"] if b.get("block_id") == "deal_currency")
    assert currency["element"]["options"][0]["value"] == "NZD"


def test_move_modal_offers_only_open_stages_in_order() -> None:
    view = move_deal_modal(_deal(), PIPELINE, metadata="{}")
    assert view_problems(view) == []
    stage = next(b for b in view["blocks"] if b.get("block_id") == keyed(B_STAGE, "d1"))
    texts = [o["text"]["text"] for o in stage["element"]["options"]]
    assert texts == ["Lead", "Proposal (current)"]
    deal = next(b for b in view["blocks"] if b.get("block_id") == B_DEAL)
    assert deal["dispatch_action"] is True
    assert deal["element"]["initial_option"]["value"] == "d1"


def test_move_modal_without_deal_asks_to_pick_one() -> None:
    view = move_deal_modal(None, None, metadata="{}")
    assert view_problems(view) == []
    assert _labels(view) == ["Deal"]


def test_close_modal_prefills_amount_and_today() -> None:
    view = close_deal_modal(_deal(amount=45000.5), today=TODAY, metadata="{}")
    assert view_problems(view) == []
    assert _labels(view) == ["Deal", "Outcome", "Signed amount", "Close date"]
    signed = next(b for b in view["blocks"] if b.get("block_id") == keyed(B_SIGNED, "d1"))
    assert signed["element"]["initial_value"] == "45000.5"
    date = next(b for b in view["blocks"] if b.get("block_id") == B_CLOSE_DATE)
    assert date["element"]["initial_date"] == "2025-03-10"
    outcome = next(b for b in view["blocks"] if b.get("block_id") == B_OUTCOME)
    assert [o["text"]["text"] for o in outcome["element"]["options"]] == [
        "Won",
        "Lost",
        "Disqualified",
    ]


def test_closed_deal_modal_offers_reopen() -> None:
    view = closed_deal_modal(
        _deal(status="won", actual_close_date="2025-01-28"),
        title="Close deal",
        callback_id="x",
        metadata="{}",
    )
    assert view_problems(view) == []
    assert view["blocks"][0]["accessory"]["action_id"] == DEAL_REOPEN
    assert "already closed (won on <!date^" in view["blocks"][0]["text"]["text"]
    assert "|Jan 28, 2025>)" in view["blocks"][0]["text"]["text"]


# --------------------------------------------------------------------------- cards


def _buttons(blocks: list[dict[str, Any]]) -> dict[str, str]:
    return {
        e["text"]["text"]: e["action_id"]
        for b in blocks
        if b["type"] == "actions"
        for e in b["elements"]
    }


def test_open_deal_card_escapes_and_offers_the_three_buttons() -> None:
    text, blocks = deal_card(_deal(), pipeline_name="New business")
    assert _buttons(blocks) == {
        "Move stage": DEAL_MOVE,
        "Close": DEAL_CLOSE,
        "Link contact": DEAL_LINK_CONTACT,
    }
    shown = str(blocks)
    assert "Acme &lt;hiring&gt; &amp; co" in shown and "<hiring>" not in shown
    assert "€45,000" in shown and "Proposal (New business)" in shown
    assert text.startswith("Deal Acme <hiring> & co")


def test_closed_deal_card_offers_reopen() -> None:
    _, blocks = deal_card(_deal(status="lost", actual_close_date="2025-01-12"))
    assert _buttons(blocks) == {"Reopen": DEAL_REOPEN, "Link contact": DEAL_LINK_CONTACT}
    assert "Closed on:* <!date^" in str(blocks) and "|Jan 12, 2025>" in str(blocks)


def test_won_card_shows_the_signed_amount_in_its_currency() -> None:
    text, blocks = won_card(_deal(currency="USD", signed_amount=42000, status="won"), user="U1")
    assert "$42,000" in text and "<@U1>" in str(blocks)


def test_deal_choices_one_button_per_deal_with_kind() -> None:
    _, blocks = deal_choices("close", "acme", [_deal(), _deal(id="d2", title="Acme 2")])
    values = [b["accessory"]["value"] for b in blocks if "accessory" in b]
    assert values == ["close:d1", "close:d2"]
    assert all(b["accessory"]["action_id"] == DEAL_PICK for b in blocks if "accessory" in b)
