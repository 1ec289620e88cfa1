"""The demo page's JSON API: each request acts through ``SlackDriver`` exactly as Slack's client
would (slash commands, clicks, submissions, typeahead, closing a modal, opening App Home), plus
the few things Slack's client does by itself (``/invite``, "not a valid command" notices)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator

import httpx
from pydantic import BaseModel, ConfigDict, Field
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse

from standins.demo_view import Notice, demo_state, slack_typed_text, unfurl_links
from standins.harness import Stack
from standins.slack import SlackDriver, SlackProtocolError, ViewRecord
from standins.slack.blockkit import Json, input_blocks, text_of

DEFAULT_USER = "U0ALICE"
#: seconds between SSE keep-alive comments
KEEPALIVE_SECONDS = 15.0
_TICK = 0.5


# ---------------------------------------------------------------------------- request bodies


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")
    user: str = DEFAULT_USER


class CommandBody(Body):
    channel: str
    text: str = Field(max_length=4000)
    thread_ts: str | None = None


class ClickBody(Body):
    block_id: str
    action_id: str
    #: where the element is: a message (``ts``) or a modal (``view_id``)
    ts: str | None = None
    view_id: str | None = None
    #: the state fields of a pick, e.g. ``{"selected_option": {...}}`` (empty for a button)
    selected: Json = Field(default_factory=dict)
    #: the modal's current input values (``{block_id: {action_id: entry}}``)
    state: dict[str, dict[str, Json]] = Field(default_factory=dict)


class SubmitBody(Body):
    view_id: str
    state: dict[str, dict[str, Json]] = Field(default_factory=dict)


class SuggestBody(Body):
    view_id: str
    block_id: str
    action_id: str
    query: str


class CloseBody(Body):
    view_id: str


class HomeBody(Body):
    pass


class DemoError(Exception):
    """Something the page asked for that Slack's client could not do; answered with HTTP 400."""


def _bot_answer(response: httpx.Response | None) -> Json:
    if response is None:
        return {"ok": True}
    return {"ok": response.status_code == 200, "status": response.status_code}


# ---------------------------------------------------------------------------- the page's API


