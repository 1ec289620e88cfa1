"""Telling a channel what a watch found, exactly once, and building the weekly digest.

Each message of a check carries Slack message metadata ``WATCH_EVENT`` with ``{watch_id,
version, index}`` (the version that ``save_state`` returned, the message's place in the
outbox). A worker that finds an outbox still set (its poster died between ``save_state`` and
``mark_told``) looks in the channel's recent history and posts only the messages not there.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from slack_sdk.errors import SlackApiError

from bot.leonar import Deal, LeonarClient, Project
from bot.leonar.errors import LeonarError
from bot.services.watches import Digest, deals_closing, project_digest, roll_week
from bot.slack.threads import Poster
from bot.store import Database, Watch
from bot.ui.actions import WATCH_EVENT
from bot.ui.watches import digest_message

log = logging.getLogger(__name__)

#: how far back a worker looks for messages of an interrupted check
HISTORY_LIMIT = 200


def watch_metadata(watch_id: str, version: int, index: int = 0) -> dict[str, Any]:
    return {
        "event_type": WATCH_EVENT,
        "event_payload": {"watch_id": watch_id, "version": version, "index": index},
    }


def _marks(message: Any, watch_id: str, version: int) -> int | None:
    """The outbox index a Slack message carries for this watch and version, else None."""
    metadata = message.get("metadata") if isinstance(message, dict) else None
    if not isinstance(metadata, dict) or metadata.get("event_type") != WATCH_EVENT:
        return None
    payload = metadata.get("event_payload")
    if not isinstance(payload, dict) or payload.get("watch_id") != watch_id:
        return None
    if payload.get("version") != version:
        return None
    index = payload.get("index", 0)
    return index if isinstance(index, int) else None


async def already_posted(poster: Poster, watch: Watch, version: int) -> set[int] | None:
    """The outbox indexes of ``version`` already in the channel; None when Slack would not
    show the history (then nothing is posted again: at most once beats twice)."""
    try:
        answer = await poster.client.conversations_history(
            channel=watch.channel_id, include_all_metadata=True, limit=HISTORY_LIMIT
        )
    except SlackApiError as exc:
        log.info("watch=%s: cannot read the channel (%s)", watch.id, type(exc).__name__)
        return None
    found = (_marks(m, watch.id, version) for m in answer.get("messages") or [])
    return {index for index in found if index is not None}


async def post_outbox(
    poster: Poster, watch: Watch, version: int, posts: list[dict[str, Any]], *, skip: set[int]
) -> int:
    """Post the outbox's messages not in ``skip``, in order; returns how many were posted."""
    posted = 0
    for index, post in enumerate(posts):
        if index in skip:
            continue
        text = str(post.get("text") or "A watched project changed.")
        blocks = post.get("blocks") if isinstance(post.get("blocks"), list) else None
        await poster.start_thread(
            watch.channel_id, text, blocks, metadata=watch_metadata(watch.id, version, index)
        )
        posted += 1
    return posted


# --------------------------------------------------------------------------- the digest


async def _projects(client: LeonarClient, watches: list[Watch]) -> list[tuple[Watch, Project]]:
    out = []
    for watch in watches:
        if watch.kind != "project":
            continue
        try:
            out.append((watch, await client.projects.get(watch.target_id)))
        except LeonarError as exc:
            log.info("digest: project of watch=%s not read (%s)", watch.id, type(exc).__name__)
    return out


async def _closing(client: LeonarClient, today: dt.date) -> list[Deal]:
    try:
        return deals_closing([d async for d in client.deals.iter(status="open")], today=today)
    except LeonarError as exc:
        log.info("digest: open deals not read (%s)", type(exc).__name__)
        return []


async def tell_digest(
    poster: Poster,
    client: LeonarClient,
    db: Database,
    watches: list[Watch],
    *,
    app_url: str,
    today: dt.date,
    roll: bool = True,
) -> Digest:
    """Post the channel's digest (its watched projects with the week's changes, the open
    deals closing in 14 days), then (``roll``: the Monday digest, not ``/leonar digest``) make
    this week's counts the next digest's baseline. Raises SlackApiError when it cannot be
    posted."""
    read = await _projects(client, watches)
    digest = Digest(
        tuple(project_digest(w.state, p) for w, p in read), tuple(await _closing(client, today))
    )
    text, blocks = digest_message(digest, app_url=app_url, today=today)
    await poster.start_thread(watches[0].channel_id, text, blocks)
    for watch, project in read if roll else ():
        if watch.outbox is None:  # a pending outbox keeps its version (see save_state)
            await db.watches.save_state(
                watch.id, version=watch.version, state=roll_week(watch.state, project)
            )
    return digest
