"""Adding an existing contact to a hiring project (``POST /projects/{id}/entries``).

The lists the modal shows (active projects, a project's stages, the contact) come through the
short-lived cache, so opening the modal again, or changing the project back and forth, costs
no Leonar call.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.leonar import (
    Contact,
    LeonarClient,
    PipelineStage,
    Project,
    ProjectStatus,
    ProjectSummary,
    ValidationError,
)
from bot.services.cache import TTLCache, leonar_key
from bot.services.search import CONTACT_CACHE_TTL, contact_cache_name

LISTS_TTL = 60.0
#: Slack's static selects show at most 100 options
MAX_PROJECTS = 100


async def active_projects(client: LeonarClient, cache: TTLCache) -> list[ProjectSummary]:
    """The active projects (``GET /projects?status=active``), cached for a minute."""

    async def load() -> list[ProjectSummary]:
        projects: list[ProjectSummary] = []
        async for project in client.projects.iter(status=ProjectStatus.ACTIVE):
            projects.append(project)
            if len(projects) >= MAX_PROJECTS:
                break
        return projects

    return await cache.get_or_load(leonar_key(client, "projects:active"), load, ttl=LISTS_TTL)


async def project_detail(client: LeonarClient, cache: TTLCache, project_id: str) -> Project:
    """One project with its stages (``GET /projects/{id}``), cached for a minute."""
    return await cache.get_or_load(
        leonar_key(client, f"project:{project_id}"),
        lambda: client.projects.get(project_id),
        ttl=LISTS_TTL,
    )


async def contact(client: LeonarClient, cache: TTLCache, contact_id: str) -> Contact:
    """The contact (``GET /contacts/{id}``), or the copy a recent search left in the cache."""
    return await cache.get_or_load(
        leonar_key(client, contact_cache_name(contact_id)),
        lambda: client.contacts.get(contact_id),
        ttl=CONTACT_CACHE_TTL,
    )


def remember_contact(client: LeonarClient, cache: TTLCache, known: Contact) -> None:
    """Keep a contact just read from Leonar for the modal and the add (no second GET)."""
    cache.put(leonar_key(client, contact_cache_name(known.id)), known, ttl=CONTACT_CACHE_TTL)


@dataclass(frozen=True)
class AddResult:
    project: Project
    contact: Contact
    #: the stage the contact is in now (None when Leonar did not say)
    stage_name: str | None
    #: the contact was already in the project: nothing was added
    already: bool = False


def _is_already_in_project(exc: ValidationError) -> bool:
    text = " ".join([exc.message, *exc.fields.values()]).casefold()
    return "already" in text


async def add_contact(
    client: LeonarClient,
    cache: TTLCache,
    *,
    project_id: str,
    contact_id: str,
    stage_id: str | None = None,
) -> AddResult:
    """Add the contact at ``stage_id`` (the first stage when None). A contact already in the
    project is not an error: the result says ``already``. Other Leonar errors are raised."""
    project = await project_detail(client, cache, project_id)
    try:
        entry = await client.projects.add_entry(
            project_id, contact_id=contact_id, stage_id=stage_id
        )
    except ValidationError as exc:
        if not _is_already_in_project(exc):
            raise
        known = await contact(client, cache, contact_id)
        return AddResult(project=project, contact=known, stage_name=None, already=True)
    stage_name = entry.stage.name if entry.stage else _stage_name(project, stage_id)
    if entry.contact is not None:
        fresh = entry.contact
        remember_contact(client, cache, fresh)
    else:
        fresh = await contact(client, cache, contact_id)
    return AddResult(project=project, contact=fresh, stage_name=stage_name)


def _stage_name(project: Project, stage_id: str | None) -> str | None:
    stages: list[PipelineStage] = project.stages
    if stage_id is None:
        return stages[0].name if stages else None
    return next((s.name for s in stages if s.id == stage_id), None)
