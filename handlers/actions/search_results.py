"""**More results** under a page of search results: the next ten cards in the same thread.

The clicked page loses its More button (so the next page is fetched once), and a double click
is dropped by ``db.dedupe``."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.leonar import LeonarError
from bot.services import search as service
from bot.services.search import SearchStore
from bot.slack.deps import Deps
from bot.slack.payloads import ActionPayload, parse_action
from bot.slack.threads import Poster, ThreadRef
from bot.ui import contacts as ui_contacts
from bot.ui.actions import RESULTS_MORE
from bot.ui.connect import connect_prompt
from bot.ui.help import error_text
from handlers.commands.router import COMMAND
from handlers.commands.search import post_page, render_message

log = logging.getLogger(__name__)

MORE_DEDUPE_TTL = 3600.0
EXPIRED = "These results have expired. Run the search again with `/leonar search`."


async def on_more_results(
    ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext
) -> None:
    await ack()
    payload = parse_action(body)
    if payload is None:
        return
    deps: Deps = context["deps"]
    poster = deps.poster(client)
    try:
        await _more(deps, poster, payload)
    except SlackApiError as exc:
        log.warning("more results: Slack refused a post: %s", type(exc).__name__)


async def _tell(poster: Poster, payload: ActionPayload, text: str, blocks: Any = None) -> None:
    await poster.ephemeral(
        payload.channel_id,
        payload.user_id,
        text,
        blocks,
        response_url=payload.response_url,
        thread_ts=payload.thread_ts or None,
    )


async def _more(deps: Deps, poster: Poster, payload: ActionPayload) -> None:
    parsed = service.parse_more_value(payload.value)
    if parsed is None:
        return
    set_id, offset = parsed
    store = SearchStore(deps.db, ttl_seconds=deps.settings.result_set_ttl)
    state = await store.load(set_id)
    if state is None:
        await _tell(poster, payload, EXPIRED)
        return
    leonar = await deps.leonar_for(payload.team_id, payload.user_id)
    if leonar is None:
        await _tell(poster, payload, *connect_prompt(COMMAND))
        return
    if not await deps.db.dedupe.first_time(
        f"search-more:{set_id}:{offset}", ttl_seconds=MORE_DEDUPE_TTL
    ):
        log.info("more results: page %s of %s already requested", offset, set_id)
        return
    stored = ThreadRef.from_dict(state.thread) if state.thread else None
    thread = ThreadRef(
        channel=payload.channel_id or (stored.channel if stored else ""),
        ts=payload.thread_ts or (stored.ts if stored else ""),
        response_url=payload.response_url,
        user=payload.user_id,
        fallback=stored.fallback if stored else False,
    )
    try:
        page = await service.fetch_page(
            leonar, query=state.query, location=state.location, offset=offset, cache=deps.cache
        )
    except LeonarError as exc:
        await poster.reply(thread, error_text(exc.user_message))
        return
    app_url = deps.settings.leonar_app_url
    # the clicked page loses its More button
    stored_clicked = False
    for message in state.messages:
        if message.footer and message.more_offset == offset:
            message.more_offset = None
            stored_clicked = True
            if message.ts and not thread.fallback:
                text, blocks = render_message(set_id, state, message, app_url=app_url)
                await poster.update(thread.channel, message.ts, text, blocks)
    clicked = payload.message
    if not stored_clicked and clicked is not None and clicked.ts and not thread.fallback:
        # clicked before the page's reply was stored: take the button off what Slack showed
        await poster.update(
            thread.channel,
            clicked.ts,
            clicked.text or "More results",
            ui_contacts.without_more_button(clicked.blocks),
        )
    if not page.contacts:
        await store.save(set_id, state)
        await poster.reply(thread, "That was all: no more contacts for this search.")
        return
    state.add_page(page)
    await post_page(poster, store, set_id, state, page, thread, app_url=app_url)


def register(app: AsyncApp) -> None:
    app.action(RESULTS_MORE)(on_more_results)
