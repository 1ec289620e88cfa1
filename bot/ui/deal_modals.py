"""Deals: the modals (new, move, close, link contact, link to deal, closed deal). Pure Block Kit
builders, no I/O. Labels are the words of docs/commands.md ("new deal", "move deal", "close
deal"); block ids are the constants below, so the flows read and report errors by them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from bot.leonar import Deal, DealPipeline, DealPipelineStage, DealStatus
from bot.services.deals import CURRENCIES, amount_for_api
from bot.text import escape
from bot.ui import blocks as kit
from bot.ui.actions import (
    DEAL_CLOSE_VIEW,
    DEAL_COMPANY_SEARCH,
    DEAL_CONTACT_SEARCH,
    DEAL_LINK_CONTACT_VIEW,
    DEAL_LINK_DEAL_VIEW,
    DEAL_MOVE_VIEW,
    DEAL_NEW_VIEW,
    DEAL_SEARCH,
)
from bot.ui.blocks import plain, section
from bot.ui.deals import deal_option, option, reopen_section

Json = dict[str, Any]
Blocks = list[Json]

# --- block ids of the modals' inputs (element action ids are "<block id>_input") -------------
B_TITLE = "deal_title"
B_COMPANY = "deal_company"
B_PIPELINE = "deal_pipeline"
B_AMOUNT = "deal_amount"
B_CURRENCY = "deal_currency"
B_EXPECTED = "deal_expected"
B_DEAL = "deal_deal"
#: the stage and signed-amount blocks carry the deal id ("deal_stage.<id>") so that a
#: views.update after another deal was picked does not keep the previous deal's value
B_STAGE = "deal_stage"
B_OUTCOME = "deal_outcome"
B_SIGNED = "deal_signed"
B_CLOSE_DATE = "deal_close_date"
B_CONTACT = "deal_contact"

OUTCOMES: tuple[tuple[str, str], ...] = (
    (DealStatus.WON, "Won"),
    (DealStatus.LOST, "Lost"),
    (DealStatus.DISQUALIFIED, "Disqualified"),
)
MAX_TITLE = 200


#: the typeahead inputs: their element's action id is the one the options listener answers
SEARCHES = {B_DEAL: DEAL_SEARCH, B_COMPANY: DEAL_COMPANY_SEARCH, B_CONTACT: DEAL_CONTACT_SEARCH}


def action_id(block_id: str) -> str:
    """The action id of the element of input ``block_id`` (how a submission is read back)."""
    return SEARCHES.get(block_id) or f"{block_id}_input"


def keyed(block_id: str, deal_id: str) -> str:
    """A block id tied to one deal (see B_STAGE)."""
    return f"{block_id}.{deal_id}"


def open_stages(pipeline: DealPipeline | None) -> list[DealPipelineStage]:
    """The stages a deal can be moved to (won/lost stages go through closing)."""
    if pipeline is None:
        return []
    return [s for s in pipeline.ordered_stages if (s.category or "open") not in ("won", "lost")]


# --------------------------------------------------------------------------- pieces


def _modal(callback_id: str, title: str, blocks: Blocks, metadata: str, submit: str | None) -> Json:
    view: Json = {
        "type": "modal",
        "callback_id": callback_id,
        "title": plain(title, kit.MODAL_TITLE_MAX),
        "close": plain("Cancel", kit.MODAL_TITLE_MAX),
        "blocks": blocks,
        "private_metadata": metadata,
    }
    if submit:
        view["submit"] = plain(submit, kit.MODAL_TITLE_MAX)
    return view


def loading_modal(title: str, callback_id: str) -> Json:
    """What opens at once with the trigger id while Leonar is asked."""
    return kit.loading_modal(title, callback_id=callback_id)


def message_modal(title: str, text: str, callback_id: str, metadata: str = "") -> Json:
    """A modal that only says something (an error in words, "connect first", …)."""
    return kit.notice_modal(title, text, callback_id=callback_id, private_metadata=metadata)


def _input(
    block_id: str,
    label: str,
    element: Json,
    *,
    optional: bool = False,
    hint: str | None = None,
    dispatch: bool = False,
) -> Json:
    block: Json = {
        "type": "input",
        "block_id": block_id,
        "label": plain(label, 2000),
        "element": {**element, "action_id": element.get("action_id") or action_id(block_id)},
        "optional": optional,
    }
    if hint:
        block["hint"] = plain(hint, 2000)
    if dispatch:
        block["dispatch_action"] = True
    return block


def _select(kind: str, placeholder: str, initial: Json | None, **fields: Any) -> Json:
    element: Json = {"type": kind, "placeholder": plain(placeholder, 150), **fields}
    if initial is not None:
        element["initial_option"] = initial
    return element


def _external(action: str, placeholder: str, initial: Json | None = None) -> Json:
    return _select("external_select", placeholder, initial, action_id=action, min_query_length=1)


def _static(options: list[Json], placeholder: str, initial: Json | None = None) -> Json:
    return _select("static_select", placeholder, initial, options=options[:100])


def _datepicker(initial: dt.date | None = None) -> Json:
    element: Json = {"type": "datepicker", "placeholder": plain("Pick a date", 150)}
    if initial:
        element["initial_date"] = initial.isoformat()
    return element


def _text(initial: str | None = None, placeholder: str | None = None, max_length: int = 0) -> Json:
    element: Json = {"type": "plain_text_input"}
    if initial:
        element["initial_value"] = initial
    if placeholder:
        element["placeholder"] = plain(placeholder, 150)
    if max_length:
        element["max_length"] = max_length
    return element


def currency_options(default_currency: str) -> list[Json]:
    codes = list(CURRENCIES)
    default = default_currency.upper().strip()
    if default and default not in codes:
        codes.insert(0, default)
    return [option(code, code) for code in codes]


# --------------------------------------------------------------------------- modals


def new_deal_modal(
    pipelines: Sequence[DealPipeline], *, default_currency: str, metadata: str
) -> Json:
    """``/leonar deal new``: Title, Company, Pipeline, Amount, Currency, Expected close date."""
    pipeline_options = [option(p.name or p.id, p.id) for p in pipelines]
    currencies = currency_options(default_currency)
    default = next(
        (o for o in currencies if o["value"] == default_currency.upper().strip()), currencies[0]
    )
    blocks: Blocks = [
        _input(
            B_TITLE,
            "Title",
            _text(placeholder="Recruitment - 3 Senior Engineers", max_length=MAX_TITLE),
        ),
        _input(
            B_COMPANY,
            "Company",
            _external(DEAL_COMPANY_SEARCH, "Type a company name"),
            optional=True,
        ),
    ]
    if pipeline_options:
        blocks.append(
            _input(
                B_PIPELINE,
                "Pipeline",
                _static(pipeline_options, "Choose a pipeline", pipeline_options[0]),
            )
        )
    else:
        blocks.append(
            section("_No deal pipeline in Leonar yet: the deal goes to the default one._")
        )
    blocks += [
        _input(B_AMOUNT, "Amount", _text(placeholder="45000"), optional=True),
        _input(B_CURRENCY, "Currency", _static(currencies, "Currency", default)),
        _input(B_EXPECTED, "Expected close date", _datepicker(), optional=True),
    ]
    return _modal(DEAL_NEW_VIEW, "New deal", blocks, metadata, "Create deal")


def _deal_picker(deal: Deal | None, *, dispatch: bool) -> Json:
    return _input(
        B_DEAL,
        "Deal",
        _external(DEAL_SEARCH, "Type a deal title", deal_option(deal) if deal else None),
        dispatch=dispatch,
    )


def move_deal_modal(deal: Deal | None, pipeline: DealPipeline | None, *, metadata: str) -> Json:
    """``/leonar deal move``: Deal (dispatches on change) and the Stage of that deal's pipeline."""
    blocks: Blocks = [_deal_picker(deal, dispatch=True)]
    stages = open_stages(pipeline)
    if deal is None:
        blocks.append(section("_Pick a deal to see its stages._"))
    elif not stages:
        blocks.append(section("_This deal's pipeline has no stage to move to._"))
    else:
        current = deal.current_stage_id
        options = [
            option(f"{s.name or s.id}{' (current)' if s.id == current else ''}", s.id)
            for s in stages
        ]
        blocks.append(
            _input(
                keyed(B_STAGE, deal.id),
                "Stage",
                _static(options, "Choose a stage"),
                hint=f"Now: {deal.stage.name if deal.stage and deal.stage.name else 'no stage'}",
            )
        )
    return _modal(DEAL_MOVE_VIEW, "Move deal", blocks, metadata, "Move")


