"""Sending a message from a contact card (overflow **Send message**): the modal (``Channel``
Email / LinkedIn, re-rendered when switched; ``Subject``; ``Message``; the LinkedIn ``Sender
account``), an optional preview step, then the message sent through Leonar."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.leonar import Contact, LeonarClient, LeonarError
from bot.leonar.models import MessageChannel
from bot.services import outreach
from bot.services.activity import name as activity_name
from bot.slack.interaction import Interaction
from bot.slack.metadata import encode_metadata
from bot.slack.modals import update_modal
from bot.slack.payloads import ViewSubmissionPayload
from bot.text import escape
from bot.ui import outreach as ui
from bot.ui import outreach_replies as replies
from bot.ui.actions import OUTREACH_MESSAGE_CHANNEL

from .common import MESSAGE_TITLE, Submitted, View, metadata_of, open_form, origin, picked, typed

#: stored message drafts between the compose modal and its preview
DRAFT_KIND = "outreach_draft"
DRAFT_TTL = 3600.0
DRAFT_EXPIRED = "This draft has expired. Open the message form again."
NO_CHANNEL = (
    "{name} has neither an email address nor a LinkedIn profile in Leonar, so there is no way "
    "to send them a message from here."
)
#: the channels the message modal offers (an unreachable one is refused under Channel)
ALL_CHANNELS: tuple[str, ...] = (MessageChannel.EMAIL, MessageChannel.LINKEDIN)


def reachable_channels(contact: Contact) -> tuple[str, ...]:
    channels: list[str] = []
    if contact.primary_email:
        channels.append(MessageChannel.EMAIL)
    if contact.linkedin_profile:
        channels.append(MessageChannel.LINKEDIN)
    return tuple(channels)


async def for_contact(ix: Interaction, contact_id: str) -> None:
    """The message modal (refused for a do-not-contact contact or one with no channel)."""

    async def build(leonar: LeonarClient) -> View:
        contact = await outreach.contactable(leonar, contact_id, "message")
        channels = reachable_channels(contact)
        if not channels:
            return ui.notice_view(MESSAGE_TITLE, escape(NO_CHANNEL.format(name=contact.full_name)))
        accounts = ui.accounts_choices(await outreach.sender_accounts(leonar))
        metadata = {
            **origin(ix),
            "contact": contact.id,
            "name": contact.full_name,
            "channels": list(ALL_CHANNELS),
            "accounts": [list(a) for a in accounts],
            "reachable": list(channels),
        }
        state = ui.ComposeState(
            contact_name=contact.full_name,
            channels=ALL_CHANNELS,
            channel=channels[0],
            accounts=accounts,
        )
        return ui.message_view(state, metadata=encode_metadata(metadata))

    await open_form(ix, MESSAGE_TITLE, build)


def compose_state(metadata: dict[str, Any], form: ViewSubmissionPayload) -> ui.ComposeState:
    """The message modal's state from its metadata and what is typed in it now."""
    channels = tuple(str(c) for c in metadata.get("channels") or () if isinstance(c, str))
    accounts = tuple(
        (str(a[0]), str(a[1]))
        for a in metadata.get("accounts") or ()
        if isinstance(a, list) and len(a) == 2
    )
    chosen = picked(form, ui.CHANNEL_BLOCK, OUTREACH_MESSAGE_CHANNEL)
    channel = chosen[0] if chosen and chosen[0] in channels else (channels or ("email",))[0]
    sender = picked(form, ui.SENDER_BLOCK)
    return ui.ComposeState(
        contact_name=str(metadata.get("name") or "this contact"),
        channels=channels or (channel,),
        channel=channel,
        accounts=accounts,
        subject=typed(form, ui.SUBJECT_BLOCK),
        content=typed(form, ui.MESSAGE_BLOCK),
        sender_id=sender[0] if sender else None,
    )


async def switch_channel(ix: Interaction, form: ViewSubmissionPayload) -> None:
    """The Channel radio buttons changed: show Subject for an email, the sender for LinkedIn."""
    view = form.view
    state = compose_state(metadata_of(form), form)
    await update_modal(
        ix.client,
        view.id,
        ui.message_view(state, metadata=view.private_metadata or ""),
        view_hash=view.hash or None,
    )


# --------------------------------------------------------------------------- submission


