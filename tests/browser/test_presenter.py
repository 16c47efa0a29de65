"""Presenter mode in headless Chromium: driven by the keys a presentation clicker sends, every slide
fitting 1280×720 and 1920×1080 in every language, and no tooltip left over a slide."""

from __future__ import annotations

import csv
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from playwright.sync_api import Page, expect

from smartcity.data import load_dataset
from smartcity.model import City
from smartcity.scenario import Scenario, to_query
from tests.support.browser import ARTIFACTS, ROOT, save_screenshot, wait_for_app

pytestmark = pytest.mark.browser

DATASET = load_dataset()

MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
SLIDE_TITLE = '[data-testid="stMainBlockContainer"] h2'
KEYS_ON = "html[data-presenter-keys=on]"
MAP_TITLE = "Where the towns stand"
SCRI = "Smart City Readiness Index"
STAKEHOLDERS = "Stakeholder Insights"
GOVERNANCE = "Governance Challenges"
VIEWS = ("map", "radar_scri", "radar_stakeholders", "radar_governance", "what_if", "conclusions")
SCREENS = ((1280, 720), (1920, 1080))
LOCALES = {"en": "en-US", "ru": "ru-RU", "kk": "kk-KZ"}
CHART = '[data-testid="stPlotlyChart"]'
OVERFLOW = """() => {
    const main = document.querySelector('[data-testid="stMain"]');
    const root = document.documentElement;
    const outside = [...main.querySelectorAll('*')].filter((element) => {
        const box = element.getBoundingClientRect();
        return box.width > 0 && box.height > 0 && (box.left < -1 || box.right > innerWidth + 1);
    });
    return {
        vertical: Math.max(root.scrollHeight - root.clientHeight, main.scrollHeight - main.clientHeight),
        horizontal: Math.max(root.scrollWidth - root.clientWidth, main.scrollWidth - main.clientWidth),
        outside: outside.slice(0, 5).map((e) => `${e.tagName}.${e.dataset.testid || e.className}`),
    };
}"""
"""How far the page scrolls each way (0: it fits) and the first elements reaching past the window's sides."""
TOOLTIPS = """() => [...document.querySelectorAll('[role=tooltip], .hoverlayer text')]
    .filter((element) => element.getBoundingClientRect().width > 0).map((element) => element.textContent)"""
"""The text of every visible tooltip: Streamlit's help tooltips and Plotly's hover labels."""


@pytest.fixture
def presenting(new_tab, server) -> Page:
    """A 1280×720 page opened in presenter mode (``/?present=1``), on its first slide."""
    page = new_tab(1280, 720)
    page.goto(f"{server.url}/?present=1")
    wait_for_app(page)
    expect(page.locator(SLIDE_TITLE)).to_have_text(MAP_TITLE, timeout=30_000)
    return page


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


def settle(page: Page, view: str) -> None:
    """Wait until a slide is drawn at the window's size: the map with its towns, or the radar."""
    wait_for_app(page)
    if view == "map":
        page.frame_locator(MAP_FRAME).locator("path.smartcity-city").first.wait_for(timeout=30_000)
        legend = "document.querySelector('.smartcity-legend')"
        page.wait_for_function(  # the map and its legend fill the window once its size has come back
            f"() => {legend}.getBoundingClientRect().bottom > 0.85 * innerHeight", timeout=30_000
        )
    elif view.startswith("radar"):
        page.locator(f"{CHART} .main-svg").first.wait_for(timeout=30_000)
        page.wait_for_function(
            f"() => document.querySelector('{CHART}').getBoundingClientRect().bottom > 0.8 * innerHeight",
            timeout=30_000,
        )
    wait_for_app(page)


def step_through_every_slide(page: Page, shots: str | None = None) -> None:
    """Step through the slides with the → key, asserting that each fits the window; with ``shots``,
    save each as artifacts/presenter/<shots>_<n>_<view>.png."""
    folder = ARTIFACTS / "presenter"
    folder.mkdir(parents=True, exist_ok=True)
    for number, view in enumerate(VIEWS, start=1):
        if number > 1:
            page.wait_for_selector(KEYS_ON, state="attached")
            page.keyboard.press("ArrowRight")
        expect(page.get_by_text(f"{number} / {len(VIEWS)}", exact=True)).to_be_visible(timeout=30_000)
        settle(page, view)
        assert page.evaluate(OVERFLOW) == {"vertical": 0, "horizontal": 0, "outside": []}, view
        if shots:
            page.screenshot(path=str(folder / f"{shots}_{number}_{view}.png"))


