"""``leonar-bot doctor``: checks the settings against the database, Slack and Leonar, one line
per check (``ok`` or ``PROBLEM`` with what to do); exit status 0 when every check passes, else 1.

Read-only: nothing is migrated, posted or written to Leonar. No secret is printed (keys appear
as their fingerprint at most)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass

import httpx
from slack_sdk.errors import SlackApiError
from sqlalchemy import desc, select, text
from sqlalchemy.exc import SQLAlchemyError

from bot.http import open_http
from bot.leonar.budget import RateBudgets, key_fingerprint
from bot.leonar.client import LeonarClient
from bot.leonar.errors import AuthenticationError, LeonarError
from bot.leonar.shapes import MAX_NAMED, EnrichmentId, Probe, probe_read_endpoints
from bot.settings import Settings
from bot.slack.app import BOT_SCOPES
from bot.slack.deps import make_slack_client
from bot.store import Database
from bot.store.migrations import current_revision, head_revision
from bot.store.schema import jobs

TIMEOUT = 20.0


@dataclass(frozen=True)
class Check:
    ok: bool
    name: str
    detail: str
    #: passes, but something differs from what the bot assumes (said on the line)
    note: bool = False

    def line(self) -> str:
        status = "PROBLEM" if not self.ok else ("differs" if self.note else "ok     ")
        return f"{status}  {self.name}: {self.detail}"


def _ok(name: str, detail: str) -> Check:
    return Check(True, name, detail)


def _problem(name: str, detail: str) -> Check:
    return Check(False, name, detail)


@asynccontextmanager
async def _database(settings: Settings) -> AsyncIterator[Database]:
    db = Database.from_settings(settings)
    try:
        await db.connect()
        yield db
    finally:
        await db.close()


async def check_database(db: Database) -> Check:
    """Reachable, and its schema at the Alembic head this code migrates to."""
    head = head_revision()
    try:
        async with db.engine.connect() as conn:
            await conn.execute(text("SELECT 1"))
            current = await conn.run_sync(current_revision)
    except (SQLAlchemyError, OSError) as exc:
        return _problem(
            "database",
            f"unreachable ({type(exc).__name__}): check DATABASE_URL and that the server runs",
        )
    where = db.dialect
    if current is None:
        return _problem("database", f"{where}, no schema yet: run `leonar-bot migrate`")
    if current != head:
        return _problem(
            "database",
            f"{where}, schema at revision {current}, this code needs {head}: run "
            "`leonar-bot migrate` (the bot also migrates on start)",
        )
    return _ok("database", f"{where} reachable, schema at revision {head} (latest)")


async def check_slack(settings: Settings) -> list[Check]:
    checks = [
        _ok("slack signing secret", "set")
        if settings.slack_signing_secret
        else _problem(
            "slack signing secret",
            "SLACK_SIGNING_SECRET is not set: copy it from the app's Basic Information page",
        )
    ]
    if settings.slack_bot_token is None:
        detail = "SLACK_BOT_TOKEN not set (OAuth: each workspace's token comes with its install)"
        ok = settings.oauth_enabled
        checks.append(Check(ok, "slack token", detail if ok else "SLACK_BOT_TOKEN is not set"))
        return checks
    client = make_slack_client(settings, settings.slack_bot_token.get_secret_value())
    try:
        answer = await client.auth_test()
    except SlackApiError as exc:
        code = exc.response.get("error") if exc.response is not None else "error"
        checks.append(
            _problem(
                "slack token",
                f"auth.test refused SLACK_BOT_TOKEN ({code}): copy the Bot User OAuth Token "
                "again (OAuth & Permissions)",
            )
        )
        return checks
    except Exception as exc:  # any failure to reach Slack is this check's answer
        return [
            *checks,
            _problem(
                "slack token", f"cannot reach {settings.slack_api_url} ({type(exc).__name__})"
            ),
        ]
    checks.append(
        _ok(
            "slack token",
            f"accepted (team {answer.get('team_id')}, bot user {answer.get('user_id')})",
        )
    )
    granted = {
        s.strip() for s in (answer.headers.get("x-oauth-scopes") or "").split(",") if s.strip()
    }
    missing = [s for s in BOT_SCOPES if s not in granted]
    checks.append(
        _problem(
            "slack scopes",
            f"missing {', '.join(missing)}: reinstall the app from app_manifest.yml "
            "(`leonar-bot manifest`) so the token gets every scope",
        )
        if missing
        else _ok("slack scopes", f"all {len(BOT_SCOPES)} scopes of the manifest granted")
    )
    return checks


def _probe_check(probe: Probe) -> Check:
    if probe.skipped:
        return _ok(probe.endpoint, f"not checked ({probe.skipped})")
    if probe.error:
        return _problem(probe.endpoint, f"failed: {probe.error}")
    if probe.problems:
        return _problem(
            probe.endpoint, _named(probe.problems) + ": the bot cannot read this answer"
        )
    if probe.absent:
        return Check(
            True, probe.endpoint, _named(probe.absent) + " (optional: the bot copes)", note=True
        )
    return _ok(probe.endpoint, "answer matches the assumed shape")


def _named(items: tuple[str, ...]) -> str:
    more = len(items) - MAX_NAMED
    return "; ".join(items[:MAX_NAMED]) + (f"; and {more} more" if more > 0 else "")


async def check_leonar(
    settings: Settings, http: httpx.AsyncClient, enrichment_id: Callable[[str], EnrichmentId]
) -> list[Check]:
    if settings.leonar_api_key is None or not settings.leonar_api_key.get_secret_value():
        return [_ok("leonar key", "LEONAR_API_KEY not set: people connect their own keys")]
    key = settings.leonar_api_key.get_secret_value()
    client = LeonarClient(
        http, base_url=settings.leonar_api_url, api_key=key, budgets=RateBudgets(), max_retries=1
    )
    name = f"leonar key {client.fingerprint}"
    try:
        await client.request("GET", "/connected-accounts")
    except AuthenticationError:
        return [
            _problem(name, "Leonar refused LEONAR_API_KEY: create a key in Leonar (Settings → API)")
        ]
    except LeonarError as exc:
        return [
            _problem(name, f"cannot use Leonar at {settings.leonar_api_url} ({type(exc).__name__})")
        ]
    probes = await probe_read_endpoints(client, enrichment_id(key))
    return [_ok(name, f"accepted by {settings.leonar_api_url}"), *map(_probe_check, probes)]


def _newest_request_id(db: Database | None) -> Callable[[str], EnrichmentId]:
    """For a key: the request id of its newest enrichment job (None without one)."""

    def for_key(key: str) -> EnrichmentId:
        async def newest() -> str | None:
            if db is None:
                return None
            query = (
                select(jobs.c.request_id)
                .where(jobs.c.key_fingerprint == key_fingerprint(key))
                .order_by(desc(jobs.c.created_at))
                .limit(1)
            )
            try:
                async with db.engine.connect() as conn:
                    found = await conn.scalar(query)
            except SQLAlchemyError:
                return None
            return str(found) if found else None

        return newest

    return for_key


async def run_checks(settings: Settings) -> list[Check]:
    checks: list[Check] = []
    async with _database(settings) as db, open_http() as (http, _session):
        database = await check_database(db)
        checks.append(database)
        checks += await check_slack(settings)
        checks += await check_leonar(
            settings, http, _newest_request_id(db if database.ok else None)
        )
    return checks


def run_doctor(settings: Settings, write: Callable[[str], object]) -> int:
    """Run every check, ``write`` one line each; 0 when all pass, else 1."""
    checks = asyncio.run(asyncio.wait_for(run_checks(settings), timeout=TIMEOUT * 6))
    for check in checks:
        write(check.line())
    failed = sum(not c.ok for c in checks)
    write(f"{len(checks) - failed} ok, {failed} problem(s)")
    return 0 if failed == 0 else 1
