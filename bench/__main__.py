"""Run the load, end-to-end, fault and soak benchmarks and print one summary table.

    .venv/bin/python -m bench            # the quick version (~8 minutes on 2 cores)
    .venv/bin/python -m bench --full     # the full version (~45 minutes + the soak's length)
    .venv/bin/python -m bench --skip soak poller

Parts: ack (bench/ack_latency.py), e2e (bench/e2e.py), faults (bench/faults.py), soak
(bench/soak.py; 1 minute quick, 30 minutes full) and poller (bench/enrichment_poller.py, the
poller engineer's benchmark, run as a subprocess with smaller numbers in the quick version).
Each part's detailed tables are printed as it finishes; the summary comes last.
"""

from __future__ import annotations

import argparse
import asyncio
import subprocess
import sys
import time

from bench import ack_latency, e2e, faults, soak
from bench.common import ROOT, Report, machine, print_table

PARTS = ("ack", "e2e", "faults", "soak", "poller")


def _poller(quick: bool) -> Report:
    argv = [sys.executable, "-m", "bench.enrichment_poller"]
    if quick:
        argv += ["--count", "100", "--speed", "8", "--backlog", "2000", "--seconds", "10"]
    started = time.monotonic()
    proc = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, check=False)  # noqa: S603
    print(proc.stdout)
    if proc.returncode:
        print(proc.stderr[-2000:])
    report = Report()
    report.add(
        "poller",
        "bench/enrichment_poller.py " + " ".join(argv[3:]),
        f"exit {proc.returncode} in {time.monotonic() - started:.0f} s (tables above)",
        "runs",
        proc.returncode == 0,
    )
    return report


async def _run(quick: bool, skip: set[str]) -> Report:
    total = Report()
    for part in PARTS:
        if part in skip:
            continue
        print(f"== {part} ==", flush=True)
        started = time.monotonic()
        if part == "ack":
            report, lines = await ack_latency.run(quick=quick)
        elif part == "e2e":
            report, lines = await e2e.run(quick=quick)
        elif part == "faults":
            report, lines = await faults.run(quick=quick)
        elif part == "soak":
            report, lines = await soak.run(minutes=1.0 if quick else 30.0)
        else:
            report, lines = await asyncio.to_thread(_poller, quick), []
        print("\n".join(lines))
        print(f"({part}: {time.monotonic() - started:.0f} s)\n", flush=True)
        total.rows += report.rows
    return total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--full", action="store_true", help="the full version")
    parser.add_argument("--quick", action="store_true", help="the quick version (default)")
    parser.add_argument("--skip", nargs="*", default=[], choices=PARTS)
    args = parser.parse_args(argv)
    quick = not args.full
    print(f"Machine: {machine()}; mode: {'quick' if quick else 'full'}\n", flush=True)
    report = asyncio.run(_run(quick, set(args.skip)))
    print("== summary ==")
    print_table(report.rows)
    return 0 if all(r.met is not False for r in report.rows) else 1


if __name__ == "__main__":
    sys.exit(main())
