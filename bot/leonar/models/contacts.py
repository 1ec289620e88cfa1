"""Contacts and what hangs on them: emails, phones, notes, tags."""

from __future__ import annotations

from typing import Any

from pydantic import Field, field_validator

from bot.leonar.models.common import GlobalStatus, LeonarModel


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
