"""**Save to Leonar as a note** (message shortcut) and **Add note** (contact card menu).

The shortcut fills the note with the message's text, its author and a link to it
(``chat.getPermalink``); the contact is the one named by the message's first LinkedIn link or
email (``contact_reference``), else picked in the modal by name (typeahead). The person may edit
the note; on submit it goes to ``POST /contacts/{id}/notes`` and the thread gets a short
confirmation. An empty note or no contact: errors under the inputs, nothing sent."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from slack_sdk.errors import SlackApiError

from bot.flows.outreach.common import answering, metadata_of, origin, picked, typed
from bot.leonar import LeonarClient, LeonarError
from bot.services.contacts import resolve_contacts
from bot.services.shortcuts import contact_reference
from bot.slack.interaction import Interaction
from bot.slack.metadata import encode_metadata
from bot.slack.payloads import ViewSubmissionPayload
from bot.ui import notes as ui
from bot.ui.actions import NOTE_CONTACT_BLOCK, NOTE_CONTACT_SEARCH, NOTE_TEXT_BLOCK
from bot.ui.deals import contact_option, options_answer

log = logging.getLogger(__name__)

PICK_HINT = "I found no LinkedIn link or email of a Leonar contact in the message: pick one."


async def from_message(ix: Interaction, message: dict[str, Any]) -> None:
    leonar = await ix.require_leonar()
    if leonar is None:
        return
    ts = str(message.get("ts") or "")
    where = ix.at(ix.channel_id, str(message.get("thread_ts") or ts))

    async def build() -> dict[str, Any]:
        contact, hint = await _named_contact(leonar, message)
        author = await _author(ix, str(message.get("user") or ""))
        content = ui.note_content(str(message.get("text") or ""), author, await _link(ix, ts))
        metadata = encode_metadata(origin(where))
        return ui.note_view(contact=contact, content=content, metadata=metadata, hint=hint)

    await ix.open_modal(ui.loading_view(), build)


async def for_contact(ix: Interaction, contact_id: str) -> None:
    """**Add note** in a contact card's menu: the modal for that contact, an empty note."""
    leonar = await ix.require_leonar()
    if leonar is None:
        return

    async def build() -> dict[str, Any]:
        try:
            contact = await leonar.contacts.get(contact_id)
        except LeonarError as exc:
            return ui.notice_view(await ix.error_words(exc))
        metadata = encode_metadata(origin(ix))
        return ui.note_view(contact=(contact.id, contact.full_name), content="", metadata=metadata)

    await ix.open_modal(ui.loading_view(), build)


async def _named_contact(
    leonar: LeonarClient, message: dict[str, Any]
) -> tuple[tuple[str, str] | None, str | None]:
    reference = contact_reference(message)
    if reference is None:
        return None, PICK_HINT
    try:
        found = await resolve_contacts(leonar, reference)
    except LeonarError as exc:
        log.info("note: could not look the contact up (%s)", type(exc).__name__)
        found = []
    if not found:
        return None, PICK_HINT
    return (found[0].id, found[0].full_name), None


async def _author(ix: Interaction, user_id: str) -> str:
    if not user_id:
        return "someone"
    try:
        user = (await ix.client.users_info(user=user_id)).get("user") or {}
    except SlackApiError:
        return f"<@{user_id}>"
    profile = user.get("profile") or {}
    return str(profile.get("real_name") or user.get("real_name") or user.get("name") or user_id)


async def _link(ix: Interaction, ts: str) -> str | None:
    try:
        answer = await ix.client.chat_getPermalink(channel=ix.channel_id, message_ts=ts)
    except SlackApiError as exc:
        log.info("note: no permalink (%s)", type(exc).__name__)
        return None
    return str(answer.get("permalink") or "") or None


async def options(ix: Interaction, query: str) -> list[dict[str, Any]]:
    """The Contact typeahead: Leonar contacts matching what was typed."""
    leonar = await ix.leonar()
    if leonar is None:
        return []
    try:
        return options_answer([contact_option(c) for c in await resolve_contacts(leonar, query)])
    except LeonarError as exc:
        log.warning("note typeahead failed: %s", type(exc).__name__)
        return []


@dataclass(frozen=True)
class NoteForm:
    contact_id: str
    contact_name: str
    content: str
    metadata: dict[str, Any]


def read_form(form: ViewSubmissionPayload) -> tuple[NoteForm | None, dict[str, str]]:
    contact = picked(form, NOTE_CONTACT_BLOCK, NOTE_CONTACT_SEARCH)
    content = typed(form, NOTE_TEXT_BLOCK)
    errors: dict[str, str] = {}
    if contact is None:
        errors[NOTE_CONTACT_BLOCK] = "Pick the contact the note is about."
    if content is None:
        errors[NOTE_TEXT_BLOCK] = "Write the note (it cannot be empty)."
    if contact is None or content is None:
        return None, errors
    name = contact[1].split(" · ")[0]
    return NoteForm(contact[0], name, content.strip(), metadata_of(form)), {}


async def submit(ix: Interaction, form: NoteForm) -> None:
    answer = await answering(ix, form.metadata)
    if answer is None:
        return
    sub, leonar = answer
    try:
        await leonar.contacts.add_note(form.contact_id, content=form.content)
    except LeonarError as exc:
        await sub.tell(f"The note was not saved: {await sub.ix.error_words(exc)}")
        return
    await sub.reply(ui.saved_text(form.contact_name, ix.user_id))
    await sub.record(f"Saved a note on {form.contact_name}")
