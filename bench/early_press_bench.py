"""Key presses on the what-if page while it is still being drawn: does any get lost?

    python bench/early_press_bench.py [--sessions N]

Each fresh browser session opens the home page, clicks "What if" in the sidebar and, without
waiting for the page to settle, presses ArrowLeft on Shu's "Physical Infrastructure" slider (2 in
Table 2), found by its name. The slider must end at 1 and stay there. It prints how many presses
were kept and lost. (Picking the slider by position instead is what once made a browser test
flaky: the sliders are not all drawn at the same moment.)
"""

from __future__ import annotations

import argparse

import common  # noqa: F401  (puts the repository on sys.path)
from playwright.sync_api import Browser, expect, sync_playwright

from tests.support.browser import CHROMIUM, CHROMIUM_ARGS, StreamlitServer, wait_for_app

SLIDER = "Physical Infrastructure"


def press_early(browser: Browser, url: str) -> bool:
    """One session: press as soon as the slider exists; whether the move held."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = context.new_page()
        page.goto(url)
        wait_for_app(page)
        page.get_by_test_id("stSidebar").get_by_role("link", name="What if", exact=True).click()
        slider = page.get_by_role("slider", name=SLIDER)
        slider.press("ArrowLeft")
        try:
            expect(slider).to_have_value("1", timeout=8_000)
            page.wait_for_timeout(1_500)  # any late redraw would have reset it by now
            expect(slider).to_have_value("1", timeout=100)
        except AssertionError:
            return False
        return True
    finally:
        context.close()


def main() -> None:
    """Run the sessions one after another and print the count of kept and lost presses."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sessions", type=int, default=20)
    sessions = parser.parse_args().sessions
    server = StreamlitServer()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                kept = sum(press_early(browser, server.url) for _ in range(sessions))
            finally:
                browser.close()
    finally:
        server.stop()
    print(f"early key presses: {kept} of {sessions} kept, {sessions - kept} lost")


if __name__ == "__main__":
    main()
