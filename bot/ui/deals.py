"""Deals: pure Block Kit builders (modals, cards, choices), money formatting and form parsing.

No I/O here. Modal labels are the words of docs/commands.md ("new deal", "move deal",
"close deal"); block ids are the constants below, so handlers read and report errors by them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from bot.leonar import Company, Contact, Deal, DealPipeline, DealPipelineStage, DealStatus
from bot.ui import blocks as kit
from bot.ui.actions import (
    DEAL_CLOSE,
    DEAL_CLOSE_VIEW,
    DEAL_COMPANY_SEARCH,
    DEAL_CONTACT_SEARCH,
    DEAL_LINK_CONTACT,
    DEAL_LINK_CONTACT_VIEW,
    DEAL_LINK_DEAL_VIEW,
    DEAL_MOVE,
    DEAL_MOVE_VIEW,
    DEAL_NEW_VIEW,
    DEAL_PICK,
    DEAL_REOPEN,
    DEAL_SEARCH,
)
from bot.ui.blocks import mrkdwn as _mrkdwn
from bot.ui.blocks import section as _section
from bot.ui.escape import escape

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

CURRENCIES: tuple[str, ...] = ("EUR", "USD", "GBP", "CHF", "CAD", "AUD", "SEK", "NOK", "DKK", "PLN")
OUTCOMES: tuple[tuple[str, str], ...] = (
    (DealStatus.WON, "Won"),
    (DealStatus.LOST, "Lost"),
    (DealStatus.DISQUALIFIED, "Disqualified"),
)
_SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£", "JPY": "¥", "CAD": "CA$", "AUD": "A$"}
_NO_DECIMALS = frozenset({"JPY", "KRW", "HUF", "CLP", "ISK"})
MAX_TITLE = 200


def action_id(block_id: str) -> str:
    return f"{block_id}_input"


def keyed(block_id: str, deal_id: str) -> str:
    """A block id tied to one deal (see B_STAGE)."""
    return f"{block_id}.{deal_id}"


# --------------------------------------------------------------------------- money


def format_money(amount: int | float | Decimal | None, currency: str | None) -> str:
    """``45000, "EUR"`` -> ``€45,000``; ``$``, ``£`` likewise; ``CHF 45,000`` for others.

    Whole amounts show no decimals, others two; None shows an em dash."""
    if amount is None:
        return "—"
    code = (currency or "").upper().strip()
    value = Decimal(str(amount))
    sign = "-" if value < 0 else ""
    value = abs(value)
    if code in _NO_DECIMALS or value == value.to_integral_value():
        number = f"{value.quantize(Decimal(1)):,}"
    else:
        number = f"{value.quantize(Decimal('0.01')):,}"
    symbol = _SYMBOLS.get(code)
    if symbol:
        return f"{sign}{symbol}{number}"
    return f"{sign}{code} {number}" if code else f"{sign}{number}"


_THOUSANDS = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_PLAIN = re.compile(r"^\d+(?:\.\d+)?$")
_MARKS = sorted({*CURRENCIES, *_SYMBOLS, *_SYMBOLS.values(), *_NO_DECIMALS}, key=len, reverse=True)
_AMOUNT = re.compile(
    r"^(?P<sign>[-+]?)(?:" + "|".join(map(re.escape, _MARKS)) + r")?(?P<sign2>[-+]?)"
    r"(?P<number>[^-+]*?)(?:" + "|".join(map(re.escape, _MARKS)) + r")?$"
)


class FormError(ValueError):
    """A value a person typed that cannot be used; the message is shown under the input."""


def parse_amount(text: str | None) -> Decimal | None:
    """What a person typed as an amount: ``45000``, ``45,000``, ``45 000``, ``€45,000.50``.

    Empty -> None. Raises FormError for anything else or a negative amount."""
    raw = (text or "").strip()
    if not raw:
        return None
    cleaned = re.sub(r"[\s_\u00a0\u202f']", "", raw.upper())
    match = _AMOUNT.match(cleaned)
    if match is None or (match.group("sign") and match.group("sign2")):
        raise FormError("Enter the amount as a number, e.g. 45000.")
    negative = "-" in (match.group("sign"), match.group("sign2"))
    cleaned = match.group("number")
    if _THOUSANDS.match(cleaned):
        cleaned = cleaned.replace(",", "")
    elif re.fullmatch(r"\d+,\d{1,2}", cleaned):
        cleaned = cleaned.replace(",", ".")  # 45000,50 (decimal comma)
    if not _PLAIN.match(cleaned):
        raise FormError("Enter the amount as a number, e.g. 45000.")
    try:
        value = Decimal(cleaned)
    except InvalidOperation as exc:  # pragma: no cover - the pattern already excludes this
        raise FormError("Enter the amount as a number, e.g. 45000.") from exc
    if negative and value != 0:
        raise FormError("The amount cannot be negative.")
    return value


def amount_for_api(value: Decimal) -> int | float:
    """A JSON number: an int when whole (45000), else a float with cents (45000.5)."""
    if value == value.to_integral_value():
        return int(value)
    return float(value.quantize(Decimal("0.01")))


def parse_date(text: str | None) -> dt.date | None:
    """A datepicker value ``YYYY-MM-DD``; empty -> None; anything else raises FormError."""
    raw = (text or "").strip()
    if not raw:
        return None
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
        raise FormError("Pick a date (YYYY-MM-DD).")
    try:
        return dt.date.fromisoformat(raw)
    except ValueError as exc:
        raise FormError("That date does not exist.") from exc


# --------------------------------------------------------------------------- small pieces


def _plain(text: str, limit: int = 75) -> Json:
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return {"type": "plain_text", "text": text or " ", "emoji": True}


def _option(text: str, value: str) -> Json:
    return {"text": _plain(text), "value": value}


def _button(text: str, action: str, value: str, style: str | None = None) -> Json:
    button: Json = {"type": "button", "text": _plain(text), "action_id": action, "value": value}
    if style:
        button["style"] = style
    return button


def deal_label(deal: Deal) -> str:
    """Plain text naming a deal: ``Title · Company · €45,000``."""
    parts = [deal.title or "Untitled deal"]
    if deal.company is not None and deal.company.name:
        parts.append(deal.company.name)
    if deal.amount is not None:
        parts.append(format_money(deal.amount, deal.currency))
    return " · ".join(parts)


def deal_option(deal: Deal) -> Json:
    return _option(deal_label(deal), deal.id)


def company_option(company: Company) -> Json:
    return _option(company.name or company.id, company.id)


def contact_option(contact: Contact) -> Json:
    parts = [contact.full_name]
    if contact.title:
        parts.append(contact.title)
    if contact.current_company:
        parts.append(contact.current_company)
    return _option(" · ".join(parts), contact.id)


def options_answer(options: Sequence[Json]) -> list[Json]:
    """Slack takes at most 100 options in an external select's answer."""
    return list(options[:100])