def close_deal_modal(deal: Deal | None, *, today: dt.date, metadata: str) -> Json:
    """``/leonar deal close``: Deal, Outcome, Signed amount (prefilled), Close date (today)."""
    blocks: Blocks = [_deal_picker(deal, dispatch=True)]
    outcome = {
        "type": "radio_buttons",
        "options": [option(label, value) for value, label in OUTCOMES],
    }
    signed_initial = None
    if deal is not None and deal.amount is not None:
        signed_initial = str(amount_for_api(Decimal(str(deal.amount))))
    currency = (deal.currency if deal else None) or ""
    blocks += [
        _input(B_OUTCOME, "Outcome", outcome),
        _input(
            keyed(B_SIGNED, deal.id if deal else "none"),
            "Signed amount",
            _text(signed_initial, "45000"),
            optional=True,
            hint=f"Fill it in when the deal is won{f' (in {currency})' if currency else ''}.",
        ),
        _input(B_CLOSE_DATE, "Close date", _datepicker(today)),
    ]
    return _modal(DEAL_CLOSE_VIEW, "Close deal", blocks, metadata, "Close deal")


def link_contact_modal(deal: Deal, *, metadata: str) -> Json:
    """From a deal card: pick a contact to link to the deal."""
    blocks: Blocks = [
        section(f"Link a contact to *{escape(deal.title or 'this deal')}*."),
        _input(B_CONTACT, "Contact", _external(DEAL_CONTACT_SEARCH, "Type a name or an email")),
    ]
    return _modal(DEAL_LINK_CONTACT_VIEW, "Link contact", blocks, metadata, "Link")


def link_deal_modal(contact_name: str, *, metadata: str) -> Json:
    """From a contact card's overflow: pick the (open) deal to link the contact to."""
    blocks: Blocks = [
        section(f"Link *{escape(contact_name)}* to a deal."),
        _deal_picker(None, dispatch=False),
    ]
    return _modal(DEAL_LINK_DEAL_VIEW, "Link to deal", blocks, metadata, "Link")


def closed_deal_modal(deal: Deal, *, title: str, callback_id: str, metadata: str) -> Json:
    """The deal picked in a move/close modal is closed: say so and offer Reopen."""
    view = _modal(callback_id, title, [reopen_section(deal)], metadata, None)
    view["close"] = plain("Close", kit.MODAL_TITLE_MAX)
    return view
