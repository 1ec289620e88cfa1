"""Reading a submitted deal modal into a typed request, or ``{block_id: words}`` to show under
the inputs that cannot be used (no network: Slack shows the errors at once)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from bot.leonar import DealStatus
from bot.services.deals import (
    CloseDealForm,
    DealOrigin,
    FormError,
    LinkForm,
    MoveDealForm,
    NewDealForm,
    amount_for_api,
    parse_amount,
    parse_date,
)
from bot.slack.payloads import ViewSubmissionPayload
from bot.ui.actions import (
    DEAL_CLOSE_VIEW,
    DEAL_LINK_CONTACT_VIEW,
    DEAL_LINK_DEAL_VIEW,
    DEAL_MOVE_VIEW,
    DEAL_NEW_VIEW,
)
from bot.ui.deal_modals import (
    B_AMOUNT,
    B_CLOSE_DATE,
    B_COMPANY,
    B_CONTACT,
    B_CURRENCY,
    B_DEAL,
    B_EXPECTED,
    B_OUTCOME,
    B_PIPELINE,
    B_SIGNED,
    B_STAGE,
    B_TITLE,
    MAX_TITLE,
    OUTCOMES,
    action_id,
    keyed,
)

Errors = dict[str, str]
Form = NewDealForm | MoveDealForm | CloseDealForm | LinkForm


def _typed(payload: ViewSubmissionPayload, block_id: str) -> str:
    return (payload.text(block_id, action_id(block_id)) or "").strip()


def _picked(payload: ViewSubmissionPayload, block_id: str) -> str:
    picked = payload.selected(block_id, action_id(block_id))
    return picked[0] if picked else ""


def _date(payload: ViewSubmissionPayload, block_id: str) -> str:
    return payload.date(block_id, action_id(block_id)) or ""


def _block(payload: ViewSubmissionPayload, prefix: str) -> str | None:
    """The submitted block id that is ``prefix`` or ``prefix.<deal id>``."""
    for block_id in payload.view.state.values:
        if block_id == prefix or block_id.startswith(prefix + "."):
            return block_id
    return None


def _amount(payload: ViewSubmissionPayload, block_id: str, errors: Errors) -> int | float | None:
    try:
        parsed = parse_amount(_typed(payload, block_id))
    except FormError as exc:
        errors[block_id] = str(exc)
        return None
    return amount_for_api(parsed) if parsed is not None else None


def _day(payload: ViewSubmissionPayload, block_id: str, errors: Errors) -> dt.date | None:
    try:
        return parse_date(_date(payload, block_id))
    except FormError as exc:
        errors[block_id] = str(exc)
        return None


def read_new_deal(payload: ViewSubmissionPayload, *, default_currency: str) -> NewDealForm | Errors:
    """The new-deal modal's values, or the errors of what cannot be used."""
    errors: Errors = {}
    title = " ".join(_typed(payload, B_TITLE).split())
    if not title:
        errors[B_TITLE] = "Give the deal a title."
    elif len(title) > MAX_TITLE:
        errors[B_TITLE] = f"Keep the title under {MAX_TITLE} characters."
    amount = _amount(payload, B_AMOUNT, errors)
    currency = (_picked(payload, B_CURRENCY) or default_currency).upper()
    if not re.fullmatch(r"[A-Z]{3}", currency):
        errors[B_CURRENCY] = "Pick a currency."
    expected = _day(payload, B_EXPECTED, errors)
    if errors:
        return errors
    return NewDealForm(
        title=title,
        company_id=_picked(payload, B_COMPANY) or None,
        pipeline_id=_picked(payload, B_PIPELINE) or None,
        amount=amount,
        currency=currency,
        expected_close_date=expected,
    )


def read_move_deal(payload: ViewSubmissionPayload, origin: DealOrigin) -> MoveDealForm | Errors:
    """The deal and its new stage (the stage input is the picked deal's, and not its current)."""
    deal_id = _picked(payload, B_DEAL)
    if not deal_id:
        return {B_DEAL: "Pick a deal."}
    stage_block = _block(payload, B_STAGE)
    if stage_block is None or stage_block != keyed(B_STAGE, deal_id):
        return {B_DEAL: "Pick the deal again to load its stages."}
    stage_id = _picked(payload, stage_block)
    if not stage_id:
        return {stage_block: "Pick a stage."}
    if deal_id == origin.deal_id and stage_id == origin.stage_id:
        return {stage_block: "The deal is already in this stage."}
    return MoveDealForm(deal_id=deal_id, stage_id=stage_id)


def read_close_deal(payload: ViewSubmissionPayload, *, today: dt.date) -> CloseDealForm | Errors:
    errors: Errors = {}
    deal_id = _picked(payload, B_DEAL)
    if not deal_id:
        errors[B_DEAL] = "Pick a deal."
    status = _picked(payload, B_OUTCOME)
    if status not in {value for value, _ in OUTCOMES}:
        errors[B_OUTCOME] = "Pick an outcome: Won, Lost or Disqualified."
    signed_block = _block(payload, B_SIGNED) or B_SIGNED
    signed: int | float | None = None
    if status == DealStatus.WON:  # a lost deal signs nothing: the prefilled amount is ignored
        signed = _amount(payload, signed_block, errors)
        if signed is None and signed_block not in errors:
            errors[signed_block] = "Enter the signed amount of a won deal."
    closed_on = _day(payload, B_CLOSE_DATE, errors)
    if errors:
        return errors
    return CloseDealForm(
        deal_id=deal_id,
        status=status,
        signed_amount=signed,
        actual_close_date=closed_on or today,
    )


def read_link_contact(payload: ViewSubmissionPayload, origin: DealOrigin) -> LinkForm | Errors:
    """From the deal card: the contact picked for the deal the modal is about."""
    contact_id = _picked(payload, B_CONTACT)
    if not contact_id or not origin.deal_id:
        return {B_CONTACT: "Pick a contact."}
    return LinkForm(deal_id=origin.deal_id, contact_id=contact_id)


def read_link_deal(payload: ViewSubmissionPayload, origin: DealOrigin) -> LinkForm | Errors:
    """From the contact card: the deal picked for the contact the modal is about."""
    deal_id = _picked(payload, B_DEAL)
    if not deal_id or not origin.contact_id:
        return {B_DEAL: "Pick a deal."}
    return LinkForm(deal_id=deal_id, contact_id=origin.contact_id)


Reader = Callable[[ViewSubmissionPayload, DealOrigin], Form | Errors]


def reader(callback_id: str, *, default_currency: str, today: dt.date) -> Reader | None:
    """How the modal ``callback_id`` is read (None: not a deal modal)."""
    readers: dict[str, Reader] = {
        DEAL_NEW_VIEW: lambda p, _o: read_new_deal(p, default_currency=default_currency),
        DEAL_MOVE_VIEW: read_move_deal,
        DEAL_CLOSE_VIEW: lambda p, _o: read_close_deal(p, today=today),
        DEAL_LINK_CONTACT_VIEW: read_link_contact,
        DEAL_LINK_DEAL_VIEW: read_link_deal,
    }
    return readers.get(callback_id)
