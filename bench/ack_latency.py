"""Ack latency under load: `leonar-bot serve` (a real subprocess) against a bare Bolt app.

    .venv/bin/python -m bench.ack_latency --quick     # ~2 minutes: steady phases 5 s
    .venv/bin/python -m bench.ack_latency --full      # steady phases 30 s, saturation 20 s

Processes: the Leonar sandbox answering after ``--latency`` seconds (default 2) and the fake Slack
(standins/slack, with /bench/mint and /bench/stats) each in their own subprocess; the bot as
`leonar-bot serve` with 1 worker on SQLite and, with ``--workers 2``, 2 workers
(WEB_CONCURRENCY=2) on a throwaway PostgreSQL database; the ceiling is a Bolt AsyncApp whose
handlers only ack, behind the same starlette adapter and `uvicorn.run`. This process is the load
generator (httpx, one pre-signed request per send: signing is outside the timing).

The traffic is a round-robin mix of `/leonar search react`, `/leonar help`, a **More results**
click (a result set that has expired: the bot looks it up and answers through response_url) and
an **Enrich** click on a demo contact (a Leonar call and a pending job). Phases:
(a) bursts of 50, 200, 500 simultaneous requests: acked = HTTP 200 within 3 s;
(b) an open-loop steady rate of 50, 100, 200 requests/s (latency from the scheduled send time);
(c) saturation: a closed loop of 64 clients for a few seconds: requests/s.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import tempfile
import time
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
from slack_sdk.signature import SignatureVerifier

from bench.common import (
    BOT_TOKEN,
    SECRET,
    Proc,
    Report,
    bot_env,
    free_port,
    leonar_bot,
    ms,
    pct,
    python,
    throwaway_pg,
)
from bot.http import open_http
from bot.ui.actions import CONTACT_ENRICH, RESULTS_MORE
from standins.leonar_data import NO_EMAIL_CONTACT_ID

ACK_DEADLINE = 3.0
CHANNEL = "C0GENERAL"
USER = "U0ALICE"
TEAM = "T0TEAM"
KINDS = ("search", "help", "more", "enrich")


@dataclass
class Backends:
    slack: Proc
    leonar: Proc

    @property
    def slack_url(self) -> str:
        return f"http://127.0.0.1:{self.slack.port}"


@contextlib.asynccontextmanager
async def backends(latency: float) -> AsyncIterator[Backends]:
    """The fake Slack and the Leonar sandbox, each in its own subprocess."""
    lport, sport = free_port(), free_port()
    leonar = Proc(
        "leonar",
        python("-m", "bench._servers", "leonar", "--port", str(lport), "--latency", str(latency)),
        {},
        lport,
    ).start()
    slack = Proc(
        "slack",
        python("-m", "bench._servers", "slack", "--port", str(sport), "--secret", SECRET),
        {},
        sport,
    ).start()
    try:
        await leonar.wait_ready(path=None)
        await slack.wait_ready(path="/bench/stats")
        yield Backends(slack=slack, leonar=leonar)
    finally:
        slack.stop()
        leonar.stop()


@contextlib.asynccontextmanager
async def bot_server(
    b: Backends, *, workers: int, database_url: str | None = None, **extra_env: str
) -> AsyncIterator[Proc]:
    """`leonar-bot serve` with ``workers`` workers (SQLite unless ``database_url``)."""
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="bench-bot-") as tmp:
        url = database_url or f"sqlite+aiosqlite:///{Path(tmp) / 'bot.db'}"
        env = bot_env(
            port=port,
            slack_port=b.slack.port,
            leonar_port=b.leonar.port,
            database_url=url,
            WEB_CONCURRENCY=str(workers),
            **extra_env,
        )
        proc = Proc(f"bot{workers}w", leonar_bot("serve", "--host", "127.0.0.1"), env, port)
        proc.start()
        try:
            await proc.wait_ready("/healthz", timeout=60)
            yield proc
        finally:
            proc.stop(timeout=15)


def bare_server(b: Backends) -> contextlib.AbstractAsyncContextManager[Proc]:
    argv = ["-m", "bench._servers", "bare", "--secret", SECRET]
    return python_server("bare", [*argv, "--slack-api-url", f"{b.slack_url}/api/"])


@contextlib.asynccontextmanager
async def python_server(name: str, args: list[str]) -> AsyncIterator[Proc]:
    """``python <args> --port <free port>`` until /healthz answers; stopped on exit."""
    port = free_port()
    proc = Proc(name, python(*args, "--port", str(port)), {}, port).start()
    try:
        await proc.wait_ready("/healthz")
        yield proc
    finally:
        proc.stop()


@dataclass
class PhaseResult:
    name: str
    sent: int
    acked: int
    latencies: list[float]
    seconds: float = 0.0

    @property
    def p50(self) -> float:
        return pct(self.latencies, 0.50)

    @property
    def p99(self) -> float:
        return pct(self.latencies, 0.99)

    @property
    def max(self) -> float:
        return max(self.latencies) if self.latencies else float("nan")

    @property
    def rate(self) -> float:
        return self.acked / self.seconds if self.seconds else 0.0


class LoadGen:
    """Pre-signed Slack requests and the three kinds of load."""

    def __init__(self, app_url: str, slack_url: str, http: httpx.AsyncClient) -> None:
        self.app_url = app_url
        self.slack_url = slack_url
        self.http = http
        self.verifier = SignatureVerifier(SECRET)
        self.thread_ts = ""
        self._seq = 0

    async def setup(self) -> None:
        """A message of the bot's in the channel: the clicked buttons' message and thread."""
        r = await self.http.post(
            f"{self.slack_url}/api/chat.postMessage",
            headers={"Authorization": f"Bearer {BOT_TOKEN}"},
            json={"channel": CHANNEL, "text": "bench: search results"},
        )
        self.thread_ts = r.json()["ts"]

    def _signed(self, body: str) -> tuple[bytes, dict[str, str]]:
        ts = str(int(time.time()))
        sig = self.verifier.generate_signature(timestamp=ts, body=body)
        assert sig is not None
        return body.encode(), {
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Slack-Request-Timestamp": ts,
            "X-Slack-Signature": sig,
        }

    def _command(
        self, text: str, response_url: str, trigger: str, channel: str = CHANNEL, user: str = USER
    ) -> str:
        return urlencode(
            {
                "token": "bench",
                "team_id": TEAM,
                "team_domain": "fake-team",
                "channel_id": channel,
                "channel_name": "general" if channel == CHANNEL else channel.lower(),
                "user_id": user,
                "user_name": "alice" if user == USER else user.lower(),
                "command": "/leonar",
                "text": text,
                "api_app_id": "A0LEONAR",
                "is_enterprise_install": "false",
                "response_url": response_url,
                "trigger_id": trigger,
            }
        )

    def _click(
        self,
        action_id: str,
        label: str,
        value: str,
        response_url: str,
        trigger: str,
        *,
        channel: str = CHANNEL,
        message_ts: str = "",
        thread_ts: str = "",
        block_id: str = "bench",
    ) -> str:
        """A button click; ``message_ts``/``thread_ts``: the clicked message (default: the
        setup message in CHANNEL)."""
        message_ts = message_ts or self.thread_ts
        thread_ts = thread_ts or message_ts
        payload: dict[str, Any] = {
            "type": "block_actions",
            "user": {"id": USER, "username": "alice", "name": "alice", "team_id": TEAM},
            "api_app_id": "A0LEONAR",
            "token": "bench",
            "team": {"id": TEAM, "domain": "fake-team"},
            "enterprise": None,
            "is_enterprise_install": False,
            "container": {
                "type": "message",
                "message_ts": message_ts,
                "channel_id": channel,
                "is_ephemeral": False,
                "thread_ts": thread_ts,
            },
            "trigger_id": trigger,
            "channel": {"id": channel, "name": channel.lower()},
            "message": {
                "type": "message",
                "ts": message_ts,
                "thread_ts": thread_ts,
                "text": "bench: search results",
                "user": "U0BOT",
                "bot_id": "B0LEONAR",
                "blocks": [],
            },
            "state": {"values": {}},
            "response_url": response_url,
            "actions": [
                {
                    "type": "button",
                    "action_id": action_id,
                    "block_id": block_id,
                    "text": {"type": "plain_text", "text": label},
                    "value": value,
                    "action_ts": f"{time.time():.6f}",
                }
            ],
        }
        return urlencode({"payload": json.dumps(payload)})

    async def build(self, n: int, kinds: tuple[str, ...] = KINDS) -> list[tuple[bytes, dict[str, str]]]:
        """``n`` signed requests (the mix, round robin), each with its own response URL."""
        minted = (
            await self.http.post(f"{self.slack_url}/bench/mint", json={"n": n, "channel": CHANNEL})
        ).json()
        out = []
        for i in range(n):
            kind = kinds[(self._seq + i) % len(kinds)]
            url, trigger = minted["response_urls"][i], minted["trigger_ids"][i]
            if kind == "search":
                body = self._command("search react", url, trigger)
            elif kind == "help":
                body = self._command("help", url, trigger)
            elif kind == "more":
                value = f"{uuid.uuid4().hex[:12]}:10"
                body = self._click(RESULTS_MORE, "More results", value, url, trigger)
            else:
                body = self._click(CONTACT_ENRICH, "Enrich", NO_EMAIL_CONTACT_ID, url, trigger)
            out.append(self._signed(body))
        self._seq += n
        return out

    async def _send(self, request: tuple[bytes, dict[str, str]], since: float) -> tuple[float, int]:
        body, headers = request
        try:
            r = await self.http.post(self.app_url, content=body, headers=headers)
            status = r.status_code
        except httpx.HTTPError:
            status = 0
        return time.perf_counter() - since, status

    @staticmethod
    def _result(name: str, answers: list[tuple[float, int]], seconds: float = 0.0) -> PhaseResult:
        acked = sum(1 for lat, status in answers if status == 200 and lat <= ACK_DEADLINE)
        lats = [lat for lat, status in answers if status == 200]
        return PhaseResult(name, len(answers), acked, lats, seconds)

    async def burst(self, n: int) -> PhaseResult:
        requests = await self.build(n)
        start = time.perf_counter()
        answers = await asyncio.gather(*(self._send(r, start) for r in requests))
        return self._result(f"burst {n}", list(answers))

    async def steady(self, rate: float, seconds: float) -> PhaseResult:
        n = int(rate * seconds)
        requests = await self.build(n)
        start = time.perf_counter()
        tasks = []
        for i, request in enumerate(requests):
            at = start + i / rate
            delay = at - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(self._send(request, at)))
        answers = await asyncio.gather(*tasks)
        return self._result(f"steady {rate:.0f}/s", list(answers), seconds)

    async def saturate(self, clients: int, seconds: float) -> PhaseResult:
        requests = await self.build(max(clients * 4, 2_000))
        answers: list[tuple[float, int]] = []
        start = time.perf_counter()
        deadline = start + seconds
        counter = iter(range(10**9))

        async def client() -> None:
            while time.perf_counter() < deadline:
                request = requests[next(counter) % len(requests)]
                answers.append(await self._send(request, time.perf_counter()))

        await asyncio.gather(*(client() for _ in range(clients)))
        elapsed = time.perf_counter() - start
        return self._result(f"saturation {clients} clients", answers, elapsed)

    async def drain(self, quiet: float = 1.0, limit: float = 12.0) -> None:
        """Wait until the fake Slack has seen no new Web API call for ``quiet`` seconds."""
        last, since = -1, time.monotonic()
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            stats = (await self.http.get(f"{self.slack_url}/bench/stats")).json()
            total = sum(stats["calls"].values()) + stats["responses"]
            if total != last:
                last, since = total, time.monotonic()
            elif time.monotonic() - since >= quiet:
                return
            await asyncio.sleep(0.3)


@dataclass
class TargetResult:
    name: str
    bursts: list[PhaseResult]
    steady: list[PhaseResult]
    saturation: PhaseResult


async def measure(
    name: str, app_url: str, b: Backends, *, steady_seconds: float, sat_seconds: float
) -> TargetResult:
    # the load generator sends through bot/http.py too: with httpx's own pool, the generator
    # (not the server measured) used most of a core under saturation (httpcore's pool scan)
    limits = httpx.Limits(max_connections=2_000, keepalive_expiry=30.0)
    async with open_http(timeout=httpx.Timeout(10.0), limits=limits) as (http, _session):
        gen = LoadGen(app_url, b.slack_url, http)
        await gen.setup()
        await gen.burst(20)  # warm-up (imports, first DB connections)
        await gen.drain()
        bursts = []
        for n in (50, 200, 500):
            bursts.append(await gen.burst(n))
            await gen.drain()
        steady = []
        for rate in (50, 100, 200):
            steady.append(await gen.steady(rate, steady_seconds))
            await gen.drain()
        sat = await gen.saturate(64, sat_seconds)
        await gen.drain()
    print(f"  {name}: done", flush=True)
    return TargetResult(name, bursts, steady, sat)


def _table(results: list[TargetResult]) -> list[str]:
    lines = [
        "| target | phase | acked / sent | p50 | p99 | max |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for t in results:
        for p in [*t.bursts, *t.steady]:
            lines.append(
                f"| {t.name} | {p.name} | {p.acked} / {p.sent} | {ms(p.p50)} | {ms(p.p99)} | "
                f"{ms(p.max)} |"
            )
        s = t.saturation
        lines.append(
            f"| {t.name} | {s.name} ({s.seconds:.0f} s) | {s.rate:.0f} req/s | {ms(s.p50)} | "
            f"{ms(s.p99)} | {ms(s.max)} |"
        )
    return lines


async def run(
    *, quick: bool, latency: float = 2.0, workers: tuple[int, ...] = (1, 2)
) -> tuple[Report, list[str]]:
    steady_seconds = 5.0 if quick else 30.0
    sat_seconds = 5.0 if quick else 20.0
    report = Report()
    results: list[TargetResult] = []
    async with backends(latency) as b:
        async with bare_server(b) as bare:
            results.append(
                await measure(
                    "bare Bolt app",
                    f"http://127.0.0.1:{bare.port}/slack/events",
                    b,
                    steady_seconds=steady_seconds,
                    sat_seconds=sat_seconds,
                )
            )
        for w in workers:
            async with contextlib.AsyncExitStack() as stack:
                db = await stack.enter_async_context(throwaway_pg()) if w > 1 else None
                bot = await stack.enter_async_context(bot_server(b, workers=w, database_url=db))
                name = f"bot {w} worker{'s' if w > 1 else ''} ({'PostgreSQL' if db else 'SQLite'})"
                results.append(
                    await measure(
                        name,
                        f"http://127.0.0.1:{bot.port}/slack/events",
                        b,
                        steady_seconds=steady_seconds,
                        sat_seconds=sat_seconds,
                    )
                )
    bare_rate = results[0].saturation.rate
    for t in results[1:]:
        b200 = t.bursts[1]
        report.add(
            "ack", f"{t.name}: burst 200 acked, p99",
            f"{b200.acked}/200, {ms(b200.p99)}", "200/200, p99 < 1 s",
            b200.acked == 200 and b200.p99 < 1.0,
        )
        s100 = t.steady[1]
        report.add(
            "ack", f"{t.name}: steady 100/s p99", ms(s100.p99), "≤ 50 ms", s100.p99 <= 0.050
        )
        ratio = t.saturation.rate / bare_rate if bare_rate else 0.0
        report.add(
            "ack", f"{t.name}: saturation vs bare",
            f"{t.saturation.rate:.0f} vs {bare_rate:.0f} req/s ({ratio:.0%})", "≥ 80 %",
            ratio >= 0.8,
        )
    return report, _table(results)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--quick", action="store_true", default=True)
    mode.add_argument("--full", action="store_true")
    parser.add_argument("--latency", type=float, default=2.0)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args(argv)
    report, lines = asyncio.run(
        run(quick=not args.full, latency=args.latency, workers=tuple(args.workers))
    )
    print("\n".join(lines))
    from bench.common import print_table

    print()
    print_table(report.rows)


if __name__ == "__main__":
    main()
