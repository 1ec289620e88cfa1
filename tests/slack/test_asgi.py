"""The web app end to end over HTTP: fake Slack signs, the bot answers."""

from __future__ import annotations

import gc
import hashlib
import hmac
import json
import time
from typing import Any

import httpx
import pytest

from bot.main import create_app
from bot.slack.asgi import MAX_BODY_BYTES
from standins.harness import Stack, running_stack, stack_settings


def _help_ephemerals(stack: Stack, user: str = "U0ALICE") -> list[str]:
    return [e.text for e in stack.fake.ephemerals if e.user == user]


async def test_healthz_is_ok_once_serving(stack: Stack) -> None:
    resp = await stack.http.get(f"{stack.bot_url}/healthz")
    assert resp.status_code == 200
    body = resp.json()
    assert body["ok"] is True
    assert body["database"] == "ok"


async def test_healthz_is_503_before_startup(tmp_path: Any) -> None:
    settings = stack_settings(
        slack_api_url="http://127.0.0.1:9/api/",
        leonar_api_url="http://127.0.0.1:9/api/v1",
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'x.db'}",
    )
    app = create_app(settings)  # lifespan not run: not ready
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://bot") as client:
        resp = await client.get("/healthz")
        assert resp.status_code == 503
        assert resp.json()["ok"] is False
        assert (await client.post("/slack/events", content=b"x")).status_code == 503


async def test_help_answers_only_the_person(stack: Stack) -> None:
    started = time.monotonic()
    resp = await stack.driver.command("/leonar", "help")
    assert resp.status_code == 200
    assert time.monotonic() - started < 1.0
    (text,) = await stack.driver.wait_for(lambda: _help_ephemerals(stack))
    for sub in ("help", "search", "source", "enrich", "add", "deal", "connect", "disconnect"):
        assert f"/leonar {sub}" in text
    assert stack.fake.messages("C0GENERAL") == []


async def test_empty_text_is_help(stack: Stack) -> None:
    await stack.driver.command("/leonar", "")
    (text,) = await stack.driver.wait_for(lambda: _help_ephemerals(stack))
    assert "Here is what `/leonar` can do" in text


async def test_unknown_subcommand_answers_with_help(stack: Stack) -> None:
    resp = await stack.driver.command("/leonar", "frobnicate now", user="U0BOB")
    assert resp.status_code == 200
    (text,) = await stack.driver.wait_for(lambda: _help_ephemerals(stack, "U0BOB"))
    assert "I don't know `frobnicate`" in text
    assert "/leonar search" in text


async def test_help_in_a_private_channel_the_bot_is_not_in(stack: Stack) -> None:
    await stack.driver.command("/leonar", "help", channel="C0PRIVATE")
    (eph,) = await stack.driver.wait_for(
        lambda: [e for e in stack.fake.ephemerals if e.channel == "C0PRIVATE"]
    )
    assert "/leonar search" in eph.text
    assert eph.source == "response_url"


async def _post_signed(
    stack: Stack, body: bytes, content_type: str, **headers: str
) -> httpx.Response:
    timestamp = str(int(time.time()))
    base = b"v0:" + timestamp.encode() + b":" + body
    digest = hmac.new(stack.fake.signing_secret.encode(), base, hashlib.sha256).hexdigest()
    signed = {"X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": f"v0={digest}"}
    return await stack.http.post(
        f"{stack.bot_url}/slack/events",
        content=body,
        headers={"Content-Type": content_type, **signed, **headers},
    )


async def test_bad_signature_is_401_and_nothing_happens(stack: Stack) -> None:
    body = "command=%2Fleonar&text=help&user_id=U0ALICE&channel_id=C0GENERAL&team_id=T0TEAM"
    headers = stack.driver.sign(body)
    headers["X-Slack-Signature"] = "v0=" + "0" * 64
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    resp = await stack.http.post(f"{stack.bot_url}/slack/events", content=body, headers=headers)
    assert resp.status_code == 401
    assert stack.fake.calls == []
    assert stack.fake.ephemerals == []


async def test_stale_timestamp_is_401(stack: Stack) -> None:
    body = "command=%2Fleonar&text=help&user_id=U0ALICE&channel_id=C0GENERAL&team_id=T0TEAM"
    stale = str(int(time.time()) - 6 * 60)
    headers = {**stack.driver.sign(body, timestamp=stale)}
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    resp = await stack.http.post(f"{stack.bot_url}/slack/events", content=body, headers=headers)
    assert resp.status_code == 401
    assert stack.fake.calls == []


async def test_malformed_bodies_are_4xx_never_500(stack: Stack) -> None:
    cases = [
        (b"{not json", "application/json"),
        (b"[1, 2]", "application/json"),
        (b"payload=%7Bbroken", "application/x-www-form-urlencoded"),
        (b"\xff\xfe\x00garbage", "application/x-www-form-urlencoded"),
    ]
    for body, content_type in cases:
        resp = await _post_signed(stack, body, content_type)
        assert 400 <= resp.status_code < 500, (body, resp.status_code, resp.text)
        assert "Traceback" not in resp.text


