"""A workshop's load: concurrent browser sessions moving what-if sliders against one server.

    python bench/load_bench.py [--sessions 10] [--seconds 60]

Starts its own `streamlit run` and one headless Chromium with a context per participant. Each
session opens the what-if page, takes its own slider (a different city and SCRI indicator per
session, so sessions on the same city must not see each other's moves) and moves it one step at
a time, bouncing between 1 and 5, for the given time, waiting each time until its results table
shows the new total. At the end every session checks that its slider, its results and its
address bar hold exactly the value it set last (no lost update, nothing from another session).

Goals (issue 9): p95 of slider -> new numbers under 1 s; no errors; no lost updates.
This runs outside CI (about a minute and a half).
"""

from __future__ import annotations

import argparse
import asyncio
import time
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

import common  # noqa: F401  (puts the repository on sys.path)
from browser_bench import WEBSOCKET_LOG_JS
from common import median, peak_rss_bytes, percentile
from playwright.async_api import Browser, Page, async_playwright

from smartcity.analysis.insights import total_text
from smartcity.data import load_dataset
from smartcity.i18n.labels import indicator_name
from smartcity.scenario import Scenario
from smartcity.scoring import score
from tests.support.browser import CHROMIUM, CHROMIUM_ARGS, StreamlitServer

P95_GOAL_S = 1.0
INSTRUMENT = "scri"
DATASET = load_dataset()

# Resolves once the app has no script running (event-driven: ten pages polling would load the CPU).
WAIT_IDLE_JS = """() => new Promise(resolve => {
    const app = document.querySelector('[data-testid="stApp"]');
    const idle = () => app.getAttribute('data-test-script-state') === 'notRunning';
    if (idle()) return resolve();
    const observer = new MutationObserver(() => { if (idle()) { observer.disconnect(); resolve(); } });
    observer.observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
})"""
# Times one move in the page's own clock: the key press, the value sent to the server, the first
# answer, and the city's row showing a new total.
ARM_MOVE_JS = """([city, before]) => {
    const row = () => Array.from(document.querySelectorAll('table.smartcity-table tr'))
        .find(tr => tr.cells[0] && tr.cells[0].textContent.trim() === city);
    const move = window.__move = {key: null};
    const pressed = () => { move.key = performance.now(); };
    document.addEventListener('keydown', pressed, {capture: true, once: true});
    move.done = new Promise(resolve => {
        const observer = new MutationObserver(() => {
            const now = row();
            if (now && now.textContent !== before) { observer.disconnect(); resolve(performance.now()); }
        });
        observer.observe(document.body, {subtree: true, childList: true, characterData: true});
    });
}"""
MOVE_TIMES_JS = """async () => {
    const move = window.__move;
    const updated = await move.done;
    const sent = window.__ws.sent.find(t => t >= move.key);
    const answered = window.__ws.received.find(t => t >= sent);
    return {total: updated - move.key, answer: answered - sent};
}"""
ROW_TEXT_JS = """(city) => Array.from(
    document.querySelectorAll('table.smartcity-table tr'))
    .find(tr => tr.cells[0] && tr.cells[0].textContent.trim() === city)?.textContent ?? null"""
PROBLEMS_JS = """() => document.querySelectorAll(
    '[data-testid="stException"], [data-testid="stAlertContentError"]').length"""


@dataclass
class Participant:
    """One browser session: its slider, what it set, how long each move took, what went wrong."""

    index: int
    city_id: str
    indicator_id: str
    value: float = 0.0
    waits: list[float] = field(default_factory=list)
    """Seconds from each key press to the new total on screen."""
    answers: list[float] = field(default_factory=list)
    """Seconds from sending each new value to the server's first answer."""
    errors: list[str] = field(default_factory=list)
    final_problems: list[str] = field(default_factory=list)

    @property
    def city_name(self) -> str:
        """The city's English name, as the results table's first column shows it."""
        return next(city.name("en") for city in DATASET.cities if city.id == self.city_id)

    @property
    def slider_name(self) -> str:
        """The English name of the session's indicator, which names its slider."""
        return indicator_name(DATASET, INSTRUMENT, self.indicator_id, "en")

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.city_id, INSTRUMENT, self.indicator_id)

    def expected_total(self) -> str:
        """The city's SCRI total with this session's one change, as the results table prints it."""
        table = score(DATASET, Scenario().with_override(self.key, self.value))
        return total_text(table.get(self.city_id, INSTRUMENT), "en")


