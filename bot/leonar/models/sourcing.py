"""Connected accounts and LinkedIn sourcing: locations, profiles, search pages, add-to-project answers."""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import Field

from bot.leonar.models.common import ApiType, LeonarModel
from bot.leonar.models.projects import StageRef


class ApiStatus(LeonarModel):
    classic: str | None = None
    sales_navigator: str | None = None
    recruiter: str | None = None


class ConnectedAccount(LeonarModel):
    id: str
    name: str | None = None
    license_type: str | None = None
    api_status: ApiStatus | None = None

    ACTIVE: ClassVar[str] = "active"

    @property
    def sourcing_api_type(self) -> str | None:
        """The API flavour to search with: recruiter, else Sales Navigator, else None (the
        recipes say to pick an account where one of these is active)."""
        status = self.api_status or ApiStatus()
        if status.recruiter == self.ACTIVE:
            return ApiType.RECRUITER
        if status.sales_navigator == self.ACTIVE:
            return ApiType.SALES_NAVIGATOR
        return None

    @property
    def can_source(self) -> bool:
        return self.sourcing_api_type is not None


class Location(LeonarModel):
    id: str
    title: str | None = None


class CurrentJob(LeonarModel):
    title: str | None = None
    company_name: str | None = None


class LinkedInExperience(LeonarModel):
    title: str | None = None
    company_name: str | None = None
    start_date: str | None = None
    end_date: str | None = None
    description: str | None = None
    is_current: bool | None = None


class LinkedInEducation(LeonarModel):
    educational_establishment: str | None = None
    diploma: str | None = None
    specialization: str | None = None
    start_date: str | None = None
    end_date: str | None = None


class LinkedInProfile(LeonarModel):
    """A sourcing search result. Keeps every field it was given so the whole object goes back to
    ``POST /sourcing/add-to-project``; see :meth:`to_add_payload`."""

    #: response-only metadata: stripped before sending the profile back
    RESPONSE_ONLY: ClassVar[frozenset[str]] = frozenset(
        {"already_in_project", "existing_contact_id"}
    )

    profile_id: str
    first_name: str | None = None
    last_name: str | None = None
    headline: str | None = None
    picture_url: str | None = None
    location: str | None = None
    linkedin_url: str | None = None
    summary: str | None = None
    current_job: CurrentJob | None = None
    experiences: list[LinkedInExperience] | None = None
    educations: list[LinkedInEducation] | None = None
    skills: list[str] | None = None
    total_years_experience: int | float | None = None
    already_in_project: bool | None = None
    existing_contact_id: str | None = None

    @property
    def full_name(self) -> str:
        name = " ".join(p.strip() for p in (self.first_name, self.last_name) if p and p.strip())
        return name or "Unnamed profile"

    @property
    def job_title(self) -> str | None:
        return self.current_job.title if self.current_job else None

    @property
    def company_name(self) -> str | None:
        return self.current_job.company_name if self.current_job else None

    @property
    def can_add(self) -> bool:
        """Profiles with ``already_in_project: false`` (or unknown) can be added."""
        return not self.already_in_project

    def to_add_payload(self) -> dict[str, Any]:
        """The profile exactly as received (all fields, nulls kept) minus response-only fields."""
        return self.model_dump(mode="json", exclude_unset=True, exclude=set(self.RESPONSE_ONLY))


class SourcingPage(LeonarModel):
    """``POST /sourcing/linkedin/search``: one page of profiles (page/page_size paging)."""

    profiles: list[LinkedInProfile] = Field(default_factory=list)
    total_count: int | None = None
    filtered_count: int | None = None
    has_more: bool = False
    next_page: int | None = None


class AddToProjectResult(LeonarModel):
    added: int = 0
    skipped: int = 0
    contact_ids: list[str] = Field(default_factory=list)
    skipped_profiles: list[Any] = Field(default_factory=list)
    stage: StageRef | None = None
