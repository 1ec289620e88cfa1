"""A faithful in-memory Slack: the Web API the bot calls and the response_url endpoint.

Serve ``FakeSlack(...).app`` with ``standins.serve.serve_asgi``, set ``fake.base_url`` to the URL
it answers on, point the bot's ``AsyncWebClient(base_url=fake.api_url)`` at it, and drive the bot
with ``SlackDriver``. Errors are answered the way Slack answers them: HTTP 200 with
``{"ok": false, "error": ...}`` (HTTP 429 + ``Retry-After`` when rate limited).
"""

from __future__ import annotations

import asyncio
import base64
import copy
import itertools
import json
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route, WebSocketRoute

from bot.slack.app import BOT_SCOPES
from standins.slack.blockkit import Json, iter_elements
from standins.slack.socket_mode import SocketModeHub
from standins.slack.state import (
    ApiCall,
    Channel,
    Ephemeral,
    EventHub,
    Message,
    ResponsePost,
    ResponseUrl,
    Trigger,
    User,
    ViewRecord,
)
from standins.slack.validation import (
    MAX_MESSAGE_BLOCKS,
    MAX_MESSAGE_TEXT,
    block_problems,
    view_problems,
)

TRIGGER_TTL = 3.0
RESPONSE_URL_TTL = 30 * 60.0
RESPONSE_URL_MAX_USES = 5
MAX_VIEW_STACK = 3
APP_ID = "A0FAKEAPP"
#: the app-level token (connections:write) Socket Mode connects with
APP_TOKEN = "xapp-fake-app-level-token-for-tests"
BOT_ID = "B0BOT"
#: the bot scopes of app_manifest.yml (a real install grants what the manifest asks for)
DEFAULT_SCOPES = BOT_SCOPES

Handler = Callable[[Json], Json]


class SlackApiError(Exception):
    """Raised inside a method handler; answered as ``{"ok": false, "error": code}``."""

    def __init__(self, code: str, messages: list[str] | None = None) -> None:
        super().__init__(code)
        self.code = code
        self.messages = messages or []


def _truthy(value: Any) -> bool:
    return value in (True, 1, "1", "true", "True")


def _decode_json_args(args: Json) -> Json:
    for key in ("blocks", "attachments", "view", "unfurls", "metadata", "users"):
        value = args.get(key)
        if isinstance(value, str) and value[:1] in ("[", "{"):
            try:
                args[key] = json.loads(value)
            except json.JSONDecodeError as e:
                raise SlackApiError("invalid_arguments", [f"{key} is not valid JSON: {e}"]) from e
    return args


class FakeSlack:
    """In-memory Slack workspace + Web API. See INTERFACES.md for the agreed surface."""

    def __init__(
        self,
        *,
        signing_secret: str,
        bot_token: str = "xoxb-test-token",
        app_token: str = APP_TOKEN,
        team_id: str = "T0TEAM",
        bot_user_id: str = "U0BOT",
        app_url: str | None = None,
        base_url: str | None = None,
        chat_write_public: bool = True,
        client_id: str = "1111.2222",
        client_secret: str = "fake-client-secret",
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.signing_secret = signing_secret
        self.bot_token = bot_token
        self.app_token = app_token
        self.team_id = team_id
        self.team_domain = "fake-team"
        self.bot_user_id = bot_user_id
        self.bot_id = BOT_ID
        self.app_id = APP_ID
        self.app_url = app_url
        self.base_url = base_url
        self.chat_write_public = chat_write_public
        self.client_id = client_id
        self.client_secret = client_secret
        self.clock = clock
        self.trigger_ttl = TRIGGER_TTL

        self.calls: list[ApiCall] = []
        self.channels: dict[str, Channel] = {}
        self.users: dict[str, User] = {}
        self.ephemerals: list[Ephemeral] = []
        self.responses: list[ResponsePost] = []
        self.views: dict[str, ViewRecord] = {}
        self.home_views: dict[str, ViewRecord] = {}
        self.unfurls: list[Json] = []
        self.events = EventHub()
        #: Socket Mode: the connections the app opened and the envelopes sent on them
        self.socket_mode = SocketModeHub(app_id=self.app_id)
        self.valid_tokens: set[str] = {bot_token}
        #: what Slack sends as ``x-oauth-scopes`` on answers to token calls (the app's scopes)
        self.scopes: list[str] = list(DEFAULT_SCOPES)
        self.revoked_tokens: set[str] = set()

        self._messages: dict[str, list[Message]] = {}
        self._triggers: dict[str, Trigger] = {}
        self._response_urls: dict[str, ResponseUrl] = {}
        self._rate_limits: dict[str, list[float]] = {}
        #: method -> calls to hold on the way, as (seconds, which arguments) (``delay``)
        self._delays: dict[str, list[tuple[float, Callable[[Json], bool]]]] = {}
        self._stacks: dict[str, list[str]] = {}
        self._oauth_codes: dict[str, str] = {}
        self._ts_counter = itertools.count(1)
        self._id_counter = itertools.count(1)

        self._seed()
        self.app = Starlette(
            routes=[
                Route("/api/{method}", self._api_endpoint, methods=["GET", "POST"]),
                Route("/response/{token:path}", self._response_endpoint, methods=["POST"]),
                WebSocketRoute("/socket/{conn_id}", self.socket_mode.serve),
            ]
        )
        self._handlers: dict[str, Handler] = {
            "api.test": self._api_test,
            "apps.connections.open": self._apps_connections_open,
            "auth.test": self._auth_test,
            "team.info": self._team_info,
            "chat.postMessage": self._chat_post_message,
            "chat.postEphemeral": self._chat_post_ephemeral,
            "chat.update": self._chat_update,
            "chat.delete": self._chat_delete,
            "chat.getPermalink": self._chat_get_permalink,
            "chat.unfurl": self._chat_unfurl,
            "views.open": self._views_open,
            "views.push": self._views_push,
            "views.update": self._views_update,
            "views.publish": self._views_publish,
            "users.info": self._users_info,
            "conversations.info": self._conversations_info,
            "conversations.join": self._conversations_join,
            "conversations.replies": self._conversations_replies,
            "conversations.history": self._conversations_history,
            "conversations.open": self._conversations_open,
            "oauth.v2.access": self._oauth_v2_access,
            "usergroups.users.list": self._usergroups_users_list,
        }
        #: user group id -> member user ids (for usergroups.users.list)
        self.usergroups: dict[str, list[str]] = {}
        #: when True, oauth.v2.access hands out expiring tokens with refresh tokens (rotation)
        self.token_rotation = False
        #: expires_in (seconds) of a rotating token
        self.token_ttl = 43200
        self._refresh_tokens: dict[str, str] = {}

    # ------------------------------------------------------------------ seed & setup

    def _seed(self) -> None:
        self.add_user(User("U0ALICE", "alice", "Alice Martin", email="alice@example.com"))
        self.add_user(User("U0BOB", "bob", "Bob Durand", is_admin=True, email="bob@example.com"))
        self.add_user(User(self.bot_user_id, "leonar", "Leonar", is_bot=True))
        people = {"U0ALICE", "U0BOB"}
        self.add_channel(Channel("C0GENERAL", "general", members=people | {self.bot_user_id}))
        self.add_channel(
            Channel("C0PRIVATE", "secret-hiring", is_private=True, members=set(people))
        )
        self.add_channel(Channel("C0RANDOM", "random", members=set(people)))

    def add_user(self, user: User) -> User:
        self.users[user.id] = user
        return user

    def add_channel(self, channel: Channel) -> Channel:
        self.channels[channel.id] = channel
        self._messages.setdefault(channel.id, [])
        return channel

    def bot_in(self, channel_id: str) -> bool:
        """Whether the bot is a member of ``channel_id``."""
        channel = self.channels.get(channel_id)
        return channel is not None and self._bot_in(channel)

    @property
    def api_url(self) -> str:
        """The Web API base URL for ``AsyncWebClient(base_url=...)`` (ends with a slash)."""
        return f"{self._base()}/api/"

    def _base(self) -> str:
        if not self.base_url:
            raise RuntimeError("FakeSlack.base_url is not set; serve fake.app and set it first")
        return self.base_url.rstrip("/")

    def inject_rate_limit(self, method: str, times: int = 1, retry_after: float = 1) -> None:
        """The next ``times`` calls to ``method`` answer HTTP 429 with ``Retry-After``."""
        self._rate_limits.setdefault(method, []).extend([retry_after] * times)

    def delay(
        self,
        method: str,
        seconds: float,
        *,
        when: Callable[[Json], bool] = lambda _: True,
        times: int = 1,
    ) -> None:
        """The next ``times`` calls to ``method`` whose arguments ``when`` accepts reach Slack
        ``seconds`` late (a slow network leg): calls sent after them land first, as they can on
        the real Slack. ``calls`` records each call when it lands."""
        self._delays.setdefault(method, []).extend([(seconds, when)] * times)

    async def _travel(self, method: str, args: Json) -> None:
        pending = self._delays.get(method) or []
        for i, (seconds, when) in enumerate(pending):
            if when(args):
                del pending[i]
                await asyncio.sleep(seconds)
                return

    def revoke(self, token: str) -> None:
        self.valid_tokens.discard(token)
        self.revoked_tokens.add(token)

    # ------------------------------------------------------------------ ids & clocks

    def next_ts(self) -> str:
        micros = next(self._ts_counter) * 100
        return f"{1_700_000_000 + micros // 1_000_000}.{micros % 1_000_000:06d}"

    def _next_id(self, prefix: str) -> str:
        return f"{prefix}{next(self._id_counter):08X}"

    def _short_id(self) -> str:
        n = next(self._id_counter)
        alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
        out = ""
        while True:
            n, r = divmod(n, len(alphabet))
            out += alphabet[r]
            if n == 0:
                break
        return out.rjust(5, "1")  # "1" is not in the alphabet: ids stay unique

    def _fill_ids(self, blocks: list[Json]) -> list[Json]:
        """Give blocks and interactive elements the ids Slack generates when the app gave none."""
        blocks = copy.deepcopy(blocks)
        for block in blocks:
            if isinstance(block, dict) and "block_id" not in block:
                block["block_id"] = self._short_id()
        for _, element in iter_elements(blocks):
            if "action_id" not in element and element.get("type") not in ("image",):
                element["action_id"] = self._short_id()
        return blocks

    # ------------------------------------------------------------------ driver-facing helpers

    def new_trigger(self, user: str, *, view_id: str | None = None) -> str:
        trigger_id = f"{next(self._id_counter)}.{int(self.clock())}.{self._short_id()}fake"
        self._triggers[trigger_id] = Trigger(trigger_id, user, self.clock(), view_id=view_id)
        return trigger_id

    def new_response_url(
        self, channel: str, user: str, *, original: tuple[Any, str] | None = None
    ) -> str:
        token = f"{self.team_id}/{next(self._id_counter)}/{self._short_id()}"
        self._response_urls[token] = ResponseUrl(
            token, channel, user, self.clock(), original=original
        )
        return f"{self._base()}/response/{token}"

    def messages(self, channel: str, *, include_replies: bool = False) -> list[Message]:
        """Messages in ``channel`` oldest first (top level only unless ``include_replies``)."""
        return [
            m
            for m in self._messages.get(channel, [])
            if not m.deleted and (include_replies or not m.is_reply or m.reply_broadcast)
        ]

    def replies(self, channel: str, thread_ts: str) -> list[Message]:
        """Replies in a thread, oldest first (without the parent)."""
        return [
            m
            for m in self._messages.get(channel, [])
            if not m.deleted and m.is_reply and m.thread_ts == thread_ts
        ]

    def message(self, channel: str, ts: str) -> Message | None:
        for m in self._messages.get(channel, []):
            if m.ts == ts and not m.deleted:
                return m
        return None

    def all_messages(self) -> list[Message]:
        """Every live message in every channel, oldest first."""
        found = [m for ms in self._messages.values() for m in ms if not m.deleted]
        return sorted(found, key=lambda m: float(m.ts))

    def ephemerals_for(self, user: str, channel: str | None = None) -> list[Ephemeral]:
        return [
            e
            for e in self.ephemerals
            if e.user == user and not e.deleted and (channel is None or e.channel == channel)
        ]

    def modal_stack(self, user: str) -> list[ViewRecord]:
        return [self.views[v] for v in self._stacks.get(user, [])]

    def current_view(self, user: str) -> ViewRecord | None:
        """The modal ``user`` sees now (top of their stack), if any."""
        stack = self._stacks.get(user, [])
        return self.views[stack[-1]] if stack else None

    def post_user_message(
        self, channel: str, user: str, text: str, *, thread_ts: str | None = None
    ) -> Message:
        """A person writes in a channel (for driving Events API scenarios)."""
        if channel not in self.channels:
            raise KeyError(f"unknown channel {channel}")
        return self._store_message(channel, {"text": text, "thread_ts": thread_ts}, user=user)

    def new_oauth_code(self, user: str = "U0ALICE") -> str:
        code = f"code-{self._short_id()}{next(self._id_counter)}"
        self._oauth_codes[code] = user
        return code

    # view stack operations the driver applies from view_submission answers / closing

    def close_view(self, view_id: str) -> None:
        """Close ``view_id`` and every view pushed above it."""
        record = self.views.get(view_id)
        if record is None:
            return
        stack = self._stacks.get(record.user, [])
        if view_id in stack:
            for closed in stack[stack.index(view_id) :]:
                self.views[closed].closed = True
                self.events.publish("view_closed", {"view_id": closed, "user": record.user})
            del stack[stack.index(view_id) :]

    def clear_views(self, user: str) -> None:
        stack = self._stacks.get(user, [])
        if stack:
            self.close_view(stack[0])

    def replace_view(self, view_id: str, view: Json) -> ViewRecord:
        """``response_action: update`` / views.update: same id, new content and hash."""
        problems = view_problems(view)
        if problems:
            raise SlackApiError("invalid_arguments", problems)
        record = self.views[view_id]
        old_values = record.data.get("state", {}).get("values", {})
        record.data = self._view_object(
            view,
            view_id=view_id,
            root=record.data["root_view_id"],
            previous=record.data.get("previous_view_id"),
        )
        keep = {
            block["block_id"]: old_values[block["block_id"]]
            for block in record.blocks
            if block.get("type") == "input"
            and block.get("block_id") in old_values
            and isinstance(block.get("element"), dict)
            and block["element"].get("action_id") in old_values[block["block_id"]]
        }
        record.data["state"] = {"values": keep}
        self.events.publish("view_updated", {"view": record.data, "user": record.user})
        return record

    def push_view(self, user: str, view: Json) -> ViewRecord:
        problems = view_problems(view)
        if problems:
            raise SlackApiError("invalid_arguments", problems)
        if view.get("type") != "modal":
            raise SlackApiError("invalid_arguments", ["only modals can be pushed"])
        stack = self._stacks.get(user, [])
        if not stack:
            raise SlackApiError("invalid_arguments", ["no modal is open to push onto"])
        if len(stack) >= MAX_VIEW_STACK:
            raise SlackApiError("push_limit_reached")
        root = stack[0]
        record = self._new_view(user, view, root=root, previous=stack[-1])
        stack.append(record.id)
        return record

    # ------------------------------------------------------------------ HTTP: Web API

    async def _api_endpoint(self, request: Request) -> Response:
        method = request.path_params["method"]
        args: Json = dict(request.query_params)
        body = await request.body()
        content_type = request.headers.get("content-type", "")
        try:
            if body:
                if "application/json" in content_type:
                    parsed = json.loads(body)
                    if isinstance(parsed, dict):
                        args.update(parsed)
                else:
                    args.update(parse_qsl(body.decode(), keep_blank_values=True))
            token = self._token_of(request, args)
            args = _decode_json_args(args)
        except (json.JSONDecodeError, UnicodeDecodeError):
            call = ApiCall(method, args, None, {"ok": False, "error": "invalid_form_data"})
            self.calls.append(call)
            return JSONResponse(call.response)
        except SlackApiError as e:
            call = ApiCall(method, args, None, self._error_body(e))
            self.calls.append(call)
            return JSONResponse(call.response)
        basic_auth = request.headers.get("authorization", "")
        await self._travel(method, args)
        call = ApiCall(method, {k: v for k, v in args.items() if k != "token"}, token)
        self.calls.append(call)

        pending = self._rate_limits.get(method)
        if pending:
            retry_after = pending.pop(0)
            call.status = 429
            call.response = {"ok": False, "error": "ratelimited"}
            return JSONResponse(
                call.response, status_code=429, headers={"Retry-After": str(int(retry_after))}
            )
        handler = self._handlers.get(method)
        try:
            if handler is None:
                raise SlackApiError("unknown_method")
            if method == "oauth.v2.access":
                self._check_client_auth(args, basic_auth)
            elif method == "apps.connections.open":
                self._check_app_token(token)
            elif method != "api.test":
                self._check_token(token)
            call.response = {"ok": True, **handler(args)}
        except SlackApiError as e:
            call.response = self._error_body(e)
        if token in self.valid_tokens:
            return JSONResponse(call.response, headers={"x-oauth-scopes": ",".join(self.scopes)})
        return JSONResponse(call.response)

    @staticmethod
    def _error_body(e: SlackApiError) -> Json:
        body: Json = {"ok": False, "error": e.code}
        if e.messages:
            body["errors"] = list(e.messages)
            body["response_metadata"] = {"messages": [f"[ERROR] {m}" for m in e.messages]}
        return body

    @staticmethod
    def _token_of(request: Request, args: Json) -> str | None:
        auth = request.headers.get("authorization", "")
        if auth.lower().startswith("bearer "):
            return auth[7:].strip() or None
        token = args.get("token")
        return str(token) if token else None

    def _check_token(self, token: str | None) -> None:
        if not token:
            raise SlackApiError("not_authed")
        if token in self.revoked_tokens:
            raise SlackApiError("token_revoked")
        if token not in self.valid_tokens:
            raise SlackApiError("invalid_auth")

    def _check_app_token(self, token: str | None) -> None:
        """apps.connections.open takes the app-level token only."""
        if not token:
            raise SlackApiError("not_authed")
        if token != self.app_token:
            known = token in self.valid_tokens or token in self.revoked_tokens
            raise SlackApiError("not_allowed_token_type" if known else "invalid_auth")

    def _check_client_auth(self, args: Json, authorization: str) -> None:
        client_id, client_secret = args.get("client_id"), args.get("client_secret")
        if authorization.lower().startswith("basic "):
            decoded = base64.b64decode(authorization[6:]).decode()
            client_id, _, client_secret = decoded.partition(":")
        if client_id != self.client_id:
            raise SlackApiError("invalid_client_id")
        if client_secret != self.client_secret:
            raise SlackApiError("bad_client_secret")

    # ------------------------------------------------------------------ channel helpers

    def _bot_in(self, channel: Channel) -> bool:
        return self.bot_user_id in channel.members

    def _resolve_channel(self, raw: Any) -> Channel:
        if not raw:
            raise SlackApiError("channel_not_found")
        key = str(raw)
        if key in self.channels:
            return self.channels[key]
        if key in self.users:
            return self._im_with(key)
        name = key.lstrip("#")
        for channel in self.channels.values():
            if not channel.is_im and channel.name == name:
                return channel
        raise SlackApiError("channel_not_found")

    def _visible_channel(self, raw: Any) -> Channel:
        """A channel the bot can see (private channels it is not in do not exist for it)."""
        channel = self._resolve_channel(raw)
        if (channel.is_private or channel.is_im) and not self._bot_in(channel):
            raise SlackApiError("channel_not_found")
        return channel

    def _im_with(self, user: str) -> Channel:
        for channel in self.channels.values():
            if channel.is_im and channel.members == {user, self.bot_user_id}:
                return channel
        return self.add_channel(
            Channel(f"D0{user[1:]}", user, is_im=True, members={user, self.bot_user_id})
        )

    def _postable_channel(self, raw: Any) -> Channel:
        channel = self._visible_channel(raw)
        if channel.is_archived:
            raise SlackApiError("is_archived")
        if not self._bot_in(channel) and not self.chat_write_public:
            raise SlackApiError("not_in_channel")
        return channel

    # ------------------------------------------------------------------ message helpers

    def _check_content(self, args: Json, *, require: bool = True) -> None:
        text = args.get("text")
        blocks = args.get("blocks")
        attachments = args.get("attachments")
        if require and not text and not blocks and not attachments:
            raise SlackApiError("no_text")
        if isinstance(text, str) and len(text) > MAX_MESSAGE_TEXT:
            raise SlackApiError("msg_too_long")
        if blocks is not None:
            problems = block_problems(blocks, max_blocks=MAX_MESSAGE_BLOCKS)
            if problems:
                raise SlackApiError("invalid_blocks", problems)
        if isinstance(attachments, list) and len(attachments) > 100:
            raise SlackApiError("too_many_attachments")

    def _store_message(
        self, channel_id: str, args: Json, *, user: str, bot_id: str | None = None
    ) -> Message:
        thread_ts = args.get("thread_ts") or None
        parent: Message | None = None
        if thread_ts:
            parent = self.message(channel_id, str(thread_ts))
            if parent is None:
                raise SlackApiError("thread_not_found")
            if parent.is_reply and parent.thread_ts:
                parent = self.message(channel_id, parent.thread_ts) or parent
        message = Message(
            channel=channel_id,
            ts=self.next_ts(),
            text=str(args.get("text") or ""),
            blocks=self._fill_ids(list(args.get("blocks") or [])),
            user=user,
            bot_id=bot_id,
            thread_ts=parent.ts if parent else None,
            attachments=list(args.get("attachments") or []),
            metadata=args.get("metadata") if isinstance(args.get("metadata"), dict) else None,
            reply_broadcast=_truthy(args.get("reply_broadcast")),
        )
        self._messages.setdefault(channel_id, []).append(message)
        if parent is not None:
            parent.thread_ts = parent.ts
            parent.reply_count += 1
            parent.latest_reply = message.ts
            if user not in parent.reply_users:
                parent.reply_users.append(user)
        self.events.publish("message", message.to_api(self.team_id) | {"channel": channel_id})
        return message

    def _bot_message(self, channel: Channel, ts: Any, *, action: str) -> Message:
        message = self.message(channel.id, str(ts or ""))
        if message is None:
            raise SlackApiError("message_not_found")
        if message.user != self.bot_user_id:
            raise SlackApiError(f"cant_{action}_message")
        return message

    def _update_message(self, message: Message, args: Json) -> None:
        if "text" in args:
            message.text = str(args.get("text") or "")
        if "blocks" in args and args["blocks"] is not None:
            message.blocks = self._fill_ids(list(args["blocks"]))
        if "attachments" in args and args["attachments"] is not None:
            message.attachments = list(args["attachments"])
        if isinstance(args.get("metadata"), dict):
            message.metadata = args["metadata"]
        message.edited = True
        self.events.publish(
            "message_changed", message.to_api(self.team_id) | {"channel": message.channel}
        )

    def _delete_message(self, message: Message) -> None:
        message.deleted = True
        self.events.publish("message_deleted", {"channel": message.channel, "ts": message.ts})

    # ------------------------------------------------------------------ Web API methods

    def _api_test(self, args: Json) -> Json:
        return {"args": args} if args else {}

    def _apps_connections_open(self, _args: Json) -> Json:
        return {"url": self.socket_mode.open_url(self._base())}

    def _auth_test(self, _args: Json) -> Json:
        return {
            "url": f"https://{self.team_domain}.slack.com/",
            "team": "Fake Team",
            "user": "leonar",
            "team_id": self.team_id,
            "user_id": self.bot_user_id,
            "bot_id": self.bot_id,
            "is_enterprise_install": False,
        }

    def _team_info(self, _args: Json) -> Json:
        return {"team": {"id": self.team_id, "name": "Fake Team", "domain": self.team_domain}}

    def _chat_post_message(self, args: Json) -> Json:
        channel = self._postable_channel(args.get("channel"))
        self._check_content(args)
        message = self._store_message(channel.id, args, user=self.bot_user_id, bot_id=self.bot_id)
        return {"channel": channel.id, "ts": message.ts, "message": message.to_api(self.team_id)}

    def _chat_post_ephemeral(self, args: Json) -> Json:
        channel = self._postable_channel(args.get("channel"))
        user = str(args.get("user") or "")
        if user not in self.users:
            raise SlackApiError("user_not_found")
        if user not in channel.members:
            raise SlackApiError("user_not_in_channel")
        self._check_content(args)
        ephemeral = Ephemeral(
            channel=channel.id,
            user=user,
            ts=self.next_ts(),
            text=str(args.get("text") or ""),
            blocks=self._fill_ids(list(args.get("blocks") or [])),
            thread_ts=args.get("thread_ts") or None,
        )
        self.ephemerals.append(ephemeral)
        self.events.publish(
            "ephemeral", {"channel": channel.id, "user": user, **ephemeral.to_api()}
        )
        return {"message_ts": ephemeral.ts}

    def _chat_update(self, args: Json) -> Json:
        channel = self._visible_channel(args.get("channel"))
        message = self._bot_message(channel, args.get("ts"), action="update")
        self._check_content(args, require=False)
        self._update_message(message, args)
        return {
            "channel": channel.id,
            "ts": message.ts,
            "text": message.text,
            "message": message.to_api(self.team_id),
        }

    def _chat_delete(self, args: Json) -> Json:
        channel = self._visible_channel(args.get("channel"))
        message = self._bot_message(channel, args.get("ts"), action="delete")
        self._delete_message(message)
        return {"channel": channel.id, "ts": message.ts}

    def _chat_get_permalink(self, args: Json) -> Json:
        channel = self._visible_channel(args.get("channel"))
        message = self.message(channel.id, str(args.get("message_ts") or ""))
        if message is None:
            raise SlackApiError("message_not_found")
        link = f"https://{self.team_domain}.slack.com/archives/{channel.id}/p{message.ts.replace('.', '')}"
        if message.is_reply:
            link += f"?thread_ts={message.thread_ts}&cid={channel.id}"
        return {"channel": channel.id, "permalink": link}

    def _chat_unfurl(self, args: Json) -> Json:
        unfurls = args.get("unfurls")
        if not isinstance(unfurls, dict):
            raise SlackApiError("invalid_unfurls_format")
        for url, unfurl in unfurls.items():
            if isinstance(unfurl, dict) and "blocks" in unfurl:
                problems = block_problems(
                    unfurl["blocks"], max_blocks=MAX_MESSAGE_BLOCKS, path=f"/unfurls/{url}/blocks"
                )
                if problems:
                    raise SlackApiError("invalid_unfurls_format", problems)
        channel = self._visible_channel(args.get("channel"))
        message = self.message(channel.id, str(args.get("ts") or ""))
        if message is None:
            raise SlackApiError("cannot_find_message")
        message.unfurls = {**(message.unfurls or {}), **unfurls}
        record = {"channel": channel.id, "ts": message.ts, "unfurls": unfurls}
        self.unfurls.append(record)
        self.events.publish("unfurl", record)
        return {}

    def _exchange_trigger(self, trigger_id: Any) -> Trigger:
        trigger = self._triggers.get(str(trigger_id or ""))
        if trigger is None:
            raise SlackApiError("invalid_trigger_id")
        if trigger.used or self.clock() - trigger.created_at > self.trigger_ttl:
            raise SlackApiError("expired_trigger_id")
        return trigger

    def _view_object(self, view: Json, *, view_id: str, root: str, previous: str | None) -> Json:
        return {
            "id": view_id,
            "team_id": self.team_id,
            "type": view.get("type"),
            "blocks": self._fill_ids(list(view.get("blocks") or [])),
            "private_metadata": view.get("private_metadata") or "",
            "callback_id": view.get("callback_id") or "",
            "state": {"values": {}},
            "hash": f"{int(self.clock())}.{self._short_id()}{next(self._id_counter)}",
            "title": copy.deepcopy(view.get("title")),
            "clear_on_close": bool(view.get("clear_on_close", False)),
            "notify_on_close": bool(view.get("notify_on_close", False)),
            "close": copy.deepcopy(view.get("close")),
            "submit": copy.deepcopy(view.get("submit")),
            "previous_view_id": previous,
            "root_view_id": root,
            "app_id": self.app_id,
            "external_id": view.get("external_id") or "",
            "app_installed_team_id": self.team_id,
            "bot_id": self.bot_id,
        }

    def _new_view(
        self, user: str, view: Json, *, root: str | None, previous: str | None
    ) -> ViewRecord:
        external_id = view.get("external_id")
        if external_id and any(
            v.data.get("external_id") == external_id and not v.closed for v in self.views.values()
        ):
            raise SlackApiError("duplicate_external_id")
        view_id = self._next_id("V")
        record = ViewRecord(
            view_id,
            user,
            self._view_object(view, view_id=view_id, root=root or view_id, previous=previous),
        )
        self.views[view_id] = record
        self.events.publish("view_opened", {"view": record.data, "user": user})
        return record

    def _views_open(self, args: Json) -> Json:
        trigger = self._exchange_trigger(args.get("trigger_id"))
        view = args.get("view")
        problems = view_problems(view)
        if problems:
            raise SlackApiError("invalid_arguments", problems)
        assert isinstance(view, dict)
        if view.get("type") != "modal":
            raise SlackApiError("invalid_arguments", ["must be modal [json-pointer:/view/type]"])
        record = self._new_view(trigger.user, view, root=None, previous=None)
        trigger.used = True
        for old in self._stacks.get(trigger.user, []):
            self.views[old].closed = True
        self._stacks[trigger.user] = [record.id]
        return {"view": copy.deepcopy(record.data)}

    def _views_push(self, args: Json) -> Json:
        trigger = self._exchange_trigger(args.get("trigger_id"))
        view = args.get("view")
        if not isinstance(view, dict):
            raise SlackApiError("invalid_arguments", ["view is required"])
        record = self.push_view(trigger.user, view)
        trigger.used = True
        return {"view": copy.deepcopy(record.data)}

    def _views_update(self, args: Json) -> Json:
        view_id, external_id = args.get("view_id"), args.get("external_id")
        if not view_id and not external_id:
            raise SlackApiError("invalid_arguments", ["view_id or external_id is required"])
        record: ViewRecord | None = None
        if view_id:
            record = self.views.get(str(view_id))
        else:
            record = next(
                (v for v in self.views.values() if v.data.get("external_id") == external_id), None
            )
        if record is None or record.closed:
            raise SlackApiError("not_found")
        expected = args.get("hash")
        if expected and expected != record.data.get("hash"):
            raise SlackApiError("hash_conflict")
        view = args.get("view")
        if not isinstance(view, dict):
            raise SlackApiError("invalid_arguments", ["view is required"])
        if view.get("type") != record.type:
            raise SlackApiError("invalid_arguments", ["view type cannot change"])
        if record.type == "home":
            record = self._publish_home(record.user, view)
        else:
            record = self.replace_view(record.id, view)
        return {"view": copy.deepcopy(record.data)}

    def _publish_home(self, user: str, view: Json) -> ViewRecord:
        problems = view_problems(view)
        if problems:
            raise SlackApiError("invalid_arguments", problems)
        existing = self.home_views.get(user)
        view_id = existing.id if existing else self._next_id("V")
        record = ViewRecord(
            view_id, user, self._view_object(view, view_id=view_id, root=view_id, previous=None)
        )
        self.home_views[user] = record
        self.views[view_id] = record
        self.events.publish("home_published", {"view": record.data, "user": user})
        return record

    def _views_publish(self, args: Json) -> Json:
        user = str(args.get("user_id") or "")
        if user not in self.users:
            raise SlackApiError("user_not_found")
        view = args.get("view")
        if not isinstance(view, dict) or view.get("type") != "home":
            raise SlackApiError("invalid_arguments", ["must be home [json-pointer:/view/type]"])
        existing = self.home_views.get(user)
        expected = args.get("hash")
        if expected and existing and expected != existing.data.get("hash"):
            raise SlackApiError("hash_conflict")
        return {"view": copy.deepcopy(self._publish_home(user, view).data)}

    def _users_info(self, args: Json) -> Json:
        user = self.users.get(str(args.get("user") or ""))
        if user is None:
            raise SlackApiError("user_not_found")
        return {"user": user.to_api(self.team_id)}

    def _conversations_info(self, args: Json) -> Json:
        channel = self._visible_channel(args.get("channel"))
        return {"channel": channel.to_api() | {"is_member": self._bot_in(channel)}}

    def _conversations_join(self, args: Json) -> Json:
        channel = self._visible_channel(args.get("channel"))
        if channel.is_private or channel.is_im:
            raise SlackApiError("method_not_supported_for_channel_type")
        if channel.is_archived:
            raise SlackApiError("is_archived")
        already = self._bot_in(channel)
        channel.members.add(self.bot_user_id)
        body: Json = {"channel": channel.to_api() | {"is_member": True}}
        if already:
            body["warning"] = "already_in_channel"
        return body

    def _conversations_replies(self, args: Json) -> Json:
        channel = self._visible_channel(args.get("channel"))
        if not self._bot_in(channel):
            raise SlackApiError("not_in_channel")
        parent = self.message(channel.id, str(args.get("ts") or ""))
        if parent is None:
            raise SlackApiError("thread_not_found")
        root = (
            self.message(channel.id, parent.thread_ts)
            if parent.is_reply and parent.thread_ts
            else parent
        )
        assert root is not None
        thread = [root, *self.replies(channel.id, root.ts)]
        return {"messages": [m.to_api(self.team_id) for m in thread], "has_more": False}

    def _conversations_history(self, args: Json) -> Json:
        channel = self._visible_channel(args.get("channel"))
        if not self._bot_in(channel):
            raise SlackApiError("not_in_channel")
        messages = list(reversed(self.messages(channel.id)))
        return {"messages": [m.to_api(self.team_id) for m in messages], "has_more": False}

    def _conversations_open(self, args: Json) -> Json:
        users = args.get("users")
        if isinstance(users, list):
            users = ",".join(str(u) for u in users)
        ids = [u for u in str(users or "").split(",") if u]
        if len(ids) != 1:
            raise SlackApiError("invalid_arguments", ["exactly one user is supported by the fake"])
        if ids[0] not in self.users:
            raise SlackApiError("user_not_found")
        return {"channel": {"id": self._im_with(ids[0]).id}}

    def _usergroups_users_list(self, args: Json) -> Json:
        group = str(args.get("usergroup") or "")
        if group not in self.usergroups:
            raise SlackApiError("no_such_subteam")
        return {"users": list(self.usergroups[group])}

    def _rotating_token(self) -> Json:
        bot_token = f"xoxe.xoxb-rotated-{self._short_id()}{next(self._id_counter)}"
        refresh = f"xoxe-1-refresh-{self._short_id()}{next(self._id_counter)}"
        self.valid_tokens.add(bot_token)
        self._refresh_tokens[refresh] = bot_token
        return {"access_token": bot_token, "refresh_token": refresh, "expires_in": self.token_ttl}

    def _oauth_v2_access(self, args: Json) -> Json:
        if args.get("grant_type") == "refresh_token":
            old = self._refresh_tokens.pop(str(args.get("refresh_token") or ""), None)
            if old is None:
                raise SlackApiError("invalid_refresh_token")
            return {"token_type": "bot", "scope": "commands,chat:write", **self._rotating_token()}
        code = str(args.get("code") or "")
        user = self._oauth_codes.pop(code, None)
        if user is None:
            raise SlackApiError("invalid_code")
        if self.token_rotation:
            rotating = self._rotating_token()
            bot_token = str(rotating["access_token"])
        else:
            rotating = {}
            bot_token = f"xoxb-installed-{self._short_id()}{next(self._id_counter)}"
        self.valid_tokens.add(bot_token)
        return {
            **rotating,
            "access_token": bot_token,
            "token_type": "bot",
            "scope": "commands,chat:write,chat:write.public,users:read,links:read,links:write",
            "bot_user_id": self.bot_user_id,
            "app_id": self.app_id,
            "team": {"id": self.team_id, "name": "Fake Team"},
            "enterprise": None,
            "is_enterprise_install": False,
            "authed_user": {"id": user},
        }

    # ------------------------------------------------------------------ response_url

    async def _response_endpoint(self, request: Request) -> Response:
        token = request.path_params["token"]
        raw = await request.body()
        try:
            body = json.loads(raw) if raw else {}
        except json.JSONDecodeError:
            body = dict(parse_qsl(raw.decode(errors="replace")))
        if not isinstance(body, dict):
            body = {}
        status, answer = self.apply_response(token, body)
        self.responses.append(ResponsePost(token, body, status, answer))
        return PlainTextResponse(answer, status_code=status)

    def apply_response(self, token: str, body: Json, *, count_use: bool = True) -> tuple[int, str]:
        """Apply one response_url post (or a command's HTTP answer when ``count_use`` is False)."""
        url = self._response_urls.get(token)
        if url is None:
            return 404, "invalid_token"
        if self.clock() - url.created_at > RESPONSE_URL_TTL:
            return 404, "expired_url"
        if count_use and url.uses >= RESPONSE_URL_MAX_USES:
            return 404, "used_url"
        try:
            body = _decode_json_args(dict(body))
        except SlackApiError:
            return 400, "invalid_blocks"
        if _truthy(body.get("delete_original")):
            if count_use:
                url.uses += 1
            if url.original is None or not self._delete_original(url):
                return 404, "message_not_found"
            return 200, "ok"
        try:
            self._check_content(body)
        except SlackApiError as e:
            return 400, e.code
        if count_use:
            url.uses += 1
        if _truthy(body.get("replace_original")) and url.original is not None:
            if self._replace_original(url, body):
                return 200, "ok"
            return 404, "message_not_found"
        if body.get("response_type") == "in_channel":
            message = self._store_message(
                url.channel, body, user=self.bot_user_id, bot_id=self.bot_id
            )
            url.original = url.original or ("message", message.ts)
        else:
            ephemeral = Ephemeral(
                channel=url.channel,
                user=url.user,
                ts=self.next_ts(),
                text=str(body.get("text") or ""),
                blocks=self._fill_ids(list(body.get("blocks") or [])),
                thread_ts=body.get("thread_ts") or None,
                source="response_url",
            )
            self.ephemerals.append(ephemeral)
            url.original = url.original or ("ephemeral", ephemeral.ts)
            self.events.publish(
                "ephemeral", {"channel": url.channel, "user": url.user, **ephemeral.to_api()}
            )
        return 200, "ok"

    def _find_ephemeral(self, url: ResponseUrl, ts: str) -> Ephemeral | None:
        return next((e for e in self.ephemerals if e.ts == ts and e.user == url.user), None)

    def _delete_original(self, url: ResponseUrl) -> bool:
        assert url.original is not None
        kind, ts = url.original
        if kind == "message":
            message = self.message(url.channel, ts)
            if message is None:
                return False
            self._delete_message(message)
            return True
        ephemeral = self._find_ephemeral(url, ts)
        if ephemeral is None or ephemeral.deleted:
            return False
        ephemeral.deleted = True
        self.events.publish("message_deleted", {"channel": url.channel, "ts": ts, "user": url.user})
        return True

    def _replace_original(self, url: ResponseUrl, body: Json) -> bool:
        assert url.original is not None
        kind, ts = url.original
        if kind == "message":
            message = self.message(url.channel, ts)
            if message is None:
                return False
            self._update_message(
                message, {"text": body.get("text"), "blocks": body.get("blocks") or []}
            )
            return True
        ephemeral = self._find_ephemeral(url, ts)
        if ephemeral is None or ephemeral.deleted:
            return False
        ephemeral.text = str(body.get("text") or "")
        ephemeral.blocks = self._fill_ids(list(body.get("blocks") or []))
        self.events.publish(
            "ephemeral", {"channel": url.channel, "user": url.user, **ephemeral.to_api()}
        )
        return True
