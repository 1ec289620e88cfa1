"""``GET /metrics`` (Prometheus text): guarded by METRICS_TOKEN; counts Slack requests, ack
latency, Leonar calls by templated endpoint, the budget left per key, the poller backlog and
failed Slack API calls. JSON logs carry the request's team, channel, user and request id."""

from __future__ import annotations

import io
import json
import logging

import pytest
from prometheus_client.parser import text_string_to_metric_families

from bot.leonar.budget import key_fingerprint
from bot.log import JsonFormatter, install_redaction
from bot.metrics import endpoint_template
from standins.harness import Stack, running_stack
from standins.leonar import DEFAULT_KEY

TOKEN = "metrics-token-0123456789"


def _samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


async def _scrape(stack: Stack) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    resp = await stack.http.get(
        f"{stack.bot_url}/metrics", headers={"Authorization": f"Bearer {TOKEN}"}
    )
    assert resp.status_code == 200
    assert resp.headers["content-type"].startswith("text/plain")
    return _samples(resp.text)


async def test_metrics_are_not_served_without_a_token(stack: Stack) -> None:
    assert (await stack.http.get(f"{stack.bot_url}/metrics")).status_code == 404


async def test_metrics_need_the_bearer_token() -> None:
    async with running_stack(metrics_token=TOKEN) as stack:
        url = f"{stack.bot_url}/metrics"
        assert (await stack.http.get(url)).status_code == 401
        wrong = await stack.http.get(url, headers={"Authorization": "Bearer nope"})
        assert wrong.status_code == 401
        assert TOKEN not in wrong.text


async def test_a_search_is_counted() -> None:
    async with running_stack(metrics_token=TOKEN) as stack:
        before = await _scrape(stack)
        stack.fake.inject_rate_limit("chat.postMessage", retry_after=0)
        assert (await stack.driver.command("/leonar", "search react typescript")).status_code == 200
        await stack.driver.wait_for(
            lambda: any("Enroll all" in m.visible_text for m in stack.fake.all_messages()),
            timeout=10,
        )
        after = await _scrape(stack)

    def delta(name: str, **labels: str) -> float:
        key = (name, tuple(sorted(labels.items())))
        return after.get(key, 0.0) - before.get(key, 0.0)

    assert delta("leonar_bot_slack_requests_total", kind="command", outcome="ok") == 1
    assert delta("leonar_bot_ack_seconds_count", kind="command") == 1
    assert delta("leonar_bot_ack_seconds_bucket", kind="command", le="3.0") == 1
    calls = {"method": "POST", "endpoint": "/contacts/search", "status": "200"}
    assert delta("leonar_bot_leonar_calls_total", **calls) == 1
    budget = after[("leonar_bot_leonar_budget_remaining", (("key", key_fingerprint(DEFAULT_KEY)),))]
    assert 0 < budget < 10_000
    assert ("leonar_bot_poller_backlog", ()) in after
    errors = {"method": "chat.postMessage", "error": "ratelimited"}
    assert delta("leonar_bot_slack_api_errors_total", **errors) == 1
    assert not any(DEFAULT_KEY in str(key) for key in after)


@pytest.mark.parametrize(
    ("path", "template"),
    [
        ("/contacts/a1b2c3d4-5678-90ab-cdef-1234567890ab/enrich", "/contacts/{id}/enrich"),
        ("/sourcing/linkedin/search", "/sourcing/linkedin/search"),
        ("/deal-pipelines", "/deal-pipelines"),
        ("/enrichment/req_42", "/enrichment/{id}"),
    ],
)
def test_endpoints_are_templated(path: str, template: str) -> None:
    assert endpoint_template(path) == template


async def test_json_logs_carry_the_request_context(stack: Stack) -> None:
    install_redaction().add("leo_log_secret_value")
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("bot.leonar")
    logger.addHandler(handler)
    level = logger.level
    logger.setLevel(logging.DEBUG)
    try:
        await stack.driver.command("/leonar", "search react typescript")
        await stack.driver.wait_for(lambda: "/contacts/search" in stream.getvalue(), timeout=10)
        logger.info("outside any request, key leo_log_secret_value")
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    entries = [json.loads(line) for line in stream.getvalue().splitlines()]
    entry = next(e for e in entries if "/contacts/search" in e["message"])
    assert entry["level"] == "DEBUG" and entry["logger"] == "bot.leonar"
    assert entry["team"] == stack.fake.team_id and entry["channel"] == "C0GENERAL"
    assert entry["user"] == "U0ALICE" and len(entry["request_id"]) == 12
    assert entry["time"].endswith("+00:00")
    last = entries[-1]
    assert last["message"] == "outside any request, key [redacted]"
    assert "request_id" not in last
