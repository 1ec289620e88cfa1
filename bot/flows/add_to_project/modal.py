"""Adding a contact to a hiring project: the modal, from a card's **Add to project**, from
``/leonar add <contact>`` and from the "Add to Leonar project" message shortcut.

The modal opens at once with the trigger (a loading view), then the form replaces it.
``AddOrigin`` (the modal's private_metadata) remembers the contact and where the add was asked
for, so the submission (``submit``) can update the card in place and
answer in its thread. Picking a project re-renders the form with that project's stages.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass
from typing import Any

from bot.commands import COMMAND, ParsedCommand
from bot.leonar import Contact, LeonarError, NotFoundError, Project
from bot.services import add_to_project as service
from bot.services.contacts import resolve_contacts
from bot.services.shortcuts import contact_reference
from bot.slack.interaction import Interaction
from bot.slack.metadata import decode_metadata, encode_metadata
from bot.slack.modals import update_modal
from bot.slack.payloads import parse_view_submission
from bot.text import escape, literal
from bot.ui import add_to_project as ui
from bot.ui.actions import ADD_PROJECT_BLOCK, ADD_PROJECT_SELECT, CONTACT_ADD_TO_PROJECT
from bot.ui.connect import connect_prompt_text
from bot.ui.contacts import contact_picker, result_set_of_block
from bot.ui.help import error_text
from bot.ui.shortcuts import LOOKING, NO_REFERENCE, not_found_text

log = logging.getLogger(__name__)

View = dict[str, Any]

CONTACT_GONE = "This contact is no longer in Leonar."
#: `/leonar add` shows at most this many matches to pick from
MAX_PICKS = 10


@dataclass(frozen=True)
class AddOrigin:
    """Where the add was asked for: the modal's private_metadata."""

    contact_id: str
    channel: str = ""
    #: the message showing the card (None when it cannot be updated, e.g. an ephemeral)
    message_ts: str | None = None
    #: the thread the confirmation goes to (None: a new message in ``channel``)
    thread_ts: str | None = None
    #: the stored search the card belongs to (its message is re-rendered from it)
    set_id: str | None = None
    response_url: str | None = None
    contact_name: str | None = None

    def encode(self) -> str:
        return encode_metadata({k: v for k, v in asdict(self).items() if v})

    @classmethod
    def decode(cls, text: str | None) -> AddOrigin | None:
        data = decode_metadata(text)
        contact_id = data.get("contact_id")
        if not isinstance(contact_id, str) or not contact_id:
            return None

        def opt(name: str) -> str | None:
            value = data.get(name)
            return value if isinstance(value, str) and value else None

        return cls(
            contact_id=contact_id,
            channel=opt("channel") or "",
            message_ts=opt("message_ts"),
            thread_ts=opt("thread_ts"),
            set_id=opt("set_id"),
            response_url=opt("response_url"),
            contact_name=opt("contact_name"),
        )

    def with_name(self, name: str) -> AddOrigin:
        return AddOrigin(**{**asdict(self), "contact_name": name})


@dataclass(frozen=True)
class CardClick:
    """An **Add to project** click on a contact card."""

    contact_id: str
    message_ts: str = ""
    block_id: str | None = None
    #: the card is in an ephemeral message (it cannot be updated, it has no thread)
    ephemeral: bool = False
    #: the card is an unfurl under someone's message (not ours to update)
    unfurl: bool = False


def add_hint(command: str = COMMAND) -> str:
    return (
        f"Tell me which contact to add, e.g. `{command} add jane@acme.com`: a contact id, an "
        f"email, a LinkedIn URL or a name."
    )


def _picker(contacts: list[Contact], prompt: str) -> tuple[str, list[dict[str, Any]]]:
    text, blocks = contact_picker(
        contacts, prompt=prompt, action_id=CONTACT_ADD_TO_PROJECT, button="Add to project"
    )
    return text, list(blocks)


# ---------------------------------------------------------------------- entry points


async def from_card(ix: Interaction, click: CardClick) -> None:
    """A card's **Add to project**: the modal; the card is updated after the add when it is
    ours (a results message), the confirmation goes into its thread."""
    ours = not (click.ephemeral or click.unfurl)
    origin = AddOrigin(
        contact_id=click.contact_id,
        channel=ix.channel_id,
        message_ts=click.message_ts or None if ours else None,
        thread_ts=None if click.ephemeral else ix.thread_ts,
        set_id=result_set_of_block(click.block_id) if ours else None,
        response_url=ix.response_url,
    )
    await ix.open_modal(ui.loading_view(origin.encode()), lambda: form(ix, origin))


