"""Deals: what a recruiter can do with Leonar deals, independent of Slack's payloads.

Find a deal from what was typed (an id or words of its title), list pipelines (cached a
minute per key), create, move, close, reopen, link a contact. Leonar's errors are raised as is
(``LeonarError.user_message`` holds the words to show).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass
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
from bot.ui.deals import CloseDealForm, MoveDealForm, NewDealForm

PIPELINES_TTL = 60.0
SEARCH_LIMIT = 25
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)


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


async def link_contact(client: LeonarClient, deal_id: str, contact_id: str) -> DealContact:
    return await client.deals.add_contact(deal_id, contact_id=contact_id)