def status_word(deal: Deal) -> str:
    return {
        DealStatus.WON: "Won",
        DealStatus.LOST: "Lost",
        DealStatus.DISQUALIFIED: "Disqualified",
    }.get(deal.status or "", "Open")


def open_stages(pipeline: DealPipeline | None) -> list[DealPipelineStage]:
    """The stages a deal can be moved to (won/lost stages go through closing)."""
    if pipeline is None:
        return []
    return [s for s in pipeline.ordered_stages if (s.category or "open") not in ("won", "lost")]


# --------------------------------------------------------------------------- modals


def _modal(callback_id: str, title: str, blocks: Blocks, metadata: str, submit: str | None) -> Json:
    view: Json = {
        "type": "modal",
        "callback_id": callback_id,
        "title": _plain(title, 24),
        "close": _plain("Cancel", 24),
        "blocks": blocks,
        "private_metadata": metadata,
    }
    if submit:
        view["submit"] = _plain(submit, 24)
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
        "label": _plain(label, 2000),
        "element": {**element, "action_id": element.get("action_id") or action_id(block_id)},
        "optional": optional,
    }
    if hint:
        block["hint"] = _plain(hint, 2000)
    if dispatch:
        block["dispatch_action"] = True
    return block


def _external(action: str, placeholder: str, initial: Json | None = None) -> Json:
    element: Json = {
        "type": "external_select",
        "action_id": action,
        "placeholder": _plain(placeholder, 150),
        "min_query_length": 1,
    }
    if initial is not None:
        element["initial_option"] = initial
    return element


def _static(options: list[Json], placeholder: str, initial: Json | None = None) -> Json:
    element: Json = {
        "type": "static_select",
        "placeholder": _plain(placeholder, 150),
        "options": options[:100],
    }
    if initial is not None:
        element["initial_option"] = initial
    return element


