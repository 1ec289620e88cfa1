"""Buttons of the LinkedIn sourcing results: Add to project (one profile), Add all on this page,
Next page. Also the helpers that post a page into the thread and re-render it in place."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.leonar import LeonarClient, LeonarError
from bot.services import sourcing
from bot.services.activity import bold, name, plural, record_activity
from bot.services.sourcing import AddOutcome, CardMessage, SetExpired, SourcingSet
from bot.slack.deps import Deps
from bot.slack.payloads import ActionPayload, parse_action
from bot.slack.threads import Poster, ThreadRef
from bot.ui import sourcing as ui
from bot.ui.actions import PROFILE_ADD, PROFILES_ADD_PAGE, PROFILES_NEXT_PAGE
from bot.ui.help import error_text

log = logging.getLogger(__name__)

EXPIRED = "These results have expired. Run `/leonar source` again for fresh ones."
CONNECT_FIRST = "Connect your Leonar account first: type `/leonar connect`."


# --------------------------------------------------------------------------- posting pages


async def post_page(
    poster: Poster, deps: Deps, thread: ThreadRef, set_id: str, page: SourcingSet
) -> SourcingSet:
    """Post a page's cards (several messages when one would pass 50 blocks) and its controls
    under ``thread``; remember where each went as soon as it is posted (a click on a card that
    is already on screen must find its message to update it in place)."""
    cards: list[CardMessage] = []
    recorded = page
    for indices in ui.plan_card_messages(page):
        text, blocks = ui.cards_message(set_id, page, indices)
        ts = await poster.reply(thread, text, blocks)
        cards.append(CardMessage(ts=ts, start=indices.start, end=indices.stop))
        recorded = await sourcing.record_messages(
            deps.db, set_id, thread=thread.to_dict(), cards=cards, controls_ts=None
        )
    controls_ts: str | None = None
    if page.profiles:
        text, blocks = ui.controls_message(set_id, page)
        controls_ts = await poster.reply(thread, text, blocks)
    if controls_ts is not None or not cards:
        recorded = await sourcing.record_messages(
            deps.db, set_id, thread=thread.to_dict(), cards=cards, controls_ts=controls_ts
        )
    return recorded


async def refresh_page(
    poster: Poster,
    set_id: str,
    page: SourcingSet,
    changed: Iterable[int],
    *,
    payload: ActionPayload,
) -> None:
    """Re-render, in place, the card messages holding ``changed`` profiles and the controls."""
    thread = _thread(page, payload)
    wanted = set(changed)
    for message in page.card_messages:
        indices = range(message.start, message.end)
        if not wanted.intersection(indices):
            continue
        text, blocks = ui.cards_message(set_id, page, indices)
        await _replace(poster, thread, message.ts, text, blocks, payload)
    controls_ts = page.controls_ts
    if controls_ts is None and payload.action.action_id in CONTROLS_ACTIONS and payload.message_ts:
        # the controls were clicked before their ts was recorded: the clicked message is them
        controls_ts = payload.message_ts
    if controls_ts is not None:
        text, blocks = ui.controls_message(set_id, page)
        await _replace(poster, thread, controls_ts, text, blocks, payload)


#: the buttons on a page's controls message (not on its cards)
CONTROLS_ACTIONS = frozenset({PROFILES_ADD_PAGE, PROFILES_NEXT_PAGE})


async def _replace(
    poster: Poster,
    thread: ThreadRef,
    ts: str,
    text: str,
    blocks: list[dict[str, Any]],
    payload: ActionPayload,
) -> None:
    if ts and not thread.fallback:
        await poster.update(thread.channel, ts, text, blocks)
    elif payload.response_url and ts == payload.message_ts:
        # answered through response_url (bot not in the channel): only the clicked one
        await poster.respond(payload.response_url, text, blocks, replace_original=True)


def _thread(page: SourcingSet | None, payload: ActionPayload) -> ThreadRef:
    if page is not None and page.thread:
        return ThreadRef.from_dict(page.thread)
    return ThreadRef(
        channel=payload.channel_id,
        ts=payload.thread_ts,
        response_url=payload.response_url,
        user=payload.user_id,
    )


# --------------------------------------------------------------------------- listeners


class _Click:
    """One click: the payload, deps, poster and the clicker's Leonar client."""

    def __init__(self, payload: ActionPayload, deps: Deps, poster: Poster) -> None:
        self.payload = payload
        self.deps = deps
        self.poster = poster

    async def tell(self, text: str, page: SourcingSet | None = None) -> None:
        """Only the person who clicked sees this (in the thread)."""
        thread = _thread(page, self.payload)
        await self.poster.ephemeral(
            self.payload.channel_id or thread.channel,
            self.payload.user_id,
            text,
            response_url=self.payload.response_url if thread.fallback else None,
            thread_ts=thread.ts or None,
        )

    async def leonar(self) -> LeonarClient | None:
        return await self.deps.leonar_for(self.payload.team_id, self.payload.user_id)


