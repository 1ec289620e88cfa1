"""Submissions of the outreach modals: enroll in a sequence, tag, send a message (and its
preview). Wrong input is answered under the input (``response_action: errors``) and nothing
goes to Leonar; otherwise the modal closes at once and the work runs after the ack, answering
in the thread of the card or results. Bulk work keeps one progress message updated in place."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.leonar import Contact, LeonarClient, LeonarError
from bot.leonar.models import MessageChannel, Tag
from bot.services import outreach
from bot.services.activity import bold, plural, record_activity
from bot.services.activity import name as activity_name
from bot.services.search import SearchStore
from bot.slack.deps import Deps
from bot.slack.identity import leonar_error_text, require_leonar
from bot.slack.metadata import decode_metadata, encode_metadata
from bot.slack.payloads import parse_action
from bot.slack.threads import Poster, ThreadRef
from bot.ui import outreach as ui
from bot.ui.actions import (
    OUTREACH_ENROLL_VIEW,
    OUTREACH_MESSAGE_CONFIRM_VIEW,
    OUTREACH_MESSAGE_VIEW,
    OUTREACH_TAG_VIEW,
)
from bot.ui.contacts import contact_card, contact_card_text
from bot.ui.escape import escape
from handlers.actions.outreach import EXPIRED_RESULTS, compose_state
from handlers.commands.search import render_message

log = logging.getLogger(__name__)

#: stored message drafts between the compose modal and its preview
DRAFT_KIND = "outreach_draft"
DRAFT_TTL = 3600.0
#: the shortest gap between two edits of a progress message
PROGRESS_INTERVAL = 1.0
DRAFT_EXPIRED = "This draft has expired. Open the message form again."


@dataclass
class Submission:
    """A submitted outreach modal, after the ack: who, where to answer, and how."""

    deps: Deps
    client: AsyncWebClient
    team_id: str
    user_id: str
    thread: ThreadRef
    metadata: dict[str, Any]

    @classmethod
    def of(cls, body: dict[str, Any], client: AsyncWebClient, deps: Deps) -> Submission | None:
        payload = parse_action(body)
        view = body.get("view")
        if payload is None or not isinstance(view, dict):
            return None
        metadata = decode_metadata(view.get("private_metadata"))
        thread = metadata.get("thread")
        if not isinstance(thread, dict) or not thread.get("channel"):
            return None
        return cls(
            deps, client, payload.team_id, payload.user_id, ThreadRef.from_dict(thread), metadata
        )

    @property
    def poster(self) -> Poster:
        return self.deps.poster(self.client)

    async def reply(self, text: str) -> str:
        """Answer in the thread; returns the reply's ts ("" when it went another way)."""
        try:
            return await self.poster.reply(self.thread, text)
        except SlackApiError as exc:
            log.warning("could not reply in the thread: %s", exc.response.get("error"))
            await self.tell(text)
            return ""

    async def tell(self, text: str, blocks: list[dict[str, Any]] | None = None) -> None:
        """Answer only the person who submitted."""
        try:
            await self.poster.ephemeral(
                self.thread.channel, self.user_id, text, blocks, thread_ts=self.thread.ts or None
            )
        except SlackApiError as exc:
            log.warning("could not answer the person: %s", exc.response.get("error"))

    async def leonar(self) -> LeonarClient | None:
        return await require_leonar(
            self.deps, self.team_id, self.user_id, reply=lambda t, b: self.tell(t, b)
        )

    async def record(self, text: str) -> None:
        """A line on the person's Home tab (never raises)."""
        await record_activity(self.deps, self.team_id, self.user_id, text)

    async def words(self, error: LeonarError) -> str:
        text = await leonar_error_text(self.deps, error, self.team_id, self.user_id)
        return text or error.user_message

    @property
    def contact_id(self) -> str | None:
        value = self.metadata.get("contact")
        return value if isinstance(value, str) and value else None

    @property
    def contact_name(self) -> str:
        return str(self.metadata.get("name") or "this contact")

    @property
    def set_id(self) -> str | None:
        value = self.metadata.get("set")
        return value if isinstance(value, str) and value else None


