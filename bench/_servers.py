"""The servers the load benchmarks start as subprocesses (one process each, like production).

    python -m bench._servers leonar --port 8787 --latency 2     # Leonar sandbox, 2 s per answer
    python -m bench._servers slack --port 8788 --secret S --app-url URL   # fake Slack + /bench/*
    python -m bench._servers bare --port 8789 --secret S        # Bolt AsyncApp that only acks

The fake Slack adds routes for the load generator: ``POST /bench/mint`` (trigger ids and
response URLs minted in bulk before a timed phase), ``GET /bench/stats`` (Web API calls by
method, messages stored, enrichment notifications by job id), ``POST /bench/channels`` (channels
with the bot in them, one per flow, so every call can be told apart), ``GET /bench/calls`` (each
Web API call and response_url post with the wall-clock time it arrived) and
``GET /bench/buttons`` (per channel, the first button with an action id and its message).
"""

from __future__ import annotations

import argparse
import logging
import re
import sys
import time
from collections import Counter
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route

from bot.ui.actions import ENRICH_EVENT

BOT_TOKEN = "xoxb-bench-token"


class Stamped(list[Any]):
    """A list that remembers when each item was appended (wall clock, comparable across
    processes on one machine)."""

    def __init__(self) -> None:
        super().__init__()
        self.times: list[float] = []

    def append(self, item: Any) -> None:
        self.times.append(time.time())
        super().append(item)

    def clear(self) -> None:
        self.times.clear()
        super().clear()


def _call_row(t: float, call: Any) -> dict[str, Any]:
    """What the flows benchmark needs of one Web API call (which flow, which step, when)."""
    args, response = call.args, call.response or {}
    view = response.get("view") if isinstance(response.get("view"), dict) else {}
    return {
        "t": t,
        "method": call.method,
        "ok": bool(response.get("ok")),
        "error": response.get("error"),
        "detail": (response.get("response_metadata") or {}).get("messages"),
        "channel": args.get("channel"),
        "thread_ts": args.get("thread_ts"),
        "trigger_id": args.get("trigger_id"),
        "view_id": args.get("view_id") or view.get("id"),
        "ts": response.get("ts"),
    }


def _buttons(fake: Any, action_id: str, value: str | None = None) -> dict[str, dict[str, Any]]:
    """Per channel, the first button ``action_id`` (with ``value`` when given) in a message (its
    value, block, message)."""
    found: dict[str, dict[str, Any]] = {}
    for message in fake.all_messages():
        if message.channel in found:
            continue
        for block in message.blocks:
            for element in block.get("elements") or [block.get("accessory") or {}]:
                if (
                    isinstance(element, dict)
                    and element.get("action_id") == action_id
                    and value in (None, element.get("value"))
                ):
                    found[message.channel] = {
                        "value": element.get("value"),
                        "block_id": block.get("block_id"),
                        "ts": message.ts,
                        "thread_ts": message.thread_ts or message.ts,
                    }
                    break
            if message.channel in found:
                break
    return found


def notified_jobs(messages: list[Any]) -> Counter[str]:
    """Enrichment notifications per job id among fake-Slack messages (by their metadata)."""
    counts: Counter[str] = Counter()
    for message in messages:
        metadata = message.metadata
        if isinstance(metadata, dict) and metadata.get("event_type") == ENRICH_EVENT:
            payload = metadata.get("event_payload") or {}
            counts[str(payload.get("job_id"))] += 1
    return counts


