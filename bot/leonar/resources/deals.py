"""Deals (list, one, create, add a contact, move, close, reopen), deal pipelines, companies."""

from __future__ import annotations

import builtins
import datetime as dt
from collections.abc import AsyncIterator

from bot.leonar.models import Company, Deal, DealContact, DealPipeline, Page
from bot.leonar.resources._base import Resource, compact, every, iso_date, seg


class Deals(Resource):
    async def list(
        self,
        *,
        search: str | None = None,
        status: str | None = "open",
        limit: int = 50,
        offset: int = 0,
    ) -> Page[Deal]:
        """``GET /deals?search=&status=&limit=&offset=`` (assumed)."""
        return await self._page(
            Deal, "/deals", search=search, status=status, limit=limit, offset=offset
        )

    def iter(
        self, *, search: str | None = None, status: str | None = "open", page_size: int = 50
    ) -> AsyncIterator[Deal]:
        """Every deal with this status (and search), page after page."""
        return every(
            lambda limit, offset: self.list(
                search=search, status=status, limit=limit, offset=offset
            ),
            page_size,
        )

    async def get(self, deal_id: str) -> Deal:
        """``GET /deals/{id}`` (assumed)."""
        return await self._one(Deal, f"/deals/{seg(deal_id)}")

    async def create(
        self,
        *,
        title: str,
        company_id: str | None = None,
        pipeline_id: str | None = None,
        amount: int | float | None = None,
        currency: str | None = None,
        expected_close_date: str | dt.date | None = None,
    ) -> Deal:
        """``POST /deals``."""
        payload = compact(
            title=title,
            company_id=company_id,
            pipeline_id=pipeline_id,
            amount=amount,
            currency=currency,
            expected_close_date=iso_date(expected_close_date),
        )
        return await self._one(Deal, "/deals", method="POST", json=payload)

    async def add_contact(self, deal_id: str, *, contact_id: str) -> DealContact:
        """``POST /deals/{id}/contacts`` ``{"contact_id": ...}`` (the ids are filled in when
        the answer leaves them out)."""
        path = f"/deals/{seg(deal_id)}/contacts"
        body = {"contact_id": contact_id}
        return await self._one(
            DealContact, path, method="POST", json=body, deal_id=deal_id, contact_id=contact_id
        )

    async def move_stage(self, deal_id: str, *, stage_id: str) -> Deal:
        """``PUT /deals/{id}/stage`` ``{"stage_id": ...}``."""
        path = f"/deals/{seg(deal_id)}/stage"
        return await self._one(Deal, path, method="PUT", json={"stage_id": stage_id})

    async def close(
        self,
        deal_id: str,
        *,
        status: str,
        signed_amount: int | float | None = None,
        actual_close_date: str | dt.date | None = None,
    ) -> Deal:
        """``POST /deals/{id}/close`` with ``status`` won/lost/disqualified."""
        payload = compact(
            status=status,
            signed_amount=signed_amount,
            actual_close_date=iso_date(actual_close_date),
        )
        return await self._one(Deal, f"/deals/{seg(deal_id)}/close", method="POST", json=payload)

    async def reopen(self, deal_id: str) -> Deal:
        """``POST /deals/{id}/reopen``."""
        return await self._one(Deal, f"/deals/{seg(deal_id)}/reopen", method="POST")


class DealPipelines(Resource):
    async def list(self) -> builtins.list[DealPipeline]:
        """``GET /deal-pipelines`` (assumed shape)."""
        return await self._many(DealPipeline, "/deal-pipelines")


class Companies(Resource):
    async def list(self, *, search: str | None = None, limit: int = 20) -> builtins.list[Company]:
        """``GET /companies?search=&limit=``."""
        return await self._many(Company, "/companies", search=search, limit=limit)