class DemoApi:
    """The page's JSON API, acting through ``SlackDriver`` exactly as Slack would."""

    def __init__(self, stack: Stack, closing: asyncio.Event) -> None:
        self.stack = stack
        self.fake = stack.fake
        self.driver = stack.driver
        self.closing = closing
        #: what Slack's client itself told each person (Slackbot lines), in the fake's ts order
        self.notices: list[Notice] = []

    def notice(self, channel: str, user: str, text: str) -> str:
        """Show ``user`` a client-side Slackbot line in ``channel`` (only them, in time order)."""
        self.notices.append(Notice(channel, user, self.fake.next_ts(), text))
        self.fake.events.publish("ephemeral", {"channel": channel, "user": user, "text": text})
        return text

    def _check_user(self, user: str) -> str:
        if user not in self.fake.users or self.fake.users[user].is_bot:
            raise DemoError(f"unknown user {user}")
        return user

    async def state(self, request: Request) -> Response:
        user = self._check_user(request.query_params.get("user") or DEFAULT_USER)
        return JSONResponse(demo_state(self.fake, user, self.notices))

    async def command(self, body: CommandBody) -> Json:
        user = self._check_user(body.user)
        channel = self.fake.channels.get(body.channel)
        if channel is None or (
            (channel.is_private or channel.is_im) and user not in channel.members
        ):
            raise DemoError(f"unknown channel {body.channel}")
        text = body.text.strip()
        if not text:
            raise DemoError("nothing to send")
        if text.startswith("/"):
            name, _, rest = text.partition(" ")
            if name == "/invite":
                return self.invite(channel.id, user, rest)
            if name != "/leonar":
                error = self.notice(channel.id, user, f"{name} is not a valid command.")
                return {"ok": False, "client_error": error}
            response = await self.driver.command(
                name, slack_typed_text(rest.strip()), user=user, channel=channel.id
            )
            answer = _bot_answer(response)
            if not answer["ok"]:
                answer["client_error"] = (
                    f'{name} failed with the error "dispatch_failed" (HTTP {response.status_code})'
                )
            return answer
        typed = slack_typed_text(text)
        if self.fake.bot_in(channel.id):
            # the bot is subscribed to message events only where it is a member
            posted = await self.driver.message(
                typed, channel=channel.id, user=user, thread_ts=body.thread_ts
            )
        else:
            posted = self.fake.post_user_message(channel.id, user, typed, thread_ts=body.thread_ts)
        links = unfurl_links(text)
        if links:
            await self.driver.event(
                {
                    "type": "link_shared",
                    "channel": channel.id,
                    "is_bot_user_member": self.fake.bot_in(channel.id),
                    "user": user,
                    "message_ts": posted.ts,
                    **({"thread_ts": posted.thread_ts} if posted.thread_ts else {}),
                    "unfurl_id": f"fake-unfurl-{posted.ts}",
                    "source": "conversations_history",
                    "links": links,
                }
            )
        return {"ok": True, "ts": posted.ts}

    def invite(self, channel_id: str, user: str, text: str) -> Json:
        """Slack's built-in ``/invite @name``: the person (or the app) becomes a member."""
        channel = self.fake.channels[channel_id]
        wanted = [w.strip("<>@") for w in text.split() if w.startswith(("@", "<@"))]
        if channel.is_im:
            error = self.notice(channel_id, user, "You can't invite anyone to a direct message.")
            return {"ok": False, "client_error": error}
        if not wanted:
            error = self.notice(channel_id, user, "Type `/invite @name`, e.g. `/invite @Leonar`.")
            return {"ok": False, "client_error": error}
        added: list[str] = []
        for name in wanted:
            invited = self._user_named(name)
            if invited is None:
                error = self.notice(channel_id, user, f"Sorry, nobody here is called @{name}.")
                return {"ok": False, "client_error": error}
            if invited in channel.members:
                self.notice(channel_id, user, f"<@{invited}> is already in #{channel.name}.")
                continue
            channel.members.add(invited)
            added.append(invited)
            self.fake.post_user_message(
                channel_id, invited, f"joined #{channel.name}. Added by <@{user}>."
            )
        return {"ok": True, "added": added}

    def _user_named(self, name: str) -> str | None:
        folded = name.casefold()
        for person in self.fake.users.values():
            names = {person.id, person.name, person.real_name, person.real_name.split()[0]}
            if folded in {n.casefold() for n in names}:
                return person.id
        return None

    async def home(self, body: HomeBody) -> Json:
        """The person opens the app's Home tab: Slack sends ``app_home_opened`` (with the view
        published before, if any); the bot answers with ``views.publish``."""
        user = self._check_user(body.user)
        dm = next(
            (
                c.id
                for c in self.fake.channels.values()
                if c.is_im and c.members == {user, self.fake.bot_user_id}
            ),
            f"D0{user[1:]}",
        )
        event: Json = {"type": "app_home_opened", "user": user, "channel": dm, "tab": "home"}
        published = self.fake.home_views.get(user)
        if published is not None:
            event["view"] = dict(published.data) | {"id": published.id}
        return _bot_answer(await self.driver.event(event))

    async def click(self, body: ClickBody) -> Json:
        user = self._check_user(body.user)
        if body.view_id is not None:
            if body.state:
                self.driver.set_state(body.view_id, body.state, user=user)
            response = await self.driver.act(
                body.block_id,
                body.action_id,
                view_id=body.view_id,
                user=user,
                selected=body.selected,
            )
        elif body.ts is not None:
            response = await self.driver.act(
                body.block_id, body.action_id, message=body.ts, user=user, selected=body.selected
            )
        else:
            raise DemoError("a click needs a message ts or a view_id")
        return _bot_answer(response)

    async def submit(self, body: SubmitBody) -> Json:
        user = self._check_user(body.user)
        record = self._open_view(body.view_id, user)
        if body.state:
            self.driver.set_state(record.id, body.state, user=user)
        try:
            result = await self.driver.submit(record.id, user=user)
        except SlackProtocolError as exc:
            return {"ok": False, "client_error": f"Slack refused the app's answer: {exc}"}
        by_label: dict[str, str] = {}
        for block in input_blocks(record.blocks):
            by_label.setdefault(text_of(block.get("label")), str(block.get("block_id")))
        errors = {by_label.get(label, label): message for label, message in result.errors.items()}
        answer: Json = {"ok": result.status in (0, 200), "errors": errors, "closed": result.closed}
        if result.status not in (0, 200):
            answer["client_error"] = "We had some trouble connecting. Try again?"
        return answer

    async def suggest(self, body: SuggestBody) -> Json:
        user = self._check_user(body.user)
        record = self._open_view(body.view_id, user)
        try:
            _, element = SlackDriver.element_by_id(record.blocks, body.block_id, body.action_id)
        except LookupError as exc:
            raise DemoError(str(exc)) from exc
        min_length = int(element.get("min_query_length", 3))
        if len(body.query) < min_length:
            return {"options": [], "min_query_length": min_length}
        options = await self.driver.suggest(
            record.id, body.block_id, body.query, user=user, element=element
        )
        return {"options": options, "min_query_length": min_length}

    async def close(self, body: CloseBody) -> Json:
        user = self._check_user(body.user)
        record = self._open_view(body.view_id, user)
        return _bot_answer(await self.driver.close_view(record.id, user=user))

    def _open_view(self, view_id: str, user: str) -> ViewRecord:
        record = self.fake.views.get(view_id)
        if record is None or record.closed or record.user != user:
            raise DemoError(f"view {view_id} is not open for {user}")
        return record

    async def events(self, _request: Request) -> Response:
        """Server-sent events: one ``change`` event whenever the fake Slack changed."""
        hub = self.fake.events
        queue = hub.subscribe()
        closing = self.closing

        async def stream() -> AsyncIterator[str]:
            try:
                yield "retry: 1000\nevent: change\ndata: []\n\n"
                idle = 0.0
                while not closing.is_set():
                    try:
                        first = await asyncio.wait_for(queue.get(), timeout=_TICK)
                    except TimeoutError:
                        idle += _TICK
                        if idle >= KEEPALIVE_SECONDS:
                            idle = 0.0
                            yield ": keep-alive\n\n"
                        continue
                    idle = 0.0
                    kinds = {first.kind}
                    while not queue.empty():
                        kinds.add(queue.get_nowait().kind)
                    yield f"event: change\ndata: {json.dumps(sorted(kinds))}\n\n"
            finally:
                hub.unsubscribe(queue)

        return StreamingResponse(
            stream(),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
        )
