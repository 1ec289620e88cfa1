"""One resource class per Leonar API group. Methods take the id first, then keyword-only
arguments, and return models (never a raw response or dict).

Every endpoint path and body shape lives here, in one place: the **assumed** ones (see
docs/leonar-api.md) are marked so they are easy to correct.
"""

from __future__ import annotations

import builtins
import datetime as dt
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from typing import Any, Protocol, TypeVar
from urllib.parse import quote

import pydantic

from bot.leonar.errors import APIResponseValidationError
from bot.leonar.models import (
    AddToProjectResult,
    Company,
    ConnectedAccount,
    Contact,
    ContactTag,
    Deal,
    DealContact,
    DealPipeline,
    Enrichment,
    EnrichmentRequest,
    EnrollContact,
    EnrollResult,
    LinkedInProfile,
    Location,
    Message,
    Note,
    Page,
    PageMeta,
    Project,
    ProjectEntry,
    ProjectSummary,
    SourcingPage,
    Tag,
)
from bot.leonar.models import (
    Sequence as LeonarSequence,
)


class Requester(Protocol):
    """What a resource needs of the client: one authenticated call, answering the JSON body.
    (``LeonarClient`` is one; resources never import the client module.)"""

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
    ) -> Any: ...

__all__ = [
    "ENTRIES_PAGE",
    "MAX_ADD_TO_PROJECT",
    "MAX_ENROLL",
    "Accounts",
    "Companies",
    "Contacts",
    "DealPipelines",
    "Deals",
    "Enrichments",
    "Messages",
    "Projects",
    "Sequences",
    "Sourcing",
    "Tags",
]

M = TypeVar("M", bound=pydantic.BaseModel)
T = TypeVar("T")

#: page size of the entries listing in public client code
ENTRIES_PAGE = 50
#: documented per-call maxima; larger inputs are sent in several calls and the answers summed
MAX_ADD_TO_PROJECT = 100
MAX_ENROLL = 500


def _id(value: str) -> str:
    """An id as one safe path segment."""
    return quote(str(value), safe="")


def _compact(**fields: Any) -> dict[str, Any]:
    """A body without the fields left as None."""
    return {k: v for k, v in fields.items() if v is not None}


def _date(value: str | dt.date | None) -> str | None:
    return value.isoformat() if isinstance(value, dt.date) else value


def _unwrap(body: Any) -> Any:
    if not isinstance(body, dict) or "data" not in body:
        raise APIResponseValidationError('Leonar answered without the {"data": ...} envelope.')
    return body["data"]


def _parse(model: type[M], value: Any) -> M:
    try:
        return model.model_validate(value)
    except pydantic.ValidationError as exc:
        raise APIResponseValidationError(
            f"Leonar answered a {model.__name__} this client cannot read: "
            f"{exc.error_count()} problem(s), first at {exc.errors()[0]['loc']}."
        ) from exc


def _parse_list(model: type[M], value: Any) -> builtins.list[M]:
    if isinstance(value, dict):
        # tolerate {"data": {"items": [...]}}-style nesting
        for key in ("items", "results", model.__name__.lower() + "s"):
            if isinstance(value.get(key), list):
                value = value[key]
                break
    if not isinstance(value, list):
        raise APIResponseValidationError(f"Leonar answered no list of {model.__name__}.")
    return [_parse(model, item) for item in value]


def _page(model: type[M], body: Any, *, limit: int, offset: int) -> Page[M]:
    items = _parse_list(model, _unwrap(body))
    raw_meta = body.get("meta") if isinstance(body, dict) else None
    if isinstance(raw_meta, dict):
        meta = _parse(PageMeta, raw_meta)
    else:
        meta = PageMeta(total=None, limit=limit, offset=offset, has_more=False)
    return Page(data=items, meta=meta)


async def _every(
    fetch: Callable[[int, int], Awaitable[Page[T]]], page_size: int
) -> AsyncIterator[T]:
    """Every item of an offset list endpoint, page after page (follows ``meta.has_more``);
    ``fetch(limit, offset)`` reads one page."""
    offset = 0
    while True:
        page = await fetch(page_size, offset)
        for item in page.data:
            yield item
        if not page.meta.has_more or not page.data:
            return
        offset += len(page.data)


class _Resource:
    def __init__(self, client: Requester) -> None:
        self._client = client

    async def _get(self, path: str, *, params: Mapping[str, Any] | None = None) -> Any:
        return await self._client.request("GET", path, params=params)

    async def _post(self, path: str, *, json: Any = None) -> Any:
        return await self._client.request("POST", path, json=json)

    async def _put(self, path: str, *, json: Any = None) -> Any:
        return await self._client.request("PUT", path, json=json)


# --------------------------------------------------------------------------- contacts


