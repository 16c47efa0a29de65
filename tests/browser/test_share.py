"""Share by URL and presenter mode in a real browser: the share box's link lands on the chosen page with a
banner saying what it changes, and link warnings stay until dismissed."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.support.browser import open_page, save_screenshot, wait_for_app

pytestmark = pytest.mark.browser
INDICATOR = "Digital Infrastructure"
SHU_DIGITAL = "shu.scri.digital_infrastructure"
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
LANDING = {
    "en": {
        "indicator": INDICATOR,
        "scenarios": "Scenarios and export",
        "share": "Share",
        "banner": "This link changes the paper's scenario:",
        "change": "Shu: Digital Infrastructure (SCRI) 2 → 3",
        "map": "Map",
    },
    "ru": {
        "indicator": "Цифровая инфраструктура",
        "scenarios": "Сценарии и экспорт",
        "share": "Поделиться",
        "banner": "Эта ссылка меняет сценарий статьи:",
        "change": "Шу: Цифровая инфраструктура (SCRI) 2 → 3",
        "map": "Карта",
    },
}
"""What each language's pages say, as the catalogue has it, for the landing tests."""


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


def copied_share_link(page: Page, server_url: str, language: str) -> str:
    """Move Shu's digital-infrastructure slider from 2 to 3 on the What if page, then copy the link of the
    Scenarios page's share box."""
    words = LANDING[language]
    page.goto(f"{server_url}/what_if?lang={language}")
    wait_for_app(page)
    thumb = page.get_by_role("slider", name=words["indicator"]).first
    expect(thumb).to_have_value("2")  # Table 2: Shu scores 2
    thumb.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_url(lambda url: "o=" in url, timeout=30_000)
    wait_for_app(page)
    open_page(page, words["scenarios"])
    page.get_by_role("radio", name=words["share"], exact=True).click()
    wait_for_app(page)
    code = page.get_by_test_id("stCode").first
    expect(code).to_contain_text("o=")
    return code.inner_text().strip()


@pytest.mark.parametrize("language", ["en", "ru"])
def test_a_copied_share_link_lands_on_the_map_with_a_banner(server, page: Page, browser: Browser, language):
    words = LANDING[language]
    link = copied_share_link(page, server.url, language)
    parts = urlsplit(link)
    assert parts.path == "/", f"the link opens the map, not the page it was copied from: {link}"
    assert parse_qs(parts.query)["o"] == ["shu.scri.digital_infrastructure:3"]

    fresh = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    try:
        other = fresh.new_page()
        other.goto(link)
        wait_for_app(other)
        expect(other.get_by_role("heading", name=words["map"], exact=True)).to_be_visible()
        banner = other.get_by_test_id("stAlert").filter(has_text=words["banner"])
        expect(banner).to_be_visible()
        expect(banner).to_contain_text(words["change"])
        other.frame_locator(MAP_FRAME).locator("path.smartcity-city").first.wait_for(timeout=30_000)
        save_screenshot(other, f"share_landing_{language}")
    finally:
        fresh.close()


def test_the_banner_goes_back_to_the_paper(server, page: Page):
    page.goto(f"{server.url}/?o=ayagoz.scri.digital_infrastructure:3")
    wait_for_app(page)
    banner = page.get_by_test_id("stAlert").filter(has_text=LANDING["en"]["banner"])
    expect(banner).to_contain_text("Ayagoz: Digital Infrastructure (SCRI) 1 → 3")
    page.get_by_role("button", name="Back to the paper's scenario").click()
    page.wait_for_url(lambda url: not urlsplit(url).query, timeout=30_000)
    wait_for_app(page)
    expect(banner).to_have_count(0)
    expect(page.get_by_role("cell", name="31%").first).to_be_visible()  # Table 2: Ayagoz 11 of 35


def test_a_link_warning_stays_across_reruns_and_pages_until_dismissed(server, page: Page):
    page.goto(f"{server.url}/what_if?o={SHU_DIGITAL}:9")
    wait_for_app(page)
    warning = page.get_by_test_id("stAlert").filter(has_text="Part of the link was not valid")
    expect(warning).to_have_count(1)
    expect(warning).to_contain_text("outside the scale")
    thumb = page.get_by_role("slider", name=INDICATOR).first
    thumb.focus()
    page.keyboard.press("ArrowRight")  # a rerun: Shu's 2 becomes 3
    page.wait_for_url(lambda url: parse_qs(urlsplit(url).query).get("o") == [f"{SHU_DIGITAL}:3"])
    wait_for_app(page)
    expect(warning).to_have_count(1)
    open_page(page, "Scenarios and export")
    expect(warning).to_have_count(1)
    page.get_by_role("radio", name="Share", exact=True).click()
    wait_for_app(page)
    page.get_by_test_id("stSelectbox").filter(has_text="The link opens on").click()
    page.get_by_role("option", name="Radar", exact=True).click()  # another rerun, from a selectbox
    expect(page.get_by_test_id("stCode").first).to_contain_text("/radar?")
    wait_for_app(page)
    expect(warning).to_have_count(1)
    save_screenshot(page, "share_box_with_link_warning")
    page.get_by_role("button", name="Dismiss").click()
    wait_for_app(page)
    expect(warning).to_have_count(0)
    open_page(page, "Map")
    expect(warning).to_have_count(0)
