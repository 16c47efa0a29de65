"""Home page map figures: HTML payload, cold start to a visible map, and recolouring without a rebuild.

    python bench/map_bench.py [--rounds N]

Starts its own `streamlit run` on a free port and drives Debian's Chromium headless (tiles off).

- payload: the map as one standalone HTML document (regions, outline, markers, scripts), goal < 250 KB;
- cold start: from opening the URL to the town markers drawn in the map's iframe, goal < 3 s; the
  first visit after the server starts also pays the app's imports, later visits do not. Later visits
  are interleaved with visits to a reference page that holds nothing but the same st_folium map, so
  that machine load affects both alike: the difference is what the rest of the home page costs;
- recolour: the instrument selector switched (SCRI <-> Governance), from the click in the page to the
  markers' new fill colours in the iframe, goal < 0.2 s, with the iframe not rebuilt (a mark left on its
  window and the user's zoom survive);
- slider -> map recoloured: a what-if slider beside the map (Ayagoz's digital infrastructure, 1 <-> 2)
  moved with the keyboard, from the key press to the markers' new colours, goal < 0.2 s, iframe kept.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Browser, Frame, Page, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from smartcity.data import load_dataset  # noqa: E402
from smartcity.scenario import Scenario  # noqa: E402
from smartcity.scoring import score  # noqa: E402
from smartcity.views import mapview  # noqa: E402
from smartcity.views.colors import band_color  # noqa: E402
from tests.support.browser import CHROMIUM, CHROMIUM_ARGS, StreamlitServer, free_port  # noqa: E402

MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
PAYLOAD_GOAL_BYTES = 250_000
COLD_START_GOAL_S = 3.0
RECOLOUR_GOAL_S = 0.2
LABELS = {"scri": "SCRI", "governance": "Governance"}
REFERENCE_PAGE = f"""
import sys
sys.path.insert(0, {str(ROOT)!r})
from streamlit_folium import st_folium
from smartcity.views import mapview
from smartcity.ui.map import with_served_leaflet
from smartcity.data import load_dataset
from smartcity.scenario import Scenario
from smartcity.scoring import score

dataset = load_dataset()
markers = mapview.city_markers(dataset, Scenario(), score(dataset), "scri", "en")
assessed = frozenset(m.region_iso for m in markers if m.region_iso)
st_folium(with_served_leaflet(mapview.base_map("en", False, assessed)), height=400, use_container_width=True,
          returned_objects=[], feature_group_to_add=mapview.marker_layer(markers, "SCRI", "en"))
"""

# Records (on the iframe's window) when the marker fills first equal the expected set.
WATCH_FILLS_JS = """(expected) => {
    window.recolouredAt = null;
    const fills = () => Array.from(document.querySelectorAll('path.smartcity-city'))
        .map(p => p.getAttribute('fill')).sort().join();
    const observer = new MutationObserver(() => {
        if (fills() === expected) {
            window.recolouredAt = performance.timeOrigin + performance.now();
            observer.disconnect();
        }
    });
    observer.observe(document.body,
        {subtree: true, childList: true, attributes: true, attributeFilter: ['fill']});
}"""

KEYDOWN_JS = """() => {
    window.keyAt = null;
    document.addEventListener('keydown',
        () => { window.keyAt ??= performance.timeOrigin + performance.now(); }, {capture: true, once: true});
}"""
SLIDER_BESIDE_MAP = "Digital Infrastructure"
VIEW_JS = "() => [window.map.getZoom(), window.map.getCenter().lat, window.map.getCenter().lng]"
"""The map's zoom and centre: what a rebuilt map would reset."""

CLICK_RADIO_JS = """(label) => {
    const option = Array.from(document.querySelectorAll('[data-testid="stRadio"] label'))
        .find(element => element.innerText.trim() === label);
    const clickedAt = performance.timeOrigin + performance.now();
    option.click();
    return clickedAt;
}"""


