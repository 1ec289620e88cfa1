"""Running a submitted deal modal (create, move, close, link a contact) and **Reopen**.

The submission was read and acknowledged already (bad input never gets here). Leonar's errors
are told in words, only to the person, where the modal came from; what happened is shown in
the channel: the deal card in a thread (refreshed when the modal came from it), and a
celebration when a deal is won. Each one also leaves a line on the person's Home tab."""

from __future__ import annotations

from dataclasses import dataclass

from bot.flows.deals.common import (
    KIND_VIEWS,
    announce,
    card_origin,
    move_or_close_view,
    notice_view,
    origin_of,
    pipeline_name,
    there,
    today,
)
from bot.flows.deals.forms import Errors, Form, reader
from bot.leonar import Deal, LeonarClient, LeonarError
from bot.services import deals as service
from bot.services.activity import bold, record_activity
from bot.services.activity import name as activity_name
from bot.services.deals import CloseDealForm, DealOrigin, LinkForm, MoveDealForm, NewDealForm
from bot.slack.interaction import Interaction
from bot.slack.modals import update_modal
from bot.slack.payloads import ActionPayload, ViewSubmissionPayload
from bot.slack.threads import Blocks
from bot.text import escape
from bot.ui.deals import closed_deal_message, won_card


@dataclass(frozen=True)
class Submission:
    """A deal modal's typed request, and where the modal came from."""

    origin: DealOrigin
    form: Form


def read(ix: Interaction, payload: ViewSubmissionPayload) -> Submission | Errors:
    """The submission, or the errors to show under its inputs (no network)."""
    read_form = reader(
        payload.view.callback_id or "",
        default_currency=ix.deps.settings.default_currency,
        today=today(),
    )
    if read_form is None:
        return {}
    origin = origin_of(payload.view.private_metadata)
    form = read_form(payload, origin)
    return form if isinstance(form, dict) else Submission(origin, form)


async def submit(ix: Interaction, submission: Submission) -> None:
    """Send the request to Leonar and show what happened (after the ack)."""
    at = there(ix, submission.origin)
    leonar = await at.require_leonar()
    if leonar is None:
        return
    form, origin = submission.form, submission.origin
    try:
        if isinstance(form, NewDealForm):
            await _create(at, leonar, origin, form)
        elif isinstance(form, MoveDealForm):
            await _move(at, leonar, origin, form)
        elif isinstance(form, CloseDealForm):
            await _close(at, leonar, origin, form)
        else:
            await _link(at, leonar, origin, form)
    except LeonarError as exc:  # nothing was done: the words, only to the person
        await _failed(at, FAILED[type(form)], exc)


FAILED: dict[type, str] = {
    NewDealForm: "deal was not created",
    MoveDealForm: "deal was not moved",
    CloseDealForm: "deal was not closed",
    LinkForm: "contact was not linked",
}


async def _failed(ix: Interaction, what: str, error: LeonarError) -> None:
    await ix.tell(f"The {what}: {await ix.error_words(error)}")


async def _record(ix: Interaction, text: str) -> None:
    """A line on the person's Home tab (never raises)."""
    await record_activity(ix.deps.db, ix.team_id, ix.user_id, text)


async def _show(
    ix: Interaction,
    leonar: LeonarClient,
    origin: DealOrigin,
    deal: Deal,
    activity: str,
    line: str,
    line_blocks: Blocks | None = None,
) -> None:
    """What was done: a line on the Home tab, and the deal's card with ``line`` in the channel."""
    await _record(ix, activity)
    name = await pipeline_name(ix, leonar, deal)
    await announce(ix, origin, deal, line=line, pipeline_name=name, line_blocks=line_blocks)


async def _create(
    ix: Interaction, leonar: LeonarClient, origin: DealOrigin, form: NewDealForm
) -> None:
    deal = await service.create_deal(leonar, form)
    title = deal.title or form.title
    line = f"<@{origin.user}> created the deal *{escape(title)}*."
    await _show(ix, leonar, origin, deal, f"Created the deal {bold(title, 'Untitled deal')}", line)


