"""What the bot keeps about one workspace, forgotten at once when the app is uninstalled.

Slack's own rows (installations, bot tokens) are in slack_sdk's installation store; this
removes the bot's: every user key of the team, the workspace settings and default key, the
stored result sets, and it cancels the team's enrichment jobs (never polled or notified again).
One transaction; running it twice finds nothing left to do.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, update

from bot.store.base import Repository
from bot.store.schema import jobs, result_sets, user_keys, workspace_settings

#: the result recorded on a job cancelled by an uninstall
CANCELLED_RESULT = {"reason": "uninstalled"}


@dataclass(frozen=True)
class TeamForgotten:
    """How many rows went (zeros when there was nothing, e.g. the second time)."""

    user_keys: int
    workspace_settings: int
    result_sets: int
    jobs_cancelled: int


class TeamRepository(Repository):
    async def forget(self, team_id: str, *, now: float | None = None) -> TeamForgotten:
        at = self._now(now)
        async with self._db.write() as conn:
            keys = await conn.execute(delete(user_keys).where(user_keys.c.team_id == team_id))
            settings = await conn.execute(
                delete(workspace_settings).where(workspace_settings.c.team_id == team_id)
            )
            sets = await conn.execute(delete(result_sets).where(result_sets.c.team_id == team_id))
            # still polling: recorded as ended by the uninstall
            await conn.execute(
                update(jobs)
                .where(jobs.c.team_id == team_id, jobs.c.status == "pending")
                .values(status="error", result=CANCELLED_RESULT, finished_at=at)
            )
            # nothing of this team is polled or posted any more (a poller holding a lease
            # loses it: its finish/mark_notified find the job done)
            cancelled = await conn.execute(
                update(jobs)
                .where(jobs.c.team_id == team_id, jobs.c.notify_state != "done")
                .values(
                    notify_state="done", notified_at=at, lease_owner=None, lease_expires_at=None
                )
            )
        return TeamForgotten(
            user_keys=int(keys.rowcount),
            workspace_settings=int(settings.rowcount),
            result_sets=int(sets.rowcount),
            jobs_cancelled=int(cancelled.rowcount),
        )
