"""The add-to-project modal's Stage options before the modal re-rendered with them: the stages
of the project picked in the view's state (from the cache the project pick just filled)."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext

from bot.leonar import LeonarError
from bot.services import add_to_project as service
from bot.slack.deps import Deps
from bot.ui import add_to_project as ui
from bot.ui.actions import ADD_STAGE_SELECT

log = logging.getLogger(__name__)


def _id(body: dict[str, Any], key: str) -> str | None:
    part = body.get(key)
    return str(part.get("id") or "") or None if isinstance(part, dict) else None


async def on_stage_options(ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext) -> None:
    # the options ARE the acknowledgement (the project is usually cached by the project pick)
    deps: Deps = context["deps"]
    project_id = ui.picked_project(ui.view_values(body))
    client = await deps.leonar_for(_id(body, "team"), _id(body, "user"))
    if project_id is None or client is None:
        await ack(options=[])
        return
    try:
        project = await service.project_detail(client, deps.cache, project_id)
    except LeonarError as exc:
        log.info("stage options: %s", type(exc).__name__)
        await ack(options=[])
        return
    await ack(options=ui.stage_options(project))


def register(app: AsyncApp) -> None:
    app.options(ADD_STAGE_SELECT)(on_stage_options)
