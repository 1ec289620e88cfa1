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


@pytest.fixture
async def stack() -> AsyncIterator[Stack]:
    async with running_stack() as running:
        yield running
