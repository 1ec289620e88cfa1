"""Opening modals the way Slack needs it: a loading view at once with the trigger id (it
expires after 3 s and works once), then the real view with ``views.update``. One place."""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

log = logging.getLogger(__name__)


class ModalNotOpened(Exception):
    """Slack refused ``views.open``; the global error handler shows ``user_message``."""

    user_message = "Slack did not let me open the form in time. Please try again."


async def open_loading_modal(
    client: AsyncWebClient, trigger_id: str, view: dict[str, Any]
) -> str | None:
    """Open ``view`` with the trigger; its view id, or None when Slack refused (e.g. the
    trigger expired). The caller tells the person in words."""
    try:
        opened = await client.views_open(trigger_id=trigger_id, view=view)
    except SlackApiError as exc:
        log.warning("views.open failed: %s", _error_of(exc))
        return None
    opened_view = opened.get("view") or {}
    return str(opened_view.get("id") or "") or None


async def update_modal(
    client: AsyncWebClient, view_id: str, view: dict[str, Any], *, view_hash: str | None = None
) -> bool:
    """Put ``view`` in place of the modal ``view_id``; False when Slack refused (the person
    closed it already, or it changed since ``view_hash``)."""
    try:
        if view_hash:
            await client.views_update(view_id=view_id, view=view, hash=view_hash)
        else:
            await client.views_update(view_id=view_id, view=view)
    except SlackApiError as exc:
        log.info("views.update failed: %s", _error_of(exc))
        return False
    return True


def _error_of(exc: SlackApiError) -> str:
    data = exc.response.data if exc.response is not None else None
    if isinstance(data, dict) and data.get("error"):
        return str(data["error"])
    return type(exc).__name__
