"""The dashboard in headless Chromium against a real `streamlit run`: what a user waits for.

    python bench/browser_bench.py [--rounds N]

- slider -> numbers: on the what-if page, from the key press that moves Shu's digital
  infrastructure slider to the results table showing the new total (goal < 0.15 s); the wait is
  split into the browser sending the change, the server answering, and the page redrawing;
  the same moves on a bare one-slider page (its own `streamlit run`) give the reference for
  the goal "at most 2.0 x a bare page", as a live server reruns it (bench/whatif_rerun.py
  measures it under AppTest), and the what-if page's widgets alone, without its logic (the floor
  that Streamlit itself sets for that page);
- the map figures of bench/map_bench.py: its HTML payload (< 250 KB), cold start to a visible map
  (< 3 s), a scenario-view change (the "colour by" instrument) to recoloured markers with the
  map's iframe, zoom and pan kept (< 0.2 s), and a slider beside the map to recoloured markers
  with the iframe kept (< 0.2 s);
- the Streamlit server's peak resident memory over all of it.
"""

from __future__ import annotations

import argparse
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import common  # noqa: F401  (puts the repository on sys.path)
import map_bench
from common import median, peak_rss_bytes
from playwright.sync_api import Browser, Page, sync_playwright

from tests.support.browser import CHROMIUM, CHROMIUM_ARGS, StreamlitServer, open_page, wait_for_app

NUMBERS_GOAL_S = 0.15
BARE_PAGE = """
import streamlit as st

value = st.slider("Digital Infrastructure", 1.0, 5.0, 2.0, 1.0)
st.markdown(f"| City | Score |\\n|:--|--:|\\n| Shu | {value:g} |")
"""
"""The reference page: one slider and a one-row table, as bench/whatif_rerun.py's bare page."""
WIDGET_FLOOR_PAGE = """
import streamlit as st

NAMES = ["Digital Infrastructure", "Physical Infrastructure", "Institutional Readiness", "Economic Potential",
         "Social Inclusion and Education", "Environmental Sustainability", "Public/Private Partnership"]
st.segmented_control("Instrument", ["SCRI", "Stakeholders", "Governance"], default="SCRI")
st.segmented_control("What to change", ["Shu", "Ayagoz", "Shalkar", "Weights"], default="Shu")
st.toggle("Finer steps")


@st.fragment
def editor():
    controls, outcome = st.columns(2)
    with outcome:
        value = st.session_state.get("Digital Infrastructure", 2.0)
        row = "| Shu | " + format(value, "g") + " |"
        table = "| City | Score |\\n|:--|--:|\\n" + row
        st.markdown("#### Results\\n\\n" + table + "\\n\\n- a finding\\n- another")
        st.toggle("Show the 5-95% intervals")
    with controls:
        for name in NAMES:
            st.slider(name, 1.0, 5.0, 2.0, 1.0, key=name, help="What the indicator covers.\\n\\n1 - Very low")
        st.button("Reset Shu to the paper")
        st.button("Reset everything", type="primary")


editor()
"""
"""The what-if page's widgets in the same layout, with no logic: Streamlit's own floor for that page."""

# Timestamps (performance.now(), ms) of every message the page sends to and receives from the server.
WEBSOCKET_LOG_JS = """
window.__ws = {sent: [], received: []};
const NativeWebSocket = window.WebSocket;
class LoggedWebSocket extends NativeWebSocket {
    constructor(...args) {
        super(...args);
        this.addEventListener('message', () => window.__ws.received.push(performance.now()));
    }
    send(data) {
        window.__ws.sent.push(performance.now());
        return super.send(data);
    }
}
window.WebSocket = LoggedWebSocket;
"""

# Arms a watcher: records the key press that moves the slider and the moment Shu's row changes.
WATCH_ROW_JS = """() => {
    const row = () => Array.from(document.querySelectorAll('table tr'))
        .find(tr => tr.textContent.includes('Shu'));
    const before = row().textContent;
    window.__round = {key: null, updated: null, before: before};
    document.addEventListener('keydown', () => { window.__round.key ??= performance.now(); },
        {capture: true, once: true});
    const observer = new MutationObserver(() => {
        const now = row();
        if (now && now.textContent !== before) {
            window.__round.updated = performance.now();
            observer.disconnect();
        }
    });
    observer.observe(document.body, {subtree: true, childList: true, characterData: true});
}"""

