"""The ASGI app: one httpx client and one database per process, opened and closed in the
lifespan; ``POST /slack/events`` for every kind of Slack request, ``GET /healthz``,
``GET /metrics`` (with ``METRICS_TOKEN``), and the OAuth routes when OAuth is configured.

Shutdown (SIGTERM): uvicorn stops accepting connections and lets requests in progress get their
answer, then runs the lifespan's shutdown, which waits up to ``SHUTDOWN_GRACE`` seconds for the
follow-up work of acked requests (``bot.slack.inflight``) and for the inline poller's step before
closing the HTTP pool and the database."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import hmac
import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from slack_bolt.adapter.starlette.async_handler import (
    AsyncSlackRequestHandler,
    to_async_bolt_request,
    to_starlette_response,
)
from sqlalchemy import text
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from bot.log import install_redaction
from bot.metrics import ACK_SECONDS, POLLER_BACKLOG, SLACK_REQUESTS, render
from bot.settings import Settings
from bot.slack.ack_priority import PriorityAck
from bot.slack.app import INSTALL_PATH, REDIRECT_PATH, Wiring, build_bolt_app
from bot.slack.deps import Deps, open_deps
from bot.slack.inflight import track_listeners, wind_down
from bot.slack.payloads import envelope_problem
from bot.slack.telemetry import request_kind
from bot.store import Database

log = logging.getLogger(__name__)

#: Slack payloads are a few KB; anything near this is not from Slack
MAX_BODY_BYTES = 1_000_000
HEALTH_DB_TIMEOUT = 2.0


class BodyTooLarge(Exception):
    pass


async def read_body(request: Request, limit: int = MAX_BODY_BYTES) -> bytes:
    """The request body, or BodyTooLarge once it passes ``limit`` bytes."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise BodyTooLarge
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge
        chunks.append(chunk)
    return b"".join(chunks)


def settle_heap() -> None:
    """Move what start-up built (modules, the app, Bolt's listeners, pools) out of the garbage
    collector's sight: a full collection then walks only what requests allocate. Without it the
    periodic full collections paused the loop for tens of ms under load (p99 ack at 100
    requests/s 69-83 ms; with it 39-46 ms: docs/performance.md)."""
    gc.collect()
    gc.freeze()


