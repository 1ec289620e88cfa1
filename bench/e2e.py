"""End-to-end latency on the local stack (standins/harness.py running_stack).

    .venv/bin/python -m bench.e2e --quick       # 5 runs per flow, Leonar latency 0 s and 2 s
    .venv/bin/python -m bench.e2e --full        # 30 runs per flow

Flows, timed from the signed Slack request until the fake Slack has what the person sees:
- `/leonar search react` → the threaded results (a reply under the parent with the page's
  "Enroll all" controls);
- `/leonar deal new` → views.open (the loading view), then views.update (the form with Title);
- `/leonar source` → views.open, then the form (LinkedIn account).
Leonar's lists are cached a minute per key: the first run of a modal flow is cold, the others warm.
"""

from __future__ import annotations

import argparse
import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from bench.common import Report, ms, pct
from standins.harness import Stack, running_stack
from standins.leonar import SandboxState
from standins.slack.blockkit import find_input

CHANNEL = "C0GENERAL"
USER = "U0ALICE"


@dataclass
class Flow:
    name: str
    first: list[float] = field(default_factory=list)
    final: list[float] = field(default_factory=list)


async def _until(stack: Stack, predicate: Callable[[], object], timeout: float = 30.0) -> float:
    await stack.driver.wait_for(predicate, timeout=timeout, interval=0.005)
    return time.perf_counter()


async def search_once(stack: Stack, flow: Flow) -> None:
    before = {m.ts for m in stack.fake.messages(CHANNEL)}

    def results() -> bool:
        for top in stack.fake.messages(CHANNEL):
            if top.ts in before:
                continue
            replies = [r for r in stack.fake.replies(CHANNEL, top.ts) if r.ts != top.ts]
            if any("Enroll all" in r.visible_text for r in replies):
                return True
        return False

    def parent() -> bool:
        return any(m.ts not in before for m in stack.fake.messages(CHANNEL))

    t0 = time.perf_counter()
    response = await stack.driver.command("/leonar", "search react")
    assert response.status_code == 200, response.text
    flow.first.append(await _until(stack, parent) - t0)
    flow.final.append(await _until(stack, results) - t0)


async def modal_once(stack: Stack, flow: Flow, text: str, label: str) -> None:
    stack.fake.clear_views(USER)

    def opened() -> bool:
        return stack.fake.current_view(USER) is not None

    def form() -> bool:
        view = stack.fake.current_view(USER)
        return view is not None and find_input(view.blocks, label) is not None

    t0 = time.perf_counter()
    response = await stack.driver.command("/leonar", text)
    assert response.status_code == 200, response.text
    flow.first.append(await _until(stack, opened) - t0)
    flow.final.append(await _until(stack, form) - t0)


async def run_latency(latency: float, runs: int) -> list[Flow]:
    state = SandboxState.demo()
    state.latency = latency
    state.rate_limit = 1_000_000
    flows = [Flow("search → threaded results"), Flow("deal new → modal"), Flow("source → modal")]
    async with running_stack(leonar=state, poller="off") as stack:
        for _ in range(runs):
            await search_once(stack, flows[0])
            await modal_once(stack, flows[1], "deal new", "Title")
            await modal_once(stack, flows[2], "source", "LinkedIn account")
        late = list(stack.driver.late_acks)
    if late:
        raise AssertionError(f"acks later than 3 s: {late}")
    return flows


async def run(*, quick: bool) -> tuple[Report, list[str]]:
    runs = 5 if quick else 30
    report = Report()
    lines = [
        f"Runs per flow: {runs}. First = parent message / views.open; final = threaded results /"
        " the form (views.update). Cold = the first run (nothing cached).",
        "",
        "| Leonar latency | flow | first p50 | final cold | final p50 (warm) | final max |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for latency in (0.0, 2.0):
        for f in await run_latency(latency, runs):
            warm = f.final[1:] or f.final
            lines.append(
                f"| {latency:.0f} s | {f.name} | {ms(pct(f.first, 0.5))} | {ms(f.final[0])} | "
                f"{ms(pct(warm, 0.5))} | {ms(max(f.final))} |"
            )
            if f.name.endswith("modal"):
                report.add(
                    "e2e", f"{f.name} open (views.open), Leonar {latency:.0f} s",
                    ms(max(f.first)), "< 3 s (trigger id)", max(f.first) < 3.0,
                )
            else:
                report.add(
                    "e2e", f"{f.name}, Leonar {latency:.0f} s, p50", ms(pct(f.final, 0.5))
                )
    return report, lines


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--full", action="store_true")
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    _, lines = asyncio.run(run(quick=not args.full))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
