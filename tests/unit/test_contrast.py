"""WCAG 2.1 AA contrast (4.5:1 for text) of the colours the app chooses: the Streamlit theme's text,
captions and accent, the charts' text and the numbers on heat cells and donut slices, checked
against published contrast figures first."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import pytest
from hypothesis import given
from hypothesis import strategies as st
from plotly.colors import convert_colors_to_same_type, sequential, unlabel_rgb

from smartcity.data import load_dataset
from smartcity.scenario import Scenario
from smartcity.views import charts
from smartcity.views.charts import heat_colour
from smartcity.views.colors import DARK_TEXT, LIGHT_TEXT, blend, contrast_ratio, rgb_to_hex, text_color_on

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


# --- the charts' and the map's own colours --------------------------------------------------------

DATASET = load_dataset()
CITIES = tuple(city.id for city in DATASET.cities)
hex_colours = st.tuples(*[st.integers(0, 255)] * 3).map(lambda rgb: "#{:02x}{:02x}{:02x}".format(*rgb))


def every_chart(language: str = "ru") -> list[charts.Chart]:
    scenario = Scenario()
    return [
        charts.radar(DATASET, scenario, "scri", CITIES, language),
        charts.dimension_bars(DATASET, scenario, "scri", CITIES, language),
        charts.contribution_bars(DATASET, scenario, "scri", CITIES, language),
        charts.sample_donut(DATASET, language),
        charts.heat_table(DATASET, scenario, "stakeholders", language),
    ]


@given(hex_colours)
def test_text_chosen_for_any_background_reaches_aa(background):
    assert contrast_ratio(text_color_on(background), background) >= AA_TEXT


def test_chart_text_reaches_aa_on_white():
    assert contrast_ratio(charts.CHART_TEXT, WHITE) >= AA_TEXT


def test_every_charts_titles_ticks_and_legend_are_dark():
    for chart in every_chart():
        layout = chart.figure.layout
        assert layout.font.color == layout.title.font.color == layout.legend.font.color == charts.CHART_TEXT
        assert layout.xaxis.tickfont.color == layout.yaxis.tickfont.color == charts.CHART_TEXT
        assert layout.polar.angularaxis.tickfont.color == layout.polar.radialaxis.tickfont.color


def test_every_chart_is_named_by_its_title():
    for chart in every_chart():
        assert chart.alt == chart.figure.layout.title.text.replace("<br>", " ")
        assert chart.alt.strip()


def test_a_long_title_is_wrapped_at_words_and_its_name_stays_one_line():
    long_title = "Индекс готовности умного города (SCRI): вклад каждого показателя в процент (как в статье)"
    chart = charts.Chart(go.Figure(layout={"title": {"text": long_title}}), pd.DataFrame())
    lines = chart.figure.layout.title.text.split("<br>")
    assert lines == [
        "Индекс готовности умного города (SCRI): вклад каждого",  # 53 characters, then a word past 60
        "показателя в процент (как в статье)",
    ]
    assert chart.alt == long_title


def test_heat_colour_runs_from_cividis_first_to_last_colour():
    first, last = (
        rgb_to_hex(unlabel_rgb(convert_colors_to_same_type(c)[0][0]))
        for c in (sequential.Cividis[0], sequential.Cividis[-1])
    )
    assert heat_colour(1, (1, 5)) == first
    assert heat_colour(5, (1, 5)) == last
    assert heat_colour(0, (1, 5)) == first  # outside the scale: clamped


def test_every_heat_cell_number_reaches_aa_on_its_cell():
    chart = charts.heat_table(DATASET, Scenario(), "stakeholders", "en")
    heat, numbers = chart.figure.data
    cells = [value for row in heat.z for value in row]
    assert list(numbers.text) == [text for row in heat.text for text in row]
    for value, colour in zip(cells, numbers.textfont.color, strict=True):
        assert contrast_ratio(colour, heat_colour(value, (heat.zmin, heat.zmax))) >= AA_TEXT
    # A mid-range cell (3 of 5, Cividis's grey) reads in black: white there is 4.2:1.
    assert numbers.textfont.color[cells.index(3)] == DARK_TEXT
    assert contrast_ratio(LIGHT_TEXT, heat_colour(3, (1, 5))) < AA_TEXT


def test_every_donut_label_reaches_aa_on_its_slice():
    pie = charts.sample_donut(DATASET, "ru").figure.data[0]
    for text, slice_colour in zip(pie.insidetextfont.color, pie.marker.colors, strict=True):
        assert contrast_ratio(text, slice_colour) >= AA_TEXT
    assert contrast_ratio(pie.outsidetextfont.color, WHITE) >= AA_TEXT


def test_cell_numbers_leave_out_blank_cells_and_read_on_dark_and_light_cells():
    layer = charts.cell_numbers(["a", "b"], ["r"], [[float("nan"), 5.0]], [["", "5"]], (1, 5))
    assert list(layer.x) == ["b"] and list(layer.text) == ["5"]
    assert list(layer.textfont.color) == [DARK_TEXT]  # Cividis's top is a light yellow
    darkest = charts.cell_numbers(["a"], ["r"], [[1.0]], [["1"]], (1, 5))
    assert list(darkest.textfont.color) == [LIGHT_TEXT]  # its bottom a dark blue
