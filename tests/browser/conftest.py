"""Fixtures for real-browser tests: a Streamlit server on a free port and headless Chromium.

The server class and page helpers live in tests/support/browser.py, shared with the benches.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

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


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A new browser context and page, closed after the test."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en-US")
    opened = context.new_page()
    yield opened
    context.close()
