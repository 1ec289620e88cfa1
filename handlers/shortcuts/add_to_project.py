"""Message shortcut "Add to Leonar project": find the person in the message (a LinkedIn profile
link, else an email) and open the add-to-project modal for them.

The modal is the one of handlers/actions/add_to_project.py: its loading view opens at once with
the trigger id, the lookup runs, then the form (or why there is none) replaces it."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot.leonar import LeonarError
from bot.services.contacts import resolve_contacts
from bot.services.shortcuts import contact_reference
from bot.slack.deps import Deps
from bot.slack.modals import open_loading_modal, update_modal
from bot.ui import add_to_project as add_ui
from bot.ui.actions import SHORTCUT_ADD_TO_PROJECT
from bot.ui.connect import connect_prompt_text
from bot.ui.help import error_text
from bot.ui.shortcuts import LOOKING, NO_REFERENCE, not_found_text
from handlers.actions.add_to_project import AddOrigin, show_form

log = logging.getLogger(__name__)


def _str(data: Any, key: str) -> str:
    value = data.get(key) if isinstance(data, dict) else None
    return value if isinstance(value, str) else ""


async def _notice(client: AsyncWebClient, view_id: str, text: str) -> None:
    await update_modal(client, view_id, add_ui.notice_view(text))


async def on_add_shortcut(
    ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext
) -> None:
    await ack()
    trigger_id = _str(body, "trigger_id")
    if not trigger_id:
        return
    view_id = await open_loading_modal(client, trigger_id, add_ui.loading_view(text=LOOKING))
    if view_id is None:
        return
    deps: Deps = context["deps"]
    team_id = _str(body.get("team"), "id") or context.team_id or ""
    user_id = _str(body.get("user"), "id")
    message = body.get("message")
    reference = contact_reference(message if isinstance(message, dict) else {})
    if reference is None:
        await _notice(client, view_id, NO_REFERENCE)
        return
    leonar = await deps.leonar_for(team_id, user_id)
    if leonar is None:
        await _notice(client, view_id, connect_prompt_text())
        return
    try:
        found = await resolve_contacts(leonar, reference)
    except LeonarError as exc:
        await _notice(client, view_id, error_text(exc.user_message))
        return
    if not found:
        await _notice(client, view_id, not_found_text(reference))
        return
    contact = found[0]
    message_ts = _str(message, "ts") or _str(body, "message_ts")
    origin = AddOrigin(
        contact_id=contact.id,
        channel=_str(body.get("channel"), "id"),
        # the message is someone's, not a card of ours: confirm in its thread, update nothing
        message_ts=None,
        thread_ts=_str(message, "thread_ts") or message_ts or None,
        response_url=_str(body, "response_url") or None,
        contact_name=contact.full_name,
    )
    await show_form(deps, client, view_id=view_id, team_id=team_id, user_id=user_id, origin=origin)


def register(app: AsyncApp) -> None:
    app.shortcut(SHORTCUT_ADD_TO_PROJECT)(on_add_shortcut)
