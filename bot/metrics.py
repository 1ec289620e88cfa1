"""Prometheus metrics of the process (``GET /metrics``, see docs/operations.md).

The bottom layer, beside ``bot.log``: any layer may count. Every hook is one call on a
module-level metric (a lock and an add; no I/O on the request path). With several web processes
(``WEB_CONCURRENCY`` > 1) ``leonar-bot serve`` sets ``PROMETHEUS_MULTIPROC_DIR`` before the
workers start: each process then writes its figures to files there and ``render`` adds them up.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)

__all__ = [
    "ACK_SECONDS",
    "CONTENT_TYPE_LATEST",
    "LEONAR_BUDGET_REMAINING",
    "LEONAR_CALLS",
    "NOTIFICATIONS_POSTED",
    "POLLER_BACKLOG",
    "SLACK_API_ERRORS",
    "SLACK_REQUESTS",
    "endpoint_template",
    "render",
]

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"

SLACK_REQUESTS = Counter(
    "leonar_bot_slack_requests_total",
    "Slack requests answered, by kind (command, block_actions, view_submission, event, ...) "
    "and outcome (ok, error, rejected, malformed, not_ready)",
    ["kind", "outcome"],
)
ACK_SECONDS = Histogram(
    "leonar_bot_ack_seconds",
    "Seconds from a Slack request's arrival to its answer (Slack allows 3)",
    ["kind"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 3.0, 5.0),
)
LEONAR_CALLS = Counter(
    "leonar_bot_leonar_calls_total",
    "Leonar API answers by method, endpoint (ids replaced by {id}) and status "
    "(the HTTP status, or 'error' when no answer came)",
    ["method", "endpoint", "status"],
)
LEONAR_BUDGET_REMAINING = Gauge(
    "leonar_bot_leonar_budget_remaining",
    "Calls left in the current rate window of a Leonar key (X-RateLimit-Remaining), "
    "by key fingerprint (12 hex chars of the key's sha256)",
    ["key"],
    multiprocess_mode="mostrecent",
)
POLLER_BACKLOG = Gauge(
    "leonar_bot_poller_backlog",
    "Enrichment jobs waiting for a result (as last counted by a poller)",
    multiprocess_mode="mostrecent",
)
NOTIFICATIONS_POSTED = Counter(
    "leonar_bot_notifications_posted_total",
    "Enrichment results posted to Slack by the poller",
)
SLACK_API_ERRORS = Counter(
    "leonar_bot_slack_api_errors_total",
    "Slack Web API calls that failed, by method and Slack's error code",
    ["method", "error"],
)

_WORD = re.compile(r"[a-z]+(?:[-_][a-z]+)*")


@lru_cache(maxsize=2048)
def endpoint_template(path: str) -> str:
    """``/contacts/5f0c…/enrich`` → ``/contacts/{id}/enrich``: every path segment that is not a
    plain lower-case word is an id (label values must not grow with the data)."""
    parts = path.split("?", 1)[0].split("/")
    return "/".join(p if not p or _WORD.fullmatch(p) else "{id}" for p in parts)


def render() -> tuple[bytes, str]:
    """The exposition text of this process, or of all processes in multiprocess mode."""
    if os.environ.get(MULTIPROC_ENV):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST
