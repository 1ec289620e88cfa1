"""Drive a Slack app over HTTP the way Slack and a person would.

Requests are signed like Slack signs them (v0 HMAC-SHA256 over ``v0:{timestamp}:{body}``) and
carry Slack's real payload shapes. Modals are tracked in the ``FakeSlack``; what the app answers
in its HTTP response (command replies, ``response_action``) is applied like Slack applies it.
``socket_command`` sends a slash command through the fake's Socket Mode instead (the app
connected with ``apps.connections.open``) and applies the payload of its ack the same way.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import urlencode

import httpx
from slack_sdk.signature import SignatureVerifier

from standins.slack.blockkit import (
    Json,
    find_element,
    find_input,
    input_blocks,
    iter_elements,
    options_of,
    pick_option,
    text_of,
)
from standins.slack.fake import FakeSlack, SlackApiError
from standins.slack.socket_mode import SocketAck
from standins.slack.state import Ephemeral, Message, ViewRecord

T = TypeVar("T")

ACK_DEADLINE = 3.0
TEXT_ELEMENTS = ("plain_text_input", "email_text_input", "url_text_input", "number_input")
SINGLE_OPTION = ("static_select", "external_select", "radio_buttons")
MULTI_OPTION = ("multi_static_select", "multi_external_select", "checkboxes")
EXTERNAL = ("external_select", "multi_external_select")
# element type -> (state key, initial key, empty value)
PICKERS: dict[str, tuple[str, str, Any]] = {
    "users_select": ("selected_user", "initial_user", None),
    "multi_users_select": ("selected_users", "initial_users", []),
    "conversations_select": ("selected_conversation", "initial_conversation", None),
    "multi_conversations_select": ("selected_conversations", "initial_conversations", []),
    "channels_select": ("selected_channel", "initial_channel", None),
    "multi_channels_select": ("selected_channels", "initial_channels", []),
    "datepicker": ("selected_date", "initial_date", None),
    "timepicker": ("selected_time", "initial_time", None),
    "datetimepicker": ("selected_date_time", "initial_date_time", None),
}
REQUIRED_MESSAGE = "Please complete this required field."


class SlackProtocolError(AssertionError):
    """The app answered something real Slack would refuse (shown to the person as an error)."""


@dataclass
class SubmitResult:
    """What happened when a person pressed Submit on a modal."""

    status: int  # HTTP status of the app's answer; 0 when Slack's client refused to send
    errors: dict[str, str] = field(default_factory=dict)  # input label -> message under it
    response_action: str | None = None
    response: httpx.Response | None = None
    view: ViewRecord | None = None  # the modal the person sees afterwards (None: all closed)

    @property
    def closed(self) -> bool:
        return self.view is None


def _state_entry(element: Json, picked: Any) -> Json:
    kind = str(element.get("type"))
    entry: Json = {"type": kind}
    if kind in TEXT_ELEMENTS:
        entry["value"] = picked
    elif kind in SINGLE_OPTION:
        entry["selected_option"] = picked
    elif kind in MULTI_OPTION:
        entry["selected_options"] = picked if picked is not None else []
    elif kind in PICKERS:
        key, _, empty = PICKERS[kind]
        entry[key] = picked if picked is not None else empty
    elif kind == "rich_text_input":
        entry["rich_text_value"] = picked
    else:
        entry["value"] = picked
    return entry


def _initial_entry(element: Json) -> Json:
    kind = str(element.get("type"))
    if kind in TEXT_ELEMENTS:
        return _state_entry(element, element.get("initial_value"))
    if kind in SINGLE_OPTION:
        return _state_entry(element, element.get("initial_option"))
    if kind in MULTI_OPTION:
        return _state_entry(element, list(element.get("initial_options") or []))
    if kind in PICKERS:
        return _state_entry(element, element.get(PICKERS[kind][1]))
    if kind == "rich_text_input":
        return _state_entry(element, element.get("initial_value"))
    return _state_entry(element, None)


def _is_empty(entry: Json) -> bool:
    values = [v for k, v in entry.items() if k != "type"]
    return all(v in (None, "", []) for v in values)


def _client_side_error(element: Json, entry: Json) -> str | None:
    """What Slack's client shows under an input before sending anything to the app."""
    kind = element.get("type")
    value = entry.get("value")
    if not isinstance(value, str) or value == "":
        return None
    if kind == "plain_text_input":
        if "min_length" in element and len(value) < int(element["min_length"]):
            return f"Please enter at least {element['min_length']} characters."
        if "max_length" in element and len(value) > int(element["max_length"]):
            return f"Please enter no more than {element['max_length']} characters."
    if kind == "number_input":
        try:
            number = float(value)
        except ValueError:
            return "Please enter a number."
        if not element.get("is_decimal_allowed") and not number.is_integer():
            return "Please enter a whole number."
        if "min_value" in element and number < float(element["min_value"]):
            return f"Please enter a number at least {element['min_value']}."
        if "max_value" in element and number > float(element["max_value"]):
            return f"Please enter a number no more than {element['max_value']}."
    if kind == "email_text_input" and "@" not in value:
        return "Please enter a valid email address."
    return None


