"""What the deal flows share: opening a deal modal, building its view, and showing a deal's
card in the thread the person works in."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Any

from bot.leonar import Deal, LeonarClient, LeonarError
from bot.services import deals as service
from bot.services.deals import DealOrigin
from bot.services.watch_plan import zone
from bot.slack.identity import person_timezone
from bot.slack.interaction import Interaction
from bot.slack.metadata import decode_metadata, encode_metadata
from bot.slack.payloads import ActionPayload
from bot.slack.threads import Blocks, ThreadRef
from bot.text import escape
from bot.ui.actions import (
    DEAL_CLOSE_VIEW,
    DEAL_LINK_CONTACT_VIEW,
    DEAL_LINK_DEAL_VIEW,
    DEAL_MOVE_VIEW,
    DEAL_NEW_VIEW,
)
from bot.ui.connect import connect_prompt_text
from bot.ui.deal_modals import (
    close_deal_modal,
    closed_deal_modal,
    link_contact_modal,
    link_deal_modal,
    loading_modal,
    message_modal,
    move_deal_modal,
    new_deal_modal,
)
from bot.ui.deals import deal_card

View = dict[str, Any]
Builder = Callable[[LeonarClient], Awaitable[View]]

TITLES = {
    DEAL_NEW_VIEW: "New deal",
    DEAL_MOVE_VIEW: "Move deal",
    DEAL_CLOSE_VIEW: "Close deal",
    DEAL_LINK_CONTACT_VIEW: "Link contact",
    DEAL_LINK_DEAL_VIEW: "Link to deal",
}
#: move/close: the modal of each
KIND_VIEWS = {"move": DEAL_MOVE_VIEW, "close": DEAL_CLOSE_VIEW}


def today() -> dt.date:
    """The server's date: the fallback when the person's is unknown."""
    return dt.date.today()


async def today_for(ix: Interaction) -> dt.date:
    """Today where the person is (their Slack time zone): a recruiter in Paris closing a deal
    at 00:30 closes it today, not on the server's yesterday."""
    tz = await person_timezone(ix.client, ix.user_id)
    return dt.datetime.now(zone(tz)).date() if tz else today()


def kind_of(callback_id: str | None) -> str | None:
    """ "move" / "close" for the move/close modals, None for the others."""
    return next((k for k, v in KIND_VIEWS.items() if v == callback_id), None)


def origin_metadata(origin: DealOrigin) -> str:
    return encode_metadata(origin.to_dict())


def origin_of(private_metadata: str | None) -> DealOrigin:
    return DealOrigin.from_dict(decode_metadata(private_metadata))


def there(ix: Interaction, origin: DealOrigin) -> Interaction:
    """The person, where the modal or the card came from (answers and cards go there)."""
    return ix.at(origin.channel or origin.user, origin.thread_ts, response_url=origin.response_url)


def card_origin(payload: ActionPayload) -> DealOrigin:
    """A click on a deal card: answers go to its thread, and the card itself is refreshed
    (an ephemeral card has neither: answers start a thread)."""
    ephemeral = payload.is_ephemeral
    return DealOrigin(
        channel=payload.channel_id,
        user=payload.user_id,
        response_url=payload.response_url,
        thread_ts=None if ephemeral else payload.thread_ts or None,
        card_ts=None if ephemeral else payload.message_ts or None,
    )


# --------------------------------------------------------------------------- modals


async def notice_view(ix: Interaction, callback_id: str, error: LeonarError | None = None) -> View:
    """The modal saying why it has nothing to show: Leonar's error, else "connect first"."""
    text = escape(await ix.error_words(error)) if error else connect_prompt_text()
    return message_modal(TITLES[callback_id], text, callback_id)


