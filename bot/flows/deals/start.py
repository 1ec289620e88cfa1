"""What opens a deal modal, and the typeahead options of its selects.

``/leonar deal new | move [deal] | close [deal]``: ``[deal]`` is an id or words of the title:
one match opens the modal for it, several are offered as buttons (only to the person), none is
said; a closed deal is offered a Reopen. When Leonar takes longer than ``LOOKUP_BUDGET`` to
find the deal, the modal opens anyway (the trigger id lives 3 s) and the lookup's outcome is
shown in it."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from bot.commands import COMMAND, ParsedCommand
from bot.flows.deals.common import (
    KIND_VIEWS,
    Builder,
    card_origin,
    kind_of,
    link_contact_builder,
    link_deal_builder,
    lookup_builder,
    move_or_close_builder,
    move_or_close_view,
    new_deal_builder,
    notice_view,
    open_deal_modal,
    origin_of,
)
from bot.leonar import LeonarClient, LeonarError
from bot.services import deals as service
from bot.services.deals import DealOrigin
from bot.slack.interaction import Interaction
from bot.slack.modals import update_modal
from bot.slack.payloads import ActionPayload
from bot.text import escape
from bot.ui.actions import (
    DEAL_CLOSE,
    DEAL_COMPANY_SEARCH,
    DEAL_CONTACT_SEARCH,
    DEAL_LINK_CONTACT,
    DEAL_LINK_CONTACT_VIEW,
    DEAL_LINK_DEAL_VIEW,
    DEAL_MOVE,
    DEAL_NEW_VIEW,
    DEAL_SEARCH,
)
from bot.ui.deals import (
    closed_deal_message,
    company_option,
    contact_option,
    deal_choices,
    deal_option,
    options_answer,
)

log = logging.getLogger(__name__)

#: seconds of the trigger id's 3 spent finding ``[deal]`` before the modal must open regardless
LOOKUP_BUDGET = 1.5

USAGE = (
    f"Try `{COMMAND} deal new`, `{COMMAND} deal move [deal]` or `{COMMAND} deal close [deal]` "
    "(a deal is its title or its id)."
)

Json = dict[str, Any]
Search = Callable[[LeonarClient, str], Awaitable[list[Json]]]


async def command(ix: Interaction, command: ParsedCommand) -> None:
    """``/leonar deal …``."""
    action = command.action
    if action is None:
        await ix.tell(USAGE)
        return
    leonar = await ix.require_leonar()
    if leonar is None:
        return
    origin = DealOrigin(channel=ix.channel_id, user=ix.user_id, response_url=ix.response_url)
    if action == "new":
        await open_deal_modal(ix, DEAL_NEW_VIEW, new_deal_builder(ix, origin))
    elif not command.deal:
        await open_deal_modal(
            ix, KIND_VIEWS[action], move_or_close_builder(ix, action, origin, None)
        )
    else:
        await _find_and_open(ix, leonar, action, origin, command.deal)


async def _find_and_open(
    ix: Interaction, leonar: LeonarClient, kind: str, origin: DealOrigin, words: str
) -> None:
    lookup = asyncio.ensure_future(service.find_deals(leonar, words))
    done, _ = await asyncio.wait({lookup}, timeout=LOOKUP_BUDGET)
    build: Builder
    if not done:
        # Leonar is slow: open the modal while the trigger is valid and finish in it
        lookup.add_done_callback(_retrieve)  # its error is shown in the modal, if it opened
        build = lookup_builder(ix, kind, origin, lookup, words)
        await open_deal_modal(ix, KIND_VIEWS[kind], build)
        return
    try:
        found = lookup.result()
    except LeonarError as exc:
        await ix.tell_error(exc)
        return
    if not found:
        await ix.tell(f"No deal matches “{escape(words)}”.")
    elif len(found) > 1:
        await ix.tell(*deal_choices(kind, words, found))
    elif not found[0].is_open:
        await ix.tell(*closed_deal_message(found[0]))
    else:
        build = move_or_close_builder(ix, kind, origin, found[0])
        await open_deal_modal(ix, KIND_VIEWS[kind], build)


def _retrieve(done: asyncio.Future[Any]) -> None:
    if not done.cancelled():
        done.exception()


# --------------------------------------------------------------------------- buttons


async def card_button(ix: Interaction, payload: ActionPayload) -> None:
    """Move stage / Close / Link contact on a deal card (value: the deal id)."""
    origin = card_origin(payload)
    action = payload.action.action_id
    if action == DEAL_LINK_CONTACT:
        await open_deal_modal(
            ix, DEAL_LINK_CONTACT_VIEW, link_contact_builder(origin, payload.value)
        )
        return
    kind = {DEAL_MOVE: "move", DEAL_CLOSE: "close"}[action]
    build = move_or_close_builder(ix, kind, origin, payload.value)
    await open_deal_modal(ix, KIND_VIEWS[kind], build)


async def choose(ix: Interaction, kind: str, deal_id: str) -> None:
    """One of several matching deals was chosen."""
    if kind not in KIND_VIEWS or not deal_id:
        return
    origin = DealOrigin(channel=ix.channel_id, user=ix.user_id, response_url=ix.response_url)
    await open_deal_modal(ix, KIND_VIEWS[kind], move_or_close_builder(ix, kind, origin, deal_id))


async def link_to_deal(ix: Interaction, contact_id: str) -> None:
    """The contact card's overflow "Link to deal": pick an open deal."""
    origin = DealOrigin(
        channel=ix.channel_id,
        user=ix.user_id,
        response_url=ix.response_url,
        thread_ts=ix.thread_ts,
    )
    await open_deal_modal(ix, DEAL_LINK_DEAL_VIEW, link_deal_builder(origin, contact_id))


