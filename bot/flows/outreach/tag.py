"""Tagging: from a contact card (overflow **Tag**: the card then shows the new tag) or from a
results thread (**Tag all**, with a progress message). The modal offers the existing tags or a
new one with its colour."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Any

from slack_sdk.errors import SlackApiError

from bot.leonar import Contact, LeonarClient, LeonarError
from bot.leonar.models import Tag
from bot.services import outreach
from bot.services.activity import bold, plural
from bot.services.activity import name as activity_name
from bot.services.search import SearchStore
from bot.slack.interaction import Interaction
from bot.slack.payloads import ViewSubmissionPayload
from bot.text import escape
from bot.ui import outreach as ui
from bot.ui import outreach_replies as replies
from bot.ui.contacts import contact_card, contact_card_text, result_set_of_block
from bot.ui.search_results import render_message

from .common import (
    TAG_TITLE,
    ProgressMessage,
    Submitted,
    View,
    answering,
    contact_metadata,
    metadata_of,
    open_form,
    open_results_form,
    picked,
    results_metadata,
    results_of,
    typed,
)

log = logging.getLogger(__name__)

#: stored copies of the card message a tag was started from (to patch it in place)
CARD_KIND = "outreach_card"
CARD_TTL = 3600.0
Rendered = tuple[str, list[dict[str, Any]]]


async def for_contact(ix: Interaction, contact_id: str) -> None:
    """The tag modal for one contact (remembering the card, to show the new tag on it)."""

    async def build(leonar: LeonarClient) -> View:
        contact, tags = await asyncio.gather(
            leonar.contacts.get(contact_id), outreach.contact_tags(leonar)
        )
        name = contact.full_name
        metadata = contact_metadata(ix, contact.id, name, card=await card_ref(ix))
        return ui.tag_view(tags, target=ui.tag_target_text(contact_name=name), metadata=metadata)

    await open_form(ix, TAG_TITLE, build)


async def for_results(ix: Interaction, set_id: str) -> None:
    """The tag modal for every contact of a search's results (**Tag all**)."""

    async def build(leonar: LeonarClient, ids: list[str]) -> View:
        target = ui.tag_target_text(count=len(ids))
        tags = await outreach.contact_tags(leonar)
        return ui.tag_view(tags, target=target, metadata=results_metadata(ix, set_id))

    await open_results_form(ix, TAG_TITLE, set_id, build)


async def card_ref(ix: Interaction) -> dict[str, Any] | None:
    """Where the clicked card lives, to show the new tag on it afterwards: the search result
    set of a results message (``set``), or else a stored copy of the message's blocks."""
    click = ix.click
    if click is None or click.message is None or not click.message_ts or not click.channel_id:
        return None  # an ephemeral or unfurled card: nothing the bot can edit
    ref: dict[str, Any] = {"channel": click.channel_id, "ts": click.message_ts}
    set_id = result_set_of_block(click.action.block_id)
    if set_id is not None:
        ref["set"] = set_id
    elif click.message.blocks:
        ref["blocks"] = await ix.deps.db.result_sets.put(
            CARD_KIND, {"blocks": click.message.blocks}, team_id=ix.team_id, ttl_seconds=CARD_TTL
        )
    return ref


# --------------------------------------------------------------------------- submission


@dataclass(frozen=True)
class TagForm:
    """A valid tag submission: an existing tag or a new one."""

    choice: outreach.TagChoice
    metadata: dict[str, Any]


def read_form(form: ViewSubmissionPayload) -> tuple[TagForm | None, dict[str, str]]:
    """The submission, or the error to show under ``New tag name``."""
    existing = picked(form, ui.TAG_BLOCK)
    raw_name = typed(form, ui.NEW_TAG_BLOCK)
    colour = picked(form, ui.COLOUR_BLOCK)
    if existing is not None and raw_name is not None:
        return None, {ui.NEW_TAG_BLOCK: "Pick an existing tag or type a new name, not both."}
    if existing is not None:
        choice = outreach.TagChoice(tag_id=existing[0], tag_name=existing[1])
        return TagForm(choice, metadata_of(form)), {}
    try:
        name = outreach.validate_tag_name(raw_name or "")
    except ValueError as exc:
        message = str(exc) if raw_name else "Pick an existing tag or type a new tag name."
        return None, {ui.NEW_TAG_BLOCK: message}
    color = colour[0] if colour else outreach.DEFAULT_TAG_COLOR
    return TagForm(outreach.TagChoice(new_name=name, color=color), metadata_of(form)), {}


