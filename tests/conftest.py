"""Shared fixtures. ``stack``: the whole bot (fake Slack + Leonar sandbox + bot) on loopback."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.sandbox.harness import Stack, running_stack


@pytest.fixture
async def stack() -> AsyncIterator[Stack]:
    async with running_stack() as running:
        yield running
