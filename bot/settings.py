"""The one settings object, read from the environment once and passed explicitly."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

SQLITE_DEFAULT = "sqlite+aiosqlite:///./leonar-bot.db"


class ConfigError(Exception):
    """A setting is missing or malformed; the message is one line naming the variable."""


def normalize_database_url(url: str) -> str:
    """Accept the URL forms hosting platforms hand out and pick the async driver."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+asyncpg://" + url[len("postgresql://") :]
    if url.startswith("sqlite:///") or url.startswith("sqlite://"):
        url = "sqlite+aiosqlite://" + url[len("sqlite://") :]
    return url


class Settings(BaseSettings):
    """Every variable of the outer contract (docs/commands.md) plus a few optional knobs."""

    model_config = SettingsConfigDict(env_file=None, extra="ignore", case_sensitive=False)

    slack_signing_secret: SecretStr | None = None
    slack_bot_token: SecretStr | None = None
    slack_app_token: SecretStr | None = None
    slack_client_id: str | None = None
    slack_client_secret: SecretStr | None = None
    slack_api_url: str = "https://slack.com/api/"

    leonar_api_url: str = "https://app.leonar.app/api/v1"
    leonar_api_key: SecretStr | None = None
    #: where "open in Leonar" links point (contact pages are {leonar_app_url}/contacts/{id})
    leonar_app_url: str = "https://app.leonar.app"

    database_url: str = SQLITE_DEFAULT
    #: Fernet key(s); several comma-separated keys allow rotation (the first encrypts)
    encryption_key: SecretStr | None = None

    enrichment_poll_interval: float = Field(default=5.0, gt=0)
    enrichment_timeout: float = Field(default=900.0, gt=0)
    poller: Literal["inline", "off"] = "inline"
    port: int = Field(default=3000, ge=1, le=65535)

    #: optional knobs (not part of the outer contract)
    default_currency: str = "EUR"
    result_set_ttl: float = Field(default=7 * 24 * 3600, gt=0)
    #: retention: seconds between two purges (one process runs each, whatever their number)
    purge_interval: float = Field(default=3600.0, gt=0)
    #: retention: App Home activity older than this many days is deleted
    activity_retention_days: int = Field(default=90, ge=1)
    #: retention: finished enrichment jobs older than this many days are deleted
    job_retention_days: int = Field(default=30, ge=1)
    #: comma-separated Slack user ids allowed to use the bot; empty = everyone
    allowed_users: str = ""
    #: where enrichment results are shown: everything in the thread; phone numbers and personal
    #: emails only to the requester in public channels (the default); or all only to the requester
    enrichment_results: Literal["thread", "personal_private", "private"] = "personal_private"
    #: part of each key's hourly budget the poller never touches
    poller_budget_reserve: float = Field(default=0.2, ge=0, lt=1)
    #: seconds between two checks of a watch (stretched when many watches share one key)
    watch_interval: float = Field(default=900.0, gt=0, le=7 * 24 * 3600)
    #: a watched deal is reminded once when its expected close date is this many days away
    deal_reminder_days: int = Field(default=3, ge=0, le=365)
    #: part of each key's hourly budget all its watches together may use
    watch_budget_share: float = Field(default=0.5, gt=0, le=1)
    log_level: str = "INFO"
    #: a Slack user group id (S…) whose members may use the bot (with or instead of ALLOWED_USERS)
    allowed_usergroup: str = ""
    #: ``text`` (one line per record) or ``json`` (one JSON object per line, request context)
    log_format: Literal["text", "json"] = "text"
    #: ``GET /metrics`` answers only with ``Authorization: Bearer <METRICS_TOKEN>``; unset: 404
    metrics_token: SecretStr | None = None
    #: seconds a stopping web process gives acked follow-up work before closing its pools
    shutdown_grace: float = Field(default=25.0, ge=0)

    @field_validator("database_url")
    @classmethod
    def _normalize_db(cls, value: str) -> str:
        return normalize_database_url(value)

    @field_validator("slack_api_url")
    @classmethod
    def _slash(cls, value: str) -> str:
        return value if value.endswith("/") else value + "/"

    @field_validator("leonar_api_url", "leonar_app_url")
    @classmethod
    def _no_slash(cls, value: str) -> str:
        return value.rstrip("/")

    @model_validator(mode="after")
    def _watch_share_leaves_the_reserve(self) -> Settings:
        if self.watch_budget_share > 1 - self.poller_budget_reserve:
            raise ValueError("WATCH_BUDGET_SHARE must leave POLLER_BUDGET_RESERVE to people")
        return self

    @property
    def oauth_enabled(self) -> bool:
        return bool(self.slack_client_id and self.slack_client_secret)

    @property
    def allowed_user_ids(self) -> frozenset[str]:
        return frozenset(u.strip() for u in self.allowed_users.split(",") if u.strip())

    def require(self, *names: str) -> None:
        """Stop with one line naming the first required variable that is unset."""
        for name in names:
            if not getattr(self, name):
                raise ConfigError(f"{name.upper()} is required but not set")

    def require_for_serve(self) -> None:
        self.require("slack_signing_secret")
        if not self.oauth_enabled:
            self.require("slack_bot_token")


def load_settings(**overrides: object) -> Settings:
    """Read the environment once; a malformed value becomes one ConfigError line."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        err = exc.errors()[0]
        name = str(err["loc"][0]).upper() if err["loc"] else "settings"
        raise ConfigError(f"{name} is invalid: {err['msg']}") from None