def _datepicker(initial: dt.date | str | None = None) -> Json:
    element: Json = {"type": "datepicker", "placeholder": _plain("Pick a date", 150)}
    if initial:
        element["initial_date"] = initial.isoformat() if isinstance(initial, dt.date) else initial
    return element


def _text(initial: str | None = None, placeholder: str | None = None, max_length: int = 0) -> Json:
    element: Json = {"type": "plain_text_input"}
    if initial:
        element["initial_value"] = initial
    if placeholder:
        element["placeholder"] = _plain(placeholder, 150)
    if max_length:
        element["max_length"] = max_length
    return element


def currency_options(default_currency: str) -> list[Json]:
    codes = list(CURRENCIES)
    default = default_currency.upper().strip()
    if default and default not in codes:
        codes.insert(0, default)
    return [_option(code, code) for code in codes]


def new_deal_modal(
    pipelines: Sequence[DealPipeline], *, default_currency: str, metadata: str
) -> Json:
    """``/leonar deal new``: Title, Company, Pipeline, Amount, Currency, Expected close date."""
    pipeline_options = [_option(p.name or p.id, p.id) for p in pipelines]
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
            _section("_No deal pipeline in Leonar yet: the deal goes to the default one._")
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
        blocks.append(_section("_Pick a deal to see its stages._"))
    elif not stages:
        blocks.append(_section("_This deal's pipeline has no stage to move to._"))
    else:
        current = deal.current_stage_id
        options = [
            _option(f"{s.name or s.id}{' (current)' if s.id == current else ''}", s.id)
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
        "options": [_option(label, value) for value, label in OUTCOMES],
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
            hint=f"Required when won{f' ({currency})' if currency else ''}.",
        ),
        _input(B_CLOSE_DATE, "Close date", _datepicker(today)),
    ]
    return _modal(DEAL_CLOSE_VIEW, "Close deal", blocks, metadata, "Close deal")


def link_contact_modal(deal: Deal, *, metadata: str) -> Json:
    """From a deal card: pick a contact to link to the deal."""
    blocks: Blocks = [
        _section(f"Link a contact to *{escape(deal.title or 'this deal')}*."),
        _input(B_CONTACT, "Contact", _external(DEAL_CONTACT_SEARCH, "Type a name or an email")),
    ]
    return _modal(DEAL_LINK_CONTACT_VIEW, "Link contact", blocks, metadata, "Link")


def link_deal_modal(contact_name: str, *, metadata: str) -> Json:
    """From a contact card's overflow: pick the (open) deal to link the contact to."""
    blocks: Blocks = [
        _section(f"Link *{escape(contact_name)}* to a deal."),
        _deal_picker(None, dispatch=False),
    ]
    return _modal(DEAL_LINK_DEAL_VIEW, "Link to deal", blocks, metadata, "Link")


def closed_deal_text(deal: Deal) -> str:
    when = f" on {deal.actual_close_date}" if deal.actual_close_date else ""
    return (
        f"*{escape(deal.title or 'This deal')}* is already closed "
        f"({status_word(deal).lower()}{escape(when)}). Reopen it to move or close it again."
    )


def closed_deal_modal(deal: Deal, *, title: str, callback_id: str, metadata: str) -> Json:
    """The deal picked in a move/close modal is closed: say so and offer Reopen."""
    blocks: Blocks = [
        {
            "type": "section",
            "text": _mrkdwn(closed_deal_text(deal)),
            "accessory": _button("Reopen", DEAL_REOPEN, deal.id, "primary"),
        }
    ]
    view = _modal(callback_id, title, blocks, metadata, None)
    view["close"] = _plain("Close", 24)
    return view


# --------------------------------------------------------------------------- messages


def deal_fields(deal: Deal, pipeline_name: str | None = None) -> str:
    stage = deal.stage.name if deal.stage and deal.stage.name else None
    lines = []
    if deal.company is not None and deal.company.name:
        lines.append(f"*Company:* {escape(deal.company.name)}")
    lines.append(f"*Amount:* {escape(format_money(deal.amount, deal.currency))}")
    stage_text = escape(stage or "—")
    if pipeline_name:
        stage_text += f" ({escape(pipeline_name)})"
    lines.append(f"*Stage:* {stage_text}")
    lines.append(f"*Status:* {status_word(deal)}")
    if deal.expected_close_date:
        lines.append(f"*Expected close:* {escape(deal.expected_close_date)}")
    if not deal.is_open:
        if deal.signed_amount is not None:
            lines.append(
                f"*Signed amount:* {escape(format_money(deal.signed_amount, deal.currency))}"
            )
        if deal.actual_close_date:
            lines.append(f"*Closed on:* {escape(deal.actual_close_date)}")
    return "\n".join(lines)