class ProgressMessage:
    """One reply in the thread showing "Tagging… 12 of 40", edited in place (at most once a
    second, and always when paused for the rate budget), finally replaced by the result."""

    def __init__(self, sub: Submission, doing: str, total: int) -> None:
        self.sub = sub
        self.doing = doing
        self.total = total
        self.ts = ""
        self._last = 0.0

    async def start(self) -> None:
        self.ts = await self.sub.reply(ui.progress_text(self.doing, 0, self.total))
        self._last = time.monotonic()

    async def __call__(self, done: int, total: int, paused_until: float | None) -> None:
        if not self.ts:
            return
        now = time.monotonic()
        if paused_until is None and done < total and now - self._last < PROGRESS_INTERVAL:
            return
        self._last = now
        await self._edit(ui.progress_text(self.doing, done, total, paused_until))

    async def finish(self, text: str) -> None:
        if not self.ts or not await self._edit(text):
            await self.sub.reply(text)

    async def _edit(self, text: str) -> bool:
        try:
            await self.sub.poster.update(self.sub.thread.channel, self.ts, text)
        except SlackApiError as exc:
            log.info("could not update the progress message: %s", exc.response.get("error"))
            return False
        return True


# --------------------------------------------------------------------------- enroll


async def on_enroll_submit(
    ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext
) -> None:
    values = ui.view_values(body.get("view") or {})
    errors: dict[str, str] = {}
    sequence = ui.selected(values, ui.SEQUENCE_BLOCK)
    if sequence is None:
        errors[ui.SEQUENCE_BLOCK] = "Pick a sequence."
    variables: dict[str, str] = {}
    try:
        variables = outreach.parse_variables(
            ui.text_value(values, ui.INTRO_BLOCK), ui.text_value(values, ui.VARIABLES_BLOCK)
        )
    except outreach.VariablesError as exc:
        errors[ui.VARIABLES_BLOCK] = str(exc)
    if errors or sequence is None:
        await ack(response_action="errors", errors=errors)
        return
    await ack()
    sub = Submission.of(body, client, context["deps"])
    if sub is None:
        return
    leonar = await sub.leonar()
    if leonar is None:
        return
    sequence_id, sequence_name = sequence
    if sub.contact_id is not None:
        await enroll_one(sub, leonar, sub.contact_id, sequence_id, sequence_name, variables)
    elif sub.set_id is not None:
        await enroll_all(sub, leonar, sub.set_id, sequence_id, sequence_name, variables)


async def enroll_one(
    sub: Submission,
    leonar: LeonarClient,
    contact_id: str,
    sequence_id: str,
    sequence_name: str,
    variables: dict[str, str],
) -> None:
    try:
        contact = await outreach.contactable(leonar, contact_id, "enroll")
        report = await outreach.enroll_contacts(
            leonar,
            sequence_id=sequence_id,
            sequence_name=sequence_name,
            contact_ids=[contact.id],
            variables=variables,
            known={contact.id: contact},
        )
    except outreach.OutreachRefused as exc:
        await sub.reply(escape(exc.user_message))
        return
    except LeonarError as exc:
        await sub.reply(await sub.words(exc))
        return
    if report.failures:
        reason = report.failures[0].reason
        await sub.reply(
            f"Could not enroll *{escape(contact.full_name)}* in *{escape(sequence_name)}*: "
            f"{escape(reason)}"
        )
        return
    if report.result.enrolled:
        who = activity_name(contact.full_name)
        await sub.record(f"Enrolled {who} in {bold(sequence_name, 'a sequence')}")
    await sub.reply(ui.enroll_result_text(sequence_name, report.result))


async def enroll_all(
    sub: Submission,
    leonar: LeonarClient,
    set_id: str,
    sequence_id: str,
    sequence_name: str,
    variables: dict[str, str],
) -> None:
    payload = await sub.deps.db.result_sets.get(set_id)
    ids = outreach.contact_ids_of(payload)
    if not ids:
        await sub.reply(EXPIRED_RESULTS)
        return
    progress = ProgressMessage(sub, f"Enrolling in *{escape(sequence_name)}*", len(ids))
    await progress.start()
    report = await outreach.enroll_contacts(
        leonar,
        sequence_id=sequence_id,
        sequence_name=sequence_name,
        contact_ids=ids,
        variables=variables,
        known=outreach.known_contacts_of(payload),
        progress=progress,
    )
    if report.result.enrolled:
        who = plural(report.result.enrolled, "contact")
        await sub.record(f"Enrolled {who} in {bold(sequence_name, 'a sequence')}")
    await progress.finish(
        ui.enroll_result_text(
            sequence_name,
            report.result,
            do_not_contact=len(report.do_not_contact),
            failures=[(f.label, f.reason) for f in report.failures],
        )
    )


# --------------------------------------------------------------------------- tag


