"""Outreach: sequences and enrollment, messages."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from bot.leonar.models.common import LeonarModel


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


class Message(LeonarModel):
    id: str
    conversation_id: str | None = None
    contact_id: str | None = None
    channel: str | None = None
    status: str | None = None
