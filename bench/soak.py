"""Soak: mixed traffic at a steady rate for N minutes against `leonar-bot serve`.

    .venv/bin/python -m bench.soak --minutes 2              # what docs/reliability.md reports
    .venv/bin/python -m bench.soak --minutes 60 --rate 20   # the full version

Same processes as bench/ack_latency.py (Leonar sandbox with ``--latency`` seconds, fake Slack,
the bot with 1 worker on SQLite, POLLER=inline). Traffic: the ack mix (search, help, More
results, Enrich) at ``--rate`` requests/s, open loop. Every ``--every`` seconds the bot process's
RSS and open sockets are sampled from /proc; reported: first/last/max and the least-squares slope
per minute, plus acks and the p99 ack latency of the whole run. The database is sampled too: the
rows of the tables that grow with traffic and the file's size, with ``--ttl`` seconds of result-set
life and a purge every ``--purge`` seconds (production: 7 days and an hour), so a short run shows
whether retention keeps them flat once warm.
"""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
import time
from pathlib import Path

import httpx

from bench.ack_latency import LoadGen, backends, bot_server
from bench.common import Report, ms, open_sockets, pct, rss_mb, slope
from bot.http import open_http

#: the tables that grow with traffic (retention deletes what expires)
GROWING = ("result_sets", "enrichment_jobs", "dedupe_keys", "activity")


def db_rows(database_url: str) -> dict[str, int]:
    """Rows per growing table and the file's size in KB, read from the bot's SQLite file."""
    path = Path(database_url.split("///", 1)[1])
    counts = {"size_kb": path.stat().st_size // 1024 if path.exists() else 0}
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5) as conn:
        for table in GROWING:
            counts[table] = conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]  # noqa: S608
    return counts


def _db_lines(db_samples: list[tuple[float, dict[str, int]]]) -> list[str]:
    """One row per tenth of the run: the rows of each growing table and the file size."""
    if not db_samples:
        return []
    names = [*GROWING, "size_kb"]
    step = max(1, len(db_samples) // 10)
    picked = db_samples[::step] + ([db_samples[-1]] if (len(db_samples) - 1) % step else [])
    return [
        "| minute | " + " | ".join(names) + " |",
        "| --- | " + " | ".join("---" for _ in names) + " |",
        *(f"| {t / 60:.1f} | " + " | ".join(str(c[n]) for n in names) + " |" for t, c in picked),
    ]


async def run(
    *,
    minutes: float,
    rate: float = 20.0,
    every: float = 5.0,
    latency: float = 2.0,
    ttl: float = 60.0,
    purge: float = 30.0,
) -> tuple[Report, list[str]]:
    report = Report()
    seconds = minutes * 60
    samples: list[tuple[float, float, int]] = []
    db_samples: list[tuple[float, dict[str, int]]] = []
    retention = {"RESULT_SET_TTL": f"{ttl:g}", "PURGE_INTERVAL": f"{purge:g}"}
    async with backends(latency) as b, bot_server(b, workers=1, **retention) as bot:
        limits = httpx.Limits(max_connections=1_000, keepalive_expiry=30.0)
        async with open_http(timeout=httpx.Timeout(10.0), limits=limits) as (http, _session):
            gen = LoadGen(f"http://127.0.0.1:{bot.port}/slack/events", b.slack_url, http)
            await gen.setup()
            start = time.monotonic()

            async def sample() -> None:
                while time.monotonic() - start < seconds:
                    pids = bot.children()
                    samples.append((time.monotonic() - start, rss_mb(pids), open_sockets(pids)))
                    rows = await asyncio.to_thread(db_rows, bot.env["DATABASE_URL"])
                    db_samples.append((time.monotonic() - start, rows))
                    await asyncio.sleep(every)

            sampler = asyncio.create_task(sample())
            results = []
            chunk = 10.0  # signatures stay fresh: build and send ten seconds at a time
            while time.monotonic() - start < seconds:
                results.append(
                    await gen.steady(rate, min(chunk, seconds - (time.monotonic() - start)))
                )
            await sampler
            await gen.drain()
            pids = bot.children()
            samples.append((time.monotonic() - start, rss_mb(pids), open_sockets(pids)))
    sent = sum(r.sent for r in results)
    acked = sum(r.acked for r in results)
    lats = [x for r in results for x in r.latencies]
    rss_slope = slope([(t / 60, m) for t, m, _ in samples])
    sock_slope = slope([(t / 60, float(s)) for t, _, s in samples])
    # the first minutes fill caches and pools: the second half says whether it keeps growing
    later = [x for x in samples if x[0] >= seconds / 2]
    late_slope = slope([(t / 60, m) for t, m, _ in later]) if len(later) > 2 else float("nan")
    windows = _windows(samples, seconds)
    lines = [
        f"{minutes:g} min at {rate:g} req/s (Leonar latency {latency:g} s), {len(samples)} samples",
        "",
        "| metric | first | last | max | slope |",
        "| --- | --- | --- | --- | --- |",
        f"| RSS (MB) | {samples[0][1]:.1f} | {samples[-1][1]:.1f} | "
        f"{max(s[1] for s in samples):.1f} | {rss_slope:+.2f} MB/min |",
        f"| open sockets | {samples[0][2]} | {samples[-1][2]} | {max(s[2] for s in samples)} | "
        f"{sock_slope:+.2f} /min |",
        f"| acks | {acked} / {sent} | | | p99 {ms(pct(lats, 0.99))} |",
        "",
        f"RSS slope over the second half: {late_slope:+.3f} MB/min",
        "",
        "| minutes | RSS max (MB) | open sockets max |",
        "| --- | --- | --- |",
        *windows,
        "",
        f"Database (result sets kept {ttl:g} s, purge every {purge:g} s):",
        "",
        *_db_lines(db_samples),
    ]
    report.add(
        "soak",
        f"{minutes:g} min at {rate:g}/s: RSS slope",
        f"{rss_slope:+.2f} MB/min",
        "≈ 0 (< 1 MB/min)",
        abs(rss_slope) < 1.0,
    )
    report.add(
        "soak",
        "open sockets (last / max)",
        f"{samples[-1][2]} / {max(s[2] for s in samples)}, {sock_slope:+.2f}/min",
    )
    report.add("soak", "acked", f"{acked}/{sent}", "all", acked == sent)
    return report, lines


def _windows(samples: list[tuple[float, float, int]], seconds: float) -> list[str]:
    """Max RSS and sockets per tenth of the run (at least a minute each)."""
    width = max(60.0, seconds / 10)
    rows = []
    start = 0.0
    while start < seconds:
        part = [x for x in samples if start <= x[0] < start + width]
        if part:
            rows.append(
                f"| {start / 60:.0f}–{(start + width) / 60:.0f} | {max(x[1] for x in part):.1f} | "
                f"{max(x[2] for x in part)} |"
            )
        start += width
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--minutes", type=float, default=2.0)
    parser.add_argument("--rate", type=float, default=20.0)
    parser.add_argument("--every", type=float, default=5.0)
    parser.add_argument("--latency", type=float, default=2.0)
    parser.add_argument("--ttl", type=float, default=60.0, help="RESULT_SET_TTL of the run")
    parser.add_argument("--purge", type=float, default=30.0, help="PURGE_INTERVAL of the run")
    args = parser.parse_args(argv)
    _, lines = asyncio.run(
        run(
            minutes=args.minutes,
            rate=args.rate,
            every=args.every,
            latency=args.latency,
            ttl=args.ttl,
            purge=args.purge,
        )
    )
    print("\n".join(lines))


if __name__ == "__main__":
    main()
