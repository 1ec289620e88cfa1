"""The Bolt app factory: signature verification, token or OAuth, deps injection, Slack retries,
the allow-list, the request's ``Interaction`` and the global error handler. The listeners and the
background work come from the composition root (bot/main.py) as a ``Wiring``."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx
from slack_bolt import BoltResponse
from slack_bolt.async_app import AsyncApp, AsyncBoltContext, AsyncBoltRequest
from slack_bolt.authorization.async_authorize import AsyncInstallationStoreAuthorize
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_sdk.errors import SlackApiError

from bot.leonar.errors import AuthenticationError
from bot.settings import Settings
from bot.slack.deps import TOKEN_ROTATION_MINUTES, Deps, make_slack_client
from bot.slack.identity import AccessPolicy, refused_key_text
from bot.slack.interaction import interaction_middleware, response_url_of
from bot.slack.telemetry import log_context
from bot.ui.help import error_text, not_allowed_text

log = logging.getLogger(__name__)

#: the bot scopes the OAuth install asks for; app_manifest.yml lists the same (a test checks)
BOT_SCOPES: tuple[str, ...] = (
    "commands",
    "chat:write",
    "chat:write.public",
    "im:write",
    "links:read",
    "links:write",
    "users:read",
    "usergroups:read",
    "channels:read",
    "groups:read",
    "im:read",
    "mpim:read",
    "channels:history",
    "groups:history",
    "im:history",
    "mpim:history",
)
INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"
#: how long an Events API event id is remembered to drop duplicates
EVENT_DEDUPE_TTL = 3600

Next = Callable[[], Awaitable[BoltResponse | None]]
#: stops a process's background work (awaited at shutdown)
Stop = Callable[[], Awaitable[None]]


@dataclass(frozen=True)
class Wiring:
    """What the composition root plugs into the Slack app: the listeners (``register``), the
    process's background work (``start_background`` returns its stop function, or None), and
    that work's part of ``GET /healthz``."""

    register: Callable[[AsyncApp], None]
    start_background: Callable[[Deps], Awaitable[Stop | None]]
    background_health: Callable[[Deps, Stop | None], Awaitable[dict[str, Any]]]


def build_bolt_app(
    settings: Settings, deps: Deps, wiring: Wiring, *, socket_mode: bool = False
) -> AsyncApp:
    """Build the AsyncApp. Raises ConfigError when the signing secret (HTTP mode) or the bot
    token (without OAuth) is missing. Socket Mode needs no signing secret."""
    if not socket_mode:
        settings.require("slack_signing_secret")
    secret = settings.slack_signing_secret
    signing_secret = secret.get_secret_value() if secret is not None else ""
    if settings.oauth_enabled and not socket_mode:
        assert settings.slack_client_id is not None and settings.slack_client_secret is not None
        oauth_settings = AsyncOAuthSettings(
            client_id=settings.slack_client_id,
            client_secret=settings.slack_client_secret.get_secret_value(),
            scopes=list(BOT_SCOPES),
            installation_store=deps.db.installation_store,
            state_store=deps.db.oauth_state_store,
            install_path=INSTALL_PATH,
            redirect_uri_path=REDIRECT_PATH,
            # expiring tokens (token rotation) are refreshed this long before they expire
            token_rotation_expiration_minutes=TOKEN_ROTATION_MINUTES,
        )
        # Bolt's default authorize refreshes rotating tokens on slack.com whatever the app's
        # client says: give it a client on SLACK_API_URL (same settings otherwise)
        oauth_settings.authorize = AsyncInstallationStoreAuthorize(
            logger=logging.getLogger("slack_bolt.oauth"),
            client_id=oauth_settings.client_id,
            client_secret=oauth_settings.client_secret,
            token_rotation_expiration_minutes=TOKEN_ROTATION_MINUTES,
            installation_store=deps.db.installation_store,
            bot_only=oauth_settings.installation_store_bot_only,
            user_token_resolution=oauth_settings.user_token_resolution,
            client=make_slack_client(settings, session=deps.session),
        )
        app = AsyncApp(
            signing_secret=signing_secret,
            client=make_slack_client(settings, session=deps.session),
            oauth_settings=oauth_settings,
        )
    else:
        settings.require("slack_bot_token")
        assert settings.slack_bot_token is not None
        app = AsyncApp(
            signing_secret=signing_secret,
            client=make_slack_client(
                settings, settings.slack_bot_token.get_secret_value(), deps.session
            ),
        )

    install_middleware(app, deps)
    app.error(_error_handler)
    wiring.register(app)
    return app


