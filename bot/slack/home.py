"""App Home: gather what one person's Home tab shows, render it (bot.ui.home) and publish it
(``views.publish``).

``publish_home(deps, team_id, user_id)`` is what the enrichment notifier calls when a job of
theirs finishes (and the app_home_opened listener when they open the tab)."""

from __future__ import annotations

import logging

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.deps import Deps
from bot.ui.home import MAX_ACTIVITY, MAX_JOBS, HomeData, home_view

log = logging.getLogger(__name__)


async def load_home(deps: Deps, team_id: str, user_id: str) -> HomeData:
    """Connection status (same order as ``Deps.resolve_key``), recent jobs and activity."""
    source = await deps.keys.source(team_id, user_id)
    jobs = await deps.db.jobs.recent_for_user(team_id, user_id, limit=MAX_JOBS + 1)
    activity = await deps.db.activity.recent(team_id, user_id, limit=MAX_ACTIVITY)
    return HomeData(connection=source.source, jobs=jobs, activity=activity)


async def publish_home(
    deps: Deps, team_id: str, user_id: str, *, client: AsyncWebClient | None = None
) -> bool:
    """Render and publish the person's Home tab; False (logged) when Slack refused it.

    ``client`` is the request's client; without one (e.g. in the poller) the workspace's bot
    token is looked up."""
    data = await load_home(deps, team_id, user_id)
    slack = client if client is not None else await deps.slack_client(team_id)
    try:
        await slack.views_publish(user_id=user_id, view=home_view(data))
    except SlackApiError as exc:
        error = exc.response.get("error") if exc.response is not None else None
        log.warning("views.publish failed: %s", error)
        return False
    return True
