"""Rounds over time: change per town between two rounds, a town's history, and the change since the
round before a scenario's round layer. Expected values are worked out by hand from the paper's
Table 2-4 scores of Shu (SCRI 15 of 35, stakeholders 22 of 40, governance 24 of 40)."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smartcity.analysis.consensus import paper_scores
from smartcity.analysis.over_time import (
    RoundScores,
    assessed_towns,
    changes,
    indicator_history,
    layer_round,
    shown_scores,
    since_previous,
    town_changes,
    town_history,
)
from smartcity.data import load_dataset
from smartcity.scenario import Scenario, ScoreLayer
from smartcity.scoring import COMPOSITE
from smartcity.store.rounds import Round, RoundGroup, paper_round

DATASET = load_dataset()
PAPER = paper_scores(DATASET)
SCRI = DATASET.instrument("scri").indicator_ids
DIGITAL = ("shu", "scri", "digital_infrastructure")


def every(city: str, instrument: str, value: float) -> dict[tuple[str, str, str], float]:
    return {(city, instrument, i): value for i in DATASET.instrument(instrument).indicator_ids}


def stored_round(round_id: str, closed: date) -> Round:
    moment = datetime(closed.year, closed.month, closed.day, tzinfo=UTC)
    groups = (RoundGroup("researchers", 5),)
    return Round(
        round_id, f"Round {round_id}", ("shu",), ("scri",), groups, closed, None, ("en",), moment, moment
    )


def test_one_better_indicator_moves_shus_scri_by_three_of_thirty_five():
    # Digital infrastructure 2 -> 5: SCRI 15/35 = 42.86% -> 18/35 = 51.43%, +8.57 points.
    assert town_changes(DATASET, PAPER, {DIGITAL: 5.0}, "scri") == pytest.approx({"shu": 300 / 35})
    [change] = changes(DATASET, PAPER, {DIGITAL: 5.0}, "scri")
    assert (change.before, change.after) == (pytest.approx(1500 / 35), pytest.approx(1800 / 35))


def test_only_towns_both_rounds_assessed_on_the_instrument_have_a_change():
    before = {**every("shu", "scri", 2), **every("ayagoz", "scri", 2)}
    after = {**every("shu", "scri", 3), **every("shalkar", "scri", 3)}
    assert town_changes(DATASET, before, after, "scri") == pytest.approx({"shu": 20.0})  # 40% -> 60%
    assert town_changes(DATASET, before, after, "governance") == {}


def test_the_composite_needs_every_instrument_in_both_rounds():
    full = {**every("shu", "scri", 4), **every("shu", "stakeholders", 4), **every("shu", "governance", 4)}
    # Paper composite of Shu: (15/35 + 22/40 + 24/40) / 3 = 52.62%; every score 4 gives 80%.
    expected = 80 - (1500 / 35 + 55 + 60) / 3
    assert town_changes(DATASET, PAPER, full, COMPOSITE) == pytest.approx({"shu": expected})
    assert town_changes(DATASET, PAPER, every("shu", "scri", 4), COMPOSITE) == {}


def test_the_scenarios_method_applies_and_its_overrides_do_not():
    goalpost = Scenario(method="goalpost", overrides=((DIGITAL, 5.0),))
    # Goalpost: (2 - 1) / 4 = 25% -> (3 - 1) / 4 = 50%.
    delta = town_changes(DATASET, every("shu", "scri", 2), every("shu", "scri", 3), "scri", goalpost)
    assert delta == pytest.approx({"shu": 25.0})
    assert town_changes(DATASET, PAPER, PAPER, "scri", goalpost) == {
        "shu": 0.0,
        "ayagoz": 0.0,
        "shalkar": 0.0,
    }


def test_the_shown_scores_are_the_papers_then_the_layers_then_the_overrides():
    layered = Scenario(
        overrides=((DIGITAL, 4.0),),
        layers=(ScoreLayer("round-x", "x", ((DIGITAL, 3.0), (("shu", "scri", "economic_potential"), 5.0))),),
    )
    shown = shown_scores(DATASET, layered)
    assert shown[DIGITAL] == 4.0
    assert shown[("shu", "scri", "economic_potential")] == 5.0
    assert (
        shown[("ayagoz", "scri", "digital_infrastructure")]
        == PAPER[("ayagoz", "scri", "digital_infrastructure")]
    )


@given(st.dictionaries(st.sampled_from(SCRI), st.integers(1, 5), min_size=1))
def test_a_change_is_the_later_minus_the_earlier_and_reverses_when_the_rounds_swap(answers):
    later = {("shu", "scri", indicator): float(value) for indicator, value in answers.items()}
    forward = town_changes(DATASET, PAPER, later, "scri")
    backward = town_changes(DATASET, later, PAPER, "scri")
    total = 15 + sum(value - PAPER[("shu", "scri", i)] for i, value in answers.items())
    assert forward["shu"] == pytest.approx(total / 35 * 100 - 1500 / 35)
    assert backward["shu"] == pytest.approx(-forward["shu"])


def test_assessed_towns_per_instrument():
    scores = {**every("shu", "scri", 3), DIGITAL: 3.0, ("ayagoz", "governance", "ppp_mechanism"): 2.0}
    assert assessed_towns(DATASET, scores, "scri") == {"shu"}
    assert assessed_towns(DATASET, scores, "governance") == {"ayagoz"}
    assert assessed_towns(DATASET, scores, COMPOSITE) == set()


def history() -> list[RoundScores]:
    spring = stored_round("spring", date(2026, 4, 30))
    return [
        RoundScores(paper_round(DATASET), PAPER),
        RoundScores(spring, {**every("shu", "scri", 3), DIGITAL: 4.0}),
    ]


def test_a_towns_history_has_a_percent_per_round_that_assessed_it():
    table = town_history(DATASET, Scenario(), history(), "shu")
    scri = table[table["instrument"] == "scri"]
    assert scri["round"].tolist() == ["paper-2025-05", "spring"]
    assert scri["day"].tolist() == [date(2025, 5, 31), date(2026, 4, 30)]
    # Spring: six indicators at 3 and one at 4 = 22 of 35.
    assert scri["percent"].tolist() == pytest.approx([1500 / 35, 2200 / 35])
    governance = table[table["instrument"] == "governance"]
    assert governance["round"].tolist() == ["paper-2025-05"]  # spring asked SCRI only
    assert table[table["instrument"] == COMPOSITE]["round"].tolist() == ["paper-2025-05"]


def test_a_towns_indicator_table_has_a_column_per_round_and_the_last_change():
    table = indicator_history(DATASET, history(), "shu").set_index(["instrument", "indicator"])
    assert list(table.columns) == ["paper-2025-05", "spring", "delta"]
    assert table.loc[("scri", "digital_infrastructure")].tolist() == [2.0, 4.0, 2.0]
    assert table.loc[("scri", "environmental_sustainability")].tolist() == [1.0, 3.0, 2.0]
    assert table.loc[("scri", "economic_potential")].tolist() == [3.0, 3.0, 0.0]
    governance = table.loc[("governance", "ppp_mechanism")]
    assert (
        governance["paper-2025-05"] == 3.0
        and math.isnan(governance["spring"])
        and math.isnan(governance["delta"])
    )
    assert indicator_history(DATASET, history(), "ayagoz").columns.tolist() == [
        "instrument",
        "indicator",
        "paper-2025-05",
        "delta",
    ]


def test_the_change_since_the_previous_round_needs_a_round_layer_that_is_not_the_first():
    rounds = history()
    assert since_previous(DATASET, Scenario(), rounds) is None
    layer = ScoreLayer("round-spring", "Round spring (2026-04-30)", tuple(rounds[1].scores.items()))
    layered = Scenario(layers=(layer,))
    assert layer_round(layered) == "spring"
    found = since_previous(DATASET, layered, rounds)
    assert found is not None
    previous, [change] = found
    assert previous.round.id == "paper-2025-05"
    assert (change.city_id, change.instrument_id) == ("shu", "scri")
    assert (change.before, change.after, change.points) == pytest.approx((1500 / 35, 2200 / 35, 700 / 35))
    first = Scenario(layers=(ScoreLayer("round-paper-2025-05", "paper", tuple(PAPER.items())),))
    assert since_previous(DATASET, first, rounds) is None
    unknown = Scenario(layers=(ScoreLayer("round-gone", "gone", ((DIGITAL, 3.0),)),))
    assert since_previous(DATASET, unknown, rounds) is None
