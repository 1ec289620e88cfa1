"""Searching Leonar contacts into a thread: ``/leonar search <words> [in <location>]``, the
"Search Leonar" modal, and **More results** under a page.

The parent message goes up at once ("Searching Leonar for *react*…"), becomes "12 contacts for
*react* in Paris" when Leonar answers (or is deleted when nothing was found: only the person is
told, with a hint), and the cards arrive as replies under it, with More
results / Enroll all / Tag all under each page. The search is stored (``SearchStore``) so a
button carries only ``<set id>:<offset>`` and a card can be re-rendered in place later
(``bot.ui.search_results.render_message``, also used by add to project, outreach and enrichment).
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field

from slack_sdk.errors import SlackApiError

from bot.commands import COMMAND, ParsedCommand
from bot.leonar import LeonarClient, LeonarError
from bot.services import search as service
from bot.services.activity import name
from bot.services.search import ResultMessage, SearchPage, SearchState, SearchStore
from bot.slack.deps import Deps
from bot.slack.interaction import Interaction
from bot.slack.threads import Blocks, Poster, ThreadRef
from bot.ui import contacts as ui
from bot.ui.help import error_text
from bot.ui.search_results import render_message

log = logging.getLogger(__name__)

MORE_DEDUPE_TTL = 3600.0
EXPIRED = f"These results have expired. Run the search again with `{COMMAND} search`."
NO_MORE = "That was all: no more contacts for this search."
CANNOT_POST = "I could not post the search results here. Please try again."


@dataclass(frozen=True)
class SearchRequest:
    """What to look for: the words as typed, and an optional location."""

    query: str
    location: str | None = None


@dataclass(frozen=True)
class MoreRequest:
    """A **More results** click: the button's value and the message it was under."""

    value: str
    #: the clicked message as Slack showed it (ts, text, blocks), when the payload had it
    message_ts: str = ""
    message_text: str = ""
    message_blocks: Blocks = field(default_factory=list)


def search_hint(command: str = COMMAND) -> str:
    return (
        f"Tell me what to look for, e.g. `{command} search react typescript in Paris` "
        f"(words from names, titles, companies, skills or tags; `in <location>` is optional). "
        f"`{command} help` lists everything I can do."
    )


def activity_text(query: str, location: str | None) -> str:
    """The Home tab line of a search that found contacts."""
    where = f" in {name(location)}" if location else ""
    return f"Searched Leonar for “{name(query)}”{where}"


def store_of(deps: Deps) -> SearchStore:
    return SearchStore(deps.db, ttl_seconds=deps.settings.result_set_ttl)


async def run(ix: Interaction, command: ParsedCommand) -> None:
    """``/leonar search …``."""
    request = SearchRequest(
        query=(command.query or "").strip(), location=(command.location or "").strip() or None
    )
    await search(ix, request)


async def search(ix: Interaction, request: SearchRequest) -> None:
    """Search and post the results thread where the request came from (the Home line once
    contacts were found)."""
    if not request.query:
        await ix.tell(search_hint())
        return
    client = await ix.require_leonar()
    if client is None:
        return
    try:
        await post_search(ix, client, request)
    except SlackApiError as exc:
        log.warning("search: Slack refused a post: %s", type(exc).__name__)
        await ix.tell(CANNOT_POST)


async def _set_parent(poster: Poster, thread: ThreadRef, text: str, blocks: Blocks) -> None:
    """Update the parent message (a fallback thread has none: the line goes to the person)."""
    if thread.fallback or not thread.ts:
        await poster.reply(thread, text, blocks)
        return
    await poster.update(thread.channel, thread.ts, text, blocks)


async def _only_to_the_person(
    ix: Interaction, thread: ThreadRef, text: str, blocks: Blocks
) -> None:
    """Nothing public: the "Searching…" parent goes away and the person alone is told."""
    if thread.fallback and thread.response_url:
        await ix.poster.respond(thread.response_url, text, blocks, replace_original=True)
        return
    try:
        await ix.poster.delete(thread.channel, thread.ts)
    except SlackApiError as exc:
        log.info("search: the empty search's message stays (%s)", type(exc).__name__)
    await ix.tell(text, blocks)


async def post_search(ix: Interaction, client: LeonarClient, request: SearchRequest) -> str | None:
    """Search and post the thread; returns the stored result set id (None when nothing was
    found or Leonar failed: then the thread says why)."""
    query, location, user_id = request.query, request.location, ix.user_id
    # Leonar is asked at once, while the "Searching…" parent goes up (its round trip is the
    # longest wait of the flow)
    fetch = asyncio.ensure_future(
        service.fetch_page(client, query=query, location=location, cache=ix.deps.cache)
    )
    try:
        thread = await ix.start_thread(*ui.searching_message(query, location, user_id))
    except BaseException:
        fetch.cancel()
        raise
    try:
        page = await fetch
    except LeonarError as exc:
        await _set_parent(ix.poster, thread, *ui.search_failed(query, location, user_id))
        await ix.poster.reply(thread, error_text(exc.user_message))
        return None
    if not page.contacts:
        await _only_to_the_person(ix, thread, *ui.no_results(query, location))
        return None
    state = SearchState(query=query, location=location, user_id=user_id, thread=thread.to_dict())
    state.add_page(page)
    store = store_of(ix.deps)
    # the result set is stored while the parent gets its count (one wait instead of two
    # before the first card)
    create = asyncio.ensure_future(store.create(state, team_id=ix.team_id))
    try:
        if not thread.fallback:
            parent = ui.results_parent(
                query,
                location,
                user_id,
                total=page.total,
                shown=len(page.contacts),
                has_more=page.has_more,
            )
            await ix.poster.update(thread.channel, thread.ts, *parent)
    finally:
        set_id = await create
    activity = activity_text(query, location)
    await post_page(ix, store, set_id, state, page, thread, activity=activity)
    return set_id


