"""A recruiter's journey through ``leonar-bot demo`` in Chromium, step by step: help, search,
Enrich in the thread, add to project, a deal, sourcing with ordinary filters, bad input, the
suggested LinkedIn URL, two people, card menus, ``/invite``, App Home. Every page of it must
show no console error (the ``page`` fixture fails the test otherwise).

``DEMO_SCREENSHOTS=docs/screenshots pytest tests/demo/test_demo_journey.py`` also saves the
screenshots docs/demo.md shows.
"""

from __future__ import annotations

import re

import pytest
from playwright.async_api import Page, expect

from bot.ui.formats import phone as readable_phone
from standins.demo import SUGGESTED_LINKEDIN_URL
from tests.demo.conftest import DemoSite
from tests.demo.journey import (
    TIMEOUT,
    card_in,
    channel_line,
    click_in_thread,
    fill,
    go_to,
    lines_as,
    open_thread,
    pick_in_menu,
    send,
    snap,
    submit_modal,
    switch_user,
    thread_line,
)

pytestmark = pytest.mark.browser


async def test_help_search_and_enrich_in_the_thread(page: Page, demo: DemoSite) -> None:
    await send(page, "/leonar help")
    help_line = channel_line(page, "/leonar search")
    await expect(help_line).to_contain_text("Only visible to you")
    await snap(page, "01-help")

    await send(page, "/leonar search react in Paris")
    thread = await open_thread(page, "react")
    await expect(card_in(thread, "Thomas Dubois").locator("button")).not_to_have_count(0)
    await snap(page, "02-search-thread")

    # Thomas Dubois has no email in the demo data: what appears can only come from Leonar
    await click_in_thread(page, "Enrich", card="Thomas Dubois")
    modal = page.locator(".modal")
    try:
        await expect(modal).to_be_visible(timeout=2_000)
    except AssertionError:
        pass  # no choice asked: a work email is the default
    else:
        await submit_modal(page)
    enrichment = await demo.stack.driver.wait_for(
        lambda: next(reversed(demo.stack.leonar.enrichments.values()), None), timeout=10
    )
    result = await demo.stack.driver.wait_for(lambda: enrichment.result, timeout=20)
    notice = thread_line(page, result["email"])
    await expect(notice).to_be_visible(timeout=TIMEOUT)
    await expect(notice).to_contain_text("@Alice Martin")
    await notice.scroll_into_view_if_needed()
    await snap(page, "03-enrich")
    # the bot updating its own messages is not "(edited)"
    await expect(page.locator(".msg-edited")).to_have_count(0)


async def test_the_channel_follows_new_messages_while_a_thread_is_open(page: Page) -> None:
    await send(page, "/leonar search react in Paris")
    await open_thread(page, "react")
    for n in range(12):
        await send(page, f"note {n} about the shortlist")
    newest = channel_line(page, "note 11 about the shortlist")
    await expect(newest).to_be_visible()
    await expect(newest).to_be_in_viewport(ratio=1)

    # scrolled up on purpose: the channel stays where the person is
    await page.locator("#messages").evaluate("(el) => { el.scrollTop = 0; }")
    await page.wait_for_timeout(200)
    await send(page, "note 12 about the shortlist", in_thread=True)
    await expect(thread_line(page, "note 12")).to_be_in_viewport()
    assert await page.locator("#messages").evaluate("(el) => el.scrollTop") == 0


async def test_add_to_project_and_a_new_deal(page: Page, demo: DemoSite) -> None:
    await send(page, "/leonar add Sophie Martin")
    await expect(page.locator(".modal")).to_be_visible(timeout=TIMEOUT)
    await fill(page, "Project", "Backend Python Engineers")
    await submit_modal(page)
    await expect(page.locator("#messages, #thread").first).to_contain_text(
        "Backend Python Engineers", timeout=TIMEOUT
    )

    await send(page, "/leonar deal new")
    await expect(page.locator(".modal")).to_be_visible(timeout=TIMEOUT)
    await fill(page, "Title", "Frontend lead for Doctolib")
    await fill(page, "Company", "Doctolib")
    await fill(page, "Amount", "25000")
    await snap(page, "04-deal-modal")
    selects = page.locator(".modal .bk-input select.bk-select:not([multiple])")
    for i in range(await selects.count()):
        if await selects.nth(i).input_value() == "":
            await selects.nth(i).select_option(index=1)
    await submit_modal(page)
    await expect(page.locator("body")).to_contain_text(
        "Frontend lead for Doctolib", timeout=TIMEOUT
    )