async def add(ix: Interaction, command: ParsedCommand) -> None:
    """``/leonar add <contact>``: the modal for one match, a list to pick from for several."""
    wanted = (command.contact or "").strip()
    if not wanted:
        await ix.tell(add_hint())
        return
    client = await ix.require_leonar()
    if client is None:
        return
    matches = await ix.or_tell(resolve_contacts(client, wanted))
    if matches is None:
        return
    if not matches:
        await ix.tell(
            f"No Leonar contact matches *{literal(wanted)}*. Try an email, a LinkedIn URL, or "
            f"`{COMMAND} search {escape(wanted)}` to look around."
        )
        return
    if len(matches) > 1:
        prompt = f"{len(matches)} contacts match *{literal(wanted)}*. Which one?"
        await ix.tell(*_picker(matches[:MAX_PICKS], prompt))
        return
    (contact,) = matches
    service.remember_contact(client, ix.deps.cache, contact)
    origin = AddOrigin(
        contact_id=contact.id,
        channel=ix.channel_id,
        response_url=ix.response_url,
        contact_name=contact.full_name,
    )
    opened = await ix.open_modal(ui.loading_view(origin.encode()), lambda: form(ix, origin))
    if opened is None:
        # the trigger expired while Leonar answered: a button opens the form with a fresh one
        await ix.tell(*_picker([contact], f"Add *{literal(contact.full_name)}* to a project:"))


async def from_message(ix: Interaction, message: dict[str, Any]) -> None:
    """The message shortcut: the person in the message (a LinkedIn link, else an email)."""

    async def build() -> View:
        reference = contact_reference(message)
        if reference is None:
            return ui.notice_view(NO_REFERENCE)
        client = await ix.leonar()
        if client is None:
            return ui.notice_view(connect_prompt_text())
        try:
            found = await resolve_contacts(client, reference)
        except LeonarError as exc:
            return ui.notice_view(await ix.error_words(exc))
        if not found:
            return ui.notice_view(not_found_text(reference))
        origin = AddOrigin(
            contact_id=found[0].id,
            channel=ix.channel_id,
            # the message is someone's, not a card of ours: confirm in its thread, update nothing
            thread_ts=ix.thread_ts,
            response_url=ix.response_url,
            contact_name=found[0].full_name,
        )
        return await form(ix, origin)

    await ix.open_modal(ui.loading_view(text=LOOKING), build)


# ---------------------------------------------------------------------- the form


async def form(ix: Interaction, origin: AddOrigin, project_id: str | None = None) -> View:
    """The form (``project_id`` pre-picked with its stages), or why there is none."""
    leonar = await ix.leonar()
    if leonar is None:
        return ui.notice_view(connect_prompt_text(COMMAND))
    cache = ix.deps.cache
    try:
        name = origin.contact_name
        if not name:
            contact: Contact = await service.contact(leonar, cache, origin.contact_id)
            name = contact.full_name
            origin = origin.with_name(name)
        projects = await service.active_projects(leonar, cache)
        selected: Project | None = None
        if project_id:
            selected = await service.project_detail(leonar, cache, project_id)
    except NotFoundError:
        return ui.notice_view(CONTACT_GONE if not project_id else error_text(None))
    except LeonarError as exc:
        return ui.notice_view(await ix.error_words(exc))
    return ui.add_to_project_view(
        contact_name=name, projects=projects, private_metadata=origin.encode(), selected=selected
    )


async def pick_project(
    ix: Interaction, *, view_id: str, view_hash: str | None, metadata: str | None, project_id: str
) -> None:
    """The Project select changed: the form again, with that project's stages."""
    origin = AddOrigin.decode(metadata)
    if origin is None:
        return
    view = await form(ix, origin, project_id)
    # False when closed by the person meanwhile, or a newer pick already re-rendered it
    await update_modal(ix.client, view_id, view, view_hash=view_hash)


def picked_project(body: dict[str, Any]) -> str | None:
    """The project picked in the modal's state (a submission or a block suggestion)."""
    payload = parse_view_submission(body)
    picked = payload.selected(ADD_PROJECT_BLOCK, ADD_PROJECT_SELECT) if payload else []
    return picked[0] if picked else None


async def stage_options(ix: Interaction, project_id: str | None) -> list[dict[str, Any]]:
    """The Stage options before the form re-rendered with them (usually from the cache the
    project pick just filled); none without a project, a key, or when Leonar fails."""
    client = await ix.leonar()
    if project_id is None or client is None:
        return []
    try:
        project = await service.project_detail(client, ix.deps.cache, project_id)
    except LeonarError as exc:
        log.info("stage options: %s", type(exc).__name__)
        return []
    return ui.stage_options(project)
