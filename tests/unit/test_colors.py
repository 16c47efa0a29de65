"""Readiness colours: one five-class viridis colour per band of data/bands.json, and contrast."""

from __future__ import annotations

import json
import re
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from matplotlib import colormaps

from smartcity.data import load_dataset
from smartcity.scenario import Scenario
from smartcity.scoring import score
from smartcity.views import colors, mapview

percents = st.floats(min_value=0, max_value=100, allow_nan=False)
DATASET = load_dataset()
BANDS = json.loads((Path(__file__).resolve().parents[2] / "data" / "bands.json").read_text())["bands"]


def markers_for_scri(instrument: str = "scri"):
    return mapview.city_markers(DATASET, Scenario(), score(DATASET, Scenario()), instrument, "en")


def matplotlib_viridis(percent: float) -> tuple[int, int, int]:
    """matplotlib's own viridis (a 256-entry table) at a percent, as 0-255 channels."""
    red, green, blue, _ = colormaps["viridis"](percent / 100)
    return round(red * 255), round(green * 255), round(blue * 255)


def luminance(color: str) -> float:
    """WCAG 2 relative luminance of #rrggbb."""

    def linear(channel: int) -> float:
        value = channel / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(int(color[i : i + 2], 16)) for i in (1, 3, 5))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first: str, second: str) -> float:
    """WCAG 2 contrast ratio, computed here from the luminance above."""
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def channel_gap(color: str, reference: tuple[int, int, int]) -> int:
    return max(abs(a - b) for a, b in zip(colors.hex_to_rgb(color), reference, strict=True))


@pytest.mark.parametrize("step", range(11))
def test_viridis_at_every_tenth_is_matplotlibs(step):
    assert channel_gap(colors.viridis(step / 10), matplotlib_viridis(step * 10)) <= 1


@given(percents)
def test_viridis_between_stops_stays_close_to_matplotlibs(percent):
    # Linear interpolation between stops 0.1 apart departs from the curve by at most ~13/255.
    assert channel_gap(colors.viridis(percent / 100), matplotlib_viridis(percent)) <= 16


def test_viridis_is_clamped_to_its_ends():
    assert colors.viridis(-1) == colors.viridis(0) == "#440154"
    assert colors.viridis(2) == colors.viridis(1) == "#fde725"


def test_palette_has_the_bands_of_the_data_file_with_their_limits():
    palette = colors.band_palette(DATASET.bands)
    assert [(entry.band_id, entry.min_percent, entry.max_percent) for entry in palette] == [
        (band["id"], band["min_percent"], upper)
        for band, upper in zip(BANDS, [b["min_percent"] for b in BANDS[1:]] + [100], strict=True)
    ]


def test_band_colours_are_five_class_viridis_distinct_and_sequential():
    palette = colors.band_palette(DATASET.bands)
    fills = [entry.color for entry in palette]
    assert len(set(fills)) == len(BANDS) == 5
    # Five-class viridis: matplotlib's viridis at 0, 0.25, 0.5, 0.75, 1.
    assert all(channel_gap(fill, matplotlib_viridis(i * 25)) <= 2 for i, fill in enumerate(fills))
    lightness = [luminance(fill) for fill in fills]
    assert all(lower < higher for lower, higher in pairwise(lightness))
    # Neighbouring bands differ clearly in lightness, so they stay apart in greyscale and for
    # colour-vision deficiencies (which mostly confuse hue, not lightness).
    assert all(contrast(lower, higher) >= 1.5 for lower, higher in pairwise(fills))


def test_papers_scri_percents_fall_in_the_low_band_of_the_data_and_share_its_colour():
    # Table 2: Shu 15/35 = 43%, Shalkar 12/35 = 34%, Ayagoz 11/35 = 31%: all "low" (30 <= p < 50).
    low = next(band for band in BANDS if band["id"] == "low")
    medium = next(band for band in BANDS if band["id"] == "medium")
    percents = [total / 35 * 100 for total in (15, 12, 11)]
    assert all(low["min_percent"] <= percent < medium["min_percent"] for percent in percents)
    low_colour = colors.band_color(DATASET.bands, "low")
    markers = markers_for_scri()
    assert {marker.color for marker in markers} == {low_colour}
    # Stakeholders (55% / 35% / 35%): Shu is "medium", a different colour.
    stakeholders = {m.city_id: m.color for m in markers_for_scri("stakeholders")}
    assert stakeholders["shu"] == colors.band_color(DATASET.bands, "medium") != stakeholders["ayagoz"]


def test_an_unknown_band_or_no_bands_is_refused():
    with pytest.raises(ValueError, match="'nope'"):
        colors.band_color(DATASET.bands, "nope")
    with pytest.raises(ValueError):
        colors.band_palette(())


@pytest.mark.parametrize("band", [band["id"] for band in BANDS])
def test_text_on_each_band_colour_has_at_least_4_5_to_1_contrast(band):
    fill = colors.band_color(DATASET.bands, band)
    assert contrast(colors.text_color_on(fill), fill) >= 4.5


def test_map_label_text_has_at_least_4_5_to_1_contrast_on_its_background():
    assert contrast(mapview.LABEL_TEXT, mapview.LABEL_BACKGROUND) >= 4.5


def test_contrast_ratio_matches_wcag_examples():
    assert colors.contrast_ratio("#000000", "#ffffff") == pytest.approx(21)
    assert colors.contrast_ratio("#777777", "#777777") == pytest.approx(1)
    assert colors.contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)  # WebAIM's example


def test_colours_are_hex_triplets():
    assert all(re.fullmatch(r"#[0-9a-f]{6}", colors.viridis(p / 100)) for p in range(0, 101, 7))
    assert re.fullmatch(r"#[0-9a-f]{6}", colors.NO_DATA_COLOR)
