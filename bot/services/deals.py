"""Deals: what a recruiter can do with Leonar deals, independent of Slack's payloads.

Find a deal from what was typed (an id or words of its title), list pipelines (cached a
minute per key), create, move, close, reopen, link a contact. Leonar's errors are raised as is
(``LeonarError.user_message`` holds the words to show).

Also the typed requests (``NewDealForm``, ``MoveDealForm``, ``CloseDealForm``, ``LinkForm``)
and the parsing of what a person types as an amount or a date (``FormError`` carries the words
shown under the input).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from bot.leonar import (
    Company,
    Contact,
    Deal,
    DealContact,
    DealPipeline,
    LeonarClient,
    NotFoundError,
)
from bot.services.cache import TTLCache, leonar_key

PIPELINES_TTL = 60.0
SEARCH_LIMIT = 25
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)


# --------------------------------------------------------------------------- typed requests


@dataclass(frozen=True)
class NewDealForm:
    title: str
    company_id: str | None
    pipeline_id: str | None
    amount: int | float | None
    currency: str
    expected_close_date: dt.date | None


@dataclass(frozen=True)
class MoveDealForm:
    deal_id: str
    stage_id: str


@dataclass(frozen=True)
class CloseDealForm:
    deal_id: str
    status: str
    signed_amount: int | float | None
    actual_close_date: dt.date


@dataclass(frozen=True)
class LinkForm:
    """Link a contact to a deal (from the deal card or from the contact card)."""

    deal_id: str
    contact_id: str


# --------------------------------------------------------------------------- amounts and dates

#: currencies offered in the new-deal modal
CURRENCIES: tuple[str, ...] = ("EUR", "USD", "GBP", "CHF", "CAD", "AUD", "SEK", "NOK", "DKK", "PLN")
SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£", "JPY": "¥", "CAD": "CA$", "AUD": "A$"}
NO_DECIMALS = frozenset({"JPY", "KRW", "HUF", "CLP", "ISK"})
_THOUSANDS = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_PLAIN = re.compile(r"^\d+(?:\.\d+)?$")
_MARKS = sorted({*CURRENCIES, *SYMBOLS, *SYMBOLS.values(), *NO_DECIMALS}, key=len, reverse=True)
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


# --------------------------------------------------------------------------- where a modal came from


@dataclass(frozen=True)
class DealOrigin:
    """Where a deal modal was opened from, kept in its private_metadata.

    ``thread_ts`` is set when it came from a deal card in a thread (answers go there and
    ``card_ts`` is the card to refresh); otherwise answers start a new thread in ``channel``.
    ``contact_id`` is the contact to link (link-deal modal); ``kind`` what a Reopen leads to."""

    channel: str
    user: str
    response_url: str | None = None
    thread_ts: str | None = None
    card_ts: str | None = None
    deal_id: str | None = None
    contact_id: str | None = None
    kind: str | None = None
    #: the deal's stage when the move modal was built (moving it there again is refused)
    stage_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DealOrigin:
        def opt(name: str) -> str | None:
            value = data.get(name)
            return str(value) if isinstance(value, str) and value else None

        return cls(
            channel=str(data.get("channel") or ""),
            user=str(data.get("user") or ""),
            response_url=opt("response_url"),
            thread_ts=opt("thread_ts"),
            card_ts=opt("card_ts"),
            deal_id=opt("deal_id"),
            contact_id=opt("contact_id"),
            kind=opt("kind"),
            stage_id=opt("stage_id"),
        )


def looks_like_id(text: str) -> bool:
    return bool(_UUID.match(text.strip()))


async def find_deals(client: LeonarClient, text: str) -> list[Deal]:
    """Deals matching what was typed: an id, else words of the title (open deals first; an
    exact title match wins alone). Closed deals are included so the caller can offer Reopen."""
    query = " ".join(text.split())
    if not query:
        return []
    if looks_like_id(query):
        try:
            return [await client.deals.get(query)]
        except NotFoundError:
            pass
    page = await client.deals.list(search=query, status=None, limit=SEARCH_LIMIT)
    deals = sorted(page.data, key=lambda d: not d.is_open)
    exact = [d for d in deals if (d.title or "").casefold() == query.casefold()]
    if len(exact) == 1:
        return exact
    return deals


async def search_open_deals(client: LeonarClient, query: str) -> list[Deal]:
    page = await client.deals.list(search=query.strip() or None, status="open", limit=SEARCH_LIMIT)
    return page.data


async def search_companies(client: LeonarClient, query: str) -> list[Company]:
    return await client.companies.list(search=query.strip() or None, limit=SEARCH_LIMIT)


async def search_contacts(client: LeonarClient, query: str) -> list[Contact]:
    page = await client.contacts.list(search=query.strip() or None, limit=SEARCH_LIMIT)
    return page.data


async def pipelines(client: LeonarClient, cache: TTLCache | None = None) -> list[DealPipeline]:
    """``GET /deal-pipelines``, cached ``PIPELINES_TTL`` seconds per key when a cache is given."""
    if cache is None:
        return await client.deal_pipelines.list()
    return await cache.get_or_load(
        leonar_key(client, "deal-pipelines"), client.deal_pipelines.list, ttl=PIPELINES_TTL
    )


def pipeline_of(deal: Deal, all_pipelines: Sequence[DealPipeline]) -> DealPipeline | None:
    return next((p for p in all_pipelines if p.id == deal.pipeline_id), None)


async def get_deal(client: LeonarClient, deal_id: str) -> Deal:
    return await client.deals.get(deal_id)


async def create_deal(client: LeonarClient, form: NewDealForm) -> Deal:
    return await client.deals.create(
        title=form.title,
        company_id=form.company_id,
        pipeline_id=form.pipeline_id,
        amount=form.amount,
        currency=form.currency,
        expected_close_date=form.expected_close_date,
    )


async def move_deal(client: LeonarClient, form: MoveDealForm) -> Deal:
    return await client.deals.move_stage(form.deal_id, stage_id=form.stage_id)


async def close_deal(client: LeonarClient, form: CloseDealForm) -> Deal:
    return await client.deals.close(
        form.deal_id,
        status=form.status,
        signed_amount=form.signed_amount,
        actual_close_date=form.actual_close_date,
    )


async def reopen_deal(client: LeonarClient, deal_id: str) -> Deal:
    return await client.deals.reopen(deal_id)


async def link_contact(client: LeonarClient, form: LinkForm) -> DealContact:
    return await client.deals.add_contact(form.deal_id, contact_id=form.contact_id)
