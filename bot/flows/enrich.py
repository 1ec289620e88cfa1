"""Starting an enrichment: ``/leonar enrich [phone|personal_email] <contact>``, the **Enrich**
button on contact cards (a work email), "Phone" in the card's overflow menu, and the
type / contact / "Enrich anyway" buttons of the questions asked on the way.

What happens: the person's Leonar key is taken from the Interaction, the contact found, Leonar
asked to enrich, a "⏳ Looking for …" message posted (a reply in the card's thread, or a new
parent message for the command) and a job stored (bot.enrichment.start); the poller replies in
that thread when Leonar is done. Problems are told to the person only, in words.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from slack_sdk.errors import SlackApiError

from bot.commands import ParsedCommand
from bot.enrichment import start as enrichment
from bot.leonar.client import LeonarClient
from bot.leonar.errors import LeonarError, NotFoundError
from bot.leonar.models import Contact
from bot.services.contacts import resolve_contacts
from bot.slack.interaction import Interaction
from bot.ui.connect import connect_prompt
from bot.ui.enrich import (
    PHONE,
    WORK_EMAIL,
    already_has,
    chosen_text,
    contact_pick,
    existing_value,
    no_match_text,
    pending_text,
    usage_text,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class EnrichRequest:
    """What to look for, and for whom. Where the ⏳ message goes is the Interaction's thread
    (a new parent message in its channel when it has none)."""

    kind: str = WORK_EMAIL
    #: what the person typed (``/leonar enrich <contact>``), or
    typed: str | None = None
    #: the contact id of a button
    contact_id: str | None = None
    #: skip the "already has one" question
    force: bool = False
    #: a button of a question asked on the way: its buttons are replaced by the choice
    from_prompt: bool = False


async def command(ix: Interaction, parsed: ParsedCommand) -> None:
    """``/leonar enrich [type] <contact>``."""
    if not parsed.contact:
        await ix.tell(usage_text())
        return
    await start(ix, EnrichRequest(kind=parsed.enrich_type or WORK_EMAIL, typed=parsed.contact))


async def phone(ix: Interaction, contact_id: str) -> None:
    """The "Phone" verb of the contact card's overflow menu."""
    await start(ix, EnrichRequest(kind=PHONE, contact_id=contact_id))


async def start(ix: Interaction, request: EnrichRequest) -> None:
    """Find the contact, ask Leonar, post ⏳ and store the job."""
    owned = await ix.key()
    if owned is None:
        await ix.tell(*connect_prompt())
        return
    owner, key = owned
    client = ix.deps.leonar(key)
    try:
        contact = await _find_contact(ix, request, client)
        if contact is None:
            return
        if request.from_prompt:
            await ix.settle_prompt(chosen_text(contact.full_name, request.kind))
        existing = existing_value(contact, request.kind)
        if existing and not request.force:
            await ix.tell(*already_has(contact, request.kind, existing, ix.thread_ts))
            return
        started = await enrichment.request(client, contact.id, request.kind)
    except LeonarError as exc:
        await ix.tell_error(exc)
        return
    thread_ts, status_ts = await _post_pending(ix, pending_text(contact.full_name, request.kind))
    job = await enrichment.record(
        ix.deps.db,
        ix.deps.settings,
        started,
        contact_id=contact.id,
        contact_name=contact.full_name,
        kind=request.kind,
        started=enrichment.Started(
            team_id=ix.team_id,
            user_id=ix.user_id,
            channel_id=ix.channel_id,
            thread_ts=thread_ts,
            status_message_ts=status_ts or None,
            key_owner=owner,
            key_fingerprint=client.fingerprint,
        ),
    )
    log.info(
        "enrichment job=%s request=%s key=%s started (%s)",
        job.id,
        job.request_id,
        job.key_fingerprint,
        job.type,
    )


async def _find_contact(
    ix: Interaction, request: EnrichRequest, client: LeonarClient
) -> Contact | None:
    if request.contact_id:
        try:
            return await client.contacts.get(request.contact_id)
        except NotFoundError:
            await ix.tell("That contact is no longer in Leonar.")
            return None
    typed = request.typed or ""
    matches = await resolve_contacts(client, typed)
    if not matches:
        await ix.tell(no_match_text(typed))
        return None
    if len(matches) > 1:
        await ix.tell(*contact_pick(matches, request.kind, typed, ix.thread_ts))
        return None
    return matches[0]


async def _post_pending(ix: Interaction, text: str) -> tuple[str, str]:
    """The ⏳ message: (the thread's ts, the message's ts); empty when it could not be posted
    (Leonar is already enriching: the job is kept and the result comes as a DM)."""
    thread = ix.thread
    try:
        if thread is not None:
            return thread.ts, await ix.poster.reply(thread, text)
        ref = await ix.start_thread(text)
    except SlackApiError as exc:
        log.info("enrich: cannot post the status message (%s)", type(exc).__name__)
        return (thread.ts if thread is not None else ""), ""
    return ("", "") if ref.fallback else (ref.ts, ref.ts)
