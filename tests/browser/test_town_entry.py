"""Add a town in Chromium: the choice filters as one types, and a score typed at once is kept."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.support.browser import open_page, save_screenshot, wait_for_app

pytestmark = pytest.mark.browser


def town_choice(page: Page, label: str):
    """The add-town choice (a searchable selectbox), by the start of its label."""
    return page.get_by_role("combobox", name=label, exact=False)


def test_typing_part_of_a_name_filters_the_towns_and_a_score_typed_at_once_is_kept(server, page):
    page.goto(f"{server.url}/?lang=ru")
    wait_for_app(page)
    open_page(page, "Данные опроса")
    choice = town_choice(page, "Поиск среди 350 городов")
    choice.click()
    choice.press_sequentially("аркал")  # no Enter: the list filters as one types
    options = page.get_by_role("option")
    expect(options).to_have_count(1)
    expect(options.first).to_contain_text("Аркалык (Arkalyk, Арқалық) · Костанайская область")
    options.first.click()
    # At once, while the choice's rerun may still be running: a score for Digital Infrastructure.
    score = page.get_by_role("spinbutton", name="Цифровая инфраструктура", exact=True)
    score.fill("4")
    page.get_by_role("button", name="Добавить город").click()
    expect(page.get_by_text("Город Аркалык добавлен.")).to_be_visible(timeout=30_000)
    # 23 indicators, one scored: the typed score was not dropped.
    expect(page.get_by_text("22 оценки показателей ещё не заполнены", exact=False)).to_be_visible()
    expect(score).to_have_value("4.00")
    expect(page.get_by_role("heading", name="Добавленные вами города")).to_be_visible()
    save_screenshot(page, "town_entry_ru")


def test_the_choice_finds_a_town_by_its_name_in_another_script(server, page):
    page.goto(server.url)
    wait_for_app(page)
    open_page(page, "Survey data")
    choice = town_choice(page, "Search 350 towns")
    choice.click()
    choice.press_sequentially("Жезқаз")
    expect(page.get_by_role("option").first).to_contain_text("Zhezqazghan (Жезқазған, Жезказган)")
