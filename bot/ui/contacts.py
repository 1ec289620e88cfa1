"""Contact cards and the search results thread: pure Block Kit builders, no I/O.

``contact_card`` is THE card of a Leonar contact (search results, unfurls, enrichment notices):
name (linked to Leonar), title at company, location, tags, status, do-not-contact flag, LinkedIn
and Leonar links, and the buttons Enrich / Add to project and the "More…" menu. Every text from Leonar goes
through ``literal``/``escape`` so a contact called ``<!channel>`` or ``*bold*`` cannot ping anyone
or reformat the card.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from bot.leonar.models import Contact
from bot.text import escape, literal
from bot.ui.actions import (
    CONTACT_ADD_TO_PROJECT,
    CONTACT_ENRICH,
    CONTACT_MORE,
    OUTREACH_VERBS,
    RESULTS_ENRICH_ALL,
    RESULTS_ENROLL_ALL,
    RESULTS_MORE,
    RESULTS_TAG_ALL,
    VERB_ENRICH_PHONE,
    VERB_ENROLL,
    VERB_LINK_DEAL,
    VERB_MESSAGE,
    VERB_NOTE,
    VERB_TAG,
    contact_verb_value,
)
from bot.ui.blocks import button as _button
from bot.ui.blocks import mrkdwn as _mrkdwn
from bot.ui.blocks import plain as _plain

Block = dict[str, Any]
Blocks = list[Block]

#: Slack's limit of blocks in one message
MAX_MESSAGE_BLOCKS = 50
#: Slack's limit of elements in a context block
MAX_CONTEXT_ELEMENTS = 10
#: the "More…" menu of a card, in display order (a static select: an overflow holds at most 5
#: options; each verb is handled by handlers/actions/contact_menu.py)
MENU_ITEMS: tuple[tuple[str, str], ...] = (
    (VERB_ENRICH_PHONE, "Find phone"),
    (VERB_ENROLL, "Enroll in sequence"),
    (VERB_TAG, "Tag"),
    (VERB_MESSAGE, "Send message"),
    (VERB_LINK_DEAL, "Link to deal"),
    (VERB_NOTE, "Add note"),
)
MENU_PLACEHOLDER = "More…"
DO_NOT_CONTACT_NOTE = "🚫 *Do not contact*: no sequences or messages"
#: block ids of a results message carry the result set: "rs:<set id>:<card block id>"
RESULT_SET_BLOCK_PREFIX = "rs:"


# --------------------------------------------------------------------------- small pieces


def safe_url(url: str | None) -> str | None:
    """An http(s) URL that cannot break out of ``<url|label>``; None when it is not one."""
    if not url:
        return None
    url = url.strip()
    if url.lower().startswith(("www.", "linkedin.com", "fr.linkedin.com")):
        url = "https://" + url
    if not url.lower().startswith(("https://", "http://")) or len(url) > 2000:
        return None
    return quote(url, safe=":/?#[]@!$&'()*+,;=%-._~")


def contact_url(app_url: str, contact_id: str) -> str:
    """The contact's page in Leonar."""
    return f"{app_url.rstrip('/')}/contacts/{quote(contact_id, safe='')}"


def _link(url: str | None, label: str) -> str:
    safe = safe_url(url)
    return f"<{safe}|{label}>" if safe else label


def status_label(status: str | None) -> str | None:
    """``in_sequence`` -> ``In sequence``."""
    if not status:
        return None
    words = status.replace("_", " ").replace("-", " ").strip()
    return words[:1].upper() + words[1:] if words else None


def headline(contact: Contact) -> str:
    """ "Title at Company" (either part may be missing), as mrkdwn-safe text; "" when both are."""
    title, company = (contact.title or "").strip(), (contact.current_company or "").strip()
    if title and company:
        return f"{literal(title)} at {literal(company)}"
    return literal(title or company)


def menu_options(contact: Contact) -> list[Block]:
    """The menu's options; no outreach (enroll, message) for a do-not-contact contact."""
    dnc = contact.is_do_not_contact
    return [
        {"text": _plain(label), "value": contact_verb_value(verb, contact.id)}
        for verb, label in MENU_ITEMS
        if not (dnc and verb in OUTREACH_VERBS)
    ]


# --------------------------------------------------------------------------- the card


