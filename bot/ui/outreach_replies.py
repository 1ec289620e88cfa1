"""The words of outreach replies: enroll and tag results, the progress of bulk work, a sent
message. Pure: no I/O."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from bot.leonar.models import EnrollResult, MessageChannel
from bot.text import escape

#: failures listed one by one in a reply; the rest are counted
FAILURES_SHOWN = 10


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _failure_lines(failures: Sequence[tuple[str, str]]) -> list[str]:
    lines = [f"• {escape(label)}: {escape(reason)}" for label, reason in failures[:FAILURES_SHOWN]]
    if len(failures) > FAILURES_SHOWN:
        lines.append(f"• …and {len(failures) - FAILURES_SHOWN} more")
    return lines


def enroll_result_text(
    sequence_name: str,
    result: EnrollResult,
    *,
    do_not_contact: int = 0,
    failures: Sequence[tuple[str, str]] = (),
) -> str:
    """ "Enrolled 3 in *Sequence*. Skipped: 1 blacklisted, 1 already enrolled." (no zeros)"""
    counts = [
        (do_not_contact, "marked do not contact"),
        (result.skipped_blacklisted, "blacklisted"),
        (result.skipped_already_enrolled, "already enrolled"),
        (result.skipped_active_elsewhere, "active in another sequence"),
        (result.skipped_not_found, "not found"),
    ]
    skipped = [f"{count} {words}" for count, words in counts if count]
    text = f"Enrolled {result.enrolled} in *{escape(sequence_name)}*."
    if skipped:
        text += f" Skipped: {', '.join(skipped)}."
    if failures:
        text += f"\nNot enrolled because of an error ({len(failures)}):\n"
        text += "\n".join(_failure_lines(failures))
    return text


def tag_result_text(
    tag_name: str,
    *,
    tagged: int,
    total: int,
    failures: Sequence[tuple[str, str]] = (),
    created: bool = False,
) -> str:
    new = " (new tag)" if created else ""
    text = f"Tagged {tagged} of {_count(total, 'contact')} with *{escape(tag_name)}*{new}."
    if failures:
        text += f"\nCould not tag {len(failures)}:\n" + "\n".join(_failure_lines(failures))
    return text


def tag_single_text(contact_name: str, tag_name: str, *, created: bool = False) -> str:
    new = " (new tag)" if created else ""
    return f"Tagged *{escape(contact_name)}* with *{escape(tag_name)}*{new}."


def progress_text(doing: str, done: int, total: int, paused_until: float | None = None) -> str:
    """ "Tagging… 12 of 40", with the pause (and until when) while the rate budget is low."""
    text = f"{doing}… {done} of {total}"
    if paused_until is not None:
        fallback = dt.datetime.fromtimestamp(paused_until, tz=dt.UTC).strftime("%H:%M UTC")
        when = f"<!date^{int(paused_until)}^{{time}}|{fallback}>"
        text += f" (paused until {when} to stay within Leonar's rate limit)"
    return text


def message_sent_text(contact_name: str, channel: str, sender_name: str | None = None) -> str:
    how = "an email" if channel == MessageChannel.EMAIL else "a LinkedIn message"
    via = f" from {escape(sender_name)}" if sender_name else ""
    return f"Sent {how} to *{escape(contact_name)}*{via}."
