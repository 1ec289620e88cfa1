"""One check of one watch: read Leonar with the setter's key, compare with what the channel was
last told (bot.services.watches), and say what to post.

A project check is ``GET /projects/{id}`` (one call); only when a stage count changed are the
entries read (``GET /projects/{id}/entries``, paged) to name who moved. A deals check reads every
page of ``GET /deals?status=open`` and ``GET /deals/{id}`` for each deal that left the list.
The result is the new snapshot and the messages (``Post``) to tell, in the outbox format of
bot.store.watches: ``{"posts": [{"text", "blocks"}, ...]}``.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import Any

from bot.leonar import Deal, LeonarClient, Project, ProjectEntry
from bot.leonar.errors import AuthenticationError, LeonarError, NotFoundError, RateLimitError
from bot.services.watch_plan import PROJECT_CHECK_CALLS, deals_check_calls
from bot.services.watches import (
    Snapshot,
    counts_changed,
    deal_changes,
    left_open,
    project_changes,
    project_snapshot,
)
from bot.store import Watch
from bot.ui.watches import deal_event_message, project_change_message

log = logging.getLogger(__name__)

Post = dict[str, Any]


@dataclass(frozen=True)
class CheckResult:
    """What one check found: the snapshot to store, the messages to post (none: nothing
    changed) and how many Leonar calls it took (the rate plan's ``calls_per_check``)."""

    state: Snapshot
    posts: list[Post] = field(default_factory=list)
    calls: int = PROJECT_CHECK_CALLS

    @property
    def changed(self) -> bool:
        return bool(self.posts)


def as_post(message: tuple[str, list[dict[str, Any]]]) -> Post:
    text, blocks = message
    return {"text": text, "blocks": blocks}


def keep_week(new: Snapshot, previous: Snapshot | None) -> Snapshot:
    """The digest's baseline (``week``) survives a change snapshot."""
    week = (previous or {}).get("week")
    return new | {"week": week} if week is not None else new


async def read_entries(client: LeonarClient, project_id: str) -> list[ProjectEntry] | None:
    """Every entry of the project, or None when Leonar will not list them (no scope, error)."""
    try:
        return [entry async for entry in client.projects.iter_entries(project_id)]
    except (AuthenticationError, RateLimitError):
        raise
    except LeonarError as exc:
        log.info("project %s: entries not listed (%s)", project_id, type(exc).__name__)
        return None


async def check_project(client: LeonarClient, watch: Watch, *, app_url: str) -> CheckResult:
    """One project check (raises the client's errors: the loop decides what they mean)."""
    project: Project = await client.projects.get(watch.target_id)
    previous = watch.state
    if not counts_changed(previous, project):
        return CheckResult(previous or project_snapshot(project))
    entries = await read_entries(client, watch.target_id)
    calls = PROJECT_CHECK_CALLS + (1 + len(entries) // 50 if entries is not None else 1)
    changes = project_changes(previous, project, entries)
    state = keep_week(project_snapshot(project, entries), previous)
    if not changes:
        return CheckResult(state, calls=calls)
    return CheckResult(state, [as_post(project_change_message(changes, app_url=app_url))], calls)


async def open_deals(client: LeonarClient) -> list[Deal]:
    return [deal async for deal in client.deals.iter(status="open")]


async def _closed(client: LeonarClient, deal_ids: list[str]) -> dict[str, Deal]:
    closed: dict[str, Deal] = {}
    for deal_id in deal_ids:
        try:
            closed[deal_id] = await client.deals.get(deal_id)
        except NotFoundError:
            continue
    return closed


async def check_deals(
    client: LeonarClient, watch: Watch, *, today: dt.date, reminder_days: int
) -> CheckResult:
    """One deals check: moves, closings and close-date reminders, one message each."""
    deals = await open_deals(client)
    gone = left_open(watch.state, deals)
    closed = await _closed(client, gone)
    calls = deals_check_calls(len(deals)) + len(gone)
    if watch.state is None:
        # no baseline (should not happen: /leonar watch deals stores one): start from now
        return CheckResult(deal_changes(None, deals, {}, today=today, reminder_days=-1).snapshot)
    changes = deal_changes(watch.state, deals, closed, today=today, reminder_days=reminder_days)
    state = keep_week(changes.snapshot, watch.state)
    return CheckResult(state, [as_post(deal_event_message(e)) for e in changes.events], calls)
