"""Watches on one key: Leonar calls per watch per hour and the share of the key's budget used.

    .venv/bin/python -m bench.watches                     # 500 watches, 3 simulated hours
    .venv/bin/python -m bench.watches --watches 50 --hours 2 --limit 1000

A fresh Leonar sandbox + fake Slack + bot (running_stack, SQLite, POLLER=off in-process). N
project watches (the 4 active demo projects, each in its own channel) are stored on ONE key, the
way ``/leonar watch`` stores them, all due at once. One WatchLoop (bot.watching) then runs on an
accelerated clock (``--speed`` simulated seconds per real second), shared with the sandbox so its
hourly window (``--limit`` requests per key) is counted in simulated time. Nothing changes in the
projects, so every check is one ``GET /projects/{id}``.

Reported: the rate plan's interval and its prediction; the calls measured per watch per hour and
the share of the key's hourly budget they used (after the first round, which is all the watches
at once); the fewest requests the key had left (the reserve for people's commands,
``POLLER_BUDGET_RESERVE``, must stay untouched) and the 429s (must be 0).
"""

from __future__ import annotations

import argparse
import asyncio
import time

from bench.common import Report, machine, print_table
from bot.services.watch_plan import PROJECT_CHECK_CALLS, rate_plan
from bot.services.watches import project_snapshot
from bot.store import KeyOwner, NewWatch
from bot.watching import WatchLoop
from standins.harness import running_stack
from standins.leonar import SandboxState


class Clock:
    """Simulated time: ``speed`` simulated seconds per real second from now."""

    def __init__(self, speed: float) -> None:
        self.start = time.time()
        self.real = time.monotonic()
        self.speed = speed

    def __call__(self) -> float:
        return self.start + (time.monotonic() - self.real) * self.speed


async def run(watches: int, hours: float, limit: int, speed: float) -> Report:
    clock = Clock(speed)
    state = SandboxState.demo(clock=clock)
    state.rate_limit = limit
    refused = [0]
    consume = state.consume

    def counting(key: str) -> tuple[int, int, int, bool]:
        answer = consume(key)
        refused[0] += answer[3]
        return answer

    state.consume = counting  # type: ignore[method-assign]
    report = Report()
    async with running_stack(leonar=state, poller="off") as stack:
        deps = stack.deps
        settings = deps.settings
        projects = [p for p in state.projects.values() if p["status"] == "active"]
        client = deps.leonar(settings.leonar_api_key.get_secret_value())  # type: ignore[union-attr]
        snapshots = {
            p["id"]: project_snapshot(await client.projects.get(p["id"])) for p in projects
        }
        for i in range(watches):
            project = projects[i % len(projects)]
            await deps.db.watches.add(
                NewWatch(
                    team_id=stack.fake.team_id,
                    channel_id=f"C0BENCH{i:04d}",
                    kind="project",
                    set_by_user_id="U0ALICE",
                    key_owner=KeyOwner.env(),
                    target_id=project["id"],
                    target_name=project["name"],
                    state=snapshots[project["id"]],
                ),
                now=clock(),
            )
        loop = WatchLoop(deps, clock=clock, batch=500, digest_every=float("inf"))
        state.reset_requests()
        least_left = limit
        first_round_end: float | None = None
        first_round_calls = 0
        start = clock()
        end = start + hours * 3600
        while clock() < end:
            await loop.tick()
            if first_round_end is None and loop.checks >= watches:
                first_round_end = clock()
                first_round_calls = len(state.requests)
            budget = deps.budgets.get(client.fingerprint)
            if budget is not None and budget.remaining is not None:
                least_left = min(least_left, budget.remaining)
            await asyncio.sleep(0.05)
        elapsed_h = (clock() - (first_round_end or start)) / 3600
        after = len(state.requests) - first_round_calls
        plan = rate_plan(
            watches,
            PROJECT_CHECK_CALLS,
            settings.watch_interval,
            limit,
            settings.watch_budget_share,
        )
        per_watch = after / watches / elapsed_h if elapsed_h > 0 else float("nan")
        share = after / elapsed_h / limit if elapsed_h > 0 else float("nan")
        reserve = int(limit * settings.poller_budget_reserve)
        target = f"≤ {settings.watch_budget_share:.0%}"
        report.add("watches", "watches on one key", f"{watches}")
        report.add("watches", "rate plan interval", f"{plan.interval:.0f} s")
        report.add(
            "watches",
            "Leonar calls per watch per hour (plan)",
            f"{plan.calls_per_watch_per_hour:.2f}",
        )
        report.add("watches", "Leonar calls per watch per hour (measured)", f"{per_watch:.2f}")
        report.add(
            "watches",
            "budget share used (measured)",
            f"{share:.0%} of {limit}/h",
            target,
            share <= settings.watch_budget_share + 0.05,
        )
        report.add(
            "watches",
            "fewest requests left in the hour",
            f"{least_left}",
            f"> reserve ({reserve})",
            least_left > reserve,
        )
        report.add("watches", "429 answers", f"{refused[0]}", "0", refused[0] == 0)
        report.add("watches", "checks made", f"{loop.checks} in {hours:g} simulated h")
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--watches", type=int, default=500)
    parser.add_argument("--hours", type=float, default=3.0)
    parser.add_argument("--limit", type=int, default=1000, help="the key's requests per hour")
    parser.add_argument("--speed", type=float, default=120.0, help="simulated s per real s")
    args = parser.parse_args()
    print(machine())
    report = asyncio.run(run(args.watches, args.hours, args.limit, args.speed))
    print_table(report.rows)


if __name__ == "__main__":
    main()