def participants(count: int) -> list[Participant]:
    """A different (city, SCRI indicator) for each session: cities in turn, then indicators."""
    cities = DATASET.city_ids
    indicators = DATASET.instrument(INSTRUMENT).indicator_ids
    return [Participant(i, cities[i % len(cities)], indicators[i // len(cities)]) for i in range(count)]


async def wait_idle(page: Page) -> None:
    await asyncio.wait_for(page.evaluate(WAIT_IDLE_JS), timeout=60)


async def open_slider(browser: Browser, url: str, who: Participant) -> Page:
    """A fresh session on the what-if page with the participant's city shown; its slider focused."""
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    await context.add_init_script(WEBSOCKET_LOG_JS)
    page = await context.new_page()
    page.on("console", lambda m: who.errors.append(f"console: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda error: who.errors.append(f"page error: {error}"))
    await page.goto(url, timeout=120_000)  # the home page, as a participant opens the link
    await wait_idle(page)
    await page.locator('[data-testid="stSidebar"] a[href$="what_if"]').click()
    await page.get_by_role("slider").first.wait_for(timeout=120_000)  # widgets are drawn after the text
    await wait_idle(page)
    if who.city_id != DATASET.city_ids[0]:
        await page.get_by_role("radio", name=who.city_name, exact=True).click()
        await page.wait_for_timeout(200)
        await wait_idle(page)
    slider = page.get_by_role("slider", name=who.slider_name)
    who.value = float(await slider.input_value())
    await slider.focus()
    return page


async def move_for(page: Page, who: Participant, seconds: float) -> None:
    """Move the slider a step at a time for ``seconds``; time each move until the new total shows."""
    direction = 1 if who.value < 5 else -1
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not 1 <= who.value + direction <= 5:
            direction = -direction
        before = await page.evaluate(ROW_TEXT_JS, who.city_name)
        await page.evaluate(ARM_MOVE_JS, [who.city_name, before])
        await page.keyboard.press("ArrowRight" if direction > 0 else "ArrowLeft")
        who.value += direction
        try:
            times = await asyncio.wait_for(page.evaluate(MOVE_TIMES_JS), timeout=30)
        except TimeoutError:  # a move that never shows is a lost update: record it, go on
            who.errors.append(f"no new total within 30 s after a move to {who.value:g}")
        else:
            who.waits.append(times["total"] / 1000)
            who.answers.append(times["answer"] / 1000)
        await wait_idle(page)


async def check_final_state(page: Page, who: Participant) -> None:
    """The slider, the results and the address bar hold the session's own last value, and nothing else."""
    await page.wait_for_timeout(500)
    await wait_idle(page)
    shown = float(await page.get_by_role("slider", name=who.slider_name).input_value())
    if shown != who.value:
        who.final_problems.append(f"slider shows {shown:g}, last set {who.value:g}")
    row = await page.evaluate(ROW_TEXT_JS, who.city_name) or ""
    if who.expected_total() not in row:
        who.final_problems.append(f"results row {row!r} lacks the total {who.expected_total()!r}")
    paper = DATASET.baseline[who.key].value
    expected = [] if who.value == paper else [f"{'.'.join(who.key)}:{who.value:g}"]
    in_link = parse_qs(urlsplit(page.url).query).get("o", [])
    if in_link != expected:
        who.final_problems.append(f"address bar o={in_link}, expected {expected}")
    if await page.evaluate(PROBLEMS_JS):
        who.final_problems.append("an error is shown on the page")


async def run_load(url: str, count: int, seconds: float) -> list[Participant]:
    """Open every session, move all sliders at once for ``seconds``, then check every session."""
    people = participants(count)
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            pages = [await open_slider(browser, url, who) for who in people]
            await asyncio.gather(
                *(move_for(page, who, seconds) for page, who in zip(pages, people, strict=True))
            )
            for page, who in zip(pages, people, strict=True):
                await check_final_state(page, who)
        finally:
            await browser.close()
    return people


def main() -> int:
    """Run the load, print the figures; exit status 1 when a goal is missed."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=60.0)
    args = parser.parse_args()
    server = StreamlitServer()
    try:
        people = asyncio.run(run_load(server.url, args.sessions, args.seconds))
        peak = peak_rss_bytes(server.process.pid)
    finally:
        server.stop()
    server_log = server.log()
    waits = [wait for who in people for wait in who.waits]
    errors = Counter(error for who in people for error in who.errors)
    lost = [f"session {who.index}: {problem}" for who in people for problem in who.final_problems]
    if "Traceback" in server_log:
        errors["the server logged a traceback"] += 1
    p95 = percentile(waits, 95) if waits else float("inf")
    print(f"{args.sessions} sessions x {args.seconds:g} s: {len(waits)} slider moves")
    print(
        f"slider -> new numbers: median {median(waits) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, "
        f"max {max(waits) * 1000:.0f} ms (goal: p95 < {P95_GOAL_S * 1000:.0f} ms)"
    )
    answers = [answer for who in people for answer in who.answers]
    print(
        f"  of which value sent -> server's first answer: median {median(answers) * 1000:.0f} ms, "
        f"p95 {percentile(answers, 95) * 1000:.0f} ms"
    )
    print(f"moves per session: {', '.join(str(len(who.waits)) for who in people)}")
    print(f"errors: {errors.total()}", *(f"{n} x {error}" for error, n in errors.most_common(10)), sep="\n  ")
    print(f"lost or foreign updates: {len(lost)}", *lost[:10], sep="\n  ")
    print(f"server peak RSS: {peak / 2**20:.0f} MiB")
    met = p95 < P95_GOAL_S and not errors and not lost
    print("goals met" if met else "GOALS NOT MET")
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
