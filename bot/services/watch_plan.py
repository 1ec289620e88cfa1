"""When watches are checked: the rate plan (many watches on one key stretch their interval so
they never spend more than a share of the key's hourly budget, leaving the rest to people's
commands and to enrichment polling) and the weekly digest's schedule. Pure functions."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

HOUR = 3600.0
#: Leonar calls one check makes: GET /projects/{id} (the entries only when a count changed)
PROJECT_CHECK_CALLS = 1
#: deals are read 50 a page
DEALS_PAGE = 50
#: the digest goes out on Mondays at 09:00 in the setter's timezone
DIGEST_WEEKDAY = 0
DIGEST_HOUR = 9


def deals_check_calls(open_deals: int) -> int:
    """Calls of one deals check: every page of the open deals (at least one)."""
    return max(1, math.ceil(open_deals / DEALS_PAGE))


@dataclass(frozen=True)
class RatePlan:
    #: seconds between two checks of each watch on the key
    interval: float
    #: Leonar calls each watch makes per hour at that interval
    calls_per_watch_per_hour: float
    #: part of the key's hourly budget all its watches use (0..1)
    budget_share_used: float


def effective_interval(
    n_watches_on_key: int,
    calls_per_check: float,
    base_interval: float,
    hourly_budget: int | None,
    share: float,
) -> float:
    """``base_interval``, stretched so the key's watches spend at most ``share`` of its
    ``hourly_budget`` (unknown budget: the interval is not stretched)."""
    if n_watches_on_key <= 0 or calls_per_check <= 0 or not hourly_budget or share <= 0:
        return base_interval
    allowed_per_hour = hourly_budget * share
    needed = n_watches_on_key * calls_per_check * HOUR / allowed_per_hour
    return max(base_interval, needed)


def rate_plan(
    n_watches_on_key: int,
    calls_per_check: float,
    base_interval: float,
    hourly_budget: int | None,
    share: float,
) -> RatePlan:
    """The interval and what it costs: reportable per key (bench, docs, logs)."""
    interval = effective_interval(
        n_watches_on_key, calls_per_check, base_interval, hourly_budget, share
    )
    per_watch = calls_per_check * HOUR / interval
    used = n_watches_on_key * per_watch / hourly_budget if hourly_budget else 0.0
    return RatePlan(interval, per_watch, used)


def zone(tz: str | None) -> dt.tzinfo:
    """The setter's timezone (Slack's ``users.info`` ``tz``); UTC when unknown."""
    try:
        return ZoneInfo(tz) if tz else dt.UTC
    except (ZoneInfoNotFoundError, ValueError):
        return dt.UTC


def digest_week_start(now: float, tz: str | None) -> float:
    """The most recent Monday 09:00 in ``tz`` at or before ``now`` (epoch seconds)."""
    local = dt.datetime.fromtimestamp(now, zone(tz))
    monday = local.date() - dt.timedelta(days=(local.weekday() - DIGEST_WEEKDAY) % 7)
    start = dt.datetime.combine(monday, dt.time(DIGEST_HOUR), tzinfo=zone(tz))
    if start.timestamp() > now:
        start -= dt.timedelta(days=7)
    return start.timestamp()


def next_digest_at(now: float, tz: str | None) -> float:
    """The next Monday 09:00 in ``tz`` after ``now``."""
    start = dt.datetime.fromtimestamp(digest_week_start(now, tz), zone(tz))
    return (start + dt.timedelta(days=7)).timestamp()


def digest_due(last_digest_at: float | None, now: float, tz: str | None) -> float | None:
    """This week's digest start when it is due and not told yet (claim it with
    ``WatchRepository.mark_digest(week_start=...)``), else None. A channel whose first watch
    is newer than this Monday 09:00 waits for the next one: pass its ``created_at`` as
    ``last_digest_at`` when it never had a digest."""
    start = digest_week_start(now, tz)
    if last_digest_at is not None and last_digest_at >= start:
        return None
    return start
