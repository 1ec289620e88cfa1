"""LeonarModel (the base of every model), the enum-like values and pages."""

from __future__ import annotations

from typing import Final, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

T = TypeVar("T")


class LeonarModel(BaseModel):
    """Base: keeps unknown fields, accepts numbers where a string id is expected."""

    model_config = ConfigDict(extra="allow", populate_by_name=True, coerce_numbers_to_str=True)


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
