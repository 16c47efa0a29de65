"""WCAG 2.1 AA contrast (4.5:1 for text) of the colours the app chooses: the Streamlit theme's text,
captions and accent, checked against published contrast figures first."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from smartcity.views.colors import blend, contrast_ratio

ROOT = Path(__file__).resolve().parents[2]
THEME = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())["theme"]
AA_TEXT = 4.5
WHITE = "#ffffff"
SIDEBAR = "#f8f8f7"
"""Streamlit's light sidebar and widget background (secondaryBackgroundColor's default)."""
CAPTION_OPACITY = 0.6
"""Streamlit draws captions and help text in the text colour at 60% opacity."""
SELECTED_TINT_OPACITY = 0.1
"""A selected segmented-control option is the accent on a 10% tint of itself."""


@pytest.mark.parametrize(
    ("first", "second", "published"),
    [
        ("#000000", WHITE, 21.0),
        (WHITE, WHITE, 1.0),
        ("#767676", WHITE, 4.54),  # the lightest grey that passes AA on white
        ("#777777", WHITE, 4.48),
        ("#828180", WHITE, 3.88),  # axe-core's figure for Streamlit's default caption
        ("#c53948", "#f9ebed", 4.47),  # and for its default selected option
    ],
)
def test_contrast_ratio_matches_published_figures(first, second, published):
    assert contrast_ratio(first, second) == pytest.approx(published, abs=0.01)
    assert contrast_ratio(second, first) == pytest.approx(published, abs=0.01)


def test_blend_reproduces_streamlits_default_caption_and_tint():
    # Measured by axe-core in the browser with Streamlit's default theme (#2f2d2b text, #c53948 accent).
    assert blend("#2f2d2b", WHITE, CAPTION_OPACITY) == "#828180"
    assert blend("#c53948", WHITE, SELECTED_TINT_OPACITY) == "#f9ebed"


def test_the_theme_keeps_the_light_base():
    assert THEME["base"] == "light"


@pytest.mark.parametrize("background", [WHITE, SIDEBAR])
def test_body_text_and_captions_reach_aa(background):
    assert contrast_ratio(THEME["textColor"], background) >= AA_TEXT
    caption = blend(THEME["textColor"], background, CAPTION_OPACITY)
    assert contrast_ratio(caption, background) >= AA_TEXT


def test_the_accent_reaches_aa_on_its_tint_and_under_white_text():
    accent = THEME["primaryColor"]
    assert contrast_ratio(accent, blend(accent, WHITE, SELECTED_TINT_OPACITY)) >= AA_TEXT
    assert contrast_ratio(WHITE, accent) >= AA_TEXT  # a primary button's label
