"""Resolve what a person typed (an id, an email, a LinkedIn URL or a name) to Leonar contacts.

The one place where `/leonar enrich <contact>`, `/leonar add <contact>`, unfurls and shortcuts
turn free text into contacts. Several matches are returned in order of confidence so the
caller can let the user pick.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import unquote

from bot.leonar import Contact, LeonarClient, NotFoundError

_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)
_EMAIL = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")
_LINKEDIN = re.compile(r"(?:https?://)?(?:[a-z]{2,3}\.)?linkedin\.com/in/([^/?#\s>|]+)", re.I)
MAX_MATCHES = 10


class ContactRefKind(StrEnum):
    ID = "id"
    EMAIL = "email"
    LINKEDIN = "linkedin"
    NAME = "name"


@dataclass(frozen=True)
class ContactRef:
    kind: ContactRefKind
    value: str


def strip_slack_markup(text: str) -> str:
    """Slack sends links and emails as `<mailto:a@b.c|a@b.c>` / `<https://…|label>`."""
    text = text.strip()
    match = re.fullmatch(r"<([^>|]+)(?:\|[^>]*)?>", text)
    if match:
        text = match.group(1)
    if text.lower().startswith("mailto:"):
        text = text[len("mailto:") :]
    return text.strip().strip("\"'")


def linkedin_slug(url: str) -> str | None:
    """The profile slug of a linkedin.com/in/<slug> URL, lower-cased and decoded."""
    match = _LINKEDIN.search(url)
    if not match:
        return None
    return unquote(match.group(1)).strip().lower().rstrip("/") or None


def parse_contact_ref(text: str) -> ContactRef | None:
    """Classify what the user typed; None when it is empty."""
    value = strip_slack_markup(text)
    if not value:
        return None
    if _UUID.match(value):
        return ContactRef(ContactRefKind.ID, value.lower())
    if _EMAIL.match(value):
        return ContactRef(ContactRefKind.EMAIL, value.lower())
    slug = linkedin_slug(value)
    if slug:
        return ContactRef(ContactRefKind.LINKEDIN, slug)
    return ContactRef(ContactRefKind.NAME, " ".join(value.split()))


def _same_linkedin(contact: Contact, slug: str) -> bool:
    return bool(contact.linkedin_profile) and linkedin_slug(contact.linkedin_profile or "") == slug


def _has_email(contact: Contact, email: str) -> bool:
    return any((e.email or "").lower() == email for e in contact.emails or [])


async def resolve_contacts(client: LeonarClient, text: str) -> list[Contact]:
    """Contacts matching `text`, best first; an empty list when none match."""
    ref = parse_contact_ref(text)
    if ref is None:
        return []
    if ref.kind is ContactRefKind.ID:
        try:
            return [await client.contacts.get(ref.value)]
        except NotFoundError:
            return []
    if ref.kind is ContactRefKind.EMAIL:
        page = await client.contacts.list(search=ref.value, limit=MAX_MATCHES)
        return [c for c in page.data if _has_email(c, ref.value)]
    if ref.kind is ContactRefKind.LINKEDIN:
        page = await client.contacts.list(search=ref.value, limit=MAX_MATCHES)
        return [c for c in page.data if _same_linkedin(c, ref.value)]
    page = await client.contacts.search(query=ref.value, limit=MAX_MATCHES)
    wanted = ref.value.casefold()
    exact = [c for c in page.data if c.full_name.casefold() == wanted]
    return exact or list(page.data)
