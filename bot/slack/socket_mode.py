"""Socket Mode: the same Bolt app over a websocket (``leonar-bot socket``), for development
behind a firewall. Needs ``SLACK_APP_TOKEN`` (xapp-…) and ``SLACK_BOT_TOKEN``.

Shutdown (SIGTERM or SIGINT) drains like the web process: the socket is closed first (Slack
sends nothing more to this process), then the follow-up work of acked requests and the inline
poller get up to ``SHUTDOWN_GRACE`` seconds (``bot.slack.inflight.wind_down``), the people whose
work was cut off are told, and the HTTP pool and the database are closed."""

from __future__ import annotations

import asyncio
import logging
import signal

from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

from bot.settings import Settings
from bot.slack.app import Wiring, build_bolt_app
from bot.slack.deps import open_deps
from bot.slack.inflight import track_listeners, wind_down

log = logging.getLogger(__name__)

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)


def check_socket_settings(settings: Settings) -> None:
    """Raise ConfigError naming the first missing variable."""
    settings.require("slack_app_token", "slack_bot_token")


async def run_socket_mode(settings: Settings, wiring: Wiring) -> None:
    """Connect and handle Slack's requests until SIGTERM/SIGINT, then drain and return."""
    check_socket_settings(settings)
    assert settings.slack_app_token is not None
    loop = asyncio.get_running_loop()
    stopping = asyncio.Event()
    for sig in STOP_SIGNALS:
        loop.add_signal_handler(sig, stopping.set)
    try:
        async with open_deps(settings) as deps:
            bolt = build_bolt_app(settings, deps, wiring, socket_mode=True)
            inflight = track_listeners(bolt)
            handler = AsyncSocketModeHandler(bolt, settings.slack_app_token.get_secret_value())
            stop = await wiring.start_background(deps)
            # connecting retries until it succeeds: a signal meanwhile stops it too
            connecting = asyncio.ensure_future(handler.connect_async())  # type: ignore[no-untyped-call]
            signalled = asyncio.ensure_future(stopping.wait())
            try:
                await asyncio.wait({connecting, signalled}, return_when=asyncio.FIRST_COMPLETED)
                if connecting.done():
                    connecting.result()
                    log.info("connected in Socket Mode")
                await signalled
                log.info(
                    "stopping: closing the socket, then up to %.0fs for %d follow-up task(s)",
                    settings.shutdown_grace,
                    len(inflight),
                )
            finally:
                for task in (connecting, signalled):
                    task.cancel()
                await handler.close_async()  # type: ignore[no-untyped-call]
                await wind_down(deps, inflight, stop)
        log.info("Socket Mode stopped")
    finally:
        for sig in STOP_SIGNALS:
            loop.remove_signal_handler(sig)
