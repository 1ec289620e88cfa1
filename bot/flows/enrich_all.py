"""**Enrich all** (work emails) under search results and on sourcing pages.

The button opens a confirmation modal at once (how many contacts, how many already have an
email, the credits). On submit: one progress message goes up in the results thread, a batch is
stored with its ts (bot.store.batches), and the enrichments are started one by one within the
key's rate budget (the bulk ``BudgetGate``), each job carrying the batch id. The poller then
counts each job on the batch and edits that one message (bot.enrichment.batch); the job that
completes the batch posts the one summary. A 402 (no credits left) stops the rest: the batch
is launched as ``stopped='credits'`` and the progress message and summary say so.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from bot.enrichment import batch as batches
from bot.enrichment import start as enrichment
from bot.flows.outreach.common import Submitted, metadata_of, origin, picked
from bot.leonar import LeonarClient, LeonarError
from bot.leonar.errors import InsufficientCreditsError
from bot.services import enrich_all as service
from bot.services.activity import plural
from bot.services.enrich_all import Target
from bot.services.outreach import BudgetGate
from bot.slack.interaction import Interaction
from bot.slack.metadata import encode_metadata
from bot.slack.payloads import ViewSubmissionPayload
from bot.store import KeyOwner
from bot.store.batches import Batch, BatchEntry, NewBatch
from bot.ui import enrich_all as ui
from bot.ui.actions import ENRICH_ALL_ANYWAY
from bot.ui.connect import connect_prompt
from bot.ui.enrich import WORK_EMAIL

log = logging.getLogger(__name__)

EXPIRED = "These results have expired. Run the search again to enrich them."


async def open_confirm(ix: Interaction, source: str, set_id: str) -> None:
    """The confirmation modal for a results set (``source``: search or sourcing)."""
    leonar = await ix.require_leonar()
    if leonar is None:
        return

    async def build() -> dict[str, Any]:
        try:
            targets = await service.load(ix.deps.db, leonar, source, set_id)
        except LeonarError as exc:
            return ui.notice_view(await ix.error_words(exc))
        if targets is None:
            return ui.notice_view(EXPIRED)
        if not targets.contacts:
            return ui.notice_view(
                "None of these profiles is in Leonar yet: add them first "
                "(*Add all on this page*), then enrich them."
            )
        metadata = {**origin(ix), "set": set_id, "source": source}
        return ui.confirm_view(
            count=len(targets.contacts),
            with_email=targets.with_email,
            not_in_leonar=targets.not_in_leonar,
            metadata=encode_metadata(metadata),
        )

    await ix.open_modal(ui.loading_view(), build)


@dataclass(frozen=True)
class EnrichAllForm:
    anyway: bool
    metadata: dict[str, Any]


def read_form(form: ViewSubmissionPayload) -> EnrichAllForm:
    return EnrichAllForm(picked(form, ENRICH_ALL_ANYWAY) is not None, metadata_of(form))


async def submit(ix: Interaction, form: EnrichAllForm) -> None:
    """After the ack: the progress message, the batch, then the enrichments."""
    sub = Submitted.of(ix, form.metadata)
    owned = await ix.key()
    if sub is None or owned is None:
        if sub is not None:
            await sub.ix.tell(*connect_prompt())
        return
    leonar = ix.deps.leonar(owned[1])
    source, set_id = str(form.metadata.get("source")), str(form.metadata.get("set"))
    try:
        targets = await service.load(ix.deps.db, leonar, source, set_id)
    except LeonarError as exc:
        await sub.reply(await ix.error_words(exc))
        return
    if targets is None:
        await sub.reply(EXPIRED)
        return
    chosen = targets.to_enrich(anyway=form.anyway)
    if not chosen:
        await sub.reply("Nothing to enrich: every contact here already has an email.")
        return
    batch = await _open_batch(sub, len(chosen))
    if batch is None:
        return
    stopped = await _start_all(sub, leonar, owned[0], batch, chosen)
    launched = await ix.deps.db.batches.launch(batch.id, stopped=stopped)
    if launched is not None:
        await batches.show(ix.deps.db, ix.poster, launched)
    await sub.record(f"Enrich all: {plural(len(chosen), 'contact')} sent to Leonar")


async def _open_batch(sub: Submitted, count: int) -> Batch | None:
    """The progress message (its text as the batch will show it), then the batch row."""
    text = f":hourglass_flowing_sand: Enriching {count}: 0 found · 0 not found · {count} pending"
    ts = await sub.reply(text)
    thread = sub.thread
    if not ts or not thread.ts:
        await sub.tell("I could not post in this thread: invite me (`/invite`) and try again.")
        return None
    new = NewBatch(
        team_id=sub.ix.team_id,
        channel_id=thread.channel,
        thread_ts=thread.ts,
        progress_ts=ts,
        requester_user_id=sub.ix.user_id,
        total=count,
    )
    return await sub.ix.deps.db.batches.create(new)


async def _start_all(
    sub: Submitted, leonar: LeonarClient, owner: KeyOwner, batch: Batch, chosen: list[Target]
) -> str | None:
    """Start each enrichment within the key's budget; "credits" when a 402 stopped the rest."""
    db, gate = sub.ix.deps.db, BudgetGate.for_client(leonar)
    for target in chosen:
        await gate.wait()
        try:
            started = await enrichment.request(leonar, target.contact_id, WORK_EMAIL)
        except InsufficientCreditsError:
            log.info("batch=%s: no credits left, stopping", batch.id)
            return "credits"
        except LeonarError as exc:
            log.info("batch=%s: one enrichment refused (%s)", batch.id, type(exc).__name__)
            await db.batches.started(batch.id)
            entry = BatchEntry(target.name, "failed")
            await db.batches.record(batch.id, f"start:{target.contact_id}", entry)
            continue
        await enrichment.record(
            db,
            sub.ix.deps.settings,
            started,
            contact_id=target.contact_id,
            contact_name=target.name,
            kind=WORK_EMAIL,
            started=_started(sub, batch, owner, leonar.fingerprint),
            batch_id=batch.id,
        )
        await db.batches.started(batch.id)
    return None


def _started(sub: Submitted, batch: Batch, owner: KeyOwner, fingerprint: str) -> enrichment.Started:
    return enrichment.Started(
        team_id=sub.ix.team_id,
        user_id=sub.ix.user_id,
        channel_id=batch.channel_id,
        thread_ts=batch.thread_ts,
        status_message_ts=None,
        key_owner=owner,
        key_fingerprint=fingerprint,
    )
