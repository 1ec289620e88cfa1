"""``leonar-bot demo``: the whole bot in a local Slack-like web page, no account needed.

One process runs the Leonar sandbox (demo data), the fake Slack, the bot (HTTP mode, SQLite in a
temporary directory, inline poller) and this page. The page's server side speaks to the bot
exactly as Slack does: every command, click, submission and typed message goes through
``SlackDriver`` as a signed request to ``/slack/events``, and the bot's Web API calls land in the
same ``FakeSlack`` the tests use. The browser follows the fake's ``EventHub`` through
server-sent events, so messages the bot posts later (enrichment notices) appear by themselves.

    async with running_demo(enrichment_delay=1.0) as stack:
        app = create_demo_app(stack)
        async with serve_asgi(app) as url:
            ...
        close_streams(app)
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import signal
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
from pydantic import BaseModel, ConfigDict, Field
from pydantic import ValidationError as PydanticValidationError
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response, StreamingResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from standins.harness import Stack, running_stack
from standins.leonar import SandboxState
from standins.serve import serve_asgi
from standins.slack import (
    Ephemeral,
    FakeSlack,
    Message,
    SlackDriver,
    SlackProtocolError,
    ViewRecord,
)
from standins.slack.blockkit import Json, input_blocks, text_of

STATIC_DIR = Path(__file__).resolve().parent / "static"
DEFAULT_USER = "U0ALICE"
DEFAULT_PORT = 3000
#: the manifest's unfurl_domains: Slack sends link_shared only for links to these
UNFURL_DOMAINS = ("linkedin.com", "app.leonar.app")
#: seconds between SSE keep-alive comments
KEEPALIVE_SECONDS = 15.0
_TICK = 0.5
_URL = re.compile(r"https?://[^\s<>|]+")

TRY_THIS = (
    "/leonar help",
    "/leonar search react in Paris      (then open the thread and click Enrich)",
    "/leonar source react developer",
    "/leonar add Sophie Martin",
    "/leonar deal new",
    "paste https://www.linkedin.com/in/sophie-martin-dev in a message",
)


# ---------------------------------------------------------------------------- running the stack


@asynccontextmanager
async def running_demo(
    *,
    enrichment_delay: float = 8.0,
    poll_interval: float = 1.0,
    database_url: str | None = None,
) -> AsyncIterator[Stack]:
    """The bot with its fake Slack and the Leonar sandbox (demo data) on loopback ports.

    ``enrichment_delay``: seconds the sandbox takes to finish an enrichment;
    ``poll_interval``: the bot's ``ENRICHMENT_POLL_INTERVAL``; ``database_url``: the bot's
    database (default: SQLite in a temporary directory, removed on exit)."""
    state = SandboxState.demo()
    state.enrichment_delay = enrichment_delay
    async with running_stack(
        leonar=state,
        database_url=database_url,
        poller="inline",
        enrichment_poll_interval=poll_interval,
    ) as stack:
        yield stack


# ---------------------------------------------------------------------------- what the page sees


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


def _message_json(message: Message) -> Json:
    return {
        "ts": message.ts,
        "channel": message.channel,
        "user": message.user,
        "bot": message.bot_id is not None,
        "ephemeral": False,
        "text": message.text,
        "blocks": message.blocks,
        "attachments": message.attachments,
        "thread_ts": message.thread_ts,
        "is_reply": message.is_reply,
        "reply_count": message.reply_count,
        "reply_users": list(message.reply_users),
        "edited": message.edited,
        "unfurls": message.unfurls or {},
    }


def _ephemeral_json(ephemeral: Ephemeral, bot_user_id: str) -> Json:
    return {
        "ts": ephemeral.ts,
        "channel": ephemeral.channel,
        "user": bot_user_id,
        "bot": True,
        "ephemeral": True,
        "text": ephemeral.text,
        "blocks": ephemeral.blocks,
        "attachments": [],
        "thread_ts": ephemeral.thread_ts,
        "is_reply": ephemeral.thread_ts is not None,
        "reply_count": 0,
        "reply_users": [],
        "edited": False,
        "unfurls": {},
    }


def _view_json(record: ViewRecord | None) -> Json | None:
    if record is None:
        return None
    return dict(record.data) | {"id": record.id}


def demo_state(fake: FakeSlack, user: str) -> Json:
    """Everything the page shows ``user``: channels, messages, threads and the open modal."""
    channels: list[Json] = []
    messages: dict[str, list[Json]] = {}
    threads: dict[str, list[Json]] = {}
    for channel in fake.channels.values():
        if user not in channel.members and (channel.is_private or channel.is_im):
            continue
        name = channel.name
        if channel.is_im:
            other = next((m for m in sorted(channel.members) if m != user), user)
            person = fake.users.get(other)
            name = person.real_name if person else other
        channels.append(
            {
                "id": channel.id,
                "name": name,
                "is_private": channel.is_private,
                "is_im": channel.is_im,
                "bot_member": fake.bot_in(channel.id),
            }
        )
        top: list[Json] = []
        for message in fake.messages(channel.id, include_replies=True):
            if message.is_reply:
                threads.setdefault(f"{channel.id}:{message.thread_ts}", []).append(
                    _message_json(message)
                )
                if not message.reply_broadcast:
                    continue
            top.append(_message_json(message))
        for ephemeral in fake.ephemerals_for(user, channel.id):
            item = _ephemeral_json(ephemeral, fake.bot_user_id)
            if ephemeral.thread_ts:
                threads.setdefault(f"{channel.id}:{ephemeral.thread_ts}", []).append(item)
            else:
                top.append(item)
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
    }


# ---------------------------------------------------------------------------- request bodies


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")
    user: str = DEFAULT_USER


class CommandBody(_Body):
    channel: str
    text: str = Field(max_length=4000)
    thread_ts: str | None = None


class ClickBody(_Body):
    block_id: str
    action_id: str
    #: where the element is: a message (``ts``) or a modal (``view_id``)
    ts: str | None = None
    view_id: str | None = None
    #: the state fields of a pick, e.g. ``{"selected_option": {...}}`` (empty for a button)
    selected: Json = Field(default_factory=dict)
    #: the modal's current input values (``{block_id: {action_id: entry}}``)
    state: dict[str, dict[str, Json]] = Field(default_factory=dict)


class SubmitBody(_Body):
    view_id: str
    state: dict[str, dict[str, Json]] = Field(default_factory=dict)


class SuggestBody(_Body):
    view_id: str
    block_id: str
    action_id: str
    query: str


class CloseBody(_Body):
    view_id: str


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

    def _check_user(self, user: str) -> str:
        if user not in self.fake.users or self.fake.users[user].is_bot:
            raise DemoError(f"unknown user {user}")
        return user

    async def state(self, request: Request) -> Response:
        user = self._check_user(request.query_params.get("user") or DEFAULT_USER)
        return JSONResponse(demo_state(self.fake, user))

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
            if name != "/leonar":
                return {"ok": False, "client_error": f"{name} is not a valid command."}
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


def _json_route(api: DemoApi, name: str, model: type[_Body]) -> Route:
    async def endpoint(request: Request) -> Response:
        try:
            raw: Any = await request.json()
            body = model.model_validate(raw)
        except (ValueError, PydanticValidationError) as exc:
            return JSONResponse({"ok": False, "error": f"bad request: {exc}"}, status_code=400)
        try:
            answer: Json = await getattr(api, name)(body)
        except (DemoError, LookupError, ValueError, SlackProtocolError) as exc:
            return JSONResponse({"ok": False, "error": str(exc)}, status_code=400)
        except httpx.HTTPError as exc:
            return JSONResponse(
                {"ok": False, "error": f"the bot did not answer ({type(exc).__name__})"},
                status_code=502,
            )
        return JSONResponse(answer)

    return Route(f"/api/{name}", endpoint, methods=["POST"])


def create_demo_app(stack: Stack) -> Starlette:
    """The page and its JSON API over a running stack. Call ``close_streams(app)`` before
    stopping its server so open event streams end at once."""
    api = DemoApi(stack, asyncio.Event())

    async def index(_request: Request) -> Response:
        return FileResponse(STATIC_DIR / "index.html", headers={"Cache-Control": "no-store"})

    async def state(request: Request) -> Response:
        try:
            return await api.state(request)
        except DemoError as exc:
            return JSONResponse({"ok": False, "error": str(exc)}, status_code=400)

    async def no_icon(_request: Request) -> Response:
        return Response(status_code=204)

    routes = [
        Route("/", index, methods=["GET"]),
        Route("/favicon.ico", no_icon, methods=["GET"]),
        Route("/api/state", state, methods=["GET"]),
        Route("/api/events", api.events, methods=["GET"]),
        _json_route(api, "command", CommandBody),
        _json_route(api, "click", ClickBody),
        _json_route(api, "submit", SubmitBody),
        _json_route(api, "suggest", SuggestBody),
        _json_route(api, "close", CloseBody),
        Mount("/static", StaticFiles(directory=STATIC_DIR), name="static"),
    ]
    app = Starlette(routes=routes)
    app.state.demo_api = api
    return app


def close_streams(app: Starlette) -> None:
    """End the page's open event streams (before the server stops)."""
    api: DemoApi = app.state.demo_api
    api.closing.set()


