"""Searching Leonar contacts, page by page, and remembering a search as a stored result set.

A search is stored once in ``db.result_sets`` (kind ``"search"``) so buttons carry only a short
reference (``<set id>:<offset>``). The stored state keeps the query, the location, the contact
ids seen, the thread the results live in, and which reply message shows which cards (with the
contacts as Leonar sent them and the notes added since), so a card can be re-rendered in place.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError

from bot.leonar import Contact, LeonarClient
from bot.services.cache import TTLCache, leonar_key
from bot.store import Database
from bot.store.result_sets import Payload

PAGE_SIZE = 10
RESULT_SET_KIND = "search"
#: how long contacts seen in a search stay in the cache (the add-to-project modal reads them)
CONTACT_CACHE_TTL = 60.0


def contact_cache_name(contact_id: str) -> str:
    """The cache name of one contact (key: ``leonar_key(client, contact_cache_name(id))``)."""
    return f"contact:{contact_id}"


@dataclass(frozen=True)
class SearchPage:
    """One page of ``POST /contacts/search``."""

    contacts: list[Contact]
    offset: int
    total: int | None
    has_more: bool

    @property
    def next_offset(self) -> int | None:
        return self.offset + len(self.contacts) if self.has_more and self.contacts else None


async def fetch_page(
    client: LeonarClient,
    *,
    query: str,
    location: str | None = None,
    offset: int = 0,
    cache: TTLCache | None = None,
) -> SearchPage:
    """One page of contacts (``PAGE_SIZE``); the contacts are also put into ``cache``."""
    page = await client.contacts.search(
        query=query, location=location or None, limit=PAGE_SIZE, offset=offset
    )
    if cache is not None:
        for contact in page.data:
            cache.put(
                leonar_key(client, contact_cache_name(contact.id)),
                contact,
                ttl=CONTACT_CACHE_TTL,
            )
    return SearchPage(
        contacts=list(page.data),
        offset=offset,
        total=page.meta.total,
        has_more=page.meta.has_more,
    )


class _State(BaseModel):
    model_config = ConfigDict(extra="ignore")


class ResultMessage(_State):
    """One reply of the results thread and what it shows."""

    ts: str
    ids: list[str] = Field(default_factory=list)
    header: str | None = None
    footer: bool = False
    more_offset: int | None = None


class SearchState(_State):
    """What ``db.result_sets`` keeps for one search."""

    query: str
    location: str | None = None
    user_id: str = ""
    #: every contact id seen so far, in result order
    ids: list[str] = Field(default_factory=list)
    total: int | None = None
    next_offset: int | None = None
    #: the thread (bot.slack.threads.ThreadRef.to_dict())
    thread: dict[str, Any] | None = None
    #: contact id -> the contact as Leonar sent it (to re-render its card)
    contacts: dict[str, dict[str, Any]] = Field(default_factory=dict)
    #: contact id -> the mrkdwn note under its card (e.g. "✓ Added to *Project*")
    notes: dict[str, str] = Field(default_factory=dict)
    #: contact id -> the mrkdwn line of what an enrichment found (e.g. the work email)
    found: dict[str, str] = Field(default_factory=dict)
    messages: list[ResultMessage] = Field(default_factory=list)

    #: the contacts of pages added in this process, as parsed: rendering a card does not
    #: validate again what was just validated (10 Contact validations a page)
    #: (contact id -> the stored dict it was dumped to, the Contact); a dict replaced since
    #: (e.g. after an add to project) is validated again
    _parsed: dict[str, tuple[dict[str, Any], Contact]] = PrivateAttr(default_factory=dict)

    def add_page(self, page: SearchPage) -> None:
        for contact in page.contacts:
            if contact.id not in self.contacts:
                self.ids.append(contact.id)
            dumped = contact.model_dump(mode="json", exclude_none=True)
            self.contacts[contact.id] = dumped
            self._parsed[contact.id] = (dumped, contact)
        if page.total is not None:
            self.total = page.total
        self.next_offset = page.next_offset

    def contact(self, contact_id: str) -> Contact | None:
        data = self.contacts.get(contact_id)
        parsed = self._parsed.get(contact_id)
        if parsed is not None and parsed[0] is data:
            return parsed[1]
        return Contact.model_validate(data) if data is not None else None

    def message_with(self, contact_id: str, ts: str | None = None) -> ResultMessage | None:
        """The reply showing ``contact_id`` (the one with ``ts`` when given)."""
        for message in self.messages:
            if contact_id in message.ids and (not ts or message.ts == ts):
                return message
        return None


class SearchStore:
    """Typed access to the stored searches."""

    def __init__(self, db: Database, *, ttl_seconds: float) -> None:
        self._db = db
        self._ttl = ttl_seconds

    async def create(self, state: SearchState, *, team_id: str) -> str:
        return await self._db.result_sets.put(
            RESULT_SET_KIND, state.model_dump(mode="json"), team_id=team_id, ttl_seconds=self._ttl
        )

    async def load(self, set_id: str) -> SearchState | None:
        """The search, or None when unknown, expired or not a search."""
        payload = await self._db.result_sets.get(set_id)
        if not isinstance(payload, dict):
            return None
        try:
            return SearchState.model_validate(payload)
        except ValidationError:
            return None

    async def save(
        self, set_id: str, state: SearchState, *, activity: tuple[str, str, str] | None = None
    ) -> bool:
        """Write the search back; ``activity`` (team, user, line): the person's Home tab line,
        in the same transaction."""
        return await self._db.result_sets.update(
            set_id, state.model_dump(mode="json"), activity=activity
        )

    async def change(
        self, set_id: str, change: Callable[[SearchState], None]
    ) -> SearchState | None:
        """Apply ``change`` to the stored search in one transaction (no concurrent write is
        lost); the changed search, or None when it is unknown, expired or not a search."""
        changed: list[SearchState] = []

        def apply(payload: Payload) -> Payload:
            try:
                state = SearchState.model_validate(payload)
            except ValidationError:
                return payload
            change(state)
            changed.append(state)
            return state.model_dump(mode="json")

        await self._db.result_sets.modify(set_id, apply)
        return changed[0] if changed else None


def parse_more_value(value: str) -> tuple[str, int] | None:
    """``"<set id>:<offset>"`` -> (set id, offset); None when malformed."""
    set_id, sep, raw = value.rpartition(":")
    if not sep or not set_id or not raw.isdigit():
        return None
    return set_id, int(raw)
