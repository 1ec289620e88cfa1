"""What a person types into the deal modals: amounts and dates (bot/services/deals.py), and a
submitted modal read into a typed request or field errors (bot/flows/deals/forms.py)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from bot.flows.deals.forms import read_close_deal, read_move_deal, read_new_deal
from bot.services.deals import (
    CloseDealForm,
    DealOrigin,
    FormError,
    MoveDealForm,
    NewDealForm,
    parse_amount,
    parse_date,
)
from bot.slack.payloads import ViewSubmissionPayload
from bot.ui.deal_modals import (
    B_AMOUNT,
    B_CLOSE_DATE,
    B_COMPANY,
    B_CURRENCY,
    B_DEAL,
    B_EXPECTED,
    B_OUTCOME,
    B_PIPELINE,
    B_SIGNED,
    B_STAGE,
    B_TITLE,
    action_id,
    keyed,
)

TODAY = dt.date(2025, 3, 10)
ORIGIN = DealOrigin(channel="C1", user="U1")


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("45000", Decimal("45000")),
        ("45,000", Decimal("45000")),
        ("45 000", Decimal("45000")),
        ("€45,000.50", Decimal("45000.50")),
        ("45000 EUR", Decimal("45000")),
        ("45000,5", Decimal("45000.5")),
        ("", None),
        ("   ", None),
    ],
)
def test_parse_amount(typed: str, value: Decimal | None) -> None:
    assert parse_amount(typed) == value


@pytest.mark.parametrize("typed", ["lots", "45.000.00", "4,5,6", "1e5", "--5", "12abc"])
def test_parse_amount_refuses_what_is_not_a_number(typed: str) -> None:
    with pytest.raises(FormError, match="as a number"):
        parse_amount(typed)


def test_parse_amount_refuses_negative() -> None:
    with pytest.raises(FormError, match="negative"):
        parse_amount("-45000")


def test_parse_date() -> None:
    assert parse_date("2025-03-15") == dt.date(2025, 3, 15)
    assert parse_date("") is None
    with pytest.raises(FormError, match="does not exist"):
        parse_date("2025-02-30")
    with pytest.raises(FormError, match="YYYY-MM-DD"):
        parse_date("15/03/2025")


# --------------------------------------------------------------------------- reading forms


def _submitted(values: dict[str, dict[str, Any]]) -> ViewSubmissionPayload:
    """A submitted view whose input ``block`` holds ``entry`` (under its element's action id)."""
    state = {block: {action_id(block): entry} for block, entry in values.items()}
    return ViewSubmissionPayload.model_validate({"view": {"id": "V1", "state": {"values": state}}})


def _text(value: str | None) -> dict[str, Any]:
    return {"type": "plain_text_input", "value": value}


def _select(value: str | None) -> dict[str, Any]:
    option = {"value": value, "text": {"type": "plain_text", "text": "x"}} if value else None
    return {"type": "static_select", "selected_option": option}


def _date(value: str | None) -> dict[str, Any]:
    return {"type": "datepicker", "selected_date": value}


def test_read_new_deal() -> None:
    values = {
        B_TITLE: _text(" Acme  deal "),
        B_COMPANY: _select("c1"),
        B_PIPELINE: _select("p1"),
        B_AMOUNT: _text("12,500.5"),
        B_CURRENCY: _select("gbp"),
        B_EXPECTED: _date("2025-04-01"),
    }
    assert read_new_deal(_submitted(values), default_currency="EUR") == NewDealForm(
        title="Acme deal",
        company_id="c1",
        pipeline_id="p1",
        amount=12500.5,
        currency="GBP",
        expected_close_date=dt.date(2025, 4, 1),
    )


def test_read_new_deal_collects_every_error() -> None:
    values = {B_TITLE: _text(""), B_AMOUNT: _text("x"), B_EXPECTED: _date("2025-02-31")}
    errors = read_new_deal(_submitted(values), default_currency="EUR")
    assert isinstance(errors, dict) and set(errors) == {B_TITLE, B_AMOUNT, B_EXPECTED}


def test_read_move_deal() -> None:
    values = {B_DEAL: _select("d1"), keyed(B_STAGE, "d1"): _select("s1")}
    assert read_move_deal(_submitted(values), ORIGIN) == MoveDealForm("d1", "s1")
    stale = {B_DEAL: _select("d2"), keyed(B_STAGE, "d1"): _select("s1")}
    assert read_move_deal(_submitted(stale), ORIGIN) == {
        B_DEAL: "Pick the deal again to load its stages."
    }


def test_read_move_deal_to_its_current_stage_is_an_error() -> None:
    values = {B_DEAL: _select("d1"), keyed(B_STAGE, "d1"): _select("s1")}
    built_for = DealOrigin(channel="C1", user="U1", deal_id="d1", stage_id="s1")
    assert read_move_deal(_submitted(values), built_for) == {
        keyed(B_STAGE, "d1"): "The deal is already in this stage."
    }


def test_read_close_deal_missing_outcome_is_an_error() -> None:
    values = {
        B_DEAL: _select("d1"),
        B_OUTCOME: _select(None),
        keyed(B_SIGNED, "d1"): _text("100"),
        B_CLOSE_DATE: _date("2025-01-01"),
    }
    assert read_close_deal(_submitted(values), today=TODAY) == {
        B_OUTCOME: "Pick an outcome: Won, Lost or Disqualified."
    }


def test_read_close_deal_won_and_disqualified() -> None:
    values = {
        B_DEAL: _select("d1"),
        B_OUTCOME: _select("won"),
        keyed(B_SIGNED, "d1"): _text("45,000"),
        B_CLOSE_DATE: _date(None),
    }
    won = read_close_deal(_submitted(values), today=TODAY)
    assert won == CloseDealForm("d1", "won", 45000, TODAY)
    values[B_OUTCOME] = _select("disqualified")
    values[keyed(B_SIGNED, "d1")] = _text("garbage is ignored when not won")
    lost = read_close_deal(_submitted(values), today=TODAY)
    assert lost == CloseDealForm("d1", "disqualified", None, TODAY)
