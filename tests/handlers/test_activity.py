"""End to end: what the bot did for someone shows under "Recent activity" on their Home tab."""

from __future__ import annotations

import asyncio
import logging
import time

import pytest

from bot.services.activity import bold, name, record_activity
from bot.ui.actions import SHORTCUT_SEARCH
from standins.harness import Stack
from standins.leonar_data import NO_EMAIL_CONTACT_ID
from standins.slack.state import ViewRecord
from tests.handlers.test_add_to_project import FRONTEND, click_add, pick_project, search
from tests.handlers.test_deals import _new_deal
from tests.handlers.test_home import _open_home

USER = "U0ALICE"


async def _lines(stack: Stack, user: str = USER) -> list[str]:
    return [e.text for e in await stack.deps.db.activity.recent(stack.fake.team_id, user)]


async def _wait_lines(stack: Stack, count: int, timeout: float = 5.0) -> list[str]:
    """The person's activity lines (newest first) once there are ``count`` of them."""
    deadline = time.monotonic() + timeout
    while True:
        lines = await _lines(stack)
        if len(lines) >= count or time.monotonic() >= deadline:
            return lines
        await asyncio.sleep(0.02)


def _activity_part(view: ViewRecord) -> str:
    text = view.visible_text
    return text[text.index("Recent activity") :]


async def test_add_to_project_and_new_deal_show_on_the_home_tab(stack: Stack) -> None:
    _, page = await search(stack, "react typescript in Paris")
    view = await click_add(stack, page, NO_EMAIL_CONTACT_ID)
    await pick_project(stack, view, FRONTEND)
    assert (await stack.driver.submit(view.id, {"Stage": "Interview"})).closed
    added = f"Added Thomas Dubois to *{FRONTEND}* · Interview"
    assert await _wait_lines(stack, 2) == [added, "Searched Leonar for “react typescript” in Paris"]
    await _new_deal(stack, Title="Qonto - 2 SDRs")

    lines = await _wait_lines(stack, 3)
    assert lines == [
        "Created the deal *Qonto - 2 SDRs*",
        added,
        "Searched Leonar for “react typescript” in Paris",
    ]
    home = _activity_part(await _open_home(stack))
    assert added in home
    assert "Created the deal *Qonto - 2 SDRs*" in home
    # newest first
    assert home.index("Created the deal") < home.index("Added Thomas Dubois")
    # the same lines are not on someone else's Home
    assert "Added Thomas Dubois" not in (await _open_home(stack, "U0BOB")).visible_text
    publish = [c for c in stack.fake.calls if c.method == "views.publish"]
    assert publish and publish[-1].error is None


async def test_names_are_shown_literally_on_the_home_tab(stack: Stack) -> None:
    title = "Acme <b> & *Co*"
    await _new_deal(stack, Title=title)
    (line,) = await _wait_lines(stack, 1)
    assert line == f"Created the deal {bold(title)}"
    assert "*Co*" not in line  # markers swapped: the name cannot reformat the line
    home = await _open_home(stack)
    raw = str(home.blocks)
    assert "Acme &lt;b&gt; &amp;" in raw and "&amp;amp;" not in raw


async def test_modal_search_is_one_line(stack: Stack) -> None:
    await stack.driver.shortcut(SHORTCUT_SEARCH, user=USER)
    modal = await stack.driver.wait_for(lambda: stack.fake.current_view(USER))
    assert (await stack.driver.submit(modal.id, {"Search": "react"})).closed
    # the results thread is in the DM; the line is recorded once, by the search itself
    await stack.driver.wait_for(
        lambda: any("Enroll all" in m.visible_text for m in stack.fake.all_messages()), timeout=10
    )
    assert await _wait_lines(stack, 1) == ["Searched Leonar for “react”"]
    await asyncio.sleep(0.2)
    assert await _lines(stack) == ["Searched Leonar for “react”"]


async def test_a_store_failure_is_logged_not_raised(
    stack: Stack, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    async def broken(*_: object, **__: object) -> None:
        raise RuntimeError("database is down")

    monkeypatch.setattr(stack.deps.db.activity, "add", broken)
    with caplog.at_level(logging.WARNING, logger="bot.services.activity"):
        await record_activity(stack.deps.db, stack.fake.team_id, USER, "Did something")
    assert "could not record activity: RuntimeError" in caplog.text


def test_names_are_one_line_clipped_and_unformatted() -> None:
    assert name("  Sophie\n  *Martin* ") == "Sophie ∗Martin∗"
    assert name("") == "a contact"
    assert len(name("x" * 500)) == 80
    assert bold(None, "the deal") == "*the deal*"