async def test_sourcing_with_ordinary_filters_finds_people(page: Page, demo: DemoSite) -> None:
    await send(page, "/leonar source react developer")
    await expect(page.locator(".modal")).to_be_visible(timeout=TIMEOUT)
    await expect(page.locator(".modal .bk-input select").first).to_be_visible(timeout=TIMEOUT)
    await fill(page, "Location", "Paris")
    await fill(page, "Project", "Senior Frontend Engineers")
    # bad input first: the modal says what is wrong, next to the field
    await fill(page, "Min years", "8")
    await fill(page, "Max years", "3")
    await page.click(".modal-submit")
    await expect(page.locator(".modal .bk-error", has_text="Max years")).to_be_visible()
    await fill(page, "Min years", "3")
    await fill(page, "Max years", "8")
    await submit_modal(page)

    found = channel_line(page, "react developer")
    await expect(found).to_be_visible(timeout=TIMEOUT)
    thread = await open_thread(page, "react developer")
    photos = thread.locator("img.bk-accessory-image")
    await expect(photos.first).to_be_visible(timeout=TIMEOUT)
    # the cards arrive and their photos load asynchronously (lazily: only those on screen):
    # wait for at least three, then the first must load with real pixels in the browser and
    # every one must be an image the demo itself serves
    await page.wait_for_function(
        """() => {
            const imgs = [...document.querySelectorAll('#thread img.bk-accessory-image')];
            return imgs.length >= 3 && imgs[0].complete && imgs[0].naturalWidth > 0;
        }""",
        timeout=TIMEOUT,
    )
    for src in await photos.evaluate_all("(imgs) => imgs.map((i) => i.src)"):
        assert src.startswith(demo.url), src  # served by the demo itself
        served = await demo.http.get(src)
        assert served.status_code == 200, src
        assert served.headers["content-type"].startswith("image/"), src
    await snap(page, "05-sourcing")


async def test_the_suggested_linkedin_url_unfurls_a_known_contact(page: Page) -> None:
    await page.locator("#sidebar .try", has_text="linkedin.com").click()
    assert await page.input_value("#composer-input") == SUGGESTED_LINKEDIN_URL
    await page.press("#composer-input", "Enter")
    unfurl = page.locator("#messages .bk-unfurl")
    await expect(unfurl).to_contain_text("Sophie Martin", timeout=TIMEOUT)
    await expect(unfurl).not_to_contain_text("not in Leonar")
    await snap(page, "06-unfurl")


async def test_two_people_see_only_what_is_theirs(page: Page) -> None:
    await send(page, "/leonar help")
    await send(page, "/giphy celebrate")
    notice = channel_line(page, "/giphy is not a valid command.")
    await expect(notice).to_contain_text("Slackbot")
    await send(page, "hello team")
    await expect(page.locator("#messages .msg").last).to_contain_text("hello team")

    bob = await lines_as(page, "U0BOB")
    assert any("hello team" in line for line in bob)
    assert not any("Only visible to you" in line for line in bob), bob
    assert not any("not a valid command" in line for line in bob), bob
    await switch_user(page, "U0ALICE")
    await expect(notice).to_contain_text("Only visible to you")


async def test_invite_adds_leonar_to_the_channel(page: Page, demo: DemoSite) -> None:
    await go_to(page, "secret-hiring")
    await expect(page.locator(".channel-note")).to_contain_text("not a member")
    await send(page, "/leonar search react in Paris")
    await expect(channel_line(page, "/invite")).to_contain_text("Only visible to you")

    await page.locator("#sidebar .try", has_text="/invite").click()
    await page.press("#composer-input", "Enter")
    await expect(channel_line(page, "joined #secret-hiring")).to_be_visible()
    await expect(page.locator(".channel-note")).to_have_count(0)
    assert demo.stack.fake.bot_in("C0PRIVATE")
    await expect(page.locator("#messages")).not_to_contain_text("not a valid command")

    await send(page, "/leonar search react in Paris")
    results = channel_line(page, "contacts for")
    await expect(results.locator(".thread-link")).to_be_visible(timeout=TIMEOUT)
    await expect(results).not_to_contain_text("Only visible to you")
    await snap(page, "07-invite")


