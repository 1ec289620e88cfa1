"""Outreach from a contact card (overflow verbs Enroll / Tag / Message) and from a search
results thread (**Enroll all**, **Tag all**): each opens its modal at once (a loading view),
asks Leonar what to offer, then shows the real modal. The submissions are handled in
handlers/views/outreach.py. Also: the message modal's ``Channel`` switch re-renders it."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from bot.leonar import Contact, LeonarClient, LeonarError
from bot.leonar.models import MessageChannel
from bot.services import outreach
from bot.slack.deps import Deps
from bot.slack.identity import leonar_error_text, require_leonar
from bot.slack.metadata import decode_metadata, encode_metadata
from bot.slack.modals import open_loading_modal, update_modal
from bot.slack.payloads import ActionPayload, parse_action
from bot.slack.threads import Poster, ThreadRef
from bot.ui import outreach as ui
from bot.ui.actions import (
    OUTREACH_MESSAGE_CHANNEL,
    RESULTS_ENROLL_ALL,
    RESULTS_TAG_ALL,
    VERB_ENROLL,
    VERB_MESSAGE,
    VERB_TAG,
)
from bot.ui.contacts import result_set_of_block
from bot.ui.escape import escape
from handlers.actions.contact_menu import ContactActionContext, contact_action

log = logging.getLogger(__name__)

ENROLL_TITLE = "Enroll in sequence"
TAG_TITLE = "Tag contacts"
MESSAGE_TITLE = "Send a message"
EXPIRED_RESULTS = "These results have expired. Run the search again to act on them."
NO_SEQUENCE = "There is no active sequence in Leonar. Activate one in Leonar, then try again."
NO_CHANNEL = (
    "{name} has neither an email address nor a LinkedIn profile in Leonar, so there is no way "
    "to send them a message from here."
)


@dataclass
class Opener:
    """Who clicked where: enough to open a modal and answer in words."""

    deps: Deps
    client: AsyncWebClient
    payload: ActionPayload

    @property
    def poster(self) -> Poster:
        return self.deps.poster(self.client)

    @property
    def thread(self) -> ThreadRef:
        return thread_of(self.payload)

    async def tell(self, text: str, blocks: list[dict[str, Any]] | None = None) -> None:
        """Answer only the person who clicked."""
        p = self.payload
        await self.poster.ephemeral(
            p.channel_id, p.user_id, text, blocks, response_url=p.response_url
        )

    async def leonar(self) -> LeonarClient | None:
        """Their Leonar client, or None after showing the "connect first" prompt."""
        p = self.payload
        return await require_leonar(
            self.deps,
            p.team_id,
            p.user_id,
            reply=lambda text, blocks: self.tell(text, blocks),
        )

    async def open(self, title: str) -> str | None:
        """Open the loading modal with the click's trigger id; its view id, or None."""
        view_id = await open_loading_modal(
            self.client, self.payload.trigger_id, ui.loading_view(title)
        )
        if view_id is None:
            await self.tell("Slack did not let me open the form. Please try again.")
        return view_id

    async def fill(
        self, title: str, build: Callable[[LeonarClient], Awaitable[dict[str, Any]]]
    ) -> None:
        """Open the modal, then replace it with ``await build(leonar)`` (or with the words of
        what went wrong)."""
        leonar = await self.leonar()
        if leonar is None:
            return
        view_id = await self.open(title)
        if view_id is None:
            return
        try:
            view = await build(leonar)
        except outreach.OutreachRefused as exc:
            view = ui.notice_view(title, escape(exc.user_message))
        except LeonarError as exc:
            words = await leonar_error_text(
                self.deps, exc, self.payload.team_id, self.payload.user_id
            )
            view = ui.notice_view(title, words or exc.user_message)
        await update_modal(self.client, view_id, view)


def thread_of(payload: ActionPayload) -> ThreadRef:
    return ThreadRef(
        channel=payload.channel_id,
        ts=payload.thread_ts,
        response_url=payload.response_url,
        user=payload.user_id,
    )


def _base_metadata(opener: Opener) -> dict[str, Any]:
    return {"thread": opener.thread.to_dict()}


# --------------------------------------------------------------------------- enroll


