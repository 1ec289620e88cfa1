"""Fixtures for the demo page: the demo server over a running stack, and a Chromium page on it."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from standins.demo import demo_site
from standins.harness import Stack

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@dataclass
class DemoSite:
    stack: Stack
    app: Starlette
    url: str
    http: httpx.AsyncClient
    page_errors: list[str] = field(default_factory=list)
    #: console errors (failed loads such as a broken image included) on every page visited
    console_errors: list[str] = field(default_factory=list)


@pytest.fixture
async def demo() -> AsyncIterator[DemoSite]:
    async with (
        demo_site(enrichment_delay=1.0, poll_interval=0.5) as site,
        httpx.AsyncClient(base_url=site.url, timeout=30) as http,
    ):
        yield DemoSite(site.stack, site.app, site.url, http)


@pytest.fixture
def browser_available() -> None:
    required = os.environ.get("REQUIRE_BROWSER") == "1"
    try:
        import playwright.async_api  # noqa: F401
    except ImportError:
        if required:
            pytest.fail("REQUIRE_BROWSER=1 but the playwright package is not installed")
        pytest.skip("the playwright package is not installed")
    if not CHROMIUM.exists():
        if required:
            pytest.fail(f"REQUIRE_BROWSER=1 but {CHROMIUM} is missing")
        pytest.skip(f"{CHROMIUM} is missing (install Debian's chromium to run browser tests)")


@pytest.fixture
async def page(browser_available: None, demo: DemoSite) -> AsyncIterator[Any]:
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            page = await browser.new_page(viewport={"width": 1280, "height": 800})
            page.set_default_timeout(10_000)
            page.on("pageerror", lambda exc: demo.page_errors.append(str(exc)))
            page.on(
                "console",
                lambda msg: (
                    demo.console_errors.append(f"{msg.text} at {msg.location}")
                    if msg.type == "error"
                    else None
                ),
            )
            await page.goto(demo.url)
            await page.wait_for_selector("body[data-ready='1'][data-live='1']")
            yield page
        finally:
            await browser.close()
    assert demo.page_errors == [], demo.page_errors
    assert demo.console_errors == [], demo.console_errors
