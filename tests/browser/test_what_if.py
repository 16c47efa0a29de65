"""The what-if page in headless Chromium: a slider moved with the keyboard changes the results."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from tests.support.browser import open_page, save_screenshot, wait_for_app

pytestmark = pytest.mark.browser


def test_moving_a_slider_with_the_keyboard_updates_the_results(server, page):
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(server.url)
    wait_for_app(page)
    open_page(page, "What if")
    results = page.locator(".smartcity-panel")
    shu_row = results.locator("table").first.locator("tr", has_text="Shu")  # the SCRI table
    expect(shu_row).to_contain_text("15 / 35")  # Table 2: Shu 15 of 35, 43%
    expect(shu_row).to_contain_text("43%")

    thumb = page.get_by_role("slider", name="Digital Infrastructure")  # Shu's: 2 in Table 2
    expect(thumb).to_have_value("2")
    thumb.focus()
    page.keyboard.press("ArrowRight")

    expect(thumb).to_have_value("3")
    expect(shu_row).to_contain_text("16 / 35")  # one point more: 16 of 35 = 45.7%
    expect(shu_row).to_contain_text("46%")
    expect(shu_row).to_contain_text("+2.9")
    expect(page.get_by_text("paper: 2")).to_be_visible()  # the moved value is marked
    save_screenshot(page, "what_if_after_slider")
    assert errors == []


def overrides(url: str) -> list[str]:
    """The score overrides (``o=``) of a page's address."""
    return parse_qs(urlsplit(url).query).get("o", [])


def test_the_address_bar_follows_each_move_so_a_reload_keeps_it(server, page):
    page.goto(server.url)
    wait_for_app(page)
    open_page(page, "What if")
    history_before = page.evaluate("history.length")
    thumb = page.get_by_role("slider", name="Digital Infrastructure")  # Shu's: 2 in Table 2
    thumb.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_url(lambda url: overrides(url) == ["shu.scri.digital_infrastructure:3"])
    page.keyboard.press("ArrowRight")  # a second move in the same fragment writes the URL again
    page.wait_for_url(lambda url: overrides(url) == ["shu.scri.digital_infrastructure:4"])
    assert page.evaluate("history.length") == history_before  # Back leaves the page, not one move
    page.reload()
    wait_for_app(page)
    expect(page.get_by_role("slider", name="Digital Infrastructure")).to_have_value("4")


def test_after_moves_another_page_opens_with_the_moved_scenario_in_its_address(server, page):
    page.goto(server.url)
    wait_for_app(page)
    open_page(page, "What if")
    page.get_by_role("slider", name="Digital Infrastructure").focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_url(lambda url: overrides(url) == ["shu.scri.digital_infrastructure:3"])
    open_page(page, "Radar")
    page.wait_for_url(lambda url: urlsplit(url).path.endswith("/radar"))
    wait_for_app(page)
    assert overrides(page.url) == ["shu.scri.digital_infrastructure:3"]


def test_the_results_tables_have_tight_cells_so_long_headers_fit(server, page):
    page.goto(server.url + "/what_if?lang=kk")
    wait_for_app(page)
    cell = page.locator(".smartcity-panel table th").first
    expect(cell).to_have_css("padding-left", "8px")  # 0.5rem and 0.3rem of the 16 px root font
    expect(cell).to_have_css("padding-top", "4.8px")


def test_on_a_phone_a_wide_results_table_scrolls_within_its_column_not_the_page(server, new_tab):
    phone = new_tab(390, 844)
    phone.goto(server.url + "/what_if?lang=kk")
    wait_for_app(phone)
    table = phone.locator(".smartcity-panel .smartcity-table-scroll").first
    expect(table).to_be_visible()
    box = table.evaluate("t => [t.scrollWidth, t.clientWidth, document.documentElement.scrollWidth]")
    assert box[0] > box[1]  # six columns do not fit 390 px: the table scrolls...
    assert box[2] == 390  # ...and the page does not
    # Scrolled to its end, the table shows its last column, "Орын өзгерісі" (rank change), within its box.
    ends = table.evaluate("""t => { t.scrollLeft = t.scrollWidth;
        const cell = t.querySelector('th:last-child').getBoundingClientRect();
        const box = t.getBoundingClientRect();
        return [cell.left >= box.left, cell.right <= box.right + 0.5]; }""")
    assert ends == [True, True]