async def open_enroll_for_contact(opener: Opener, contact_id: str) -> None:
    async def build(leonar: LeonarClient) -> dict[str, Any]:
        contact, sequences = await asyncio.gather(
            outreach.contactable(leonar, contact_id, "enroll"), outreach.active_sequences(leonar)
        )
        if not sequences:
            return ui.notice_view(ENROLL_TITLE, NO_SEQUENCE)
        metadata = {**_base_metadata(opener), "contact": contact.id, "name": contact.full_name}
        return ui.enroll_view(
            sequences,
            target=ui.enroll_target_text(contact_name=contact.full_name),
            metadata=encode_metadata(metadata),
        )

    await opener.fill(ENROLL_TITLE, build)


async def open_enroll_for_results(opener: Opener, set_id: str) -> None:
    async def build(leonar: LeonarClient) -> dict[str, Any]:
        ids = outreach.contact_ids_of(await opener.deps.db.result_sets.get(set_id))
        if not ids:
            return ui.notice_view(ENROLL_TITLE, EXPIRED_RESULTS)
        sequences = await outreach.active_sequences(leonar)
        if not sequences:
            return ui.notice_view(ENROLL_TITLE, NO_SEQUENCE)
        metadata = {**_base_metadata(opener), "set": set_id}
        return ui.enroll_view(
            sequences,
            target=ui.enroll_target_text(count=len(ids)),
            metadata=encode_metadata(metadata),
        )

    await opener.fill(ENROLL_TITLE, build)


# --------------------------------------------------------------------------- tag


async def open_tag_for_contact(opener: Opener, contact_id: str) -> None:
    async def build(leonar: LeonarClient) -> dict[str, Any]:
        contact, tags = await asyncio.gather(
            leonar.contacts.get(contact_id), outreach.contact_tags(leonar)
        )
        metadata = {
            **_base_metadata(opener),
            "contact": contact.id,
            "name": contact.full_name,
            "card": await card_ref(opener),
        }
        return ui.tag_view(
            tags,
            target=ui.tag_target_text(contact_name=contact.full_name),
            metadata=encode_metadata(metadata),
        )

    await opener.fill(TAG_TITLE, build)


#: stored copies of the card message a tag was started from (to patch it in place)
CARD_KIND = "outreach_card"
CARD_TTL = 3600.0


async def card_ref(opener: Opener) -> dict[str, Any] | None:
    """Where the clicked card lives, to show the new tag on it afterwards: the search result
    set of a results message (``set``), or else a stored copy of the message's blocks."""
    p = opener.payload
    if p.message is None or not p.message_ts or not p.channel_id:
        return None  # an ephemeral or unfurled card: nothing the bot can edit
    ref: dict[str, Any] = {"channel": p.channel_id, "ts": p.message_ts}
    set_id = result_set_of_block(p.action.block_id)
    if set_id is not None:
        ref["set"] = set_id
    elif p.message.blocks:
        ref["blocks"] = await opener.deps.db.result_sets.put(
            CARD_KIND, {"blocks": p.message.blocks}, team_id=p.team_id, ttl_seconds=CARD_TTL
        )
    return ref


async def open_tag_for_results(opener: Opener, set_id: str) -> None:
    async def build(leonar: LeonarClient) -> dict[str, Any]:
        ids = outreach.contact_ids_of(await opener.deps.db.result_sets.get(set_id))
        if not ids:
            return ui.notice_view(TAG_TITLE, EXPIRED_RESULTS)
        tags = await outreach.contact_tags(leonar)
        metadata = {**_base_metadata(opener), "set": set_id}
        return ui.tag_view(
            tags, target=ui.tag_target_text(count=len(ids)), metadata=encode_metadata(metadata)
        )

    await opener.fill(TAG_TITLE, build)


# --------------------------------------------------------------------------- message


#: the channels the message modal offers (an unreachable one is refused under Channel)
ALL_CHANNELS: tuple[str, ...] = (MessageChannel.EMAIL, MessageChannel.LINKEDIN)


def reachable_channels(contact: Contact) -> tuple[str, ...]:
    channels: list[str] = []
    if contact.primary_email:
        channels.append(MessageChannel.EMAIL)
    if contact.linkedin_profile:
        channels.append(MessageChannel.LINKEDIN)
    return tuple(channels)


