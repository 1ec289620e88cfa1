"""Leonar calls and timings of the search and add-to-project flows, end to end on the sandbox.

    .venv/bin/python bench/search_flow.py            # latency 0 s and 1 s
    .venv/bin/python bench/search_flow.py 0 0.5 2    # other latencies

For each flow: the Leonar calls it made (method + endpoint) and the wall time, measured from the
signed Slack request to what the person sees (the threaded results, the form, the updated card).
"""

from __future__ import annotations

import asyncio
import re
import sys
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from typing import Any

from bot.ui.actions import CONTACT_ADD_TO_PROJECT
from standins.harness import Stack, running_stack
from standins.leonar_data import NO_EMAIL_CONTACT_ID
from standins.slack.blockkit import find_input
from standins.slack.state import Message, ViewRecord

CHANNEL = "C0GENERAL"
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
USER = "U0ALICE"


def _results(stack: Stack, pages: int) -> list[Message] | None:
    for top in stack.fake.messages(CHANNEL):
        replies = [r for r in stack.fake.replies(CHANNEL, top.ts) if r.ts != top.ts]
        if sum("Enroll all" in r.visible_text for r in replies) >= pages:
            return replies
    return None


def _form(stack: Stack) -> ViewRecord | None:
    view = stack.fake.current_view(USER)
    return view if view is not None and find_input(view.blocks, "Project") else None


def _stages_ready(view: ViewRecord) -> bool:
    block = find_input(view.blocks, "Stage")
    return block is not None and block["element"].get("type") == "static_select"


def _card_block(message: Message, contact_id: str) -> str:
    for block in message.blocks:
        for element in block.get("elements") or []:
            if element.get("value") == contact_id and element.get("action_id") == (
                CONTACT_ADD_TO_PROJECT
            ):
                return str(block["block_id"])
    raise LookupError(contact_id)


async def _measure(
    stack: Stack, name: str, run: Callable[[], Awaitable[Any]], rows: list[tuple[str, str, str]]
) -> Any:
    stack.leonar.reset_requests()
    started = time.monotonic()
    result = await run()
    elapsed = time.monotonic() - started
    calls = Counter(_UUID.sub("{id}", f"{r.method} {r.endpoint}") for r in stack.leonar.requests)
    listed = ", ".join(f"{n}× {c}" if n > 1 else c for c, n in sorted(calls.items())) or "none"
    rows.append((name, f"{sum(calls.values())} ({listed})", f"{elapsed:.2f}"))
    return result


async def bench(latency: float) -> list[tuple[str, str, str]]:
    rows: list[tuple[str, str, str]] = []
    async with running_stack() as stack:
        stack.leonar.latency = latency
        drv = stack.driver
        timeout = 10 + 10 * latency

        async def search() -> list[Message]:
            await drv.command("/leonar", "search engineer")
            return await drv.wait_for(lambda: _results(stack, 1), timeout=timeout)

        replies = await _measure(stack, "search → threaded results", search, rows)

        async def more() -> list[Message]:
            await drv.click("More results", message=replies[-1])
            return await drv.wait_for(lambda: _results(stack, 2), timeout=timeout)

        await _measure(stack, "More results → next page", more, rows)
        page = replies[0]

        async def open_form() -> ViewRecord:
            block = _card_block(page, NO_EMAIL_CONTACT_ID)
            await drv.act(block, CONTACT_ADD_TO_PROJECT, message=page.ts)
            return await drv.wait_for(lambda: _form(stack), timeout=timeout)

        async def pick(view: ViewRecord) -> None:
            await drv.fill(view.id, {"Project": "Senior Frontend"})
            await drv.wait_for(lambda: _stages_ready(view), timeout=timeout)

        async def submit(view: ViewRecord) -> None:
            await drv.submit(view.id, {"Stage": "Interview"})

            def updated() -> bool:
                card = stack.fake.message(CHANNEL, page.ts)
                return card is not None and (
                    "✓ Added" in card.visible_text or "✓ Already" in card.visible_text
                )

            await drv.wait_for(updated, timeout=timeout)

        view = await _measure(stack, "Add to project → form (cold cache)", open_form, rows)
        await _measure(stack, "pick project → stages (cold)", lambda: pick(view), rows)
        await _measure(stack, "submit → card updated", lambda: submit(view), rows)
        view = await _measure(stack, "Add to project → form (warm cache)", open_form, rows)
        await _measure(stack, "pick project → stages (warm)", lambda: pick(view), rows)

        async def slash_add() -> ViewRecord:
            stack.fake.clear_views(USER)
            await drv.command("/leonar", "add sophie@doctolib.com")
            return await drv.wait_for(lambda: _form(stack), timeout=timeout)

        await _measure(stack, "/leonar add <email> → form", slash_add, rows)
    return rows


async def main(latencies: list[float]) -> None:
    for latency in latencies:
        rows = await bench(latency)
        print(f"\nLeonar sandbox latency {latency:g} s")  # noqa: T201
        width = max(len(r[0]) for r in rows)
        for name, calls, seconds in rows:
            print(f"  {name:<{width}}  {seconds:>6} s  Leonar calls: {calls}")  # noqa: T201


if __name__ == "__main__":
    asyncio.run(main([float(a) for a in sys.argv[1:]] or [0.0, 1.0]))