ROUND_JS = """() => {
    const r = window.__round;
    const sent = window.__ws.sent.find(t => t >= r.key);
    const received = window.__ws.received.filter(t => t >= sent);
    return {key: r.key, updated: r.updated, sent: sent, first: received[0], last: received.at(-1)};
}"""

IDLE_JS = """() => document.querySelector('[data-testid="stApp"]')
    ?.getAttribute('data-test-script-state') === 'notRunning'"""


@dataclass
class SliderRounds:
    """Seconds per slider move: in total, and split by where the time went."""

    total: list[float] = field(default_factory=list)
    browser_to_server: list[float] = field(default_factory=list)
    """From the key press to the page sending the new value."""
    server: list[float] = field(default_factory=list)
    """From sending the value to the first message back (the rerun has started and sent output)."""
    drawn: list[float] = field(default_factory=list)
    """From the first message back to the new numbers in the page."""
    rerun: list[float] = field(default_factory=list)
    """From sending the value to the last message of the rerun (the fragment has finished)."""


def logged_page(browser: Browser, url: str) -> Page:
    """A fresh session on ``url``, logging its websocket messages."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.add_init_script(WEBSOCKET_LOG_JS)
    page = context.new_page()
    page.goto(url)
    wait_for_app(page)
    return page


def what_if_page(browser: Browser, url: str) -> Page:
    """A fresh session on the what-if page (opened from the home page), logging its websocket messages."""
    page = logged_page(browser, url)
    open_page(page, "What if")
    return page


def move_slider(page: Page, right: bool, into: SliderRounds) -> None:
    """Move the focused slider one step; time the move to new numbers in Shu's row."""
    page.evaluate(WATCH_ROW_JS)
    page.keyboard.press("ArrowRight" if right else "ArrowLeft")
    page.wait_for_function("() => window.__round.updated !== null", timeout=30_000)
    page.wait_for_function(IDLE_JS)
    page.wait_for_timeout(100)  # let the rerun's last messages arrive
    times = page.evaluate(ROUND_JS)
    into.total.append((times["updated"] - times["key"]) / 1000)
    into.browser_to_server.append((times["sent"] - times["key"]) / 1000)
    into.server.append((times["first"] - times["sent"]) / 1000)
    into.drawn.append((times["updated"] - times["first"]) / 1000)
    into.rerun.append((times["last"] - times["sent"]) / 1000)


def slider_rounds(pages: dict[str, Page], moves: int) -> dict[str, SliderRounds]:
    """Move the "Digital Infrastructure" slider of each page right and left, ``moves`` times in all,
    the pages taking turns so that machine load hits them alike."""
    measured = {name: SliderRounds() for name in pages}
    for page in pages.values():
        page.get_by_role("slider", name="Digital Infrastructure").focus()
    for index in range(moves):
        for name, page in pages.items():
            move_slider(page, index % 2 == 0, measured[name])
    return measured


@dataclass(frozen=True)
class MapFigures:
    """The map's figures in the browser."""

    first_visit: float
    """Seconds from opening the URL to visible markers, the server's first visit (it loads the app)."""
    later_visits: list[float]
    """The same from a fresh browser context once the server is warm."""
    recolour: list[float]
    """Seconds from the instrument switch to the markers' new colours."""
    iframe_kept: bool
    zoom_kept: bool
    slider_recolour: list[float]
    """Seconds from a key press on a slider beside the map to the markers' new colours."""
    slider_iframe_kept: bool


def map_figures(browser: Browser, url: str, rounds: int) -> MapFigures:
    """Cold start, warm visits, and recolouring with iframe, zoom and pan kept (as bench/map_bench.py)."""
    page, _, first = map_bench.open_map(browser, url)
    page.context.close()
    later = []
    for _ in range(rounds):
        page, _, elapsed = map_bench.open_map(browser, url)
        later.append(elapsed)
        page.context.close()
    recolour, kept, zoom_kept = map_bench.recolour_figures(browser, url, rounds)
    slider_recolour, slider_kept = map_bench.slider_recolour_figures(browser, url, rounds * 2)
    return MapFigures(first, later, recolour, kept, zoom_kept, slider_recolour, slider_kept)