class SlackDriver:
    """Signed Slack requests to ``fake.app_url`` plus person-like helpers (see INTERFACES.md)."""

    def __init__(self, fake: FakeSlack, http: httpx.AsyncClient, *, user: str = "U0ALICE") -> None:
        self.fake = fake
        self.http = http
        self.user = user
        self.verifier = SignatureVerifier(fake.signing_secret)
        self.verification_token = "fake-verification-token"
        self.late_acks: list[str] = []  # requests the app answered after Slack's 3 s deadline
        self._event_counter = 0

    # ------------------------------------------------------------------ transport

    def sign(self, body: str, timestamp: str | None = None) -> dict[str, str]:
        timestamp = timestamp or str(int(time.time()))
        signature = self.verifier.generate_signature(timestamp=timestamp, body=body)
        if signature is None:
            raise RuntimeError("cannot sign without a signing secret")
        return {"X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": signature}

    async def send(
        self,
        body: str,
        *,
        content_type: str,
        headers: Mapping[str, str] | None = None,
        what: str = "request",
    ) -> httpx.Response:
        """POST a raw body to the app, signed; records answers later than Slack's deadline."""
        if not self.fake.app_url:
            raise RuntimeError("FakeSlack.app_url is not set (the app's /slack/events URL)")
        all_headers = {"Content-Type": content_type, **self.sign(body), **(headers or {})}
        started = time.monotonic()
        response = await self.http.post(
            self.fake.app_url, content=body.encode(), headers=all_headers
        )
        if time.monotonic() - started > ACK_DEADLINE:
            self.late_acks.append(what)
        return response

    async def send_payload(self, payload: Json, *, what: str) -> httpx.Response:
        body = urlencode({"payload": json.dumps(payload)})
        return await self.send(body, content_type="application/x-www-form-urlencoded", what=what)

    # ------------------------------------------------------------------ common pieces

    def _user(self, user_id: str) -> Json:
        user = self.fake.users.get(user_id)
        name = user.name if user else user_id.lower()
        return {"id": user_id, "username": name, "name": name, "team_id": self.fake.team_id}

    def _team(self) -> Json:
        return {"id": self.fake.team_id, "domain": self.fake.team_domain}

    def _channel(self, channel_id: str) -> Json:
        channel = self.fake.channels.get(channel_id)
        if channel is None:
            return {"id": channel_id, "name": channel_id}
        return {"id": channel_id, "name": "directmessage" if channel.is_im else channel.name}

    def _base(self, kind: str, user: str) -> Json:
        return {
            "type": kind,
            "user": self._user(user),
            "api_app_id": self.fake.app_id,
            "token": self.verification_token,
            "team": self._team(),
            "enterprise": None,
            "is_enterprise_install": False,
        }

    @staticmethod
    def _action_ts() -> str:
        return f"{time.time():.6f}"

    @staticmethod
    def _url_token(url: str) -> str:
        return url.split("/response/", 1)[1]

    # ------------------------------------------------------------------ slash commands

    def _command_fields(self, command: str, text: str, user: str, channel: str) -> Json:
        """What Slack sends for ``/command text`` typed by ``user`` in ``channel`` (the form
        fields over HTTP, the envelope's payload in Socket Mode)."""
        if channel not in self.fake.channels:
            raise KeyError(f"unknown channel {channel}")
        person = self.fake.users.get(user)
        return {
            "token": self.verification_token,
            "team_id": self.fake.team_id,
            "team_domain": self.fake.team_domain,
            "channel_id": channel,
            "channel_name": self._channel(channel)["name"],
            "user_id": user,
            "user_name": person.name if person else user.lower(),
            "command": command,
            "text": text,
            "api_app_id": self.fake.app_id,
            "is_enterprise_install": "false",
            "response_url": self.fake.new_response_url(channel, user),
            "trigger_id": self.fake.new_trigger(user),
        }

    def _show_immediate_answer(self, response_url: str, answer: Any) -> None:
        """A command's answer in its ack is shown like a response_url post."""
        if isinstance(answer, dict):
            self.fake.apply_response(self._url_token(response_url), answer, count_use=False)

    async def command(
        self, command: str, text: str = "", *, user: str | None = None, channel: str = "C0GENERAL"
    ) -> httpx.Response:
        """Type ``/command text`` in ``channel``; an immediate answer in the HTTP body is shown."""
        fields = self._command_fields(command, text, user or self.user, channel)
        response = await self.send(
            urlencode(fields), content_type="application/x-www-form-urlencoded", what=command
        )
        if response.status_code == 200 and response.content.strip():
            try:
                answer = response.json()
            except ValueError:
                answer = {"text": response.text}
            self._show_immediate_answer(fields["response_url"], answer)
        return response

    async def socket_command(
        self,
        command: str,
        text: str = "",
        *,
        user: str | None = None,
        channel: str = "C0GENERAL",
        timeout: float = 10.0,
    ) -> SocketAck:
        """Type ``/command text`` in ``channel`` with the app in Socket Mode: the command goes
        through the app's open socket (``slash_commands`` envelope) and this returns the app's
        ack; a payload in the ack is shown like the HTTP answer. Raises TimeoutError when no ack
        comes within ``timeout`` seconds; an ack later than Slack's deadline is in late_acks."""
        fields = self._command_fields(command, text, user or self.user, channel)
        acked = self.fake.socket_mode.deliver("slash_commands", fields)
        ack = await asyncio.wait_for(acked, timeout)
        if ack.seconds > ACK_DEADLINE:
            self.late_acks.append(command)
        if ack.payload:
            self._show_immediate_answer(fields["response_url"], ack.payload)
        return ack

    # ------------------------------------------------------------------ finding things

    def _find_in_message(
        self,
        target: str,
        message: Message | Ephemeral | str | None,
        user: str,
        types: tuple[str, ...] | None,
    ) -> tuple[Message | Ephemeral, Json, Json] | None:
        candidates: list[Message | Ephemeral]
        if isinstance(message, (Message, Ephemeral)):
            candidates = [message]
        else:
            mine: list[Message | Ephemeral] = list(self.fake.ephemerals_for(user))
            everything = mine + list(self.fake.all_messages())
            everything.sort(key=lambda m: float(m.ts), reverse=True)
            candidates = [m for m in everything if message is None or m.ts == message]
        for candidate in candidates:
            found = find_element(candidate.blocks, target, types=types)
            if found:
                return candidate, found[0], found[1]
        return None

    def _view(self, view_id: str) -> ViewRecord:
        record = self.fake.views.get(view_id)
        if record is None:
            raise KeyError(f"no view {view_id}")
        if record.closed:
            raise SlackProtocolError(f"view {view_id} is closed; a person cannot act on it")
        return record

    def _view_payload(self, record: ViewRecord) -> Json:
        data = json.loads(json.dumps(record.data))
        data["state"] = {"values": self._full_state(record)}
        return dict(data)

    def _full_state(self, record: ViewRecord) -> Json:
        """state.values as Slack sends it: every input block, initial values where untouched."""
        values: Json = {}
        stored = record.data.get("state", {}).get("values", {})
        for block in input_blocks(record.blocks):
            element = block.get("element") or {}
            block_id, action_id = str(block.get("block_id")), str(element.get("action_id"))
            entry = stored.get(block_id, {}).get(action_id) or _initial_entry(element)
            values[block_id] = {action_id: entry}
        for block_id, actions in stored.items():
            values.setdefault(block_id, dict(actions))
        return values

    def _action(self, block: Json, element: Json, **selected: Any) -> Json:
        action: Json = {
            "type": element.get("type"),
            "action_id": element.get("action_id"),
            "block_id": block.get("block_id"),
            "action_ts": self._action_ts(),
        }
        if element.get("type") == "button":
            action["text"] = element.get("text")
            for key in ("value", "style"):
                if key in element:
                    action[key] = element[key]
        elif "placeholder" in element:
            action["placeholder"] = element["placeholder"]
        action.update(selected)
        return action

    async def _send_actions(
        self,
        user: str,
        action: Json,
        *,
        where: Message | Ephemeral | None = None,
        view: ViewRecord | None = None,
    ) -> httpx.Response:
        payload = self._base("block_actions", user)
        if view is not None:
            payload.update(
                container={"type": "view", "view_id": view.id},
                trigger_id=self.fake.new_trigger(user, view_id=view.id),
                view=self._view_payload(view),
            )
        else:
            assert where is not None
            ephemeral = isinstance(where, Ephemeral)
            payload.update(
                container={
                    "type": "message",
                    "message_ts": where.ts,
                    "channel_id": where.channel,
                    "is_ephemeral": ephemeral,
                },
                trigger_id=self.fake.new_trigger(user),
                channel=self._channel(where.channel),
                state={"values": {}},
                response_url=self.fake.new_response_url(
                    where.channel,
                    user,
                    original=("ephemeral" if ephemeral else "message", where.ts),
                ),
            )
            if isinstance(where, Message):
                payload["message"] = where.to_api(self.fake.team_id)
            elif where.thread_ts:
                payload["container"]["thread_ts"] = where.thread_ts
        payload["actions"] = [action]
        return await self.send_payload(payload, what=f"block_actions {action.get('action_id')}")

    def _locate(
        self,
        target: str,
        *,
        message: Message | Ephemeral | str | None,
        view_id: str | None,
        user: str,
        types: tuple[str, ...] | None,
    ) -> tuple[Message | Ephemeral | None, ViewRecord | None, Json, Json]:
        if view_id is None and message is None:
            current = self.fake.current_view(user)
            if current is not None and find_element(current.blocks, target, types=types):
                view_id = current.id
            home = self.fake.home_views.get(user)
            if (
                view_id is None
                and home is not None
                and not self._find_in_message(target, None, user, types)
                and find_element(home.blocks, target, types=types)
            ):
                view_id = home.id
        if view_id is not None:
            record = self._view(view_id)
            found = find_element(record.blocks, target, types=types)
            if found is None:
                raise LookupError(f"no {target!r} in view {view_id}:\n{record.visible_text}")
            return None, record, found[0], found[1]
        located = self._find_in_message(target, message, user, types)
        if located is None:
            raise LookupError(f"no message shows {target!r} to {user}")
        return located[0], None, located[1], located[2]

    # ------------------------------------------------------------------ interactions

    async def click(
        self,
        text_or_action_id: str,
        *,
        message: Message | Ephemeral | str | None = None,
        view_id: str | None = None,
        user: str | None = None,
        unfurl: tuple[str, str, str] | None = None,
    ) -> httpx.Response:
        """Click the button showing ``text_or_action_id`` (newest message / open modal first).

        ``unfurl=(channel, message_ts, url)``: the button is in the app's unfurl of ``url`` under
        the person's message ``message_ts`` (a ``message_attachment`` container, like Slack)."""
        user = user or self.user
        if unfurl is not None:
            return await self._click_in_unfurl(text_or_action_id, unfurl, user=user)
        where, view, block, element = self._locate(
            text_or_action_id, message=message, view_id=view_id, user=user, types=("button",)
        )
        return await self._send_actions(user, self._action(block, element), where=where, view=view)

    async def _click_in_unfurl(
        self, target: str, unfurl: tuple[str, str, str], *, user: str
    ) -> httpx.Response:
        channel, message_ts, url = unfurl
        message = self.fake.message(channel, message_ts)
        if message is None:
            raise LookupError(f"no message {message_ts} in {channel}")
        attachment = (message.unfurls or {}).get(url)
        blocks = attachment.get("blocks") if isinstance(attachment, dict) else None
        if not isinstance(blocks, list):
            raise LookupError(f"message {message_ts} has no app unfurl of {url}")
        found = find_element(blocks, target, types=("button",))
        if found is None:
            raise LookupError(f"no {target!r} in the unfurl of {url}")
        block, element = found
        container: Json = {
            "type": "message_attachment",
            "message_ts": message.ts,
            "attachment_id": 1,
            "channel_id": channel,
            "is_ephemeral": False,
            "is_app_unfurl": True,
            "app_unfurl_url": url,
        }
        if message.thread_ts and message.thread_ts != message.ts:
            container["thread_ts"] = message.thread_ts
        # ``message`` is the person's message (not the bot's), its unfurl as attachment 1
        shown = message.to_api(self.fake.team_id)
        shown["attachments"] = [
            {
                "id": 1,
                "blocks": json.loads(json.dumps(blocks)),
                "is_app_unfurl": True,
                "app_unfurl_url": url,
                "from_url": url,
                "fallback": f"[no preview available] {url}",
            }
        ]
        payload = self._base("block_actions", user)
        payload.update(
            container=container,
            trigger_id=self.fake.new_trigger(user),
            channel=self._channel(channel),
            message=shown,
            state={"values": {}},
            response_url=self.fake.new_response_url(channel, user),
            actions=[self._action(block, element)],
        )
        return await self.send_payload(
            payload, what=f"block_actions {element.get('action_id')} (unfurl)"
        )

    async def select(
        self,
        label_or_action_id: str,
        choice: str | list[str],
        *,
        message: Message | Ephemeral | str | None = None,
        view_id: str | None = None,
        user: str | None = None,
    ) -> httpx.Response | None:
        """Pick ``choice`` (option text) in a select/overflow/radio/checkbox/user picker.

        Sends block_actions when Slack would (outside input blocks, or with dispatch_action);
        inside a plain input block it only changes the modal's state, like Slack."""
        user = user or self.user
        where, view, block, element = self._locate(
            label_or_action_id, message=message, view_id=view_id, user=user, types=None
        )
        entry = await self._pick(element, block, choice, user=user, view=view)
        if view is not None:
            self._store_value(view, block, element, entry)
        if block.get("type") == "input" and not block.get("dispatch_action"):
            return None
        selected = {k: v for k, v in entry.items() if k != "type"}
        return await self._send_actions(
            user, self._action(block, element, **selected), where=where, view=view
        )

    def _store_value(self, view: ViewRecord, block: Json, element: Json, entry: Json) -> None:
        values = view.data.setdefault("state", {}).setdefault("values", {})
        values.setdefault(block["block_id"], {})[element["action_id"]] = entry

    def _resolve_person(self, wanted: str) -> str:
        for user in self.fake.users.values():
            if wanted in (user.id, user.name, user.real_name) or wanted.lstrip("@") == user.name:
                return user.id
        raise LookupError(f"no user {wanted!r}")

    def _resolve_conversation(self, wanted: str) -> str:
        for channel in self.fake.channels.values():
            if wanted in (channel.id, channel.name, f"#{channel.name}"):
                return channel.id
        raise LookupError(f"no channel {wanted!r}")

    async def _pick(
        self, element: Json, block: Json, value: Any, *, user: str, view: ViewRecord | None
    ) -> Json:
        kind = str(element.get("type"))
        if kind in TEXT_ELEMENTS:
            return _state_entry(element, None if value is None else str(value))
        if kind in SINGLE_OPTION + MULTI_OPTION + ("overflow",):
            wanted = [value] if isinstance(value, str) else list(value)
            picked: list[Json] = []
            for text in wanted:
                if kind in EXTERNAL:
                    if view is None:
                        raise NotImplementedError("external selects in messages")
                    options = await self.suggest(
                        view.id, block.get("block_id") or "", text, user=user, element=element
                    )
                else:
                    options = options_of(element)
                option = pick_option(options, str(text))
                if option is None:
                    shown = [text_of(o.get("text")) for o in options]
                    raise LookupError(f"no option {text!r} in {kind}; options: {shown}")
                picked.append(option)
            if kind == "overflow":
                return {"type": kind, "selected_option": picked[0]}
            return _state_entry(element, picked if kind in MULTI_OPTION else picked[0])
        if kind in ("users_select", "multi_users_select"):
            people = [value] if isinstance(value, str) else list(value)
            ids = [self._resolve_person(str(p)) for p in people]
            return _state_entry(element, ids if kind.startswith("multi") else ids[0])
        if kind in PICKERS and "select" in kind:
            chans = [value] if isinstance(value, str) else list(value)
            ids = [self._resolve_conversation(str(c)) for c in chans]
            return _state_entry(element, ids if kind.startswith("multi") else ids[0])
        if kind == "datepicker":
            return _state_entry(
                element, value.isoformat() if isinstance(value, dt.date) else str(value)
            )
        if kind == "timepicker":
            return _state_entry(
                element, value.strftime("%H:%M") if isinstance(value, dt.time) else str(value)
            )
        if kind == "datetimepicker":
            seconds = int(value.timestamp()) if isinstance(value, dt.datetime) else int(value)
            return _state_entry(element, seconds)
        if kind == "rich_text_input":
            section = {
                "type": "rich_text_section",
                "elements": [{"type": "text", "text": str(value)}],
            }
            return _state_entry(element, {"type": "rich_text", "elements": [section]})
        raise NotImplementedError(f"cannot fill a {kind}")

    async def suggest(
        self,
        view_id: str,
        label: str,
        query: str,
        *,
        user: str | None = None,
        element: Json | None = None,
    ) -> list[Json]:
        """Type ``query`` into an external select: sends block_suggestion, returns the options."""
        user = user or self.user
        record = self._view(view_id)
        block = next((b for b in record.blocks if b.get("block_id") == label), None)
        if block is None:
            block = find_input(record.blocks, label)
            if block is None:
                found = find_element(record.blocks, label)
                block = found[0] if found else None
                element = found[1] if found else element
        if block is None:
            raise LookupError(f"no input {label!r} in view {view_id}")
        element = element or block.get("element") or block.get("accessory") or {}
        if element.get("type") not in EXTERNAL:
            raise SlackProtocolError(
                f"{label!r} is a {element.get('type')}, not an external select"
            )
        min_length = int(element.get("min_query_length", 3))
        if len(query) < min_length:
            raise ValueError(
                f"Slack only asks the app after {min_length} typed characters; {query!r} is shorter"
            )
        payload = self._base("block_suggestion", user)
        payload.update(
            container={"type": "view", "view_id": record.id},
            action_id=element.get("action_id"),
            block_id=block.get("block_id"),
            value=query,
            view=self._view_payload(record),
        )
        response = await self.send_payload(payload, what=f"block_suggestion {label}")
        if response.status_code != 200:
            raise SlackProtocolError(f"block_suggestion answered HTTP {response.status_code}")
        answer = response.json() if response.content.strip() else {}
        if not isinstance(answer, dict):
            raise SlackProtocolError(f"block_suggestion answer is not an object: {answer!r}")
        options = options_of(answer)
        if len(options) > 100:
            raise SlackProtocolError("an options answer may hold at most 100 options")
        return options

    async def fill(
        self, view_id: str, values: Mapping[str, Any], *, user: str | None = None
    ) -> None:
        """Type/pick values into a modal's inputs, found by label (case-insensitive substring)."""
        user = user or self.user
        record = self._view(view_id)
        for label, value in values.items():
            block = find_input(record.blocks, label)
            if block is None:
                labels = [text_of(b.get("label")) for b in input_blocks(record.blocks)]
                raise LookupError(
                    f"no input labelled {label!r} in view {view_id}; labels: {labels}"
                )
            element = block.get("element") or {}
            entry = await self._pick(element, block, value, user=user, view=record)
            self._store_value(record, block, element, entry)
            if block.get("dispatch_action"):
                selected = {k: v for k, v in entry.items() if k != "type"}
                await self._send_actions(
                    user, self._action(block, element, **selected), view=record
                )

    async def submit(
        self, view_id: str, values: Mapping[str, Any] | None = None, *, user: str | None = None
    ) -> SubmitResult:
        """Fill ``values`` (label -> value) and press Submit; applies the app's response_action."""
        record = self._view(view_id)
        user = user or record.user
        if values:
            await self.fill(view_id, values, user=user)
            record = self._view(view_id)
        state = self._full_state(record)
        local_errors: dict[str, str] = {}
        for block in input_blocks(record.blocks):
            element = block.get("element") or {}
            entry = state[block["block_id"]][element.get("action_id")]
            label = text_of(block.get("label"))
            if _is_empty(entry):
                if not block.get("optional"):
                    local_errors[label] = REQUIRED_MESSAGE
            elif (problem := _client_side_error(element, entry)) is not None:
                local_errors[label] = problem
        if local_errors:
            return SubmitResult(0, local_errors, None, None, self.fake.current_view(user))

        payload = self._base("view_submission", user)
        payload.update(
            trigger_id=self.fake.new_trigger(user, view_id=record.id),
            view=self._view_payload(record),
            response_urls=self._response_urls(record, state, user),
        )
        response = await self.send_payload(payload, what=f"view_submission {record.callback_id}")
        return self._apply_submission_answer(record, response, user)

    def _response_urls(self, record: ViewRecord, state: Json, user: str) -> list[Json]:
        urls: list[Json] = []
        for block in input_blocks(record.blocks):
            element = block.get("element") or {}
            if not element.get("response_url_enabled"):
                continue
            entry = state[block["block_id"]][element["action_id"]]
            channel = entry.get("selected_conversation") or entry.get("selected_channel")
            if channel:
                urls.append(
                    {
                        "block_id": block["block_id"],
                        "action_id": element["action_id"],
                        "channel_id": channel,
                        "response_url": self.fake.new_response_url(channel, user),
                    }
                )
        return urls

    def _apply_submission_answer(
        self, record: ViewRecord, response: httpx.Response, user: str
    ) -> SubmitResult:
        if response.status_code != 200:
            return SubmitResult(
                response.status_code, {}, None, response, self.fake.current_view(user)
            )
        answer: Any = {}
        if response.content.strip():
            try:
                answer = response.json()
            except ValueError as e:
                raise SlackProtocolError(
                    f"view_submission answer is not JSON: {response.text!r}"
                ) from e
        if not isinstance(answer, dict):
            raise SlackProtocolError(f"view_submission answer is not an object: {answer!r}")
        action = answer.get("response_action")
        result = SubmitResult(200, {}, action, response)
        try:
            if action is None:
                self.fake.close_view(record.id)
            elif action == "errors":
                result.errors = self._errors_by_label(record, answer.get("errors"))
            elif action == "update":
                self.fake.replace_view(record.id, self._answer_view(answer))
            elif action == "push":
                self.fake.push_view(user, self._answer_view(answer))
            elif action == "clear":
                self.fake.clear_views(user)
            else:
                raise SlackProtocolError(f"unknown response_action {action!r}")
        except SlackApiError as e:
            raise SlackProtocolError(
                f"Slack would refuse response_action {action}: {e.code} {e.messages}"
            ) from e
        result.view = self.fake.current_view(user)
        return result

    @staticmethod
    def _answer_view(answer: Json) -> Json:
        view = answer.get("view")
        if not isinstance(view, dict):
            raise SlackProtocolError("response_action needs a view object")
        return view

    @staticmethod
    def _errors_by_label(record: ViewRecord, errors: Any) -> dict[str, str]:
        if not isinstance(errors, dict) or not errors:
            raise SlackProtocolError("response_action errors needs a non-empty errors object")
        labels = {b["block_id"]: text_of(b.get("label")) for b in input_blocks(record.blocks)}
        by_label: dict[str, str] = {}
        for block_id, message in errors.items():
            if block_id not in labels:
                raise SlackProtocolError(
                    f"errors names block_id {block_id!r}, which is not an input block of the view "
                    f"(input blocks: {sorted(labels)})"
                )
            by_label[labels[block_id]] = str(message)
        return by_label

    async def close_view(self, view_id: str, *, user: str | None = None) -> httpx.Response | None:
        """Press Cancel/close; sends view_closed when the view asked for notify_on_close."""
        record = self._view(view_id)
        user = user or record.user
        response: httpx.Response | None = None
        clear = bool(record.data.get("clear_on_close"))
        if record.data.get("notify_on_close"):
            payload = self._base("view_closed", user)
            payload.update(view=self._view_payload(record), is_cleared=clear)
            response = await self.send_payload(payload, what=f"view_closed {record.callback_id}")
        if clear:
            self.fake.clear_views(user)
        else:
            self.fake.close_view(view_id)
        return response

    # ------------------------------------------------------------------ by block_id / action_id
    # (what Slack's own client knows about an element; used by the demo page)

    def _message_by_ts(self, ts: str, user: str) -> Message | Ephemeral:
        candidates: list[Message | Ephemeral] = [*self.fake.ephemerals_for(user)]
        candidates += self.fake.all_messages()
        for candidate in candidates:
            if candidate.ts == ts:
                return candidate
        raise LookupError(f"no message {ts} visible to {user}")

    @staticmethod
    def element_by_id(blocks: list[Json], block_id: str, action_id: str) -> tuple[Json, Json]:
        for block, element in iter_elements(blocks):
            if block.get("block_id") == block_id and element.get("action_id") == action_id:
                return block, element
        raise LookupError(f"no element {action_id!r} in block {block_id!r}")

    async def act(
        self,
        block_id: str,
        action_id: str,
        *,
        message: str | None = None,
        view_id: str | None = None,
        user: str | None = None,
        selected: Json | None = None,
    ) -> httpx.Response:
        """Use element ``action_id`` of block ``block_id`` in the message with ts ``message`` (a
        channel message or one of ``user``'s ephemerals) or in view ``view_id``: a button click,
        or a pick whose state fields are ``selected`` (e.g. ``{"selected_option": {...}}``).
        Sends block_actions like Slack; in a view's input block the pick is also kept as state."""
        user = user or self.user
        selected = dict(selected or {})
        if view_id is not None:
            view = self._view(view_id)
            block, element = self.element_by_id(view.blocks, block_id, action_id)
            if block.get("type") == "input":
                self._store_value(view, block, element, {"type": element.get("type"), **selected})
            return await self._send_actions(
                user, self._action(block, element, **selected), view=view
            )
        if message is None:
            raise ValueError("act needs a message ts or a view_id")
        where = self._message_by_ts(message, user)
        block, element = self.element_by_id(where.blocks, block_id, action_id)
        return await self._send_actions(user, self._action(block, element, **selected), where=where)

    def set_state(
        self, view_id: str, values: Mapping[str, Mapping[str, Json]], *, user: str | None = None
    ) -> None:
        """Keep what a person typed/picked in a modal's inputs: ``{block_id: {action_id: entry}}``
        with entries shaped like Slack's ``view.state.values`` (the ``type`` is filled in)."""
        record = self._view(view_id)
        if user is not None and record.user != user:
            raise SlackProtocolError(f"view {view_id} belongs to {record.user}, not {user}")
        for block_id, actions in values.items():
            for action_id, entry in actions.items():
                block, element = self.element_by_id(record.blocks, block_id, action_id)
                self._store_value(record, block, element, {**entry, "type": element.get("type")})

    # ------------------------------------------------------------------ shortcuts

    async def shortcut(self, callback_id: str, *, user: str | None = None) -> httpx.Response:
        """A global shortcut from the lightning-bolt menu."""
        user = user or self.user
        payload = self._base("shortcut", user)
        payload.update(
            callback_id=callback_id,
            trigger_id=self.fake.new_trigger(user),
            action_ts=self._action_ts(),
        )
        return await self.send_payload(payload, what=f"shortcut {callback_id}")

    async def message_shortcut(
        self, callback_id: str, message: Message, *, user: str | None = None
    ) -> httpx.Response:
        """A message shortcut ("More actions" on ``message``)."""
        user = user or self.user
        payload = self._base("message_action", user)
        payload.update(
            callback_id=callback_id,
            trigger_id=self.fake.new_trigger(user),
            action_ts=self._action_ts(),
            channel=self._channel(message.channel),
            message_ts=message.ts,
            message=message.to_api(self.fake.team_id),
            response_url=self.fake.new_response_url(
                message.channel, user, original=("message", message.ts)
            ),
        )
        return await self.send_payload(payload, what=f"message_action {callback_id}")

    # ------------------------------------------------------------------ Events API

    async def event(self, event: Json, *, retry_num: int | None = None) -> httpx.Response:
        """Deliver one Events API event (wrapped in Slack's event_callback envelope)."""
        self._event_counter += 1
        now = int(time.time())
        inner = {"event_ts": f"{time.time():.6f}", **event}
        envelope = {
            "token": self.verification_token,
            "team_id": self.fake.team_id,
            "api_app_id": self.fake.app_id,
            "event": inner,
            "type": "event_callback",
            "event_id": f"Ev{self._event_counter:08d}FAKE",
            "event_time": now,
            "authorizations": [
                {
                    "enterprise_id": None,
                    "team_id": self.fake.team_id,
                    "user_id": self.fake.bot_user_id,
                    "is_bot": True,
                    "is_enterprise_install": False,
                }
            ],
            "is_ext_shared_channel": False,
            "event_context": f"4-fake-{self._event_counter}",
        }
        headers = {}
        if retry_num is not None:
            headers = {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": "http_timeout"}
        return await self.send(
            json.dumps(envelope),
            content_type="application/json",
            headers=headers,
            what=f"event {event.get('type')}",
        )

    async def url_verification(self, challenge: str = "fake-challenge") -> httpx.Response:
        body = {
            "token": self.verification_token,
            "challenge": challenge,
            "type": "url_verification",
        }
        return await self.send(
            json.dumps(body), content_type="application/json", what="url_verification"
        )

    def _channel_type(self, channel_id: str) -> str:
        channel = self.fake.channels[channel_id]
        return "im" if channel.is_im else "group" if channel.is_private else "channel"

    async def message(
        self,
        text: str,
        *,
        channel: str = "C0GENERAL",
        user: str | None = None,
        thread_ts: str | None = None,
    ) -> Message:
        """A person posts ``text``; the app receives the message event."""
        user = user or self.user
        posted = self.fake.post_user_message(channel, user, text, thread_ts=thread_ts)
        event: Json = {
            "type": "message",
            "channel": channel,
            "user": user,
            "text": text,
            "ts": posted.ts,
            "channel_type": self._channel_type(channel),
            "team": self.fake.team_id,
        }
        if posted.thread_ts:
            event["thread_ts"] = posted.thread_ts
        await self.event(event)
        return posted

    async def share_link(
        self,
        url: str,
        *,
        channel: str = "C0GENERAL",
        user: str | None = None,
        text: str | None = None,
    ) -> Message:
        """A person posts a link; the app receives link_shared (for chat.unfurl)."""
        user = user or self.user
        posted = self.fake.post_user_message(channel, user, text or f"<{url}>")
        domain = url.split("://", 1)[-1].split("/", 1)[0]
        channel_obj = self.fake.channels[channel]
        await self.event(
            {
                "type": "link_shared",
                "channel": channel,
                "is_bot_user_member": self.fake.bot_user_id in channel_obj.members,
                "user": user,
                "message_ts": posted.ts,
                "unfurl_id": f"fake-unfurl-{posted.ts}",
                "source": "conversations_history",
                "links": [{"domain": domain, "url": url}],
            }
        )
        return posted

    # ------------------------------------------------------------------ waiting

    async def wait_for(
        self, predicate: Callable[[], T | None], timeout: float = 5.0, *, interval: float = 0.02
    ) -> T:
        """Poll ``predicate`` until it returns something truthy (and return it)."""
        deadline = time.monotonic() + timeout
        while True:
            value = predicate()
            if value:
                return value
            if time.monotonic() >= deadline:
                recent = [f"{c.method}:{c.error or 'ok'}" for c in self.fake.calls[-10:]]
                raise TimeoutError(f"condition not met within {timeout}s; last API calls: {recent}")
            await asyncio.sleep(interval)
