"""Outreach: sequences (list, enroll), tags (list, create) and messages (send)."""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from typing import Any

from bot.leonar.models import EnrollContact, EnrollResult, Message, Tag
from bot.leonar.models import Sequence as LeonarSequence
from bot.leonar.resources._base import Resource, compact, in_chunks, seg

#: documented per-call maximum; more contacts are enrolled in several calls, the answers summed
MAX_ENROLL = 500
#: the counts of an enrollment answer, summed over the calls
_ENROLL_COUNTS = (
    "enrolled",
    "skipped_blacklisted",
    "skipped_already_enrolled",
    "skipped_active_elsewhere",
    "skipped_not_found",
)


class Sequences(Resource):
    async def list(
        self, *, status: str | None = "active", limit: int = 50
    ) -> builtins.list[LeonarSequence]:
        """``GET /sequences?status=&limit=`` (assumed item shape)."""
        return await self._many(LeonarSequence, "/sequences", status=status, limit=limit)

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
        path = f"/sequences/{seg(sequence_id)}/enroll"

        async def send(chunk: Sequence[Any]) -> EnrollResult:
            return await self._one(EnrollResult, path, method="POST", json={key: chunk})

        total = await in_chunks(items, MAX_ENROLL, send, _enrolled)
        return total or EnrollResult()


def _enrolled(total: EnrollResult, part: EnrollResult) -> EnrollResult:
    counts = {name: getattr(total, name) + getattr(part, name) for name in _ENROLL_COUNTS}
    return total.model_copy(update=counts)


class Tags(Resource):
    async def list(self, *, scope: str | None = "contact") -> builtins.list[Tag]:
        """``GET /tags?scope=`` (assumed)."""
        return await self._many(Tag, "/tags", scope=scope)

    async def create(self, *, name: str, color: str, scope: str = "contact") -> Tag:
        """``POST /tags`` ``{name, color, scope}``."""
        body = {"name": name, "color": color, "scope": scope}
        return await self._one(Tag, "/tags", method="POST", json=body)


class Messages(Resource):
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
        payload = compact(
            contact_id=contact_id,
            channel=channel,
            subject=subject,
            content=content,
            sender_account_id=sender_account_id,
        )
        return await self._one(Message, "/messages", method="POST", json=payload)
