"""The whole bot on loopback ports, for end-to-end tests and the demo::

    async with running_stack() as stack:
        response = await stack.driver.command("/leonar", "help")
        ...

Starts the Leonar sandbox (demo data), the fake Slack, and the bot's ASGI app with settings
pointing at both (a temporary SQLite file unless ``database_url`` is given, a fresh Fernet
``ENCRYPTION_KEY``, ``LEONAR_API_KEY=leo_sandbox``). Everything is closed on the way out.
"""

from __future__ import annotations

import tempfile
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from cryptography.fernet import Fernet
from starlette.applications import Starlette

from bot.main import create_app
from bot.settings import Settings, load_settings
from bot.slack.deps import Deps
from standins.leonar import API_PREFIX, DEFAULT_KEY, SandboxState, create_leonar_sandbox
from standins.serve import serve_asgi
from standins.slack import FakeSlack, SlackDriver

SIGNING_SECRET = "test-signing-secret"
BOT_TOKEN = "xoxb-test-token"


@dataclass
class Stack:
    """A running bot with its fake Slack and Leonar sandbox."""

    settings: Settings
    fake: FakeSlack
    driver: SlackDriver
    #: the Leonar sandbox's state: data, knobs (latency, force_429, ...) and recorded requests
    leonar: SandboxState
    #: the bot's base URL (``{bot_url}/slack/events``, ``{bot_url}/healthz``)
    bot_url: str
    slack_url: str
    leonar_url: str
    #: an httpx client for the test's own requests (the driver uses it too)
    http: httpx.AsyncClient
    app: Starlette

    @property
    def deps(self) -> Deps:
        """The bot's live Deps (database, settings, ...), e.g. to seed a user key."""
        deps: Deps = self.app.state.deps
        return deps


def stack_settings(
    *, slack_api_url: str, leonar_api_url: str, database_url: str, **overrides: Any
) -> Settings:
    """Settings for a test stack; ``overrides`` win (any Settings field, lower case)."""
    values: dict[str, Any] = {
        "slack_signing_secret": SIGNING_SECRET,
        "slack_bot_token": BOT_TOKEN,
        "slack_app_token": None,
        "slack_client_id": None,
        "slack_client_secret": None,
        "slack_api_url": slack_api_url,
        "leonar_api_url": leonar_api_url,
        "leonar_api_key": DEFAULT_KEY,
        "database_url": database_url,
        "encryption_key": Fernet.generate_key().decode(),
        "allowed_users": "",
    }
    values.update(overrides)
    return load_settings(**values)


@asynccontextmanager
async def running_stack(
    *,
    leonar: SandboxState | None = None,
    database_url: str | None = None,
    **overrides: Any,
) -> AsyncIterator[Stack]:
    """Start sandbox, fake Slack and bot; ``overrides`` are Settings fields for the bot."""
    state = leonar if leonar is not None else SandboxState.demo()
    fake = FakeSlack(signing_secret=SIGNING_SECRET, bot_token=BOT_TOKEN)
    with tempfile.TemporaryDirectory(prefix="leonar-stack-") as tmp:
        async with AsyncExitStack() as stack:
            slack_url = await stack.enter_async_context(serve_asgi(fake.app))
            fake.base_url = slack_url
            leonar_base = await stack.enter_async_context(serve_asgi(create_leonar_sandbox(state)))
            db_url = database_url or f"sqlite+aiosqlite:///{Path(tmp) / 'bot.db'}"
            settings = stack_settings(
                slack_api_url=fake.api_url,
                leonar_api_url=leonar_base + API_PREFIX,
                database_url=db_url,
                **overrides,
            )
            app = create_app(settings)
            bot_url = await stack.enter_async_context(serve_asgi(app, lifespan="on"))
            fake.app_url = f"{bot_url}/slack/events"
            http = await stack.enter_async_context(httpx.AsyncClient(timeout=30.0))
            yield Stack(
                settings=settings,
                fake=fake,
                driver=SlackDriver(fake, http),
                leonar=state,
                bot_url=bot_url,
                slack_url=slack_url,
                leonar_url=leonar_base + API_PREFIX,
                http=http,
                app=app,
            )
