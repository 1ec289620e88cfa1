"""Deal modals: opening them (loading view at once, then ``views.update``), their submissions,
and telling the channel what happened (a card in a thread, a celebration when won).

The openers are also used by ``handlers/commands/deal.py`` and ``handlers/actions/deals.py``.
Submissions are checked without any network call; bad input gets ``response_action: errors``
and nothing is sent to Leonar. Leonar's errors after the modal closed are told in words
(ephemeral) to the person, in the channel the modal came from.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.leonar import Deal, LeonarClient, LeonarError
from bot.services import deals as service
from bot.services.activity import bold, record_activity
from bot.services.activity import name as activity_name
from bot.services.deals import DealOrigin
from bot.slack.deps import Deps
from bot.slack.metadata import decode_metadata, encode_metadata
from bot.slack.modals import ModalNotOpened, open_loading_modal, update_modal
from bot.slack.threads import Blocks, Poster, ThreadRef
from bot.ui.actions import (
    DEAL_CLOSE_VIEW,
    DEAL_LINK_CONTACT_VIEW,
    DEAL_LINK_DEAL_VIEW,
    DEAL_MOVE_VIEW,
    DEAL_NEW_VIEW,
)
from bot.ui.connect import connect_prompt_text
from bot.ui.deals import (
    B_CONTACT,
    B_DEAL,
    B_STAGE,
    close_deal_modal,
    closed_deal_message,
    closed_deal_modal,
    deal_card,
    keyed,
    link_contact_modal,
    link_deal_modal,
    loading_modal,
    message_modal,
    move_deal_modal,
    new_deal_modal,
    read_close_deal,
    read_move_deal,
    read_new_deal,
    selected_value,
    won_card,
)
from bot.ui.escape import escape

log = logging.getLogger(__name__)

View = dict[str, Any]
Builder = Callable[[LeonarClient], Awaitable[View]]

TITLES = {
    DEAL_NEW_VIEW: "New deal",
    DEAL_MOVE_VIEW: "Move deal",
    DEAL_CLOSE_VIEW: "Close deal",
    DEAL_LINK_CONTACT_VIEW: "Link contact",
    DEAL_LINK_DEAL_VIEW: "Link to deal",
}
KIND_VIEWS = {"move": DEAL_MOVE_VIEW, "close": DEAL_CLOSE_VIEW}


def today() -> dt.date:
    return dt.date.today()


def origin_metadata(origin: DealOrigin) -> str:
    return encode_metadata(origin.to_dict())


def origin_of(view: dict[str, Any]) -> DealOrigin:
    return DealOrigin.from_dict(decode_metadata(view.get("private_metadata")))


# --------------------------------------------------------------------------- opening modals


async def open_modal(
    deps: Deps,
    client: AsyncWebClient,
    *,
    trigger_id: str,
    team_id: str,
    user_id: str,
    callback_id: str,
    build: Builder,
) -> None:
    """Open a loading modal with the trigger at once, then put the real one in its place."""
    title = TITLES[callback_id]
    view_id = await open_loading_modal(client, trigger_id, loading_modal(title, callback_id))
    if view_id is None:
        raise ModalNotOpened
    leonar = await deps.leonar_for(team_id, user_id)
    if leonar is None:
        view = message_modal(title, connect_prompt_text(), callback_id)
    else:
        try:
            view = await build(leonar)
        except LeonarError as exc:
            view = message_modal(title, escape(exc.user_message), callback_id)
    await update_modal(client, view_id, view)


def new_deal_builder(deps: Deps, origin: DealOrigin) -> Builder:
    async def build(leonar: LeonarClient) -> View:
        all_pipelines = await service.pipelines(leonar, deps.cache)
        return new_deal_modal(
            all_pipelines,
            default_currency=deps.settings.default_currency,
            metadata=origin_metadata(origin),
        )

    return build


async def move_or_close_view(
    deps: Deps, leonar: LeonarClient, kind: str, origin: DealOrigin, deal: Deal | None
) -> View:
    """The move/close modal for ``deal`` (None: pick one first); a closed deal offers Reopen."""
    callback_id = KIND_VIEWS[kind]
    origin = replace(
        origin,
        kind=kind,
        deal_id=deal.id if deal else None,
        stage_id=deal.current_stage_id if deal else None,
    )
    if deal is not None and not deal.is_open:
        return closed_deal_modal(
            deal,
            title=TITLES[callback_id],
            callback_id=callback_id,
            metadata=origin_metadata(origin),
        )
    if kind == "move":
        pipeline = None
        if deal is not None:
            pipeline = service.pipeline_of(deal, await service.pipelines(leonar, deps.cache))
        return move_deal_modal(deal, pipeline, metadata=origin_metadata(origin))
    return close_deal_modal(deal, today=today(), metadata=origin_metadata(origin))


def move_or_close_builder(
    deps: Deps, kind: str, origin: DealOrigin, deal: Deal | str | None
) -> Builder:
    async def build(leonar: LeonarClient) -> View:
        picked = await service.get_deal(leonar, deal) if isinstance(deal, str) else deal
        return await move_or_close_view(deps, leonar, kind, origin, picked)

    return build


def lookup_builder(
    deps: Deps, kind: str, origin: DealOrigin, lookup: Awaitable[list[Deal]], words: str
) -> Builder:
    """For a ``[deal]`` still being looked up when the modal had to open: the modal for the
    one match, the deal picker when several match, or says none does."""

    async def build(leonar: LeonarClient) -> View:
        found = await lookup
        if not found:
            callback_id = KIND_VIEWS[kind]
            text = f"No deal matches “{escape(words)}”."
            return message_modal(TITLES[callback_id], text, callback_id)
        return await move_or_close_view(
            deps, leonar, kind, origin, found[0] if len(found) == 1 else None
        )

    return build


def link_contact_builder(origin: DealOrigin, deal_id: str) -> Builder:
    async def build(leonar: LeonarClient) -> View:
        deal = await service.get_deal(leonar, deal_id)
        meta = replace(origin, deal_id=deal.id)
        return link_contact_modal(deal, metadata=origin_metadata(meta))

    return build


def link_deal_builder(origin: DealOrigin, contact_id: str) -> Builder:
    async def build(leonar: LeonarClient) -> View:
        contact = await leonar.contacts.get(contact_id)
        meta = replace(origin, contact_id=contact.id)
        return link_deal_modal(contact.full_name, metadata=origin_metadata(meta))

    return build


# --------------------------------------------------------------------------- telling the channel


def thread_of(origin: DealOrigin) -> ThreadRef | None:
    if not origin.thread_ts:
        return None
    return ThreadRef(
        channel=origin.channel,
        ts=origin.thread_ts,
        response_url=origin.response_url,
        user=origin.user,
    )


async def announce(
    poster: Poster,
    origin: DealOrigin,
    deal: Deal,
    *,
    line: str,
    pipeline_name: str | None = None,
    extra: tuple[str, Blocks] | None = None,
) -> ThreadRef:
    """Show ``deal``'s card where the person works: refresh the card the modal came from and
    reply ``line`` under it, or start a thread (parent ``line``, card as the first reply)."""
    card_text, card_blocks = deal_card(deal, pipeline_name=pipeline_name)
    thread = thread_of(origin)
    if thread is not None:
        if origin.card_ts:
            await poster.update(origin.channel, origin.card_ts, card_text, card_blocks)
            await poster.reply(thread, line)
        else:
            await poster.reply(thread, line)
            await poster.reply(thread, card_text, card_blocks)
    else:
        thread = await poster.start_thread(
            origin.channel, line, response_url=origin.response_url, user=origin.user
        )
        await poster.reply(thread, card_text, card_blocks)
    if extra is not None:
        await poster.reply(thread, extra[0], extra[1])
    return thread


async def tell(poster: Poster, origin: DealOrigin, text: str, blocks: Blocks | None = None) -> None:
    """Only to the person, in the channel the modal came from (words, never a traceback)."""
    try:
        await poster.ephemeral(
            origin.channel or origin.user,
            origin.user,
            text,
            blocks,
            response_url=origin.response_url,
            thread_ts=origin.thread_ts,
        )
    except SlackApiError as exc:
        log.warning("could not tell the user: %s", exc.response.get("error"))


async def _pipeline_name(deps: Deps, leonar: LeonarClient, deal: Deal) -> str | None:
    try:
        pipeline = service.pipeline_of(deal, await service.pipelines(leonar, deps.cache))
    except LeonarError:
        return None
    return pipeline.name if pipeline else None


# --------------------------------------------------------------------------- submissions


def _values(view: dict[str, Any]) -> dict[str, Any]:
    state = view.get("state") or {}
    values = state.get("values") if isinstance(state, dict) else None
    return values if isinstance(values, dict) else {}


def _ids(body: dict[str, Any]) -> tuple[str, str]:
    team = body.get("team") or {}
    user = body.get("user") or {}
    return str(team.get("id") or ""), str(user.get("id") or "")


async def _record(deps: Deps, body: dict[str, Any], text: str) -> None:
    """A line on the person's Home tab (never raises)."""
    team_id, user_id = _ids(body)
    await record_activity(deps, team_id, user_id, text)


