"""The Leonar error hierarchy (``bot.leonar.error_mapping`` is the ONE place that maps an
error answer to it).

Every error carries ``.user_message``: one or two plain sentences a recruiter understands
(no HTTP jargon, never the API key). Services show it as is.
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping
from typing import Any

import httpx

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BillingRequiredError",
    "InsufficientCreditsError",
    "InsufficientScopeError",
    "InternalServerError",
    "LeonarError",
    "NotFoundError",
    "PermissionDeniedError",
    "PlanUpgradeRequiredError",
    "RateLimitError",
    "ValidationError",
]

_TRY_AGAIN = "Please try again in a minute."


class LeonarError(Exception):
    """Base of everything the Leonar client raises."""

    user_message: str = "Something went wrong while talking to Leonar. " + _TRY_AGAIN

    def __init__(self, message: str, *, user_message: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if user_message is not None:
            self.user_message = user_message


class APIError(LeonarError):
    """A call to Leonar failed (an error answer, or no usable answer at all)."""


class APIResponseValidationError(APIError):
    """Leonar answered 2xx with a body this client cannot read."""

    user_message = (
        "Leonar answered in a way this bot does not understand. "
        "Please try again, and tell your admin if it keeps happening."
    )

    def __init__(self, message: str, *, status_code: int | None = None, body: str = "") -> None:
        super().__init__(message)
        self.status_code = status_code
        self.body = body


class APIConnectionError(APIError):
    """Leonar could not be reached (DNS, refused connection, broken connection...)."""

    user_message = "Could not reach Leonar. " + _TRY_AGAIN

    def __init__(
        self, message: str = "Connection error.", *, user_message: str | None = None
    ) -> None:
        super().__init__(message, user_message=user_message)


class APITimeoutError(APIConnectionError):
    """Leonar did not answer in time.

    ``may_have_applied`` is True when the request was sent and was not a read: Leonar may have
    done it anyway, so the user is told to check before trying again.
    """

    user_message = "Leonar took too long to answer. " + _TRY_AGAIN

    def __init__(
        self, message: str = "Request timed out.", *, may_have_applied: bool = False
    ) -> None:
        user_message = None
        if may_have_applied:
            user_message = (
                "Leonar took too long to answer, so this may or may not have gone through. "
                "Check in Leonar before trying again."
            )
        super().__init__(message, user_message=user_message)
        self.may_have_applied = may_have_applied


class APIStatusError(APIError):
    """Leonar answered with an error status and (usually) the ``{"error": {...}}`` envelope."""

    def __init__(
        self,
        message: str,
        *,
        status_code: int,
        code: str | None = None,
        details: Mapping[str, Any] | None = None,
        request_id: str | None = None,
        response: httpx.Response | None = None,
        user_message: str | None = None,
    ) -> None:
        self.status_code = status_code
        self.code = code
        self.details: dict[str, Any] = dict(details or {})
        self.request_id = request_id
        self.response = response
        self.message = message
        super().__init__(message, user_message=user_message or self._default_user_message())

    def _default_user_message(self) -> str:
        return f"Leonar could not do this (error {self.status_code}). " + _TRY_AGAIN

    def __str__(self) -> str:
        code = f" {self.code}" if self.code else ""
        return f"Leonar {self.status_code}{code}: {self.message}"


class ValidationError(APIStatusError):
    """400 ``validation_error``; ``.fields`` maps each rejected field to Leonar's reason."""

    def __init__(self, message: str, **kwargs: Any) -> None:
        details: Mapping[str, Any] = kwargs.get("details") or {}
        self.fields: dict[str, str] = _fields_from_details(details)
        super().__init__(message, **kwargs)

    def _default_user_message(self) -> str:
        if self.fields:
            parts = [
                f"{name} ({reason})" if reason else name for name, reason in self.fields.items()
            ]
            return "Leonar did not accept some of the values: " + ", ".join(parts) + "."
        if self.message:
            return f"Leonar did not accept the request: {self.message.rstrip('.')}."
        return "Leonar did not accept the request."


class AuthenticationError(APIStatusError):
    """401 ``invalid_api_key``."""

    def _default_user_message(self) -> str:
        return "Leonar refused the API key. Reconnect with `/leonar connect`."