def contact_card(contact: Contact, *, app_url: str, note: str | None = None) -> Blocks:
    """A compact card for one contact: 3 blocks (details, links, buttons).

    ``note`` is mrkdwn the caller built (escape what came from Leonar), e.g. "✓ Added to
    *Senior Frontend* · Interview"; it shows as the last line of the details. Block ids name the
    contact (``contact:<id>``, ``contact_meta:<id>``, ``contact_actions:<id>``)."""
    cid = contact.id
    leonar = contact_url(app_url, cid)
    lines = [f"*{_link(leonar, literal(contact.full_name))}*"]
    role = headline(contact)
    if role:
        lines.append(role)
    details: list[str] = []
    if contact.location and contact.location.strip():
        details.append(f"📍 {literal(contact.location)}")
    tags = [t for t in contact.tags if t and t.strip()]
    if tags:
        details.append("🏷️ " + ", ".join(literal(t) for t in tags[:8]))
    if details:
        lines.append("  ·  ".join(details))
    if note:
        lines.append(note)
    blocks: Blocks = [
        {"type": "section", "block_id": f"contact:{cid}", "text": _mrkdwn("\n".join(lines)[:3000])}
    ]

    meta: list[str] = []
    if contact.is_do_not_contact:
        meta.append(DO_NOT_CONTACT_NOTE)
    status = status_label(contact.global_status)
    if status and not (contact.is_do_not_contact and contact.global_status == "do_not_contact"):
        meta.append(f"Status: {literal(status)}")
    if safe_url(contact.linkedin_profile):
        meta.append(_link(contact.linkedin_profile, "LinkedIn"))
    meta.append(_link(leonar, "Open in Leonar"))
    blocks.append(
        {
            "type": "context",
            "block_id": f"contact_meta:{cid}",
            "elements": [_mrkdwn(m) for m in meta[:MAX_CONTEXT_ELEMENTS]],
        }
    )
    blocks.append(
        {
            "type": "actions",
            "block_id": f"contact_actions:{cid}",
            "elements": [
                _button("Enrich", CONTACT_ENRICH, cid),
                _button("Add to project", CONTACT_ADD_TO_PROJECT, cid),
                {
                    "type": "static_select",
                    "action_id": CONTACT_MORE,
                    "placeholder": _plain(MENU_PLACEHOLDER),
                    "options": menu_options(contact),
                },
            ],
        }
    )
    return blocks


def contact_card_text(contact: Contact) -> str:
    """The notification text of a message that shows one card."""
    role = headline(contact)
    return literal(contact.full_name) + (f", {role}" if role else "")


def added_note(project_name: str, stage_name: str | None, *, already: bool = False) -> str:
    """The card's note after an add: "✓ Added to *Project* · Stage" / "✓ Already in *Project*"."""
    project = f"*{literal(project_name)}*"
    if already:
        return f"✓ Already in {project}"
    return f"✓ Added to {project}" + (f" · {literal(stage_name)}" if stage_name else "")


# --------------------------------------------------------------------------- the search thread


def search_label(query: str, location: str | None) -> str:
    """``*react typescript* in Paris`` (mrkdwn, escaped)."""
    where = f" in {literal(location)}" if location else ""
    return f"*{literal(query)}*{where}"


def count_phrase(total: int | None, shown: int, has_more: bool) -> str:
    if total is None:
        total = shown
        if has_more:
            return f"{shown}+ contacts"
    return f"{total} contact" + ("" if total == 1 else "s")


def searching_message(query: str, location: str | None, user_id: str) -> tuple[str, Blocks]:
    """The parent message while Leonar searches."""
    text = f"Searching Leonar for {search_label(query, location)}…"
    return text, _parent_blocks(text, user_id)


def _parent_blocks(text: str, user_id: str, extra: str | None = None) -> Blocks:
    blocks: Blocks = [{"type": "section", "text": _mrkdwn(text)}]
    context = f"<@{escape(user_id)}> searched" + (f" · {extra}" if extra else "")
    blocks.append({"type": "context", "elements": [_mrkdwn(context)]})
    return blocks


def results_parent(
    query: str,
    location: str | None,
    user_id: str,
    *,
    total: int | None,
    shown: int,
    has_more: bool,
) -> tuple[str, Blocks]:
    """The parent message once results are in: "12 contacts for *react* in Paris"."""
    text = f"{count_phrase(total, shown, has_more)} for {search_label(query, location)}"
    return text, _parent_blocks(text, user_id, "results in the thread")


def no_results(query: str, location: str | None) -> tuple[str, Blocks]:
    """Nothing found (told only to the person who searched): say so and suggest a broader one."""
    text = f"No contacts for {search_label(query, location)}"
    words = query.split()
    tips = ["use fewer or broader words"]
    if location:
        tips.append(f"drop the location (`/leonar search {escape(' '.join(words))}`)")
    elif len(words) > 1:
        tips.append(f"try one word, e.g. `/leonar search {escape(words[0])}`")
    tip = "Try to " + " or ".join(tips) + "."
    blocks: Blocks = [
        {"type": "section", "text": _mrkdwn(text)},
        {"type": "context", "elements": [_mrkdwn(tip)]},
    ]
    return text, blocks


def search_failed(query: str, location: str | None, user_id: str) -> tuple[str, Blocks]:
    """The parent message when the search failed (the reason goes into the thread)."""
    text = f"The search for {search_label(query, location)} did not go through"
    return text, _parent_blocks(text, user_id)


@dataclass(frozen=True)
class ResultsFooter:
    """The buttons under a page: More results (when ``more_offset`` is set), Enroll all, Tag all."""

    more_offset: int | None = None


