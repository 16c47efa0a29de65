"""Presenter slide sizes, cut tables, and the conclusions: at most five short points, checked by hand."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smartcity.data import load_dataset
from smartcity.scenario import Scenario
from smartcity.views import presenter
from smartcity.views.presenter_layout import slide_sizes

DATASET = load_dataset()
STAKEHOLDER_IDS = DATASET.instrument("stakeholders").indicator_ids
SCORE_KEYS = [
    (city.id, instrument.id, indicator_id)
    for city in DATASET.cities
    for instrument in DATASET.instruments
    for indicator_id in instrument.indicator_ids
]


def test_the_papers_conclusions_are_five_points_in_english():
    # Composite = mean of the three instruments: Shu (42.86 + 55 + 60) / 3 = 52.6%, Shalkar
    # (34.29 + 35 + 40) / 3 = 36.4%, Ayagoz (31.43 + 35 + 40) / 3 = 35.5%. Shu is first on all three.
    # Every town scores 1 on Environmental Sustainability (Table 2). Shu needs 18 of 35 points for
    # 50% ("Medium") on SCRI: 15 + 2 (environment 1 -> 3) + 1 (PPP 2 -> 3), the cheapest band crossing.
    assert presenter.conclusions(DATASET, Scenario(), "en") == [
        "Highest overall: Shu (53%), first on every instrument.",
        "Lowest overall: Ayagoz (35%).",
        "Weak in every town: Environmental Sustainability (1 of 5).",
        "These are the paper's scores: nothing has been changed.",
        "Quickest step up: Shu reaches Medium on SCRI in 3 steps: "
        "Environmental Sustainability 1→3 and Public/Private Partnership 2→3.",
    ]


def test_a_raised_score_shows_what_moved_and_the_new_laggard():
    # Ayagoz's SCRI goes from 11 to 13 of 35 (37.14%), its composite to (37.14 + 35 + 40) / 3 = 37.4%,
    # past Shalkar's 36.4%.
    scenario = Scenario().with_override(("ayagoz", "scri", "digital_infrastructure"), 3)
    points = presenter.conclusions(DATASET, scenario, "en")
    assert points[1] == "Lowest overall: Shalkar (36%)."
    assert points[3] == "Biggest change: Ayagoz, 35% → 37% overall, rank 3 → 2."


def test_a_new_leader_that_is_not_first_everywhere_is_called_highest_overall_only():
    # Shalkar at 5 on every stakeholder indicator: (34.29 + 100 + 40) / 3 = 58.1%, but Shu keeps SCRI.
    scenario = Scenario()
    for indicator_id in STAKEHOLDER_IDS:
        scenario = scenario.with_override(("shalkar", "stakeholders", indicator_id), 5)
    points = presenter.conclusions(DATASET, scenario, "en")
    assert points[0] == "Highest overall: Shalkar (58%)."
    assert points[3] == "Biggest change: Shalkar, 36% → 58% overall, rank 2 → 1."


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_the_papers_conclusions_are_five_points_in_russian_and_kazakh(language: str):
    points = presenter.conclusions(DATASET, Scenario(), language)
    assert len(points) == 5
    assert "53%" in points[0] and "35%" in points[1]
    assert not any(point.isascii() for point in points)  # translated, not English copies


@settings(max_examples=25, deadline=None)
@given(st.dictionaries(st.sampled_from(SCORE_KEYS), st.integers(min_value=1, max_value=5), max_size=12))
def test_any_scenario_has_at_most_five_short_points(overrides: dict[tuple[str, str, str], int]):
    scenario = Scenario()
    for key, value in overrides.items():
        scenario = scenario.with_override(key, value)
    points = presenter.conclusions(DATASET, scenario, "en")
    assert 3 <= len(points) <= 5
    assert all(len(point) <= 240 for point in points)


def test_slides_take_the_height_a_1280_by_720_window_leaves():
    # Root font min(2.9% × 720, 1.7% × 1280) = 20.88 px. Padding, bar, gap and bottom padding:
    # (0.9 + 2.7 + 1 + 0.6) × 20.88 + 8 slack = 116.58 px. The map also loses a gap (20.88) and
    # the legend (84 + 2 rows × 18); the radar a gap and its "Show data" (3.4 × 20.88 = 70.99).
    sizes = slide_sizes((1280, 720), legend_rows=2)
    assert sizes.font_px == pytest.approx(20.88)
    assert (sizes.map_height, sizes.radar_height) == (462, 532)


def test_before_the_browser_reports_its_size_the_slides_fit_the_smallest_screen():
    assert slide_sizes(None, legend_rows=1) == slide_sizes((1280, 720), legend_rows=1)


@given(st.integers(min_value=320, max_value=4000), st.integers(min_value=240, max_value=3000))
def test_the_charts_fit_the_window_and_grow_with_it(width: int, height: int):
    sizes, taller = slide_sizes((width, height), 2), slide_sizes((width, height + 100), 2)
    assert sizes.map_height <= max(height, 240) and sizes.radar_height <= max(height, 240)
    assert taller.map_height >= sizes.map_height and taller.radar_height >= sizes.radar_height


def test_a_long_list_of_changes_keeps_three_lines_and_counts_the_rest():
    lines = [f"change {n}" for n in range(1, 8)]
    assert presenter.first_lines(lines, "en") == ["change 1", "change 2", "change 3", "… and 4 more changes"]
    assert presenter.first_lines(lines[:4], "en") == lines[:4]
    assert presenter.first_lines(lines, "ru")[-1] == "… и ещё 4 изменения"


def test_the_radars_data_has_a_row_per_indicator_and_a_column_per_town():
    frame = pd.DataFrame(
        {
            "City": ["Shu", "Shu", "Ayagoz", "Ayagoz"],
            "Indicator": ["Digital", "Physical", "Digital", "Physical"],
            "Score": ["2", "2", "1", "2"],
            "Paper": ["2", "2", "1", "2"],
        }
    )
    assert presenter.radar_rows(frame) == [
        ("Indicator", "Shu", "Ayagoz"),
        ("Digital", "2", "1"),
        ("Physical", "2", "2"),
    ]


def test_a_long_table_keeps_its_header_and_counts_the_towns_it_leaves_out():
    rows = [["Rank", "City"], *([str(n), f"Town {n}"] for n in range(1, 16))]
    assert presenter.first_rows(rows, 6, "en") == [
        ["Rank", "City"],
        *([str(n), f"Town {n}"] for n in range(1, 6)),
        ["… and 10 more towns", ""],
    ]
    assert presenter.first_rows(rows[:7], 6, "en") == rows[:7]
    assert presenter.first_rows(rows, 6, "ru")[-1][0] == "… и ещё 10 городов"


def test_six_table_rows_fit_under_four_changes_at_1280_by_720():
    # 720 − 116.58 (frame) − (4 × 1.6 × 1.2 + 1) × 20.88 (the list) = 422.2 px; a 1.2rem row is
    # 2.4 × 1.2 × 20.88 = 60.13 px: 7 rows, one of them the header.
    assert slide_sizes((1280, 720), legend_rows=2).table_rows == 6