def build_asgi_app(settings: Settings, wiring: Wiring, *, freeze_heap: bool = False) -> Starlette:
    """Build the web app around the listeners and background work ``wiring`` names (the
    composition root, bot/main.py, passes them in). Raises ConfigError at once when a required
    setting is missing."""
    settings.require_for_serve()
    Database.from_settings(settings)  # validates DATABASE_URL and ENCRYPTION_KEY (no I/O)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        app.state.ready = False
        install_redaction(settings)  # secrets are masked in every log record from here on
        async with open_deps(settings) as deps:
            bolt = build_bolt_app(settings, deps, wiring)
            app.state.deps = deps
            app.state.bolt = bolt
            app.state.slack_handler = AsyncSlackRequestHandler(bolt)
            app.state.inflight = inflight = track_listeners(bolt)
            stop = await wiring.start_background(deps)
            app.state.background = stop
            try:
                if freeze_heap:  # a server process (not a test process hosting many apps)
                    settle_heap()
                app.state.ready = True
                log.info("ready (oauth=%s, poller=%s)", settings.oauth_enabled, settings.poller)
                yield
            finally:
                app.state.ready = False
                await wind_down(deps, inflight, stop)

    async def slack_events(request: Request) -> Response:
        started = time.perf_counter()
        if not getattr(request.app.state, "ready", False):
            SLACK_REQUESTS.labels("unknown", "not_ready").inc()
            return PlainTextResponse("starting", status_code=503)
        try:
            body = await read_body(request)
        except BodyTooLarge:
            SLACK_REQUESTS.labels("unknown", "malformed").inc()
            return PlainTextResponse("request body too large", status_code=413)
        try:
            body.decode("utf-8")
            bolt_request = to_async_bolt_request(request, body)
        except (ValueError, TypeError, AttributeError, KeyError):
            # not UTF-8, or not what its content type says: nothing Slack would send
            SLACK_REQUESTS.labels("unknown", "malformed").inc()
            return PlainTextResponse("malformed request body", status_code=400)
        if envelope_problem(bolt_request.body) is not None:
            # e.g. "event": null would trip Bolt's own middleware (a 500) before any listener
            SLACK_REQUESTS.labels("unknown", "malformed").inc()
            return PlainTextResponse("malformed request body", status_code=400)
        gate = request.app.state.deps.ack_gate
        ticket = gate.enter()
        kind = request_kind(bolt_request.body)
        status = 500
        try:
            if kind != "event":
                # events are acked by Bolt itself before their listener starts
                bolt_request.context["ack"] = PriorityAck(gate, ticket)
            bolt_response = await request.app.state.bolt.async_dispatch(bolt_request)
            status = bolt_response.status
            return to_starlette_response(bolt_response)
        finally:
            gate.leave(ticket)
            _count(kind, status, started)

    async def oauth(request: Request) -> Response:
        if not getattr(request.app.state, "ready", False):
            return PlainTextResponse("starting", status_code=503)
        handler: AsyncSlackRequestHandler = request.app.state.slack_handler
        return await handler.handle(request)

    async def healthz(request: Request) -> Response:
        state = request.app.state
        if not getattr(state, "ready", False):
            return JSONResponse({"ok": False, "status": "starting"}, status_code=503)
        deps: Deps = state.deps
        try:
            async with asyncio.timeout(HEALTH_DB_TIMEOUT):
                async with deps.db.engine.connect() as conn:
                    await conn.execute(text("SELECT 1"))
        except Exception as exc:  # any failure here means "not healthy"; say which kind
            log.warning("health check: database unreachable (%s)", type(exc).__name__)
            return JSONResponse({"ok": False, "database": "unreachable"}, status_code=503)
        payload: dict[str, Any] = {
            "ok": True,
            "database": "ok",
            "oauth": settings.oauth_enabled,
            "poller": await wiring.background_health(deps, getattr(state, "background", None)),
        }
        return JSONResponse(payload)

    async def metrics(request: Request) -> Response:
        token = settings.metrics_token.get_secret_value() if settings.metrics_token else ""
        if not token:
            return PlainTextResponse("not found", status_code=404)
        given = request.headers.get("authorization", "")
        if not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
            return PlainTextResponse("unauthorized", status_code=401)
        state = request.app.state
        if getattr(state, "ready", False):
            with contextlib.suppress(Exception):  # a scrape never fails on the database
                async with asyncio.timeout(HEALTH_DB_TIMEOUT):
                    POLLER_BACKLOG.set(await state.deps.db.jobs.pending_count())
        body, content_type = render()
        return Response(body, media_type=content_type)

    routes = [
        Route("/slack/events", slack_events, methods=["POST"]),
        Route("/healthz", healthz, methods=["GET"]),
        Route("/metrics", metrics, methods=["GET"]),
    ]
    if settings.oauth_enabled:
        routes.append(Route(INSTALL_PATH, oauth, methods=["GET"]))
        routes.append(Route(REDIRECT_PATH, oauth, methods=["GET"]))
    app = Starlette(routes=routes, lifespan=lifespan)
    app.state.ready = False
    app.state.settings = settings
    return app


def _count(kind: str, status: int, started: float) -> None:
    """One Slack request answered: its kind, outcome and ack latency."""
    if status < 400:
        outcome = "ok"
    elif status in (401, 403):
        outcome = "rejected"  # bad signature or stale timestamp
    elif status < 500:
        outcome = "malformed"
    else:
        outcome = "error"
    SLACK_REQUESTS.labels(kind, outcome).inc()
    ACK_SECONDS.labels(kind).observe(time.perf_counter() - started)
