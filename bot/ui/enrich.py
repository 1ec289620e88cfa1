"""Block Kit and texts for enrichment: the type choice, the contact pick, "enrich anyway", the
⏳ status message and the notification. Pure functions, no I/O."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.leonar.models import Contact
from bot.store.models import Job
from bot.text import escape
from bot.ui.actions import ENRICH_ANYWAY, ENRICH_CHOOSE, ENRICH_PICK
from bot.ui.blocks import button
from bot.ui.blocks import section as _section
from bot.ui.formats import phone as readable_phone

Blocks = list[dict[str, Any]]

WORK_EMAIL = "work_email"
PERSONAL_EMAIL = "personal_email"
PHONE = "phone"
TYPES = (WORK_EMAIL, PERSONAL_EMAIL, PHONE)
TYPE_WORDS = {WORK_EMAIL: "work email", PERSONAL_EMAIL: "personal email", PHONE: "phone number"}
TYPE_BUTTONS = {WORK_EMAIL: "Work email", PERSONAL_EMAIL: "Personal email", PHONE: "Phone"}

#: result["reason"] of a failed/error job, set by the poller
REASON_FAILED = "failed"
REASON_CREDITS = "insufficient_credits"
REASON_NOT_FOUND = "not_found"
REASON_NO_KEY = "no_key"
REASON_ERROR = "error"


def type_words(kind: str) -> str:
    return TYPE_WORDS.get(kind, kind.replace("_", " "))


def choice_value(kind: str, contact_id: str, thread_ts: str | None) -> str:
    """Button value "<type>:<contact id>:<thread ts>" (thread ts empty: start a new thread)."""
    return f"{kind}:{contact_id}:{thread_ts or ''}"


def parse_choice_value(value: str) -> tuple[str, str, str | None] | None:
    parts = value.split(":")
    if len(parts) != 3 or parts[0] not in TYPES or not parts[1]:
        return None
    return parts[0], parts[1], parts[2] or None


def contact_pick(
    contacts: Sequence[Contact], kind: str, typed: str, thread_ts: str | None
) -> tuple[str, Blocks]:
    """Several contacts match what was typed: one button per contact."""
    text = f"Several contacts match “{escape(typed)}”. Whose {type_words(kind)} should I look for?"
    blocks: Blocks = [_section(text)]
    for index, contact in enumerate(contacts[:10]):
        details = " · ".join(
            escape(part) for part in (contact.title, contact.current_company) if part
        )
        line = f"*{escape(contact.full_name)}*" + (f"\n{details}" if details else "")
        section = _section(line)
        section["accessory"] = button(
            "Enrich", f"{ENRICH_PICK}_{index}", choice_value(kind, contact.id, thread_ts)
        )
        blocks.append(section)
    return text, blocks


def existing_value(contact: Contact, kind: str) -> str | None:
    """What Leonar already has for this type (the work email, a personal email, a phone)."""
    if kind == WORK_EMAIL:
        return contact.work_email
    if kind == PERSONAL_EMAIL:
        for email in contact.emails:
            if email.email and (email.type or "").lower() == "personal":
                return email.email
        return None
    for phone in contact.phones:
        if phone.phone:
            return phone.phone
    return None


def already_has(
    contact: Contact, kind: str, value: str, thread_ts: str | None
) -> tuple[str, Blocks]:
    """The contact already has this: offer to enrich anyway, or to look for another type."""
    text = (
        f"{escape(contact.full_name)} already has a {type_words(kind)} in Leonar: "
        f"{escape(readable_phone(value) if kind == PHONE else value)}. Enrich anyway?"
    )
    buttons = [
        button(
            "Enrich anyway",
            ENRICH_ANYWAY,
            choice_value(kind, contact.id, thread_ts),
            style="primary",
        )
    ]
    buttons += [
        button(
            TYPE_BUTTONS[other],
            f"{ENRICH_CHOOSE}_{other}",
            choice_value(other, contact.id, thread_ts),
        )
        for other in TYPES
        if other != kind
    ]
    return text, [_section(text), {"type": "actions", "elements": buttons}]


def chosen_text(name: str, kind: str) -> str:
    """What a used question's buttons become: the choice."""
    return f"You chose: {escape(name)}'s {type_words(kind)}."


def no_match_text(typed: str) -> str:
    return (
        f"No Leonar contact matches “{escape(typed)}”. "
        "Try their email, their LinkedIn URL or their full name."
    )


