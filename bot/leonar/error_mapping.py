"""The ONE place that maps an error answer of Leonar (status, ``{"error": {"code", "message",
"details"}}`` envelope, rate headers) to the error hierarchy of ``bot.leonar.errors``."""

from __future__ import annotations

import json
import time
from typing import Any

import httpx

from bot.leonar.errors import (
    APIStatusError,
    AuthenticationError,
    BillingRequiredError,
    InsufficientCreditsError,
    InsufficientScopeError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    PlanUpgradeRequiredError,
    RateLimitError,
    ValidationError,
)
from bot.leonar.headers import retry_at_from_headers

__all__ = ["error_from_response"]


_BY_STATUS: dict[int, type[APIStatusError]] = {
    400: ValidationError,
    401: AuthenticationError,
    402: InsufficientCreditsError,
    403: PermissionDeniedError,
    404: NotFoundError,
    422: ValidationError,
    429: RateLimitError,
}
_BY_CODE: dict[str, type[APIStatusError]] = {
    "validation_error": ValidationError,
    "invalid_api_key": AuthenticationError,
    "insufficient_credits": InsufficientCreditsError,
    "insufficient_scope": InsufficientScopeError,
    "billing_required": BillingRequiredError,
    "plan_upgrade_required": PlanUpgradeRequiredError,
    "not_found": NotFoundError,
    "rate_limit_exceeded": RateLimitError,
    "internal_error": InternalServerError,
}


def _class_for(status: int, code: str | None) -> type[APIStatusError]:
    """The status decides; the code only refines it (403 + ``insufficient_scope``)."""
    by_status = _BY_STATUS.get(status) or (InternalServerError if status >= 500 else APIStatusError)
    by_code = _BY_CODE.get(code) if code else None
    if by_code is not None and issubclass(by_code, by_status):
        return by_code
    return by_status


def error_from_response(response: httpx.Response, *, now: float | None = None) -> APIStatusError:
    """Build the right error for an error answer, reading the envelope if there is one.

    A body that is not JSON (a proxy's HTML page, an empty body) still maps by status.
    """
    now = time.time() if now is None else now
    status = response.status_code
    code: str | None = None
    message = ""
    details: dict[str, Any] = {}
    try:
        body: Any = response.json()
    except (json.JSONDecodeError, UnicodeDecodeError, ValueError):
        body = None
    envelope = body.get("error") if isinstance(body, dict) else None
    if isinstance(envelope, dict):
        raw_code = envelope.get("code")
        code = str(raw_code) if raw_code is not None else None
        message = str(envelope.get("message") or "")
        raw_details = envelope.get("details")
        if isinstance(raw_details, dict):
            details = raw_details
        elif isinstance(raw_details, list):
            details = {"errors": raw_details}
    elif isinstance(envelope, str):
        message = envelope
    if not message:
        message = response.reason_phrase or f"HTTP {status}"
    cls = _class_for(status, code)
    kwargs: dict[str, Any] = {
        "status_code": status,
        "code": code,
        "details": details,
        "request_id": response.headers.get("x-request-id"),
        "response": response,
    }
    if issubclass(cls, RateLimitError):
        return cls(
            message, retry_at=retry_at_from_headers(response.headers, now=now), now=now, **kwargs
        )
    return cls(message, **kwargs)