@contextmanager
def reference_server() -> Iterator[str]:
    """`streamlit run` of a page holding only the home map, with the app's config and static files."""
    folder = Path(tempfile.mkdtemp(prefix="map-bench-"))
    (folder / "app.py").write_text(REFERENCE_PAGE, encoding="utf-8")
    shutil.copytree(ROOT / ".streamlit", folder / ".streamlit")
    os.symlink(ROOT / "static", folder / "static")
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
        ],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(folder)


def payload_bytes() -> int:
    """Size of the home map (base map and markers of the paper's scenario) as standalone HTML."""
    dataset = load_dataset()
    scenario = Scenario()
    markers = mapview.city_markers(dataset, scenario, score(dataset, scenario), "scri", "en")
    fmap = mapview.base_map("en", False, frozenset(m.region_iso for m in markers if m.region_iso))
    mapview.marker_layer(markers, "SCRI", "en").add_to(fmap)
    return len(mapview.map_html(fmap).encode())


def open_map(browser: Browser, url: str) -> tuple[Page, Frame, float]:
    """A fresh browser context on the home page; seconds from navigation to markers drawn."""
    page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    started = time.perf_counter()
    page.goto(url)
    page.frame_locator(MAP_FRAME).locator("path.smartcity-city").first.wait_for(timeout=60_000)
    elapsed = time.perf_counter() - started
    frame = page.locator(MAP_FRAME).element_handle().content_frame()
    page.wait_for_function(
        """() => document.querySelector('[data-testid="stApp"]')
            ?.getAttribute('data-test-script-state') === 'notRunning'"""
    )
    frame.wait_for_function("() => !window.map._animatingZoom")
    return page, frame, elapsed


def expected_fills(instrument: str, scenario: Scenario | None = None) -> str:
    """The marker colours of a scenario (the paper's by default) on ``instrument``, as the watcher
    compares them."""
    dataset = load_dataset()
    table = score(dataset, scenario or Scenario())
    return ",".join(sorted(band_color(dataset.bands, r.band) for r in table.ranking(instrument)))


def open_sliders_beside_map(browser: Browser, url: str) -> tuple[Page, Frame]:
    """The home page with Ayagoz selected, its what-if sliders open, Digital Infrastructure focused."""
    page, frame, _ = open_map(browser, f"{url}/?city=ayagoz")
    page.get_by_test_id("stExpander").filter(has_text="Ayagoz").click()
    page.get_by_role("slider", name=SLIDER_BESIDE_MAP).focus()
    return page, frame


def slider_recolour_seconds(page: Page, frame: Frame, right: bool) -> float:
    """Move the focused slider a step (Ayagoz's digital infrastructure, 1 in Table 2, to 2 and back);
    time it from the key press until the markers show the new colours."""
    moved = Scenario().with_override(("ayagoz", "scri", "digital_infrastructure"), 2) if right else None
    frame.evaluate(WATCH_FILLS_JS, expected_fills("scri", moved))
    page.evaluate(KEYDOWN_JS)
    page.keyboard.press("ArrowRight" if right else "ArrowLeft")
    frame.wait_for_function("() => window.recolouredAt !== null", timeout=30_000)
    page.wait_for_function(
        """() => document.querySelector('[data-testid="stApp"]')
            ?.getAttribute('data-test-script-state') === 'notRunning'"""
    )
    return (frame.evaluate("() => window.recolouredAt") - page.evaluate("() => window.keyAt")) / 1000


def recolour_seconds(page: Page, frame: Frame, instrument: str) -> float:
    """Switch the instrument selector and time it until the markers show the new colours."""
    frame.evaluate(WATCH_FILLS_JS, expected_fills(instrument))
    clicked_at = page.evaluate(CLICK_RADIO_JS, LABELS[instrument])
    frame.wait_for_function("() => window.recolouredAt !== null", timeout=30_000)
    recoloured_at = frame.evaluate("() => window.recolouredAt")
    page.wait_for_function(
        """() => document.querySelector('[data-testid="stApp"]')
            ?.getAttribute('data-test-script-state') === 'notRunning'"""
    )
    return (recoloured_at - clicked_at) / 1000