class Contacts(_Resource):
    async def list(
        self, *, search: str | None = None, limit: int = 50, offset: int = 0
    ) -> Page[Contact]:
        """``GET /contacts?search=&limit=&offset=``."""
        body = await self._get(
            "/contacts", params={"search": search, "limit": limit, "offset": offset}
        )
        return _page(Contact, body, limit=limit, offset=offset)

    async def iter(
        self, *, search: str | None = None, page_size: int = 100
    ) -> AsyncIterator[Contact]:
        """Every contact matching ``search``, page after page (follows ``meta.has_more``)."""
        async for contact in _every(
            lambda limit, offset: self.list(search=search, limit=limit, offset=offset), page_size
        ):
            yield contact

    async def get(self, contact_id: str) -> Contact:
        """``GET /contacts/{id}`` (assumed)."""
        return _parse(Contact, _unwrap(await self._get(f"/contacts/{_id(contact_id)}")))

    async def search(
        self, *, query: str, location: str | None = None, limit: int = 10, offset: int = 0
    ) -> Page[Contact]:
        """``POST /contacts/search`` with ``query``, ``location``, ``limit`` (+ ``offset``,
        assumed, only sent when not 0). Answers like a list endpoint (assumed)."""
        payload = _compact(query=query, location=location, limit=limit, offset=offset or None)
        body = await self._post("/contacts/search", json=payload)
        return _page(Contact, body, limit=limit, offset=offset)

    async def enrich(self, contact_id: str, *, type: str = "work_email") -> EnrichmentRequest:
        """``POST /contacts/{id}/enrich`` ``{"type": ...}``: starts an enrichment."""
        body = await self._post(f"/contacts/{_id(contact_id)}/enrich", json={"type": type})
        return _parse(EnrichmentRequest, _unwrap(body))

    async def add_tag(self, contact_id: str, *, tag_id: str) -> ContactTag:
        """``POST /contacts/{id}/tags`` ``{"tag_id": ...}`` (answer shape assumed)."""
        body = await self._post(f"/contacts/{_id(contact_id)}/tags", json={"tag_id": tag_id})
        data = _unwrap(body)
        if isinstance(data, dict) and "contact_id" not in data:
            data = {"contact_id": contact_id, **data}
        return _parse(ContactTag, data)

    async def add_note(self, contact_id: str, *, content: str) -> Note:
        """``POST /contacts/{id}/notes`` ``{"content": ...}`` (seen in public client code;
        answer shape assumed, a missing ``contact_id`` is filled in)."""
        body = await self._post(f"/contacts/{_id(contact_id)}/notes", json={"content": content})
        data = _unwrap(body)
        if isinstance(data, dict) and "contact_id" not in data:
            data = {"contact_id": contact_id, **data}
        return _parse(Note, data)


# --------------------------------------------------------------------------- projects


class Projects(_Resource):
    async def list(
        self, *, status: str | None = "active", limit: int = 50, offset: int = 0
    ) -> Page[ProjectSummary]:
        """``GET /projects?status=&limit=&offset=`` (assumed item shape)."""
        body = await self._get(
            "/projects", params={"status": status, "limit": limit, "offset": offset}
        )
        return _page(ProjectSummary, body, limit=limit, offset=offset)

    async def iter(
        self, *, status: str | None = "active", page_size: int = 100
    ) -> AsyncIterator[ProjectSummary]:
        async for project in _every(
            lambda limit, offset: self.list(status=status, limit=limit, offset=offset), page_size
        ):
            yield project

    async def get(self, project_id: str) -> Project:
        """``GET /projects/{id}``: the project with its pipeline stages."""
        return _parse(Project, _unwrap(await self._get(f"/projects/{_id(project_id)}")))

    async def add_entry(
        self, project_id: str, *, contact_id: str, stage_id: str | None = None
    ) -> ProjectEntry:
        """``POST /projects/{id}/entries`` (first stage when ``stage_id`` is None)."""
        body = await self._post(
            f"/projects/{_id(project_id)}/entries",
            json=_compact(contact_id=contact_id, stage_id=stage_id),
        )
        return _parse(ProjectEntry, _unwrap(body))

    async def entries(
        self, project_id: str, *, limit: int = ENTRIES_PAGE, offset: int = 0
    ) -> Page[ProjectEntry]:
        """``GET /projects/{id}/entries?limit=&offset=`` (seen in public client code, paged by
        50): entries with their ``stage`` and ``contact``."""
        body = await self._get(
            f"/projects/{_id(project_id)}/entries", params={"limit": limit, "offset": offset}
        )
        return _page(ProjectEntry, body, limit=limit, offset=offset)

    async def iter_entries(
        self, project_id: str, *, page_size: int = ENTRIES_PAGE
    ) -> AsyncIterator[ProjectEntry]:
        """Every entry of the project, page after page."""
        async for entry in _every(
            lambda limit, offset: self.entries(project_id, limit=limit, offset=offset), page_size
        ):
            yield entry


