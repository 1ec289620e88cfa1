"""The help answer of ``/leonar`` and the "not available yet" line. Pure Block Kit builders."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.text import escape

Blocks = list[dict[str, Any]]


@dataclass(frozen=True)
class HelpEntry:
    usage: str
    does: str
    example: str


#: one entry per subcommand of the outer contract (docs/commands.md), in the order shown
HELP_ENTRIES: tuple[HelpEntry, ...] = (
    HelpEntry("help", "show this list (only you see it)", "help"),
    HelpEntry(
        "search <words> [in <location>]",
        "search your Leonar contacts; results arrive in a thread",
        'search "react typescript" in "New York"',
    ),
    HelpEntry(
        "source [job titles]", "source LinkedIn profiles", "source data engineer, ml engineer"
    ),
    HelpEntry(
        "enrich [phone] <contact>",
        "find a work email (or a phone number) for a contact",
        "enrich phone jane@acme.com",
    ),
    HelpEntry("add <contact>", "add a contact to a hiring project", "add Jane Doe"),
    HelpEntry(
        "deal new | close [deal] | move [deal]",
        "create a deal, close one, or move it to another stage",
        "deal close Acme",
    ),
    HelpEntry(
        "watch <project> | watch deals",
        "this channel hears when a hiring project's stages or the open deals change",
        'watch "Senior Frontend Engineers"',
    ),
    HelpEntry("watches", "list this channel's watches, with Unwatch buttons", "watches"),
    HelpEntry("unwatch <project> | unwatch deals", "stop a watch of this channel", "unwatch deals"),
    HelpEntry("digest", "post this channel's weekly digest now", "digest"),
    HelpEntry("connect", "use your own Leonar API key", "connect"),
    HelpEntry("disconnect", "forget your Leonar API key", "disconnect"),
)


def help_message(command: str = "/leonar", *, unknown: str | None = None) -> tuple[str, Blocks]:
    """The help text and blocks; ``unknown`` is the word that was not understood, if any."""
    lines = [
        f"`{command} {escape(e.usage)}`: {e.does}. Example: `{command} {escape(e.example)}`"
        for e in HELP_ENTRIES
    ]
    intro = f"Here is what `{command}` can do:"
    if unknown:
        intro = f"I don't know `{escape(unknown)}`. " + intro
    text = intro + "\n" + "\n".join(f"• {line}" for line in lines)
    blocks: Blocks = [
        {"type": "section", "text": {"type": "mrkdwn", "text": intro}},
        {
            "type": "section",
            "text": {"type": "mrkdwn", "text": "\n".join(f"• {line}" for line in lines)},
        },
    ]
    return text, blocks


def not_available_text(name: str, command: str = "/leonar") -> str:
    return f"`{command} {escape(name)}` is not available yet."


def not_allowed_text() -> str:
    return "Sorry, you are not on the list of people allowed to use this bot. Ask your Slack admin."


def invite_hint(bot_mention: str = "@Leonar") -> str:
    return (
        f"I can't post in this conversation because I'm not a member of it. "
        f"Type `/invite {bot_mention}` here to add me, then try again; until then I answer only you."
    )


def error_text(user_message: str | None) -> str:
    """What a person sees when something failed: the error's own words, else a generic line."""
    if user_message:
        return user_message
    return "Sorry, something went wrong on our side. Please try again in a minute."
