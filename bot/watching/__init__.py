"""Watches in the background: one check of a watch (``checks``), telling a channel exactly once
and the weekly digest (``telling``), and the claim-and-check loop (``loop``) that runs beside the
enrichment poller.

Layer: beside bot.enrichment (neither imports the other), above bot.slack."""

from bot.watching.checks import CheckResult, check_deals, check_project, open_deals, read_entries
from bot.watching.loop import KEY_GONE, KEY_REFUSED, LEASE_SECONDS, WatchLoop, budget_ready
from bot.watching.telling import already_posted, post_outbox, tell_digest, watch_metadata

__all__ = [
    "KEY_GONE",
    "KEY_REFUSED",
    "LEASE_SECONDS",
    "CheckResult",
    "WatchLoop",
    "already_posted",
    "budget_ready",
    "check_deals",
    "check_project",
    "open_deals",
    "post_outbox",
    "read_entries",
    "tell_digest",
    "watch_metadata",
]
