"""Link unfurls: which pasted links are about a person, and what Leonar knows about them.

Two kinds of links are unfurled: LinkedIn profiles (``linkedin.com/in/<slug>``), matched to a
contact by the LinkedIn URL, and Leonar contact pages (``{LEONAR_APP_URL}/contacts/<id>``).
The lookup always runs with the key of the person who shared the link, so an unfurl never
shows what that person's key could not see.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import urlsplit

from bot.leonar import Contact, LeonarClient, LeonarError, NotFoundError
from bot.services.contacts import linkedin_slug, resolve_contacts

log = logging.getLogger(__name__)

#: Slack sends at most a handful of links per message; unfurl at most this many
MAX_UNFURLS = 5


class LinkKind(StrEnum):
    LINKEDIN = "linkedin"
    LEONAR = "leonar"


@dataclass(frozen=True)
class UnfurlLink:
    """A link worth unfurling: ``value`` is the LinkedIn slug or the Leonar contact id."""

    url: str
    kind: LinkKind
    value: str


@dataclass(frozen=True)
class UnfurlLookup:
    """What the sharer's key found for one link; ``contact`` is None when Leonar has nobody."""

    link: UnfurlLink
    contact: Contact | None


def _host(url: str) -> str:
    try:
        return (urlsplit(url if "://" in url else f"https://{url}").hostname or "").lower()
    except ValueError:
        return ""


def parse_link(url: str, *, app_url: str) -> UnfurlLink | None:
    """Classify a shared link; None when it is neither a LinkedIn profile nor a Leonar contact."""
    url = url.strip()
    host = _host(url)
    if host == "linkedin.com" or host.endswith(".linkedin.com"):
        slug = linkedin_slug(url)
        return UnfurlLink(url, LinkKind.LINKEDIN, slug) if slug else None
    app = urlsplit(app_url)
    if host and host == (app.hostname or "").lower():
        path = urlsplit(url).path
        prefix = (app.path or "").rstrip("/") + "/contacts/"
        if path.startswith(prefix):
            contact_id = path[len(prefix) :].strip("/").split("/", 1)[0]
            if contact_id:
                return UnfurlLink(url, LinkKind.LEONAR, contact_id)
    return None


def links_to_unfurl(urls: list[str], *, app_url: str) -> list[UnfurlLink]:
    """The unfurlable links among ``urls``, first occurrence only, at most MAX_UNFURLS."""
    out: list[UnfurlLink] = []
    seen: set[str] = set()
    for url in urls:
        link = parse_link(url, app_url=app_url)
        if link is None or link.url in seen:
            continue
        seen.add(link.url)
        out.append(link)
    return out[:MAX_UNFURLS]


async def lookup(client: LeonarClient, link: UnfurlLink) -> UnfurlLookup:
    """The contact behind ``link`` as the client's key sees it (None: not in Leonar).

    Raises the client's errors (other than "not found") for the caller to decide."""
    if link.kind is LinkKind.LEONAR:
        try:
            return UnfurlLookup(link, await client.contacts.get(link.value))
        except NotFoundError:
            return UnfurlLookup(link, None)
    matches = await resolve_contacts(client, link.url)
    return UnfurlLookup(link, matches[0] if matches else None)


async def lookup_all(client: LeonarClient, links: list[UnfurlLink]) -> list[UnfurlLookup]:
    """Look every link up, one after the other; a link Leonar fails on is left out (logged)."""
    found: list[UnfurlLookup] = []
    for link in links:
        try:
            found.append(await lookup(client, link))
        except LeonarError as exc:
            log.warning("unfurl lookup failed for a %s link: %s", link.kind, type(exc).__name__)
    return found