async def post_page(
    ix: Interaction,
    store: SearchStore,
    set_id: str,
    state: SearchState,
    page: SearchPage,
    thread: ThreadRef,
    *,
    activity: str | None = None,
) -> None:
    """Post one page of cards as replies (split to stay within 50 blocks a message), the footer
    under the last one, and remember which reply shows which cards (with the person's Home tab
    line ``activity``, when given, in the same write)."""
    app_url = ix.deps.settings.leonar_app_url
    chunks = ui.page_chunks(page.contacts)
    header = ui.page_header(page.offset, len(page.contacts), page.total, state.query)
    for index, chunk in enumerate(chunks):
        last = index == len(chunks) - 1
        message = ResultMessage(
            ts="",
            ids=[c.id for c in chunk],
            header=header if index == 0 else None,
            footer=last,
            more_offset=page.next_offset if last else None,
        )
        message.ts = await ix.poster.reply(thread, *render_message(set_id, state, message, app_url))
        state.messages.append(message)
    # the set itself was stored before the first card went up (a quick click finds it); which
    # reply shows which cards is written once per page, the Home line with it
    line = (ix.team_id, ix.user_id, activity) if activity and ix.team_id and ix.user_id else None
    await store.save(set_id, state, activity=line)


# ---------------------------------------------------------------------- More results


async def more(ix: Interaction, click: MoreRequest) -> None:
    """The next page in the same thread; the clicked page loses its More button (so the page is
    fetched once), and a double click is dropped by ``db.dedupe``."""
    try:
        await _more(ix, click)
    except SlackApiError as exc:
        log.warning("more results: Slack refused a post: %s", type(exc).__name__)


async def _more(ix: Interaction, click: MoreRequest) -> None:
    parsed = service.parse_more_value(click.value)
    if parsed is None:
        return
    set_id, offset = parsed
    store = store_of(ix.deps)
    state = await store.load(set_id)
    if state is None:
        await ix.tell(EXPIRED)
        return
    leonar = await ix.require_leonar()
    if leonar is None:
        return
    if not await ix.deps.db.dedupe.first_time(
        f"search-more:{set_id}:{offset}", ttl_seconds=MORE_DEDUPE_TTL
    ):
        log.info("more results: page %s of %s already requested", offset, set_id)
        return
    thread = _results_thread(ix, state)
    try:
        page = await service.fetch_page(
            leonar, query=state.query, location=state.location, offset=offset, cache=ix.deps.cache
        )
    except LeonarError as exc:
        await ix.poster.reply(thread, error_text(exc.user_message))
        return
    await _drop_more_button(ix, set_id, state, offset, thread, click)
    if not page.contacts:
        await store.save(set_id, state)
        await ix.poster.reply(thread, NO_MORE)
        return
    state.add_page(page)
    await post_page(ix, store, set_id, state, page, thread)


def _results_thread(ix: Interaction, state: SearchState) -> ThreadRef:
    """The thread of the clicked page (the stored one fills what the click lacks)."""
    stored = ThreadRef.from_dict(state.thread) if state.thread else None
    return ThreadRef(
        channel=ix.channel_id or (stored.channel if stored else ""),
        ts=ix.thread_ts or (stored.ts if stored else ""),
        response_url=ix.response_url,
        user=ix.user_id,
        fallback=stored.fallback if stored else False,
    )


async def _drop_more_button(
    ix: Interaction,
    set_id: str,
    state: SearchState,
    offset: int,
    thread: ThreadRef,
    click: MoreRequest,
) -> None:
    """The clicked page's footer without its More button (stored, and shown when it can be)."""
    app_url = ix.deps.settings.leonar_app_url
    stored_clicked = False
    for message in state.messages:
        if message.footer and message.more_offset == offset:
            message.more_offset = None
            stored_clicked = True
            if message.ts and not thread.fallback:
                text, blocks = render_message(set_id, state, message, app_url)
                await ix.poster.update(thread.channel, message.ts, text, blocks)
    if not stored_clicked and click.message_ts and not thread.fallback:
        # clicked before the page's reply was stored: take the button off what Slack showed
        await ix.poster.update(
            thread.channel,
            click.message_ts,
            click.message_text or "More results",
            ui.without_more_button(click.message_blocks),
        )
