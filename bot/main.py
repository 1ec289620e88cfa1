"""The composition root: the one place that knows every layer. It plugs the listeners
(``handlers``) and the background work (the enrichment poller) into the Slack app, and builds the
ASGI app (``leonar-bot serve``, uvicorn's factory) and the Socket Mode runner."""

from __future__ import annotations

from starlette.applications import Starlette

from bot.enrichment.inline import background_health, run_worker, start_background
from bot.log import configure_logging
from bot.settings import Settings, load_settings
from bot.slack.app import Stop, Wiring
from bot.slack.asgi import build_asgi_app
from bot.slack.deps import Deps
from bot.slack.socket_mode import run_socket_mode
from bot.watching import WatchLoop
from handlers import register_handlers

#: background loops run beside the enrichment poller (inline and in ``leonar-bot worker``)
COMPANIONS = (WatchLoop,)


async def start_loops(deps: Deps) -> Stop | None:
    """The enrichment poller and the watch loop in this process (``POLLER=inline``)."""
    return await start_background(deps, COMPANIONS)


async def run_worker_loops(settings: Settings) -> None:
    """``leonar-bot worker``: the enrichment poller and the watch loop."""
    await run_worker(settings, COMPANIONS)


WIRING = Wiring(
    register=register_handlers,
    start_background=start_loops,
    background_health=background_health,
)


def create_app(settings: Settings, *, freeze_heap: bool = False) -> Starlette:
    """The web app (``POST /slack/events``, ``GET /healthz``, OAuth routes when configured)."""
    return build_asgi_app(settings, WIRING, freeze_heap=freeze_heap)


def create_app_from_env() -> Starlette:
    """Factory for ``uvicorn --factory bot.main:create_app_from_env`` (one per worker process)."""
    settings = load_settings()
    configure_logging(settings)
    return create_app(settings, freeze_heap=True)


async def run_socket(settings: Settings) -> None:
    """``leonar-bot socket``: the same app over Socket Mode."""
    await run_socket_mode(settings, WIRING)
