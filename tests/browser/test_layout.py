"""Every page in every language at 1280×720 and 1920×1080: nothing is wider than its container.

One browser context per language and size; its page goes from page to page through the sidebar,
so a language and size cost one page load each. A full-page screenshot of every view is saved to
artifacts/pages/<page>_<lang>_<width>x<height>.png for a reviewer to look at.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from tests.support.browser import ARTIFACTS, follow_sidebar_link

pytestmark = pytest.mark.browser

LANGUAGES = ("en", "ru", "kk")
SIZES = ((1280, 720), (1920, 1080))
PAGES = (
    ("map", "", None),
    ("profile", "profile", ".st-key-profile-radar"),
    ("radar", "radar", ".st-key-radar-contributions"),
    ("what_if", "what_if", ".st-key-whatif-intervals"),
    ("stakeholders", "stakeholders", ".st-key-heat-stakeholders"),
    ("governance", "governance", ".st-key-heat-governance"),
    ("uncertainty", "uncertainty", '[class*="st-key-uncertainty-costs-"]'),
    ("data", "data", ".st-key-data-add_city"),
    ("scenarios", "scenarios", ".st-key-save_submit"),
    ("rounds", "rounds", ".st-key-rounds-create_submit"),
)
"""(name in the screenshot's file name, URL path, the page's last element when it has a keyed one)
of every page the test visits. The script's state can read "not running" while a page (the
uncertainty page's Monte Carlo) is still coming, so a page is drawn once its last element is."""
SCENARIO_SECTIONS = (
    ("saved", ".st-key-load"),
    ("compare", 'iframe[title="streamlit_folium.st_folium"]'),
    ("share", ".st-key-json_upload"),
    ("export", ".st-key-pdf_download"),
)
"""The scenarios page's sections, in the order offered, each with its last element."""
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
MAP_DRAWN = ".leaflet-container:not(.leaflet-zoom-anim) path.smartcity-city"
CONTENT_HEIGHT_JS = """() => Math.ceil(Math.max(...[...document.querySelectorAll(
    '[data-testid="stMain"], [data-testid="stSidebarContent"]')].map(element => element.scrollHeight)))"""

SETTLED_JS = """async () => {
    const app = document.querySelector('[data-testid="stApp"]');
    const main = document.querySelector('[data-testid="stMain"]');
    if (!app || app.getAttribute('data-test-script-state') !== 'notRunning' || !main
        || !main.querySelector('h1')
        || document.querySelector('[data-stale="true"], [data-testid="stSkeleton"]')) return false;
    await document.fonts.ready;
    const charts = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
        .filter(chart => chart.getClientRects().length);
    if (charts.some(chart => !chart.querySelector('.main-svg'))) return false;
    for (const frame of document.querySelectorAll('iframe')) {
        const inner = frame.contentDocument;
        if (!inner || inner.readyState !== 'complete') return false;
    }
    // A dataframe draws on a canvas, mounted after the element: drawn once its header row has ink.
    for (const frame of document.querySelectorAll('[data-testid="stDataFrame"]')) {
        if (!frame.getClientRects().length) continue;
        const canvas = frame.querySelector('[data-testid="data-grid-canvas"]');
        if (!canvas || !canvas.width || !canvas.height) return false;
        const header = canvas.getContext('2d').getImageData(0, 0, canvas.width, Math.min(canvas.height, 40));
        const inked = (value, i) => i % 4 === 0 && value < 160 && header.data[i + 3] > 0;
        if (!header.data.some(inked)) return false;
    }
    // Drawn when two polls in a row see the same content and size (elements arrive one by one).
    const signature = `${main.innerHTML.length} ${main.scrollWidth}x${main.scrollHeight}`;
    const unchanged = window.layoutSignature === signature;
    window.layoutSignature = signature;
    if (!unchanged) return false;
    await new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    return true;
}"""
"""True once the script has run and its elements, fonts, charts and frames are drawn and still."""
SETTLED_POLL_MS = 300

