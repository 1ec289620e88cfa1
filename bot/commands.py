"""Parsing of the ``/leonar`` text: the ONE place that knows the subcommand grammar.

Pure: no Slack, no I/O. ``parse(text)`` never raises; anything it does not understand becomes
``help`` (with ``unknown`` set to the word it did not know).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from bot.text import unescape_slack

#: the slash command
COMMAND = "/leonar"

#: every subcommand of the outer contract, in the order help lists them
SUBCOMMANDS: tuple[str, ...] = (
    "help",
    "search",
    "source",
    "enrich",
    "add",
    "deal",
    "connect",
    "disconnect",
)
#: parsed already, listed in help (and moved into SUBCOMMANDS) once their listeners exist
WATCH_SUBCOMMANDS: tuple[str, ...] = ("watch", "watches", "unwatch", "digest")
PARSED_SUBCOMMANDS: tuple[str, ...] = SUBCOMMANDS + WATCH_SUBCOMMANDS
DEAL_ACTIONS: tuple[str, ...] = ("new", "close", "move")

_ALIASES = {"?": "help", "-h": "help", "--help": "help"}
_ENRICH_ALIASES = {
    "work_email": "work_email",
    "work-email": "work_email",
    "email": "work_email",
    "personal_email": "personal_email",
    "personal-email": "personal_email",
    "phone": "phone",
}
# straight and typographic quotes (Slack clients often turn "x" into “x”)
_QUOTES = {'"': '"', "\u201c": "\u201d", "\u201d": "\u201d", "'": "'", "\u2018": "\u2019"}


@dataclass(frozen=True)
class Token:
    value: str
    quoted: bool


@dataclass(frozen=True)
class ParsedCommand:
    """What ``/leonar <text>`` asks for. Only the fields of its subcommand are set."""

    name: str
    #: the text after the subcommand, unescaped, as typed
    rest: str = ""
    #: the arguments after the subcommand, quotes removed
    args: tuple[str, ...] = ()
    #: help: the word that was not understood (None for plain help)
    unknown: str | None = None
    #: search
    query: str | None = None
    location: str | None = None
    #: source
    titles: tuple[str, ...] = ()
    #: enrich (type defaults to work_email) / add: contact id, email, LinkedIn URL or name
    enrich_type: str | None = None
    contact: str | None = None
    #: deal: new | close | move (None when missing or not understood), and the deal named
    action: str | None = None
    deal: str | None = None
    #: watch / unwatch: "project" (target: a project's name or id) or "deals"; None when
    #: nothing follows the subcommand
    watch_kind: str | None = None
    target: str | None = None


def tokenize(text: str) -> list[Token]:
    """Split on whitespace, keeping quoted phrases whole; an unclosed quote runs to the end."""
    tokens: list[Token] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
            continue
        if ch in _QUOTES:
            closing = _QUOTES[ch]
            end = text.find(closing, i + 1)
            if ch == "\u201c" and end < 0:
                end = text.find("\u201c", i + 1)
            if end < 0:
                end = n
            tokens.append(Token(text[i + 1 : end].strip(), quoted=True))
            i = end + 1
            continue
        start = i
        while i < n and not text[i].isspace():
            i += 1
        tokens.append(Token(text[start:i], quoted=False))
    return [t for t in tokens if t.value or t.quoted]


def _join(tokens: list[Token]) -> str:
    return " ".join(t.value for t in tokens if t.value)


def _split_titles(rest: str, tokens: list[Token]) -> tuple[str, ...]:
    if not tokens:
        return ()
    if "," in rest:
        parts = [p.strip().strip("\"'\u201c\u201d\u2018\u2019").strip() for p in rest.split(",")]
        return tuple(p for p in parts if p)
    if all(t.quoted for t in tokens):
        return tuple(t.value for t in tokens if t.value)
    return (_join(tokens),)


def parse(text: str | None) -> ParsedCommand:
    """Parse the text after ``/leonar``."""
    clean = unescape_slack(text or "").strip()
    tokens = tokenize(clean)
    if not tokens:
        return ParsedCommand(name="help")
    head = tokens[0]
    word = head.value.lower()
    word = _ALIASES.get(word, word)
    if head.quoted or word not in PARSED_SUBCOMMANDS:
        return ParsedCommand(name="help", unknown=head.value)
    rest_tokens = tokens[1:]
    parts = clean.split(None, 1)
    rest = parts[1].strip() if len(parts) > 1 else ""
    args = tuple(t.value for t in rest_tokens)
    base = ParsedCommand(name=word, rest=rest, args=args)

    if word == "search":
        # the location follows the LAST unquoted " in " that has words on both sides
        for i in range(len(rest_tokens) - 2, 0, -1):
            tok = rest_tokens[i]
            if not tok.quoted and tok.value.lower() == "in":
                return replace(
                    base,
                    query=_join(rest_tokens[:i]),
                    location=_join(rest_tokens[i + 1 :]),
                )
        return replace(base, query=_join(rest_tokens))
    if word == "source":
        return replace(base, titles=_split_titles(rest, rest_tokens))
    if word == "enrich":
        enrich_type = "work_email"
        contact_tokens = rest_tokens
        if rest_tokens and not rest_tokens[0].quoted:
            alias = _ENRICH_ALIASES.get(rest_tokens[0].value.lower())
            if alias is not None:
                enrich_type = alias
                contact_tokens = rest_tokens[1:]
        return replace(base, enrich_type=enrich_type, contact=_join(contact_tokens) or None)
    if word == "add":
        return replace(base, contact=_join(rest_tokens) or None)
    if word == "deal":
        if not rest_tokens:
            return base
        action = rest_tokens[0].value.lower()
        if rest_tokens[0].quoted or action not in DEAL_ACTIONS:
            return base
        return replace(base, action=action, deal=_join(rest_tokens[1:]) or None)
    if word in ("watch", "unwatch"):
        return _watch_target(base, rest_tokens)
    return base


def _watch_target(base: ParsedCommand, tokens: list[Token]) -> ParsedCommand:
    """``deals`` (unquoted, alone) is the open deals; anything else names a project."""
    target = _join(tokens)
    if not target:
        return base
    if len(tokens) == 1 and not tokens[0].quoted and target.lower() == "deals":
        return replace(base, watch_kind="deals")
    return replace(base, watch_kind="project", target=target)
