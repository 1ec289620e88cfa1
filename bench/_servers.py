"""The servers the load benchmarks start as subprocesses (one process each, like production).

    python -m bench._servers leonar --port 8787 --latency 2     # Leonar sandbox, 2 s per answer
    python -m bench._servers slack --port 8788 --secret S --app-url URL   # fake Slack + /bench/*
    python -m bench._servers bare --port 8789 --secret S        # Bolt AsyncApp that only acks

The fake Slack adds two routes for the load generator: ``POST /bench/mint`` (trigger ids and
response URLs minted in bulk before a timed phase) and ``GET /bench/stats`` (Web API calls by
method, messages stored, enrichment notifications by job id).
"""

from __future__ import annotations

import argparse
import logging
import re
import sys
from collections import Counter
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route

from bot.ui.actions import ENRICH_EVENT

BOT_TOKEN = "xoxb-bench-token"


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

    # recorded requests would grow without bound under load: keep only the newest 1,000
    async def forgetful(scope: Any, receive: Any, send: Any) -> None:
        await app(scope, receive, send)
        if len(state.requests) > 2_000:
            del state.requests[:-1_000]

    return forgetful


def slack_app(secret: str, app_url: str | None, port: int) -> Starlette:
    from standins.slack import FakeSlack

    fake = FakeSlack(signing_secret=secret, bot_token=BOT_TOKEN)
    fake.base_url = f"http://127.0.0.1:{port}"
    fake.app_url = app_url

    async def mint(request: Request) -> Response:
        body = await request.json()
        n = int(body.get("n", 1))
        channel = str(body.get("channel", "C0GENERAL"))
        user = str(body.get("user", "U0ALICE"))
        return JSONResponse(
            {
                "response_urls": [fake.new_response_url(channel, user) for _ in range(n)],
                "trigger_ids": [fake.new_trigger(user) for _ in range(n)],
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
        return JSONResponse({"ok": True})

    return Starlette(
        routes=[
            Route("/bench/mint", mint, methods=["POST"]),
            Route("/bench/stats", stats, methods=["GET"]),
            Route("/bench/reset", reset, methods=["POST"]),
            Mount("/", app=fake.app),
        ]
    )


def bare_app(secret: str, slack_api_url: str) -> Starlette:
    """The ceiling: the same Bolt + starlette adapter + uvicorn, handlers that only ack.

    Its one Web API call (auth.test, once, as the bot's) goes to the fake Slack."""
    from slack_bolt.adapter.starlette.async_handler import AsyncSlackRequestHandler
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

    handler = AsyncSlackRequestHandler(bolt)

    async def events(request: Request) -> Response:
        return await handler.handle(request)

    async def healthz(_request: Request) -> Response:
        return JSONResponse({"ok": True})

    return Starlette(
        routes=[
            Route("/slack/events", events, methods=["POST"]),
            Route("/healthz", healthz, methods=["GET"]),
        ]
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
