"""Typed views of Leonar's answers.

Every model keeps fields Leonar adds later (``extra="allow"``); optional fields default to None;
enum-like fields are plain ``str`` with the known values as constants (unknown values pass).
Timestamps and dates are kept as the ISO strings Leonar sent.
"""

from __future__ import annotations

from typing import Any, ClassVar, Final, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field, field_validator

__all__ = [
    "AddToProjectResult",
    "ApiStatus",
    "ApiType",
    "Company",
    "ConnectedAccount",
    "Contact",
    "ContactTag",
    "CurrentJob",
    "Deal",
    "DealContact",
    "DealPipeline",
    "DealPipelineStage",
    "DealStatus",
    "Email",
    "EnrichmentRequest",
    "EnrichmentResult",
    "Enrichment",
    "EnrichmentStatus",
    "EnrichmentType",
    "EnrollContact",
    "EnrollResult",
    "GlobalStatus",
    "LeonarModel",
    "LinkedInEducation",
    "LinkedInExperience",
    "LinkedInProfile",
    "Location",
    "Message",
    "MessageChannel",
    "Note",
    "Page",
    "PageMeta",
    "Phone",
    "PipelineStage",
    "Project",
    "ProjectEntry",
    "ProjectPipeline",
    "ProjectStatus",
    "ProjectSummary",
    "Sequence",
    "SourcingPage",
    "StageRef",
    "Tag",
    "TagScope",
]

T = TypeVar("T")


class LeonarModel(BaseModel):
    """Base: keeps unknown fields, accepts numbers where a string id is expected."""

    model_config = ConfigDict(extra="allow", populate_by_name=True, coerce_numbers_to_str=True)


# --------------------------------------------------------------------------- enum-like values


class GlobalStatus:
    NEW: Final = "new"
    DO_NOT_CONTACT: Final = "do_not_contact"


class ProjectStatus:
    ACTIVE: Final = "active"
    ARCHIVED: Final = "archived"
    CLOSED: Final = "closed"


class EnrichmentType:
    WORK_EMAIL: Final = "work_email"
    PERSONAL_EMAIL: Final = "personal_email"  # assumed
    PHONE: Final = "phone"  # assumed


class EnrichmentStatus:
    PENDING: Final = "pending"
    PROCESSING: Final = "processing"  # assumed
    COMPLETED: Final = "completed"
    FAILED: Final = "failed"  # assumed
    TERMINAL: Final = frozenset({COMPLETED, FAILED})


class DealStatus:
    OPEN: Final = "open"
    WON: Final = "won"
    LOST: Final = "lost"
    DISQUALIFIED: Final = "disqualified"
    CLOSED: Final = frozenset({WON, LOST, DISQUALIFIED})


class MessageChannel:
    EMAIL: Final = "email"
    LINKEDIN: Final = "linkedin"


class TagScope:
    CONTACT: Final = "contact"


class ApiType:
    """LinkedIn API flavours of a connected account (``api_type`` of the locations lookup)."""

    CLASSIC: Final = "classic"
    SALES_NAVIGATOR: Final = "sales_navigator"
    RECRUITER: Final = "recruiter"


# --------------------------------------------------------------------------- paging


class PageMeta(LeonarModel):
    total: int | None = None
    limit: int | None = None
    offset: int = 0
    has_more: bool = False


class Page(BaseModel, Generic[T]):
    """One page of an offset list endpoint: ``{"data": [...], "meta": {...}}``."""

    model_config = ConfigDict(extra="allow")

    data: list[T] = Field(default_factory=list)
    meta: PageMeta = Field(default_factory=PageMeta)


# --------------------------------------------------------------------------- contacts


class Email(LeonarModel):
    email: str | None = None
    type: str | None = None  # "work", "personal", ...


class Phone(LeonarModel):
    phone: str | None = None
    type: str | None = None


