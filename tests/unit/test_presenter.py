"""Presenter mode's steps and its conclusions slide: at most five short points, checked by hand."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smartcity.data import load_dataset
from smartcity.scenario import Scenario
from smartcity.views import presenter

DATASET = load_dataset()
STAKEHOLDER_IDS = DATASET.instrument("stakeholders").indicator_ids
SCORE_KEYS = [
    (city.id, instrument.id, indicator_id)
    for city in DATASET.cities
    for instrument in DATASET.instruments
    for indicator_id in instrument.indicator_ids
]


def test_the_steps_are_the_map_a_radar_per_instrument_the_what_if_and_the_conclusions():
    assert presenter.steps(DATASET) == [
        ("map", None),
        ("radar", "scri"),
        ("radar", "stakeholders"),
        ("radar", "governance"),
        ("what_if", None),
        ("conclusions", None),
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
