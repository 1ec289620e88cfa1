"""Helpers for the Leonar client tests (constants, fixtures loader, fake clock and sleep)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx

BASE_URL = "https://leonar.test/api/v1"
API_KEY = "leo_test_0123456789abcdef_secret"
FIXTURES = Path(__file__).parent / "fixtures"
START = 1_700_000_000.0


def load(name: str) -> Any:
    """A JSON fixture named after its endpoint, e.g. ``load("post_contacts_search")``."""
    return json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


def sent_json(request: httpx.Request) -> Any:
    """The JSON body Leonar would have received."""
    return json.loads(request.content) if request.content else None


class FakeClock:
    def __init__(self, now: float = START) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


class FakeSleep:
    """Records every wait and moves the fake clock on by it (nothing really sleeps)."""

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.clock.now += seconds
