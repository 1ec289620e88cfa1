"""The one retry policy, alone and through the client (fake sleep, respx transport)."""

from __future__ import annotations

import logging

import httpx
import pytest
import respx

from bot.leonar import (
    APIConnectionError,
    APITimeoutError,
    InternalServerError,
    LeonarClient,
    NotFoundError,
    RateBudgets,
    RateLimitError,
    RetryPolicy,
)
from tests.leonar.support import API_KEY, BASE_URL, START, FakeSleep, load

ERROR_429 = {"error": {"code": "rate_limit_exceeded", "message": "Too many requests"}}
ERROR_500 = {"error": {"code": "internal_error", "message": "Oops"}}

# --------------------------------------------------------------------------- the policy alone


@pytest.mark.parametrize(
    ("method", "status", "retry"),
    [
        ("GET", 429, True),
        ("POST", 429, True),
        ("PUT", 429, True),
        ("GET", 500, True),
        ("GET", 503, True),
        ("POST", 500, False),
        ("PUT", 503, False),
        ("GET", 404, False),
        ("GET", 400, False),
        ("POST", 401, False),
    ],
)
def test_policy_by_status(method: str, status: int, retry: bool) -> None:
    assert RetryPolicy().is_retryable(method, status_code=status) is retry


def _request() -> httpx.Request:
    return httpx.Request("POST", BASE_URL + "/deals")


@pytest.mark.parametrize(
    ("method", "error", "retry"),
    [
        ("POST", httpx.ConnectError("refused", request=_request()), True),
        ("POST", httpx.ConnectTimeout("slow connect", request=_request()), True),
        ("DELETE", httpx.PoolTimeout("pool", request=_request()), True),
        ("POST", httpx.ReadTimeout("slow answer", request=_request()), False),
        ("POST", httpx.WriteTimeout("slow send", request=_request()), False),
        ("PUT", httpx.RemoteProtocolError("dropped", request=_request()), False),
        ("POST", httpx.ReadError("reset", request=_request()), False),
        ("GET", httpx.ReadTimeout("slow answer", request=_request()), True),
        ("GET", httpx.RemoteProtocolError("dropped", request=_request()), True),
    ],
)
def test_policy_by_transport_error(method: str, error: Exception, retry: bool) -> None:
    assert RetryPolicy().is_retryable(method, error=error) is retry


def test_policy_waits() -> None:
    policy = RetryPolicy(max_retries=2, max_wait=60, backoff_base=1.0, random=lambda: 1.0)
    assert policy.next_wait("GET", 0, now=START, status_code=429, headers={"Retry-After": "7"}) == 7
    reset = {"X-RateLimit-Reset": str(int(START) + 30)}
    assert policy.next_wait("POST", 0, now=START, status_code=429, headers=reset) == 30
    # no header: exponential backoff (jitter fixed by random=1.0)
    assert policy.next_wait("GET", 0, now=START, status_code=503, headers={}) == 1.0
    assert policy.next_wait("GET", 1, now=START, status_code=503, headers={}) == 2.0
    # out of retries
    assert policy.next_wait("GET", 2, now=START, status_code=503, headers={}) is None
    # a wait longer than max_wait is not waited: give up and say when to retry
    far = {"Retry-After": "3600"}
    assert policy.next_wait("GET", 0, now=START, status_code=429, headers=far) is None


def test_backoff_has_jitter_and_a_ceiling() -> None:
    low = RetryPolicy(backoff_base=1.0, backoff_max=4.0, random=lambda: 0.0)
    assert low.backoff(0) == 0.5
    assert low.backoff(10) == 2.0
    high = RetryPolicy(backoff_base=1.0, backoff_max=4.0, random=lambda: 0.999999)
    assert 3.99 < high.backoff(10) <= 4.0


# --------------------------------------------------------------------------- through the client


async def test_429_with_reset_then_200(
    client: LeonarClient, router: respx.MockRouter, sleeps: FakeSleep, budgets: RateBudgets
) -> None:
    reset = int(START) + 12
    route = router.post("/tags").mock(
        side_effect=[
            httpx.Response(
                429,
                json=ERROR_429,
                headers={
                    "X-RateLimit-Limit": "1000",
                    "X-RateLimit-Remaining": "0",
                    "X-RateLimit-Reset": str(reset),
                },
            ),
            httpx.Response(
                201,
                json=load("post_tags"),
                headers={
                    "X-RateLimit-Limit": "1000",
                    "X-RateLimit-Remaining": "999",
                    "X-RateLimit-Reset": str(reset + 3600),
                },
            ),
        ]
    )

    tag = await client.tags.create(name="ai-sourced", color="#6366F1")

    assert tag.id == "tag-uuid"
    assert route.call_count == 2
    assert sleeps.waits == [12.0]
    state = budgets.get(client.fingerprint)
    assert state is not None and state.remaining == 999
    assert budgets.blocked_until(client.fingerprint) is None