class Contact(LeonarModel):
    """A Leonar contact (shape of the project-entries seed)."""

    id: str
    first_name: str | None = None
    last_name: str | None = None
    title: str | None = None
    current_company: str | None = None
    location: str | None = None
    linkedin_profile: str | None = None
    emails: list[Email] = Field(default_factory=list)
    phones: list[Phone] = Field(default_factory=list)
    tags: list[str] = Field(default_factory=list)
    global_status: str | None = None
    source: str | None = None
    summary: str | None = None
    skills: list[str] = Field(default_factory=list)
    languages: list[str] = Field(default_factory=list)
    years_experience: int | float | None = None
    custom_data: dict[str, Any] = Field(default_factory=dict)
    do_not_contact: bool | None = None
    created_at: str | None = None
    updated_at: str | None = None
    last_contacted_at: str | None = None
    archived_at: str | None = None

    @field_validator("emails", "phones", "skills", "languages", mode="before")
    @classmethod
    def _none_is_empty_list(cls, value: Any) -> Any:
        return [] if value is None else value

    @field_validator("custom_data", mode="before")
    @classmethod
    def _none_is_empty_dict(cls, value: Any) -> Any:
        return {} if value is None else value

    @field_validator("tags", mode="before")
    @classmethod
    def _tag_names(cls, value: Any) -> Any:
        """Tags are names in the seed; tolerate tag objects (``{"name": ...}``)."""
        if value is None:
            return []
        if isinstance(value, list):
            return [t.get("name") or t.get("id") or "" if isinstance(t, dict) else t for t in value]
        return value

    @property
    def full_name(self) -> str:
        name = " ".join(p.strip() for p in (self.first_name, self.last_name) if p and p.strip())
        return name or "Unnamed contact"

    @property
    def work_email(self) -> str | None:
        for e in self.emails:
            if e.email and (e.type or "").lower() in ("work", "professional"):
                return e.email
        return None

    @property
    def primary_email(self) -> str | None:
        """The work email, else the first email on record."""
        return self.work_email or next((e.email for e in self.emails if e.email), None)

    @property
    def primary_phone(self) -> str | None:
        return next((p.phone for p in self.phones if p.phone), None)

    @property
    def is_do_not_contact(self) -> bool:
        return bool(self.do_not_contact) or self.global_status == GlobalStatus.DO_NOT_CONTACT


class Note(LeonarModel):
    """Answer of ``POST /contacts/{id}/notes`` (assumed shape)."""

    id: str | None = None
    contact_id: str | None = None
    content: str | None = None
    created_at: str | None = None


class Tag(LeonarModel):
    id: str
    name: str | None = None
    color: str | None = None
    scope: str | None = None


class ContactTag(LeonarModel):
    """Answer of ``POST /contacts/{id}/tags`` (assumed shape)."""

    contact_id: str | None = None
    tag: Tag | None = None
    tag_id: str | None = None


# --------------------------------------------------------------------------- projects


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


# --------------------------------------------------------------------------- sourcing


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


# --------------------------------------------------------------------------- enrichment


class EnrichmentRequest(LeonarModel):
    """Answer of ``POST /contacts/{id}/enrich``."""

    request_id: str
    type: str | None = None
    status: str | None = None


class EnrichmentResult(LeonarModel):
    email: str | None = None
    phone: str | None = None
    confidence: float | None = None


class Enrichment(LeonarModel):
    """``GET /enrichment/{request_id}``. Any status other than completed/failed is still running."""

    id: str
    contact_id: str | None = None
    enrichment_type: str | None = None
    status: str | None = None
    result: EnrichmentResult | None = None
    error: Any = None
    created_at: str | None = None
    completed_at: str | None = None

    @property
    def is_completed(self) -> bool:
        return self.status == EnrichmentStatus.COMPLETED

    @property
    def is_failed(self) -> bool:
        return self.status == EnrichmentStatus.FAILED

    @property
    def is_terminal(self) -> bool:
        return self.status in EnrichmentStatus.TERMINAL

    @property
    def error_message(self) -> str | None:
        if self.error is None:
            return None
        if isinstance(self.error, dict):
            message = self.error.get("message") or self.error.get("code")
            return str(message) if message else None
        return str(self.error)


# --------------------------------------------------------------------------- sequences


class Sequence(LeonarModel):
    id: str
    name: str | None = None
    status: str | None = None
    steps_count: int | None = None


class EnrollContact(LeonarModel):
    """One contact of the ``contacts`` enroll format, with its custom variables."""

    contact_id: str
    custom_variables: dict[str, Any] = Field(default_factory=dict)


class EnrollResult(LeonarModel):
    enrolled: int = 0
    skipped_blacklisted: int = 0
    skipped_already_enrolled: int = 0
    skipped_active_elsewhere: int = 0
    skipped_not_found: int = 0

    @property
    def skipped(self) -> int:
        return (
            self.skipped_blacklisted
            + self.skipped_already_enrolled
            + self.skipped_active_elsewhere
            + self.skipped_not_found
        )


# --------------------------------------------------------------------------- deals


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


# --------------------------------------------------------------------------- messages


class Message(LeonarModel):
    id: str
    conversation_id: str | None = None
    contact_id: str | None = None
    channel: str | None = None
    status: str | None = None
