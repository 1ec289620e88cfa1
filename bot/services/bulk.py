"""Bulk work over many contacts, shared by outreach and enrichment: the contacts of a stored
result set, and :class:`BudgetGate`, which pauses the work while the key's rate budget is down
to its reserve (or blocked by a 429), so a long bulk action never runs the key into a 429 that
interactive use would then hit."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError as PydanticValidationError

from bot.leonar import Contact, LeonarClient
from bot.leonar.budget import RateBudgets

#: part of each key's budget that bulk actions leave for interactive use
BULK_BUDGET_RESERVE = 0.1

Sleep = Callable[[float], Awaitable[Any]]


@dataclass
class BudgetGate:
    """Pauses bulk work while the key's budget is down to its reserve or blocked by a 429."""

    budgets: RateBudgets
    fingerprint: str
    reserve: float = BULK_BUDGET_RESERVE
    sleep: Sleep = asyncio.sleep
    #: how long to wait when the budget is low but Leonar gave no reset time
    fallback_wait: float = 30.0

    @classmethod
    def for_client(cls, client: LeonarClient, **kwargs: Any) -> BudgetGate:
        return cls(client.budgets, client.fingerprint, **kwargs)

    def pause_until(self) -> float | None:
        """When bulk work may go on (unix seconds), or None when it may go on now."""
        if self.budgets.reserve_ok(self.fingerprint, self.reserve):
            return None
        until = self.budgets.blocked_until(self.fingerprint)
        if until is not None:
            return until
        state = self.budgets.get(self.fingerprint)
        now = self.budgets.clock()
        if state is not None and state.reset_at is not None and state.reset_at > now:
            return state.reset_at
        return now + self.fallback_wait

    async def wait(self, on_pause: Callable[[float], Awaitable[None]] | None = None) -> None:
        """Return once the key may be spent; calls ``on_pause(until)`` before each pause."""
        for _ in range(3):
            until = self.pause_until()
            if until is None:
                return
            if on_pause is not None:
                await on_pause(until)
            await self.sleep(max(until - self.budgets.clock(), 0.0) + 0.5)
        # still low after three waits without news from Leonar: go on, the client's own
        # budget check refuses rather than send into a 429


def contact_ids_of(payload: Any) -> list[str]:
    """The contact ids of a stored search result set, in order, without duplicates.

    Reads ``payload["ids"]`` (bot.services.search.SearchState) or ``payload["contact_ids"]``;
    falls back to the keys/ids of ``payload["contacts"]``."""
    ids: list[str] = []
    if isinstance(payload, Mapping):
        raw = payload.get("ids")
        if not isinstance(raw, list):
            raw = payload.get("contact_ids")
        if isinstance(raw, list):
            ids = [i for i in raw if isinstance(i, str) and i]
        else:
            ids = list(known_contacts_of(payload))
    return list(dict.fromkeys(ids))


def known_contacts_of(payload: Any) -> dict[str, Contact]:
    """Contacts stored with a result set (``payload["contacts"]``: id -> contact object, or a
    list of contact objects), by id; {} when none."""
    known: dict[str, Contact] = {}
    raw = payload.get("contacts") if isinstance(payload, Mapping) else None
    items: list[Any] = []
    if isinstance(raw, Mapping):
        items = list(raw.values())
    elif isinstance(raw, list):
        items = raw
    for item in items:
        try:
            contact = Contact.model_validate(item)
        except PydanticValidationError:
            continue
        known[contact.id] = contact
    return known