def recolour_figures(browser: Browser, url: str, rounds: int) -> tuple[list[float], bool, bool]:
    """Zoom in, then switch the instrument ``rounds`` times: the seconds of each switch, and whether
    the iframe and the zoom survived."""
    page, frame, _ = open_map(browser, url)
    start = frame.evaluate("() => { window.keptMap = true; return window.map.getZoom(); }")
    frame.evaluate("() => window.map.zoomIn()")
    frame.wait_for_function(f"() => window.map.getZoom() > {start} && !window.map._animatingZoom")
    before = frame.evaluate(VIEW_JS)
    times = [recolour_seconds(page, frame, ("governance", "scri")[i % 2]) for i in range(rounds)]
    kept, after = frame.evaluate(f"() => [window.keptMap === true, ({VIEW_JS})()]")
    page.context.close()
    return times, kept, after == before


def slider_recolour_figures(browser: Browser, url: str, moves: int) -> tuple[list[float], bool]:
    """Move the slider beside the map ``moves`` times: the seconds of each move, and whether the
    iframe survived."""
    page, frame = open_sliders_beside_map(browser, url)
    frame.evaluate("() => { window.keptMap = true; }")
    times = [slider_recolour_seconds(page, frame, i % 2 == 0) for i in range(moves)]
    kept = frame.evaluate("() => window.keptMap === true")
    page.context.close()
    return times, kept


def main() -> None:
    """Measure and print the figures."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=6, help="recolour switches and warm visits (default 6)")
    rounds = parser.parse_args().rounds

    size = payload_bytes()
    print(f"map HTML payload: {size / 1000:.1f} KB (goal < {PAYLOAD_GOAL_BYTES / 1000:.0f} KB)")

    started = time.perf_counter()
    server = StreamlitServer()
    print(f"server start to healthy: {time.perf_counter() - started:.2f} s")
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page, _, first = open_map(browser, server.url)
            print(f"cold start to visible map, first visit: {first:.2f} s (goal < {COLD_START_GOAL_S:.0f} s)")
            page.context.close()
            warm, reference = [], []
            with reference_server() as reference_url:
                open_map(browser, reference_url)[0].context.close()  # the reference's own first visit
                for _ in range(rounds):
                    for url, times in ((server.url, warm), (reference_url, reference)):
                        page, _, elapsed = open_map(browser, url)
                        times.append(elapsed)
                        page.context.close()
            print(
                f"fresh browser to visible map, later visits: median {statistics.median(warm):.2f} s, "
                f"max {max(warm):.2f} s over {rounds}; a page with only the map: median "
                f"{statistics.median(reference):.2f} s"
            )

            times, kept, zoom_kept = recolour_figures(browser, server.url, rounds)
            print(
                f"instrument switch to recoloured markers: median {statistics.median(times) * 1000:.0f} ms, "
                f"max {max(times) * 1000:.0f} ms over {rounds} (goal < {RECOLOUR_GOAL_S * 1000:.0f} ms)"
            )
            kept_text = "iframe rebuilt: " + ("no" if kept else "YES")
            print(f"{kept_text}; zoom and pan kept: {'yes' if zoom_kept else 'NO'}")
            times, kept = slider_recolour_figures(browser, server.url, rounds * 2)
            middle, slowest = statistics.median(times) * 1000, max(times) * 1000
            print(
                f"slider beside the map to recoloured markers: median {middle:.0f} ms, max {slowest:.0f} ms "
                f"over {len(times)} (goal < {RECOLOUR_GOAL_S * 1000:.0f} ms); "
                f"iframe rebuilt: {'no' if kept else 'YES'}"
            )
            browser.close()
    finally:
        server.stop()


if __name__ == "__main__":
    main()
