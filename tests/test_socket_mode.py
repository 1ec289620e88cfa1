"""A real ``leonar-bot socket`` process against the fake Slack's Socket Mode: it connects with the
app-level token, acks the envelopes it gets and posts the results; on SIGTERM it closes the
socket, lets acked searches finish (Leonar answering slowly) within SHUTDOWN_GRACE, tells the
person about work cut off past it, and exits 0."""

from __future__ import annotations

import asyncio
import signal
import sys
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from bot.slack.inflight import INTERRUPTED_TEXT
from standins.slack import FakeSlack, SlackDriver
from tests.support.served import result_threads, stand_ins

pytestmark = pytest.mark.slow
SEARCHES = 4


@dataclass
class Connected:
    proc: asyncio.subprocess.Process
    fake: FakeSlack
    driver: SlackDriver


@asynccontextmanager
async def socket_bot(tmp_path: Path, *, latency: float, grace: float) -> AsyncIterator[Connected]:
    """The stand-ins here, ``leonar-bot socket`` as a subprocess, connected to the fake."""
    database_url = f"sqlite:///{tmp_path / 'bot.db'}"
    async with stand_ins(database_url, latency=latency, grace=grace) as ins:
        ins.env["SLACK_APP_TOKEN"] = ins.fake.app_token
        del ins.env["SLACK_SIGNING_SECRET"]  # Socket Mode needs none
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot.cli", "socket", env=ins.env, stderr=asyncio.subprocess.PIPE
        )
        try:
            await _until_connected(ins.fake, proc)
            async with httpx.AsyncClient() as http:  # the driver's HTTP side stays unused
                yield Connected(proc, ins.fake, SlackDriver(ins.fake, http))
        finally:
            if proc.returncode is None:
                proc.kill()
                await proc.wait()


async def _until_connected(fake: FakeSlack, proc: asyncio.subprocess.Process) -> None:
    waiting = asyncio.ensure_future(fake.socket_mode.wait_connected(timeout=60))
    exited = asyncio.ensure_future(proc.wait())
    await asyncio.wait({waiting, exited}, return_when=asyncio.FIRST_COMPLETED)
    if not waiting.done():
        waiting.cancel()
        assert proc.stderr is not None
        raise AssertionError((await proc.stderr.read()).decode())
    exited.cancel()
    waiting.result()


async def _stop(bot: Connected) -> tuple[int, str, float]:
    """SIGTERM; the exit status, stderr and how long the process took to exit."""
    started = time.monotonic()
    bot.proc.send_signal(signal.SIGTERM)
    assert bot.proc.stderr is not None
    stderr = (await asyncio.wait_for(bot.proc.stderr.read(), timeout=60)).decode()
    status = await bot.proc.wait()
    return status, stderr, time.monotonic() - started


async def _searches(bot: Connected) -> None:
    """Type the searches through the socket; each is acked within Slack's deadline."""
    acks = await asyncio.gather(
        *(bot.driver.socket_command("/leonar", "search react") for _ in range(SEARCHES))
    )
    assert len({a.envelope_id for a in acks}) == SEARCHES
    assert bot.driver.late_acks == []


def _told(fake: FakeSlack) -> int:
    return len([r for r in fake.responses if r.body.get("text") == INTERRUPTED_TEXT])


async def test_a_search_through_the_socket_posts_its_results(tmp_path: Path) -> None:
    async with socket_bot(tmp_path, latency=0.0, grace=5) as bot:
        opened = [c for c in bot.fake.calls if c.method == "apps.connections.open"]
        assert opened and opened[0].token == bot.fake.app_token and opened[0].ok
        ack = await bot.driver.socket_command("/leonar", "search react")
        assert bot.fake.socket_mode.acks == [ack]
        assert bot.driver.late_acks == []
        await bot.driver.wait_for(lambda: result_threads(bot.fake) == 1, timeout=30)
        parent = next(m for m in bot.fake.messages("C0GENERAL") if "contacts for" in m.text)
        assert "react" in parent.text.lower()
        status, stderr, _ = await _stop(bot)
    assert status == 0, stderr
    assert "Traceback" not in stderr


async def test_sigterm_lets_acked_searches_finish(tmp_path: Path) -> None:
    async with socket_bot(tmp_path, latency=1.5, grace=25) as bot:
        await _searches(bot)
        assert result_threads(bot.fake) < SEARCHES  # Leonar is still answering
        status, stderr, took = await _stop(bot)
        assert status == 0, stderr
        assert took < 25
        assert bot.fake.socket_mode.connected == 0  # the socket was closed
        assert result_threads(bot.fake) == SEARCHES, stderr
        assert _told(bot.fake) == 0
        assert "Traceback" not in stderr
        assert "Socket Mode stopped" in stderr


async def test_work_past_the_grace_is_cut_off_and_the_person_told(tmp_path: Path) -> None:
    async with socket_bot(tmp_path, latency=6.0, grace=1.0) as bot:
        await _searches(bot)
        status, stderr, took = await _stop(bot)
        assert status == 0, stderr
        assert took < 6.0  # did not wait for Leonar
        assert _told(bot.fake) == SEARCHES
        assert result_threads(bot.fake) == 0
