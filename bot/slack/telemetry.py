"""What the Slack side tells the operator: the log context of each request (for ``LOG_FORMAT=json``),
the kind of a request (a metrics label), and the count of failed Slack Web API calls."""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from slack_bolt import BoltResponse
from slack_bolt.async_app import AsyncBoltContext
from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState

from bot.log import REQUEST_CONTEXT
from bot.metrics import SLACK_API_ERRORS

Next = Callable[[], Awaitable[BoltResponse | None]]


def request_kind(body: Mapping[str, Any]) -> str:
    """``command``, ``event``, or the interaction's type (``block_actions``, ``view_submission``,
    ``shortcut``, ``block_suggestion``, ...); ``unknown`` otherwise."""
    if "command" in body:
        return "command"
    kind = body.get("type")
    if kind == "event_callback":
        return "event"
    return kind if isinstance(kind, str) and kind.replace("_", "").isalpha() else "unknown"


async def log_context(context: AsyncBoltContext, next: Next) -> BoltResponse | None:
    """Bolt middleware: the request's team, channel, user and a fresh request id go into every
    log record written while it is handled (its listener task inherits them).

    Not reset on the way out: Bolt's ``next()`` only lets the next middleware run, listeners
    start after every middleware returned; each request runs in its own task (uvicorn, Socket
    Mode), whose context copy ends with it."""
    values = {"request_id": os.urandom(6).hex()}
    for key, value in (
        ("team", context.team_id),
        ("channel", context.channel_id),
        ("user", context.user_id),
    ):
        if value:
            values[key] = value
    REQUEST_CONTEXT.set(values)
    return await next()


class SlackErrorCounter(AsyncRetryHandler):
    """Counts failed Web API calls (``ok: false``, HTTP errors, no answer) by method and error.
    Put first among a client's retry handlers: it sees every answer and never retries."""

    def __init__(self) -> None:
        super().__init__(max_retry_count=1_000_000)

    async def _can_retry_async(
        self,
        *,
        state: RetryState,  # noqa: ARG002 (the interface)
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        if error is not None:
            code = type(error).__name__
        elif response is None:
            return False
        elif isinstance(response.body, dict) and response.body.get("ok") is False:
            code = str(response.body.get("error") or "unknown")
        elif response.status_code >= 400:
            code = f"http_{response.status_code}"
        else:
            return False
        method = request.url.rsplit("/", 1)[-1].split("?", 1)[0]
        SLACK_API_ERRORS.labels(method, code).inc()
        return False
