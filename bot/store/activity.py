"""A short log of what each user did (shown on App Home)."""

from __future__ import annotations

from sqlalchemy import Insert, delete, select

from bot.store.base import Repository
from bot.store.models import ActivityEntry
from bot.store.schema import activity


def insert_line(entry: ActivityEntry) -> Insert:
    """The INSERT of one line (also run inside another repository's transaction, so an action
    and its Home line are written together)."""
    return activity.insert().values(
        team_id=entry.team_id, user_id=entry.user_id, text=entry.text, created_at=entry.created_at
    )


class ActivityRepository(Repository):
    async def add(self, team_id: str, user_id: str, text: str, *, now: float | None = None) -> None:
        async with self._db.write() as conn:
            await conn.execute(insert_line(ActivityEntry(team_id, user_id, text, self._now(now))))

    async def recent(self, team_id: str, user_id: str, limit: int = 10) -> list[ActivityEntry]:
        """Newest first."""
        async with self._db.read() as conn:
            rows = (
                await conn.execute(
                    select(activity.c.text, activity.c.created_at)
                    .where(activity.c.team_id == team_id, activity.c.user_id == user_id)
                    .order_by(activity.c.created_at.desc(), activity.c.id.desc())
                    .limit(limit)
                )
            ).all()
        return [ActivityEntry(team_id, user_id, row.text, row.created_at) for row in rows]

    async def purge_older_than(self, cutoff: float) -> int:
        async with self._db.write() as conn:
            res = await conn.execute(delete(activity).where(activity.c.created_at < cutoff))
        return int(res.rowcount)