async def open_deal_modal(ix: Interaction, callback_id: str, build: Builder) -> None:
    """Open a loading modal with the trigger at once, then the one ``build`` makes (or the
    words of what went wrong) in its place."""

    async def view() -> View:
        leonar = await ix.leonar()
        if leonar is None:
            return await notice_view(ix, callback_id)
        try:
            return await build(leonar)
        except LeonarError as exc:
            return await notice_view(ix, callback_id, exc)

    await ix.open_modal(loading_modal(TITLES[callback_id], callback_id), view)


def new_deal_builder(ix: Interaction, origin: DealOrigin) -> Builder:
    async def build(leonar: LeonarClient) -> View:
        all_pipelines = await service.pipelines(leonar, ix.deps.cache)
        return new_deal_modal(
            all_pipelines,
            default_currency=ix.deps.settings.default_currency,
            metadata=origin_metadata(origin),
        )

    return build


async def move_or_close_view(
    ix: Interaction, leonar: LeonarClient, kind: str, origin: DealOrigin, deal: Deal | None
) -> View:
    """The move/close modal for ``deal`` (None: pick one first); a closed deal offers Reopen."""
    callback_id = KIND_VIEWS[kind]
    origin = replace(
        origin,
        kind=kind,
        deal_id=deal.id if deal else None,
        stage_id=deal.current_stage_id if deal else None,
    )
    metadata = origin_metadata(origin)
    if deal is not None and not deal.is_open:
        return closed_deal_modal(
            deal, title=TITLES[callback_id], callback_id=callback_id, metadata=metadata
        )
    if kind == "move":
        pipeline = None
        if deal is not None:
            pipeline = service.pipeline_of(deal, await service.pipelines(leonar, ix.deps.cache))
        return move_deal_modal(deal, pipeline, metadata=metadata)
    return close_deal_modal(deal, today=await today_for(ix), metadata=metadata)


def move_or_close_builder(
    ix: Interaction, kind: str, origin: DealOrigin, deal: Deal | str | None
) -> Builder:
    async def build(leonar: LeonarClient) -> View:
        picked = await service.get_deal(leonar, deal) if isinstance(deal, str) else deal
        return await move_or_close_view(ix, leonar, kind, origin, picked)

    return build


def lookup_builder(
    ix: Interaction, kind: str, origin: DealOrigin, lookup: Awaitable[list[Deal]], words: str
) -> Builder:
    """For a ``[deal]`` still being looked up when the modal had to open: the modal for the
    one match, the deal picker when several match, or says none does."""

    async def build(leonar: LeonarClient) -> View:
        found = await lookup
        if not found:
            callback_id = KIND_VIEWS[kind]
            text = f"No deal matches “{escape(words)}”."
            return message_modal(TITLES[callback_id], text, callback_id)
        one = found[0] if len(found) == 1 else None
        return await move_or_close_view(ix, leonar, kind, origin, one)

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


async def announce(
    ix: Interaction,
    origin: DealOrigin,
    deal: Deal,
    *,
    line: str,
    pipeline_name: str | None = None,
    line_blocks: Blocks | None = None,
) -> ThreadRef:
    """Show ``deal``'s card where the person works: refresh the card the modal came from and
    reply ``line`` under it, or post ``line`` (in the card's thread, else as a new thread's
    parent) with the card under it. One message says what happened (``line_blocks``: its
    blocks, e.g. the one celebration of a won deal)."""
    card_text, card_blocks = deal_card(deal, pipeline_name=pipeline_name)
    at = there(ix, origin)
    if origin.thread_ts and origin.card_ts:
        await at.poster.update(origin.channel, origin.card_ts, card_text, card_blocks)
        thread = await at.reply(line, line_blocks)
    else:
        thread = await at.reply(line, line_blocks)
        await at.poster.reply(thread, card_text, card_blocks)
    return thread


async def pipeline_name(ix: Interaction, leonar: LeonarClient, deal: Deal) -> str | None:
    """The name of ``deal``'s pipeline for its card (None when Leonar cannot say)."""
    try:
        pipeline = service.pipeline_of(deal, await service.pipelines(leonar, ix.deps.cache))
    except LeonarError:
        return None
    return pipeline.name if pipeline else None