async def _after_ack(
    deps: Deps, client: AsyncWebClient, body: dict[str, Any], origin: DealOrigin
) -> tuple[Poster, LeonarClient | None]:
    poster = deps.poster(client)
    team_id, user_id = _ids(body)
    leonar = await deps.leonar_for(team_id, user_id)
    if leonar is None:
        await tell(poster, origin, connect_prompt_text())
    return poster, leonar


async def on_new_deal(
    ack: AsyncAck,
    body: dict[str, Any],
    view: dict[str, Any],
    client: AsyncWebClient,
    context: AsyncBoltContext,
) -> None:
    deps: Deps = context["deps"]
    form = read_new_deal(_values(view), default_currency=deps.settings.default_currency)
    if isinstance(form, dict):
        await ack(response_action="errors", errors=form)
        return
    await ack()
    origin = origin_of(view)
    poster, leonar = await _after_ack(deps, client, body, origin)
    if leonar is None:
        return
    try:
        deal = await service.create_deal(leonar, form)
    except LeonarError as exc:
        await tell(poster, origin, f"The deal was not created: {exc.user_message}")
        return
    await _record(deps, body, f"Created the deal {bold(deal.title or form.title, 'Untitled deal')}")
    name = await _pipeline_name(deps, leonar, deal)
    line = f"<@{origin.user}> created the deal *{escape(deal.title or form.title)}*."
    await announce(poster, origin, deal, line=line, pipeline_name=name)


