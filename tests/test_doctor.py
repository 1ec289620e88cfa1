"""``leonar-bot doctor`` against the Leonar sandbox and the fake Slack: every check passes on a
good set-up; a refused key, a missing scope or a shape the bot assumes differently is named."""

from __future__ import annotations

import asyncio
import os
import sys

from pydantic import SecretStr

from bot.doctor import run_checks
from bot.leonar.models import Enrichment
from bot.leonar.shapes import probe_read_endpoints, shape_differences
from bot.slack.app import BOT_SCOPES
from standins.harness import BOT_TOKEN, SIGNING_SECRET, Stack
from standins.leonar import DEFAULT_KEY
from standins.leonar_data import SOPHIE_CONTACT_ID


def _env(stack: Stack, **overrides: str) -> dict[str, str]:
    s = stack.settings
    assert s.encryption_key is not None
    env = {
        **os.environ,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_API_URL": s.slack_api_url,
        "LEONAR_API_URL": s.leonar_api_url,
        "LEONAR_API_KEY": DEFAULT_KEY,
        "DATABASE_URL": s.database_url,
        "ENCRYPTION_KEY": s.encryption_key.get_secret_value(),
    }
    for name in ("SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET"):
        env.pop(name, None)
    env.update(overrides)
    return env


async def _doctor(env: dict[str, str]) -> tuple[int, str]:
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", "doctor", env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip
    out, _ = await asyncio.wait_for(proc.communicate(), timeout=120)
    assert proc.returncode is not None
    return proc.returncode, out.decode()


async def test_doctor_passes_on_a_good_set_up_and_prints_no_secret(stack: Stack) -> None:
    env = _env(stack)
    status, out = await _doctor(env)
    assert status == 0, out
    lines = out.splitlines()
    assert lines[0].startswith("ok       database: sqlite reachable, schema at revision")
    assert "ok       slack token: accepted (team T0TEAM, bot user U0BOT)" in lines
    assert f"ok       slack scopes: all {len(BOT_SCOPES)} scopes of the manifest granted" in lines
    assert "ok       GET /contacts/{id}: answer matches the assumed shape" in lines
    assert lines[-1].endswith(" ok, 0 problem(s)")
    for secret in (BOT_TOKEN, DEFAULT_KEY, SIGNING_SECRET, env["ENCRYPTION_KEY"]):
        assert secret not in out


async def test_a_refused_leonar_key_is_a_problem_and_exit_1(stack: Stack) -> None:
    status, out = await _doctor(_env(stack, LEONAR_API_KEY="leo_not_a_real_key"))
    assert status == 1
    (line,) = [x for x in out.splitlines() if x.startswith("PROBLEM  leonar key")]
    assert "Leonar refused LEONAR_API_KEY: create a key in Leonar" in line
    assert "leo_not_a_real_key" not in out


async def test_a_missing_scope_and_a_bad_token_are_named(stack: Stack) -> None:
    stack.fake.scopes.remove("users:read")
    checks = {c.name: c for c in await run_checks(stack.settings)}
    assert not checks["slack scopes"].ok
    assert checks["slack scopes"].detail.startswith("missing users:read: reinstall the app")
    bad = stack.settings.model_copy(update={"slack_bot_token": SecretStr("xoxb-revoked")})
    (token,) = [c for c in await run_checks(bad) if c.name == "slack token"]
    assert token.line().startswith("PROBLEM  slack token: auth.test refused SLACK_BOT_TOKEN (invalid_auth)")


async def test_an_enrichment_is_read_back_and_its_shape_checked(stack: Stack) -> None:
    client = stack.deps.leonar(DEFAULT_KEY)
    started = await client.contacts.enrich(SOPHIE_CONTACT_ID)

    async def newest() -> str | None:
        return started.request_id

    probes = {p.endpoint: p for p in await probe_read_endpoints(client, newest)}
    enrichment = probes["GET /enrichment/{id}"]
    assert (enrichment.error, enrichment.problems, enrichment.skipped) == (None, (), None)


def test_shape_differences_name_missing_and_unreadable_fields() -> None:
    problems, absent = shape_differences(
        Enrichment, {"id": "r1", "status": "completed", "result": {"phone": "+33"}}
    )
    assert "field `result.email` missing" in absent
    assert problems == []
    problems, _ = shape_differences(Enrichment, {"status": "completed", "result": "x"})
    assert "field `id` missing" in problems
    assert any(p.startswith("`result`:") for p in problems)
