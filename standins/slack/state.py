"""What the fake Slack workspace holds: channels, users, messages, views, and its event hub."""

from __future__ import annotations

import asyncio
import copy
from dataclasses import dataclass, field
from typing import Literal

from standins.slack.blockkit import Json, visible_text


@dataclass
class ApiCall:
    """One Web API call as the fake received it (``response`` is what it answered)."""

    method: str
    args: Json
    token: str | None
    response: Json = field(default_factory=dict)
    status: int = 200

    @property
    def ok(self) -> bool:
        return self.status == 200 and bool(self.response.get("ok"))

    @property
    def error(self) -> str | None:
        error = self.response.get("error")
        return str(error) if error is not None else None


@dataclass
class User:
    id: str
    name: str
    real_name: str
    is_admin: bool = False
    is_bot: bool = False
    email: str | None = None
    tz: str = "Europe/Paris"

    def to_api(self, team_id: str) -> Json:
        return {
            "id": self.id,
            "team_id": team_id,
            "name": self.name,
            "deleted": False,
            "real_name": self.real_name,
            "tz": self.tz,
            "tz_label": "Central European Time",
            "tz_offset": 3600,
            "is_admin": self.is_admin,
            "is_owner": False,
            "is_bot": self.is_bot,
            "is_app_user": False,
            "profile": {
                "real_name": self.real_name,
                "display_name": self.name,
                **({"email": self.email} if self.email else {}),
            },
        }


@dataclass
class Channel:
    id: str
    name: str
    is_private: bool = False
    is_im: bool = False
    members: set[str] = field(default_factory=set)
    is_archived: bool = False

    def to_api(self) -> Json:
        data: Json = {
            "id": self.id,
            "created": 1700000000,
            "is_archived": self.is_archived,
            "is_im": self.is_im,
        }
        if self.is_im:
            data["user"] = next(iter(sorted(self.members)), None)
            return data
        data.update(
            {
                "name": self.name,
                "is_channel": not self.is_private,
                "is_group": self.is_private,
                "is_private": self.is_private,
                "is_general": self.name == "general",
                "num_members": len(self.members),
            }
        )
        return data


@dataclass
class Message:
    """A message in a channel (top level or thread reply), as conversations.history shows it."""

    channel: str
    ts: str
    text: str
    blocks: list[Json]
    user: str
    bot_id: str | None = None
    thread_ts: str | None = None
    attachments: list[Json] = field(default_factory=list)
    metadata: Json | None = None
    reply_count: int = 0
    reply_users: list[str] = field(default_factory=list)
    latest_reply: str | None = None
    edited: bool = False
    deleted: bool = False
    reply_broadcast: bool = False
    unfurls: Json | None = None

    @property
    def is_reply(self) -> bool:
        return self.thread_ts is not None and self.thread_ts != self.ts

    @property
    def visible_text(self) -> str:
        """All the text a person reads in this message (text, or the blocks when present)."""
        return visible_text(self.text, self.blocks)

    def to_api(self, team_id: str) -> Json:
        data: Json = {"type": "message", "user": self.user, "text": self.text, "ts": self.ts}
        data["team"] = team_id
        if self.bot_id:
            data["bot_id"] = self.bot_id
            data["app_id"] = "A0FAKEAPP"
        if self.blocks:
            data["blocks"] = copy.deepcopy(self.blocks)
        if self.attachments:
            data["attachments"] = copy.deepcopy(self.attachments)
        if self.metadata:
            data["metadata"] = copy.deepcopy(self.metadata)
        if self.thread_ts:
            data["thread_ts"] = self.thread_ts
        if not self.is_reply and self.reply_count:
            data.update(
                reply_count=self.reply_count,
                reply_users=list(self.reply_users),
                reply_users_count=len(self.reply_users),
                latest_reply=self.latest_reply,
            )
        if self.is_reply and self.reply_broadcast:
            data["subtype"] = "thread_broadcast"
        if self.edited:
            data["edited"] = {"user": self.user, "ts": self.ts}
        return data


@dataclass
class Ephemeral:
    """An ephemeral message: only ``user`` sees it."""

    channel: str
    user: str
    ts: str
    text: str
    blocks: list[Json]
    thread_ts: str | None = None
    source: Literal["api", "response_url"] = "api"
    deleted: bool = False

    @property
    def visible_text(self) -> str:
        return visible_text(self.text, self.blocks)

    def to_api(self) -> Json:
        data: Json = {"type": "message", "text": self.text, "ts": self.ts}
        if self.blocks:
            data["blocks"] = copy.deepcopy(self.blocks)
        return data


@dataclass
class ResponsePost:
    """One POST to a response_url (kept even when Slack refused it)."""

    url_token: str
    body: Json
    status: int
    answer: str


@dataclass
class ResponseUrl:
    token: str
    channel: str
    user: str
    created_at: float
    uses: int = 0
    # what replace_original / delete_original act on: ("message" | "ephemeral", ts)
    original: tuple[Literal["message", "ephemeral"], str] | None = None


@dataclass
class Trigger:
    id: str
    user: str
    created_at: float
    view_id: str | None = None  # set when the interaction came from inside a modal
    used: bool = False


@dataclass
class ViewRecord:
    """A view Slack holds for a user; ``data`` is the view object as the API returns it."""

    id: str
    user: str
    data: Json
    closed: bool = False

    @property
    def type(self) -> str:
        return str(self.data.get("type"))

    @property
    def blocks(self) -> list[Json]:
        blocks = self.data.get("blocks") or []
        return list(blocks)

    @property
    def callback_id(self) -> str:
        return str(self.data.get("callback_id") or "")

    @property
    def title(self) -> str:
        title = self.data.get("title")
        return str(title.get("text", "")) if isinstance(title, dict) else ""

    @property
    def visible_text(self) -> str:
        return visible_text(None, self.blocks)


EventKind = Literal[
    "message",
    "message_changed",
    "message_deleted",
    "ephemeral",
    "response",
    "view_opened",
    "view_updated",
    "view_closed",
    "home_published",
    "unfurl",
]


@dataclass(frozen=True)
class FakeEvent:
    kind: EventKind
    data: Json


class EventHub:
    """Asyncio-friendly subscriber list, notified on every new/updated message or view."""

    def __init__(self) -> None:
        self._queues: list[asyncio.Queue[FakeEvent]] = []

    def subscribe(self) -> asyncio.Queue[FakeEvent]:
        queue: asyncio.Queue[FakeEvent] = asyncio.Queue()
        self._queues.append(queue)
        return queue

    def unsubscribe(self, queue: asyncio.Queue[FakeEvent]) -> None:
        if queue in self._queues:
            self._queues.remove(queue)

    def publish(self, kind: EventKind, data: Json) -> None:
        event = FakeEvent(kind, copy.deepcopy(data))
        for queue in list(self._queues):
            queue.put_nowait(event)