async def submit(ix: Interaction, form: TagForm) -> None:
    """After the ack: create the tag when new, then tag the contact or every result."""
    answer = await answering(ix, form.metadata)
    if answer is None:
        return
    sub, leonar = answer
    payload: Any = None
    if sub.contact_id is None and (payload := await results_of(sub)) is None:
        return
    try:
        tag, created = await outreach.resolve_tag(leonar, form.choice)
    except LeonarError as exc:
        await sub.reply(f"Could not create the tag: {await sub.ix.error_words(exc)}")
        return
    if sub.contact_id is not None:
        await _tag_one(sub, leonar, sub.contact_id, tag, created=created)
    else:
        await _tag_all(sub, leonar, payload, tag, created=created)


async def _tag_all(
    sub: Submitted, leonar: LeonarClient, payload: Any, tag: Tag, *, created: bool
) -> None:
    ids = outreach.contact_ids_of(payload)
    known = outreach.known_contacts_of(payload)
    progress = ProgressMessage(sub, f"Tagging with *{escape(tag.name or '')}*", len(ids))
    await progress.start()
    report = await outreach.tag_contacts(
        leonar,
        tag=tag,
        contact_ids=ids,
        labels={cid: c.full_name for cid, c in known.items()},
        progress=progress,
    )
    if report.tagged:
        who = plural(len(report.tagged), "contact")
        await sub.record(f"Tagged {who} with {bold(report.tag_name, 'a tag')}")
    await progress.finish(
        replies.tag_result_text(
            report.tag_name,
            tagged=len(report.tagged),
            total=report.total,
            failures=[(f.label, f.reason) for f in report.failures],
            created=created,
        )
    )


async def _tag_one(
    sub: Submitted, leonar: LeonarClient, contact_id: str, tag: Tag, *, created: bool
) -> None:
    try:
        await leonar.contacts.add_tag(contact_id, tag_id=tag.id)
    except LeonarError as exc:
        words = await sub.ix.error_words(exc)
        await sub.reply(f"Could not tag *{escape(sub.contact_name)}*: {words}")
        return
    name = sub.contact_name
    try:
        contact = await leonar.contacts.get(contact_id)
    except LeonarError as exc:
        log.info("tagged, but could not re-read the contact: %s", type(exc).__name__)
    else:
        name = contact.full_name
        await refresh_card(sub, contact)
    await sub.record(f"Tagged {activity_name(name)} with {bold(tag.name, 'a tag')}")
    await sub.reply(replies.tag_single_text(name, tag.name or "", created=created))


# --------------------------------------------------------------------------- the card


async def refresh_card(sub: Submitted, contact: Contact) -> None:
    """Show the contact's new tags on the card the action came from, in place: its search
    results message is re-rendered from the stored search, or (for a card outside a search)
    the card's blocks in the stored copy of the message are rebuilt."""
    card = sub.metadata.get("card")
    if not isinstance(card, dict) or not card.get("channel") or not card.get("ts"):
        return
    channel, ts = str(card["channel"]), str(card["ts"])
    deps = sub.ix.deps
    rendered: Rendered | None = None
    if isinstance(card.get("set"), str):
        rendered = await _rerender_results(sub, card["set"], contact, ts)
    elif isinstance(card.get("blocks"), str):
        stored = await deps.db.result_sets.get(card["blocks"])
        blocks = stored.get("blocks") if isinstance(stored, dict) else None
        if isinstance(blocks, list):
            app_url = deps.settings.leonar_app_url
            rendered = (contact_card_text(contact), patch_card(blocks, contact, app_url=app_url))
    if rendered is None:
        return
    try:
        await sub.ix.poster.update(channel, ts, *rendered)
    except SlackApiError as exc:
        log.info("could not update the contact card: %s", exc.response.get("error"))


async def _rerender_results(
    sub: Submitted, set_id: str, contact: Contact, ts: str
) -> Rendered | None:
    settings = sub.ix.deps.settings
    store = SearchStore(sub.ix.deps.db, ttl_seconds=settings.result_set_ttl)
    state = await store.load(set_id)
    if state is None:
        return None
    state.contacts[contact.id] = contact.model_dump(mode="json", exclude_none=True)
    await store.save(set_id, state)
    message = state.message_with(contact.id, ts)
    if message is None:
        return None
    return render_message(set_id, state, message, settings.leonar_app_url)


def patch_card(blocks: list[Any], contact: Contact, *, app_url: str) -> list[dict[str, Any]]:
    """``blocks`` with the contact's card blocks (same block ids) rebuilt from ``contact``."""
    fresh = {b["block_id"]: b for b in contact_card(contact, app_url=app_url) if "block_id" in b}
    patched: list[dict[str, Any]] = []
    for block in blocks:
        if not isinstance(block, dict):
            continue
        block_id = block.get("block_id")
        replacement = fresh.get(block_id) if isinstance(block_id, str) else None
        patched.append(dict(replacement) if replacement is not None else block)
    return patched
