"""Process-wide logging set-up (one format for web, socket and worker processes), with every
secret masked before any handler sees a record (see ``install_redaction``).

``LOG_FORMAT=json`` writes one JSON object per line (``JsonFormatter``) carrying the Slack
request's team, channel, user and request id, which a Bolt middleware puts in ``REQUEST_CONTEXT``
(bot/slack/telemetry.py); asyncio tasks started by the request (Bolt's listener) inherit it."""

from __future__ import annotations

import json
import logging
import re
import sys
from collections.abc import Iterable, Mapping
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from bot.settings import Settings

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
MASK = "[redacted]"
#: Slack tokens (bot, user, app, config, rotating, refresh) and Leonar keys, wherever they appear
TOKEN_PATTERN = re.compile(
    r"(?:xoxe\.)?(?:xox[abposer]|xapp|xoxe)-[A-Za-z0-9._\-]+|leo_[A-Za-z0-9._\-~+/=]+"
)
#: shorter known values are not masked (they would mask ordinary words)
MIN_SECRET_LENGTH = 6
#: the Slack request being handled: ``{"team", "channel", "user", "request_id"}`` (those known)
REQUEST_CONTEXT: ContextVar[Mapping[str, str] | None] = ContextVar("request_context", default=None)


class SecretRedactor(logging.Filter):
    """Masks token-shaped strings and the exact secrets it was given in a record's message,
    exception text and stack text. Always lets the record through."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self._secrets: set[str] = set()
        self.add(*secrets)

    def add(self, *secrets: str) -> None:
        for secret in secrets:
            if secret and len(secret) >= MIN_SECRET_LENGTH:
                self._secrets.add(secret)

    def redact(self, text: str) -> str:
        # longest first, so a secret containing another is masked whole
        for secret in sorted(self._secrets, key=len, reverse=True):
            if secret in text:
                text = text.replace(secret, MASK)
        return TOKEN_PATTERN.sub(MASK, text)

    def _clean(self, value: Any) -> Any:
        """``value`` itself when it shows no secret, else its redacted text."""
        if isinstance(value, str):
            return self.redact(value)
        if isinstance(value, int | float | bool) or value is None:
            return value
        text = str(value)
        cleaned = self.redact(text)
        return value if cleaned == text else cleaned

    def filter(self, record: logging.LogRecord) -> bool:
        # the arguments stay arguments (formatters such as uvicorn's access log unpack them)
        if isinstance(record.msg, str):
            record.msg = self.redact(record.msg)
        else:
            record.msg = self._clean(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(self._clean(arg) for arg in record.args)
        elif isinstance(record.args, Mapping):
            record.args = {key: self._clean(arg) for key, arg in record.args.items()}
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


def settings_secrets(settings: Settings) -> list[str]:
    """Every secret value in the settings (tokens, signing/client secrets, keys, DB password)."""
    values: list[str] = []
    for secret in (
        settings.slack_signing_secret,
        settings.slack_bot_token,
        settings.slack_app_token,
        settings.slack_client_secret,
        settings.leonar_api_key,
        settings.metrics_token,
    ):
        if secret is not None:
            values.append(secret.get_secret_value())
    if settings.encryption_key is not None:
        values += [k.strip() for k in settings.encryption_key.get_secret_value().split(",")]
    try:
        password = make_url(settings.database_url).password
    except (ArgumentError, ValueError):  # a malformed URL is reported by the database
        password = None
    if password:
        values.append(str(password))
    return values


def install_redaction(settings: Settings | None = None) -> SecretRedactor:
    """Mask secrets in every log record from now on (idempotent; later calls add secrets).

    Installed as a wrapper of the log record factory, so it applies to every logger and every
    handler, including ones added later (pytest's caplog, a host's handlers)."""
    current: Any = logging.getLogRecordFactory()
    redactor: SecretRedactor | None = getattr(current, "redactor", None)
    if redactor is None:
        redactor = SecretRedactor()
        previous = current

        def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
            record: logging.LogRecord = previous(*args, **kwargs)
            active.filter(record)
            return record

        active = redactor
        factory.redactor = redactor  # type: ignore[attr-defined]
        logging.setLogRecordFactory(factory)
    if settings is not None:
        redactor.add(*settings_secrets(settings))
    return redactor


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC, ISO 8601), level, logger, message, the request's
    context (team, channel, user, request_id) when there is one, and ``exc`` for tracebacks.
    Records are redacted before they reach any formatter (``install_redaction``)."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        context = REQUEST_CONTEXT.get()
        if context:
            entry.update(context)
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["exc"] = record.exc_text
        if record.stack_info:
            entry["stack"] = record.stack_info
        return json.dumps(entry, ensure_ascii=False, default=str)


#: slack_sdk's loggers that test ``logger.level <= DEBUG`` (the logger's OWN level, NOTSET = 0
#: unless set) before formatting a debug line: left unset, every Web API call builds a string of
#: its whole request (blocks included) and response, then drops it. That was ~4 % of a search's
#: CPU (docs/performance.md).
EAGER_DEBUG_LOGGERS = (
    "slack_sdk.web.async_base_client",
    "slack_sdk.web.base_client",
    "slack_sdk.webhook.async_client",
    "slack_sdk.webhook.client",
)


def pin_eager_debug_loggers() -> None:
    """Give those loggers the level they inherit, explicitly: what is logged stays the same
    (``LOG_LEVEL=DEBUG`` still shows their lines), what is dropped is no longer built."""
    for name in EAGER_DEBUG_LOGGERS:
        logger = logging.getLogger(name)
        logger.setLevel(logging.NOTSET)  # what it would inherit now, not what was pinned before
        logger.setLevel(logger.getEffectiveLevel())


def configure_logging(settings: Settings) -> None:
    """Log at ``LOG_LEVEL`` to stderr, as text or JSON (``LOG_FORMAT``); a no-op when the host
    (e.g. pytest) already configured it. Secrets are masked in every record
    (``install_redaction``)."""
    handler = logging.StreamHandler(sys.stderr)
    if settings.log_format == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter(LOG_FORMAT))
    logging.basicConfig(level=settings.log_level.upper(), handlers=[handler])
    # Alembic announces each of its plugins at INFO when it loads: noise at every start
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
    # httpx logs every request at INFO (with response_url paths): a line per Leonar call and
    # per response_url post was 4 % of a search's CPU (docs/performance.md)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    pin_eager_debug_loggers()
    install_redaction(settings)
