"""Shared fixtures. ``stack``: the whole bot (fake Slack + Leonar sandbox + bot) on loopback."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator

import pytest
from hypothesis import settings

from standins.harness import Stack, running_stack

# CI explores the same examples on every run (a red CI must be reproducible); a developer's run
# draws new ones each time. Either way, an example that failed once is kept in `@example`.
settings.register_profile("ci", derandomize=True, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

#: A real browser driving the demo, and the benchmark's loaded loops, share the box's two cores
#: with everything else: a click can land while the page re-renders. Such tests run again
#: (fresh fixtures) before they count as failed, as Playwright's own runner does in CI; the
#: report shows each rerun ("R"), and a test broken for real still fails every time.
RERUNS = int(os.environ.get("TEST_RERUNS", "2"))  # TEST_RERUNS=0 to see a flake as it is


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        timing_bound = item.get_closest_marker("browser") or item.nodeid.startswith(
            "tests/bench/test_flows_bench.py"
        )
        if RERUNS and timing_bound:
            item.add_marker(pytest.mark.flaky(reruns=RERUNS, reruns_delay=1))


@pytest.fixture
async def stack() -> AsyncIterator[Stack]:
    async with running_stack() as running:
        yield running
