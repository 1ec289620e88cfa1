"""Submitting the add-to-project modal: ``POST /projects/{id}/entries``, then the card updates in
place ("✓ Added to *Project* · Stage") and a confirmation goes into the card's thread.

A stage left over from another project is answered under ``Stage`` (nothing sent to Leonar). A
double submit of the same modal is done once (``db.dedupe``); a contact already in the project
is said nicely; other Leonar errors are explained in the thread."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.leonar import LeonarError
from bot.services import add_to_project as service
from bot.services.activity import bold, name, record_activity
from bot.services.add_to_project import AddResult
from bot.services.search import SearchStore
from bot.slack.deps import Deps
from bot.slack.threads import Poster, ThreadRef
from bot.ui import add_to_project as ui
from bot.ui import contacts as cards
from bot.ui.actions import ADD_PROJECT_BLOCK, ADD_STAGE_BLOCK, ADD_TO_PROJECT_VIEW
from bot.ui.connect import connect_prompt_text
from bot.ui.escape import escape, literal
from bot.ui.help import error_text
from handlers.actions.add_to_project import AddOrigin
from handlers.commands.router import COMMAND
from handlers.commands.search import render_message

log = logging.getLogger(__name__)

SUBMIT_DEDUPE_TTL = 3600.0
STALE_STAGE = "This stage belongs to another project. Pick one of this project's stages."
PICK_PROJECT = "Pick a project."


async def on_submit(
    ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext
) -> None:
    values = ui.view_values(body)
    project_id = ui.picked_project(values)
    stage_raw = ui.picked_stage(values)
    stage = ui.split_stage_value(stage_raw)
    if project_id is None:
        await ack(response_action="errors", errors={ADD_PROJECT_BLOCK: PICK_PROJECT})
        return
    if stage_raw is not None and (stage is None or stage[0] != project_id):
        await ack(response_action="errors", errors={ADD_STAGE_BLOCK: STALE_STAGE})
        return
    await ack()
    view = body.get("view") or {}
    origin = AddOrigin.decode(view.get("private_metadata"))
    if origin is None:
        return
    deps: Deps = context["deps"]
    team_id = str((body.get("team") or {}).get("id") or "")
    user_id = str((body.get("user") or {}).get("id") or "")
    view_id = str(view.get("id") or "")
    if not await deps.db.dedupe.first_time(
        f"add-to-project:{team_id}:{view_id}", ttl_seconds=SUBMIT_DEDUPE_TTL
    ):
        log.info("add to project: duplicate submission of %s dropped", view_id)
        return
    poster = deps.poster(client)
    try:
        await _add(
            deps,
            poster,
            team_id=team_id,
            user_id=user_id,
            origin=origin,
            project_id=project_id,
            stage_id=stage[1] if stage else None,
        )
    except SlackApiError as exc:
        log.warning("add to project: Slack refused a post: %s", type(exc).__name__)


async def _say(poster: Poster, origin: AddOrigin, user_id: str, text: str) -> None:
    """A line in the card's thread; without a thread, only to the person."""
    if origin.thread_ts and origin.channel:
        thread = ThreadRef(
            origin.channel, origin.thread_ts, response_url=origin.response_url, user=user_id
        )
        await poster.reply(thread, text)
        return
    await poster.ephemeral(
        origin.channel or user_id, user_id, text, response_url=origin.response_url
    )


async def _add(
    deps: Deps,
    poster: Poster,
    *,
    team_id: str,
    user_id: str,
    origin: AddOrigin,
    project_id: str,
    stage_id: str | None,
) -> None:
    leonar = await deps.leonar_for(team_id, user_id)
    if leonar is None:
        await _say(poster, origin, user_id, connect_prompt_text(COMMAND))
        return
    try:
        result = await service.add_contact(
            leonar,
            deps.cache,
            project_id=project_id,
            contact_id=origin.contact_id,
            stage_id=stage_id,
        )
    except LeonarError as exc:
        name = f"*{literal(origin.contact_name)}*" if origin.contact_name else "the contact"
        await _say(
            poster, origin, user_id, f"I could not add {name}: {error_text(exc.user_message)}"
        )
        return
    if not result.already:
        await record_activity(deps, team_id, user_id, activity_text(result))
    note = cards.added_note(
        result.project.name or "the project", result.stage_name, already=result.already
    )
    updated = await _update_card(deps, poster, origin, result, note)
    text = confirmation(result, user_id)
    if origin.thread_ts and origin.channel:
        await _say(poster, origin, user_id, text)
        return
    # no card thread (e.g. `/leonar add`): a new message with the card, in the channel
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": text}}]
    if not updated:
        blocks += cards.contact_card(
            result.contact, app_url=deps.settings.leonar_app_url, note=note
        )
    await poster.start_thread(
        origin.channel or user_id, text, blocks, response_url=origin.response_url, user=user_id
    )


def activity_text(result: AddResult) -> str:
    """The Home tab line: "Added Sophie Martin to *Senior Frontend* · Sourced"."""
    stage = f" · {name(result.stage_name)}" if result.stage_name else ""
    project = bold(result.project.name, "the project")
    return f"Added {name(result.contact.full_name)} to {project}{stage}"


def confirmation(result: AddResult, user_id: str) -> str:
    name = literal(result.contact.full_name)
    project = literal(result.project.name or "the project")
    if result.already:
        return f"*{name}* is already in *{project}*: nothing to add."
    stage = f" · {literal(result.stage_name)}" if result.stage_name else ""
    return f"<@{escape(user_id)}> added *{name}* to *{project}*{stage}"


async def _update_card(
    deps: Deps, poster: Poster, origin: AddOrigin, result: AddResult, note: str
) -> bool:
    """Re-render the results message showing the card, with its note; False when there is no
    card of ours to update."""
    if not (origin.set_id and origin.message_ts and origin.channel):
        return False
    store = SearchStore(deps.db, ttl_seconds=deps.settings.result_set_ttl)
    state = await store.load(origin.set_id)
    if state is None:
        return False
    message = state.message_with(origin.contact_id, origin.message_ts)
    if message is None:
        return False
    state.notes[origin.contact_id] = note
    state.contacts[origin.contact_id] = result.contact.model_dump(mode="json", exclude_none=True)
    await store.save(origin.set_id, state)
    text, blocks = render_message(
        origin.set_id, state, message, app_url=deps.settings.leonar_app_url
    )
    await poster.update(origin.channel, message.ts, text, blocks)
    return True


def register(app: AsyncApp) -> None:
    app.view(ADD_TO_PROJECT_VIEW)(on_submit)
