"""Contacts (list, search, one, enrich, tag, note) and enrichment requests."""

from __future__ import annotations

from collections.abc import AsyncIterator

from bot.leonar.models import Contact, ContactTag, Enrichment, EnrichmentRequest, Note, Page
from bot.leonar.resources._base import Resource, compact, every, page_of, parse, seg, unwrap


class Contacts(Resource):
    async def list(
        self, *, search: str | None = None, limit: int = 50, offset: int = 0
    ) -> Page[Contact]:
        """``GET /contacts?search=&limit=&offset=``."""
        return await self._page(Contact, "/contacts", search=search, limit=limit, offset=offset)

    def iter(self, *, search: str | None = None, page_size: int = 100) -> AsyncIterator[Contact]:
        """Every contact matching ``search``, page after page (follows ``meta.has_more``)."""
        return every(
            lambda limit, offset: self.list(search=search, limit=limit, offset=offset), page_size
        )

    async def get(self, contact_id: str) -> Contact:
        """``GET /contacts/{id}`` (assumed)."""
        return await self._one(Contact, f"/contacts/{seg(contact_id)}")

    async def search(
        self, *, query: str, location: str | None = None, limit: int = 10, offset: int = 0
    ) -> Page[Contact]:
        """``POST /contacts/search`` with ``query``, ``location``, ``limit`` (+ ``offset``,
        assumed, only sent when not 0). Answers like a list endpoint (assumed)."""
        payload = compact(query=query, location=location, limit=limit, offset=offset or None)
        body = await self._post("/contacts/search", json=payload)
        return page_of(Contact, body, limit=limit, offset=offset)

    async def enrich(self, contact_id: str, *, type: str = "work_email") -> EnrichmentRequest:
        """``POST /contacts/{id}/enrich`` ``{"type": ...}``: starts an enrichment."""
        path = f"/contacts/{seg(contact_id)}/enrich"
        return await self._one(EnrichmentRequest, path, method="POST", json={"type": type})

    async def add_tag(self, contact_id: str, *, tag_id: str) -> ContactTag:
        """``POST /contacts/{id}/tags`` ``{"tag_id": ...}`` (answer shape assumed, a missing
        ``contact_id`` is filled in)."""
        path = f"/contacts/{seg(contact_id)}/tags"
        body = {"tag_id": tag_id}
        return await self._one(ContactTag, path, method="POST", json=body, contact_id=contact_id)

    async def add_note(self, contact_id: str, *, content: str) -> Note:
        """``POST /contacts/{id}/notes`` ``{"content": ...}`` (seen in public client code;
        answer shape assumed, a missing ``contact_id`` is filled in)."""
        path = f"/contacts/{seg(contact_id)}/notes"
        body = {"content": content}
        return await self._one(Note, path, method="POST", json=body, contact_id=contact_id)


class Enrichments(Resource):
    async def get(self, request_id: str) -> Enrichment:
        """``GET /enrichment/{request_id}``."""
        data = unwrap(await self._get(f"/enrichment/{seg(request_id)}"))
        if isinstance(data, dict) and "id" not in data and "request_id" in data:
            data = {"id": data["request_id"], **data}
        return parse(Enrichment, data)
