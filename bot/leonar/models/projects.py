"""Projects, their pipeline stages and entries."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from bot.leonar.models.common import LeonarModel
from bot.leonar.models.contacts import Contact


class StageRef(LeonarModel):
    """A stage as embedded in other objects (``{id, name}``, sometimes ``category``)."""

    id: str | None = None
    name: str | None = None
    category: str | None = None


class PipelineStage(LeonarModel):
    id: str
    name: str | None = None
    position: int | None = None
    system_category: str | None = None  # e.g. "sourced"
    color: str | None = None
    entries_count: int | None = None


class ProjectPipeline(LeonarModel):
    id: str | None = None
    stages: list[PipelineStage] = Field(default_factory=list)


class ProjectSummary(LeonarModel):
    """An item of ``GET /projects`` (assumed shape)."""

    id: str
    name: str | None = None
    status: str | None = None
    client_name: str | None = None
    created_at: str | None = None


class Project(ProjectSummary):
    """``GET /projects/{id}``: the project with its pipeline stages."""

    pipeline: ProjectPipeline | None = None
    owners: list[Any] = Field(default_factory=list)

    @property
    def stages(self) -> list[PipelineStage]:
        stages = self.pipeline.stages if self.pipeline else []
        return sorted(stages, key=lambda s: (s.position is None, s.position or 0))

    def stage_named(self, name: str) -> PipelineStage | None:
        """The stage whose name or system category matches ``name`` (case-insensitive)."""
        wanted = name.strip().casefold()
        for stage in self.stages:
            if (stage.name or "").casefold() == wanted or (
                stage.system_category or ""
            ).casefold() == wanted:
                return stage
        return None


class ProjectEntry(LeonarModel):
    """Answer of ``POST /projects/{id}/entries`` (seed) and an item of
    ``GET /projects/{id}/entries``."""

    id: str
    project_id: str | None = None
    stage: StageRef | None = None
    rating: int | float | None = None
    notes: str | None = None
    rejection_reason_id: str | None = None
    created_at: str | None = None
    updated_at: str | None = None
    contact: Contact | None = None
