"""Deal buttons: the card's Move stage / Close / Link contact / Reopen, the "Choose" buttons
when several deals match, the deal picker of the move/close modals (refreshes the modal), and
the contact card's "Link to deal" verb."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot.leonar import LeonarError
from bot.services import deals as service
from bot.services.activity import bold, record_activity
from bot.services.deals import DealOrigin
from bot.slack.deps import Deps
from bot.slack.payloads import ActionPayload, parse_action
from bot.ui.actions import (
    DEAL_CLOSE,
    DEAL_LINK_CONTACT,
    DEAL_LINK_CONTACT_VIEW,
    DEAL_LINK_DEAL_VIEW,
    DEAL_MOVE,
    DEAL_PICK,
    DEAL_REOPEN,
    DEAL_SEARCH,
    VERB_LINK_DEAL,
    split_verb_value,
)
from bot.ui.connect import connect_prompt_text
from bot.ui.deals import message_modal
from bot.ui.escape import escape
from handlers.actions.contact_menu import ContactActionContext, contact_action
from handlers.views.deals import (
    KIND_VIEWS,
    TITLES,
    announce,
    link_contact_builder,
    link_deal_builder,
    move_or_close_builder,
    move_or_close_view,
    open_modal,
    origin_of,
    tell,
)

log = logging.getLogger(__name__)

CARD_KINDS = {DEAL_MOVE: "move", DEAL_CLOSE: "close"}


def card_origin(payload: ActionPayload) -> DealOrigin:
    """A click on a deal card: answers go to its thread, and the card itself is refreshed."""
    ephemeral = payload.is_ephemeral
    return DealOrigin(
        channel=payload.channel_id,
        user=payload.user_id,
        response_url=payload.response_url,
        thread_ts=None if ephemeral else payload.thread_ts or None,
        card_ts=None if ephemeral else payload.message_ts or None,
    )


async def on_card_button(
    ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext
) -> None:
    """Move stage / Close / Link contact on a deal card (value: the deal id)."""
    await ack()
    payload = parse_action(body)
    if payload is None or not payload.value:
        return
    deps: Deps = context["deps"]
    origin = card_origin(payload)
    action = payload.action.action_id
    if action == DEAL_LINK_CONTACT:
        callback_id, build = DEAL_LINK_CONTACT_VIEW, link_contact_builder(origin, payload.value)
    else:
        kind = CARD_KINDS[action]
        callback_id = KIND_VIEWS[kind]
        build = move_or_close_builder(deps, kind, origin, payload.value)
    await open_modal(
        deps,
        client,
        trigger_id=payload.trigger_id,
        team_id=payload.team_id,
        user_id=payload.user_id,
        callback_id=callback_id,
        build=build,
    )


async def on_pick(
    ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext
) -> None:
    """One of several matching deals was chosen (value ``<move|close>:<deal id>``)."""
    await ack()
    payload = parse_action(body)
    if payload is None:
        return
    kind, deal_id = split_verb_value(payload.value)
    if kind not in KIND_VIEWS or not deal_id:
        return
    deps: Deps = context["deps"]
    origin = DealOrigin(
        channel=payload.channel_id, user=payload.user_id, response_url=payload.response_url
    )
    await open_modal(
        deps,
        client,
        trigger_id=payload.trigger_id,
        team_id=payload.team_id,
        user_id=payload.user_id,
        callback_id=KIND_VIEWS[kind],
        build=move_or_close_builder(deps, kind, origin, deal_id),
    )


async def on_deal_picked(
    ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext
) -> None:
    """Another deal was picked in a move/close modal: rebuild it for that deal (its stages, its
    amount) with ``views.update``."""
    await ack()
    payload = parse_action(body)
    view = body.get("view")
    if payload is None or payload.view is None or not isinstance(view, dict):
        return
    callback_id = payload.view.callback_id or ""
    kind = next((k for k, v in KIND_VIEWS.items() if v == callback_id), None)
    deal_id = payload.value
    if kind is None or not deal_id:
        return  # e.g. the link-to-deal modal: nothing to refresh
    deps: Deps = context["deps"]
    origin = origin_of(view)
    leonar = await deps.leonar_for(payload.team_id, payload.user_id)
    if leonar is None:
        new_view = message_modal(TITLES[callback_id], connect_prompt_text(), callback_id)
    else:
        try:
            deal = await service.get_deal(leonar, deal_id)
            new_view = await move_or_close_view(deps, leonar, kind, origin, deal)
        except LeonarError as exc:
            new_view = message_modal(TITLES[callback_id], escape(exc.user_message), callback_id)
    await client.views_update(view_id=payload.view.id, hash=payload.view.hash, view=new_view)


async def on_reopen(
    ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext
) -> None:
    """Reopen a closed deal (``POST /deals/{id}/reopen``): from a modal it then shows the
    move/close form; from a card it refreshes the card; from an ephemeral it starts a thread."""
    await ack()
    payload = parse_action(body)
    if payload is None or not payload.value:
        return
    deps: Deps = context["deps"]
    poster = deps.poster(client)
    view = body.get("view")
    in_view = payload.view is not None and isinstance(view, dict)
    origin = origin_of(view) if in_view and isinstance(view, dict) else card_origin(payload)
    leonar = await deps.leonar_for(payload.team_id, payload.user_id)
    if leonar is None:
        await tell(poster, origin, connect_prompt_text())
        return
    try:
        deal = await service.reopen_deal(leonar, payload.value)
    except LeonarError as exc:
        await tell(poster, origin, f"The deal was not reopened: {exc.user_message}")
        return
    await record_activity(
        deps, payload.team_id, payload.user_id, f"Reopened {bold(deal.title, 'the deal')}"
    )
    line = f"<@{payload.user_id}> reopened *{escape(deal.title or 'the deal')}*."
    if in_view and payload.view is not None:
        kind = origin.kind if origin.kind in KIND_VIEWS else "move"
        try:
            new_view = await move_or_close_view(deps, leonar, kind, origin, deal)
        except LeonarError as exc:
            callback_id = KIND_VIEWS[kind]
            new_view = message_modal(TITLES[callback_id], escape(exc.user_message), callback_id)
        await client.views_update(view_id=payload.view.id, view=new_view)
        if origin.thread_ts:
            await announce(poster, origin, deal, line=line)
        return
    if payload.is_ephemeral and payload.response_url:
        await poster.respond(
            payload.response_url, f"Reopened {deal.title or 'the deal'}.", replace_original=True
        )
    await announce(poster, origin, deal, line=line)


@contact_action(VERB_LINK_DEAL)
async def link_to_deal(ctx: ContactActionContext) -> None:
    """The contact card's overflow "Link to deal": pick an open deal."""
    thread = ctx.thread
    origin = DealOrigin(
        channel=thread.channel,
        user=ctx.payload.user_id,
        response_url=thread.response_url,
        thread_ts=thread.ts or None,
    )
    await open_modal(
        ctx.deps,
        ctx.client,
        trigger_id=ctx.payload.trigger_id,
        team_id=ctx.payload.team_id,
        user_id=ctx.payload.user_id,
        callback_id=DEAL_LINK_DEAL_VIEW,
        build=link_deal_builder(origin, ctx.contact_id),
    )


def register(app: AsyncApp) -> None:
    for action in (DEAL_MOVE, DEAL_CLOSE, DEAL_LINK_CONTACT):
        app.action(action)(on_card_button)
    app.action(DEAL_PICK)(on_pick)
    app.action(DEAL_SEARCH)(on_deal_picked)
    app.action(DEAL_REOPEN)(on_reopen)
