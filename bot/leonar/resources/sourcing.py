"""Connected accounts and LinkedIn sourcing: locations, search (one page or page after page)
and adding found profiles to a project."""

from __future__ import annotations

import builtins
from collections.abc import AsyncIterator, Mapping, Sequence
from typing import Any

from bot.leonar.models import (
    AddToProjectResult,
    ConnectedAccount,
    LinkedInProfile,
    Location,
    SourcingPage,
)
from bot.leonar.resources._base import Resource, compact, in_chunks

#: documented per-call maximum; more profiles are sent in several calls and the answers summed
MAX_ADD_TO_PROJECT = 100


class Accounts(Resource):
    async def list(self) -> builtins.list[ConnectedAccount]:
        """``GET /connected-accounts``."""
        return await self._many(ConnectedAccount, "/connected-accounts")


class Sourcing(Resource):
    async def locations(self, *, q: str, account_id: str, api_type: str) -> builtins.list[Location]:
        """``GET /sourcing/linkedin/locations?q=&account_id=&api_type=``."""
        return await self._many(
            Location, "/sourcing/linkedin/locations", q=q, account_id=account_id, api_type=api_type
        )

    async def search(
        self,
        *,
        account_id: str,
        project_id: str | None = None,
        job_titles: Sequence[str],
        location_ids: Mapping[str, str] | None = None,
        years_min: int | None = None,
        years_max: int | None = None,
        page: int = 1,
        page_size: int = 25,
        filters: Mapping[str, Any] | None = None,
    ) -> SourcingPage:
        """``POST /sourcing/linkedin/search``. ``project_id`` makes Leonar flag profiles already
        in that project; ``filters`` adds further body fields as is."""
        payload: dict[str, Any] = compact(
            project_id=project_id,
            account_id=account_id,
            job_titles=list(job_titles),
            location_ids=dict(location_ids) if location_ids else None,
        )
        if years_min is not None or years_max is not None:
            payload["years_experience"] = compact(min=years_min, max=years_max)
        payload.update(filters or {})
        payload["page"] = page
        payload["page_size"] = page_size
        return await self._one(
            SourcingPage, "/sourcing/linkedin/search", method="POST", json=payload
        )

    async def pages(
        self, *, page: int = 1, max_pages: int | None = None, **search: Any
    ) -> AsyncIterator[SourcingPage]:
        """Search pages one after another (follows ``has_more`` / ``next_page``); ``search``
        takes the keyword arguments of :meth:`search`."""
        fetched = 0
        while True:
            result = await self.search(page=page, **search)
            yield result
            fetched += 1
            if not result.has_more or not result.profiles:
                return
            if max_pages is not None and fetched >= max_pages:
                return
            page = result.next_page if result.next_page and result.next_page > page else page + 1

    async def add_to_project(
        self, *, project_id: str, profiles: Sequence[LinkedInProfile]
    ) -> AddToProjectResult:
        """``POST /sourcing/add-to-project`` with the whole profile objects from the search
        (minus the response-only ``already_in_project``/``existing_contact_id``). More than
        100 profiles go in several calls, the answers summed."""

        async def send(chunk: Sequence[LinkedInProfile]) -> AddToProjectResult:
            payload = {"project_id": project_id, "profiles": [p.to_add_payload() for p in chunk]}
            path = "/sourcing/add-to-project"
            return await self._one(AddToProjectResult, path, method="POST", json=payload)

        total = await in_chunks(profiles, MAX_ADD_TO_PROJECT, send, _added)
        return total or AddToProjectResult()


def _added(total: AddToProjectResult, part: AddToProjectResult) -> AddToProjectResult:
    return total.model_copy(
        update={
            "added": total.added + part.added,
            "skipped": total.skipped + part.skipped,
            "contact_ids": total.contact_ids + part.contact_ids,
            "skipped_profiles": total.skipped_profiles + part.skipped_profiles,
            "stage": part.stage or total.stage,
        }
    )