@dataclass(frozen=True)
class MessageForm:
    """A valid message submission."""

    draft: outreach.MessageDraft
    sender_name: str | None
    preview: bool
    metadata: dict[str, Any]


def read_form(form: ViewSubmissionPayload) -> tuple[MessageForm | None, dict[str, str]]:
    """The draft, or the errors to show under the inputs (nothing goes to Leonar)."""
    metadata = metadata_of(form)
    state = compose_state(metadata, form)
    errors: dict[str, str] = {}
    email = state.channel == MessageChannel.EMAIL
    reachable = metadata.get("reachable")
    if isinstance(reachable, list) and state.channel not in reachable:
        missing = "email address" if email else "LinkedIn profile"
        errors[ui.CHANNEL_BLOCK] = f"{state.contact_name} has no {missing} in Leonar."
    elif email and state.subject is None:
        shown = any(b.get("block_id") == ui.SUBJECT_BLOCK for b in form.view.blocks)
        errors[ui.SUBJECT_BLOCK if shown else ui.CHANNEL_BLOCK] = "An email needs a subject."
    if state.content is None:
        errors[ui.MESSAGE_BLOCK] = "Write a message."
    contact_id = str(metadata.get("contact") or "")
    if errors or state.content is None or not contact_id:
        return None, errors or {ui.MESSAGE_BLOCK: "Write a message."}
    draft = outreach.MessageDraft(
        contact_id=contact_id,
        channel=state.channel,
        content=state.content.strip(),
        subject=state.subject.strip() if email and state.subject else None,
        sender_account_id=None if email else state.sender_id,
    )
    preview = ui.PREVIEW_VALUE in form.selected(ui.PREVIEW_BLOCK, ui.PREVIEW_BLOCK)
    return MessageForm(
        draft, _sender_name(metadata, draft.sender_account_id), preview, metadata
    ), {}


def _sender_name(metadata: dict[str, Any], sender_id: str | None) -> str | None:
    for item in metadata.get("accounts") or ():
        if isinstance(item, list) and len(item) == 2 and item[0] == sender_id:
            return str(item[1])
    return None


async def preview_view(ix: Interaction, form: MessageForm) -> View:
    """The preview step (the draft is kept until **Send**); answered in the ack."""
    draft = form.draft
    draft_id = await ix.deps.db.result_sets.put(
        DRAFT_KIND,
        {
            "contact_id": draft.contact_id,
            "channel": draft.channel,
            "content": draft.content,
            "subject": draft.subject,
            "sender_account_id": draft.sender_account_id,
            "sender_name": form.sender_name,
        },
        team_id=ix.team_id,
        ttl_seconds=DRAFT_TTL,
    )
    metadata = form.metadata
    return ui.message_confirm_view(
        contact_name=str(metadata.get("name") or "this contact"),
        channel=draft.channel,
        content=draft.content,
        subject=draft.subject,
        sender_name=form.sender_name,
        metadata=encode_metadata(
            {"thread": metadata.get("thread"), "name": metadata.get("name"), "draft": draft_id}
        ),
    )


async def submit(ix: Interaction, form: MessageForm) -> None:
    """After the ack: send the message (no preview asked)."""
    sub = Submitted.of(ix, form.metadata)
    if sub is not None:
        await _send(sub, form.draft, form.sender_name)


async def confirm(ix: Interaction, form: ViewSubmissionPayload) -> None:
    """**Send** on the preview: send the stored draft."""
    sub = Submitted.of(ix, metadata_of(form))
    if sub is None:
        return
    stored = await ix.deps.db.result_sets.get(str(sub.metadata.get("draft") or ""))
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
    await _send(sub, draft, sender if isinstance(sender, str) else None)


async def _send(sub: Submitted, draft: outreach.MessageDraft, sender_name: str | None) -> None:
    leonar = await sub.ix.require_leonar()
    if leonar is None:
        return
    try:
        contact, _message = await outreach.send_message(leonar, draft)
    except outreach.OutreachRefused as exc:
        await sub.reply(escape(exc.user_message))
        return
    except LeonarError as exc:
        await sub.reply(f"Could not send the message: {await sub.ix.error_words(exc)}")
        return
    how = "an email" if draft.channel == MessageChannel.EMAIL else "a LinkedIn message"
    await sub.record(f"Sent {how} to {activity_name(contact.full_name)}")
    await sub.reply(replies.message_sent_text(contact.full_name, draft.channel, sender_name))