def usage_text() -> str:
    return (
        "Whose details should I look for? Try `/leonar enrich Sophie Martin`, "
        "`/leonar enrich phone sophie@example.com` or a LinkedIn URL."
    )


def pending_text(name: str, kind: str) -> str:
    """The ⏳ message posted when the enrichment starts (updated in place when it ends)."""
    return f"⏳ Looking for {escape(name)}'s {type_words(kind)}…"


def _percent(confidence: Any) -> str | None:
    if not isinstance(confidence, int | float) or isinstance(confidence, bool):
        return None
    value = float(confidence) * 100 if float(confidence) <= 1 else float(confidence)
    return f"{round(value)}%"


def found_value(job: Job) -> str | None:
    result = job.result or {}
    value = result.get("phone") if job.type == PHONE else result.get("email")
    return str(value) if value else None


def shown_value(job: Job) -> str:
    """The found value as people read it (phone numbers formatted)."""
    value = found_value(job) or ""
    return readable_phone(value) if job.type == PHONE and value else value


def withholds(job: Job) -> bool:
    """True when the job found personal data (a phone number, a personal email): in public
    channels only the requester sees it (the ``personal_private`` setting)."""
    return (
        job.type in (PHONE, PERSONAL_EMAIL) and job.status == "completed" and bool(found_value(job))
    )


def withheld_notification(job: Job) -> tuple[str, Blocks]:
    """The public line for personal data shown only to the requester: found, without the value."""
    name, what = escape(job.contact_name or "this contact"), type_words(job.type)
    text = (
        f"<@{job.requester_user_id}> Found a {what} for {name}; it is saved in Leonar "
        "(shown only to you)."
    )
    return text, [_section(text)]


def card_line(job: Job, *, with_value: bool) -> str | None:
    """The line a search card gets once its enrichment found something: the value where the
    thread may show it ("✉️ sophie@doctolib.com · just found"), else that it is on file."""
    if job.status != "completed" or not found_value(job):
        return None
    icon = "📞" if job.type == PHONE else "✉️"
    if with_value:
        return f"{icon} {escape(shown_value(job))} · just found"
    what = type_words(job.type)
    return f"{icon} {what[:1].upper()}{what[1:]} on file · just found"


def done_status_text(job: Job) -> str:
    """The ⏳ message once the enrichment ended (no result in it: that goes to the requester)."""
    name, what = escape(job.contact_name or "the contact"), type_words(job.type)
    if job.status == "completed" and found_value(job):
        return f"✅ Found {name}'s {what}."
    if job.status == "timed_out":
        return f"⌛ Stopped waiting for {name}'s {what}."
    return f"❌ No {what} for {name}."


def _minutes(seconds: float) -> str:
    if seconds < 90:
        return f"{round(seconds)} seconds"
    return f"{round(seconds / 60)} minutes"


def notification(job: Job, *, timeout: float) -> tuple[str, Blocks]:
    """What the requester is told when the enrichment ends (mentioning them)."""
    who = f"<@{job.requester_user_id}>"
    name, what = escape(job.contact_name or "this contact"), type_words(job.type)
    result = job.result or {}
    reason = str(result.get("reason") or "")
    message = escape(str(result.get("message") or ""))
    if job.status == "completed" and found_value(job):
        value = escape(shown_value(job))
        confidence = _percent(result.get("confidence"))
        tail = f" (confidence {confidence})" if confidence else ""
        text = f"{who} {name}'s {what}: *{value}*{tail}. It is saved on the contact in Leonar."
    elif job.status == "completed":
        text = f"{who} Leonar finished but found no {what} for {name}."
    elif job.status == "timed_out":
        text = (
            f"{who} Leonar still had no {what} for {name} after {_minutes(timeout)}, "
            "so I stopped waiting. Try again later."
        )
    elif reason == REASON_CREDITS:
        text = (
            f"{who} Could not look for {name}'s {what}: {message or 'no enrichment credits left.'}"
        )
    elif reason == REASON_NOT_FOUND:
        text = f"{who} Leonar no longer knows this enrichment request for {name}. Please start it again."
    elif reason == REASON_NO_KEY:
        text = (
            f"{who} I could not check on {name}'s {what}: the Leonar key it was started with is "
            "no longer connected. Start it again after `/leonar connect`."
        )
    elif job.status == "failed":
        detail = f" ({message})" if message else ""
        text = f"{who} Leonar found no {what} for {name}{detail}."
    else:
        text = f"{who} I could not finish looking for {name}'s {what}: {message or 'an error.'}"
    return text, [_section(text)]
