"""Malformed and hostile requests at ``POST /slack/events``: never a 500, never a side effect
(no Slack Web API call, no response_url post, no Leonar request)."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import os
import time
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import urlencode

import pytest
import pytest_asyncio
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bot.slack.asgi import MAX_BODY_BYTES
from bot.ui import actions
from standins.harness import Stack, running_stack

PEOPLE = ("U0ALICE", "U0BOB")

#: the payload types Slack sends, plus unknown ones
TYPES = [
    "block_actions",
    "view_submission",
    "view_closed",
    "shortcut",
    "message_action",
    "block_suggestion",
    "event_callback",
    "url_verification",
    "app_rate_limited",
    "interactive_message",
    "something_new",
]

HUGE = "huge"
json_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63)
    | st.floats(allow_nan=False)
    | st.text(max_size=40)
)
json_values = st.recursive(
    json_scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=20,
)
#: strings that are not real ids: a random string never names a real action, user or view
hostile_text = st.sampled_from(
    [
        "",
        " ",
        "<!channel>",
        "<@U0ALICE>",
        "&amp;<>",
        "../../etc/passwd",
        "' OR 1=1 --",
        "\x00",
        "🙂" * 50,
    ]
) | st.text(max_size=60)


#: the bot's real action ids and callback ids: hostile payloads reach the listeners this way
REAL_IDS = sorted(
    {v for k, v in vars(actions).items() if k.isupper() and isinstance(v, str)} | {"/leonar"}
)
ids = st.sampled_from(REAL_IDS) | hostile_text


@st.composite
def slack_like_payload(draw: st.DrawFn) -> dict[str, Any]:
    """A payload with Slack's outer shape and hostile insides: wrong types, unknown ids,
    missing pieces. No user that exists is paired with a real action, so nothing may happen."""
    payload: dict[str, Any] = {"type": draw(st.sampled_from(TYPES))}
    for key in ("team", "user", "channel", "container", "view", "message", "actions", "event"):
        if draw(st.booleans()):
            payload[key] = draw(
                json_values
                | st.fixed_dictionaries({"id": hostile_text})
                | st.lists(
                    st.fixed_dictionaries(
                        {"action_id": ids, "block_id": hostile_text, "value": hostile_text}
                    )
                )
                | st.fixed_dictionaries(
                    {"id": hostile_text, "callback_id": ids, "state": json_values}
                )
            )
    for key in ("trigger_id", "response_url", "api_app_id", "token", "event_id"):
        if draw(st.booleans()):
            payload[key] = draw(hostile_text | json_scalars)
    if draw(st.booleans()):
        payload["callback_id"] = draw(ids | json_scalars)
    # never a real person: a hostile payload must not be able to act as someone
    if isinstance(payload.get("user"), dict) and payload["user"].get("id") in PEOPLE:
        payload["user"]["id"] = "U0NOBODY"
    return payload


@st.composite
def request_body(draw: st.DrawFn) -> tuple[bytes, str]:
    kind = draw(st.sampled_from(["form-payload", "form-fields", "json", "json-any", "raw", "huge"]))
    if kind == "form-payload":
        inner = draw(slack_like_payload() | json_values)
        text = (
            json.dumps(inner)
            if draw(st.booleans())
            else json.dumps(inner)[: draw(st.integers(0, 50))]
        )
        return urlencode({"payload": text}).encode(), "application/x-www-form-urlencoded"
    if kind == "form-fields":
        fields = draw(
            st.dictionaries(
                st.sampled_from(
                    ["command", "text", "user_id", "team_id", "channel_id", "ssl_check", "x"]
                ),
                hostile_text,
                max_size=6,
            )
        )
        # a /leonar command needs a real person and channel to act on; these never have both
        fields.pop("user_id", None)
        return urlencode(fields).encode(), "application/x-www-form-urlencoded"
    if kind == "json":
        return json.dumps(draw(slack_like_payload())).encode(), "application/json"
    if kind == "json-any":
        return json.dumps(draw(json_values)).encode(), draw(
            st.sampled_from(
                ["application/json", "application/x-www-form-urlencoded", "text/plain", ""]
            )
        )
    if kind == "raw":
        return draw(st.binary(max_size=300)), draw(
            st.sampled_from(
                ["application/json", "application/x-www-form-urlencoded", "multipart/form-data"]
            )
        )
    # built in the test (a drawn megabyte would make Hypothesis' report huge)
    size = draw(st.sampled_from([MAX_BODY_BYTES - 10, MAX_BODY_BYTES + 1, 3 * MAX_BODY_BYTES]))
    return str(size).encode(), HUGE


class _Quiet:
    """The stack, with a short repr for Hypothesis' failure reports."""

    def __init__(self, stack: Stack) -> None:
        self.stack = stack

    def __repr__(self) -> str:
        return "<stack>"


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def fuzz_stack() -> AsyncIterator[_Quiet]:
    async with running_stack(leonar_api_key="leo_sandbox") as stack:
        # warm up: Bolt authorizes (auth.test) once and caches it
        await stack.driver.command("/leonar", "help")
        await stack.driver.wait_for(lambda: stack.fake.ephemerals)
        yield _Quiet(stack)