async def test_429_with_retry_after_then_200(
    client: LeonarClient, router: respx.MockRouter, sleeps: FakeSleep
) -> None:
    route = router.get("/contacts/c1").mock(
        side_effect=[
            httpx.Response(
                429,
                json=ERROR_429,
                headers={"Retry-After": "5", "X-RateLimit-Reset": str(int(START) + 50)},
            ),
            httpx.Response(200, json=load("get_contacts_id")),
        ]
    )
    contact = await client.contacts.get("c1")
    assert contact.first_name == "Sophie"
    assert route.call_count == 2 and sleeps.waits == [5.0]


async def test_429_without_headers_backs_off(
    http: httpx.AsyncClient, budgets: RateBudgets, sleeps: FakeSleep, router: respx.MockRouter
) -> None:
    policy = RetryPolicy(max_retries=3, backoff_base=1.0, random=lambda: 1.0)
    client = LeonarClient(
        http, base_url=BASE_URL, api_key=API_KEY, budgets=budgets, sleep=sleeps, retry_policy=policy
    )
    route = router.get("/tags").mock(
        side_effect=[
            httpx.Response(429, json=ERROR_429),
            httpx.Response(429, text="slow down"),
            httpx.Response(200, json=load("get_tags")),
        ]
    )
    assert len(await client.tags.list()) == 2
    assert route.call_count == 3 and sleeps.waits == [1.0, 2.0]


async def test_429_far_away_is_not_waited_and_later_calls_fail_fast(
    client: LeonarClient, router: respx.MockRouter, sleeps: FakeSleep
) -> None:
    route = router.post("/messages").respond(429, json=ERROR_429, headers={"Retry-After": "1800"})
    with pytest.raises(RateLimitError) as info:
        await client.messages.send(contact_id="c", channel="email", content="hi")
    assert route.call_count == 1 and sleeps.waits == []
    assert info.value.retry_at == START + 1800
    assert "about 30 minutes" in info.value.user_message

    # the next call for this key is not even sent while the block lasts
    with pytest.raises(RateLimitError) as again:
        await client.messages.send(contact_id="c", channel="email", content="hi again")
    assert route.call_count == 1
    assert again.value.retry_at == START + 1800


async def test_max_wait_is_configurable(
    http: httpx.AsyncClient, budgets: RateBudgets, sleeps: FakeSleep, router: respx.MockRouter
) -> None:
    client = LeonarClient(
        http,
        base_url=BASE_URL,
        api_key=API_KEY,
        budgets=budgets,
        sleep=sleeps,
        max_wait=5,
        max_retries=1,
    )
    route = router.get("/tags").mock(
        side_effect=[
            httpx.Response(
                429, json=ERROR_429, headers={"X-RateLimit-Reset": str(int(START) + 4)}
            ),
            httpx.Response(200, json=load("get_tags")),
        ]
    )
    await client.tags.list()
    assert route.call_count == 2 and sleeps.waits == [4.0]
    # past max_wait the client does not wait at all
    route.mock(
        side_effect=[
            httpx.Response(
                429, json=ERROR_429, headers={"X-RateLimit-Reset": str(int(START) + 600)}
            ),
        ]
    )
    with pytest.raises(RateLimitError):
        await client.tags.list()
    assert sleeps.waits == [4.0]


async def test_429_retries_are_bounded(
    client: LeonarClient, router: respx.MockRouter, sleeps: FakeSleep
) -> None:
    route = router.get("/tags").respond(429, json=ERROR_429, headers={"Retry-After": "2"})
    with pytest.raises(RateLimitError):
        await client.tags.list()
    assert route.call_count == 4  # 1 + max_retries
    assert sleeps.waits == [2.0, 2.0, 2.0]


async def test_post_500_is_not_retried(
    client: LeonarClient, router: respx.MockRouter, sleeps: FakeSleep
) -> None:
    route = router.post("/deals").respond(500, json=ERROR_500)
    with pytest.raises(InternalServerError) as info:
        await client.deals.create(title="Recruitment")
    assert route.call_count == 1 and sleeps.waits == []
    assert (
        info.value.user_message == "Leonar had a problem on its side. Please try again in a minute."
    )


