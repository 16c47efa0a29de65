"""The stakeholder donut (Figure 1): slice labels reach WCAG AA contrast, and the total fits the hole."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smartcity.data import load_dataset
from smartcity.i18n.catalog import LANGUAGES, translate_count
from smartcity.views.survey_charts import contrast_ratio, label_colour, sample_donut

DATASET = load_dataset()
AA_TEXT = 4.5


def luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance, written out here independently of the code under test."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(int(colour.lstrip("#")[i : i + 2], 16)) for i in (0, 2, 4))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def wcag_contrast(a: str, b: str) -> float:
    high, low = max(luminance(a), luminance(b)), min(luminance(a), luminance(b))
    return (high + 0.05) / (low + 0.05)


def test_the_wcag_formula_gives_its_known_values():
    assert wcag_contrast("#FFFFFF", "#000000") == pytest.approx(21)
    assert wcag_contrast("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)  # the classic near miss
    assert contrast_ratio("#0072B2", "#FFFFFF") == pytest.approx(wcag_contrast("#0072B2", "#FFFFFF"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_slice_label_reaches_4_5_to_1_against_its_own_slice(language):
    pie = sample_donut(DATASET, language).figure.data[0]
    assert pie.textposition == "inside"  # so each label is drawn on its slice, not on the page
    pairs = list(zip(pie.textfont.color, pie.marker.colors, strict=True))
    assert len(pairs) == 5
    for label, fill in pairs:
        assert wcag_contrast(label, fill) >= AA_TEXT, (label, fill)


@given(st.from_regex(r"#[0-9A-F]{6}", fullmatch=True))
def test_black_or_white_always_reaches_aa_on_any_fill(fill):
    assert wcag_contrast(label_colour(fill), fill) >= AA_TEXT


@pytest.mark.parametrize(
    ("language", "word"), [("en", "respondents"), ("ru", "респондента"), ("kk", "респондент")]
)
def test_the_hole_shows_the_number_large_and_the_word_small_on_two_lines(language, word):
    centre = sample_donut(DATASET, language).figure.layout.annotations[0].text
    number, below = centre.split("<br>")
    sizes = [int(size) for size in re.findall(r"font-size:(\d+)px", centre)]
    assert re.sub(r"<[^>]+>", "", number) == "53" and re.sub(r"<[^>]+>", "", below) == word
    assert len(sizes) == 2 and sizes[0] >= 2 * sizes[1]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_word_under_the_total_is_short_in_every_plural_form(language):
    # 12 letters at 13 px are about 90 px: inside a hole at least 140 px across.
    for count in (1, 2, 5, 21, 53):
        assert len(translate_count("plain.donut.respondents", count, language)) <= 12
