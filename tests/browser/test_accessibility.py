"""WCAG 2.1 AA in headless Chromium: an axe-core audit of every page in every language, with the
page's <html lang> and tab title, and the map's keyboard route.

axe-core comes from npm (pinned; scripts/install-test-deps.sh puts it in .cache/axe) and is injected
into each page and into each of its frames (the map is an iframe), so no network is needed.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Frame, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from smartcity.data import load_dataset
from smartcity.i18n.catalog import LANGUAGES, translate
from smartcity.store.rounds import RoundStore, group_links
from tests.support.browser import ROOT, StreamlitServer, follow_sidebar_link, wait_for_app

pytestmark = pytest.mark.browser

AXE_JS = ROOT / ".cache" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
LANG_WAIT_MS = 5_000
BLOCKING_IMPACTS = frozenset({"serious", "critical"})
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
SIDEBAR_PAGES: tuple[tuple[str, str], ...] = (
    ("map", ""),
    ("profile", "profile"),
    ("radar", "radar"),
    ("what_if", "what_if"),
    ("stakeholders", "stakeholders"),
    ("governance", "governance"),
    ("uncertainty", "uncertainty"),
    ("data", "data"),
    ("scenarios", "scenarios"),
    ("rounds", "rounds"),
)
"""(name, path) of every page in the sidebar; presenter mode and the answer page are opened by link."""
SETTLED_JS = """() => Array.from(document.querySelectorAll('[data-testid="stPlotlyChart"]'))
    .every(chart => chart.querySelector('.main-svg'))"""
RUN_AXE_JS = """async (tags) => {
    const results = await axe.run(document, {runOnly: {type: 'tag', values: tags}, iframes: false,
                                             resultTypes: ['violations']});
    return results.violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(node =>
        node.target.join(' ').split(' > ').slice(-2).join(' > ').slice(-90)
        + ' (' + (node.failureSummary || '').split('\\n').slice(1).join(' ').trim().slice(0, 160) + ')')}));
}"""


@dataclass
class Violation:
    """One axe rule broken in one frame: its id, impact and the elements (with axe's reason)."""

    rule: str
    impact: str
    frame: str
    nodes: list[str]

    def __str__(self) -> str:
        shown = "\n      ".join(self.nodes[:4]) + ("\n      …" if len(self.nodes) > 4 else "")
        return f"{self.rule} ({self.impact}, {len(self.nodes)}× in {self.frame}):\n      {shown}"


@dataclass
class Audit:
    """What one page showed in one language: its title, each frame's lang and axe's violations."""

    title: str = ""
    langs: dict[str, str] = field(default_factory=dict)
    violations: list[Violation] = field(default_factory=list)

    def blocking(self) -> list[Violation]:
        """The serious and critical violations."""
        return [v for v in self.violations if v.impact in BLOCKING_IMPACTS]


def audit_frame(frame: Frame, name: str, axe: str) -> list[Violation]:
    """Inject axe-core into ``frame`` (unless it has it from a page before) and run it there alone
    (its child frames are audited apart)."""
    if not frame.evaluate("() => typeof axe !== 'undefined'"):
        frame.add_script_tag(content=axe)
    return [Violation(v["id"], v["impact"], name, v["nodes"]) for v in frame.evaluate(RUN_AXE_JS, WCAG_TAGS)]


def settle(page: Page, name: str) -> None:
    """Wait until the page's script run is over and its charts and map have drawn."""
    wait_for_app(page)
    if name == "map":
        page.frame_locator(MAP_FRAME).locator("path.smartcity-city").first.wait_for(timeout=30_000)
    page.wait_for_function(SETTLED_JS, timeout=30_000)
    wait_for_app(page)


def declared_language(frame: Frame, expected: str) -> str:
    """The frame's <html lang>, once it is ``expected`` (it is set by a script) or after LANG_WAIT_MS."""
    with contextlib.suppress(PlaywrightTimeoutError):
        frame.wait_for_function(
            "(lang) => document.documentElement.lang === lang", arg=expected, timeout=LANG_WAIT_MS
        )
    return frame.evaluate("() => document.documentElement.lang")


def audit_page(page: Page, name: str, language: str, axe: str) -> Audit:
    """Audit the page shown, and every frame in it, once it has settled."""
    settle(page, name)
    audit = Audit(title=page.title())
    for frame in page.frames:
        frame_name = "page" if frame == page.main_frame else urlsplit(frame.url).path or "srcdoc"
        audit.langs[frame_name] = declared_language(frame, language)
        audit.violations.extend(audit_frame(frame, frame_name, axe))
    return audit


@pytest.fixture(scope="module")
def answer_link(server: StreamlitServer) -> str:
    """A valid respondent link to a new round on the test server."""
    store = RoundStore(f"sqlite:///{server.data_dir}/scenarios.db")
    try:
        round_, _ = store.create_round(load_dataset(), "Shu 2026", ["shu"], ["scri", "stakeholders"])
    finally:
        store.close()
    return next(iter(group_links(round_).values()))


@pytest.fixture(scope="module", params=LANGUAGES)
def audits(
    request, browser: Browser, server: StreamlitServer, answer_link: str
) -> Iterator[tuple[str, dict[str, Audit]]]:
    """Every page audited in one language, in one browser context."""
    if not AXE_JS.exists():
        pytest.fail(f"axe-core is missing at {AXE_JS}: run scripts/install-test-deps.sh")
    axe = AXE_JS.read_text(encoding="utf-8")
    language = request.param
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale=language)
    page = context.new_page()
    page.goto(f"{server.url}/?lang={language}")
    results = {}
    for name, path in SIDEBAR_PAGES:
        follow_sidebar_link(page, path)  # one session, as a user goes from page to page
        results[name] = audit_page(page, name, language, axe)
    # Presenter mode at its own address: "/?present=1" first runs the map page, which then switches
    # to it (the tab's title can be read between the two runs).
    for name, link in (("present", "present?present=1"), ("answer", answer_link)):
        page.goto(f"{server.url}/{link}&lang={language}")
        results[name] = audit_page(page, name, language, axe)
    yield language, results
    context.close()


