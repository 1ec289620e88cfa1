"""The error envelope → error class mapping (one place) and the words a recruiter sees."""

from __future__ import annotations

from collections.abc import Mapping

import httpx
import pytest
import respx

from bot.leonar import (
    APIStatusError,
    AuthenticationError,
    BillingRequiredError,
    InsufficientCreditsError,
    InsufficientScopeError,
    InternalServerError,
    LeonarClient,
    NotFoundError,
    PermissionDeniedError,
    PlanUpgradeRequiredError,
    RateLimitError,
    ValidationError,
    error_from_response,
)
from tests.leonar.support import API_KEY, START


def _envelope(
    code: str, message: str = "boom", details: Mapping[str, object] | None = None
) -> dict[str, object]:
    error: dict[str, object] = {"code": code, "message": message}
    if details is not None:
        error["details"] = details
    return {"error": error}


@pytest.mark.parametrize(
    ("status", "code", "cls"),
    [
        (400, "validation_error", ValidationError),
        (401, "invalid_api_key", AuthenticationError),
        (402, "insufficient_credits", InsufficientCreditsError),
        (403, "insufficient_scope", InsufficientScopeError),
        (403, "billing_required", BillingRequiredError),
        (403, "plan_upgrade_required", PlanUpgradeRequiredError),
        (403, "something_new", PermissionDeniedError),
        (404, "not_found", NotFoundError),
        (429, "rate_limit_exceeded", RateLimitError),
        (500, "internal_error", InternalServerError),
        (503, "unavailable", InternalServerError),
        (409, "conflict", APIStatusError),
        # the status decides; a code that contradicts it does not win
        (400, "invalid_api_key", ValidationError),
    ],
)
def test_status_and_code_map_to_class(status: int, code: str, cls: type[APIStatusError]) -> None:
    error = error_from_response(httpx.Response(status, json=_envelope(code, "Leonar says no")))
    assert type(error) is cls
    assert (error.status_code, error.code, error.message) == (status, code, "Leonar says no")
    assert error.user_message and API_KEY not in error.user_message


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, ValidationError),
        (401, AuthenticationError),
        (402, InsufficientCreditsError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (429, RateLimitError),
        (500, InternalServerError),
        (502, InternalServerError),
    ],
)
def test_non_json_body_still_maps_by_status(status: int, cls: type[APIStatusError]) -> None:
    response = httpx.Response(
        status, text="<html><h1>Bad Gateway</h1></html>", headers={"content-type": "text/html"}
    )
    error = error_from_response(response)
    assert type(error) is cls
    assert error.code is None and error.message  # falls back to the reason phrase


def test_empty_body_maps_by_status() -> None:
    assert type(error_from_response(httpx.Response(404))) is NotFoundError


def test_credits_message_names_counts() -> None:
    error = error_from_response(
        httpx.Response(
            402,
            json=_envelope(
                "insufficient_credits",
                details={"credit_type": "enrichment", "available": 2, "required": 5},
            ),
        )
    )
    assert isinstance(error, InsufficientCreditsError)
    assert (error.credit_type, error.available, error.required) == ("enrichment", 2, 5)
    assert error.user_message == (
        "Not enough enrichment credits left in Leonar (2 available, 5 needed). "
        "Ask your Leonar admin to top up."
    )


def test_auth_message() -> None:
    error = error_from_response(httpx.Response(401, json=_envelope("invalid_api_key")))
    assert error.user_message == "Leonar refused the API key. Reconnect with `/leonar connect`."


def test_validation_fields_from_details() -> None:
    error = error_from_response(
        httpx.Response(
            400,
            json=_envelope(
                "validation_error", "Invalid body", {"limit": "must be between 1 and 100"}
            ),
        )
    )
    assert isinstance(error, ValidationError)
    assert error.fields == {"limit": "must be between 1 and 100"}
    assert "limit (must be between 1 and 100)" in error.user_message


def test_validation_fields_from_error_list() -> None:
    details = {"errors": [{"field": "email", "message": "is invalid"}]}
    error = error_from_response(
        httpx.Response(400, json=_envelope("validation_error", "bad", details))
    )
    assert isinstance(error, ValidationError)
    assert error.fields == {"email": "is invalid"}


def test_scope_message_names_the_permission() -> None:
    error = error_from_response(
        httpx.Response(
            403, json=_envelope("insufficient_scope", details={"required_scope": "deals:write"})
        )
    )
    assert "deals:write" in error.user_message and "Leonar admin" in error.user_message


def test_rate_limit_retry_at_from_retry_after() -> None:
    error = error_from_response(
        httpx.Response(429, json=_envelope("rate_limit_exceeded"), headers={"Retry-After": "120"}),
        now=START,
    )
    assert isinstance(error, RateLimitError)
    assert error.retry_at == START + 120
    assert "try again in about 2 minutes" in error.user_message


def test_rate_limit_retry_at_from_reset_header() -> None:
    response = httpx.Response(
        429,
        json=_envelope("rate_limit_exceeded"),
        headers={"X-RateLimit-Reset": str(int(START) + 1800)},
    )
    error = error_from_response(response, now=START)
    assert isinstance(error, RateLimitError)
    assert error.retry_at == START + 1800
    assert "about 30 minutes" in error.user_message


def test_rate_limit_without_headers() -> None:
    error = error_from_response(httpx.Response(429, text="slow down"))
    assert isinstance(error, RateLimitError) and error.retry_at is None
    assert "few minutes" in error.user_message


@pytest.mark.parametrize(
    ("status", "code", "expected"),
    [
        (400, "validation_error", ValidationError),
        (401, "invalid_api_key", AuthenticationError),
        (402, "insufficient_credits", InsufficientCreditsError),
        (403, "insufficient_scope", InsufficientScopeError),
        (404, "not_found", NotFoundError),
        (429, "rate_limit_exceeded", RateLimitError),
        (500, "internal_error", InternalServerError),
    ],
)
async def test_client_raises_mapped_error(
    client: LeonarClient,
    router: respx.MockRouter,
    status: int,
    code: str,
    expected: type[APIStatusError],
) -> None:
    client.retry_policy = client.retry_policy.__class__(max_retries=0)
    router.post("/tags").respond(
        status, json=_envelope(code, "nope"), headers={"X-Request-Id": "req-1"}
    )
    with pytest.raises(expected) as info:
        await client.tags.create(name="x", color="#000000")
    assert info.value.status_code == status and info.value.request_id == "req-1"