def deal_card(deal: Deal, *, pipeline_name: str | None = None) -> tuple[str, Blocks]:
    """The deal card: its facts, and Move stage / Close / Link contact (Reopen once closed)."""
    title = deal.title or "Untitled deal"
    text = f"Deal {title}: {status_word(deal)}"
    if deal.stage and deal.stage.name:
        text += f", {deal.stage.name}"
    buttons: list[Json]
    if deal.is_open:
        buttons = [
            _button("Move stage", DEAL_MOVE, deal.id),
            _button("Close", DEAL_CLOSE, deal.id),
            _button("Link contact", DEAL_LINK_CONTACT, deal.id),
        ]
    else:
        buttons = [
            _button("Reopen", DEAL_REOPEN, deal.id),
            _button("Link contact", DEAL_LINK_CONTACT, deal.id),
        ]
    blocks: Blocks = [
        _section(f":handshake: *{escape(title)}*"),
        _section(deal_fields(deal, pipeline_name)),
        {"type": "actions", "block_id": f"deal_card.{deal.id}", "elements": buttons},
    ]
    return text, blocks


def won_card(deal: Deal, *, user: str) -> tuple[str, Blocks]:
    """The celebration posted in the deal's thread when it is won."""
    amount = deal.signed_amount if deal.signed_amount is not None else deal.amount
    money = format_money(amount, deal.currency)
    title = deal.title or "the deal"
    text = f"Deal won: {title}, {money}!"
    company = f" with *{escape(deal.company.name)}*" if deal.company and deal.company.name else ""
    blocks: Blocks = [
        _section(
            f":tada: *Deal won!* <@{user}> closed *{escape(title)}*{company} "
            f"for *{escape(money)}*. :champagne:"
        )
    ]
    if deal.actual_close_date:
        blocks.append(
            {
                "type": "context",
                "elements": [_mrkdwn(f"Signed on {escape(deal.actual_close_date)}")],
            }
        )
    return text, blocks


def deal_choices(kind: str, query: str, deals: Sequence[Deal]) -> tuple[str, Blocks]:
    """Several deals match what was typed: one button each (value ``<kind>:<deal id>``)."""
    text = f"Several deals match “{query}”. Which one?"
    blocks: Blocks = [_section(f"Several deals match “{escape(query)}”. Which one?")]
    for deal in deals[:10]:
        blocks.append(
            {
                "type": "section",
                "text": _mrkdwn(
                    f"*{escape(deal.title or 'Untitled deal')}*\n{escape(deal_label(deal))}"
                    f" · {status_word(deal)}"
                ),
                "accessory": _button("Choose", DEAL_PICK, f"{kind}:{deal.id}"),
            }
        )
    if len(deals) > 10:
        blocks.append(
            {
                "type": "context",
                "elements": [_mrkdwn(f"…and {len(deals) - 10} more: type more words.")],
            }
        )
    return text, blocks


def closed_deal_message(deal: Deal) -> tuple[str, Blocks]:
    """Ephemeral answer when a closed deal is asked to move/close: with a Reopen button."""
    text = closed_deal_text(deal)
    blocks: Blocks = [
        {
            "type": "section",
            "text": _mrkdwn(text),
            "accessory": _button("Reopen", DEAL_REOPEN, deal.id, "primary"),
        }
    ]
    return text, blocks


# --------------------------------------------------------------------------- reading forms

Values = Mapping[str, Mapping[str, Any]]


def _entry(values: Values, block_id: str) -> Mapping[str, Any]:
    actions = values.get(block_id) or {}
    return next(iter(actions.values()), {}) if actions else {}


def find_block(values: Values, prefix: str) -> str | None:
    """The block id in ``values`` that is ``prefix`` or ``prefix.<deal id>``."""
    for block_id in values:
        if block_id == prefix or block_id.startswith(prefix + "."):
            return block_id
    return None


