"""Shared fixtures for the Leonar client tests: respx at the transport, a fake clock and sleep."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
import respx

from bot.leonar import LeonarClient, RateBudgets
from tests.leonar.support import API_KEY, BASE_URL, FakeClock, FakeSleep


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def sleeps(clock: FakeClock) -> FakeSleep:
    return FakeSleep(clock)


@pytest.fixture
def budgets(clock: FakeClock) -> RateBudgets:
    return RateBudgets(clock=clock)


@pytest.fixture
def router() -> Iterator[respx.MockRouter]:
    with respx.mock(base_url=BASE_URL, assert_all_called=True, assert_all_mocked=True) as mock:
        yield mock


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient() as client:
        yield client


@pytest.fixture
def client(http: httpx.AsyncClient, budgets: RateBudgets, sleeps: FakeSleep) -> LeonarClient:
    return LeonarClient(http, base_url=BASE_URL, api_key=API_KEY, budgets=budgets, sleep=sleeps)
