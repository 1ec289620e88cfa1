"""**Enrich all** (work emails of a results page): the confirmation modal, the one progress
message of the batch and its summary. Pure builders, no I/O."""

from __future__ import annotations

from typing import Any

from bot.store.batches import Batch
from bot.text import literal
from bot.ui.actions import ENRICH_ALL_ANYWAY, ENRICH_ALL_VIEW
from bot.ui.blocks import loading_modal, mrkdwn, notice_modal, plain, section

View = dict[str, Any]
TITLE = "Enrich all"
#: the summary lists at most this many found emails (the rest are in Leonar)
MAX_LISTED = 40


def loading_view() -> View:
    return loading_modal(TITLE, callback_id="enrich_all_loading")


def notice_view(text: str) -> View:
    return notice_modal(TITLE, text, callback_id="enrich_all_notice")


def plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


def confirm_view(
    *, count: int, with_email: int, not_in_leonar: int = 0, metadata: str = ""
) -> View:
    """How many contacts, how many already have an email (skipped unless "enrich anyway" is
    ticked), that each costs a Leonar credit; sourcing profiles not in Leonar are left out."""
    to_enrich = count - with_email
    lines = [
        f"Enrich the work email of *{plural(to_enrich, 'contact')}*"
        f" (of {plural(count, 'contact')} here).",
    ]
    if with_email:
        lines.append(
            f"{plural(with_email, 'contact')} already "
            f"{'has' if with_email == 1 else 'have'} an email and will be skipped, "
            "unless you tick *Enrich anyway*."
        )
    if not_in_leonar:
        lines.append(
            f"{plural(not_in_leonar, 'profile')} not in Leonar yet "
            f"{'is' if not_in_leonar == 1 else 'are'} left out: add them first "
            "(*Add all on this page*)."
        )
    lines.append(":coin: Each enrichment costs Leonar credits.")
    blocks: list[dict[str, Any]] = [section("\n".join(lines))]
    if with_email:
        blocks.append(
            {
                "type": "input",
                "block_id": ENRICH_ALL_ANYWAY,
                "optional": True,
                "label": plain("Enrich anyway"),
                "element": {
                    "type": "checkboxes",
                    "action_id": ENRICH_ALL_ANYWAY,
                    "options": [
                        {
                            "text": plain("Enrich anyway (also those with an email)"),
                            "value": "anyway",
                        }
                    ],
                },
            }
        )
    return {
        "type": "modal",
        "callback_id": ENRICH_ALL_VIEW,
        "title": plain(TITLE),
        "submit": plain("Enrich"),
        "close": plain("Cancel"),
        "private_metadata": metadata,
        "blocks": blocks,
    }


def progress_text(batch: Batch) -> str:
    """ "Enriching 14: 9 found · 2 not found · 3 pending" (no zero counters; and why it
    stopped, if it did)."""
    found, missing, failed = (batch.count(o) for o in ("found", "not_found", "failed"))
    size = batch.started if batch.launched else batch.total
    done = [
        f"{count} {label}"
        for count, label in ((found, "found"), (missing, "not found"), (failed, "failed"))
        if count
    ]
    if batch.closed or batch.complete:
        text = f":white_check_mark: Enriched {size}" + (": " + " · ".join(done) if done else "")
    else:
        parts = [*done, f"{batch.pending} pending"] if batch.pending else done
        text = f":hourglass_flowing_sand: Enriching {size}" + (
            ": " + " · ".join(parts) if parts else "…"
        )
    if batch.stopped == "credits":
        text += f"\n:warning: {stopped_text(batch)}"
    return text


def stopped_text(batch: Batch) -> str:
    left = max(batch.total - batch.started, 0)
    return (
        f"No Leonar credits left: stopped after {plural(batch.started, 'enrichment')}, "
        f"{plural(left, 'contact')} not enriched. Add credits in Leonar, then try again."
    )


def summary(batch: Batch) -> tuple[str, list[dict[str, Any]]]:
    """The one message closing the batch: the emails found, listed; what was not found."""
    found = [e for e in batch.entries if e.outcome == "found"]
    others = [e for e in batch.entries if e.outcome != "found"]
    outcome = (
        f"{plural(len(found), 'email')} found of {batch.started}."
        if found
        else f"no email found for {plural(batch.started, 'contact')}."
    )
    head = f"<@{batch.requester_user_id}> Enrich all done: {outcome}"
    if batch.stopped == "credits":
        head += " " + stopped_text(batch)
    lines = [f"• {literal(e.name)}: {literal(e.value or '')}" for e in found[:MAX_LISTED]]
    if len(found) > MAX_LISTED:
        lines.append(f"…and {len(found) - MAX_LISTED} more (saved in Leonar)")
    blocks: list[dict[str, Any]] = [section(head)]
    if lines:
        blocks.append(section("\n".join(lines)))
    if others:
        names = ", ".join(literal(e.name) for e in others[:MAX_LISTED])
        blocks.append({"type": "context", "elements": [mrkdwn(f"No email found: {names}")]})
    return head, blocks
