"""The map compared with an earlier round, in headless Chromium: the town labels on the map read
"Shu · 51% (▲+9)" after a what-if change against the paper's survey, and a published round's change
shows in Russian. Screenshots go to artifacts/."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from babel.dates import format_date
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from smartcity.data import load_dataset
from smartcity.store.rounds import RoundStore
from tests.support.browser import StreamlitServer, save_screenshot, wait_for_app

pytestmark = pytest.mark.browser

MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
DATASET = load_dataset()
LABEL = ".smartcity-label"


def choose(page: Page, label: str, option: str, typed: str) -> None:
    """Pick ``option`` of the select box ``label``, found by typing ``typed`` (the list shows its first
    options only, and other tests' rounds come first); again if a late rerun of the map closed the list."""
    expect(page.frame_locator(MAP_FRAME).locator(LABEL).first).to_be_visible(timeout=30_000)
    wait_for_app(page)
    offered: list[str] = []
    for _ in range(3):
        page.get_by_test_id("stSelectbox").filter(has_text=label).click()
        page.keyboard.type(typed)
        try:
            page.get_by_role("option", name=option).click(timeout=5_000)
            break
        except PlaywrightTimeoutError:
            offered = page.get_by_role("option").all_text_contents()
            page.keyboard.press("Escape")
            wait_for_app(page)
    else:
        raise AssertionError(f"{option!r} was never offered in {label!r}; last offered: {offered}")
    wait_for_app(page)


def map_labels(page: Page) -> list[str]:
    return page.frame_locator(MAP_FRAME).locator(LABEL).all_text_contents()


def test_the_labels_show_the_change_since_the_papers_survey(server: StreamlitServer, page: Page):
    page.goto(f"{server.url}/?o=shu.scri.digital_infrastructure:5")
    wait_for_app(page)
    paper = "May 2025 · The paper's survey (Turdanova, Muzdybayeva & Dogan 2025)"
    choose(page, "Compare with round", paper, "May 2025")
    labels = page.frame_locator(MAP_FRAME).locator(LABEL)
    expect(labels.filter(has_text="Shu · 51% (▲+9)")).to_have_count(1, timeout=30_000)
    assert sorted(map_labels(page)) == ["Ayagoz · 31% (0)", "Shalkar · 34% (0)", "Shu · 51% (▲+9)"]
    expect(page.locator(".smartcity-legend-town", has_text="Shu · 51% (▲+9)")).to_have_count(1)
    save_screenshot(page, "map_change_en")


def test_a_published_rounds_change_shows_in_russian(server: StreamlitServer, page: Page):
    store = RoundStore(f"sqlite:///{Path(server.data_dir) / 'scenarios.db'}")
    round_, key = store.create_round(DATASET, "Шу, весна 2026", ["shu"], ["scri"], opens=date(2026, 3, 1))
    answers = {("shu", "scri", i): 4 for i in DATASET.instrument("scri").indicator_ids}
    store.submit(DATASET, round_.id, store.new_token(round_.id), "researchers", answers)
    store.publish(round_.id, key)
    closed = store.close_round(round_.id, key)
    store.close()
    page.goto(f"{server.url}/?lang=ru")
    wait_for_app(page)
    month = format_date(closed.closed_at.date(), "LLLL y", locale="ru")  # closed today: "декабрь 2026"
    choose(page, "Сравнить с раундом", f"{month} · Шу, весна 2026", "весна")
    labels = page.frame_locator(MAP_FRAME).locator(LABEL)
    expect(labels.filter(has_text="Шу · 43% (▼−37)")).to_have_count(1, timeout=30_000)
    expect(labels.filter(has_text="Шалкар · 34%")).to_have_count(1)
    save_screenshot(page, "map_change_ru")
