"""LinkedIn sourcing: search pages, store them, add profiles to a project. Knows nothing of Slack.

A search page is stored in ``db.result_sets`` (kind ``"sourcing"``) as a :class:`SourcingSet`:
the search parameters, the project, the account, the page, the FULL profile objects and what
happened to each (new, already in the project, added). Buttons carry only ``"<set id>:<index>"``.
Double clicks add nothing twice: each add claims ``db.dedupe`` keys and marks the stored set
(adding is in ``bot.services.sourcing_add``).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from pydantic import BaseModel, Field, ValidationError

from bot.leonar import (
    ConnectedAccount,
    LeonarClient,
    LeonarError,
    LinkedInProfile,
    Location,
    ProjectSummary,
)
from bot.services.add_to_project import LISTS_TTL, active_projects
from bot.services.cache import TTLCache, leonar_key
from bot.store import Database

log = logging.getLogger(__name__)

KIND: Final = "sourcing"
#: profiles per search page (one Slack message holds them without reaching 50 blocks)
PAGE_SIZE: Final = 10
#: how long the buttons of a results page keep working
SET_TTL_SECONDS: Final = 7 * 24 * 3600.0
#: how long a click's claim guards against a second click while the first one runs
CLAIM_TTL_SECONDS: Final = 24 * 3600.0
#: the locations typeahead answers inside Slack's 3 s
LOCATIONS_TIMEOUT: Final = 2.5
MAX_LOCATION_OPTIONS: Final = 100


class SetExpired(LookupError):
    """The stored results page is unknown or expired (buttons of an old message)."""


class ProfileStatus:
    NEW: Final = "new"
    IN_PROJECT: Final = "in_project"
    ADDED: Final = "added"


class ProfileMark(BaseModel):
    """What happened to one profile of a page."""

    status: str = ProfileStatus.NEW
    contact_id: str | None = None
    stage: str | None = None
    #: bumped when an add failed, so the profile can be claimed again
    attempt: int = 0


class SourcingSearch(BaseModel):
    """The search as the recruiter asked for it (repeated for the next pages)."""

    account_id: str
    api_type: str
    job_titles: list[str]
    #: LinkedIn location id -> title
    locations: dict[str, str] = Field(default_factory=dict)
    years_min: int | None = None
    years_max: int | None = None
    project_id: str
    project_name: str
    page_size: int = PAGE_SIZE


class CardMessage(BaseModel):
    """A posted message holding the cards of profiles ``start`` .. ``end - 1``."""

    ts: str
    start: int
    end: int


class SourcingSet(BaseModel):
    """One stored page of sourcing results (the payload of a result set)."""

    team_id: str
    user_id: str
    search: SourcingSearch
    page: int = 1
    total_count: int | None = None
    filtered_count: int | None = None
    has_more: bool = False
    next_page: int | None = None
    #: the full profile objects as Leonar sent them
    profiles: list[dict[str, Any]] = Field(default_factory=list)
    marks: list[ProfileMark] = Field(default_factory=list)
    #: bot.slack.threads.ThreadRef.to_dict() of the results thread
    thread: dict[str, Any] | None = None
    card_messages: list[CardMessage] = Field(default_factory=list)
    controls_ts: str | None = None
    #: the set of the next page, once it was fetched
    next_set_id: str | None = None
    next_attempt: int = 0
    page_attempt: int = 0

    def profile(self, index: int) -> LinkedInProfile:
        return LinkedInProfile.model_validate(self.profiles[index])

    def new_indices(self) -> list[int]:
        return [i for i, m in enumerate(self.marks) if m.status == ProfileStatus.NEW]


@dataclass(frozen=True)
class SourcingForm:
    """A validated sourcing modal."""

    account_id: str
    api_type: str
    job_titles: tuple[str, ...]
    locations: dict[str, str]
    years_min: int | None
    years_max: int | None
    project_id: str
    project_name: str

    def search(self) -> SourcingSearch:
        return SourcingSearch(
            account_id=self.account_id,
            api_type=self.api_type,
            job_titles=list(self.job_titles),
            locations=dict(self.locations),
            years_min=self.years_min,
            years_max=self.years_max,
            project_id=self.project_id,
            project_name=self.project_name,
        )


@dataclass
class AddOutcome:
    """What an add-to-project click did. Indices refer to the page's profiles."""

    set_id: str
    set: SourcingSet
    #: (index, contact id or None)
    added: list[tuple[int, str | None]] = field(default_factory=list)
    #: skipped by Leonar (already in the project)
    skipped: list[int] = field(default_factory=list)
    #: already added or already in the project before this click
    already: list[int] = field(default_factory=list)
    #: another click is adding them right now
    in_flight: list[int] = field(default_factory=list)
    stage: str | None = None


# --------------------------------------------------------------------------- lists for the modal


async def load_accounts(client: LeonarClient, cache: TTLCache) -> list[ConnectedAccount]:
    """The connected LinkedIn accounts that can source (recruiter or Sales Navigator active),
    from ``GET /connected-accounts`` cached for a minute."""
    accounts = await cache.get_or_load(
        leonar_key(client, "connected-accounts"), client.accounts.list, ttl=LISTS_TTL
    )
    return [a for a in accounts if a.can_source]


async def load_modal_lists(
    client: LeonarClient, cache: TTLCache
) -> tuple[list[ConnectedAccount], list[ProjectSummary]]:
    """The modal's accounts (those that can source) and active projects (at most 100)."""
    accounts, projects = await asyncio.gather(
        load_accounts(client, cache), active_projects(client, cache)
    )
    return accounts, projects[:100]