async def test_get_503_is_retried(
    client: LeonarClient, router: respx.MockRouter, sleeps: FakeSleep
) -> None:
    route = router.get("/deal-pipelines").mock(
        side_effect=[
            httpx.Response(503, text="Service Unavailable"),
            httpx.Response(503, text="Service Unavailable"),
            httpx.Response(200, json=load("get_deal_pipelines")),
        ]
    )
    pipelines = await client.deal_pipelines.list()
    assert pipelines[0].id == "pipeline-uuid"
    assert route.call_count == 3 and len(sleeps.waits) == 2
    assert all(0 < w <= 60 for w in sleeps.waits)


async def test_get_timeout_is_retried(
    client: LeonarClient, router: respx.MockRouter, sleeps: FakeSleep
) -> None:
    route = router.get("/enrichment/r1").mock(
        side_effect=[httpx.ReadTimeout("slow"), httpx.Response(200, json=load("get_enrichment"))]
    )
    assert (await client.enrichment.get("r1")).is_completed
    assert route.call_count == 2 and len(sleeps.waits) == 1


async def test_post_connect_error_is_retried(
    client: LeonarClient, router: respx.MockRouter, sleeps: FakeSleep
) -> None:
    route = router.post("/contacts/c1/enrich").mock(
        side_effect=[
            httpx.ConnectError("connection refused"),
            httpx.ConnectTimeout("connect timed out"),
            httpx.Response(200, json=load("post_contacts_enrich")),
        ]
    )
    request = await client.contacts.enrich("c1")
    assert request.request_id == "enrich-request-uuid"
    assert route.call_count == 3 and len(sleeps.waits) == 2


async def test_post_read_timeout_is_not_retried(
    client: LeonarClient, router: respx.MockRouter, sleeps: FakeSleep
) -> None:
    route = router.post("/sequences/s1/enroll").mock(side_effect=httpx.ReadTimeout("no answer"))
    with pytest.raises(APITimeoutError) as info:
        await client.sequences.enroll("s1", contact_ids=["c1"])
    assert route.call_count == 1 and sleeps.waits == []
    assert info.value.may_have_applied
    assert "may or may not have gone through" in info.value.user_message


async def test_connection_errors_give_up_after_max_retries(
    client: LeonarClient, router: respx.MockRouter, sleeps: FakeSleep
) -> None:
    route = router.get("/tags").mock(side_effect=httpx.ConnectError("refused"))
    with pytest.raises(APIConnectionError) as info:
        await client.tags.list()
    assert not isinstance(info.value, APITimeoutError)
    assert route.call_count == 4 and len(sleeps.waits) == 3
    assert info.value.user_message == "Could not reach Leonar. Please try again in a minute."


async def test_budgets_observed_on_success_and_error(
    client: LeonarClient, router: respx.MockRouter, budgets: RateBudgets
) -> None:
    router.get("/tags").respond(
        200,
        json=load("get_tags"),
        headers={
            "X-RateLimit-Limit": "1000",
            "X-RateLimit-Remaining": "742",
            "X-RateLimit-Reset": str(int(START) + 900),
        },
    )
    router.post("/tags").respond(
        404,
        json={"error": {"code": "not_found", "message": "no"}},
        headers={
            "X-RateLimit-Limit": "1000",
            "X-RateLimit-Remaining": "741",
            "X-RateLimit-Reset": str(int(START) + 900),
        },
    )
    await client.tags.list()
    state = budgets.get(client.fingerprint)
    assert state is not None and (state.limit, state.remaining, state.reset_at) == (
        1000,
        742,
        START + 900,
    )
    with pytest.raises(NotFoundError):
        await client.tags.create(name="x", color="#fff")
    state = budgets.get(client.fingerprint)
    assert state is not None and state.remaining == 741


async def test_exhausted_budget_waits_briefly_before_sending(
    client: LeonarClient, router: respx.MockRouter, budgets: RateBudgets, sleeps: FakeSleep
) -> None:
    budgets.observe(
        client.fingerprint,
        {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(int(START) + 20)},
    )
    route = router.get("/tags").respond(200, json=load("get_tags"))
    await client.tags.list()
    assert sleeps.waits == [20.0] and route.call_count == 1


async def test_the_key_never_reaches_the_logs(
    client: LeonarClient, router: respx.MockRouter, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    router.get("/tags").mock(
        side_effect=[
            httpx.Response(503),
            httpx.ConnectError("refused"),
            httpx.Response(200, json=load("get_tags")),
        ]
    )
    router.post("/deals").respond(500, json=ERROR_500)
    await client.tags.list()
    with pytest.raises(InternalServerError):
        await client.deals.create(title="t")
    assert client.fingerprint in caplog.text
    assert API_KEY not in caplog.text
