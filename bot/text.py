"""Text made safe for Slack, and Slack text made plain again: the ONE place for escaping (a pure
module at the bottom of the layers, so parsing, services and ui share it).

Slack's mrkdwn gives meaning to ``&``, ``<`` and ``>`` only (links, mentions, entities), so
escaping those three is enough to show any text literally. Slash command text arrives with
those characters already escaped and with links wrapped in ``<...>``: `unescape_slack` turns
it back into what the person typed.
"""

from __future__ import annotations

import re

_LINK = re.compile(r"<([^<>|]*)(?:\|([^<>]*))?>")


def escape(text: str) -> str:
    """Escape ``&``, ``<`` and ``>`` so Slack shows ``text`` as written."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _link_text(match: re.Match[str]) -> str:
    target, label = match.group(1), match.group(2)
    if target.startswith("mailto:"):
        return label or target[len("mailto:") :]
    if target.startswith(("http://", "https://")):
        return target
    if target.startswith(("@", "#", "!")):
        # mentions stay as Slack wrote them; the label (if any) is only a hint
        return match.group(0)
    return label or target


def unescape_slack(text: str) -> str:
    """Turn text Slack sends (entities, ``<mailto:a@b|a@b>``, ``<https://…>``) back into plain text."""
    text = _LINK.sub(_link_text, text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


#: mrkdwn formatting markers and look-alikes that Slack never formats (bold, italic, strike, code)
_MARKER_LOOKALIKES = str.maketrans({"*": "\u2217", "_": "\u02cd", "~": "\u223c", "`": "\u02cb"})


def literal(text: str) -> str:
    """``escape(text)`` on one line, with mrkdwn markers (``* _ ~ ```) swapped for look-alikes:
    for names and titles from Leonar shown inside formatting, so ``*bold*`` stays as written
    and cannot reformat (or break) the message around it."""
    return escape(" ".join(text.split()).translate(_MARKER_LOOKALIKES))


def unformatted(text: str) -> str:
    """``literal(text)`` without the escaping: one line, mrkdwn markers swapped for look-alikes.
    For text escaped later, where it is shown (e.g. activity lines: the Home tab escapes them)."""
    return " ".join(text.split()).translate(_MARKER_LOOKALIKES)