async def _start(
    ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext
) -> tuple[_Click, LeonarClient] | None:
    await ack()
    payload = parse_action(body)
    if payload is None:
        return None
    deps: Deps = context["deps"]
    click = _Click(payload, deps, deps.poster(client))
    leonar = await click.leonar()
    if leonar is None:
        await click.tell(CONNECT_FIRST)
        return None
    return click, leonar


async def _add(click: _Click, leonar: LeonarClient, set_id: str, indices: list[int] | None) -> None:
    try:
        outcome = await sourcing.add_profiles(click.deps.db, leonar, set_id, indices)
    except SetExpired:
        await click.tell(EXPIRED)
        return
    except LeonarError as exc:
        await click.tell(error_text(exc.user_message))
        return
    page = outcome.set
    if outcome.added:
        payload = click.payload
        await record_activity(click.deps, payload.team_id, payload.user_id, activity_text(outcome))
    changed = [i for i, _ in outcome.added] + outcome.skipped
    try:
        if changed:
            await refresh_page(click.poster, set_id, page, changed, payload=click.payload)
        text = ui.added_text(outcome)
        if changed:
            await click.poster.reply(_thread(page, click.payload), text)
        else:
            await click.tell(text, page)
    except SlackApiError as exc:
        log.warning("sourcing: could not show the add: %s", type(exc).__name__)


def activity_text(outcome: AddOutcome) -> str:
    """The Home tab line of a sourcing add: "Added Sophie Martin from LinkedIn to *Project*"."""
    page = outcome.set
    if len(outcome.added) == 1:
        who = name(page.profile(outcome.added[0][0]).full_name, "a profile") + " from LinkedIn"
    else:
        who = plural(len(outcome.added), "LinkedIn profile")
    stage = f" · {name(outcome.stage)}" if outcome.stage else ""
    project = bold(page.search.project_name, "the project")
    return f"Added {who} to {project}{stage}"


async def on_profile_add(
    ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext
) -> None:
    started = await _start(ack, body, client, context)
    if started is None:
        return
    click, leonar = started
    ref = sourcing.parse_ref(click.payload.value)
    if ref is None:
        await click.tell(EXPIRED)
        return
    await _add(click, leonar, ref[0], [ref[1]])


async def on_add_page(
    ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext
) -> None:
    started = await _start(ack, body, client, context)
    if started is None:
        return
    click, leonar = started
    await _add(click, leonar, click.payload.value, None)


async def on_next_page(
    ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext
) -> None:
    started = await _start(ack, body, client, context)
    if started is None:
        return
    click, leonar = started
    set_id = click.payload.value
    try:
        result = await sourcing.next_page(click.deps.db, leonar, set_id)
    except SetExpired:
        await click.tell(EXPIRED)
        return
    except LeonarError as exc:
        await click.tell(error_text(exc.user_message))
        return
    if result.duplicate or result.new is None or result.new_id is None:
        await click.tell("The next page is already on its way in this thread.", result.previous)
        return
    thread = _thread(result.previous, click.payload)
    try:
        await refresh_page(click.poster, set_id, result.previous, (), payload=click.payload)
        if not result.new.profiles:
            await click.poster.reply(thread, "No more profiles for this search.")
            return
        await post_page(click.poster, click.deps, thread, result.new_id, result.new)
    except SlackApiError as exc:
        log.warning("sourcing: could not post the next page: %s", type(exc).__name__)
        await click.tell("I could not post the next page here. Please try again.")


def register(app: AsyncApp) -> None:
    app.action(PROFILE_ADD)(on_profile_add)
    app.action(PROFILES_ADD_PAGE)(on_add_page)
    app.action(PROFILES_NEXT_PAGE)(on_next_page)
