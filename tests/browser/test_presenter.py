"""Presenter mode driven by the keys a presentation clicker sends, in headless Chromium at 1280×720."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.support.browser import save_screenshot, wait_for_app

pytestmark = pytest.mark.browser

MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
SLIDE_TITLE = '[data-testid="stMainBlockContainer"] h2'
KEYS_ON = "html[data-presenter-keys=on]"
MAP_TITLE = "Where the towns stand"
SCRI = "Smart City Readiness Index"
STAKEHOLDERS = "Stakeholder Insights"
GOVERNANCE = "Governance Challenges"


@pytest.fixture
def presenting(browser: Browser, server) -> Iterator[Page]:
    """A 1280×720 page opened in presenter mode (``/?present=1``), on its first slide."""
    context = browser.new_context(viewport={"width": 1280, "height": 720}, locale="en-US")
    page = context.new_page()
    page.goto(f"{server.url}/?present=1")
    wait_for_app(page)
    expect(page.locator(SLIDE_TITLE)).to_have_text(MAP_TITLE, timeout=30_000)
    yield page
    context.close()


def press_and_expect(page: Page, key: str, title: str, position: str) -> None:
    """Press a key on the page and wait for the slide with this title and position."""
    page.wait_for_selector(KEYS_ON, state="attached")
    page.keyboard.press(key)
    expect(page.locator(SLIDE_TITLE)).to_have_text(title, timeout=30_000)
    expect(page.get_by_text(position, exact=True)).to_be_visible()
    wait_for_app(page)


def test_clicker_keys_step_forward_and_back_through_the_slides(presenting: Page):
    press_and_expect(presenting, "ArrowRight", SCRI, "2 / 6")
    press_and_expect(presenting, "PageDown", STAKEHOLDERS, "3 / 6")
    save_screenshot(presenting, "presenter_radar")
    press_and_expect(presenting, "Space", GOVERNANCE, "4 / 6")
    press_and_expect(presenting, "ArrowLeft", STAKEHOLDERS, "3 / 6")
    press_and_expect(presenting, "PageUp", SCRI, "2 / 6")
    press_and_expect(presenting, "PageUp", MAP_TITLE, "1 / 6")
    presenting.frame_locator(MAP_FRAME).locator("path.smartcity-city").first.wait_for(timeout=30_000)
    save_screenshot(presenting, "presenter_map")


def test_escape_leaves_presenter_mode(presenting: Page):
    presenting.wait_for_selector(KEYS_ON, state="attached")
    presenting.keyboard.press("Escape")
    presenting.wait_for_url(lambda url: "present" not in parse_qs(urlsplit(url).query), timeout=30_000)
    wait_for_app(presenting)
    expect(presenting.get_by_role("heading", name="Map")).to_be_visible()
    expect(presenting.locator('[data-testid="stSidebar"]')).to_be_visible()


def test_space_on_a_focused_button_moves_one_slide_only(presenting: Page):
    presenting.get_by_role("button", name="Next ▶").click()
    press_and_expect(presenting, "PageUp", MAP_TITLE, "1 / 6")  # the clicked button keeps the focus
    press_and_expect(presenting, "Space", SCRI, "2 / 6")
    press_and_expect(presenting, "ArrowRight", STAKEHOLDERS, "3 / 6")
    assert presenting.locator(SLIDE_TITLE).inner_text() == STAKEHOLDERS  # no stray step arrived since


def test_keys_typed_in_a_text_field_do_not_change_slides(presenting: Page):
    presenting.evaluate(
        """() => {
            const field = document.createElement('input');
            field.id = 'typed-here';
            document.querySelector('[data-testid="stMainBlockContainer"]').prepend(field);
        }"""
    )
    presenting.wait_for_selector(KEYS_ON, state="attached")
    field = presenting.locator("#typed-here")
    field.click()
    for key in ("ArrowRight", "PageDown", "Space", "ArrowLeft", "Escape"):
        field.press(key)
    assert field.input_value() == " "
    field.blur()
    press_and_expect(presenting, "ArrowRight", SCRI, "2 / 6")  # the only step: none came from the field
    assert presenting.locator(SLIDE_TITLE).inner_text() == SCRI
    assert parse_qs(urlsplit(presenting.url).query).get("present") == ["1"]


def test_the_buttons_have_names_that_say_what_they_do(presenting: Page):
    bar = presenting.locator('[data-testid="stMainBlockContainer"]')
    for name in ("◀ Previous", "Next ▶", "✕ Exit"):
        expect(bar.get_by_role("button", name=name, exact=True)).to_be_visible()