# ---------------------------------------------------------------------------- the CLI entry


def banner(url: str) -> str:
    lines = [
        "",
        f"Leonar demo: open {url} in your browser.",
        "Everything runs here: a Slack-like page, the bot, and a Leonar sandbox with demo data.",
        "",
        "Try this in #general:",
        *(f"  {line}" for line in TRY_THIS),
        "",
        "Press Ctrl-C to stop.",
        "",
    ]
    return "\n".join(lines)


async def serve_demo(
    port: int = DEFAULT_PORT,
    *,
    host: str = "127.0.0.1",
    enrichment_delay: float = 8.0,
    database_url: str | None = None,
    ready: asyncio.Event | None = None,
    stop: asyncio.Event | None = None,
) -> None:
    """Run the demo until ``stop`` is set (or forever / until cancelled)."""
    async with running_demo(enrichment_delay=enrichment_delay, database_url=database_url) as stack:
        app = create_demo_app(stack)
        async with serve_asgi(app, host=host, port=port, shutdown_timeout=3.0) as url:
            try:
                sys.stdout.write(banner(url))
                sys.stdout.flush()
                if ready is not None:
                    ready.set()
                await (stop or asyncio.Event()).wait()
            finally:
                close_streams(app)


def run_demo(
    port: int = DEFAULT_PORT,
    *,
    enrichment_delay: float = 8.0,
    database_url: str | None = None,
) -> None:
    """``leonar-bot demo``: serve the page on ``http://127.0.0.1:{port}`` until Ctrl-C (or
    SIGTERM), then stop everything cleanly."""

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.add_signal_handler(sig, stop.set)
        await serve_demo(
            port, enrichment_delay=enrichment_delay, database_url=database_url, stop=stop
        )

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(main())
    sys.stdout.write("Demo stopped.\n")