async def find_locations(
    client: LeonarClient, *, query: str, account_id: str, api_type: str
) -> list[Location]:
    """LinkedIn locations matching ``query`` for the account; [] on an error or a slow answer
    (a typeahead has nowhere to show a message)."""
    q = query.strip()
    if not q or not account_id or not api_type:
        return []
    try:
        found = await asyncio.wait_for(
            client.sourcing.locations(q=q, account_id=account_id, api_type=api_type),
            timeout=LOCATIONS_TIMEOUT,
        )
    except (LeonarError, TimeoutError) as exc:
        log.info("location lookup failed: %s", type(exc).__name__)
        return []
    return found[:MAX_LOCATION_OPTIONS]


# --------------------------------------------------------------------------- stored sets


async def get_set(db: Database, set_id: str) -> SourcingSet:
    found = _parse(await db.result_sets.get(set_id))
    if found is None:
        raise SetExpired(set_id)
    return found


def _parse(payload: Any) -> SourcingSet | None:
    if not isinstance(payload, dict) or payload.get("kind") != KIND:
        return None
    try:
        return SourcingSet.model_validate(payload["set"])
    except (ValidationError, KeyError):
        return None


async def modify_set(
    db: Database, set_id: str, change: Callable[[SourcingSet], None]
) -> SourcingSet:
    """Apply ``change`` to the stored set atomically (see ``ResultSetRepository.modify``) and
    return the set as saved. Raises SetExpired when it is gone."""
    saved: list[SourcingSet] = []

    def apply(payload: Any) -> Any:
        current = _parse(payload)
        if current is None:
            return payload  # not ours: written back unchanged
        change(current)
        saved.append(current)
        return _payload(current)

    await db.result_sets.modify(set_id, apply)
    if not saved:
        raise SetExpired(set_id)
    return saved[0]


def _payload(sourcing_set: SourcingSet) -> dict[str, Any]:
    return {"kind": KIND, "set": sourcing_set.model_dump(mode="json")}


async def record_messages(
    db: Database,
    set_id: str,
    *,
    thread: dict[str, Any],
    cards: Sequence[CardMessage],
    controls_ts: str | None,
) -> SourcingSet:
    """Remember where the page was posted (to update its cards in place later)."""

    def change(current: SourcingSet) -> None:
        current.thread = thread
        current.card_messages = list(cards)
        current.controls_ts = controls_ts

    return await modify_set(db, set_id, change)


# --------------------------------------------------------------------------- search


async def search_page(
    db: Database,
    client: LeonarClient,
    search: SourcingSearch,
    *,
    page: int = 1,
    team_id: str,
    user_id: str,
    thread: dict[str, Any] | None = None,
) -> tuple[str, SourcingSet]:
    """Run one search page and store it; returns (set id, set)."""
    result = await client.sourcing.search(
        account_id=search.account_id,
        project_id=search.project_id,
        job_titles=search.job_titles,
        location_ids=search.locations or None,
        years_min=search.years_min,
        years_max=search.years_max,
        page=page,
        page_size=search.page_size,
    )
    profiles = [p.model_dump(mode="json", exclude_unset=True) for p in result.profiles]
    marks = [
        ProfileMark(
            status=ProfileStatus.IN_PROJECT if p.already_in_project else ProfileStatus.NEW,
            contact_id=p.existing_contact_id,
        )
        for p in result.profiles
    ]
    following = result.next_page if result.next_page and result.next_page > page else page + 1
    sourcing_set = SourcingSet(
        team_id=team_id,
        user_id=user_id,
        search=search,
        page=page,
        total_count=result.total_count,
        filtered_count=result.filtered_count,
        has_more=result.has_more and bool(result.profiles),
        next_page=following if result.has_more else None,
        profiles=profiles,
        marks=marks,
        thread=thread,
    )
    set_id = await db.result_sets.put(
        KIND, _payload(sourcing_set), team_id=team_id, ttl_seconds=SET_TTL_SECONDS
    )
    return set_id, sourcing_set


@dataclass
class NextPage:
    """The previous page's set (its Next page now used) and the new page, if one was fetched."""

    previous_id: str
    previous: SourcingSet
    new_id: str | None = None
    new: SourcingSet | None = None
    #: another click fetches it right now, or it was fetched already
    duplicate: bool = False


async def next_page(db: Database, client: LeonarClient, set_id: str) -> NextPage:
    """Fetch and store the page after ``set_id`` (once, however often Next page is clicked)."""
    current = await get_set(db, set_id)
    if current.next_set_id or not current.has_more or current.next_page is None:
        return NextPage(set_id, current, duplicate=True)
    key = f"sourcing:next:{set_id}:{current.next_attempt}"
    if not await db.dedupe.first_time(key, ttl_seconds=CLAIM_TTL_SECONDS):
        return NextPage(set_id, current, duplicate=True)
    try:
        new_id, new_set = await search_page(
            db,
            client,
            current.search,
            page=current.next_page,
            team_id=current.team_id,
            user_id=current.user_id,
            thread=current.thread,
        )
    except LeonarError:

        def retry_later(fresh: SourcingSet) -> None:
            fresh.next_attempt += 1

        await modify_set(db, set_id, retry_later)
        raise

    def link(fresh: SourcingSet) -> None:
        fresh.next_set_id = new_id

    fresh = await modify_set(db, set_id, link)
    return NextPage(set_id, fresh, new_id, new_set)


# --------------------------------------------------------------------------- button values


def parse_ref(value: str) -> tuple[str, int] | None:
    """ "<set id>:<index>" -> (set id, index); None when malformed."""
    set_id, sep, raw = value.rpartition(":")
    if not sep or not set_id or not raw.isdigit():
        return None
    return set_id, int(raw)


def profile_ref(set_id: str, index: int) -> str:
    return f"{set_id}:{index}"
