"""Cards stay true: once an enrichment found something, the contact's card in the search
results thread where it started shows it (the work email; "on file" for what only the requester
may see).

The job knows its thread; the thread's replies (conversations.replies) show which messages hold
the contact's card (block ids ``rs:<set id>:contact:<contact id>``); the stored search remembers
the found line (``SearchState.found``) and each such message is rebuilt and updated in place.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk.errors import SlackApiError

from bot.services.search import SearchState, SearchStore
from bot.slack.deps import Deps
from bot.slack.threads import Poster
from bot.store import Job
from bot.ui.contacts import RESULT_SET_BLOCK_PREFIX, result_set_of_block
from bot.ui.enrich import card_line
from bot.ui.search_results import render_message

log = logging.getLogger(__name__)


def cards_in(messages: list[Any], contact_id: str) -> dict[str, list[str]]:
    """result set id → the ts of the thread's messages showing the contact's card."""
    shown: dict[str, list[str]] = {}
    for message in messages:
        if not isinstance(message, dict):
            continue
        for block in message.get("blocks") or []:
            block_id = block.get("block_id") if isinstance(block, dict) else None
            set_id = result_set_of_block(block_id)
            card_id = f"{RESULT_SET_BLOCK_PREFIX}{set_id}:contact:{contact_id}"
            if set_id and block_id == card_id and message.get("ts"):
                shown.setdefault(set_id, []).append(str(message["ts"]))
    return shown


async def refresh(deps: Deps, poster: Poster, job: Job, *, with_value: bool) -> None:
    """Show what the job found on the contact's cards in its thread (nothing when it found
    nothing, has no thread, or the thread holds no card of the contact)."""
    line = card_line(job, with_value=with_value)
    if line is None or not (job.channel_id and job.thread_ts):
        return
    if job.thread_ts == job.status_message_ts:  # the enrichment started this thread: no cards
        return
    try:
        answer = await poster.client.conversations_replies(
            channel=job.channel_id, ts=job.thread_ts, limit=200
        )
        shown = cards_in(list(answer.get("messages") or []), job.contact_id)
        store = SearchStore(deps.db, ttl_seconds=deps.settings.result_set_ttl)
        for set_id, stamps in shown.items():
            state = await store.change(set_id, lambda s: s.found.__setitem__(job.contact_id, line))
            if state is not None:
                await _update(deps, poster, job, set_id, state, stamps)
    except SlackApiError as exc:
        log.info("enrichment job=%s: card not refreshed (%s)", job.id, type(exc).__name__)


async def _update(
    deps: Deps, poster: Poster, job: Job, set_id: str, state: SearchState, stamps: list[str]
) -> None:
    app_url = deps.settings.leonar_app_url
    for ts in stamps:
        message = state.message_with(job.contact_id, ts)
        if message is not None:
            await poster.update(
                job.channel_id or "", ts, *render_message(set_id, state, message, app_url)
            )
