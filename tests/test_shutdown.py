"""Graceful shutdown of a real ``leonar-bot serve`` process: searches acked before SIGTERM still
get their results (Leonar answering slowly); work that cannot finish within SHUTDOWN_GRACE is
told to the person. On SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import signal
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from bot.slack.inflight import INTERRUPTED_TEXT
from standins.leonar import SandboxState
from standins.slack import FakeSlack, SlackDriver
from tests.support.pg import (
    asyncpg_url,
    postgres_unavailable_reason,
    skip_or_fail,
    throwaway_database,
)
from tests.support.served import free_port, result_threads, stand_ins

pytestmark = pytest.mark.slow
SEARCHES = 5


@dataclass
class Served:
    proc: asyncio.subprocess.Process
    fake: FakeSlack
    driver: SlackDriver
    leonar: SandboxState
    bot_url: str
    http: httpx.AsyncClient


@asynccontextmanager
async def served_bot(
    database_url: str, *, latency: float, grace: float, workers: int = 1, **extra: str
) -> AsyncIterator[Served]:
    """The fake Slack and a slow Leonar sandbox in this process, the bot as a subprocess."""
    async with stand_ins(database_url, latency=latency, grace=grace, **extra) as ins:
        port = free_port()
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot.cli", "serve", "--host", "127.0.0.1", "--port", str(port),
            "--workers", str(workers),
            env=ins.env,
            stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        try:
            async with httpx.AsyncClient(timeout=30.0) as http:
                bot_url = f"http://127.0.0.1:{port}"
                await _until_healthy(http, bot_url, proc)
                ins.fake.app_url = f"{bot_url}/slack/events"
                yield Served(proc, ins.fake, SlackDriver(ins.fake, http), ins.leonar, bot_url, http)
        finally:
            if proc.returncode is None:
                proc.kill()
                await proc.wait()


async def _until_healthy(
    http: httpx.AsyncClient, url: str, proc: asyncio.subprocess.Process
) -> None:
    for _ in range(300):
        if proc.returncode is not None:
            assert proc.stderr is not None
            raise AssertionError((await proc.stderr.read()).decode())
        try:
            if (await http.get(f"{url}/healthz")).status_code == 200:
                return
        except httpx.TransportError:
            pass
        await asyncio.sleep(0.1)
    raise AssertionError("the bot never became healthy")


async def _searches_then_sigterm(served: Served) -> str:
    """Send the searches, SIGTERM once all are acked, wait for the process; its stderr."""
    answers = await asyncio.gather(
        *(served.driver.command("/leonar", "search react typescript") for _ in range(SEARCHES))
    )
    assert [a.status_code for a in answers] == [200] * SEARCHES
    served.proc.send_signal(signal.SIGTERM)
    assert served.proc.stderr is not None
    stderr = (await asyncio.wait_for(served.proc.stderr.read(), timeout=60)).decode()
    # uvicorn re-raises the signal it caught once shut down: the status says "ended by SIGTERM"
    assert await served.proc.wait() in (0, -signal.SIGTERM), stderr
    assert "Application shutdown complete" in stderr
    return stderr


async def _finishes_acked_searches(database_url: str) -> None:
    async with served_bot(database_url, latency=1.5, grace=25) as served:
        stderr = await _searches_then_sigterm(served)
        assert result_threads(served.fake) == SEARCHES, stderr
        assert "Traceback" not in stderr
        assert not [r for r in served.fake.responses if r.body.get("text") == INTERRUPTED_TEXT]


async def test_sigterm_lets_acked_searches_finish_on_sqlite(tmp_path: Path) -> None:
    await _finishes_acked_searches(f"sqlite:///{tmp_path / 'bot.db'}")


@pytest.mark.postgres
async def test_sigterm_lets_acked_searches_finish_on_postgres() -> None:
    reason = await postgres_unavailable_reason()
    if reason:
        skip_or_fail(reason)
    async with throwaway_database() as dsn:
        await _finishes_acked_searches(asyncpg_url(dsn))


async def test_work_past_the_grace_is_cut_off_and_the_person_told(tmp_path: Path) -> None:
    async with served_bot(f"sqlite:///{tmp_path / 'bot.db'}", latency=6.0, grace=1.0) as served:
        await _searches_then_sigterm(served)
        told = [r for r in served.fake.responses if r.body.get("text") == INTERRUPTED_TEXT]
        assert len(told) == SEARCHES
        assert result_threads(served.fake) == 0


async def test_metrics_add_up_across_web_processes(tmp_path: Path) -> None:
    token = "metrics-token-0123456789"
    multiproc = tmp_path / "metrics"
    async with served_bot(
        f"sqlite:///{tmp_path / 'bot.db'}", latency=0, grace=5, workers=2,
        METRICS_TOKEN=token, PROMETHEUS_MULTIPROC_DIR=str(multiproc),
    ) as served:  # fmt: skip
        for _ in range(8):  # new connections: both processes answer some
            async with httpx.AsyncClient() as fresh:
                driver = SlackDriver(served.fake, fresh)
                assert (await driver.command("/leonar", "help")).status_code == 200
        pids = {p.name.split("_")[-1] for p in multiproc.glob("counter_*.db")}
        for _ in range(4):  # whichever process answers the scrape, it tells the sum
            resp = await served.http.get(
                f"{served.bot_url}/metrics", headers={"Authorization": f"Bearer {token}"}
            )
            line = next(
                x for x in resp.text.splitlines()
                if x.startswith('leonar_bot_slack_requests_total{kind="command",outcome="ok"}')
            )  # fmt: skip
            assert float(line.split()[-1]) == 8.0
        served.proc.send_signal(signal.SIGTERM)
        await asyncio.wait_for(served.proc.wait(), timeout=60)
    assert len(pids) >= 2  # the workers (and the supervising process) write their own files
