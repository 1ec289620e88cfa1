"""Block Kit for link unfurls: a small card about the person behind a pasted link.

An unfurl is seen by everyone in the channel, so it says only *that* an email or phone is on
file, never the email or phone itself. Pure: no I/O.
"""

from __future__ import annotations

from typing import Any

from bot.leonar import Contact
from bot.services.unfurl import LinkKind, UnfurlLookup
from bot.text import escape, literal
from bot.ui.actions import CONTACT_ADD_TO_PROJECT, CONTACT_ENRICH
from bot.ui.blocks import button
from bot.ui.blocks import mrkdwn as _mrkdwn
from bot.ui.formats import slack_date

Blocks = list[dict[str, Any]]

SOURCE_HINT = "To bring LinkedIn profiles into Leonar, type `/leonar source`."


def contact_url(app_url: str, contact_id: str) -> str:
    return f"{app_url.rstrip('/')}/contacts/{contact_id}"


def _headline(contact: Contact) -> str:
    job = " at ".join(escape(p) for p in (contact.title, contact.current_company) if p)
    parts = [p for p in (job, escape(contact.location) if contact.location else "") if p]
    return " · ".join(parts)


def contact_facts(contact: Contact) -> list[str]:
    """The short facts line: do-not-contact, email/phone on file (not the values), last contact."""
    facts: list[str] = []
    if contact.is_do_not_contact:
        facts.append(":no_entry: Do not contact")
    facts.append(":envelope: email on file" if contact.primary_email else "no email on file")
    if contact.primary_phone:
        facts.append(":telephone_receiver: phone on file")
    last = slack_date(contact.last_contacted_at)
    facts.append(f"last contacted {last}" if last else "never contacted")
    return facts


def contact_unfurl(contact: Contact, *, app_url: str) -> Blocks:
    """The card for a link to someone who is in Leonar."""
    name = literal(contact.full_name)
    link = contact_url(app_url, contact.id)
    title = f":white_check_mark: *<{link}|{name}>* is in Leonar"
    headline = _headline(contact)
    text = f"{title}\n{headline}" if headline else title
    return [
        {"type": "section", "text": _mrkdwn(text)},
        {"type": "context", "elements": [_mrkdwn(" · ".join(contact_facts(contact)))]},
        {
            "type": "actions",
            "elements": [
                button("Add to project", CONTACT_ADD_TO_PROJECT, contact.id, style="primary"),
                button("Enrich", CONTACT_ENRICH, contact.id),
            ],
        },
    ]


def not_in_leonar_unfurl(slug: str) -> Blocks:
    """The card for a LinkedIn profile nobody has added to Leonar (as the sharer's key sees it)."""
    return [
        {
            "type": "section",
            "text": _mrkdwn(f"*{literal(slug)}* on LinkedIn is not in Leonar yet."),
        },
        {"type": "context", "elements": [_mrkdwn(SOURCE_HINT)]},
    ]


def contact_not_found_unfurl() -> Blocks:
    """The card for a Leonar contact link the sharer's key cannot find."""
    return [
        {
            "type": "section",
            "text": _mrkdwn(
                "This Leonar contact was not found: it may have been deleted, or it belongs "
                "to another Leonar workspace."
            ),
        }
    ]


def unfurl_blocks(found: UnfurlLookup, *, app_url: str) -> Blocks:
    """The card for one looked-up link: the contact, "not in Leonar yet", or "not found"."""
    if found.contact is not None:
        return contact_unfurl(found.contact, app_url=app_url)
    if found.link.kind is LinkKind.LINKEDIN:
        return not_in_leonar_unfurl(found.link.value)
    return contact_not_found_unfurl()