async def test_card_menus_and_bad_commands(page: Page) -> None:
    await send(page, "/leonar frobnicate")
    await expect(page.locator("#messages .msg.ephemeral").last).to_contain_text("/leonar")

    await send(page, "/leonar search react in Paris")
    thread = await open_thread(page, "react")
    await pick_in_menu(page, card_in(thread, "Sophie Martin"), "Tag")
    modal = page.locator(".modal")
    await expect(modal).to_be_visible(timeout=TIMEOUT)
    await expect(modal).to_contain_text(re.compile("tag", re.I))
    await snap(page, "08-card-menu")
    await page.click(".modal-close")
    await expect(modal).to_be_hidden()


async def test_app_home_opens(page: Page, demo: DemoSite) -> None:
    await page.locator("#sidebar [data-home]").click()
    home = page.locator("#messages .home-view .bk-block")
    await expect(home.first).to_be_visible(timeout=TIMEOUT)
    assert "U0ALICE" in demo.stack.fake.home_views
    await expect(page.locator("#composer")).to_be_hidden()
    await snap(page, "09-app-home")

    await page.locator("#sidebar [data-channel='C0GENERAL']").click()
    await expect(page.locator("#composer")).to_be_visible()


async def test_a_phone_found_in_a_public_thread_is_shown_only_to_the_requester(
    page: Page, demo: DemoSite
) -> None:
    await send(page, "/leonar search react in Paris")
    thread = await open_thread(page, "react")
    await pick_in_menu(page, card_in(thread, "Thomas Dubois"), "Find phone")
    enrichment = await demo.stack.driver.wait_for(
        lambda: next(reversed(demo.stack.leonar.enrichments.values()), None), timeout=10
    )
    result = await demo.stack.driver.wait_for(lambda: enrichment.result, timeout=20)
    number = readable_phone(result["phone"])

    # the click was in the thread: the answer is in the thread, only for Alice
    mine = thread_line(page, number)
    await expect(mine).to_be_visible(timeout=TIMEOUT)
    await expect(mine).to_contain_text("Only visible to you")
    await expect(page.locator("#messages .msg", has_text=number)).to_have_count(0)
    # one message per enrichment: the ⏳ line became the public result (without the number)
    public = page.locator("#thread .msg", has_text="Found a phone number for Thomas Dubois")
    await expect(public).to_have_count(1)
    await expect(page.locator("#thread .msg", has_text="Looking for")).to_have_count(0)
    # the card says the number is on file, not the number
    card = thread.locator(".bk-section", has_text="Thomas Dubois").first
    await expect(card).to_contain_text("Phone number on file", timeout=TIMEOUT)
    await expect(card).not_to_contain_text(number)
    await mine.scroll_into_view_if_needed()
    await snap(page, "10-phone-only-to-you")

    bob = await lines_as(page, "U0BOB")
    assert any("Found a phone number for Thomas Dubois" in line for line in bob), bob
    assert not any(number in line for line in bob), bob
    await switch_user(page, "U0ALICE")
    await expect(thread_line(page, number)).to_be_visible(timeout=TIMEOUT)


async def test_enrich_clicked_in_a_thread_answers_in_the_thread(page: Page, demo: DemoSite) -> None:
    await send(page, "/leonar search react in Paris")
    thread = await open_thread(page, "react")
    # Sophie Martin has a work email: the question comes in the thread, only for Alice
    await click_in_thread(page, "Enrich", card="Sophie Martin")
    offer = thread_line(page, "Enrich anyway?")
    await expect(offer).to_be_visible(timeout=TIMEOUT)
    await expect(offer).to_contain_text("Only visible to you")
    await expect(page.locator("#messages .msg", has_text="Enrich anyway?")).to_have_count(0)

    await click_in_thread(page, "Enrich anyway")
    # the question settles on the choice (its buttons are gone)
    chosen = thread_line(page, "You chose: Sophie Martin's work email.")
    await expect(chosen).to_be_visible(timeout=TIMEOUT)
    await expect(thread.locator("button", has_text="Enrich anyway")).to_have_count(0)
    # one message per enrichment, in the thread: the ⏳ line becomes the result
    result = thread.locator(".msg", has_text="Sophie Martin's work email:")
    await expect(result).to_have_count(1, timeout=TIMEOUT)
    await expect(result).to_contain_text("@Alice Martin")
    await expect(thread.locator(".msg", has_text="Looking for Sophie Martin")).to_have_count(0)
    await expect(page.locator("#messages .msg", has_text="work email:")).to_have_count(0)