def _side_effects(stack: Stack, since: int) -> list[str]:
    """Web API calls since ``since``; authorizing a request (auth.test) is not a side effect."""
    return [c.method for c in stack.fake.calls[since:] if c.method != "auth.test"]


@pytest.mark.slow
@pytest.mark.asyncio(loop_scope="module")
@settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(body=request_body(), signed=st.booleans(), stale=st.booleans())
# found by this test in CI: Bolt reads body["actions"][0] of an interactive_message
@example(
    body=(b'{"type": "interactive_message", "callback_id": "/leonar"}', "application/json"),
    signed=True,
    stale=False,
)
@example(
    body=(b'{"type": "block_actions", "actions": []}', "application/json"), signed=True, stale=False
)
@example(
    body=(b'{"type": "workflow_step_edit", "callback_id": "x"}', "application/json"),
    signed=True,
    stale=False,
)
async def test_hostile_requests_cause_no_500_and_no_side_effect(
    fuzz_stack: _Quiet, body: tuple[bytes, str], signed: bool, stale: bool
) -> None:
    stack = fuzz_stack.stack
    content, content_type = body
    if content_type == HUGE:
        content = b"payload=" + b"%7B" * (int(content) // 3)
        content_type = "application/x-www-form-urlencoded"
    headers = {"Content-Type": content_type} if content_type else {}
    if signed:
        timestamp = str(int(time.time()) - (600 if stale else 0))
        headers.update(stack.driver.sign(content.decode("latin-1"), timestamp=timestamp))
        if content and not _is_text(content):
            # sign the bytes as they are (the driver signs text)
            headers.update(_sign_bytes(stack, content, timestamp))
    calls, responses, requests = (
        len(stack.fake.calls),
        len(stack.fake.responses),
        len(stack.leonar.requests),
    )
    resp = await stack.http.post(f"{stack.bot_url}/slack/events", content=content, headers=headers)
    assert resp.status_code < 500, (resp.status_code, resp.text[:200])
    assert "Traceback" not in resp.text
    if not signed or stale:
        assert 400 <= resp.status_code < 500, resp.status_code
    # Bolt acks first and runs listeners after: give them a moment to (not) act
    await _settle()
    assert _side_effects(stack, calls) == []
    assert stack.fake.responses[responses:] == []
    assert stack.leonar.requests[requests:] == []


def _is_text(content: bytes) -> bool:
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _sign_bytes(stack: Stack, content: bytes, timestamp: str) -> dict[str, str]:
    base = b"v0:" + timestamp.encode() + b":" + content
    digest = hmac.new(stack.fake.signing_secret.encode(), base, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": f"v0={digest}"}


async def _settle() -> None:
    await asyncio.sleep(0.01)