class InsufficientCreditsError(APIStatusError):
    """402 ``insufficient_credits``; details ``credit_type``, ``available``, ``required``."""

    def __init__(self, message: str, **kwargs: Any) -> None:
        details: Mapping[str, Any] = kwargs.get("details") or {}
        credit_type = details.get("credit_type")
        self.credit_type: str | None = str(credit_type) if credit_type is not None else None
        self.available: int | None = _as_int(details.get("available"))
        self.required: int | None = _as_int(details.get("required"))
        super().__init__(message, **kwargs)

    def _default_user_message(self) -> str:
        kind = f"{self.credit_type.replace('_', ' ')} credits" if self.credit_type else "credits"
        counts = ""
        if self.available is not None and self.required is not None:
            counts = f" ({self.available} available, {self.required} needed)"
        elif self.available is not None:
            counts = f" ({self.available} available)"
        return f"Not enough {kind} left in Leonar{counts}. Ask your Leonar admin to top up."


class PermissionDeniedError(APIStatusError):
    """403 (any code)."""

    def _default_user_message(self) -> str:
        return "Leonar does not allow this API key to do that. Ask your Leonar admin for access."


class InsufficientScopeError(PermissionDeniedError):
    """403 ``insufficient_scope``: the key lacks a permission such as ``contacts:write``."""

    def _default_user_message(self) -> str:
        scope = _scope_from_details(self.details)
        what = f" (it needs the “{scope}” permission)" if scope else ""
        return (
            f"Your Leonar API key is not allowed to do this{what}. "
            "Ask your Leonar admin for a key with that access, then reconnect with `/leonar connect`."
        )


class BillingRequiredError(PermissionDeniedError):
    """403 ``billing_required``."""

    def _default_user_message(self) -> str:
        return "Your Leonar workspace needs an active subscription for this. Ask your Leonar admin."


class PlanUpgradeRequiredError(PermissionDeniedError):
    """403 ``plan_upgrade_required``."""

    def _default_user_message(self) -> str:
        return (
            "Your Leonar plan does not include this feature. Ask your Leonar admin about upgrading."
        )


class NotFoundError(APIStatusError):
    """404 ``not_found``."""

    def _default_user_message(self) -> str:
        return "Leonar could not find that item. It may have been deleted or merged."


class RateLimitError(APIStatusError):
    """429 ``rate_limit_exceeded``; ``.retry_at`` is when Leonar said to try again (unix seconds)."""

    def __init__(
        self,
        message: str,
        *,
        retry_at: float | None = None,
        now: float | None = None,
        **kwargs: Any,
    ) -> None:
        self.retry_at = retry_at
        self._now = time.time() if now is None else now
        super().__init__(message, **kwargs)

    def _default_user_message(self) -> str:
        base = "Leonar is limiting how many requests this API key can make right now."
        if self.retry_at is None:
            return f"{base} Please try again in a few minutes."
        return f"{base} Please try again {_in_about(self.retry_at - self._now)}."


class InternalServerError(APIStatusError):
    """5xx."""

    def _default_user_message(self) -> str:
        return "Leonar had a problem on its side. " + _TRY_AGAIN


# --------------------------------------------------------------------------- small helpers


def _as_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and math.isfinite(value):
        return int(value)
    if isinstance(value, str):
        try:
            return int(float(value))
        except (ValueError, OverflowError):
            return None
    return None


def _fields_from_details(details: Mapping[str, Any]) -> dict[str, str]:
    """Leonar's validation details name the fields; accept the likely shapes."""
    source: Any = details.get("fields", details)
    fields: dict[str, str] = {}
    if isinstance(source, Mapping):
        for name, reason in source.items():
            if isinstance(reason, list):
                reason = "; ".join(str(r) for r in reason)
            fields[str(name)] = "" if reason is None else str(reason)
    errors = details.get("errors")
    if isinstance(errors, list):
        fields.pop("errors", None)
        for item in errors:
            if isinstance(item, Mapping):
                name = item.get("field") or item.get("path") or item.get("name")
                if name is not None:
                    fields[str(name)] = str(item.get("message") or item.get("reason") or "")
    return fields


def _scope_from_details(details: Mapping[str, Any]) -> str | None:
    for key in ("required_scope", "scope", "required_scopes", "missing_scopes", "scopes"):
        value = details.get(key)
        if isinstance(value, str) and value:
            return value
        if isinstance(value, list) and value:
            return ", ".join(str(v) for v in value)
    return None


def _in_about(seconds: float) -> str:
    if seconds <= 60:
        return "in a minute"
    minutes = math.ceil(seconds / 60)
    if minutes < 90:
        return f"in about {minutes} minutes"
    hours = round(minutes / 60)
    return f"in about {hours} hour{'s' if hours != 1 else ''}"
