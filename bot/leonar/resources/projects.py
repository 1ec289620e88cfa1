"""Projects: the list, one project with its stages, its entries, adding a contact."""

from __future__ import annotations

from collections.abc import AsyncIterator

from bot.leonar.models import Page, Project, ProjectEntry, ProjectSummary
from bot.leonar.resources._base import Resource, compact, every, seg

#: page size of the entries listing in public client code
ENTRIES_PAGE = 50


class Projects(Resource):
    async def list(
        self, *, status: str | None = "active", limit: int = 50, offset: int = 0
    ) -> Page[ProjectSummary]:
        """``GET /projects?status=&limit=&offset=`` (assumed item shape)."""
        return await self._page(
            ProjectSummary, "/projects", status=status, limit=limit, offset=offset
        )

    def iter(
        self, *, status: str | None = "active", page_size: int = 100
    ) -> AsyncIterator[ProjectSummary]:
        """Every project with this status, page after page."""
        return every(
            lambda limit, offset: self.list(status=status, limit=limit, offset=offset), page_size
        )

    async def get(self, project_id: str) -> Project:
        """``GET /projects/{id}``: the project with its pipeline stages."""
        return await self._one(Project, f"/projects/{seg(project_id)}")

    async def add_entry(
        self, project_id: str, *, contact_id: str, stage_id: str | None = None
    ) -> ProjectEntry:
        """``POST /projects/{id}/entries`` (first stage when ``stage_id`` is None)."""
        body = compact(contact_id=contact_id, stage_id=stage_id)
        path = f"/projects/{seg(project_id)}/entries"
        return await self._one(ProjectEntry, path, method="POST", json=body)

    async def entries(
        self, project_id: str, *, limit: int = ENTRIES_PAGE, offset: int = 0
    ) -> Page[ProjectEntry]:
        """``GET /projects/{id}/entries?limit=&offset=`` (seen in public client code, paged by
        50): entries with their ``stage`` and ``contact``."""
        path = f"/projects/{seg(project_id)}/entries"
        return await self._page(ProjectEntry, path, limit=limit, offset=offset)

    def iter_entries(
        self, project_id: str, *, page_size: int = ENTRIES_PAGE
    ) -> AsyncIterator[ProjectEntry]:
        """Every entry of the project, page after page."""
        return every(
            lambda limit, offset: self.entries(project_id, limit=limit, offset=offset), page_size
        )
