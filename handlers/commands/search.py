"""``/leonar search <words> [in <location>]``: contacts in a thread, ten per page.

The parent message goes up at once ("Searching Leonar for *react*…"), becomes "12 contacts for
*react* in Paris" when Leonar answers, and the cards arrive as replies under it, with More
results / Enroll all / Tag all under each page. ``post_search`` is reusable (e.g. by a search
modal); ``post_page`` posts one page of a stored search (also used by More results).
"""

from __future__ import annotations

import logging

from slack_sdk.errors import SlackApiError

from bot.leonar import LeonarClient, LeonarError
from bot.services import search as service
from bot.services.activity import name, record_activity
from bot.services.search import ResultMessage, SearchPage, SearchState, SearchStore
from bot.slack.deps import Deps
from bot.slack.threads import Blocks, Poster, ThreadRef
from bot.ui import contacts as ui
from bot.ui.connect import connect_prompt
from bot.ui.help import error_text
from handlers.commands.router import COMMAND, CommandContext, subcommand

log = logging.getLogger(__name__)


def search_hint(command: str = COMMAND) -> str:
    return (
        f"Tell me what to look for, e.g. `{command} search react typescript in Paris` "
        f"(words from names, titles, companies, skills or tags; `in <location>` is optional). "
        f"`{command} help` lists everything I can do."
    )


@subcommand("search")
async def search(ctx: CommandContext) -> None:
    query = (ctx.command.query or "").strip()
    location = (ctx.command.location or "").strip() or None
    if not query:
        await ctx.ephemeral(search_hint())
        return
    client = await ctx.leonar()
    if client is None:
        text, blocks = connect_prompt(COMMAND)
        await ctx.ephemeral(text, blocks)
        return
    try:
        set_id = await post_search(
            ctx.deps,
            ctx.poster,
            client,
            team_id=ctx.team_id,
            user_id=ctx.user_id,
            channel_id=ctx.channel_id,
            query=query,
            location=location,
            response_url=ctx.response_url,
        )
    except SlackApiError as exc:
        log.warning("search: Slack refused a post: %s", type(exc).__name__)
        await ctx.ephemeral("I could not post the search results here. Please try again.")
        return
    if set_id is not None:
        await record_activity(ctx.deps, ctx.team_id, ctx.user_id, activity_text(query, location))


def activity_text(query: str, location: str | None) -> str:
    """The Home tab line of a search that found contacts."""
    where = f" in {name(location)}" if location else ""
    return f"Searched Leonar for “{name(query)}”{where}"


async def _set_parent(poster: Poster, thread: ThreadRef, text: str, blocks: Blocks) -> None:
    """Update the parent message (a fallback thread has none: the line goes to the person)."""
    if thread.fallback or not thread.ts:
        await poster.reply(thread, text, blocks)
        return
    await poster.update(thread.channel, thread.ts, text, blocks)


async def post_search(
    deps: Deps,
    poster: Poster,
    client: LeonarClient,
    *,
    team_id: str,
    user_id: str,
    channel_id: str,
    query: str,
    location: str | None,
    response_url: str | None,
) -> str | None:
    """Search and post the thread; returns the stored result set id (None when nothing was
    found or Leonar failed: then the thread says why)."""
    text, blocks = ui.searching_message(query, location, user_id)
    thread = await poster.start_thread(
        channel_id, text, blocks, response_url=response_url, user=user_id
    )
    try:
        page = await service.fetch_page(client, query=query, location=location, cache=deps.cache)
    except LeonarError as exc:
        await _set_parent(poster, thread, *ui.search_failed(query, location, user_id))
        await poster.reply(thread, error_text(exc.user_message))
        return None
    if not page.contacts:
        await _set_parent(poster, thread, *ui.no_results(query, location, user_id))
        return None
    if not thread.fallback:
        parent_text, parent_blocks = ui.results_parent(
            query,
            location,
            user_id,
            total=page.total,
            shown=len(page.contacts),
            has_more=page.has_more,
        )
        await poster.update(thread.channel, thread.ts, parent_text, parent_blocks)
    state = SearchState(query=query, location=location, user_id=user_id, thread=thread.to_dict())
    state.add_page(page)
    store = SearchStore(deps.db, ttl_seconds=deps.settings.result_set_ttl)
    set_id = await store.create(state, team_id=team_id)
    await post_page(
        poster, store, set_id, state, page, thread, app_url=deps.settings.leonar_app_url
    )
    return set_id


async def post_page(
    poster: Poster,
    store: SearchStore,
    set_id: str,
    state: SearchState,
    page: SearchPage,
    thread: ThreadRef,
    *,
    app_url: str,
) -> None:
    """Post one page of cards as replies (split to stay within 50 blocks a message), the footer
    under the last one, and remember which reply shows which cards."""
    chunks = ui.page_chunks(page.contacts, app_url=app_url)
    header = ui.page_header(page.offset, len(page.contacts), page.total, state.query)
    for index, chunk in enumerate(chunks):
        last = index == len(chunks) - 1
        more = page.next_offset if last else None
        text, blocks = ui.results_message(
            set_id,
            chunk,
            app_url=app_url,
            header=header if index == 0 else None,
            notes=state.notes,
            footer=ui.ResultsFooter(more_offset=more) if last else None,
        )
        ts = await poster.reply(thread, text, blocks)
        state.messages.append(
            ResultMessage(
                ts=ts,
                ids=[c.id for c in chunk],
                header=header if index == 0 else None,
                footer=last,
                more_offset=more,
            )
        )
        # stored as soon as it is shown, so a quick click on its buttons finds it
        await store.save(set_id, state)


def render_message(
    set_id: str, state: SearchState, message: ResultMessage, *, app_url: str
) -> tuple[str, Blocks]:
    """A stored results reply as it should look now (notes included)."""
    contacts = [c for c in (state.contact(cid) for cid in message.ids) if c is not None]
    footer = ui.ResultsFooter(more_offset=message.more_offset) if message.footer else None
    return ui.results_message(
        set_id,
        contacts,
        app_url=app_url,
        header=message.header,
        notes=state.notes,
        footer=footer,
    )