def read_tag_form(values: Any) -> tuple[outreach.TagChoice | None, dict[str, str]]:
    existing = ui.selected(values, ui.TAG_BLOCK)
    raw_name = ui.text_value(values, ui.NEW_TAG_BLOCK)
    colour = ui.selected(values, ui.COLOUR_BLOCK)
    if existing is not None and raw_name is not None:
        message = "Pick an existing tag or type a new name, not both."
        return None, {ui.NEW_TAG_BLOCK: message}
    if existing is not None:
        return outreach.TagChoice(tag_id=existing[0], tag_name=existing[1]), {}
    try:
        name = outreach.validate_tag_name(raw_name or "")
    except ValueError as exc:
        message = str(exc) if raw_name else "Pick an existing tag or type a new tag name."
        return None, {ui.NEW_TAG_BLOCK: message}
    color = colour[0] if colour else outreach.DEFAULT_TAG_COLOR
    return outreach.TagChoice(new_name=name, color=color), {}


async def on_tag_submit(
    ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext
) -> None:
    choice, errors = read_tag_form(ui.view_values(body.get("view") or {}))
    if choice is None:
        await ack(response_action="errors", errors=errors)
        return
    await ack()
    sub = Submission.of(body, client, context["deps"])
    if sub is None:
        return
    leonar = await sub.leonar()
    if leonar is None:
        return
    ids: list[str] = []
    payload: Any = None
    if sub.contact_id is None:
        payload = await sub.deps.db.result_sets.get(sub.set_id or "")
        ids = outreach.contact_ids_of(payload)
        if not ids:
            await sub.reply(EXPIRED_RESULTS)
            return
    try:
        tag, created = await outreach.resolve_tag(leonar, choice)
    except LeonarError as exc:
        await sub.reply(f"Could not create the tag: {await sub.words(exc)}")
        return
    if sub.contact_id is not None:
        await tag_one(sub, leonar, sub.contact_id, tag, created=created)
        return
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
        ui.tag_result_text(
            report.tag_name,
            tagged=len(report.tagged),
            total=report.total,
            failures=[(f.label, f.reason) for f in report.failures],
            created=created,
        )
    )


async def tag_one(
    sub: Submission, leonar: LeonarClient, contact_id: str, tag: Tag, *, created: bool
) -> None:
    try:
        await leonar.contacts.add_tag(contact_id, tag_id=tag.id)
    except LeonarError as exc:
        await sub.reply(f"Could not tag *{escape(sub.contact_name)}*: {await sub.words(exc)}")
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
    await sub.reply(ui.tag_single_text(name, tag.name or "", created=created))


async def refresh_card(sub: Submission, contact: Contact) -> None:
    """Show the contact's new tags on the card the action came from, in place: its search
    results message is re-rendered from the stored search, or (for a card outside a search)
    the card's blocks in the stored copy of the message are rebuilt."""
    card = sub.metadata.get("card")
    if not isinstance(card, dict) or not card.get("channel") or not card.get("ts"):
        return
    channel, ts = str(card["channel"]), str(card["ts"])
    app_url = sub.deps.settings.leonar_app_url
    rendered: tuple[str, list[dict[str, Any]]] | None = None
    if isinstance(card.get("set"), str):
        rendered = await _rerender_results(sub, card["set"], contact, ts)
    elif isinstance(card.get("blocks"), str):
        stored = await sub.deps.db.result_sets.get(card["blocks"])
        blocks = stored.get("blocks") if isinstance(stored, dict) else None
        if isinstance(blocks, list):
            rendered = (contact_card_text(contact), patch_card(blocks, contact, app_url=app_url))
    if rendered is None:
        return
    try:
        await sub.poster.update(channel, ts, *rendered)
    except SlackApiError as exc:
        log.info("could not update the contact card: %s", exc.response.get("error"))


async def _rerender_results(
    sub: Submission, set_id: str, contact: Contact, ts: str
) -> tuple[str, list[dict[str, Any]]] | None:
    store = SearchStore(sub.deps.db, ttl_seconds=sub.deps.settings.result_set_ttl)
    state = await store.load(set_id)
    if state is None:
        return None
    state.contacts[contact.id] = contact.model_dump(mode="json", exclude_none=True)
    await store.save(set_id, state)
    message = state.message_with(contact.id, ts)
    if message is None:
        return None
    return render_message(set_id, state, message, app_url=sub.deps.settings.leonar_app_url)


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


# --------------------------------------------------------------------------- message