async def deal_picked(ix: Interaction, payload: ActionPayload) -> None:
    """Another deal was picked in a move/close modal: rebuild it for that deal (its stages,
    its amount). In the link-to-deal modal there is nothing to refresh."""
    view = payload.view
    kind = kind_of(view.callback_id if view else None)
    if view is None or kind is None or not payload.value:
        return
    callback_id = KIND_VIEWS[kind]
    leonar = await ix.leonar()
    if leonar is None:
        new_view = await notice_view(ix, callback_id)
    else:
        origin = origin_of(view.private_metadata)
        try:
            deal = await service.get_deal(leonar, payload.value)
            new_view = await move_or_close_view(ix, leonar, kind, origin, deal)
        except LeonarError as exc:
            new_view = await notice_view(ix, callback_id, exc)
    await update_modal(ix.client, view.id, new_view, view_hash=view.hash)


# --------------------------------------------------------------------------- typeahead


async def _deals(client: LeonarClient, query: str) -> list[Json]:
    return [deal_option(d) for d in await service.search_open_deals(client, query)]


async def _companies(client: LeonarClient, query: str) -> list[Json]:
    return [company_option(c) for c in await service.search_companies(client, query)]


async def _contacts(client: LeonarClient, query: str) -> list[Json]:
    return [contact_option(c) for c in await service.search_contacts(client, query)]


SEARCHES: dict[str, Search] = {
    DEAL_SEARCH: _deals,
    DEAL_COMPANY_SEARCH: _companies,
    DEAL_CONTACT_SEARCH: _contacts,
}


async def options(ix: Interaction, action_id: str, query: str) -> list[Json]:
    """The options of a deal modal's typeahead (none without a key or when Leonar fails)."""
    search = SEARCHES.get(action_id)
    leonar = await ix.leonar()
    if search is None or leonar is None:
        return []
    try:
        return options_answer(await search(leonar, query))
    except LeonarError as exc:
        log.warning("deal typeahead failed: %s", type(exc).__name__)
        return []
