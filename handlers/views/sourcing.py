"""Submit of the LinkedIn sourcing modal: check the fields (errors under them, nothing sent to
Leonar), close the modal, search, and post the results in a thread where the command was typed."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.leonar import LeonarError
from bot.services import sourcing
from bot.slack.deps import Deps
from bot.slack.metadata import decode_metadata
from bot.ui import sourcing as ui
from bot.ui.actions import SOURCING_VIEW
from bot.ui.help import error_text
from handlers.actions.sourcing import CONNECT_FIRST, post_page

log = logging.getLogger(__name__)


def _str(data: Any, key: str) -> str:
    value = data.get(key) if isinstance(data, dict) else None
    return value if isinstance(value, str) else ""


async def on_sourcing_submit(
    ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext
) -> None:
    view = body.get("view") if isinstance(body.get("view"), dict) else {}
    state = (view or {}).get("state")
    values = state.get("values") if isinstance(state, dict) else None
    result = ui.read_form(values if isinstance(values, dict) else {})
    if result.form is None:
        await ack(response_action="errors", errors=result.errors)
        return
    await ack(response_action="clear")

    deps: Deps = context["deps"]
    poster = deps.poster(client)
    meta = decode_metadata(_str(view, "private_metadata"))
    team_id = _str(body.get("team"), "id")
    user_id = _str(body.get("user"), "id")
    channel = _str(meta, "channel") or user_id
    response_url = _str(meta, "response_url") or None

    async def tell(text: str) -> None:
        await poster.ephemeral(channel, user_id, text, response_url=response_url)

    leonar = await deps.leonar_for(team_id, user_id)
    if leonar is None:
        await tell(CONNECT_FIRST)
        return
    try:
        set_id, page = await sourcing.search_page(
            deps.db, leonar, result.form.search(), team_id=team_id, user_id=user_id
        )
    except LeonarError as exc:
        await tell(error_text(exc.user_message))
        return
    text, blocks = ui.parent_message(page)
    try:
        thread = await poster.start_thread(
            channel, text, blocks, response_url=response_url, user=user_id
        )
        await post_page(poster, deps, thread, set_id, page)
    except SlackApiError as exc:
        log.warning("sourcing: could not post the results: %s", type(exc).__name__)
        await tell("I found profiles but could not post them here. Please try again.")


def register(app: AsyncApp) -> None:
    app.view(SOURCING_VIEW)(on_sourcing_submit)
