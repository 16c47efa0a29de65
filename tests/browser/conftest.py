"""Fixtures for real-browser tests: a Streamlit server on a free port and headless Chromium.

The server class and page helpers live in tests/support/browser.py, shared with the benches.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from tests.support.browser import CHROMIUM, CHROMIUM_ARGS, StreamlitServer


@pytest.fixture(scope="session")
def server() -> Iterator[StreamlitServer]:
    """One Streamlit server for the browser tests of a session."""
    running = StreamlitServer()
    yield running
    running.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless, with a fresh profile."""
    with sync_playwright() as playwright:
        # Playwright gives every launch a fresh temporary profile (user-data dir).
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def kept_contexts(browser: Browser) -> Iterator[dict[str, BrowserContext]]:
    """Browser contexts kept for the session, one per locale, filled as tests ask for them."""
    contexts: dict[str, BrowserContext] = {}
    yield contexts
    for context in contexts.values():
        context.close()


OpenTab = Callable[..., Page]


@pytest.fixture
def new_tab(browser: Browser, kept_contexts: dict[str, BrowserContext]) -> Iterator[OpenTab]:
    """Opens tabs in the kept context of a locale, at a window size; they are closed after the test.

    Each tab is a new Streamlit session, as a new browser is, but loads the app's scripts from its
    context's cache: about half the CPU of a page in a fresh context.
    """
    opened: list[Page] = []

    def open_tab(width: int = 1400, height: int = 1000, locale: str = "en-US") -> Page:
        if locale not in kept_contexts:
            kept_contexts[locale] = browser.new_context(locale=locale)
        tab = kept_contexts[locale].new_page()
        tab.set_viewport_size({"width": width, "height": height})
        opened.append(tab)
        return tab

    yield open_tab
    for tab in opened:
        tab.close()


@pytest.fixture
def page(new_tab: OpenTab) -> Page:
    """A new tab at 1400×1000 in English, closed after the test."""
    return new_tab()
