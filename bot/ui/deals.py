"""Deals: the messages (deal card, won celebration, choices, closed deal), typeahead options
and money formatting. Pure Block Kit builders, no I/O; the modals are in bot/ui/deal_modals.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from bot.leonar import Company, Contact, Deal, DealStatus
from bot.services.deals import NO_DECIMALS, SYMBOLS
from bot.text import escape
from bot.ui.actions import DEAL_CLOSE, DEAL_LINK_CONTACT, DEAL_MOVE, DEAL_PICK, DEAL_REOPEN
from bot.ui.blocks import button, mrkdwn, plain, section
from bot.ui.formats import slack_date

Json = dict[str, Any]
Blocks = list[Json]

#: Slack's limit for an option's text
OPTION_TEXT_MAX = 75


# --------------------------------------------------------------------------- money


def format_money(amount: int | float | Decimal | None, currency: str | None) -> str:
    """``45000, "EUR"`` -> ``€45,000``; ``$``, ``£`` likewise; ``CHF 45,000`` for others.

    Whole amounts show no decimals, others two; None shows an em dash."""
    if amount is None:
        return "—"
    code = (currency or "").upper().strip()
    value = Decimal(str(amount))
    sign = "-" if value < 0 else ""
    value = abs(value)
    if code in NO_DECIMALS or value == value.to_integral_value():
        number = f"{value.quantize(Decimal(1)):,}"
    else:
        number = f"{value.quantize(Decimal('0.01')):,}"
    symbol = SYMBOLS.get(code)
    if symbol:
        return f"{sign}{symbol}{number}"
    return f"{sign}{code} {number}" if code else f"{sign}{number}"


# --------------------------------------------------------------------------- small pieces


def option(text: str, value: str) -> Json:
    return {"text": plain(text, OPTION_TEXT_MAX), "value": value}


def deal_label(deal: Deal) -> str:
    """Plain text naming a deal: ``Title · Company · €45,000``."""
    parts = [deal.title or "Untitled deal"]
    if deal.company is not None and deal.company.name:
        parts.append(deal.company.name)
    if deal.amount is not None:
        parts.append(format_money(deal.amount, deal.currency))
    return " · ".join(parts)


def deal_option(deal: Deal) -> Json:
    return option(deal_label(deal), deal.id)


def company_option(company: Company) -> Json:
    return option(company.name or company.id, company.id)


def contact_option(contact: Contact) -> Json:
    parts = [contact.full_name]
    if contact.title:
        parts.append(contact.title)
    if contact.current_company:
        parts.append(contact.current_company)
    return option(" · ".join(parts), contact.id)


def options_answer(options: Sequence[Json]) -> list[Json]:
    """Slack takes at most 100 options in an external select's answer."""
    return list(options[:100])


def status_word(deal: Deal) -> str:
    return {
        DealStatus.WON: "Won",
        DealStatus.LOST: "Lost",
        DealStatus.DISQUALIFIED: "Disqualified",
    }.get(deal.status or "", "Open")


def closed_deal_text(deal: Deal) -> str:
    when = f" on {slack_date(deal.actual_close_date)}" if deal.actual_close_date else ""
    return (
        f"*{escape(deal.title or 'This deal')}* is already closed "
        f"({status_word(deal).lower()}{when}). Reopen it to move or close it again."
    )


def reopen_section(deal: Deal) -> Json:
    """The deal is closed: say so, with a **Reopen** button."""
    return section(
        closed_deal_text(deal), accessory=button("Reopen", DEAL_REOPEN, deal.id, style="primary")
    )


# --------------------------------------------------------------------------- messages


def deal_fields(deal: Deal, pipeline_name: str | None = None) -> str:
    stage = deal.stage.name if deal.stage and deal.stage.name else None
    lines = []
    if deal.company is not None and deal.company.name:
        lines.append(f"*Company:* {escape(deal.company.name)}")
    lines.append(f"*Amount:* {escape(format_money(deal.amount, deal.currency))}")
    stage_text = escape(stage or "—")
    if pipeline_name:
        stage_text += f" ({escape(pipeline_name)})"
    lines.append(f"*Stage:* {stage_text}")
    lines.append(f"*Status:* {status_word(deal)}")
    if deal.expected_close_date:
        lines.append(f"*Expected close:* {slack_date(deal.expected_close_date)}")
    if not deal.is_open:
        if deal.signed_amount is not None:
            lines.append(
                f"*Signed amount:* {escape(format_money(deal.signed_amount, deal.currency))}"
            )
        if deal.actual_close_date:
            lines.append(f"*Closed on:* {slack_date(deal.actual_close_date)}")
    return "\n".join(lines)


def deal_card(deal: Deal, *, pipeline_name: str | None = None) -> tuple[str, Blocks]:
    """The deal card: its facts, and Move stage / Close / Link contact (Reopen once closed)."""
    title = deal.title or "Untitled deal"
    text = f"Deal {title}: {status_word(deal)}"
    if deal.stage and deal.stage.name:
        text += f", {deal.stage.name}"
    buttons: list[Json]
    if deal.is_open:
        buttons = [
            button("Move stage", DEAL_MOVE, deal.id),
            button("Close", DEAL_CLOSE, deal.id),
            button("Link contact", DEAL_LINK_CONTACT, deal.id),
        ]
    else:
        buttons = [
            button("Reopen", DEAL_REOPEN, deal.id),
            button("Link contact", DEAL_LINK_CONTACT, deal.id),
        ]
    blocks: Blocks = [
        section(f":handshake: *{escape(title)}*"),
        section(deal_fields(deal, pipeline_name)),
        {"type": "actions", "block_id": f"deal_card.{deal.id}", "elements": buttons},
    ]
    return text, blocks


def won_card(deal: Deal, *, user: str) -> tuple[str, Blocks]:
    """The celebration posted in the deal's thread when it is won."""
    amount = deal.signed_amount if deal.signed_amount is not None else deal.amount
    money = format_money(amount, deal.currency)
    title = deal.title or "the deal"
    text = f"Deal won: {title}, {money}!"
    company = f" with *{escape(deal.company.name)}*" if deal.company and deal.company.name else ""
    blocks: Blocks = [
        section(
            f":tada: *Deal won!* <@{user}> closed *{escape(title)}*{company} "
            f"for *{escape(money)}*. :champagne:"
        )
    ]
    if deal.actual_close_date:
        blocks.append(
            {
                "type": "context",
                "elements": [mrkdwn(f"Signed on {slack_date(deal.actual_close_date)}")],
            }
        )
    return text, blocks


def deal_choices(kind: str, query: str, deals: Sequence[Deal]) -> tuple[str, Blocks]:
    """Several deals match what was typed: one button each (value ``<kind>:<deal id>``)."""
    text = f"Several deals match “{query}”. Which one?"
    blocks: Blocks = [section(f"Several deals match “{escape(query)}”. Which one?")]
    for deal in deals[:10]:
        blocks.append(
            section(
                f"*{escape(deal.title or 'Untitled deal')}*\n{escape(deal_label(deal))}"
                f" · {status_word(deal)}",
                accessory=button("Choose", DEAL_PICK, f"{kind}:{deal.id}"),
            )
        )
    if len(deals) > 10:
        blocks.append(
            {
                "type": "context",
                "elements": [mrkdwn(f"…and {len(deals) - 10} more: type more words.")],
            }
        )
    return text, blocks


def closed_deal_message(deal: Deal) -> tuple[str, Blocks]:
    """Ephemeral answer when a closed deal is asked to move/close: with a Reopen button."""
    return closed_deal_text(deal), [reopen_section(deal)]