async def on_move_deal(
    ack: AsyncAck,
    body: dict[str, Any],
    view: dict[str, Any],
    client: AsyncWebClient,
    context: AsyncBoltContext,
) -> None:
    deps: Deps = context["deps"]
    origin = origin_of(view)
    form = read_move_deal(_values(view))
    if not isinstance(form, dict) and (
        form.deal_id == origin.deal_id and form.stage_id == origin.stage_id
    ):
        form = {keyed(B_STAGE, form.deal_id): "The deal is already in this stage."}
    if isinstance(form, dict):
        await ack(response_action="errors", errors=form)
        return
    await ack()
    poster, leonar = await _after_ack(deps, client, body, origin)
    if leonar is None:
        return
    try:
        deal = await service.move_deal(leonar, form)
    except LeonarError as exc:
        await tell(poster, origin, f"The deal was not moved: {exc.user_message}")
        return
    stage = deal.stage.name if deal.stage and deal.stage.name else "its new stage"
    await _record(deps, body, f"Moved {bold(deal.title, 'the deal')} to {bold(stage)}")
    line = f"<@{origin.user}> moved *{escape(deal.title or 'the deal')}* to *{escape(stage)}*."
    name = await _pipeline_name(deps, leonar, deal)
    await announce(poster, origin, deal, line=line, pipeline_name=name)


