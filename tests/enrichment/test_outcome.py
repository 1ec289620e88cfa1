"""Leonar's answer to a poll → the outcome → the stored job → what the requester reads.

The end-to-end paths (sandbox, fake Slack) are in tests/test_poller.py; here every answer and
error the loop can meet is checked through the one classifier and the stored format the
notification is rendered from."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from bot.enrichment.outcome import (
    Found,
    KeyGone,
    RateLimited,
    StillRunning,
    TimedOut,
    classify,
    stored,
)
from bot.leonar.errors import (
    APIConnectionError,
    APIError,
    AuthenticationError,
    InsufficientCreditsError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
)
from bot.leonar.models import Enrichment
from bot.store import Job
from bot.ui.enrich import done_status_text, notification

#: what the notification reads of a job (the rest does not matter here)
JOB = Job.from_row(
    dict.fromkeys(Job.__dataclass_fields__)
    | {"contact_name": "Thomas Dubois", "requester_user_id": "U1", "type": "work_email"}
)


def _answer(status: str, **fields: Any) -> Enrichment:
    return Enrichment.model_validate({"id": "req1", "status": status, **fields})


def _told(answer: Enrichment | APIError, kind: str = "work_email", **flags: bool) -> str:
    """What the requester reads when a poll of a ``kind`` job gets ``answer``."""
    outcome = classify(answer, kind=kind, overdue=flags.get("overdue", False))
    assert not isinstance(outcome, StillRunning | RateLimited), outcome
    status, result = stored(outcome)
    job = replace(JOB, type=kind, status=status, result=result)
    return notification(job, timeout=600.0)[0]


def test_found_email_with_confidence_and_when_leonar_finished() -> None:
    answer = _answer(
        "completed",
        result={"email": "thomas@acme.io", "phone": "+33 6", "confidence": 0.92},
        completed_at="2024-05-01T10:00:00Z",
    )
    outcome = classify(answer, kind="work_email", overdue=False)
    assert outcome == Found("work_email", "thomas@acme.io", 0.92, finished_at=1714557600.0)
    assert _told(answer) == (
        "<@U1> Thomas Dubois's work email: *thomas@acme.io* (confidence 92%). "
        "It is saved on the contact in Leonar."
    )


def test_a_phone_job_reports_the_phone_not_the_email() -> None:
    answer = _answer("completed", result={"email": "thomas@acme.io", "phone": "+33 6 12"})
    assert _told(answer, kind="phone").startswith("<@U1> Thomas Dubois's phone number: *+33 6 12*")
    assert stored(classify(answer, kind="phone", overdue=False))[1]["email"] is None


def test_completed_with_nothing() -> None:
    answer = _answer("completed", result={"email": None})
    assert _told(answer) == "<@U1> Leonar finished but found no work email for Thomas Dubois."
    status, result = stored(classify(answer, kind="work_email", overdue=False))
    job = replace(JOB, status=status, result=result)
    assert done_status_text(job) == "❌ No work email for Thomas Dubois."


def test_leonar_gave_up() -> None:
    answer = _answer("failed", error={"message": "No work email found for this contact."})
    assert _told(answer) == (
        "<@U1> Leonar found no work email for Thomas Dubois (No work email found for this contact.)."
    )


@pytest.mark.parametrize("status", ["pending", "processing", "queued"])
def test_still_running_until_the_timeout(status: str) -> None:
    assert classify(_answer(status), kind="work_email", overdue=False) == StillRunning()
    assert classify(_answer(status), kind="work_email", overdue=True) == TimedOut("timeout")
    assert _told(_answer(status), overdue=True) == (
        "<@U1> Leonar still had no work email for Thomas Dubois after 10 minutes, "
        "so I stopped waiting. Try again later."
    )


@pytest.mark.parametrize(
    "error",
    [APIConnectionError(), InternalServerError("boom", status_code=503)],
)
def test_leonar_unreachable_is_retried_then_times_out(error: APIError) -> None:
    assert classify(error, kind="work_email", overdue=False) == StillRunning()
    assert classify(error, kind="work_email", overdue=True) == TimedOut("unreachable")


def test_rate_limited_keeps_leonars_retry_time() -> None:
    error = RateLimitError("slow down", status_code=429, retry_at=123.0)
    assert classify(error, kind="work_email", overdue=True) == RateLimited(123.0)


def test_errors_in_words() -> None:
    gone = NotFoundError("nope", status_code=404)
    assert _told(gone) == (
        "<@U1> Leonar no longer knows this enrichment request for Thomas Dubois. "
        "Please start it again."
    )
    credits = InsufficientCreditsError(
        "no credits",
        status_code=402,
        details={"credit_type": "email", "available": 0, "required": 1},
    )
    assert _told(credits) == (
        "<@U1> Could not look for Thomas Dubois's work email: Not enough email credits left in "
        "Leonar (0 available, 1 needed). Ask your Leonar admin to top up."
    )
    refused = AuthenticationError("bad key", status_code=401)
    assert _told(refused) == (
        "<@U1> I could not finish looking for Thomas Dubois's work email: "
        "Leonar refused the API key. Reconnect with `/leonar connect`."
    )
    denied = PermissionDeniedError("no", status_code=403)
    assert _told(denied).startswith("<@U1> I could not finish looking for Thomas Dubois's")


def test_key_gone_and_budget_timeout_in_words() -> None:
    status, result = stored(KeyGone())
    job = replace(JOB, status=status, result=result)
    assert (
        "no longer connected. Start it again after `/leonar connect`."
        in (notification(job, timeout=600.0)[0])
    )
    assert stored(TimedOut("budget")) == ("timed_out", {"reason": "budget"})
