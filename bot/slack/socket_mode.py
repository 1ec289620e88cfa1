"""Socket Mode: the same Bolt app over a websocket (``leonar-bot socket``), for development
behind a firewall. Needs ``SLACK_APP_TOKEN`` (xapp-…) and ``SLACK_BOT_TOKEN``."""

from __future__ import annotations

import asyncio
import logging

from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

from bot.settings import Settings
from bot.slack.app import Wiring, build_bolt_app
from bot.slack.deps import open_deps

log = logging.getLogger(__name__)


def check_socket_settings(settings: Settings) -> None:
    """Raise ConfigError naming the first missing variable."""
    settings.require("slack_app_token", "slack_bot_token")


async def run_socket_mode(settings: Settings, wiring: Wiring) -> None:
    check_socket_settings(settings)
    assert settings.slack_app_token is not None
    async with open_deps(settings) as deps:
        bolt = build_bolt_app(settings, deps, wiring, socket_mode=True)
        handler = AsyncSocketModeHandler(bolt, settings.slack_app_token.get_secret_value())
        stop = await wiring.start_background(deps)
        try:
            await handler.connect_async()  # type: ignore[no-untyped-call]
            log.info("connected in Socket Mode")
            await asyncio.Event().wait()
        finally:
            await handler.close_async()  # type: ignore[no-untyped-call]
            if stop is not None:
                await stop()