OVERFLOWS_JS = """() => {
    // Streamlit's invisible resize handle hangs 10 px out of every dataframe's corner, by design.
    for (const handle of document.querySelectorAll(
            '[data-testid="stDataFrameResizable"] div[style*="resize"]')) {
        handle.style.display = 'none';
    }
    const SCROLLERS = [
        '[data-testid="stMarkdownContainer"]', '[data-testid="stMarkdownContainer"] table',
        '[data-testid="stHtml"]', '[data-testid="stHtml"] table',
        '[data-testid="stColumn"]', '[data-testid="stVerticalBlock"]', '[data-testid="stHorizontalBlock"]',
        '[data-testid="stDataFrame"]', '[data-testid="stDataFrame"] .dvn-scroller',
        '[data-testid="stPlotlyChart"]', '[data-testid="stExpander"]', '[data-testid="stMetric"]',
        '[data-testid="stAlert"]', '[data-testid="stTable"]', '[data-testid="stSidebarContent"]',
        '[data-testid="stButtonGroup"]', '[data-testid="stRadio"]', '[data-testid="stWidgetLabel"]',
    ].join(', ');
    const BOXED = [
        '[data-testid="stMarkdownContainer"] table', '[data-testid="stHtml"] table',
        '[data-testid="stDataFrame"]',
        '[data-testid="stPlotlyChart"]', 'iframe', '[data-testid="stMetric"]', '[data-testid="stTable"]',
        '[data-testid="stImage"] img', '[data-testid="stAlert"]', '[data-testid="stExpander"]',
    ].join(', ');
    const HOLDERS = ['[data-testid="stColumn"]', '[data-testid="stMainBlockContainer"]',
        '[data-testid="stSidebarContent"]'].join(', ');
    const shown = element => element.getClientRects().length > 0
        && getComputedStyle(element).visibility !== 'hidden';
    const describe = element => {
        const id = element.getAttribute('data-testid');
        const name = id ? `[data-testid=${id}]` : element.tagName.toLowerCase()
            + (element.className && typeof element.className === 'string'
                ? '.' + element.className.trim().split(/\\s+/)[0] : '');
        const text = (element.innerText || element.title || '').trim().replace(/\\s+/g, ' ').slice(0, 60);
        return `${name} "${text}"`;
    };
    const px = value => Math.round(value);
    const problems = [];
    const wide = [...document.querySelectorAll(SCROLLERS)]
        .filter(element => shown(element) && element.scrollWidth > element.clientWidth + 1);
    // The innermost only: a wide table also widens every block around it.
    const innermost = wide.filter(outer => !wide.some(inner => inner !== outer && outer.contains(inner)));
    for (const element of innermost) {
        const sizes = `${element.scrollWidth} px of content in ${element.clientWidth} px`;
        problems.push(`${describe(element)}: ${sizes}`);
    }
    for (const frame of document.querySelectorAll('iframe')) {
        const root = frame.contentDocument && frame.contentDocument.documentElement;
        if (shown(frame) && root && root.scrollWidth > root.clientWidth + 1) {
            const sizes = `${root.scrollWidth} px wide in ${root.clientWidth} px`;
            problems.push(`${describe(frame)}: its page is ${sizes}`);
        }
    }
    for (const element of document.querySelectorAll(BOXED)) {
        const holder = element.parentElement.closest(HOLDERS);
        if (!shown(element) || !holder) continue;
        const box = element.getBoundingClientRect(), outer = holder.getBoundingClientRect();
        if (box.left < outer.left - 1 || box.right > outer.right + 1) {
            const where = `${describe(holder).split(' ')[0]} ${px(outer.left)}-${px(outer.right)} px`;
            problems.push(`${describe(element)}: ${px(box.left)}-${px(box.right)} px sticks out of ${where}`);
        }
    }
    // Text cut short: a chart's title or legend past the chart's edge, a label ending in "…".
    for (const chart of document.querySelectorAll('[data-testid="stPlotlyChart"]')) {
        const svg = chart.querySelector('.main-svg');
        if (!shown(chart) || !svg) continue;
        const frame = svg.getBoundingClientRect();
        for (const text of svg.parentElement.querySelectorAll('.main-svg text')) {
            const box = text.getBoundingClientRect();
            if (text.textContent.trim() && (box.left < frame.left - 1 || box.right > frame.right + 1)) {
                const edges = `${px(frame.left)}-${px(frame.right)} px`;
                const where = `${px(box.left)}-${px(box.right)} px, the chart ${edges}`;
                problems.push(`chart text "${text.textContent.slice(0, 60)}": ${where}`);
            }
        }
    }
    for (const element of document.querySelectorAll('[data-testid="stAppViewContainer"] *')) {
        if (shown(element) && getComputedStyle(element).textOverflow === 'ellipsis'
            && element.scrollWidth > element.clientWidth + 1 && element.innerText.trim()) {
            const sizes = `${element.scrollWidth} px in ${element.clientWidth} px`;
            problems.push(`${describe(element)}: cut with "…", ${sizes}`);
        }
    }
    const page = document.documentElement;
    if (page.scrollWidth > window.innerWidth) {
        problems.push(`the page scrolls sideways: ${page.scrollWidth} px in ${window.innerWidth} px`);
    }
    return problems;
}"""
"""Every table, panel, column, chart or frame wider than its container, and a page that scrolls sideways."""

