"""Who **Enrich all** enriches: the contacts of a stored search results set, or the profiles
of a sourcing page that are already Leonar contacts (added to the project, or found in it).
Profiles not in Leonar yet are left out and counted: adding them is **Add all on this page**,
a choice the recruiter makes (it puts them in the project), not a side effect of enriching."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from bot.leonar import Contact, LeonarClient
from bot.leonar.errors import NotFoundError
from bot.services import sourcing
from bot.services.outreach import contact_ids_of, known_contacts_of
from bot.store import Database

SEARCH = "search"
SOURCING = "sourcing"
#: contacts of a sourcing page read at once
FETCH_CONCURRENCY = 5


@dataclass(frozen=True)
class Target:
    contact_id: str
    name: str
    has_email: bool


@dataclass(frozen=True)
class Targets:
    """The contacts of a results page, and the sourcing profiles left out (not in Leonar)."""

    contacts: list[Target] = field(default_factory=list)
    not_in_leonar: int = 0

    @property
    def with_email(self) -> int:
        return sum(1 for t in self.contacts if t.has_email)

    def to_enrich(self, *, anyway: bool) -> list[Target]:
        return [t for t in self.contacts if anyway or not t.has_email]


def target_of(contact: Contact) -> Target:
    return Target(contact.id, contact.full_name, bool(contact.work_email))


async def load(db: Database, leonar: LeonarClient, source: str, set_id: str) -> Targets | None:
    """The targets of a stored set; None when it expired. Raises the client's errors."""
    if source == SOURCING:
        return await _sourcing_targets(db, leonar, set_id)
    payload = await db.result_sets.get(set_id)
    ids = contact_ids_of(payload)
    if not ids:
        return None
    known = known_contacts_of(payload)
    missing = [cid for cid in ids if cid not in known]
    known.update({c.id: c for c in await _fetch(leonar, missing)})
    return Targets([target_of(known[cid]) for cid in ids if cid in known])


async def _sourcing_targets(db: Database, leonar: LeonarClient, set_id: str) -> Targets | None:
    try:
        page = await sourcing.get_set(db, set_id)
    except sourcing.SetExpired:
        return None
    ids = [m.contact_id for m in page.marks if m.contact_id]
    contacts = await _fetch(leonar, list(dict.fromkeys(ids)))
    return Targets([target_of(c) for c in contacts], not_in_leonar=len(page.marks) - len(ids))


async def _fetch(leonar: LeonarClient, ids: list[str]) -> list[Contact]:
    """The contacts, in order (those Leonar no longer has are left out)."""
    gate = asyncio.Semaphore(FETCH_CONCURRENCY)

    async def one(contact_id: str) -> Contact | None:
        async with gate:
            try:
                return await leonar.contacts.get(contact_id)
            except NotFoundError:
                return None

    found = await asyncio.gather(*(one(cid) for cid in ids))
    return [c for c in found if c is not None]
