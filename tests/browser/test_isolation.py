"""Two browser sessions move different sliders at the same moment; neither sees the other's change."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.support.browser import open_page, wait_for_app

pytestmark = pytest.mark.browser

# Table 2 (SCRI, of 35): Shu 15, Ayagoz 11, Shalkar 12. Shu's digital infrastructure is 2,
# its physical infrastructure 2. Sliders are found by name: they are not all drawn at the same moment,
# so a position among those drawn so far can name another one.
DIGITAL = "Digital Infrastructure"
PHYSICAL = "Physical Infrastructure"


def what_if(browser: Browser, url: str) -> Page:
    page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    page.goto(url)
    wait_for_app(page)
    open_page(page, "What if")
    return page


def shu_row(page: Page):
    return page.locator("table.smartcity-table").first.locator("tr", has_text="Shu")


def test_two_sessions_moving_different_sliders_at_once_do_not_see_each_other(server, browser):
    first, second = what_if(browser, server.url), what_if(browser, server.url)
    try:
        first_slider = first.get_by_role("slider", name=DIGITAL)
        second_slider = second.get_by_role("slider", name=PHYSICAL)
        # The key presses are sent without awaiting any rerun: the two sessions' reruns overlap on the server.
        # (locator.press focuses the slider first, so a redraw of the page cannot steal the key.)
        first_slider.press("ArrowRight")
        second_slider.press("ArrowLeft")
        first_slider.press("ArrowRight")

        expect(first_slider).to_have_value("4")  # 2 + 2
        expect(second_slider).to_have_value("1")  # 2 - 1
        expect(shu_row(first)).to_contain_text("17 / 35")
        expect(shu_row(second)).to_contain_text("14 / 35")
        wait_for_app(first)
        wait_for_app(second)
        # Each still shows the paper's value on the slider the other one moved...
        expect(first.get_by_role("slider", name=PHYSICAL)).to_have_value("2")
        expect(second.get_by_role("slider", name=DIGITAL)).to_have_value("2")
        # ...and its own address bar carries only its own change.
        assert parse_qs(urlsplit(first.url).query)["o"] == ["shu.scri.digital_infrastructure:4"]
        assert parse_qs(urlsplit(second.url).query)["o"] == ["shu.scri.physical_infrastructure:1"]

        # A third session, opened afterwards, starts from the paper.
        third = what_if(browser, server.url)
        expect(shu_row(third)).to_contain_text("15 / 35")
        third.context.close()
    finally:
        first.context.close()
        second.context.close()
