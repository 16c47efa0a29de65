"""The readiness colour scale: real viridis, sequential, on a fixed 0-100% domain."""

from __future__ import annotations

import re
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st
from matplotlib import colormaps

from smartcity.views import colors

percents = st.floats(min_value=0, max_value=100, allow_nan=False)


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


def channel_gap(color: str, reference: tuple[int, int, int]) -> int:
    return max(abs(a - b) for a, b in zip(colors.hex_to_rgb(color), reference, strict=True))


@pytest.mark.parametrize("percent", [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100])
def test_every_tenth_percent_is_matplotlibs_viridis(percent):
    assert channel_gap(colors.color_for_percent(percent), matplotlib_viridis(percent)) <= 1


@given(percents)
def test_colours_between_stops_stay_close_to_viridis(percent):
    # Linear interpolation between stops 10% apart departs from the curve by at most ~13/255.
    assert channel_gap(colors.color_for_percent(percent), matplotlib_viridis(percent)) <= 16


def test_the_scale_is_sequential_each_whole_percent_is_lighter_than_the_one_below():
    # Between closer percents, rounding channels to whole 0-255 steps can dip lightness by ~0.0004.
    lightness = [luminance(colors.color_for_percent(percent)) for percent in range(101)]
    assert all(lower < higher for lower, higher in pairwise(lightness))


@given(percents, percents)
def test_lightness_never_drops_by_more_than_channel_rounding(low, high):
    low, high = sorted((low, high))
    assert luminance(colors.color_for_percent(low)) <= luminance(colors.color_for_percent(high)) + 0.001


def test_papers_scri_percents_keep_their_order_in_lightness():
    # Table 2: Shu 15/35, Shalkar 12/35, Ayagoz 11/35.
    shu, shalkar, ayagoz = (colors.color_for_percent(total / 35 * 100) for total in (15, 12, 11))
    assert luminance(shu) > luminance(shalkar) > luminance(ayagoz)
    assert len({shu, shalkar, ayagoz}) == 3


def test_domain_is_fixed_values_outside_are_clamped():
    assert colors.color_for_percent(-20) == colors.color_for_percent(0) == "#440154"
    assert colors.color_for_percent(140) == colors.color_for_percent(100) == "#fde725"


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), float("-inf")])
def test_non_finite_percent_is_rejected(bad):
    with pytest.raises(ValueError):
        colors.color_for_percent(bad)


def test_colours_are_hex_triplets():
    assert all(re.fullmatch(r"#[0-9a-f]{6}", colors.color_for_percent(p)) for p in range(0, 101, 7))
    assert re.fullmatch(r"#[0-9a-f]{6}", colors.NO_DATA_COLOR)


def test_legend_stops_span_the_domain_evenly():
    stops = colors.legend_stops(5)
    assert [percent for percent, _ in stops] == [0, 25, 50, 75, 100]
    assert all(channel_gap(color, matplotlib_viridis(p)) <= 16 for p, color in stops)
    with pytest.raises(ValueError):
        colors.legend_stops(1)


def test_css_gradient_runs_from_dark_purple_at_0_to_yellow_at_100():
    stops = re.findall(r"(#[0-9a-f]{6}) ([\d.]+)%", colors.css_gradient())
    assert stops[0] == ("#440154", "0")
    assert stops[-1] == ("#fde725", "100")
    positions = [float(position) for _, position in stops]
    assert positions == sorted(positions)
