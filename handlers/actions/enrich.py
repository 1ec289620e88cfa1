"""Starting an enrichment from Slack: the **Enrich** button on contact cards (a work email at
once), "Phone" in the card's overflow menu, the type/contact/"Enrich anyway" buttons, and the
flow ``/leonar enrich`` shares (``start_enrich``).

What happens: the person's Leonar key is resolved, the contact found, Leonar asked to enrich,
a "⏳ Looking for …" message posted (a reply in the card's thread, or a new parent message for
the command) and a job stored; the poller (bot/poller.py) replies in that thread when Leonar
is done.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.leonar.client import LeonarClient
from bot.leonar.errors import LeonarError, NotFoundError
from bot.leonar.models import Contact
from bot.services import enrich as enrich_service
from bot.services.contacts import resolve_contacts
from bot.slack.deps import Deps
from bot.slack.payloads import parse_action
from bot.slack.threads import Poster, ThreadRef
from bot.ui.actions import (
    CONTACT_ENRICH,
    ENRICH_ANYWAY,
    ENRICH_CHOOSE,
    ENRICH_PICK,
    VERB_ENRICH_PHONE,
)
from bot.ui.enrich import (
    PHONE,
    WORK_EMAIL,
    already_has,
    contact_pick,
    existing_value,
    no_match_text,
    parse_choice_value,
    pending_text,
)
from bot.ui.help import error_text
from handlers.actions.contact_menu import ContactActionContext, contact_action

log = logging.getLogger(__name__)

NO_KEY_TEXT = "You have no Leonar key yet. Connect yours with `/leonar connect`."


@dataclass(frozen=True)
class EnrichStart:
    """Who asks for what, and where the ⏳ message and the result go."""

    team_id: str
    user_id: str
    channel_id: str
    kind: str = WORK_EMAIL
    #: what the person typed (``/leonar enrich <contact>``), or
    typed: str | None = None
    #: the contact id of a button
    contact_id: str | None = None
    #: the thread to reply in; None: a new parent message in the channel
    thread_ts: str | None = None
    response_url: str | None = None
    #: skip the "already has one" question
    force: bool = False


async def _tell(poster: Poster, start: EnrichStart, text: str, blocks: Any = None) -> None:
    """Only to the person (in the thread when there is one)."""
    await poster.ephemeral(
        start.channel_id,
        start.user_id,
        text,
        blocks,
        response_url=start.response_url,
        thread_ts=start.thread_ts,
    )


async def _find_contact(poster: Poster, start: EnrichStart, client: LeonarClient) -> Contact | None:
    if start.contact_id:
        try:
            contact = await client.contacts.get(start.contact_id)
        except NotFoundError:
            await _tell(poster, start, "That contact is no longer in Leonar.")
            return None
        return contact
    typed = start.typed or ""
    matches = await resolve_contacts(client, typed)
    if not matches:
        await _tell(poster, start, no_match_text(typed))
        return None
    if len(matches) > 1:
        text, blocks = contact_pick(matches, start.kind, typed, start.thread_ts)
        await _tell(poster, start, text, blocks)
        return None
    return matches[0]


async def start_enrich(deps: Deps, poster: Poster, start: EnrichStart) -> None:
    """Resolve the key and the contact, ask Leonar, post ⏳, store the job. Problems are told
    to the person in words (only to them)."""
    owned = await deps.resolve_key_owner(start.team_id, start.user_id)
    if owned is None:
        await _tell(poster, start, NO_KEY_TEXT)
        return
    owner, key = owned
    client = deps.leonar(key)
    try:
        contact = await _find_contact(poster, start, client)
        if contact is None:
            return
        existing = existing_value(contact, start.kind)
        if existing and not start.force:
            text, blocks = already_has(contact, start.kind, existing, start.thread_ts)
            await _tell(poster, start, text, blocks)
            return
        enrichment = await enrich_service.request(client, contact.id, start.kind)
    except LeonarError as exc:
        await _tell(poster, start, error_text(exc.user_message))
        return

    pending = pending_text(contact.full_name, start.kind)
    thread_ts, status_ts = "", ""
    try:
        if start.thread_ts:
            thread_ts = start.thread_ts
            status_ts = await poster.reply(
                ThreadRef(
                    start.channel_id,
                    start.thread_ts,
                    response_url=start.response_url,
                    user=start.user_id,
                ),
                pending,
            )
        else:
            ref = await poster.start_thread(
                start.channel_id, pending, response_url=start.response_url, user=start.user_id
            )
            thread_ts = status_ts = "" if ref.fallback else ref.ts
    except SlackApiError as exc:
        # Leonar is already enriching: keep the job, the result then comes as a DM
        log.info("enrich: cannot post the status message (%s)", type(exc).__name__)
    job = await enrich_service.record(
        deps.db,
        deps.settings,
        enrichment,
        contact_id=contact.id,
        contact_name=contact.full_name,
        kind=start.kind,
        started=enrich_service.Started(
            team_id=start.team_id,
            user_id=start.user_id,
            channel_id=start.channel_id,
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


# ---------------------------------------------------------------------------- listeners


async def on_enrich_click(
    ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext
) -> None:
    """**Enrich** on a contact card: the work email, in the card's thread."""
    await ack()
    payload = parse_action(body)
    if payload is None or not payload.value:
        return
    deps: Deps = context["deps"]
    await start_enrich(
        deps,
        deps.poster(client),
        EnrichStart(
            team_id=payload.team_id,
            user_id=payload.user_id,
            channel_id=payload.channel_id,
            kind=WORK_EMAIL,
            contact_id=payload.value,
            thread_ts=payload.thread_ts or None,
            response_url=payload.response_url,
        ),
    )


async def on_choice_click(
    ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext
) -> None:
    """A type, a contact among several, or "Enrich anyway": the value says what and where."""
    await ack()
    payload = parse_action(body)
    parsed = parse_choice_value(payload.value) if payload is not None else None
    if payload is None or parsed is None:
        return
    kind, contact_id, thread_ts = parsed
    deps: Deps = context["deps"]
    await start_enrich(
        deps,
        deps.poster(client),
        EnrichStart(
            team_id=payload.team_id,
            user_id=payload.user_id,
            channel_id=payload.channel_id,
            kind=kind,
            contact_id=contact_id,
            thread_ts=thread_ts,
            response_url=payload.response_url,
            force=payload.action.action_id == ENRICH_ANYWAY,
        ),
    )


@contact_action(VERB_ENRICH_PHONE)
async def enrich_phone(ctx: ContactActionContext) -> None:
    """The "Phone" verb of the contact card's overflow menu."""
    payload = ctx.payload
    await start_enrich(
        ctx.deps,
        ctx.poster,
        EnrichStart(
            team_id=payload.team_id,
            user_id=payload.user_id,
            channel_id=payload.channel_id,
            kind=PHONE,
            contact_id=ctx.contact_id,
            thread_ts=payload.thread_ts or None,
            response_url=payload.response_url,
        ),
    )


def register(app: AsyncApp) -> None:
    app.action(CONTACT_ENRICH)(on_enrich_click)
    app.action(ENRICH_ANYWAY)(on_choice_click)
    app.action(re.compile(f"^(?:{ENRICH_CHOOSE}|{ENRICH_PICK})_"))(on_choice_click)
