"""``leonar-bot demo``: the whole bot in a local Slack-like web page, no account needed.

One process runs the Leonar sandbox (demo data), the fake Slack, the bot (HTTP mode, SQLite in a
temporary directory, inline poller) and this page. The page's server side speaks to the bot
exactly as Slack does: every command, click, submission and typed message goes through
``SlackDriver`` as a signed request to ``/slack/events``, and the bot's Web API calls land in the
same ``FakeSlack`` the tests use. The browser follows the fake's ``EventHub`` through
server-sent events, so messages the bot posts later (enrichment notices) appear by themselves.

    async with demo_site(enrichment_delay=1.0) as site:
        ...  # site.url, site.stack, site.app
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from pydantic import ValidationError as PydanticValidationError
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from standins.demo_api import (
    Body,
    ClickBody,
    CloseBody,
    CommandBody,
    DemoApi,
    DemoError,
    HomeBody,
    SubmitBody,
    SuggestBody,
)
from standins.demo_view import (
    PHOTO_PATH,
    host_photos,
    photo_svg,
)
from standins.harness import Stack, running_stack
from standins.leonar import SandboxState
from standins.serve import serve_asgi
from standins.slack import SlackProtocolError
from standins.slack.blockkit import Json

#: the demo: an entry moves one stage every 45 s; watches are checked every 15 s
DEMO_MOVE_EVERY = 45.0
DEMO_WATCH_INTERVAL = 15.0

STATIC_DIR = Path(__file__).resolve().parent / "static"
DEFAULT_PORT = 3000
#: the demo's suggested LinkedIn URL: Sophie Martin, a contact in the sandbox (it unfurls)
SUGGESTED_LINKEDIN_URL = "https://www.linkedin.com/in/sophie-martin"

TRY_THIS = (
    "/leonar help",
    "/leonar search react in Paris      (then open the thread and click Enrich)",
    "/leonar source react developer",
    "/leonar add Sophie Martin",
    "/leonar deal new",
    f"paste {SUGGESTED_LINKEDIN_URL} in a message (it unfurls)",
    "/invite @Leonar in #secret-hiring, then /leonar search there",
    "open Leonar under Apps for its Home tab",
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
    state.auto_move_every = DEMO_MOVE_EVERY  # watched projects change on their own (/leonar watch)
    async with running_stack(
        leonar=state,
        database_url=database_url,
        poller="inline",
        enrichment_poll_interval=poll_interval,
        watch_interval=DEMO_WATCH_INTERVAL,
    ) as stack:
        yield stack


def _json_route(api: DemoApi, name: str, model: type[Body]) -> Route:
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

    async def photo(request: Request) -> Response:
        name = str(request.path_params["name"])
        return Response(
            photo_svg(name),
            media_type="image/svg+xml",
            headers={"Cache-Control": "public, max-age=3600"},
        )

    routes = [
        Route("/", index, methods=["GET"]),
        Route("/favicon.ico", no_icon, methods=["GET"]),
        Route("/api/state", state, methods=["GET"]),
        Route("/api/events", api.events, methods=["GET"]),
        Route(PHOTO_PATH + "{name:str}.svg", photo, methods=["GET"]),
        _json_route(api, "command", CommandBody),
        _json_route(api, "click", ClickBody),
        _json_route(api, "submit", SubmitBody),
        _json_route(api, "suggest", SuggestBody),
        _json_route(api, "close", CloseBody),
        _json_route(api, "home", HomeBody),
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


@dataclass
class DemoSite:
    """The demo page served over a running stack."""

    stack: Stack
    app: Starlette
    url: str


@asynccontextmanager
async def demo_site(
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    enrichment_delay: float = 8.0,
    poll_interval: float = 1.0,
    database_url: str | None = None,
) -> AsyncIterator[DemoSite]:
    """The stack, the page's server on ``host:port`` (0: any free port) and the sandbox's photos
    served by the page itself; open event streams end before the server stops."""
    async with running_demo(
        enrichment_delay=enrichment_delay, poll_interval=poll_interval, database_url=database_url
    ) as stack:
        app = create_demo_app(stack)
        async with serve_asgi(app, host=host, port=port, shutdown_timeout=3.0) as url:
            host_photos(stack.leonar, url)
            try:
                yield DemoSite(stack, app, url)
            finally:
                close_streams(app)


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
    async with demo_site(
        host=host, port=port, enrichment_delay=enrichment_delay, database_url=database_url
    ) as site:
        sys.stdout.write(banner(site.url))
        sys.stdout.flush()
        if ready is not None:
            ready.set()
        await (stop or asyncio.Event()).wait()


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
