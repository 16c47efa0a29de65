"""Share by URL and presenter mode in a real browser."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.support.browser import save_screenshot, wait_for_app

pytestmark = pytest.mark.browser
INDICATOR = "Digital Infrastructure"


def slider_value(page: Page, label: str) -> str:
    """The value of the what-if slider with this label."""
    handle = page.get_by_role("group", name=label).locator('input[type="range"]').first
    handle.wait_for(state="attached", timeout=30_000)
    return handle.input_value()


def test_a_moved_slider_comes_back_from_the_link_in_a_new_browser(server, page: Page, browser: Browser):
    page.goto(f"{server.url}/what_if")
    wait_for_app(page)
    assert slider_value(page, INDICATOR) == "2"  # Table 2: Shu scores 2 on digital infrastructure
    page.get_by_role("group", name=INDICATOR).locator('input[type="range"]').first.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_url(lambda url: "o=" in url, timeout=30_000)
    wait_for_app(page)
    link = page.url
    assert parse_qs(urlsplit(link).query)["o"] == ["shu.scri.digital_infrastructure:3"]

    fresh = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        other = fresh.new_page()
        other.goto(link)
        wait_for_app(other)
        assert slider_value(other, INDICATOR) == "3"
        save_screenshot(other, "share-link-restored")
    finally:
        fresh.close()


def test_a_tampered_link_warns_and_keeps_only_what_is_valid(server, page: Page):
    page.goto(
        f"{server.url}/?o=shu.scri.digital_infrastructure:9,ayagoz.scri.digital_infrastructure:4"
        "&m=%3Cscript%3Ealert(1)%3C/script%3E&lang=xx"
    )
    wait_for_app(page)
    alerts = page.locator('[data-testid="stAlert"]')
    expect(alerts.first).to_be_visible()
    text = alerts.all_inner_texts()
    assert any("outside the scale" in t for t in text) and any("<script>" in t for t in text)
    page.wait_for_url(lambda url: "m=" not in url, timeout=30_000)
    params = parse_qs(urlsplit(page.url).query)
    assert params == {"o": ["ayagoz.scri.digital_infrastructure:4"]}
    expect(page.get_by_role("heading", name="Map")).to_be_visible()


def test_presenter_mode_hides_the_controls_and_steps_through_the_views(server, page: Page):
    page.goto(f"{server.url}/?present=1")
    wait_for_app(page)
    expect(page.get_by_text("Where the towns stand")).to_be_visible()
    expect(page.locator('[data-testid="stSidebar"]')).to_be_hidden()
    font_size = page.evaluate("getComputedStyle(document.documentElement).fontSize")
    assert float(font_size.removesuffix("px")) >= 20
    page.get_by_role("button", name="▶").click()
    wait_for_app(page)
    expect(page.get_by_text("2 / 6")).to_be_visible()
    save_screenshot(page, "presenter-radar")
    page.get_by_role("button", name="✕").click()
    page.wait_for_url(lambda url: "present" not in url, timeout=30_000)
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Map")).to_be_visible()
    expect(page.locator('[data-testid="stSidebar"]')).to_be_visible()