def test_no_serious_or_critical_axe_violation(audits):
    language, results = audits
    failures = {name: audit.blocking() for name, audit in results.items() if audit.blocking()}
    assert not failures, f"{language}:\n" + "\n".join(
        f"  {name}:\n    " + "\n    ".join(map(str, found)) for name, found in failures.items()
    )


def test_html_lang_follows_the_language_in_the_page_and_the_map(audits):
    language, results = audits
    wrong = {name: audit.langs for name, audit in results.items() if set(audit.langs.values()) != {language}}
    assert not wrong


def test_tab_title_names_the_page_in_the_language(audits):
    language, results = audits
    app = translate("app.title", language)
    titles = {name: audit.title for name, audit in results.items()}
    assert titles["map"] == f"{translate('page.map', language)} — {app}"
    assert len(set(titles.values())) == len(titles), titles


FOCUSED_JS = """() => {
    const outer = document.activeElement;
    const inner = outer && outer.tagName === 'IFRAME' ? outer.contentDocument.activeElement : null;
    const element = inner || outer;
    return {inMap: inner !== null, tag: element.tagName.toLowerCase(), role: element.getAttribute('role'),
            name: element.getAttribute('aria-label') || '', classes: element.getAttribute('class') || '',
            picker: !!element.closest('[data-testid="stSelectbox"]')
                && element.closest('[data-testid="stSelectbox"]').textContent.startsWith('Town')};
}"""


def tab_until_a_town(page: Page, limit: int = 80) -> list[dict[str, object]]:
    """Press Tab from the top of the page until a town on the map has the focus; every stop on the way."""
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        stops.append(page.evaluate(FOCUSED_JS))
        if "smartcity-city" in str(stops[-1]["classes"]):
            return stops
    raise AssertionError(f"no town reached in {limit} tabs: {stops}")


def test_the_keyboard_reaches_the_picker_before_the_map_and_enter_selects_a_town(server, page):
    page.goto(f"{server.url}/?lang=en")
    settle(page, "map")
    stops = tab_until_a_town(page)
    picker = next(index for index, stop in enumerate(stops) if stop["picker"])
    first_in_map = next(index for index, stop in enumerate(stops) if stop["inMap"])
    assert picker < first_in_map
    assert not [stop for stop in stops if "smartcity-region" in str(stop["classes"])]  # regions: no tab stops
    town = stops[-1]
    assert town["role"] == "button"
    name = str(town["name"]).split(", ")[0]
    assert name in {"Shu", "Ayagoz", "Shalkar"}, town
    assert "%" in str(town["name"])  # the name carries the score, as the tooltip does
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "city=" in urlsplit(url).query)
    wait_for_app(page)
    expect(page.get_by_role("heading", name=name, exact=True)).to_be_visible()
    page.wait_for_function(f"() => ({FOCUSED_JS})().name.startsWith({name!r})")  # back on the same town


def test_switching_the_language_relabels_the_page(server, page):
    page.goto(f"{server.url}/profile?lang=en")
    settle(page, "profile")
    page.get_by_test_id("stSidebar").get_by_role("combobox").first.click()
    page.get_by_role("option", name="Русский").click()
    page.wait_for_function("() => document.documentElement.lang === 'ru'")
    wait_for_app(page)
    assert page.title() == f"{translate('page.profile', 'ru')} — {translate('app.title', 'ru')}"
