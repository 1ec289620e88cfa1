"""Enrolling in a sequence: from a contact card (overflow **Enroll**) or from a results thread
(**Enroll all**). The modal offers the active sequences, a custom intro and other variables;
the submission enrolls and answers in the thread (bulk work with a progress message)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from bot.leonar import LeonarClient, LeonarError
from bot.leonar.models import Sequence
from bot.services import outreach
from bot.services.activity import bold, plural
from bot.services.activity import name as activity_name
from bot.slack.interaction import Interaction
from bot.slack.payloads import ViewSubmissionPayload
from bot.text import escape
from bot.ui import outreach as ui
from bot.ui import outreach_replies as replies

from .common import (
    ENROLL_TITLE,
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

NO_SEQUENCE = "There is no active sequence in Leonar. Activate one in Leonar, then try again."


async def for_contact(ix: Interaction, contact_id: str) -> None:
    """The enroll modal for one contact (refused for a do-not-contact one)."""

    async def build(leonar: LeonarClient) -> View:
        contact, sequences = await asyncio.gather(
            outreach.contactable(leonar, contact_id, "enroll"), outreach.active_sequences(leonar)
        )
        target = ui.enroll_target_text(contact_name=contact.full_name)
        return _view(sequences, target, contact_metadata(ix, contact.id, contact.full_name))

    await open_form(ix, ENROLL_TITLE, build)


async def for_results(ix: Interaction, set_id: str) -> None:
    """The enroll modal for every contact of a search's results (**Enroll all**)."""

    async def build(leonar: LeonarClient, ids: list[str]) -> View:
        sequences = await outreach.active_sequences(leonar)
        return _view(sequences, ui.enroll_target_text(count=len(ids)), results_metadata(ix, set_id))

    await open_results_form(ix, ENROLL_TITLE, set_id, build)


def _view(sequences: list[Sequence], target: str, metadata: str) -> View:
    if not sequences:
        return ui.notice_view(ENROLL_TITLE, NO_SEQUENCE)
    return ui.enroll_view(sequences, target=target, metadata=metadata)


@dataclass(frozen=True)
class EnrollForm:
    """A valid enroll submission."""

    sequence_id: str
    sequence_name: str
    variables: dict[str, str]
    metadata: dict[str, Any]


def read_form(form: ViewSubmissionPayload) -> tuple[EnrollForm | None, dict[str, str]]:
    """The submission, or the errors to show under the inputs (nothing goes to Leonar)."""
    errors: dict[str, str] = {}
    sequence = picked(form, ui.SEQUENCE_BLOCK)
    if sequence is None:
        errors[ui.SEQUENCE_BLOCK] = "Pick a sequence."
    variables: dict[str, str] = {}
    try:
        variables = outreach.parse_variables(
            typed(form, ui.INTRO_BLOCK), typed(form, ui.VARIABLES_BLOCK)
        )
    except outreach.VariablesError as exc:
        errors[ui.VARIABLES_BLOCK] = str(exc)
    if errors or sequence is None:
        return None, errors
    return EnrollForm(sequence[0], sequence[1], variables, metadata_of(form)), {}


async def submit(ix: Interaction, form: EnrollForm) -> None:
    """After the ack: enroll the contact, or every contact of the results."""
    answer = await answering(ix, dict(form.metadata))
    if answer is None:
        return
    sub, leonar = answer
    if sub.contact_id is not None:
        await _enroll_one(sub, leonar, sub.contact_id, form)
    elif sub.set_id is not None and (payload := await results_of(sub)) is not None:
        await _enroll_all(sub, leonar, payload, form)


async def _enroll_one(
    sub: Submitted, leonar: LeonarClient, contact_id: str, form: EnrollForm
) -> None:
    try:
        contact = await outreach.contactable(leonar, contact_id, "enroll")
        report = await outreach.enroll_contacts(
            leonar,
            sequence_id=form.sequence_id,
            sequence_name=form.sequence_name,
            contact_ids=[contact.id],
            variables=form.variables,
            known={contact.id: contact},
        )
    except outreach.OutreachRefused as exc:
        await sub.reply(escape(exc.user_message))
        return
    except LeonarError as exc:
        await sub.reply(await sub.ix.error_words(exc))
        return
    if report.failures:
        await sub.reply(
            f"Could not enroll *{escape(contact.full_name)}* in *{escape(form.sequence_name)}*: "
            f"{escape(report.failures[0].reason)}"
        )
        return
    if report.result.enrolled:
        who = activity_name(contact.full_name)
        await sub.record(f"Enrolled {who} in {bold(form.sequence_name, 'a sequence')}")
    await sub.reply(replies.enroll_result_text(form.sequence_name, report.result))


async def _enroll_all(sub: Submitted, leonar: LeonarClient, payload: Any, form: EnrollForm) -> None:
    ids = outreach.contact_ids_of(payload)
    progress = ProgressMessage(sub, f"Enrolling in *{escape(form.sequence_name)}*", len(ids))
    await progress.start()
    report = await outreach.enroll_contacts(
        leonar,
        sequence_id=form.sequence_id,
        sequence_name=form.sequence_name,
        contact_ids=ids,
        variables=form.variables,
        known=outreach.known_contacts_of(payload),
        progress=progress,
    )
    if report.result.enrolled:
        who = plural(report.result.enrolled, "contact")
        await sub.record(f"Enrolled {who} in {bold(form.sequence_name, 'a sequence')}")
    await progress.finish(
        replies.enroll_result_text(
            form.sequence_name,
            report.result,
            do_not_contact=len(report.do_not_contact),
            failures=[(f.label, f.reason) for f in report.failures],
        )
    )
