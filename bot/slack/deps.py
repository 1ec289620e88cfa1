"""What every listener needs, built once per process in the ASGI lifespan and injected by Bolt
middleware (inside the request's ``Interaction``)."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

import aiohttp
import httpx
from slack_sdk.errors import SlackTokenRotationError
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.oauth.token_rotation.async_rotator import AsyncTokenRotator
from slack_sdk.web.async_client import AsyncWebClient

from bot.http import open_http
from bot.leonar.budget import RateBudgets
from bot.leonar.client import LeonarClient
from bot.services.cache import TTLCache
from bot.services.identity import KeyResolver
from bot.settings import Settings
from bot.slack.ack_priority import AckGate
from bot.slack.telemetry import SlackErrorCounter
from bot.slack.threads import Poster
from bot.store import Database

log = logging.getLogger(__name__)

#: with token rotation on, an installation's token is refreshed this long before it expires
TOKEN_ROTATION_MINUTES = 120


def make_slack_client(
    settings: Settings, token: str | None = None, session: aiohttp.ClientSession | None = None
) -> AsyncWebClient:
    """An AsyncWebClient on ``SLACK_API_URL`` that waits out 429s and retries 5xx/connection
    errors. Pass the process's aiohttp ``session`` (``Deps.session``) to reuse its connections;
    without one, slack_sdk opens a session (and a TCP connection) per call."""
    return AsyncWebClient(
        base_url=settings.slack_api_url,
        token=token,
        session=session,
        retry_handlers=[
            SlackErrorCounter(),  # counts failures (metrics), never retries
            AsyncRateLimitErrorRetryHandler(max_retry_count=3),
            AsyncServerErrorRetryHandler(max_retry_count=2),
            AsyncConnectionErrorRetryHandler(max_retry_count=2),
        ],
    )


@dataclass
class Deps:
    """Shared, process-wide parts. Cheap things (Leonar clients, posters) are made per use."""

    settings: Settings
    http: httpx.AsyncClient
    db: Database
    budgets: RateBudgets
    #: short-lived cache of Leonar lists (projects, stages, ...): ``cache.get_or_load(key, loader)``
    cache: TTLCache = field(default_factory=TTLCache)
    #: the aiohttp session under ``http``: Slack Web API clients share its connections
    session: aiohttp.ClientSession | None = None
    #: Slack requests not answered yet: follow-up work waits for their acks (HTTP mode)
    ack_gate: AckGate = field(default_factory=AckGate)
    #: the one key resolver (own key, else the workspace's, else LEONAR_API_KEY)
    keys: KeyResolver = field(init=False)

    def __post_init__(self) -> None:
        self.keys = KeyResolver(self.db, self.settings)

    def leonar(self, api_key: str) -> LeonarClient:
        """A Leonar client for ``api_key`` sharing the one httpx client and rate budgets."""
        return LeonarClient(
            self.http,
            base_url=self.settings.leonar_api_url,
            api_key=api_key,
            budgets=self.budgets,
        )

    def background_leonar(self, api_key: str, *, clock: Callable[[], float]) -> LeonarClient:
        """A client for background loops: no retries (a 429 or an error moves the next try
        instead of holding the loop), on the loop's clock."""
        return LeonarClient(
            self.http,
            base_url=self.settings.leonar_api_url,
            api_key=api_key,
            budgets=self.budgets,
            max_retries=0,
            clock=clock,
        )

    async def leonar_for(self, team_id: str | None, user_id: str | None) -> LeonarClient | None:
        """A client with this person's key (``keys.resolve``), or None when they have none."""
        owned = await self.keys.resolve(team_id, user_id)
        return self.leonar(owned[1]) if owned else None

    async def bot_token(self, team_id: str | None) -> str | None:
        """The bot token for a workspace: ``SLACK_BOT_TOKEN``, else the OAuth installation's."""
        if not self.settings.oauth_enabled and self.settings.slack_bot_token is not None:
            return self.settings.slack_bot_token.get_secret_value()
        bot = await self.db.installation_store.async_find_bot(
            enterprise_id=None, team_id=team_id, is_enterprise_install=False
        )
        if bot is not None and bot.bot_token:
            if bot.bot_refresh_token and self.settings.oauth_enabled:
                return await self._rotated_bot_token(team_id) or str(bot.bot_token)
            return str(bot.bot_token)
        if self.settings.slack_bot_token is not None:
            return self.settings.slack_bot_token.get_secret_value()
        return None

    async def _rotated_bot_token(self, team_id: str | None) -> str | None:
        """With token rotation, refresh an expiring installation's token and save it (what Bolt
        does for each request; the poller and the worker need it too)."""
        store = self.db.installation_store
        installation = await store.async_find_installation(
            enterprise_id=None, team_id=team_id, is_enterprise_install=False
        )
        secret = self.settings.slack_client_secret
        if installation is None or not self.settings.slack_client_id or secret is None:
            return None
        rotator = AsyncTokenRotator(
            client_id=self.settings.slack_client_id,
            client_secret=secret.get_secret_value(),
            client=make_slack_client(self.settings, session=self.session),
        )
        try:
            rotated = await rotator.perform_token_rotation(
                installation=installation, minutes_before_expiration=TOKEN_ROTATION_MINUTES
            )
        except SlackTokenRotationError as exc:
            log.warning("Slack token rotation failed: %s", exc.api_error.response.get("error"))
            return installation.bot_token
        if rotated is None:
            return installation.bot_token
        await store.async_save(rotated)
        log.info("rotated the bot token of an installation")
        return rotated.bot_token

    async def slack_client(self, team_id: str | None) -> AsyncWebClient:
        """A Web API client for a workspace, for work outside a Slack request (e.g. the poller)."""
        return make_slack_client(self.settings, await self.bot_token(team_id), self.session)

    def poster(self, client: AsyncWebClient) -> Poster:
        """The one way to post: pass the request's ``client`` (or ``await slack_client(team)``)."""
        return Poster(client, self.http)


@asynccontextmanager
async def open_deps(settings: Settings) -> AsyncIterator[Deps]:
    """Open the process's ONE HTTP client (httpx over one aiohttp pool, bot/http.py) and ONE
    database (connected and migrated), yield the Deps, and close them on the way out. Used by the
    web lifespan, Socket Mode and the worker."""
    async with open_http() as (http, session):
        db = Database.from_settings(settings)
        try:
            await db.connect()
            await db.migrate()
            yield Deps(
                settings=settings,
                http=http,
                db=db,
                budgets=RateBudgets(),
                session=session,
            )
        finally:
            await db.close()