def read_message_form(
    view: dict[str, Any],
) -> tuple[outreach.MessageDraft | None, dict[str, str], bool]:
    """The draft (or the field errors) and whether a preview was asked for."""
    metadata = decode_metadata(view.get("private_metadata"))
    values = ui.view_values(view)
    state = compose_state(metadata, values)
    contact_id = str(metadata.get("contact") or "")
    errors: dict[str, str] = {}
    email = state.channel == MessageChannel.EMAIL
    reachable = metadata.get("reachable")
    if isinstance(reachable, list) and state.channel not in reachable:
        missing = "email address" if email else "LinkedIn profile"
        errors[ui.CHANNEL_BLOCK] = f"{state.contact_name} has no {missing} in Leonar."
    elif email and state.subject is None:
        shown = ui.SUBJECT_BLOCK in ui.view_block_ids(view)
        errors[ui.SUBJECT_BLOCK if shown else ui.CHANNEL_BLOCK] = "An email needs a subject."
    if state.content is None:
        errors[ui.MESSAGE_BLOCK] = "Write a message."
    if errors or state.content is None or not contact_id:
        return None, errors, False
    draft = outreach.MessageDraft(
        contact_id=contact_id,
        channel=state.channel,
        content=state.content.strip(),
        subject=state.subject.strip() if email and state.subject else None,
        sender_account_id=None if email else state.sender_id,
    )
    return draft, {}, ui.PREVIEW_VALUE in ui.checked(values, ui.PREVIEW_BLOCK)


def _sender_name(metadata: dict[str, Any], sender_id: str | None) -> str | None:
    for item in metadata.get("accounts") or ():
        if isinstance(item, list) and len(item) == 2 and item[0] == sender_id:
            return str(item[1])
    return None


async def on_message_submit(
    ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext
) -> None:
    view = body.get("view") or {}
    draft, errors, preview = read_message_form(view)
    if draft is None:
        await ack(response_action="errors", errors=errors or {ui.MESSAGE_BLOCK: "Write a message."})
        return
    deps: Deps = context["deps"]
    metadata = decode_metadata(view.get("private_metadata"))
    sender_name = _sender_name(metadata, draft.sender_account_id)
    if preview:
        team_id = str((body.get("team") or {}).get("id") or "")
        draft_id = await deps.db.result_sets.put(
            DRAFT_KIND,
            {
                "contact_id": draft.contact_id,
                "channel": draft.channel,
                "content": draft.content,
                "subject": draft.subject,
                "sender_account_id": draft.sender_account_id,
                "sender_name": sender_name,
            },
            team_id=team_id,
            ttl_seconds=DRAFT_TTL,
        )
        confirm_metadata = {
            "thread": metadata.get("thread"),
            "name": metadata.get("name"),
            "draft": draft_id,
        }
        await ack(
            response_action="update",
            view=ui.message_confirm_view(
                contact_name=str(metadata.get("name") or "this contact"),
                channel=draft.channel,
                content=draft.content,
                subject=draft.subject,
                sender_name=sender_name,
                metadata=encode_metadata(confirm_metadata),
            ),
        )
        return
    await ack()
    sub = Submission.of(body, client, deps)
    if sub is not None:
        await send(sub, draft, sender_name)


async def on_message_confirm(
    ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext
) -> None:
    await ack()
    sub = Submission.of(body, client, context["deps"])
    if sub is None:
        return
    stored = await sub.deps.db.result_sets.get(str(sub.metadata.get("draft") or ""))
    if not isinstance(stored, dict):
        await sub.tell(DRAFT_EXPIRED)
        return
    draft = outreach.MessageDraft(
        contact_id=str(stored.get("contact_id") or ""),
        channel=str(stored.get("channel") or ""),
        content=str(stored.get("content") or ""),
        subject=stored.get("subject"),
        sender_account_id=stored.get("sender_account_id"),
    )
    sender = stored.get("sender_name")
    await send(sub, draft, sender if isinstance(sender, str) else None)


async def send(sub: Submission, draft: outreach.MessageDraft, sender_name: str | None) -> None:
    leonar = await sub.leonar()
    if leonar is None:
        return
    try:
        contact, _message = await outreach.send_message(leonar, draft)
    except outreach.OutreachRefused as exc:
        await sub.reply(escape(exc.user_message))
        return
    except LeonarError as exc:
        await sub.reply(f"Could not send the message: {await sub.words(exc)}")
        return
    how = "an email" if draft.channel == MessageChannel.EMAIL else "a LinkedIn message"
    await sub.record(f"Sent {how} to {activity_name(contact.full_name)}")
    await sub.reply(ui.message_sent_text(contact.full_name, draft.channel, sender_name))


def register(app: AsyncApp) -> None:
    app.view(OUTREACH_ENROLL_VIEW)(on_enroll_submit)
    app.view(OUTREACH_TAG_VIEW)(on_tag_submit)
    app.view(OUTREACH_MESSAGE_VIEW)(on_message_submit)
    app.view(OUTREACH_MESSAGE_CONFIRM_VIEW)(on_message_confirm)