OPEN_EXPANDERS_JS = """() => {
    for (const details of document.querySelectorAll('[data-testid="stExpander"] details:not([open])')) {
        details.querySelector('summary').click();
    }
}"""


VIEWS = [(language, size) for language in LANGUAGES for size in SIZES]


@pytest.fixture(scope="module", params=VIEWS, ids=[f"{lang}-{w}x{h}" for lang, (w, h) in VIEWS])
def viewer(request, browser: Browser, server) -> Iterator[tuple[Page, str, tuple[int, int]]]:
    """One context per language and window size, opened on the home page in that language."""
    language, (width, height) = request.param
    context = browser.new_context(viewport={"width": width, "height": height}, locale="en-US")
    page = context.new_page()
    page.goto(f"{server.url}/?lang={language}")
    go_to(page, "", None)  # drawn before any link is clicked
    yield page, language, (width, height)
    context.close()


def go_to(page: Page, path: str, last_element: str | None) -> None:
    """Open the page at ``path`` from the sidebar (one session: no new page load) and let it settle."""
    follow_sidebar_link(page, path)
    if last_element:
        page.locator(last_element).first.wait_for(state="attached", timeout=90_000)
    if not path:  # the home page: the map's frame arrives after the script's run
        page.frame_locator(MAP_FRAME).locator(MAP_DRAWN).first.wait_for(timeout=60_000)
    settle(page)


def settle(page: Page) -> None:
    """Wait until the script has stopped running and charts, frames and fonts are drawn."""
    page.wait_for_function(SETTLED_JS, timeout=60_000, polling=SETTLED_POLL_MS)


def screenshot_whole_page(page: Page, path: Path) -> None:
    """A screenshot of all the page's content: Streamlit scrolls inside the window, so the window is
    made as tall as the content for the shot, then set back."""
    window = page.viewport_size
    assert window is not None
    content = page.evaluate(CONTENT_HEIGHT_JS)
    page.set_viewport_size({"width": window["width"], "height": max(window["height"], content)})
    settle(page)
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size(window)
    settle(page)


def check_view(page: Page, shot: str) -> list[str]:
    """What overflows in the view shown, before and after opening its expanders; a full-page
    screenshot of it (expanders closed) as artifacts/pages/<shot>.png."""
    problems = page.evaluate(OVERFLOWS_JS)
    folder = ARTIFACTS / "pages"
    folder.mkdir(parents=True, exist_ok=True)
    screenshot_whole_page(page, folder / f"{shot}.png")
    page.evaluate(OPEN_EXPANDERS_JS)  # the charts' "show data" tables too
    settle(page)
    return problems + [f"(expanders open) {problem}" for problem in page.evaluate(OVERFLOWS_JS)]


@pytest.mark.parametrize(("name", "path", "last_element"), PAGES, ids=[name for name, *_ in PAGES])
def test_nothing_is_wider_than_its_container(viewer, name: str, path: str, last_element: str | None):
    page, language, (width, height) = viewer
    go_to(page, path, last_element)
    problems = check_view(page, f"{name}_{language}_{width}x{height}")
    assert not problems, f"{name} in {language} at {width}×{height}:\n" + "\n".join(problems)


def test_the_scenario_sections_fit_once_a_scenario_is_saved(viewer):
    page, language, (width, height) = viewer
    go_to(page, "scenarios", ".st-key-save_submit")
    page.locator(".st-key-save_name input").fill(f"Workshop {language} {width}")
    page.locator(".st-key-save_submit button").click()
    problems = []
    for index, (section, last_element) in enumerate(SCENARIO_SECTIONS):
        if index:  # the first section is open already (a second click would unselect it)
            page.locator(".st-key-workshop_section button").nth(index).click()
        page.locator(last_element).first.wait_for(state="attached", timeout=90_000)
        if section == "compare":
            page.frame_locator(MAP_FRAME).locator(MAP_DRAWN).first.wait_for(timeout=60_000)
        settle(page)
        shot = f"scenarios_{section}_{language}_{width}x{height}"
        problems += [f"{section}: {problem}" for problem in check_view(page, shot)]
    assert not problems, f"scenarios in {language} at {width}×{height}:\n" + "\n".join(problems)
