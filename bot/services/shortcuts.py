"""What the message shortcut "Add to Leonar project" looks for in a message: a LinkedIn profile
link first, else an email address; the found text then goes through ``resolve_contacts``."""

from __future__ import annotations

import re
from typing import Any

from bot.services.contacts import linkedin_slug
from bot.text import unescape_slack

_LINKEDIN_URL = re.compile(
    r"(?:https?://)?(?:[a-z]{2,3}\.)?linkedin\.com/in/[^/?#\s<>|]+/?", re.IGNORECASE
)
_EMAIL = re.compile(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")


def _texts(message: dict[str, Any]) -> list[str]:
    """The message text, then every link and text found in its rich-text blocks."""
    texts: list[str] = []
    text = message.get("text")
    if isinstance(text, str):
        texts.append(unescape_slack(text))

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key in ("url", "text"):
                value = node.get(key)
                if isinstance(value, str):
                    texts.append(value)
            for value in node.values():
                if isinstance(value, list | dict):
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(message.get("blocks") or [])
    return texts


def contact_reference(message: dict[str, Any]) -> str | None:
    """The first LinkedIn profile URL in the message, else its first email; None if neither."""
    texts = _texts(message)
    for text in texts:
        for match in _LINKEDIN_URL.finditer(text):
            if linkedin_slug(match.group(0)):
                return match.group(0)
    for text in texts:
        email = _EMAIL.search(text)
        if email:
            return email.group(0).lower()
    return None
