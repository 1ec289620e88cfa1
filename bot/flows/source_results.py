"""The LinkedIn sourcing results thread: posting a page, re-rendering it in place, and its
buttons (Add to project on one profile, Add all on this page, Next page)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from slack_sdk.errors import SlackApiError

from bot.leonar import LeonarClient, LeonarError
from bot.services import sourcing
from bot.services.activity import bold, name, plural, record_activity
from bot.services.sourcing import AddOutcome, CardMessage, SetExpired, SourcingSet
from bot.services.sourcing_add import add_profiles
from bot.slack.interaction import Interaction
from bot.slack.threads import Blocks, ThreadRef
from bot.ui import sourcing as ui
from bot.ui.actions import PROFILES_ADD_PAGE, PROFILES_NEXT_PAGE

log = logging.getLogger(__name__)

T = TypeVar("T")

#: the buttons on a page's controls message (not on its cards)
CONTROLS_ACTIONS = frozenset({PROFILES_ADD_PAGE, PROFILES_NEXT_PAGE})


@dataclass(frozen=True)
class PageClick:
    """A click on a results page: which button, on which stored page, on which message."""

    action_id: str
    #: the button's value: "<set id>:<index>" on a card, "<set id>" on the controls
    value: str
    #: the clicked message (what is answered through response_url when the bot cannot post)
    message_ts: str = ""


# --------------------------------------------------------------------------- posting pages


async def post_page(ix: Interaction, thread: ThreadRef, set_id: str, page: SourcingSet) -> None:
    """Post a page's cards (several messages when one would pass 50 blocks) and its controls
    under ``thread``; remember where each went as soon as it is posted (a click on a card that
    is already on screen must find its message to update it in place)."""
    db = ix.deps.db
    cards: list[CardMessage] = []
    for indices in ui.plan_card_messages(page):
        text, blocks = ui.cards_message(set_id, page, indices)
        ts = await ix.poster.reply(thread, text, blocks)
        cards.append(CardMessage(ts=ts, start=indices.start, end=indices.stop))
        await sourcing.record_messages(
            db, set_id, thread=thread.to_dict(), cards=cards, controls_ts=None
        )
    controls_ts: str | None = None
    if page.profiles:
        text, blocks = ui.controls_message(set_id, page)
        controls_ts = await ix.poster.reply(thread, text, blocks)
    if controls_ts is not None or not cards:
        await sourcing.record_messages(
            db, set_id, thread=thread.to_dict(), cards=cards, controls_ts=controls_ts
        )


async def _refresh_page(
    ix: Interaction, click: PageClick, set_id: str, page: SourcingSet, changed: Iterable[int]
) -> None:
    """Re-render, in place, the card messages holding ``changed`` profiles and the controls."""
    thread = _thread(ix, page)
    wanted = set(changed)
    for message in page.card_messages:
        indices = range(message.start, message.end)
        if wanted.intersection(indices):
            text, blocks = ui.cards_message(set_id, page, indices)
            await _replace(ix, click, thread, message.ts, text, blocks)
    controls_ts = page.controls_ts
    if controls_ts is None and click.action_id in CONTROLS_ACTIONS and click.message_ts:
        # the controls were clicked before their ts was recorded: the clicked message is them
        controls_ts = click.message_ts
    if controls_ts is not None:
        text, blocks = ui.controls_message(set_id, page)
        await _replace(ix, click, thread, controls_ts, text, blocks)


async def _replace(
    ix: Interaction, click: PageClick, thread: ThreadRef, ts: str, text: str, blocks: Blocks
) -> None:
    if ts and not thread.fallback:
        await ix.poster.update(thread.channel, ts, text, blocks)
    elif ix.response_url and ts == click.message_ts:
        # answered through response_url (bot not in the channel): only the clicked one
        await ix.poster.respond(ix.response_url, text, blocks, replace_original=True)


def _thread(ix: Interaction, page: SourcingSet | None) -> ThreadRef:
    if page is not None and page.thread:
        return ThreadRef.from_dict(page.thread)
    return ix.thread or ThreadRef(
        ix.channel_id, "", response_url=ix.response_url, user=ix.user_id, fallback=True
    )


# --------------------------------------------------------------------------- the buttons


async def _told(ix: Interaction, work: Awaitable[T]) -> T | None:
    """``work``'s result; None when the page expired or Leonar failed (the person is told)."""
    try:
        return await work
    except SetExpired:
        await ix.tell(ui.EXPIRED)
    except LeonarError as exc:
        await ix.tell_error(exc)
    return None


async def add(ix: Interaction, click: PageClick) -> None:
    """Add to project (one profile) or Add all on this page (every new one)."""
    leonar = await ix.require_leonar()
    if leonar is None:
        return
    if click.action_id == PROFILES_ADD_PAGE:
        await _add(ix, leonar, click, click.value, None)
        return
    ref = sourcing.parse_ref(click.value)
    if ref is None:
        await ix.tell(ui.EXPIRED)
        return
    await _add(ix, leonar, click, ref[0], [ref[1]])


async def _add(
    ix: Interaction, leonar: LeonarClient, click: PageClick, set_id: str, indices: list[int] | None
) -> None:
    outcome = await _told(ix, add_profiles(ix.deps.db, leonar, set_id, indices))
    if outcome is None:
        return
    page = outcome.set
    if outcome.added:
        await record_activity(ix.deps.db, ix.team_id, ix.user_id, activity_text(outcome))
    changed = [i for i, _ in outcome.added] + outcome.skipped
    try:
        if changed:
            await _refresh_page(ix, click, set_id, page, changed)
            await ix.poster.reply(_thread(ix, page), ui.added_text(outcome))
        else:
            await ix.tell(ui.added_text(outcome))
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


async def next_page(ix: Interaction, click: PageClick) -> None:
    """Fetch the next page once (however often it is clicked) and post it in the thread."""
    leonar = await ix.require_leonar()
    if leonar is None:
        return
    set_id = click.value
    result = await _told(ix, sourcing.next_page(ix.deps.db, leonar, set_id))
    if result is None:
        return
    if result.duplicate or result.new is None or result.new_id is None:
        await ix.tell("The next page is already on its way in this thread.")
        return
    thread = _thread(ix, result.previous)
    try:
        await _refresh_page(ix, click, set_id, result.previous, ())
        if not result.new.profiles:
            await ix.poster.reply(thread, "No more profiles for this search.")
            return
        await post_page(ix, thread, result.new_id, result.new)
    except SlackApiError as exc:
        log.warning("sourcing: could not post the next page: %s", type(exc).__name__)
        await ix.tell("I could not post the next page here. Please try again.")
