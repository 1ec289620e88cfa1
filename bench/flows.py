"""CPU per flow and time to result: `leonar-bot serve` against a minimal reference, Leonar at 2 s.

    .venv/bin/python -m bench.flows            # burst 200, steady 20/s for 10 s, each flow
    .venv/bin/python -m bench.flows --quick    # small numbers (a few minutes)

Processes (bench/_servers.py): the Leonar sandbox (``--latency`` s per answer), the fake Slack
(records when each Web API call arrived), the bot (`leonar-bot serve`, 1 worker, SQLite) and the
reference (bench/reference_bot.py: a bare Bolt app that acks, calls Leonar once and posts the
parent and the cards). Every flow of a phase runs in its own channel, so each Slack call is
counted to the flow it belongs to (modals by trigger id, then view id).

Flows: search → threaded results, More results → next page, Enrich click → ⏳ message, deal new
→ modal form, add to project submit → confirmation, unfurl → chat.unfurl. Each runs as a burst
(all at once) and at a steady rate. Per flow and phase it prints: CPU ms per flow in the bot's
processes (utime+stime from /proc of the server and its children, before/after, divided by
the flows), time from the signed request to the flow's final Slack call (p50/p99), the ack
p99, Leonar and Slack calls per flow, and the CPU ratio to the reference's search.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from bench.ack_latency import USER, Backends, LoadGen, backends, bot_server, python_server
from bench.common import SECRET, Proc, Report, machine, ms, pct, print_table
from bot.flows.add_to_project.modal import AddOrigin
from bot.http import open_http
from bot.ui.actions import (
    ADD_PROJECT_BLOCK,
    ADD_PROJECT_SELECT,
    ADD_TO_PROJECT_VIEW,
    CONTACT_ADD_TO_PROJECT,
    CONTACT_ENRICH,
    RESULTS_MORE,
)
from standins.leonar_data import FRONTEND_PROJECT_ID, NO_EMAIL_CONTACT_ID

TICK = os.sysconf("SC_CLK_TCK")
UNFURL_URL = "https://www.linkedin.com/in/sophie-martin"
#: a flow is done when its channel saw this Slack call (after the request was sent)
DONE: dict[str, tuple[str, bool]] = {
    # flow: (method, in a thread); "answer": a post in the thread, an ephemeral or a
    # response_url post (an Enrich click on a contact already being enriched says so privately)
    "search": ("chat.postMessage", True),
    "more": ("chat.postMessage", True),
    "enrich": ("answer", True),
    "deal_new": ("views.update", False),
    "add_submit": ("chat.postMessage", True),
    "unfurl": ("chat.unfurl", False),
}
NEEDS_SEARCH = ("more", "enrich", "add_submit")


def cpu_seconds(pids: list[int]) -> float:
    """utime+stime of ``pids`` (seconds) from /proc/<pid>/stat."""
    total = 0
    for pid in pids:
        with contextlib.suppress(OSError, ValueError, IndexError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
    return total / TICK


@dataclass
class Phase:
    """One flow run by one target as a burst or at a steady rate."""

    target: str
    flow: str
    mode: str
    n: int
    cpu: float = 0.0
    acks: list[float] = field(default_factory=list)
    results: list[float] = field(default_factory=list)  # request → final Slack call
    firsts: list[float] = field(default_factory=list)  # request → first threaded post (search)
    done: int = 0
    slack_calls: int = 0
    leonar_calls: int = 0
    #: "method: error" of the Slack calls that failed, with how many
    errors: Counter[str] = field(default_factory=Counter)

    @property
    def cpu_ms(self) -> float:
        return 1000 * self.cpu / self.n if self.n else float("nan")


class Bench:
    """Requests for each flow, one channel per request, and what the fake Slack recorded."""

    def __init__(self, b: Backends, http: httpx.AsyncClient) -> None:
        self.b = b
        self.http = http
        self.gen = LoadGen("", b.slack_url, http)
        self._prefix = 0

    async def channels(self, n: int) -> list[str]:
        self._prefix += 1
        body = {"n": n, "prefix": f"B{self._prefix:03d}"}
        r = await self.http.post(f"{self.b.slack_url}/bench/channels", json=body)
        return list(r.json()["channels"])

    async def calls(self, since: float = 0.0) -> list[dict[str, Any]]:
        r = await self.http.get(f"{self.b.slack_url}/bench/calls", params={"since": since})
        return list(r.json()["calls"])

    async def buttons(self, action_id: str, value: str | None = None) -> dict[str, Any]:
        params = {"action_id": action_id, **({"value": value} if value else {})}
        r = await self.http.get(f"{self.b.slack_url}/bench/buttons", params=params)
        return dict(r.json())

    async def leonar_served(self) -> int:
        r = await self.http.get(f"http://127.0.0.1:{self.b.leonar.port}/bench/count")
        return int(r.json()["served"])

    async def prepare(self, flow: str, chans: list[str]) -> dict[str, Any]:
        """What the flow's requests need from earlier messages (the search's buttons)."""
        if flow == "more":
            return await self.buttons(RESULTS_MORE)
        if flow == "enrich":
            return await self.buttons(CONTACT_ENRICH, NO_EMAIL_CONTACT_ID)
        if flow == "add_submit":
            adds = await self.buttons(CONTACT_ADD_TO_PROJECT)
            sets = await self.buttons(RESULTS_MORE)
            for channel, add in adds.items():
                add["set_id"] = str((sets.get(channel) or {}).get("value", "")).split(":")[0]
            return adds
        if flow == "unfurl":
            out = {}
            for channel in chans:
                r = await self.http.post(
                    f"{self.b.slack_url}/api/chat.postMessage",
                    headers={"Authorization": "Bearer xoxb-bench-token"},
                    json={"channel": channel, "text": f"<{UNFURL_URL}>"},
                )
                out[channel] = {"ts": r.json()["ts"]}
            return out
        return {}

    async def requests(
        self, flow: str, chans: list[str], prep: dict[str, Any]
    ) -> tuple[list[tuple[bytes, dict[str, str]]], dict[str, str]]:
        """One signed request per channel, and the trigger ids minted (trigger → channel)."""
        minted = (
            await self.http.post(
                f"{self.b.slack_url}/bench/mint",
                json={"channels": chans, "per_channel_user": flow == "deal_new"},
            )
        ).json()
        out = []
        for i, channel in enumerate(chans):
            url, trigger = minted["response_urls"][i], minted["trigger_ids"][i]
            out.append(self.gen._signed(self._body(flow, channel, url, trigger, prep, i)))
        return out, dict(zip(minted["trigger_ids"], chans, strict=True))

    def _body(self, flow: str, channel: str, url: str, trigger: str, prep: Any, i: int) -> str:
        g = self.gen
        if flow == "search":
            return g._command("search engineer", url, trigger, channel)
        if flow == "deal_new":
            # each from the channel's own person: Slack keeps one modal stack per person
            return g._command("deal new", url, trigger, channel, user=f"U{channel[1:]}")
        if flow == "unfurl":
            return _link_shared(channel, prep[channel]["ts"], i)
        if flow == "add_submit":
            return _submission(channel, prep[channel], url, trigger, i)
        button = prep.get(channel)
        if button is None:
            raise RuntimeError(f"{flow}: no button to click in {channel} (did the search fail?)")
        action, label = (
            (RESULTS_MORE, "More results") if flow == "more" else (CONTACT_ENRICH, "Enrich")
        )
        return g._click(
            action,
            label,
            button["value"],
            url,
            trigger,
            channel=channel,
            message_ts=button["ts"],
            thread_ts=button["thread_ts"],
            block_id=button["block_id"],
        )


def _link_shared(channel: str, ts: str, i: int) -> str:
    return json.dumps(
        {
            "token": "bench",
            "team_id": "T0TEAM",
            "api_app_id": "A0LEONAR",
            "type": "event_callback",
            "event_id": f"EvBENCH{channel}{i}",
            "event_time": int(time.time()),
            "authorizations": [{"team_id": "T0TEAM", "user_id": "U0BOT", "is_bot": True}],
            "event": {
                "type": "link_shared",
                "channel": channel,
                "is_bot_user_member": True,
                "user": USER,
                "message_ts": ts,
                "unfurl_id": f"bench-unfurl-{channel}",
                "source": "conversations_history",
                "links": [{"domain": "www.linkedin.com", "url": UNFURL_URL}],
                "event_ts": f"{time.time():.6f}",
            },
        }
    )


def _submission(channel: str, card: dict[str, Any], url: str, trigger: str, i: int) -> str:
    """An Add to project form submitted for the card (project picked, stage left empty)."""
    from urllib.parse import urlencode

    origin = AddOrigin(
        contact_id=card["value"],
        channel=channel,
        message_ts=card["ts"],
        thread_ts=card["thread_ts"],
        set_id=card.get("set_id") or None,
        response_url=url,
    )
    selected = {"type": "static_select", "selected_option": {"value": FRONTEND_PROJECT_ID}}
    payload = {
        "type": "view_submission",
        "team": {"id": "T0TEAM", "domain": "fake-team"},
        "user": {"id": USER, "username": "alice", "name": "alice", "team_id": "T0TEAM"},
        "api_app_id": "A0LEONAR",
        "token": "bench",
        "trigger_id": trigger,
        "view": {
            "id": f"VBENCH{channel}{i}",
            "type": "modal",
            "callback_id": ADD_TO_PROJECT_VIEW,
            "private_metadata": origin.encode(),
            "state": {"values": {ADD_PROJECT_BLOCK: {ADD_PROJECT_SELECT: selected}}},
            "hash": "bench",
        },
        "response_urls": [],
        "is_enterprise_install": False,
    }
    return urlencode({"payload": json.dumps(payload)})


ANSWERS = ("chat.postMessage", "chat.postEphemeral", "response_url")


def _is_done(row: dict[str, Any], method: str, threaded: bool) -> bool:
    if method == "answer":
        return bool(row["ok"] and row["method"] in ANSWERS)
    return bool(row["ok"] and row["method"] == method and (row["thread_ts"] or not threaded))


def _keyed(rows: list[dict[str, Any]], triggers: dict[str, str]) -> dict[str, list[dict[str, Any]]]:
    """Slack calls by the channel (flow) they belong to; modals through trigger and view ids."""
    views: dict[str, str] = {}
    out: dict[str, list[dict[str, Any]]] = {}
    for row in sorted(rows, key=lambda r: r["t"]):
        key = row.get("channel") or triggers.get(row.get("trigger_id") or "")
        if key and row.get("view_id") and row["method"] == "views.open":
            views[row["view_id"]] = key
        key = key or views.get(row.get("view_id") or "")
        if key:
            out.setdefault(key, []).append(row)
    return out


async def _send(http: httpx.AsyncClient, url: str, req: Any, at: float) -> float:
    """Seconds from ``at`` to the HTTP 200 (inf: refused, failed or not 200)."""
    body, headers = req
    if body.startswith(b"{"):
        headers = {**headers, "Content-Type": "application/json"}
    try:
        r = await http.post(url, content=body, headers=headers)
    except httpx.HTTPError:
        return float("inf")
    return time.time() - at if r.status_code == 200 else float("inf")


async def run_phase(
    bench: Bench, proc: Proc, target: str, flow: str, n: int, rate: float | None
) -> Phase:
    """``n`` flows at once (rate None) or ``rate`` a second; waits until each is done."""
    url = f"http://127.0.0.1:{proc.port}/slack/events"
    chans = await bench.channels(n)
    if flow in NEEDS_SEARCH:
        await _run_and_wait(bench, url, "search", chans, {}, None)
    prep = await bench.prepare(flow, chans)
    phase = Phase(target, flow, "burst" if rate is None else f"{rate:g}/s", n)
    leonar0, cpu0 = await bench.leonar_served(), cpu_seconds(proc.children())
    sent, rows = await _run_and_wait(bench, url, flow, chans, prep, rate, phase)
    phase.cpu = cpu_seconds(proc.children()) - cpu0
    phase.leonar_calls = await bench.leonar_served() - leonar0
    method, threaded = DONE[flow]
    for channel, at in sent.items():
        mine = [r for r in rows.get(channel, []) if r["t"] >= at - 0.001]
        phase.slack_calls += len(mine)
        phase.errors.update(f"{r['method']}: {r.get('error')}" for r in mine if not r["ok"])
        done = [r for r in mine if _is_done(r, method, threaded)]
        if done:
            phase.done += 1
            phase.results.append(mine[-1]["t"] - at)
            phase.firsts.append(done[0]["t"] - at)
    return phase


async def _run_and_wait(
    bench: Bench,
    url: str,
    flow: str,
    chans: list[str],
    prep: dict[str, Any],
    rate: float | None,
    phase: Phase | None = None,
    limit: float = 60.0,
) -> tuple[dict[str, float], dict[str, list[dict[str, Any]]]]:
    # a burst's requests are signed before it starts; at a steady rate, each second's batch
    # just before that second (trigger ids live 3 s)
    batch = len(chans) if rate is None else max(1, int(rate))
    start, tasks, sent, triggers = 0.0, [], {}, {}
    for first in range(0, len(chans), batch):
        requests, minted = await bench.requests(flow, chans[first : first + batch], prep)
        triggers.update(minted)
        start = start or time.time()
        for i, req in enumerate(requests, start=first):
            at = start if rate is None else start + i / rate
            if at > time.time():
                await asyncio.sleep(at - time.time())
            sent[chans[i]] = at
            tasks.append(asyncio.create_task(_send(bench.http, url, req, at)))
    acks = await asyncio.gather(*tasks)
    if phase is not None:
        phase.acks = list(acks)
    method, threaded = DONE[flow]
    deadline, quiet_since, last = time.time() + limit, time.time(), -1
    while time.time() < deadline:
        rows = await bench.calls(since=start - 1.0)
        keyed = _keyed(rows, triggers)
        finished = sum(
            any(_is_done(r, method, threaded) and r["t"] >= at for r in keyed.get(c, []))
            for c, at in sent.items()
        )
        if len(rows) != last:
            last, quiet_since = len(rows), time.time()
        if finished == len(chans) and time.time() - quiet_since > 1.0:
            break
        await asyncio.sleep(0.5)
    return sent, keyed


def reference_server(b: Backends) -> contextlib.AbstractAsyncContextManager[Proc]:
    leonar_url = f"http://127.0.0.1:{b.leonar.port}/api/v1"
    argv = ["-m", "bench.reference_bot", "--secret", SECRET, "--leonar-url", leonar_url]
    return python_server("reference", [*argv, "--slack-api-url", f"{b.slack_url}/api/"])


@dataclass
class Sizes:
    burst: int
    rate: float
    seconds: float
    flows: tuple[str, ...] = tuple(DONE)


async def run(sizes: Sizes, latency: float = 2.0) -> tuple[Report, list[str]]:
    phases: list[Phase] = []
    # the load generator sends through bot/http.py's pool (httpx's own pool costs the generator
    # most of a core in a burst: see bench/ack_latency.py)
    # idle connections dropped before uvicorn's 5 s keep-alive ends them under a request
    limits = httpx.Limits(max_connections=2_000, keepalive_expiry=3.0)
    async with (
        backends(latency) as b,
        open_http(timeout=httpx.Timeout(30.0), limits=limits) as (
            http,
            _session,
        ),
    ):
        bench = Bench(b, http)
        async with reference_server(b) as ref:
            await run_phase(bench, ref, "reference", "search", 5, None)  # warm-up
            phases.append(await run_phase(bench, ref, "reference", "search", sizes.burst, None))
            steady_n = max(1, int(sizes.rate * sizes.seconds))
            phases.append(await run_phase(bench, ref, "reference", "search", steady_n, sizes.rate))
        async with bot_server(b, workers=1) as bot:
            await run_phase(bench, bot, "bot", "search", 5, None)  # warm-up
            for flow in sizes.flows:
                phases.append(await run_phase(bench, bot, "bot", flow, sizes.burst, None))
                phases.append(await run_phase(bench, bot, "bot", flow, steady_n, sizes.rate))
                print(f"  {flow}: done", flush=True)
    return _report(phases, sizes)


def _report(phases: list[Phase], sizes: Sizes) -> tuple[Report, list[str]]:
    ref = {p.mode: p.cpu_ms for p in phases if p.target == "reference"}
    lines = [
        "| target | flow | phase | done | CPU ms/flow | × ref search | result p50 | result p99 "
        "| first p99 | ack p99 | Leonar calls/flow | Slack calls/flow |",
        "|" + " --- |" * 12,
    ]
    for p in phases:
        ratio = p.cpu_ms / ref[p.mode] if ref.get(p.mode) else float("nan")
        lines.append(
            f"| {p.target} | {p.flow} | {p.mode} | {p.done}/{p.n} | {p.cpu_ms:.1f} | "
            f"{ratio:.2f} | {ms(pct(p.results, 0.5))} | {ms(pct(p.results, 0.99))} | "
            f"{ms(pct(p.firsts, 0.99))} | {ms(pct(p.acks, 0.99))} | "
            f"{p.leonar_calls / p.n:.1f} | {p.slack_calls / p.n:.1f} |"
        )
    for p in phases:
        if p.errors:
            lines.append(f"\n{p.target} {p.flow} {p.mode}: failed Slack calls {dict(p.errors)}")
    report = Report()
    bot_search = next((p for p in phases if p.target == "bot" and p.flow == "search"), None)
    if bot_search is None:
        return report, lines
    ratio = bot_search.cpu_ms / ref["burst"] if ref.get("burst") else float("nan")
    report.add(
        "flows",
        "search CPU vs reference (burst)",
        f"{bot_search.cpu_ms:.1f} ms vs {ref.get('burst', 0):.1f} ms ({ratio:.2f})",
        "≤ 1.0",
        ratio <= 1.0,
    )
    first = pct(bot_search.firsts, 0.99)
    report.add(
        "flows",
        f"burst {sizes.burst} searches: threads with results",
        f"{bot_search.done}/{bot_search.n}",
        "all",
        bot_search.done == bot_search.n,
    )
    report.add("flows", "burst first-result p99", ms(first), "≤ 3.5 s", first <= 3.5)
    ack = pct(bot_search.acks, 0.99)
    report.add("flows", "burst ack p99", ms(ack), "< 1 s", ack < 1.0)
    return report, lines


async def ack_steady(rate: float, seconds: float, latency: float) -> str:
    """The ack target's phase alone: the mix of bench/ack_latency.py at ``rate``/s for
    ``seconds`` against `leonar-bot serve` (1 worker, SQLite), after its warm-up burst."""
    limits = httpx.Limits(max_connections=2_000, keepalive_expiry=3.0)
    async with (
        backends(latency) as b,
        bot_server(b, workers=1) as bot,
        open_http(timeout=httpx.Timeout(10.0), limits=limits) as (http, _session),
    ):
        gen = LoadGen(f"http://127.0.0.1:{bot.port}/slack/events", b.slack_url, http)
        await gen.setup()
        await gen.burst(20)
        await gen.drain()
        p = await gen.steady(rate, seconds)
    return (
        f"ack, steady {rate:g}/s for {seconds:g} s (mix of bench/ack_latency.py): "
        f"{p.acked}/{p.sent} acked, p50 {ms(p.p50)}, p99 {ms(p.p99)}, max {ms(p.max)}"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="small numbers")
    parser.add_argument("--burst", type=int, default=None)
    parser.add_argument("--rate", type=float, default=None)
    parser.add_argument("--seconds", type=float, default=None)
    parser.add_argument("--latency", type=float, default=2.0)
    parser.add_argument("--flows", nargs="+", choices=list(DONE), default=list(DONE))
    parser.add_argument(
        "--ack-steady", type=float, default=None, help="only the ack target at this rate/s"
    )
    args = parser.parse_args(argv)
    if args.ack_steady:
        print(f"Machine: {machine()}", flush=True)
        print(asyncio.run(ack_steady(args.ack_steady, args.seconds or 30.0, args.latency)))
        return
    sizes = Sizes(burst=20, rate=5, seconds=2) if args.quick else Sizes(200, 20, 10)
    sizes.burst = args.burst or sizes.burst
    sizes.rate = args.rate or sizes.rate
    sizes.seconds = args.seconds or sizes.seconds
    sizes.flows = tuple(args.flows)
    print(f"Machine: {machine()}; Leonar latency {args.latency:g} s", flush=True)
    report, lines = asyncio.run(run(sizes, args.latency))
    print("\n".join(lines))
    print()
    print_table(report.rows)


if __name__ == "__main__":
    main()