async def _move(
    ix: Interaction, leonar: LeonarClient, origin: DealOrigin, form: MoveDealForm
) -> None:
    deal = await service.move_deal(leonar, form)
    stage = deal.stage.name if deal.stage and deal.stage.name else "its new stage"
    activity = f"Moved {bold(deal.title, 'the deal')} to {bold(stage)}"
    line = f"<@{origin.user}> moved *{escape(deal.title or 'the deal')}* to *{escape(stage)}*."
    await _show(ix, leonar, origin, deal, activity, line)


async def _close(
    ix: Interaction, leonar: LeonarClient, origin: DealOrigin, form: CloseDealForm
) -> None:
    before = await service.get_deal(leonar, form.deal_id)
    if not before.is_open:
        await ix.tell(*closed_deal_message(before))
        return
    deal = await service.close_deal(leonar, form)
    outcome = deal.status or form.status
    activity = f"Closed {bold(deal.title, 'the deal')} as {activity_name(outcome)}"
    title = escape(deal.title or "the deal")
    if deal.status == "won":  # one celebration: the line itself
        await _show(ix, leonar, origin, deal, activity, *won_card(deal, user=origin.user))
        return
    line = f"<@{origin.user}> closed *{title}* as {escape(outcome)}."
    await _show(ix, leonar, origin, deal, activity, line)


async def _link(ix: Interaction, leonar: LeonarClient, origin: DealOrigin, form: LinkForm) -> None:
    await service.link_contact(leonar, form)
    deal = await service.get_deal(leonar, form.deal_id)
    contact = await leonar.contacts.get(form.contact_id)
    deal_title = deal.title or "Untitled deal"
    linked = f"{activity_name(contact.full_name)} to the deal {bold(deal.title, deal_title)}"
    await _record(ix, f"Linked {linked}")
    line = (
        f"<@{origin.user}> linked *{escape(contact.full_name)}* to the deal *{escape(deal_title)}*."
    )
    if origin.thread_ts:
        await ix.reply(line)
    else:
        await announce(ix, origin, deal, line=line)


# --------------------------------------------------------------------------- reopen


@dataclass(frozen=True)
class Reopen:
    """A **Reopen** click: on a card (refreshed), an ephemeral (replaced) or a modal (rebuilt
    as the move/close form; ``view_id`` set)."""

    deal_id: str
    origin: DealOrigin
    view_id: str | None = None
    #: the ephemeral the button was on, replaced by "Reopened …"
    replace_url: str | None = None


async def reopen(ix: Interaction, request: Reopen) -> None:
    """``POST /deals/{id}/reopen``, then show the deal's card (and the form, from a modal)."""
    origin = request.origin
    at = there(ix, origin)
    leonar = await at.require_leonar()
    if leonar is None:
        return
    try:
        deal = await service.reopen_deal(leonar, request.deal_id)
    except LeonarError as exc:
        await _failed(at, "deal was not reopened", exc)
        return
    await _record(at, f"Reopened {bold(deal.title, 'the deal')}")
    line = f"<@{ix.user_id}> reopened *{escape(deal.title or 'the deal')}*."
    if request.view_id is not None:
        kind = origin.kind if origin.kind in KIND_VIEWS else "move"
        try:
            view = await move_or_close_view(at, leonar, kind, origin, deal)
        except LeonarError as exc:
            view = await notice_view(at, KIND_VIEWS[kind], exc)
        await update_modal(ix.client, request.view_id, view)
        if not origin.thread_ts:
            return
    elif request.replace_url:
        await at.poster.respond(
            request.replace_url, f"Reopened {deal.title or 'the deal'}.", replace_original=True
        )
    await announce(at, origin, deal, line=line)


def reopen_of(payload: ActionPayload) -> Reopen:
    """The Reopen click: from a modal (its metadata says where it came from) or a message."""
    if payload.view is not None:
        origin = origin_of(payload.view.private_metadata)
        return Reopen(payload.value, origin, view_id=payload.view.id)
    replace_url = payload.response_url if payload.is_ephemeral else None
    return Reopen(payload.value, card_origin(payload), replace_url=replace_url)