def _with_set(block: Block, set_id: str) -> Block:
    if "block_id" in block:
        block = {**block, "block_id": f"{RESULT_SET_BLOCK_PREFIX}{set_id}:{block['block_id']}"}
    return block


def result_set_of_block(block_id: str | None) -> str | None:
    """The result set id carried by a results message's block id (None for other blocks)."""
    if not block_id or not block_id.startswith(RESULT_SET_BLOCK_PREFIX):
        return None
    set_id = block_id[len(RESULT_SET_BLOCK_PREFIX) :].split(":", 1)[0]
    return set_id or None


def footer_block(set_id: str, footer: ResultsFooter) -> Block:
    elements: Blocks = []
    if footer.more_offset is not None:
        elements.append(
            _button("More results", RESULTS_MORE, f"{set_id}:{footer.more_offset}", style="primary")
        )
    elements.append(_button("Enroll all", RESULTS_ENROLL_ALL, set_id))
    elements.append(_button("Tag all", RESULTS_TAG_ALL, set_id))
    elements.append(_button("Enrich all", RESULTS_ENRICH_ALL, set_id))
    return {"type": "actions", "block_id": f"results_footer:{set_id}", "elements": elements}


def without_more_button(blocks: Sequence[Block]) -> Blocks:
    """The blocks of a results reply as Slack showed them, minus its **More results** button
    (for a click that arrives before the reply's place was stored)."""
    kept: Blocks = []
    for block in blocks:
        if block.get("type") == "actions":
            elements = [
                e for e in block.get("elements") or [] if e.get("action_id") != RESULTS_MORE
            ]
            if not elements:
                continue
            block = {**block, "elements": elements}
        kept.append(block)
    return kept


def results_message(
    set_id: str,
    contacts: Sequence[Contact],
    *,
    app_url: str,
    header: str | None = None,
    notes: dict[str, str] | None = None,
    footer: ResultsFooter | None = None,
) -> tuple[str, Blocks]:
    """One reply of the results thread: an optional header line, the cards (with dividers) and
    an optional footer. Use :func:`page_chunks` to keep each message within 50 blocks."""
    notes = notes or {}
    blocks: Blocks = []
    if header:
        blocks.append({"type": "context", "elements": [_mrkdwn(header)]})
    for index, contact in enumerate(contacts):
        if index:
            blocks.append({"type": "divider"})
        card = contact_card(contact, app_url=app_url, note=notes.get(contact.id))
        blocks += [_with_set(b, set_id) for b in card]
    if footer is not None:
        blocks.append(footer_block(set_id, footer))
    names = ", ".join(literal(c.full_name) for c in contacts[:3])
    more = f" and {len(contacts) - 3} more" if len(contacts) > 3 else ""
    text = (f"{header}: " if header else "") + (names + more or "no contacts")
    return text[:3000], blocks


#: blocks of one card, note or not (details, links, buttons; tests/ui/test_card_budget.py)
CARD_BLOCKS = 3


def card_budget() -> int:
    """Blocks one card may take in a results message (with a note and its divider): counted,
    not rendered (every card was rendered twice per page: 4 % of a search's CPU)."""
    return CARD_BLOCKS + 1


def page_chunks(
    contacts: Sequence[Contact], *, header: bool = True, footer: bool = True
) -> list[list[Contact]]:
    """Split a page of cards into messages of at most 50 blocks, counting every card with a
    note (so the card can later be updated in place without overflowing its message)."""
    chunks: list[list[Contact]] = []
    current: list[Contact] = []
    used = 1 if header else 0
    reserve = 1 if footer else 0
    for contact in contacts:
        need = card_budget()
        if current and used + need + reserve > MAX_MESSAGE_BLOCKS:
            chunks.append(current)
            current, used = [], 0
        current.append(contact)
        used += need
    if current or not chunks:
        chunks.append(current)
    return chunks


def page_header(offset: int, shown: int, total: int | None, query: str) -> str:
    """ "Results 1–10 of 12 for *react*"."""
    first, last = offset + 1, offset + shown
    of = f" of {total}" if total is not None else ""
    return f"Results {first}–{last}{of} for *{literal(query)}*"


# --------------------------------------------------------------------------- picking a contact


def contact_picker(
    contacts: Sequence[Contact], *, prompt: str, action_id: str, button: str
) -> tuple[str, Blocks]:
    """An ephemeral list: one line and one button per contact (value: the contact id)."""
    blocks: Blocks = [{"type": "section", "text": _mrkdwn(prompt)}]
    for contact in contacts[:20]:
        line = f"*{literal(contact.full_name)}*"
        role = headline(contact)
        if role:
            line += f"\n{role}"
        if contact.location:
            line += f"  ·  📍 {literal(contact.location)}"
        blocks.append(
            {
                "type": "section",
                "text": _mrkdwn(line),
                "accessory": _button(button, action_id, contact.id),
            }
        )
    return prompt, blocks
