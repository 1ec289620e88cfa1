"""What the demo page sees: the fake Slack's workspace as one JSON state per person, the notices
Slack's own client shows (Slackbot lines such as "/giphy is not a valid command."), and the
photos the demo serves itself (initials avatars, so no image points outside the demo)."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from html import escape

from standins.leonar import SandboxState
from standins.leonar_data import slug
from standins.slack import Ephemeral, FakeSlack, Message, ViewRecord
from standins.slack.blockkit import Json

#: the manifest's unfurl_domains: Slack sends link_shared only for links to these
UNFURL_DOMAINS = ("linkedin.com", "app.leonar.app")
_URL = re.compile(r"https?://[^\s<>|]+")
_PHOTO_COLORS = ("#1d3557", "#2a9d8f", "#e76f51", "#6d597a", "#457b9d", "#bc6c25", "#588157")
PHOTO_PATH = "/photos/"


def slack_typed_text(text: str) -> str:
    """What Slack's client sends for text a person typed: ``&<>`` escaped, links in ``<...>``."""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _URL.sub(lambda m: f"<{m.group(0)}>", escaped)


def unfurl_links(text: str) -> list[Json]:
    """The links of ``text`` that Slack would send to the app in ``link_shared``."""
    links: list[Json] = []
    for url in _URL.findall(text):
        domain = url.split("://", 1)[1].split("/", 1)[0].split(":", 1)[0].lower()
        if any(domain == d or domain.endswith("." + d) for d in UNFURL_DOMAINS):
            links.append({"domain": domain, "url": url})
    return links


@dataclass(frozen=True)
class Notice:
    """A line Slack's client itself shows one person (from "Slackbot", only visible to them)."""

    channel: str
    user: str
    ts: str
    text: str


# ---------------------------------------------------------------------------- photos


def host_photos(state: SandboxState, base_url: str) -> None:
    """Point every LinkedIn profile's (and contact's) photo at the demo's own initials avatar,
    so the page never loads an image from outside (no broken images, no console errors)."""
    base = base_url.rstrip("/") + PHOTO_PATH
    for record in [*state.profiles, *state.contacts.values()]:
        if record.get("picture_url"):
            name = f"{record.get('first_name') or ''} {record.get('last_name') or ''}"
            record["picture_url"] = f"{base}{slug(name) or 'someone'}.svg"


def photo_svg(name_slug: str) -> str:
    """An initials avatar for ``sophie-martin`` ("SM" on a colour chosen by the name)."""
    parts = [p for p in name_slug.split("-") if p]
    initials = "".join(p[0] for p in parts[:2]).upper() or "?"
    digest = hashlib.sha256(name_slug.encode()).digest()
    color = _PHOTO_COLORS[digest[0] % len(_PHOTO_COLORS)]
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="96" height="96" viewBox="0 0 96 96">'
        f'<rect width="96" height="96" rx="12" fill="{color}"/>'
        '<text x="48" y="60" font-family="Helvetica, Arial, sans-serif" font-size="38" '
        f'font-weight="700" fill="#fff" text-anchor="middle">{escape(initials)}</text></svg>'
    )


# ---------------------------------------------------------------------------- the page's state


def _line(ts: str, channel: str, user: str, text: str, blocks: list[Json], **extra: object) -> Json:
    """One line of the page (message, ephemeral or notice) with the page's defaults."""
    return {
        "ts": ts,
        "channel": channel,
        "user": user,
        "bot": True,
        "ephemeral": True,
        "text": text,
        "blocks": blocks,
        "attachments": [],
        "thread_ts": None,
        "is_reply": False,
        "reply_count": 0,
        "reply_users": [],
        "edited": False,
        "unfurls": {},
    } | extra


def _message_json(message: Message) -> Json:
    return _line(
        message.ts,
        message.channel,
        message.user,
        message.text,
        message.blocks,
        bot=message.bot_id is not None,
        ephemeral=False,
        attachments=message.attachments,
        thread_ts=message.thread_ts,
        is_reply=message.is_reply,
        reply_count=message.reply_count,
        reply_users=list(message.reply_users),
        # Slack marks "(edited)" where a person edited; an app's chat.update is not flagged
        edited=message.edited and message.bot_id is None,
        unfurls=message.unfurls or {},
    )


def _ephemeral_json(ephemeral: Ephemeral, bot_user_id: str) -> Json:
    return _line(
        ephemeral.ts,
        ephemeral.channel,
        bot_user_id,
        ephemeral.text,
        ephemeral.blocks,
        thread_ts=ephemeral.thread_ts,
        is_reply=ephemeral.thread_ts is not None,
    )


def _notice_json(notice: Notice) -> Json:
    return _line(notice.ts, notice.channel, "USLACKBOT", notice.text, [], client=True)


def _view_json(record: ViewRecord | None) -> Json | None:
    if record is None:
        return None
    return dict(record.data) | {"id": record.id}


def _channel_json(fake: FakeSlack, channel_id: str, user: str) -> Json:
    channel = fake.channels[channel_id]
    name = channel.name
    if channel.is_im:
        other = next((m for m in sorted(channel.members) if m != user), user)
        person = fake.users.get(other)
        name = person.real_name if person else other
    return {
        "id": channel.id,
        "name": name,
        "is_private": channel.is_private,
        "is_im": channel.is_im,
        "bot_member": fake.bot_in(channel.id),
    }


def _channel_messages(
    fake: FakeSlack, channel_id: str, user: str, threads: dict[str, list[Json]]
) -> list[Json]:
    """The channel's top-level lines for ``user`` (replies go into ``threads``), oldest first."""
    top: list[Json] = []
    for message in fake.messages(channel_id, include_replies=True):
        if message.is_reply:
            threads.setdefault(f"{channel_id}:{message.thread_ts}", []).append(
                _message_json(message)
            )
            if not message.reply_broadcast:
                continue
        top.append(_message_json(message))
    for ephemeral in fake.ephemerals_for(user, channel_id):
        item = _ephemeral_json(ephemeral, fake.bot_user_id)
        if ephemeral.thread_ts:
            threads.setdefault(f"{channel_id}:{ephemeral.thread_ts}", []).append(item)
        else:
            top.append(item)
    return top


def demo_state(fake: FakeSlack, user: str, notices: list[Notice] | None = None) -> Json:
    """Everything the page shows ``user``: channels, messages, threads, the open modal, the
    App Home view the bot published for them, and their own client notices."""
    channels: list[Json] = []
    messages: dict[str, list[Json]] = {}
    threads: dict[str, list[Json]] = {}
    for channel in fake.channels.values():
        if user not in channel.members and (channel.is_private or channel.is_im):
            continue
        channels.append(_channel_json(fake, channel.id, user))
        top = _channel_messages(fake, channel.id, user, threads)
        top += [
            _notice_json(n) for n in notices or [] if n.user == user and n.channel == channel.id
        ]
        messages[channel.id] = sorted(top, key=lambda m: float(m["ts"]))
    for key, replies in threads.items():
        threads[key] = sorted(replies, key=lambda m: float(m["ts"]))
    return {
        "team": {"id": fake.team_id, "name": "Fake Team"},
        "user": user,
        "bot_user_id": fake.bot_user_id,
        "users": {
            u.id: {"name": u.name, "real_name": u.real_name, "is_bot": u.is_bot}
            for u in fake.users.values()
        },
        "channels": channels,
        "messages": messages,
        "threads": threads,
        "view": _view_json(fake.current_view(user)),
        "view_depth": len(fake.modal_stack(user)),
        "home": _view_json(fake.home_views.get(user)),
    }