def text_value(values: Values, block_id: str) -> str:
    value = _entry(values, block_id).get("value")
    return str(value).strip() if value is not None else ""


def selected_value(values: Values, block_id: str) -> str:
    option = _entry(values, block_id).get("selected_option")
    if isinstance(option, Mapping):
        return str(option.get("value") or "")
    return ""


def date_value(values: Values, block_id: str) -> str:
    value = _entry(values, block_id).get("selected_date")
    return str(value) if value is not None else ""


@dataclass(frozen=True)
class NewDealForm:
    title: str
    company_id: str | None
    pipeline_id: str | None
    amount: int | float | None
    currency: str
    expected_close_date: dt.date | None


def read_new_deal(values: Values, *, default_currency: str) -> NewDealForm | dict[str, str]:
    """The new-deal modal's values, or ``{block_id: message}`` for what cannot be used."""
    errors: dict[str, str] = {}
    title = " ".join(text_value(values, B_TITLE).split())
    if not title:
        errors[B_TITLE] = "Give the deal a title."
    elif len(title) > MAX_TITLE:
        errors[B_TITLE] = f"Keep the title under {MAX_TITLE} characters."
    amount: int | float | None = None
    try:
        parsed = parse_amount(text_value(values, B_AMOUNT))
        amount = amount_for_api(parsed) if parsed is not None else None
    except FormError as exc:
        errors[B_AMOUNT] = str(exc)
    currency = (selected_value(values, B_CURRENCY) or default_currency).upper()
    if not re.fullmatch(r"[A-Z]{3}", currency):
        errors[B_CURRENCY] = "Pick a currency."
    expected: dt.date | None = None
    try:
        expected = parse_date(date_value(values, B_EXPECTED))
    except FormError as exc:
        errors[B_EXPECTED] = str(exc)
    if errors:
        return errors
    return NewDealForm(
        title=title,
        company_id=selected_value(values, B_COMPANY) or None,
        pipeline_id=selected_value(values, B_PIPELINE) or None,
        amount=amount,
        currency=currency,
        expected_close_date=expected,
    )


@dataclass(frozen=True)
class MoveDealForm:
    deal_id: str
    stage_id: str


def read_move_deal(values: Values) -> MoveDealForm | dict[str, str]:
    deal_id = selected_value(values, B_DEAL)
    if not deal_id:
        return {B_DEAL: "Pick a deal."}
    stage_block = find_block(values, B_STAGE)
    stage_id = selected_value(values, stage_block) if stage_block else ""
    if stage_block is None or stage_block != keyed(B_STAGE, deal_id):
        return {B_DEAL: "Pick the deal again to load its stages."}
    if not stage_id:
        return {stage_block: "Pick a stage."}
    return MoveDealForm(deal_id=deal_id, stage_id=stage_id)


@dataclass(frozen=True)
class CloseDealForm:
    deal_id: str
    status: str
    signed_amount: int | float | None
    actual_close_date: dt.date


def read_close_deal(values: Values, *, today: dt.date) -> CloseDealForm | dict[str, str]:
    errors: dict[str, str] = {}
    deal_id = selected_value(values, B_DEAL)
    if not deal_id:
        errors[B_DEAL] = "Pick a deal."
    status = selected_value(values, B_OUTCOME)
    if status not in {value for value, _ in OUTCOMES}:
        errors[B_OUTCOME] = "Pick an outcome: Won, Lost or Disqualified."
    signed_block = find_block(values, B_SIGNED) or B_SIGNED
    signed: int | float | None = None
    if status == DealStatus.WON:  # a lost deal signs nothing: the prefilled amount is ignored
        try:
            parsed = parse_amount(text_value(values, signed_block))
            signed = amount_for_api(parsed) if parsed is not None else None
        except FormError as exc:
            errors[signed_block] = str(exc)
        if signed is None and signed_block not in errors:
            errors[signed_block] = "Enter the signed amount of a won deal."
    closed_on: dt.date | None = None
    try:
        closed_on = parse_date(date_value(values, B_CLOSE_DATE))
    except FormError as exc:
        errors[B_CLOSE_DATE] = str(exc)
    if errors:
        return errors
    return CloseDealForm(
        deal_id=deal_id,
        status=status,
        signed_amount=signed,
        actual_close_date=closed_on or today,
    )
