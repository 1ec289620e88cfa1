"""Helpers for walking the demo page as a recruiter would (Playwright on Chromium).

Written so a check reads like the step it tests::

    await send(page, "/leonar search react in Paris")
    thread = await open_thread(page, "react")
    await click_in_thread(page, "Enrich", card="Thomas Dubois")
    bob = await lines_as(page, "U0BOB")          # what Bob sees (channel and open thread)

Screenshots: ``await snap(page, "search")`` writes ``$DEMO_SCREENSHOTS/search.png`` when the
variable is set (``DEMO_SCREENSHOTS=docs/screenshots``), and does nothing otherwise.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from playwright.async_api import Locator, Page, expect

TIMEOUT = 15_000
USERS = {"U0ALICE": "Alice Martin", "U0BOB": "Bob Durand"}


async def send(page: Page, text: str, *, in_thread: bool = False) -> None:
    """Type ``text`` in the channel's composer (or the open thread's) and press Enter."""
    box = "#thread-input" if in_thread else "#composer-input"
    await page.fill(box, text)
    await page.press(box, "Enter")


async def go_to(page: Page, channel: str) -> None:
    """Open ``#channel`` (or a DM by the person's name) from the sidebar."""
    await page.locator(
        "#sidebar .channel-link", has_text=re.compile(rf"\b{re.escape(channel)}\b")
    ).click()
    await expect(page.locator(".channel-title")).to_contain_text(channel)


def channel_line(page: Page, text: str) -> Locator:
    """The newest top-level line of the open channel that shows ``text``."""
    return page.locator("#messages .msg", has_text=text).last


async def open_thread(page: Page, text: str) -> Locator:
    """Open the thread under the newest channel line showing ``text``; returns the thread pane."""
    thread = page.locator("#thread")
    for attempt in range(3):
        # the channel re-renders as messages arrive: a click on a line being replaced is lost
        await channel_line(page, text).locator(".thread-link").click(timeout=TIMEOUT)
        try:
            await expect(thread).to_be_visible(timeout=3_000)
            break
        except AssertionError:
            if attempt == 2:
                raise
    return thread


def thread_line(page: Page, text: str) -> Locator:
    """The newest line in the open thread that shows ``text``."""
    return page.locator("#thread .msg", has_text=text).last


def card_in(pane: Locator, name: str) -> Locator:
    """The buttons of the card naming ``name`` (the first actions block after its section)."""
    section = pane.locator(".bk-section", has_text=name).first
    return section.locator(
        "xpath=following-sibling::div[contains(concat(' ', @class, ' '), ' bk-actions ')][1]"
    )


async def click_in_thread(page: Page, button: str, *, card: str | None = None) -> None:
    """Click the button labelled ``button`` in the open thread (on ``card``'s card if given)."""
    thread = page.locator("#thread")
    label = re.compile(rf"^\s*{re.escape(button)}\s*$")
    scope = card_in(thread, card) if card else thread
    await scope.locator("button.bk-button", has_text=label).first.click(timeout=TIMEOUT)


async def pick_in_menu(page: Page, scope: Locator, option: str) -> None:
    """Pick ``option`` in the card's **More…** menu (a select) in ``scope``."""
    await scope.locator("select.bk-select").first.select_option(label=option, timeout=TIMEOUT)


async def switch_user(page: Page, user: str) -> None:
    """Act as ``user`` (U0ALICE or U0BOB), like the sidebar's switch."""
    await page.select_option("#user-switch", user)
    await expect(page.locator("#user-switch")).to_have_value(user)
    await page.wait_for_function(
        "(u) => document.querySelector('#user-switch').value === u", arg=user
    )


async def lines_as(page: Page, user: str) -> list[str]:
    """What ``user`` reads in the open channel and thread (switches to them)."""
    await switch_user(page, user)
    await page.wait_for_timeout(300)  # the state for the new person arrives
    texts: list[str] = await page.locator("#messages .msg, #thread .msg").all_inner_texts()
    return texts


def modal_input(page: Page, label: str) -> Locator:
    """The open modal's input block whose label contains ``label`` (case-insensitive)."""
    return (
        page.locator(".modal .bk-input")
        .filter(has=page.locator(".bk-label", has_text=re.compile(re.escape(label), re.I)))
        .first
    )


async def fill(page: Page, label: str, value: str) -> None:
    """Type or pick ``value`` in the modal input labelled ``label``, whatever its kind."""
    block = modal_input(page, label)
    control = block.locator("[data-action-id]").first
    kind = await control.get_attribute("data-type") or ""
    if kind in ("external_select", "multi_external_select"):
        await control.locator(".bk-external-query").fill(value[:4])
        await control.locator(".bk-ext-option", has_text=value).first.click(timeout=TIMEOUT)
        await expect(control.locator(".bk-chip", has_text=value)).to_be_visible()
    elif "select" in kind:
        labels = await control.locator("option").all_inner_texts()
        match = next(t for t in labels if value.casefold() in t.casefold())
        await control.select_option(label=match)
    elif kind in ("radio_buttons", "checkboxes"):
        await control.locator("label", has_text=value).first.click()
    else:
        await control.fill(value)


async def submit_modal(page: Page) -> None:
    await page.click(".modal-submit")
    await expect(page.locator(".modal")).to_be_hidden(timeout=TIMEOUT)


async def snap(page: Page, name: str) -> None:
    """Save a screenshot of the page as ``$DEMO_SCREENSHOTS/<name>.png`` (when set)."""
    folder = os.environ.get("DEMO_SCREENSHOTS")
    if not folder:
        return
    await page.wait_for_timeout(400)  # let images and the last render settle
    path = Path(folder) / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=str(path))