def leonar_app(latency: float) -> Any:
    from standins.leonar import SandboxState, create_leonar_sandbox

    state = SandboxState.demo()
    state.latency = latency
    state.rate_limit = 100_000_000
    state.credits = 100_000_000
    state.enrichment_delay = 3.0
    app = create_leonar_sandbox(state)

    served = [0]

    # recorded requests would grow without bound under load: keep only the newest 1,000;
    # GET /bench/count answers how many requests were served (the flows benchmark's Leonar calls)
    async def forgetful(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope["path"] == "/bench/count":
            await JSONResponse({"served": served[0]})(scope, receive, send)
            return
        if scope["type"] == "http":
            served[0] += 1
        await app(scope, receive, send)
        if len(state.requests) > 2_000:
            del state.requests[:-1_000]

    return forgetful


def slack_app(secret: str, app_url: str | None, port: int) -> Starlette:
    from standins.slack import FakeSlack
    from standins.slack.state import Channel, User

    fake = FakeSlack(signing_secret=secret, bot_token=BOT_TOKEN)
    fake.base_url = f"http://127.0.0.1:{port}"
    fake.app_url = app_url
    fake.calls = Stamped()
    fake.responses = Stamped()

    async def mint(request: Request) -> Response:
        body = await request.json()
        n = int(body.get("n", 1))
        channel = str(body.get("channel", "C0GENERAL"))
        # one channel per URL when "channels" is given (the flows benchmark)
        channels = [str(c) for c in body.get("channels") or [channel] * n]
        user = str(body.get("user", "U0ALICE"))
        # the channel's own person (see /bench/channels) when asked
        users = [f"U{c[1:]}" if body.get("per_channel_user") else user for c in channels]
        return JSONResponse(
            {
                "response_urls": [fake.new_response_url(c, u) for c, u in zip(channels, users, strict=True)],
                "trigger_ids": [fake.new_trigger(u) for u in users],
            }
        )

    async def stats(_request: Request) -> Response:
        calls = Counter(c.method for c in fake.calls)
        rate_limited = sum(1 for c in fake.calls if c.status == 429)
        messages = fake.all_messages()
        return JSONResponse(
            {
                "calls": dict(calls),
                "rate_limited": rate_limited,
                "messages": len(messages),
                "responses": len(fake.responses),
                "notified": dict(notified_jobs(messages)),
            }
        )

    async def reset(_request: Request) -> Response:
        fake.calls.clear()
        fake.responses.clear()
        return JSONResponse({"ok": True})

    async def channels(request: Request) -> Response:
        body = await request.json()
        prefix, n = str(body.get("prefix", "CB")), int(body.get("n", 1))
        users = {"U0ALICE", "U0BOB", fake.bot_user_id}
        ids = [f"C{prefix}{i:05d}" for i in range(n)]
        for cid in ids:
            # one person per channel too (U + the channel id): a modal stack is per person
            person = fake.add_user(User(f"U{cid[1:]}", cid.lower(), f"Bench {cid}"))
            fake.add_channel(Channel(cid, cid.lower(), members={*users, person.id}))
        return JSONResponse({"channels": ids})

    async def calls(request: Request) -> Response:
        since = float(request.query_params.get("since", 0))
        stamped = zip(fake.calls.times, fake.calls, strict=True)
        rows = [_call_row(t, c) for t, c in stamped if t >= since]
        for t, post in zip(fake.responses.times, fake.responses, strict=True):
            if t < since:
                continue
            url = fake._response_urls.get(post.url_token)  # noqa: SLF001  (the bench's own fake)
            channel = url.channel if url is not None else None
            rows.append({"t": t, "method": "response_url", "ok": post.status == 200,
                         "channel": channel, "thread_ts": None, "trigger_id": None,
                         "view_id": None, "ts": None})
        return JSONResponse({"calls": rows})

    async def buttons(request: Request) -> Response:
        q = request.query_params
        return JSONResponse(_buttons(fake, q.get("action_id", ""), q.get("value")))

    return Starlette(
        routes=[
            Route("/bench/mint", mint, methods=["POST"]),
            Route("/bench/stats", stats, methods=["GET"]),
            Route("/bench/reset", reset, methods=["POST"]),
            Route("/bench/channels", channels, methods=["POST"]),
            Route("/bench/calls", calls, methods=["GET"]),
            Route("/bench/buttons", buttons, methods=["GET"]),
            Mount("/", app=fake.app),
        ]
    )


def bare_app(secret: str, slack_api_url: str) -> Starlette:
    """The ceiling: the same Bolt + starlette adapter + uvicorn, handlers that only ack.

    Its one Web API call (auth.test, once, as the bot's) goes to the fake Slack."""
    from slack_bolt.app.async_app import AsyncApp
    from slack_sdk.web.async_client import AsyncWebClient

    client = AsyncWebClient(token=BOT_TOKEN, base_url=slack_api_url)
    bolt = AsyncApp(signing_secret=secret, client=client)

    @bolt.command("/leonar")
    async def on_command(ack: Any) -> None:
        await ack()

    @bolt.action(re.compile(".*"))
    async def on_action(ack: Any) -> None:
        await ack()

    return bolt_starlette(bolt)


def bolt_starlette(bolt: Any, **starlette: Any) -> Starlette:
    """A Bolt AsyncApp behind the starlette adapter: POST /slack/events and GET /healthz."""
    from slack_bolt.adapter.starlette.async_handler import AsyncSlackRequestHandler

    handler = AsyncSlackRequestHandler(bolt)

    async def events(request: Request) -> Response:
        return await handler.handle(request)

    async def healthz(_request: Request) -> Response:
        return JSONResponse({"ok": True})

    return Starlette(
        routes=[
            Route("/slack/events", events, methods=["POST"]),
            Route("/healthz", healthz, methods=["GET"]),
        ],
        **starlette,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="bench servers")
    parser.add_argument("kind", choices=["leonar", "slack", "bare"])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--latency", type=float, default=0.0)
    parser.add_argument("--secret", default="bench-signing-secret")
    parser.add_argument("--app-url", default=None)
    parser.add_argument("--slack-api-url", default="http://127.0.0.1:9/api/")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    app: Any
    if args.kind == "leonar":
        app = leonar_app(args.latency)
    elif args.kind == "slack":
        app = slack_app(args.secret, args.app_url, args.port)
    else:
        app = bare_app(args.secret, args.slack_api_url)
    # the same uvicorn.run defaults as `leonar-bot serve` (access log on for the bare app too)
    uvicorn.run(
        app,
        host="127.0.0.1",
        port=args.port,
        log_level="warning" if args.kind != "bare" else "info",
        access_log=args.kind == "bare",
        proxy_headers=True,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
