"""The questionnaire's first paint on a phone: what a respondent waits for after opening a group link.

    python bench/questionnaire_bench.py [--rounds N] [--lang en|kk|ru]

Starts its own `streamlit run` (its own SQLite store, a round on Shu with the three instruments) and
opens a group link in Debian's Chromium, headless, at a phone's viewport (390×844, mobile, touch), each
visit in a fresh browser context. Times are from the navigation's start, on the page's own clock:

- page shell loaded: the navigation's DOMContentLoaded end (Streamlit's HTML and scripts, no output yet);
- first-contentful-paint: the browser's paint entry (the first text or image painted);
- title drawn: the questionnaire's heading in the page;
- Start ready: the first step's Start button shown and enabled (the group is the link's, the town the
  round's only one), which the page then presses at once, as a respondent tapping straight away;
- first question visible: the first indicator's radio group drawn on screen.

The first visit after the server starts also pays the app's imports; it is reported apart from the
median of the later visits.
"""

from __future__ import annotations

import argparse
import json
import os
from dataclasses import dataclass

import common  # noqa: F401  (puts the repository on sys.path)
from common import median
from playwright.sync_api import Browser, ViewportSize, sync_playwright

from smartcity.data import load_dataset
from smartcity.i18n.catalog import translate
from smartcity.i18n.labels import indicator_name
from smartcity.store.rounds import RoundStore, group_links
from tests.support.browser import CHROMIUM, CHROMIUM_ARGS, StreamlitServer

PHONE = ViewportSize(width=390, height=844)
GROUP = "civil_society"
"""The link opened: the largest group of the paper's survey (23 of 53)."""

# Records (performance.now(), ms since the navigation started) when each milestone first shows,
# and presses Start as soon as it is enabled.
MILESTONES_JS = """([title, start, question]) => {
    const at = window.__milestones = {title: null, start: null, question: null};
    const now = () => performance.now();
    const check = () => {
        if (at.title === null && Array.from(document.querySelectorAll('h1'))
                .some(h => h.innerText.trim() === title)) at.title = now();
        if (at.start === null) {
            const button = Array.from(document.querySelectorAll('button'))
                .find(b => b.innerText.trim() === start && !b.disabled);
            if (button) { at.start = now(); button.click(); }
        }
        if (at.question === null) {
            const group = document.querySelector(`[role="radiogroup"][aria-label="${question}"]`);
            if (group && group.getBoundingClientRect().height > 0) at.question = now();
        }
    };
    new MutationObserver(check).observe(document, {subtree: true, childList: true, attributes: true});
}"""
PAINT_JS = """() => [performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd,
    performance.getEntriesByName('first-contentful-paint')[0].startTime]"""


@dataclass(frozen=True)
class Visit:
    """Seconds from the navigation's start to each milestone of one visit."""

    shell_loaded: float
    first_contentful_paint: float
    title: float
    start_ready: float
    first_question: float


def visit(browser: Browser, url: str, language: str) -> Visit:
    """Open the questionnaire in a fresh phone context; the milestones' times."""
    dataset = load_dataset()
    names = [
        translate("questionnaire.title", language),
        translate("questionnaire.start", language),
        indicator_name(dataset, "scri", dataset.instrument("scri").indicator_ids[0], language),
    ]
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale=language)
    try:
        context.add_init_script(f"({MILESTONES_JS})({json.dumps(names)});")
        page = context.new_page()
        page.goto(url)
        page.wait_for_function("() => window.__milestones.question !== null", timeout=60_000)
        page.get_by_role("radiogroup", name=names[2], exact=True).wait_for()  # the same, as a test sees it
        at = page.evaluate("() => window.__milestones")
        shell, paint = page.evaluate(PAINT_JS)
        milestones = (shell, paint, at["title"], at["start"], at["question"])
        return Visit(*(milliseconds / 1000 for milliseconds in milestones))
    finally:
        context.close()


@dataclass(frozen=True)
class QuestionnaireFigures:
    """The first visit after the server started, and the later visits."""

    first: Visit
    later: list[Visit]

    def medians(self) -> Visit:
        """Each milestone's median over the later visits."""
        return Visit(*(median([getattr(v, name) for v in self.later]) for name in Visit.__dataclass_fields__))


def measure(rounds: int, language: str = "en") -> QuestionnaireFigures:
    """Start a server with a round, visit its group link once cold, then ``rounds`` times warm."""
    dataset = load_dataset()
    server = StreamlitServer()
    try:
        store = RoundStore(f"sqlite:///{server.data_dir}/scenarios.db")
        round_, _ = store.create_round(dataset, "Shu 2026", ["shu"])
        store.close()
        url = f"{server.url}/{group_links(round_)[GROUP]}&lang={language}"
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                first = visit(browser, url, language)
                later = [visit(browser, url, language) for _ in range(rounds)]
            finally:
                browser.close()
    finally:
        server.stop()
    return QuestionnaireFigures(first, later)


def main() -> None:
    """Measure and print the milestones' medians and the first visit."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=7, help="warm visits (default 7)")
    parser.add_argument("--lang", choices=["en", "kk", "ru"], default="en", help="the page's language")
    args = parser.parse_args()
    figures = measure(args.rounds, args.lang)
    middle = figures.medians()
    print(
        f"questionnaire on a phone (390×844), {args.lang}: median of {args.rounds} fresh visits (first visit)"
    )
    for label, name in (
        ("page shell loaded", "shell_loaded"),
        ("first-contentful-paint", "first_contentful_paint"),
        ("title drawn", "title"),
        ("Start ready", "start_ready"),
        ("first question visible", "first_question"),
    ):
        warm, cold = getattr(middle, name) * 1000, getattr(figures.first, name) * 1000
        print(f"  {label:<24} {warm:6.0f} ms  ({cold:.0f} ms)")
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} (other work slows it all)")


if __name__ == "__main__":
    main()