async def test_unknown_payload_type_is_answered_safely(stack: Stack) -> None:
    body = json.dumps({"type": "something_new", "team": {"id": "T0TEAM"}}).encode()
    resp = await _post_signed(stack, body, "application/json")
    assert resp.status_code < 500
    assert "Traceback" not in resp.text


async def test_body_over_the_limit_is_413(stack: Stack) -> None:
    body = b"text=" + b"a" * (MAX_BODY_BYTES + 10)
    resp = await _post_signed(stack, body, "application/x-www-form-urlencoded")
    assert resp.status_code == 413
    assert stack.fake.calls == []


async def test_url_verification(stack: Stack) -> None:
    resp = await stack.driver.url_verification("chal-123")
    assert resp.status_code == 200
    assert "chal-123" in resp.text


async def test_event_retries_and_duplicates_are_not_reprocessed(stack: Stack) -> None:
    seen: list[str] = []

    async def on_mention(event: dict[str, Any]) -> None:
        seen.append(str(event["text"]))

    stack.app.state.bolt.event("app_mention")(on_mention)
    event = {"type": "app_mention", "user": "U0ALICE", "text": "hi", "channel": "C0GENERAL"}

    resp = await stack.driver.event(event, retry_num=1)
    assert resp.status_code == 200
    assert seen == []

    envelope: dict[str, Any] = {
        "token": "t",
        "team_id": "T0TEAM",
        "api_app_id": stack.fake.app_id,
        "type": "event_callback",
        "event_id": "Ev0DUPLICATE",
        "event_time": int(time.time()),
        "event": {**event, "event_ts": "1.0", "ts": "1.0"},
        "authorizations": [{"team_id": "T0TEAM", "user_id": "U0BOT", "is_bot": True}],
    }
    body = json.dumps(envelope).encode()
    assert (await _post_signed(stack, body, "application/json")).status_code == 200
    await stack.driver.wait_for(lambda: seen)
    assert (await _post_signed(stack, body, "application/json")).status_code == 200
    assert seen == ["hi"]


async def test_listener_failure_is_told_in_words(stack: Stack) -> None:
    class Oops(Exception):
        user_message = "Leonar refused your API key. Run `/leonar connect` to set a new one."

    async def boom(ack: Any) -> None:
        await ack()
        raise Oops("secret internals")

    async def crash(ack: Any) -> None:
        await ack()
        raise RuntimeError("xoxb-should-not-leak")

    bolt = stack.app.state.bolt
    bolt.command("/boom")(boom)
    bolt.command("/crash")(crash)

    started = time.monotonic()
    resp = await stack.driver.command("/boom", "")
    assert resp.status_code == 200  # the ack survives the failure after it
    assert time.monotonic() - started < 1.0
    (eph,) = await stack.driver.wait_for(lambda: _help_ephemerals(stack))
    assert eph == Oops.user_message

    await stack.driver.command("/crash", "", user="U0BOB")
    (eph,) = await stack.driver.wait_for(lambda: _help_ephemerals(stack, "U0BOB"))
    assert "something went wrong" in eph
    assert "xoxb" not in eph


async def test_allowed_users_keeps_others_out() -> None:
    async with running_stack(allowed_users="U0BOB") as stack:
        resp = await stack.driver.command("/leonar", "help")
        assert resp.status_code == 200
        assert "not on the list" in resp.json()["text"]
        await stack.driver.command("/leonar", "help", user="U0BOB")
        (text,) = await stack.driver.wait_for(lambda: _help_ephemerals(stack, "U0BOB"))
        assert "/leonar search" in text


@pytest.mark.slow
async def test_command_is_acknowledged_fast_while_leonar_is_slow() -> None:
    async with running_stack() as stack:
        stack.leonar.latency = 5.0
        started = time.monotonic()
        resp = await stack.driver.command("/leonar", "search jane")
        assert resp.status_code == 200
        assert time.monotonic() - started < 1.0
        # the answer still arrives once Leonar has answered
        await stack.driver.wait_for(
            lambda: stack.fake.messages("C0GENERAL") or stack.fake.ephemerals, timeout=20
        )


async def test_a_server_process_freezes_its_start_up_heap(tmp_path: Any) -> None:
    # full collections then skip what start-up built (the p99 ack figures depend on it)
    settings = stack_settings(
        slack_api_url="http://127.0.0.1:9/api/",
        leonar_api_url="http://127.0.0.1:9/api/v1",
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'x.db'}",
        poller="off",
    )
    app = create_app(settings, freeze_heap=True)
    assert gc.get_freeze_count() == 0
    try:
        async with app.router.lifespan_context(app):
            assert gc.get_freeze_count() > 10_000
    finally:
        gc.unfreeze()
