"""Deals, deal pipelines, companies."""

from __future__ import annotations

from pydantic import Field

from bot.leonar.models.common import DealStatus, LeonarModel
from bot.leonar.models.projects import StageRef


class Company(LeonarModel):
    id: str
    name: str | None = None


class DealPipelineStage(LeonarModel):
    id: str
    name: str | None = None
    position: int | None = None
    category: str | None = None


class DealPipeline(LeonarModel):
    id: str
    name: str | None = None
    stages: list[DealPipelineStage] = Field(default_factory=list)

    @property
    def ordered_stages(self) -> list[DealPipelineStage]:
        return sorted(self.stages, key=lambda s: (s.position is None, s.position or 0))


class Deal(LeonarModel):
    id: str
    title: str | None = None
    amount: int | float | None = None
    currency: str | None = None
    status: str | None = None
    stage: StageRef | None = None
    stage_id: str | None = None
    pipeline_id: str | None = None
    company: Company | None = None
    company_id: str | None = None
    expected_close_date: str | None = None
    signed_amount: int | float | None = None
    actual_close_date: str | None = None
    created_at: str | None = None
    updated_at: str | None = None

    @property
    def is_open(self) -> bool:
        return self.status not in DealStatus.CLOSED

    @property
    def current_stage_id(self) -> str | None:
        return (self.stage.id if self.stage else None) or self.stage_id


class DealContact(LeonarModel):
    deal_id: str | None = None
    contact_id: str | None = None
