"""In a real browser: Kazakh letters are drawn as letters (no tofu boxes), and the switcher sets ?lang=."""

from __future__ import annotations

import pytest

from tests.support.browser import save_screenshot, wait_for_app

pytestmark = pytest.mark.browser

KAZAKH_LETTERS = "әғқңөұүһі"
TOFU = "\ufffe\U0010fffe"
"""Non-characters: no font has a glyph for them, so they draw the font's "missing glyph" box."""

GLYPH_PIXELS = """
([selector, characters, tofu]) => {
    const element = document.querySelector(selector);
    const font = getComputedStyle(element).font.replace(/\\d+(\\.\\d+)?px/, '48px');
    const canvas = document.createElement('canvas');
    canvas.width = 80; canvas.height = 80;
    const context = canvas.getContext('2d', {willReadFrequently: true});
    const pixels = (character) => {
        context.clearRect(0, 0, 80, 80);
        context.font = font;
        context.fillText(character, 10, 60);
        return Array.from(context.getImageData(0, 0, 80, 80).data.filter((_, i) => i % 4 === 3)).join(',');
    };
    return {
        font,
        letters: Object.fromEntries([...characters].map((c) => [c, pixels(c)])),
        tofu: [...tofu].map(pixels),
    };
}
"""


def test_kazakh_page_shows_kazakh_letters_as_real_glyphs(server, page):
    page.goto(f"{server.url}/?lang=kk")
    wait_for_app(page)
    page.get_by_test_id("stSidebar").get_by_text("Тіл").wait_for()
    text = page.locator("body").inner_text()
    assert "Мүдделі тараптар" in text  # a page title in the sidebar navigation
    assert "Тіл" in text  # the language switcher's label
    assert len(set(KAZAKH_LETTERS) & set(text.lower())) >= 5
    save_screenshot(page, "kazakh_rendering")

    drawn = page.evaluate(GLYPH_PIXELS, ['[data-testid="stSidebar"]', KAZAKH_LETTERS, TOFU])
    blank = ",".join(["0"] * 80 * 80)
    missing = [letter for letter, pixels in drawn["letters"].items() if pixels in (*drawn["tofu"], blank)]
    assert missing == [], f"drawn as missing-glyph boxes in {drawn['font']}"
    # Each letter has its own shape, unlike a font that draws one box for every unknown letter.
    assert len(set(drawn["letters"].values())) == len(KAZAKH_LETTERS)

    page.goto(f"{server.url}/profile?lang=kk&city=ayagoz")  # a page of prose, for a reviewer to read
    wait_for_app(page)
    page.get_by_text("Абай облысы (бұрынғы Шығыс Қазақстан облысы)").first.wait_for()  # Table 1, in Kazakh
    save_screenshot(page, "kazakh_profile")


def test_language_switcher_changes_the_interface_and_the_link(server, page):
    page.goto(server.url)
    wait_for_app(page)
    page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").click()
    page.get_by_role("option", name="Русский").click()
    page.wait_for_url("**lang=ru**")
    page.get_by_test_id("stSidebar").get_by_text("Язык").wait_for()
    page.reload()  # the link alone restores the language
    wait_for_app(page)
    page.get_by_test_id("stSidebar").get_by_text("Заинтересованные стороны").wait_for()
    assert page.get_by_test_id("stSidebar").get_by_text("Язык").is_visible()