async def on_close_deal(
    ack: AsyncAck,
    body: dict[str, Any],
    view: dict[str, Any],
    client: AsyncWebClient,
    context: AsyncBoltContext,
) -> None:
    deps: Deps = context["deps"]
    form = read_close_deal(_values(view), today=today())
    if isinstance(form, dict):
        await ack(response_action="errors", errors=form)
        return
    await ack()
    origin = origin_of(view)
    poster, leonar = await _after_ack(deps, client, body, origin)
    if leonar is None:
        return
    try:
        before = await service.get_deal(leonar, form.deal_id)
        if not before.is_open:
            text, blocks = closed_deal_message(before)
            await tell(poster, origin, text, blocks)
            return
        deal = await service.close_deal(leonar, form)
    except LeonarError as exc:
        await tell(poster, origin, f"The deal was not closed: {exc.user_message}")
        return
    outcome = deal.status or form.status
    await _record(deps, body, f"Closed {bold(deal.title, 'the deal')} as {activity_name(outcome)}")
    title = escape(deal.title or "the deal")
    extra = None
    if deal.status == "won":
        line = f":tada: <@{origin.user}> won *{title}*!"
        extra = won_card(deal, user=origin.user)
    else:
        line = f"<@{origin.user}> closed *{title}* as {escape(deal.status or form.status)}."
    name = await _pipeline_name(deps, leonar, deal)
    await announce(poster, origin, deal, line=line, pipeline_name=name, extra=extra)


async def _link(
    deps: Deps,
    client: AsyncWebClient,
    body: dict[str, Any],
    origin: DealOrigin,
    deal_id: str,
    contact_id: str,
) -> None:
    poster, leonar = await _after_ack(deps, client, body, origin)
    if leonar is None:
        return
    try:
        await service.link_contact(leonar, deal_id, contact_id)
        deal = await service.get_deal(leonar, deal_id)
        contact = await leonar.contacts.get(contact_id)
    except LeonarError as exc:
        await tell(poster, origin, f"The contact was not linked: {exc.user_message}")
        return
    await _record(
        deps,
        body,
        f"Linked {activity_name(contact.full_name)} to the deal {bold(deal.title, 'Untitled deal')}",
    )
    line = (
        f"<@{origin.user}> linked *{escape(contact.full_name)}* "
        f"to the deal *{escape(deal.title or 'Untitled deal')}*."
    )
    thread = thread_of(origin)
    if thread is None:
        await announce(poster, origin, deal, line=line)
    else:
        await poster.reply(thread, line)


async def on_link_contact(
    ack: AsyncAck,
    body: dict[str, Any],
    view: dict[str, Any],
    client: AsyncWebClient,
    context: AsyncBoltContext,
) -> None:
    origin = origin_of(view)
    contact_id = selected_value(_values(view), B_CONTACT)
    if not contact_id or not origin.deal_id:
        await ack(response_action="errors", errors={B_CONTACT: "Pick a contact."})
        return
    await ack()
    await _link(context["deps"], client, body, origin, origin.deal_id, contact_id)


async def on_link_deal(
    ack: AsyncAck,
    body: dict[str, Any],
    view: dict[str, Any],
    client: AsyncWebClient,
    context: AsyncBoltContext,
) -> None:
    origin = origin_of(view)
    deal_id = selected_value(_values(view), B_DEAL)
    if not deal_id or not origin.contact_id:
        await ack(response_action="errors", errors={B_DEAL: "Pick a deal."})
        return
    await ack()
    await _link(context["deps"], client, body, origin, deal_id, origin.contact_id)


def register(app: AsyncApp) -> None:
    app.view(DEAL_NEW_VIEW)(on_new_deal)
    app.view(DEAL_MOVE_VIEW)(on_move_deal)
    app.view(DEAL_CLOSE_VIEW)(on_close_deal)
    app.view(DEAL_LINK_CONTACT_VIEW)(on_link_contact)
    app.view(DEAL_LINK_DEAL_VIEW)(on_link_deal)
