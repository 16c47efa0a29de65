"""The app starts and draws its home page in a real browser."""

import pytest

from tests.support.browser import wait_for_app

pytestmark = pytest.mark.browser


def test_home_page_renders_without_console_errors(server, page):
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(server.url)
    wait_for_app(page)
    assert page.get_by_role("heading").first.is_visible()
    assert errors == []