# --------------------------------------------------------------------------- accounts & sourcing


class Accounts(_Resource):
    async def list(self) -> builtins.list[ConnectedAccount]:
        """``GET /connected-accounts``."""
        return _parse_list(ConnectedAccount, _unwrap(await self._get("/connected-accounts")))


class Sourcing(_Resource):
    async def locations(self, *, q: str, account_id: str, api_type: str) -> builtins.list[Location]:
        """``GET /sourcing/linkedin/locations?q=&account_id=&api_type=``."""
        body = await self._get(
            "/sourcing/linkedin/locations",
            params={"q": q, "account_id": account_id, "api_type": api_type},
        )
        return _parse_list(Location, _unwrap(body))

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
        payload: dict[str, Any] = _compact(
            project_id=project_id,
            account_id=account_id,
            job_titles=list(job_titles),
            location_ids=dict(location_ids) if location_ids else None,
        )
        if years_min is not None or years_max is not None:
            payload["years_experience"] = _compact(min=years_min, max=years_max)
        payload.update(filters or {})
        payload["page"] = page
        payload["page_size"] = page_size
        return _parse(
            SourcingPage, _unwrap(await self._post("/sourcing/linkedin/search", json=payload))
        )

    async def pages(
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
        max_pages: int | None = None,
    ) -> AsyncIterator[SourcingPage]:
        """Search pages one after another (follows ``has_more`` / ``next_page``)."""
        fetched = 0
        while True:
            result = await self.search(
                account_id=account_id,
                project_id=project_id,
                job_titles=job_titles,
                location_ids=location_ids,
                years_min=years_min,
                years_max=years_max,
                page=page,
                page_size=page_size,
            )
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
        if not profiles:
            return AddToProjectResult()
        total = AddToProjectResult()
        for start in range(0, len(profiles), MAX_ADD_TO_PROJECT):
            chunk = profiles[start : start + MAX_ADD_TO_PROJECT]
            payload = {"project_id": project_id, "profiles": [p.to_add_payload() for p in chunk]}
            part = _parse(
                AddToProjectResult,
                _unwrap(await self._post("/sourcing/add-to-project", json=payload)),
            )
            if start == 0:
                total = part
            else:
                total = total.model_copy(
                    update={
                        "added": total.added + part.added,
                        "skipped": total.skipped + part.skipped,
                        "contact_ids": total.contact_ids + part.contact_ids,
                        "skipped_profiles": total.skipped_profiles + part.skipped_profiles,
                        "stage": part.stage or total.stage,
                    }
                )
        return total


# --------------------------------------------------------------------------- enrichment


class Enrichments(_Resource):
    async def get(self, request_id: str) -> Enrichment:
        """``GET /enrichment/{request_id}``."""
        data = _unwrap(await self._get(f"/enrichment/{_id(request_id)}"))
        if isinstance(data, dict) and "id" not in data and "request_id" in data:
            data = {"id": data["request_id"], **data}
        return _parse(Enrichment, data)


# --------------------------------------------------------------------------- sequences


class Sequences(_Resource):
    async def list(
        self, *, status: str | None = "active", limit: int = 50
    ) -> builtins.list[LeonarSequence]:
        """``GET /sequences?status=&limit=`` (assumed item shape)."""
        body = await self._get("/sequences", params={"status": status, "limit": limit})
        return _parse_list(LeonarSequence, _unwrap(body))

    async def enroll(
        self,
        sequence_id: str,
        *,
        contact_ids: Sequence[str] | None = None,
        contacts: Sequence[EnrollContact] | None = None,
    ) -> EnrollResult:
        """``POST /sequences/{id}/enroll`` with either ``contact_ids`` or ``contacts`` (with
        ``custom_variables``). More than 500 go in several calls, the answers summed."""
        if (contact_ids is None) == (contacts is None):
            raise ValueError("pass exactly one of contact_ids or contacts")
        key = "contact_ids" if contact_ids is not None else "contacts"
        items: builtins.list[Any] = (
            builtins.list(contact_ids)
            if contact_ids is not None
            else [c.model_dump(mode="json", exclude_none=True) for c in contacts or ()]
        )
        path = f"/sequences/{_id(sequence_id)}/enroll"
        total = EnrollResult()
        for start in range(0, len(items), MAX_ENROLL):
            part = _parse(
                EnrollResult,
                _unwrap(await self._post(path, json={key: items[start : start + MAX_ENROLL]})),
            )
            if start == 0:
                total = part
            else:
                total = total.model_copy(
                    update={
                        name: getattr(total, name) + getattr(part, name)
                        for name in (
                            "enrolled",
                            "skipped_blacklisted",
                            "skipped_already_enrolled",
                            "skipped_active_elsewhere",
                            "skipped_not_found",
                        )
                    }
                )
        return total