async def open_message_for_contact(opener: Opener, contact_id: str) -> None:
    async def build(leonar: LeonarClient) -> dict[str, Any]:
        contact = await outreach.contactable(leonar, contact_id, "message")
        channels = reachable_channels(contact)
        if not channels:
            return ui.notice_view(MESSAGE_TITLE, escape(NO_CHANNEL.format(name=contact.full_name)))
        accounts = ui.accounts_choices(await outreach.sender_accounts(leonar))
        state = ui.ComposeState(
            contact_name=contact.full_name,
            channels=ALL_CHANNELS,
            channel=channels[0],
            accounts=accounts,
        )
        metadata = compose_metadata(opener, contact.id, state)
        metadata["reachable"] = list(channels)
        return ui.message_view(state, metadata=encode_metadata(metadata))

    await opener.fill(MESSAGE_TITLE, build)


def compose_metadata(opener: Opener, contact_id: str, state: ui.ComposeState) -> dict[str, Any]:
    return {
        **_base_metadata(opener),
        "contact": contact_id,
        "name": state.contact_name,
        "channels": list(state.channels),
        "accounts": [list(a) for a in state.accounts],
    }


def compose_state(metadata: dict[str, Any], values: Any) -> ui.ComposeState:
    """The message modal's state from its metadata and what is typed in it now."""
    channels = tuple(str(c) for c in metadata.get("channels") or () if isinstance(c, str))
    accounts = tuple(
        (str(a[0]), str(a[1]))
        for a in metadata.get("accounts") or ()
        if isinstance(a, list) and len(a) == 2
    )
    picked = ui.selected(values, ui.CHANNEL_BLOCK)
    channel = picked[0] if picked and picked[0] in channels else (channels or ("email",))[0]
    sender = ui.selected(values, ui.SENDER_BLOCK)
    return ui.ComposeState(
        contact_name=str(metadata.get("name") or "this contact"),
        channels=channels or (channel,),
        channel=channel,
        accounts=accounts,
        subject=ui.text_value(values, ui.SUBJECT_BLOCK),
        content=ui.text_value(values, ui.MESSAGE_BLOCK),
        sender_id=sender[0] if sender else None,
    )


async def on_channel_switch(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
    """The Channel radio buttons changed: show Subject for an email, the sender for LinkedIn."""
    await ack()
    view = body.get("view")
    if not isinstance(view, dict) or not view.get("id"):
        return
    metadata = decode_metadata(view.get("private_metadata"))
    state = compose_state(metadata, ui.view_values(view))
    await update_modal(
        client,
        str(view["id"]),
        ui.message_view(state, metadata=str(view.get("private_metadata") or "")),
        view_hash=str(view.get("hash") or "") or None,
    )


# --------------------------------------------------------------------------- wiring


def _opener(ctx: ContactActionContext) -> Opener:
    return Opener(ctx.deps, ctx.client, ctx.payload)


@contact_action(VERB_ENROLL)
async def enroll_from_card(ctx: ContactActionContext) -> None:
    await open_enroll_for_contact(_opener(ctx), ctx.contact_id)


@contact_action(VERB_TAG)
async def tag_from_card(ctx: ContactActionContext) -> None:
    await open_tag_for_contact(_opener(ctx), ctx.contact_id)


@contact_action(VERB_MESSAGE)
async def message_from_card(ctx: ContactActionContext) -> None:
    await open_message_for_contact(_opener(ctx), ctx.contact_id)


def _results_listener(
    open_for_results: Callable[[Opener, str], Awaitable[None]],
) -> Callable[[AsyncAck, dict[str, Any], AsyncWebClient, AsyncBoltContext], Awaitable[None]]:
    async def listener(
        ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext
    ) -> None:
        await ack()
        payload = parse_action(body)
        if payload is None or not payload.value:
            return
        await open_for_results(Opener(context["deps"], client, payload), payload.value)

    return listener


def register(app: AsyncApp) -> None:
    app.action(RESULTS_ENROLL_ALL)(_results_listener(open_enroll_for_results))
    app.action(RESULTS_TAG_ALL)(_results_listener(open_tag_for_results))
    app.action(OUTREACH_MESSAGE_CHANNEL)(on_channel_switch)
