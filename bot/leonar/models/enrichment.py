"""Enrichment requests and their results."""

from __future__ import annotations

from typing import Any

from bot.leonar.models.common import EnrichmentStatus, LeonarModel


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