def install_middleware(app: AsyncApp, deps: Deps) -> None:
    """Deps injection first, then Slack-retry handling, then the allow-list."""

    async def inject_deps(context: AsyncBoltContext, next: Next) -> BoltResponse | None:
        context["deps"] = deps
        return await next()

    async def drop_event_retries(
        body: dict[str, Any], request: AsyncBoltRequest, next: Next
    ) -> BoltResponse | None:
        if body.get("type") != "event_callback":
            return await next()
        retry = _header(request, "x-slack-retry-num")
        if retry is not None:
            # Slack retries an event it believes failed; side effects must not repeat.
            log.info(
                "acknowledging Slack retry %s (%s) without processing",
                retry,
                _header(request, "x-slack-retry-reason") or "no reason",
            )
            return BoltResponse(status=200, body="")
        event_id = body.get("event_id")
        if isinstance(event_id, str) and event_id:
            first = await deps.db.dedupe.first_time(
                f"slack-event:{event_id}", ttl_seconds=EVENT_DEDUPE_TTL
            )
            if not first:
                log.info("dropping duplicate event %s", event_id)
                return BoltResponse(status=200, body="")
        return await next()

    access = AccessPolicy(deps.settings)

    async def allow_list(
        body: dict[str, Any], context: AsyncBoltContext, next: Next
    ) -> BoltResponse | None:
        user_id = context.user_id
        if user_id is None or await access.allows(context.client, context.team_id, user_id):
            return await next()
        log.info("ignoring a request from a user outside ALLOWED_USERS / ALLOWED_USERGROUP")
        if "command" in body:
            payload = {"response_type": "ephemeral", "text": not_allowed_text()}
            return BoltResponse(
                status=200,
                body=json.dumps(payload),
                headers={"content-type": "application/json"},
            )
        response_url = response_url_of(body)
        if body.get("type") == "block_actions" and response_url is not None:
            # a click: the ack is empty, the refusal goes to the person alone
            await deps.poster(
                context.client or make_slack_client(deps.settings, session=deps.session)
            ).respond(response_url, not_allowed_text())
        return BoltResponse(status=200, body="")

    app.use(log_context)  # team/channel/user/request id in every log record (LOG_FORMAT=json)
    app.use(inject_deps)
    app.use(drop_event_retries)
    app.use(allow_list)
    app.use(interaction_middleware(deps))


def _header(request: AsyncBoltRequest, name: str) -> str | None:
    values = request.headers.get(name)
    if not values:
        return None
    return str(values[0])


#: see _error_handler: longer than the 10 ms in which Bolt's runner polls for the ack
ACK_HANDOVER_SECONDS = 0.05


async def _error_handler(
    error: Exception,
    body: dict[str, Any],
    context: AsyncBoltContext,
    response: BoltResponse | None,
) -> None:
    """Log without secrets, then tell the person in words (ephemeral) when we know where."""
    try:
        await _report_error(error, body, context)
    finally:
        if response is None:
            # The listener had already acked. Bolt (1.30, asyncio_runner) overwrites the ack with
            # None once this handler returns; when that happens before its 10 ms poll saw the ack,
            # the request would hang 3 s and answer 404. Let the runner pick the ack up first.
            await asyncio.sleep(ACK_HANDOVER_SECONDS)


async def _report_error(error: Exception, body: dict[str, Any], context: AsyncBoltContext) -> None:
    log.error(
        "listener failed (%s): %s",
        body.get("type") or ("command" if "command" in body else "unknown"),
        type(error).__name__,
        exc_info=error,
    )
    user_message = getattr(error, "user_message", None)
    deps = context.get("deps")
    if isinstance(error, AuthenticationError) and isinstance(deps, Deps):
        # a refused key: "reconnect" when it is the person's own saved key
        user_message = await refused_key_text(deps, context.team_id, context.user_id)
    text = error_text(user_message if isinstance(user_message, str) else None)
    client = context.client
    if not isinstance(deps, Deps) or client is None:
        return
    poster = deps.poster(client)
    channel = context.channel_id
    user = context.user_id
    try:
        response_url = response_url_of(body)
        if response_url is not None and await poster.respond(response_url, text):
            return
        if channel and user:
            await poster.ephemeral(channel, user, text)
    except (SlackApiError, httpx.HTTPError) as exc:
        log.warning("could not tell the user about the failure: %s", type(exc).__name__)
