"""When Leonar says to come back: ``Retry-After`` and ``X-RateLimit-Reset`` read as absolute
unix times (for the rate budgets, the retry policy and a 429's error)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from email.utils import parsedate_to_datetime

import httpx

__all__ = ["parse_reset", "parse_retry_after", "retry_at_from_headers"]


def parse_retry_after(value: str | None, *, now: float) -> float | None:
    """``Retry-After`` as an absolute unix time: delta seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            return parsedate_to_datetime(value).timestamp()
        except (TypeError, ValueError, IndexError):
            return None
    if not math.isfinite(seconds):
        return None
    return now + max(0.0, seconds)


#: a reset value below this is read as "seconds from now" rather than a unix time
_RESET_DELTA_THRESHOLD = 1_000_000_000.0


def parse_reset(value: str | None, *, now: float) -> float | None:
    """``X-RateLimit-Reset`` as an absolute unix time (documented as unix seconds; a small
    number is tolerated as seconds from now)."""
    if not value:
        return None
    try:
        reset = float(value.strip())
    except ValueError:
        return None
    if not math.isfinite(reset) or reset < 0:
        return None
    return now + reset if reset < _RESET_DELTA_THRESHOLD else reset


def retry_at_from_headers(headers: Mapping[str, str], *, now: float) -> float | None:
    """When a 429 says to come back: ``Retry-After`` first, else ``X-RateLimit-Reset``."""
    h = httpx.Headers(headers)
    return parse_retry_after(h.get("retry-after"), now=now) or parse_reset(
        h.get("x-ratelimit-reset"), now=now
    )
