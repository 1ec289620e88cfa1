"""**Add to project** on a contact card, and the modal's project pick (the stages refresh).

``open_add_to_project`` is the one way to open the modal (also for ``/leonar add`` and
shortcuts): a loading view at once with the trigger id, then ``views.update`` with the form.
``AddOrigin`` (the modal's private_metadata) remembers the contact and the card's
channel/message/thread so the submission can update the card in place and answer in its thread.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.leonar import Contact, LeonarError, NotFoundError, Project
from bot.services import add_to_project as service
from bot.slack.deps import Deps
from bot.slack.metadata import decode_metadata, encode_metadata
from bot.slack.modals import open_loading_modal, update_modal
from bot.slack.payloads import parse_action
from bot.ui import add_to_project as ui
from bot.ui.actions import ADD_PROJECT_SELECT, CONTACT_ADD_TO_PROJECT
from bot.ui.connect import connect_prompt_text
from bot.ui.contacts import result_set_of_block
from bot.ui.help import error_text
from handlers.commands.router import COMMAND

log = logging.getLogger(__name__)

CONTACT_GONE = "This contact is no longer in Leonar."
CANNOT_OPEN = "I could not open the form in time. Please click *Add to project* again."


@dataclass(frozen=True)
class AddOrigin:
    """Where the add was asked for: the modal's private_metadata."""

    contact_id: str
    channel: str = ""
    #: the message showing the card (None when it cannot be updated, e.g. an ephemeral)
    message_ts: str | None = None
    #: the thread the confirmation goes to (None: a new message in ``channel``)
    thread_ts: str | None = None
    #: the stored search the card belongs to (its message is re-rendered from it)
    set_id: str | None = None
    response_url: str | None = None
    contact_name: str | None = None

    def encode(self) -> str:
        return encode_metadata({k: v for k, v in asdict(self).items() if v})

    @classmethod
    def decode(cls, text: str | None) -> AddOrigin | None:
        data = decode_metadata(text)
        contact_id = data.get("contact_id")
        if not isinstance(contact_id, str) or not contact_id:
            return None

        def opt(name: str) -> str | None:
            value = data.get(name)
            return value if isinstance(value, str) and value else None

        return cls(
            contact_id=contact_id,
            channel=opt("channel") or "",
            message_ts=opt("message_ts"),
            thread_ts=opt("thread_ts"),
            set_id=opt("set_id"),
            response_url=opt("response_url"),
            contact_name=opt("contact_name"),
        )

    def with_name(self, name: str) -> AddOrigin:
        return AddOrigin(**{**asdict(self), "contact_name": name})


async def open_add_to_project(
    deps: Deps,
    client: AsyncWebClient,
    *,
    trigger_id: str,
    team_id: str,
    user_id: str,
    origin: AddOrigin,
) -> str | None:
    """Open the modal (loading view at once, then the form); the view id, or None when Slack
    refused to open it (e.g. the trigger expired)."""
    view_id = await open_loading_modal(client, trigger_id, ui.loading_view(origin.encode()))
    if view_id is None:
        return None
    await show_form(deps, client, view_id=view_id, team_id=team_id, user_id=user_id, origin=origin)
    return view_id


async def _form(
    deps: Deps, *, team_id: str, user_id: str, origin: AddOrigin, project_id: str | None
) -> dict[str, Any]:
    leonar = await deps.leonar_for(team_id, user_id)
    if leonar is None:
        return ui.notice_view(connect_prompt_text(COMMAND))
    try:
        name = origin.contact_name
        if not name:
            contact: Contact = await service.contact(leonar, deps.cache, origin.contact_id)
            name = contact.full_name
            origin = origin.with_name(name)
        projects = await service.active_projects(leonar, deps.cache)
        selected: Project | None = None
        if project_id:
            selected = await service.project_detail(leonar, deps.cache, project_id)
    except NotFoundError:
        return ui.notice_view(CONTACT_GONE if not project_id else error_text(None))
    except LeonarError as exc:
        return ui.notice_view(error_text(exc.user_message))
    return ui.add_to_project_view(
        contact_name=name,
        projects=projects,
        private_metadata=origin.encode(),
        selected=selected,
    )


async def show_form(
    deps: Deps,
    client: AsyncWebClient,
    *,
    view_id: str,
    team_id: str,
    user_id: str,
    origin: AddOrigin,
    project_id: str | None = None,
    view_hash: str | None = None,
) -> None:
    """Replace view ``view_id`` with the form (``project_id`` pre-picked with its stages)."""
    view = await _form(deps, team_id=team_id, user_id=user_id, origin=origin, project_id=project_id)
    # False when closed by the person meanwhile, or a newer pick already re-rendered it
    await update_modal(client, view_id, view, view_hash=view_hash)


async def on_add_clicked(
    ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext
) -> None:
    await ack()
    payload = parse_action(body)
    if payload is None or not payload.value:
        return
    deps: Deps = context["deps"]
    ephemeral = payload.is_ephemeral
    # an unfurl's card sits under the person's message: it is not ours to update, and the
    # confirmation goes into that message's thread
    ours = not (ephemeral or payload.is_app_unfurl)
    origin = AddOrigin(
        contact_id=payload.value,
        channel=payload.channel_id,
        message_ts=payload.message_ts or None if ours else None,
        thread_ts=None if ephemeral else payload.thread_ts or None,
        set_id=result_set_of_block(payload.action.block_id) if ours else None,
        response_url=payload.response_url,
    )
    view_id = await open_add_to_project(
        deps,
        client,
        trigger_id=payload.trigger_id,
        team_id=payload.team_id,
        user_id=payload.user_id,
        origin=origin,
    )
    if view_id is None and payload.channel_id:
        try:
            await deps.poster(client).ephemeral(
                payload.channel_id, payload.user_id, CANNOT_OPEN, response_url=payload.response_url
            )
        except SlackApiError as exc:
            log.warning("add to project: could not tell the user: %s", type(exc).__name__)


async def on_project_picked(
    ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext
) -> None:
    """The Project select changed: re-render the modal with that project's stages."""
    await ack()
    payload = parse_action(body)
    if payload is None or payload.view is None or not payload.value:
        return
    origin = AddOrigin.decode(payload.view.private_metadata)
    if origin is None:
        return
    await show_form(
        context["deps"],
        client,
        view_id=payload.view.id,
        team_id=payload.team_id,
        user_id=payload.user_id,
        origin=origin,
        project_id=payload.value,
        view_hash=payload.view.hash,
    )


def register(app: AsyncApp) -> None:
    app.action(CONTACT_ADD_TO_PROJECT)(on_add_clicked)
    app.action(ADD_PROJECT_SELECT)(on_project_picked)
