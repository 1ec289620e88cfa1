"""Adding profiles of a stored LinkedIn sourcing page to its project, once each.

Each profile is claimed with a ``db.dedupe`` key before it is sent (a double click, or Add all
while a single add runs, sends nothing twice); the stored set is then marked (added, or already
in the project as Leonar said). On a Leonar error the claims are released for a retry."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from bot.leonar import LeonarClient, LeonarError
from bot.services.sourcing import (
    CLAIM_TTL_SECONDS,
    AddOutcome,
    ProfileMark,
    ProfileStatus,
    SourcingSet,
    get_set,
    modify_set,
)
from bot.store import Database

log = logging.getLogger(__name__)


async def add_profiles(
    db: Database, client: LeonarClient, set_id: str, indices: Sequence[int] | None = None
) -> AddOutcome:
    """Add profiles of a stored page to its project (``indices`` None: every new one).

    Sends the FULL profile objects (``LinkedInProfile.to_add_payload``), at most 100 per call.
    Profiles added before, already in the project, or being added by another click are not
    sent again. On a Leonar error the claims are released (the person can retry) and it raises.
    """
    current = await get_set(db, set_id)
    wanted = list(range(len(current.profiles))) if indices is None else list(indices)
    outcome = AddOutcome(set_id=set_id, set=current)
    candidates = await _claim(db, outcome, [i for i in wanted if 0 <= i < len(current.profiles)])
    if not candidates:
        return outcome
    profiles = [current.profile(i) for i in candidates]
    try:
        result = await client.sourcing.add_to_project(
            project_id=current.search.project_id, profiles=profiles
        )
    except LeonarError:

        def release(fresh: SourcingSet) -> None:
            for index in candidates:
                fresh.marks[index].attempt += 1

        await modify_set(db, set_id, release)
        raise
    existing = _skipped(result.skipped_profiles)
    found: dict[int, str | None] = {}
    added_indices: list[int] = []
    for index, profile in zip(candidates, profiles, strict=True):
        keys = (profile.profile_id, profile.linkedin_url or "")
        if any(key in existing for key in keys):
            outcome.skipped.append(index)
            found[index] = existing.get(keys[0]) or existing.get(keys[1])
        else:
            added_indices.append(index)
    # contact_ids come in the order of the profiles that were added
    ids: list[str | None] = list(result.contact_ids)
    if len(ids) != len(added_indices):
        log.warning("add-to-project: %d contact ids for %d profiles", len(ids), len(added_indices))
        ids = [None] * len(added_indices)
    outcome.stage = result.stage.name if result.stage else None
    outcome.added = list(zip(added_indices, ids, strict=True))
    outcome.set = await _mark(db, outcome, found)
    return outcome


async def _claim(db: Database, outcome: AddOutcome, wanted: list[int]) -> list[int]:
    """The profiles this click may send: new ones nobody else is adding right now."""
    candidates: list[int] = []
    for index in wanted:
        mark = outcome.set.marks[index]
        if mark.status != ProfileStatus.NEW:
            outcome.already.append(index)
            continue
        key = f"sourcing:add:{outcome.set_id}:{index}:{mark.attempt}"
        if await db.dedupe.first_time(key, ttl_seconds=CLAIM_TTL_SECONDS):
            candidates.append(index)
        else:
            outcome.in_flight.append(index)
    return candidates


def _skipped(skipped_profiles: Sequence[Any]) -> dict[str, str | None]:
    """Profile id and LinkedIn URL of each profile Leonar skipped -> its existing contact id."""
    out: dict[str, str | None] = {}
    for skipped in skipped_profiles:
        if not isinstance(skipped, dict):
            continue
        contact = skipped.get("existing_contact_id")
        for field in ("profile_id", "linkedin_url"):
            if skipped.get(field):
                out[str(skipped[field])] = str(contact) if contact else None
    return out


async def _mark(db: Database, outcome: AddOutcome, existing: dict[int, str | None]) -> SourcingSet:
    """Record what the add did on the stored page; the page as saved."""

    def apply(fresh: SourcingSet) -> None:
        for index, contact_id in outcome.added:
            fresh.marks[index] = ProfileMark(
                status=ProfileStatus.ADDED, contact_id=contact_id, stage=outcome.stage
            )
        for index in outcome.skipped:
            fresh.marks[index] = ProfileMark(
                status=ProfileStatus.IN_PROJECT,
                contact_id=existing.get(index) or fresh.marks[index].contact_id,
            )

    return await modify_set(db, outcome.set_id, apply)
