"""Outreach: enroll contacts in a sequence, tag them, send them a message.

Independent of Slack: typed inputs, typed results, Leonar errors raised (or, for bulk work,
collected contact by contact). Do-not-contact people are never enrolled or messaged: the
services check it themselves, whatever buttons the UI showed.

Bulk work (``tag_contacts``, ``enroll_contacts``) goes through a :class:`BudgetGate`: before
each call it pauses while the key's rate budget is down to its reserve (or blocked by a 429),
so a long bulk action never runs the key into a 429 that interactive use would then hit.
(``BudgetGate`` and the result-set readers live in ``bot.services.bulk``; they are named here
too for the outreach flows.)
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from bot.leonar import Contact, LeonarClient, LeonarError, NotFoundError
from bot.leonar.models import (
    ConnectedAccount,
    EnrollContact,
    EnrollResult,
    Message,
    MessageChannel,
    Tag,
    TagScope,
)
from bot.leonar.models import Sequence as LeonarSequence
from bot.leonar.resources.outreach import MAX_ENROLL
from bot.services.bulk import BudgetGate as BudgetGate
from bot.services.bulk import contact_ids_of as contact_ids_of
from bot.services.bulk import known_contacts_of as known_contacts_of

#: longest tag name accepted (Leonar's UI shows tags as short chips)
TAG_NAME_MAX = 50
#: the custom variable the "Custom intro" input fills
CUSTOM_INTRO_KEY = "custom_intro"
VARIABLE_KEY_MAX = 50
_VARIABLE_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")

#: the colour of a new tag when none is chosen
DEFAULT_TAG_COLOR = "#6366F1"

#: done, total, and when the work is paused for the rate budget (unix seconds) or None
Progress = Callable[[int, int, float | None], Awaitable[None]]


class OutreachRefused(Exception):
    """The bot will not do this (e.g. the contact is marked do not contact). ``user_message``
    says why, in words."""

    def __init__(self, user_message: str) -> None:
        super().__init__(user_message)
        self.user_message = user_message


class VariablesError(ValueError):
    """Malformed custom variables; the message is shown under the input."""


# --------------------------------------------------------------------------- validation


def parse_variables(custom_intro: str | None, other: str | None) -> dict[str, str]:
    """The custom variables of an enrollment: ``custom_intro`` from its own input plus
    ``key=value`` lines. Raises :class:`VariablesError` naming the first bad line."""
    variables: dict[str, str] = {}
    intro = (custom_intro or "").strip()
    if intro:
        variables[CUSTOM_INTRO_KEY] = intro
    for number, raw in enumerate((other or "").splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        key, sep, value = line.partition("=")
        key, value = key.strip(), value.strip()
        if not sep:
            raise VariablesError(f"Line {number} needs the form key=value.")
        if not _VARIABLE_KEY.match(key) or len(key) > VARIABLE_KEY_MAX:
            raise VariablesError(
                f"Line {number}: a variable name uses letters, digits and _ only "
                "(e.g. project_name)."
            )
        if not value:
            raise VariablesError(f"Line {number}: {key} has no value.")
        if key in variables:
            if key == CUSTOM_INTRO_KEY and intro:
                raise VariablesError(
                    f"Line {number}: custom_intro is already set by the Custom intro input."
                )
            raise VariablesError(f"Line {number}: {key} is set twice.")
        variables[key] = value
    return variables


def validate_tag_name(name: str) -> str:
    """The trimmed name; ValueError with the words to show when it is empty or too long."""
    trimmed = name.strip()
    if not trimmed:
        raise ValueError("Type a name for the new tag.")
    if len(trimmed) > TAG_NAME_MAX:
        raise ValueError(f"A tag name has at most {TAG_NAME_MAX} characters ({len(trimmed)} now).")
    return trimmed


def ensure_contactable(contact: Contact, action: str) -> Contact:
    """``contact`` unless it is marked do not contact; then :class:`OutreachRefused`."""
    if contact.is_do_not_contact:
        raise OutreachRefused(
            f"{contact.full_name} is marked do not contact in Leonar, so I won't {action} them."
        )
    return contact


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Failure:
    """One contact (or batch) Leonar refused, with the reason in words."""

    label: str
    reason: str


@dataclass
class EnrollReport:
    sequence_name: str
    result: EnrollResult = field(default_factory=EnrollResult)
    #: names (or ids) skipped by the bot because they are marked do not contact
    do_not_contact: list[str] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    total: int = 0


@dataclass
class TagReport:
    tag_name: str
    tagged: list[str] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    total: int = 0


@dataclass(frozen=True)
class TagChoice:
    """An existing tag (``tag_id``) or a new one (``new_name`` + ``color``)."""

    tag_id: str | None = None
    tag_name: str | None = None
    new_name: str | None = None
    color: str = DEFAULT_TAG_COLOR


@dataclass(frozen=True)
class MessageDraft:
    contact_id: str
    channel: str  # MessageChannel.EMAIL or MessageChannel.LINKEDIN
    content: str
    subject: str | None = None
    sender_account_id: str | None = None


# --------------------------------------------------------------------------- reads


async def active_sequences(client: LeonarClient) -> list[LeonarSequence]:
    """``GET /sequences?status=active``, by name."""
    found = await client.sequences.list(status="active", limit=100)
    return sorted(found, key=lambda s: (s.name or "").casefold())


async def contact_tags(client: LeonarClient) -> list[Tag]:
    """``GET /tags?scope=contact``, by name."""
    found = await client.tags.list(scope=TagScope.CONTACT)
    return sorted(found, key=lambda t: (t.name or "").casefold())


async def sender_accounts(client: LeonarClient) -> list[ConnectedAccount]:
    """Connected LinkedIn accounts that can send (any API flavour active)."""
    accounts = await client.accounts.list()
    return [
        a
        for a in accounts
        if a.api_status is not None
        and ConnectedAccount.ACTIVE
        in (a.api_status.classic, a.api_status.sales_navigator, a.api_status.recruiter)
    ]


async def contactable(client: LeonarClient, contact_id: str, action: str) -> Contact:
    """The contact, fetched fresh; :class:`OutreachRefused` when marked do not contact."""
    return ensure_contactable(await client.contacts.get(contact_id), action)


# --------------------------------------------------------------------------- writes


async def _noop_progress(_done: int, _total: int, _paused: float | None) -> None:
    return None


async def enroll_contacts(
    client: LeonarClient,
    *,
    sequence_id: str,
    sequence_name: str,
    contact_ids: Sequence[str],
    variables: Mapping[str, str] | None = None,
    known: Mapping[str, Contact] | None = None,
    gate: BudgetGate | None = None,
    progress: Progress = _noop_progress,
) -> EnrollReport:
    """Enroll ``contact_ids`` in a sequence (``POST /sequences/{id}/enroll``, at most 500 per
    call): ``contact_ids`` when there are no ``variables``, ``contacts`` with
    ``custom_variables`` otherwise.

    Do-not-contact people are skipped before anything is sent: ``known`` contacts are trusted,
    the others are fetched first. A Leonar error for one contact (or one batch) is recorded in
    the report and the rest go on."""
    gate = gate or BudgetGate.for_client(client)
    known = dict(known or {})
    ids = list(dict.fromkeys(contact_ids))
    report = EnrollReport(sequence_name=sequence_name, total=len(ids))
    step = 0
    steps = len(ids)

    async def on_pause(until: float) -> None:
        await progress(step, steps, until)

    to_enroll: list[str] = []
    for contact_id in ids:
        contact = known.get(contact_id)
        if contact is None:
            await gate.wait(on_pause)
            try:
                contact = known[contact_id] = await client.contacts.get(contact_id)
            except NotFoundError:
                contact = None  # Leonar counts it as not found
            except LeonarError as exc:
                report.failures.append(Failure(contact_id, exc.user_message))
                step += 1
                await progress(step, steps, None)
                continue
        if contact is not None and contact.is_do_not_contact:
            report.do_not_contact.append(contact.full_name)
        else:
            to_enroll.append(contact_id)
        step += 1
        await progress(step, steps, None)

    totals = report.result
    for start in range(0, len(to_enroll), MAX_ENROLL):
        batch = to_enroll[start : start + MAX_ENROLL]
        await gate.wait(on_pause)
        try:
            if variables:
                part = await client.sequences.enroll(
                    sequence_id,
                    contacts=[
                        EnrollContact(contact_id=cid, custom_variables=dict(variables))
                        for cid in batch
                    ],
                )
            else:
                part = await client.sequences.enroll(sequence_id, contact_ids=batch)
        except LeonarError as exc:
            if len(batch) == 1:
                named = known.get(batch[0])
                label = named.full_name if named is not None else batch[0]
            else:
                label = f"contacts {start + 1}–{start + len(batch)}"
            report.failures.append(Failure(label, exc.user_message))
        else:
            totals = _add_results(totals, part)
    report.result = totals
    await progress(steps, steps, None)
    return report


def _add_results(a: EnrollResult, b: EnrollResult) -> EnrollResult:
    return EnrollResult(
        enrolled=a.enrolled + b.enrolled,
        skipped_blacklisted=a.skipped_blacklisted + b.skipped_blacklisted,
        skipped_already_enrolled=a.skipped_already_enrolled + b.skipped_already_enrolled,
        skipped_active_elsewhere=a.skipped_active_elsewhere + b.skipped_active_elsewhere,
        skipped_not_found=a.skipped_not_found + b.skipped_not_found,
    )


async def resolve_tag(client: LeonarClient, choice: TagChoice) -> tuple[Tag, bool]:
    """The chosen tag and whether it was created: a new one is created (``POST /tags``),
    unless a contact tag with that name already exists (then that one is used)."""
    if choice.new_name is None:
        if not choice.tag_id:
            raise ValueError("TagChoice needs a tag_id or a new_name")
        return Tag(id=choice.tag_id, name=choice.tag_name, scope=TagScope.CONTACT), False
    name = validate_tag_name(choice.new_name)
    for tag in await client.tags.list(scope=TagScope.CONTACT):
        if (tag.name or "").casefold() == name.casefold():
            return tag, False
    created = await client.tags.create(name=name, color=choice.color, scope=TagScope.CONTACT)
    return created, True


async def tag_contacts(
    client: LeonarClient,
    *,
    tag: Tag,
    contact_ids: Iterable[str],
    labels: Mapping[str, str] | None = None,
    gate: BudgetGate | None = None,
    progress: Progress = _noop_progress,
) -> TagReport:
    """``POST /contacts/{id}/tags`` for each contact; a failure for one does not stop the rest.
    ``labels`` gives names for the report (contact id otherwise)."""
    gate = gate or BudgetGate.for_client(client)
    labels = labels or {}
    ids = list(dict.fromkeys(contact_ids))
    report = TagReport(tag_name=tag.name or "tag", total=len(ids))
    done = 0

    async def on_pause(until: float) -> None:
        await progress(done, len(ids), until)

    for contact_id in ids:
        await gate.wait(on_pause)
        label = labels.get(contact_id) or contact_id
        try:
            await client.contacts.add_tag(contact_id, tag_id=tag.id)
        except LeonarError as exc:
            report.failures.append(Failure(label, exc.user_message))
        else:
            report.tagged.append(label)
        done += 1
        await progress(done, len(ids), None)
    return report


async def send_message(client: LeonarClient, draft: MessageDraft) -> tuple[Contact, Message]:
    """Check the contact may be contacted (fetched fresh), then ``POST /messages``."""
    contact = await contactable(client, draft.contact_id, "message")
    email = draft.channel == MessageChannel.EMAIL
    message = await client.messages.send(
        contact_id=draft.contact_id,
        channel=draft.channel,
        subject=draft.subject if email else None,
        content=draft.content,
        sender_account_id=None if email else draft.sender_account_id,
    )
    return contact, message
