"""What one poll of an enrichment came to, as a small sum type, and the one function that reads
Leonar's answer (or error) into it.

Terminal outcomes end the job (``stored`` turns them into the job's status and result JSON, the
format bot.store.jobs keeps and bot.ui.enrich reads); the others send it back to wait.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from bot.leonar.errors import (
    APIError,
    InsufficientCreditsError,
    NotFoundError,
    RateLimitError,
)
from bot.leonar.models import Enrichment
from bot.store import TerminalStatus
from bot.ui.enrich import (
    PHONE,
    REASON_CREDITS,
    REASON_ERROR,
    REASON_FAILED,
    REASON_NO_KEY,
    REASON_NOT_FOUND,
)

# --------------------------------------------------------------------------- terminal


@dataclass(frozen=True)
class Found:
    """Leonar finished; ``value`` is what it found for the job's ``kind`` (None: nothing)."""

    kind: str
    value: str | None
    confidence: float | None = None
    #: when Leonar finished (Unix seconds), None when it did not say
    finished_at: float | None = None


@dataclass(frozen=True)
class Failed:
    """Leonar gave up on the enrichment (e.g. no email exists for the contact)."""

    message: str = ""


@dataclass(frozen=True)
class NoCredits:
    """Leonar refused to go on: the workspace has no enrichment credits left (402)."""

    message: str = ""


@dataclass(frozen=True)
class RequestGone:
    """Leonar no longer knows the request id (404)."""


@dataclass(frozen=True)
class KeyGone:
    """The Leonar key the job was started with is no longer connected."""


@dataclass(frozen=True)
class Refused:
    """The key was refused (401/403)."""

    message: str = ""


@dataclass(frozen=True)
class TimedOut:
    """Still nothing at ``ENRICHMENT_TIMEOUT``; ``why`` the last poll did not settle it."""

    why: Literal["timeout", "budget", "unreachable"] = "timeout"


# --------------------------------------------------------------------------- not yet


@dataclass(frozen=True)
class StillRunning:
    """Leonar is still working on it (or could not be asked): poll again on the schedule."""


@dataclass(frozen=True)
class RateLimited:
    """Leonar answered 429: poll again after ``retry_at`` (Unix seconds) when it said."""

    retry_at: float | None = None


Terminal = Found | Failed | NoCredits | RequestGone | KeyGone | Refused | TimedOut
Outcome = Terminal | StillRunning | RateLimited


def _timestamp(value: str | None) -> float | None:
    """Unix seconds of an ISO 8601 time from Leonar (``...Z``), None when absent or unreadable."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.timestamp()


def _from_error(error: APIError, *, overdue: bool) -> Outcome:
    if isinstance(error, RateLimitError):
        return RateLimited(error.retry_at)
    if isinstance(error, NotFoundError):
        return RequestGone()
    if isinstance(error, InsufficientCreditsError):
        return NoCredits(error.user_message)
    if getattr(error, "status_code", None) in (401, 403):
        return Refused(error.user_message)
    # Leonar unreachable or failing: try again later (report the timeout when due)
    return TimedOut("unreachable") if overdue else StillRunning()


def classify(answer: Enrichment | APIError, *, kind: str, overdue: bool) -> Outcome:
    """What Leonar's answer to ``GET /enrichment/{id}`` (or the error it raised) means for a job
    of ``kind``; ``overdue``: the job is past ``ENRICHMENT_TIMEOUT`` (no more waiting)."""
    if isinstance(answer, APIError):
        return _from_error(answer, overdue=overdue)
    if answer.is_completed:
        found = answer.result
        value = (found.phone if kind == PHONE else found.email) if found else None
        return Found(
            kind=kind,
            value=value,
            confidence=found.confidence if found else None,
            finished_at=_timestamp(answer.completed_at),
        )
    if answer.is_failed:
        return Failed(answer.error_message or "")
    return TimedOut("timeout") if overdue else StillRunning()


def stored(outcome: Terminal) -> tuple[TerminalStatus, dict[str, Any]]:
    """The job's status and result JSON for a terminal outcome (the format jobs are kept in)."""
    match outcome:
        case Found(kind=kind, value=value, confidence=confidence):
            phone = kind == PHONE
            return "completed", {
                "email": None if phone else value,
                "phone": value if phone else None,
                "confidence": confidence,
            }
        case Failed(message=message):
            return "failed", {"reason": REASON_FAILED, "message": message}
        case NoCredits(message=message):
            return "failed", {"reason": REASON_CREDITS, "message": message}
        case RequestGone():
            return "failed", {"reason": REASON_NOT_FOUND}
        case KeyGone():
            return "error", {"reason": REASON_NO_KEY}
        case Refused(message=message):
            return "error", {"reason": REASON_ERROR, "message": message}
        case TimedOut(why=why):
            return "timed_out", {"reason": why}
