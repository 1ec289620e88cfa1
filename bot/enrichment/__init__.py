"""Enrichment: starting one (``start``), the poll plan (``schedule``), what a poll came to
(``outcome``), the claim-and-poll loop (``loop``), the one notification (``notifier``) and the
poller inside the web process (``inline``).

Layer: above bot.slack (it posts through its Poster); nothing below imports it."""

from bot.enrichment.inline import (
    InlinePoller,
    background_health,
    poller_health,
    run_worker,
    start_background,
)
from bot.enrichment.loop import (
    LEASE_SECONDS,
    STOP_GRACE,
    JobRef,
    Poller,
    PollerStats,
)
from bot.enrichment.notifier import Notifier, carries_job, notification_metadata
from bot.enrichment.outcome import (
    Failed,
    Found,
    KeyGone,
    NoCredits,
    Outcome,
    RateLimited,
    Refused,
    RequestGone,
    StillRunning,
    Terminal,
    TimedOut,
    classify,
    stored,
)
from bot.enrichment.schedule import (
    HISTORY,
    SCHEDULE_TTL,
    Schedules,
    budget_wait,
    first_poll_at,
    interleave,
    load_offsets,
)
from bot.enrichment.start import Started, record, request

__all__ = [
    "HISTORY",
    "JobRef",
    "LEASE_SECONDS",
    "SCHEDULE_TTL",
    "STOP_GRACE",
    "Failed",
    "Found",
    "InlinePoller",
    "KeyGone",
    "NoCredits",
    "Notifier",
    "Outcome",
    "Poller",
    "PollerStats",
    "RateLimited",
    "Refused",
    "RequestGone",
    "Schedules",
    "Started",
    "StillRunning",
    "Terminal",
    "TimedOut",
    "background_health",
    "budget_wait",
    "carries_job",
    "classify",
    "first_poll_at",
    "interleave",
    "load_offsets",
    "notification_metadata",
    "poller_health",
    "record",
    "request",
    "run_worker",
    "start_background",
    "stored",
]