# --------------------------------------------------------------------------- deals


class Deals(_Resource):
    async def list(
        self,
        *,
        search: str | None = None,
        status: str | None = "open",
        limit: int = 50,
        offset: int = 0,
    ) -> Page[Deal]:
        """``GET /deals?search=&status=&limit=&offset=`` (assumed)."""
        body = await self._get(
            "/deals", params={"search": search, "status": status, "limit": limit, "offset": offset}
        )
        return _page(Deal, body, limit=limit, offset=offset)

    async def iter(
        self, *, search: str | None = None, status: str | None = "open", page_size: int = 50
    ) -> AsyncIterator[Deal]:
        """Every deal with this status (and search), page after page."""
        async for deal in _every(
            lambda limit, offset: self.list(
                search=search, status=status, limit=limit, offset=offset
            ),
            page_size,
        ):
            yield deal

    async def get(self, deal_id: str) -> Deal:
        """``GET /deals/{id}`` (assumed)."""
        return _parse(Deal, _unwrap(await self._get(f"/deals/{_id(deal_id)}")))

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
        payload = _compact(
            title=title,
            company_id=company_id,
            pipeline_id=pipeline_id,
            amount=amount,
            currency=currency,
            expected_close_date=_date(expected_close_date),
        )
        return _parse(Deal, _unwrap(await self._post("/deals", json=payload)))

    async def add_contact(self, deal_id: str, *, contact_id: str) -> DealContact:
        """``POST /deals/{id}/contacts`` ``{"contact_id": ...}``."""
        body = await self._post(f"/deals/{_id(deal_id)}/contacts", json={"contact_id": contact_id})
        data = _unwrap(body)
        if isinstance(data, dict):
            data = {"deal_id": deal_id, "contact_id": contact_id, **data}
        return _parse(DealContact, data)

    async def move_stage(self, deal_id: str, *, stage_id: str) -> Deal:
        """``PUT /deals/{id}/stage`` ``{"stage_id": ...}``."""
        body = await self._put(f"/deals/{_id(deal_id)}/stage", json={"stage_id": stage_id})
        return _parse(Deal, _unwrap(body))

    async def close(
        self,
        deal_id: str,
        *,
        status: str,
        signed_amount: int | float | None = None,
        actual_close_date: str | dt.date | None = None,
    ) -> Deal:
        """``POST /deals/{id}/close`` with ``status`` won/lost/disqualified."""
        payload = _compact(
            status=status, signed_amount=signed_amount, actual_close_date=_date(actual_close_date)
        )
        return _parse(Deal, _unwrap(await self._post(f"/deals/{_id(deal_id)}/close", json=payload)))

    async def reopen(self, deal_id: str) -> Deal:
        """``POST /deals/{id}/reopen``."""
        return _parse(Deal, _unwrap(await self._post(f"/deals/{_id(deal_id)}/reopen")))


class DealPipelines(_Resource):
    async def list(self) -> builtins.list[DealPipeline]:
        """``GET /deal-pipelines`` (assumed shape)."""
        return _parse_list(DealPipeline, _unwrap(await self._get("/deal-pipelines")))


class Companies(_Resource):
    async def list(self, *, search: str | None = None, limit: int = 20) -> builtins.list[Company]:
        """``GET /companies?search=&limit=``."""
        body = await self._get("/companies", params={"search": search, "limit": limit})
        return _parse_list(Company, _unwrap(body))


# --------------------------------------------------------------------------- tags & messages


class Tags(_Resource):
    async def list(self, *, scope: str | None = "contact") -> builtins.list[Tag]:
        """``GET /tags?scope=`` (assumed)."""
        return _parse_list(Tag, _unwrap(await self._get("/tags", params={"scope": scope})))

    async def create(self, *, name: str, color: str, scope: str = "contact") -> Tag:
        """``POST /tags`` ``{name, color, scope}``."""
        body = await self._post("/tags", json={"name": name, "color": color, "scope": scope})
        return _parse(Tag, _unwrap(body))


class Messages(_Resource):
    async def send(
        self,
        *,
        contact_id: str,
        channel: str,
        content: str,
        subject: str | None = None,
        sender_account_id: str | None = None,
    ) -> Message:
        """``POST /messages`` (``channel`` ``email`` or ``linkedin``)."""
        payload = _compact(
            contact_id=contact_id,
            channel=channel,
            subject=subject,
            content=content,
            sender_account_id=sender_account_id,
        )
        return _parse(Message, _unwrap(await self._post("/messages", json=payload)))
