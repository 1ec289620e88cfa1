"""Operations on the stored data: the retention purge, and forgetting a workspace when the app
is uninstalled or its tokens are revoked. No Slack calls; logs say what went, never a secret.

Retention (``purge_if_due``, called by the enrichment poller on every tick, in ``web`` with
``POLLER=inline`` and in ``leonar-bot worker``): at most one run per ``PURGE_INTERVAL`` seconds
across ALL processes (a row in ``maintenance_runs`` is the lease). It deletes result sets past
their expiry (``RESULT_SET_TTL``), expired dedupe keys (none lives more than a day), OAuth states
past their expiry, App Home activity older than ``ACTIVITY_RETENTION_DAYS`` and finished,
notified enrichment jobs older than ``JOB_RETENTION_DAYS``.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass

from bot.settings import Settings
from bot.store import Database
from bot.store.teams import TeamForgotten

log = logging.getLogger(__name__)

PURGE_TASK = "retention-purge"
DAY = 24 * 3600.0
#: seconds between two looks at the purge lease from one loop
CHECK_EVERY = 60.0


@dataclass(frozen=True)
class PurgeReport:
    #: expired result sets, dedupe keys and OAuth states
    expired: int
    activity: int
    jobs: int


async def purge(db: Database, settings: Settings, *, now: float) -> PurgeReport:
    """Delete everything past its retention at ``now`` (see the module docstring)."""
    expired = await db.purge_expired(now)
    activity = await db.activity.purge_older_than(now - settings.activity_retention_days * DAY)
    jobs = await db.jobs.purge_finished_before(now - settings.job_retention_days * DAY)
    return PurgeReport(expired=expired, activity=activity, jobs=jobs)


async def purge_if_due(
    db: Database, settings: Settings, *, owner: str, now: float | None = None
) -> PurgeReport | None:
    """Run ``purge`` when no process did in the last ``PURGE_INTERVAL`` seconds; None otherwise."""
    at = time.time() if now is None else now
    if not await db.maintenance.try_start(
        PURGE_TASK, owner=owner, interval=settings.purge_interval, now=at
    ):
        return None
    report = await purge(db, settings, now=at)
    log.info(
        "retention purge by %s: %d expired row(s), %d activity entr(ies), %d finished job(s)",
        owner,
        report.expired,
        report.activity,
        report.jobs,
    )
    return report


async def forget_workspace(
    db: Database, *, team_id: str | None, enterprise_id: str | None = None
) -> TeamForgotten | None:
    """The app was uninstalled: delete the installation and its bot and user tokens, then (for a
    workspace) its user keys, settings and default key, result sets, watches, and cancel its enrichment
    jobs. Idempotent. None when there is no workspace (an org-wide install has only tokens)."""
    await db.installation_store.async_delete_all(enterprise_id=enterprise_id, team_id=team_id)
    if not team_id:
        log.info("app uninstalled from an organization: its installation and tokens deleted")
        return None
    gone = await db.teams.forget(team_id)
    watches = await db.watches.delete_for_team(team_id)
    log.info(
        "app uninstalled from team %s: installation and tokens deleted, %d user key(s), "
        "%d workspace setting(s), %d result set(s), %d watch(es) deleted, "
        "%d enrichment job(s) cancelled",
        team_id,
        gone.user_keys,
        gone.workspace_settings,
        gone.result_sets,
        watches,
        gone.jobs_cancelled,
    )
    return gone


async def revoke_tokens(
    db: Database,
    *,
    team_id: str | None,
    enterprise_id: str | None = None,
    user_ids: Iterable[str] = (),
    bot_revoked: bool = False,
) -> None:
    """Slack revoked tokens: delete the users' installations (their tokens) and, when the bot's
    token went, the bot rows. Idempotent."""
    store = db.installation_store
    users = sorted(set(user_ids))
    for user_id in users:
        await store.async_delete_installation(
            enterprise_id=enterprise_id, team_id=team_id, user_id=user_id
        )
    if bot_revoked:
        await store.async_delete_bot(enterprise_id=enterprise_id, team_id=team_id)
    log.info(
        "tokens revoked in team %s: %d user token(s)%s deleted",
        team_id or "-",
        len(users),
        " and the bot token" if bot_revoked else "",
    )


class RetentionPurge:
    """``purge_if_due`` for a long-running loop: asks the database at most once a minute (or
    once per ``PURGE_INTERVAL`` when shorter) instead of on every tick."""

    def __init__(self, db: Database, settings: Settings, *, owner: str) -> None:
        self.db = db
        self.settings = settings
        self.owner = owner
        self._next_try = float("-inf")

    async def maybe_run(self, now: float) -> PurgeReport | None:
        if now < self._next_try:
            return None
        self._next_try = now + min(self.settings.purge_interval, CHECK_EVERY)
        return await purge_if_due(self.db, self.settings, owner=self.owner, now=now)