@dataclass(frozen=True)
class BrowserFigures:
    """Everything this script measures."""

    slider: SliderRounds
    bare_slider: SliderRounds
    """The same moves on a bare one-slider page served by its own `streamlit run`."""
    floor_slider: SliderRounds
    """The same moves on the what-if page's widgets without its logic (WIDGET_FLOOR_PAGE)."""
    map: MapFigures
    payload_bytes: int
    server_peak_rss_bytes: int


def measure(rounds: int) -> BrowserFigures:
    """Start the servers; measure the map (cold first), then the what-if and bare pages' sliders;
    read the dashboard server's peak memory."""
    with tempfile.TemporaryDirectory() as folder:
        bare_script, floor_script = Path(folder) / "bare.py", Path(folder) / "floor.py"
        bare_script.write_text(BARE_PAGE)
        floor_script.write_text(WIDGET_FLOOR_PAGE)
        server, bare_server = StreamlitServer(), StreamlitServer(script=str(bare_script))
        floor_server = StreamlitServer(script=str(floor_script))
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                try:
                    maps = map_figures(browser, server.url, rounds)
                    pages = {
                        "what-if": what_if_page(browser, server.url),
                        "bare": logged_page(browser, bare_server.url),
                        "floor": logged_page(browser, floor_server.url),
                    }
                    sliders = slider_rounds(pages, rounds * 2)
                finally:
                    browser.close()
            peak = peak_rss_bytes(server.process.pid)
        finally:
            server.stop()
            bare_server.stop()
            floor_server.stop()
    return BrowserFigures(
        sliders["what-if"], sliders["bare"], sliders["floor"], maps, map_bench.payload_bytes(), peak
    )


def main() -> None:
    """Measure and print the figures with the split of the slider wait."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--rounds", type=int, default=6, help="map visits and switches; twice as many slider moves"
    )
    figures = measure(parser.parse_args().rounds)
    slider = figures.slider
    middle, slowest = median(slider.total) * 1000, max(slider.total) * 1000
    print(
        f"slider -> numbers: median {middle:.0f} ms, max {slowest:.0f} ms "
        f"over {len(slider.total)} moves (goal < {NUMBERS_GOAL_S * 1000:.0f} ms)"
    )
    for label, values in (
        ("key press -> value sent", slider.browser_to_server),
        ("value sent -> first answer", slider.server),
        ("first answer -> numbers drawn", slider.drawn),
        ("value sent -> rerun finished", slider.rerun),
    ):
        print(f"  {label:<30} median {median(values) * 1000:6.0f} ms")
    bare = figures.bare_slider
    print(
        f"the same on a bare one-slider page: slider -> numbers median {median(bare.total) * 1000:.0f} ms, "
        f"value sent -> rerun finished median {median(bare.rerun) * 1000:.0f} ms; what-if / bare: "
        f"{median(slider.total) / median(bare.total):.2f} and {median(slider.rerun) / median(bare.rerun):.2f}"
    )
    floor = figures.floor_slider
    print(
        f"the what-if page's widgets without its logic: slider -> numbers median "
        f"{median(floor.total) * 1000:.0f} ms; floor / bare: {median(floor.total) / median(bare.total):.2f}, "
        f"what-if / floor: {median(slider.total) / median(floor.total):.2f}"
    )
    maps = figures.map
    print(f"map payload: {figures.payload_bytes / 1000:.1f} KB")
    later = median(maps.later_visits)
    print(
        f"cold start to visible map: first visit {maps.first_visit:.2f} s, fresh browser later {later:.2f} s"
    )
    print(
        f"instrument switch -> recoloured: median {median(maps.recolour) * 1000:.0f} ms; "
        f"iframe kept: {maps.iframe_kept}; zoom and pan kept: {maps.zoom_kept}"
    )
    print(
        f"slider beside the map -> recoloured: median {median(maps.slider_recolour) * 1000:.0f} ms, "
        f"max {max(maps.slider_recolour) * 1000:.0f} ms; iframe kept: {maps.slider_iframe_kept}"
    )
    print(f"server peak RSS: {figures.server_peak_rss_bytes / 2**20:.0f} MiB")


if __name__ == "__main__":
    main()
