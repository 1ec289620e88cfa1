"""The demo page in a real browser (Debian's Chromium through Playwright).

The deal flow is written against the outer contract (docs/commands.md) and skips as "pending"
while its subcommand is not built; the whole recruiter journey is tests/demo/test_demo_journey.py. The probe tests
exercise the page's Block Kit, modal and live paths against listeners added to the running bot.
"""

from __future__ import annotations

import pytest
from playwright.async_api import Page, expect

from tests.demo.conftest import DemoSite
from tests.demo.journey import fill, modal_input
from tests.demo.probe import install_probe, open_probe, post_probe_message

pytestmark = pytest.mark.browser

TIMEOUT = 15_000


def pending_unless(*subcommands: str) -> None:
    from handlers.commands.leonar import ROUTES

    missing = [name for name in subcommands if name not in ROUTES]
    if missing:
        pytest.skip(f"pending: /leonar {', '.join(missing)} is not built yet")


async def type_in_composer(page: Page, text: str) -> None:
    await page.fill("#composer-input", text)
    await page.press("#composer-input", "Enter")


async def pick_required_defaults(page: Page) -> None:
    """Pick the first option of every required select the test left empty (e.g. Pipeline)."""
    selects = page.locator(".modal .bk-input select.bk-select:not([multiple])")
    for i in range(await selects.count()):
        select = selects.nth(i)
        if await select.input_value() == "":
            values = await select.locator("option").evaluate_all(
                "(os) => os.map(o => o.value).filter(v => v !== '')"
            )
            if values:
                await select.select_option(value=values[0])


async def test_deal_new_modal_creates_the_deal(page: Page, demo: DemoSite) -> None:
    pending_unless("deal")
    title = "Browser-made deal"
    await type_in_composer(page, "/leonar deal new")
    modal = page.locator(".modal")
    await expect(modal).to_be_visible(timeout=TIMEOUT)
    await fill(page, "Title", title)
    await fill(page, "Company", "Doctolib")
    await fill(page, "Amount", "25000")
    await fill(page, "Expected close date", "2026-06-30")
    await pick_required_defaults(page)
    await page.click(".modal-submit")
    await expect(modal).to_be_hidden(timeout=TIMEOUT)
    created = await demo.stack.driver.wait_for(
        lambda: [
            r
            for r in demo.stack.leonar.requests
            if r.method == "POST"
            and r.path.endswith("/deals")
            and (r.json or {}).get("title") == title
        ],
        timeout=10,
    )
    assert created[0].json["amount"] in (25000, 25000.0, "25000")
    await expect(page.locator("body")).to_contain_text(title, timeout=TIMEOUT)


async def test_modal_with_every_input_kind(page: Page, demo: DemoSite) -> None:
    received = install_probe(demo.stack)
    await open_probe(demo.stack)  # the bot opens it: the page shows it by itself
    modal = page.locator(".modal")
    await expect(modal).to_be_visible()
    await expect(page.locator(".modal-title")).to_have_text("Probe deal")

    # Leonar text stays text: neither the escaped nor the raw <img> becomes an element
    await expect(modal).to_contain_text("<img src=x onerror=")
    assert await page.locator(".modal img").count() == 0
    assert await page.title() != "pwned"
    await expect(modal.locator(".bk-section b")).to_have_text("Careful")

    await fill(page, "Title", "bad")
    await fill(page, "Amount", "lots")
    await fill(page, "Close date", "2026-03-31")
    await fill(page, "Currency", "USD")
    await fill(page, "Company", "Qonto")
    await fill(page, "Tags", "senior")
    await fill(page, "Outcome", "Won")
    await fill(page, "Notify", "Tell the team")
    await page.click(".modal-submit")
    await expect(modal_input(page, "Amount").locator(".bk-error")).to_have_text(
        "Please enter a number."
    )
    assert [r for r in received if r["type"] == "view_submission"] == []

    await fill(page, "Amount", "1200.5")
    await page.click(".modal-submit")
    await expect(modal_input(page, "Title").locator(".bk-error")).to_have_text(
        "Pick another title."
    )
    await expect(modal_input(page, "Amount").locator(".bk-error")).to_have_text("")
    await expect(modal_input(page, "Company").locator(".bk-chip")).to_contain_text("Qonto")

    await fill(page, "Title", "Acme hire")
    await page.click(".modal-submit")
    await expect(modal).to_be_hidden()
    await expect(page.locator("#messages")).to_contain_text(
        "probe saved: Acme hire | 1200.5 | 2026-03-31 | usd | co_qonto | t2 | won | team"
    )


async def test_modal_cancel_closes_it(page: Page, demo: DemoSite) -> None:
    install_probe(demo.stack)
    view_id = await open_probe(demo.stack)
    await expect(page.locator(".modal")).to_be_visible()
    await page.click(".modal-close")
    await expect(page.locator(".modal")).to_be_hidden()
    assert demo.stack.fake.views[view_id].closed


async def test_help_and_a_click_that_answers_in_a_thread(page: Page, demo: DemoSite) -> None:
    await type_in_composer(page, "/leonar help")
    help_message = page.locator("#messages .msg.ephemeral")
    await expect(help_message).to_contain_text("Only visible to you")
    await expect(help_message).to_contain_text("/leonar search")

    install_probe(demo.stack)
    await post_probe_message(demo.stack)
    card = page.locator("#messages .msg", has_text="Thomas Dubois")
    await card.locator("[data-block='act2'] button", has_text="Poke").click()
    await card.locator(".thread-link", has_text="1 reply").click()
    thread = page.locator("#thread")
    await expect(thread).to_contain_text("clicked contact-2 by @Alice Martin")

    await page.fill("#thread-input", "thanks <3")
    await page.press("#thread-input", "Enter")
    await expect(thread.locator(".msg").last).to_contain_text("thanks <3")
    await expect(thread).to_contain_text("2 replies")
