"""The demo page in a real browser (Debian's Chromium through Playwright).

The feature flows (search → Enrich, deal new) are written against the outer contract
(docs/commands.md) and skip as "pending" while their subcommand is not built. The probe tests
exercise the page's Block Kit, modal and live paths against listeners added to the running bot.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.async_api import Locator, Page, expect

from standins.leonar import SandboxState
from tests.demo.conftest import DemoSite
from tests.demo.probe import install_probe, open_probe, post_probe_message

pytestmark = pytest.mark.browser

TIMEOUT = 15_000

#: index of the "Enrich" button of the card that names ``name`` (-1: none)
FIND_CARD_BUTTON = """
([root, name]) => {
  const buttons = [...root.querySelectorAll("button.bk-button")]
    .filter(b => b.textContent.trim() === "Enrich");
  return buttons.findIndex(b => {
    let node = b.closest(".bk-block");
    for (let i = 0; node && i < 4; i++) {
      if (node.textContent.includes(name)) return true;
      node = node.previousElementSibling;
      if (node && node.classList.contains("bk-divider")) break;
    }
    return false;
  });
}
"""


def pending_unless(*subcommands: str) -> None:
    from handlers.commands.leonar import ROUTES

    missing = [name for name in subcommands if name not in ROUTES]
    if missing:
        pytest.skip(f"pending: /leonar {', '.join(missing)} is not built yet")


async def type_in_composer(page: Page, text: str) -> None:
    await page.fill("#composer-input", text)
    await page.press("#composer-input", "Enter")


def modal_input(page: Page, label: str) -> Locator:
    """The modal's input block whose label contains ``label`` (case-insensitive)."""
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
        await control.locator(".bk-ext-option", has_text=value).first.click()
        await expect(control.locator(".bk-chip", has_text=value)).to_be_visible()
    elif "select" in kind:
        labels = await control.locator("option").all_inner_texts()
        match = next(t for t in labels if value.casefold() in t.casefold())
        await control.select_option(label=match)
    elif kind in ("radio_buttons", "checkboxes"):
        await control.locator("label", has_text=value).first.click()
    else:
        await control.fill(value)


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


def last_enrichment(leonar: SandboxState) -> Any:
    return next(reversed(leonar.enrichments.values()), None)


async def test_search_enrich_shows_the_email_in_the_thread(page: Page, demo: DemoSite) -> None:
    pending_unless("search")
    await type_in_composer(page, "/leonar search react in Paris")
    await page.locator("#messages .thread-link").first.click(timeout=TIMEOUT)
    thread = page.locator("#thread")
    enrich_buttons = thread.locator("button.bk-button", has_text=re.compile(r"^\s*Enrich\s*$"))
    await expect(enrich_buttons.first).to_be_visible(timeout=TIMEOUT)

    # Thomas Dubois has no email at all in the demo data: what appears can only come from Leonar
    index = await page.evaluate(FIND_CARD_BUTTON, [await thread.element_handle(), "Thomas Dubois"])
    button = enrich_buttons.nth(index if index >= 0 else 0)
    await button.click()

    modal = page.locator(".modal")
    try:
        await expect(modal).to_be_visible(timeout=2_000)
    except AssertionError:
        pass  # no choice asked: a work email is the default
    else:
        await fill(page, "", "email")
        await page.click(".modal-submit")
        await expect(modal).to_be_hidden(timeout=TIMEOUT)

    enrichment = await demo.stack.driver.wait_for(
        lambda: last_enrichment(demo.stack.leonar), timeout=10
    )
    assert enrichment.type == "work_email"
    await demo.stack.driver.wait_for(lambda: enrichment.result, timeout=20)
    email = enrichment.result["email"]
    notice = thread.locator(".msg", has_text=email)
    await expect(notice).to_be_visible(timeout=TIMEOUT)
    await expect(notice).to_contain_text("@Alice Martin")


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