@pytest.mark.parametrize("language", LOCALES)
@pytest.mark.parametrize(("width", "height"), SCREENS)
def test_every_slide_fits_the_screen_without_scrolling(
    new_tab, server, language: str, width: int, height: int
):
    page = new_tab(width, height, LOCALES[language])
    page.goto(f"{server.url}/?present=1&lang={language}")
    step_through_every_slide(page, f"{language}_{width}x{height}")


def test_slides_with_fifteen_towns_and_many_changes_still_fit(new_tab, server):
    scenario = Scenario().with_override(("ayagoz", "scri", "digital_infrastructure"), 3)
    with (ROOT / "data" / "kz_towns.csv").open(encoding="utf-8") as rows:
        places = list(csv.DictReader(rows))[::25][:12]  # real towns, so that every one lies in Kazakhstan
    for number, place in enumerate(places):
        latitude, longitude = float(place["latitude"]), float(place["longitude"])
        town = City(f"town{number}", {"en": f"Town {number + 1}"}, "", latitude, longitude, origin="user")
        scenario = scenario.with_city(town)
        for instrument in DATASET.instruments:
            for indicator in instrument.indicator_ids:
                scenario = scenario.with_override((town.id, instrument.id, indicator), 1 + number % 5)
    page = new_tab(1280, 720)
    page.goto(f"{server.url}/?present=1&{urlencode(to_query(DATASET, scenario))}")
    step_through_every_slide(page, "en_1280x720_fifteen_towns")
    page.keyboard.press("ArrowLeft")
    # 12 added towns, 12 × 23 of their scores and Ayagoz's score: 289 changes, 3 of them listed
    expect(page.get_by_text("… and 286 more changes", exact=True)).to_be_visible(timeout=30_000)
    # 6 rows fit under the header at 1280×720: the first 5 of the 15 towns, and the count of the rest
    expect(page.get_by_role("cell", name="… and 10 more towns", exact=True)).to_be_visible()


def test_no_tooltip_stays_over_the_next_slide(presenting: Page):
    next_button = presenting.get_by_role("button", name="Next ▶", exact=True)
    next_button.hover()
    presenting.wait_for_timeout(1_500)  # long enough for a help tooltip to have opened
    assert presenting.evaluate(TOOLTIPS) == []
    next_button.click()
    expect(presenting.locator(SLIDE_TITLE)).to_have_text(SCRI, timeout=30_000)
    settle(presenting, "radar")
    presenting.locator(CHART).hover()  # the mouse over the radar: no hover label
    presenting.wait_for_timeout(1_500)
    assert presenting.evaluate(TOOLTIPS) == []
    press_and_expect(presenting, "ArrowRight", STAKEHOLDERS, "3 / 6")
    presenting.wait_for_timeout(1_500)
    assert presenting.evaluate(TOOLTIPS) == []


def test_the_radar_has_a_name_and_its_data_in_the_pages_language(new_tab, server):
    page = new_tab(1280, 720, "ru-RU")
    page.goto(f"{server.url}/?present=1&lang=ru")
    wait_for_app(page)
    press_and_expect(page, "ArrowRight", "Индекс готовности к созданию умного города", "2 / 6")
    settle(page, "radar")
    expect(page.get_by_role("figure", name="Радарная диаграмма «Индекс готовности")).to_be_visible()
    page.get_by_text("Показать данные", exact=True).click()
    data = page.locator('[data-testid="stExpanderDetails"] table')
    expect(data.locator("th")).to_have_text(["Показатель", "Шу", "Аягоз", "Шалкар"])
    expect(data.locator("tr", has_text="Экологическая устойчивость").locator("td")).to_have_text(
        ["Экологическая устойчивость", "1", "1", "1"]
    )
