"""The target planner: hand-worked cases from Table 2, brute force on small cases, explanations, bad input."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smartcity.analysis.planner import explain, next_band_target, plan
from smartcity.data import load_dataset
from smartcity.errors import SmartCityError
from smartcity.scenario import METHODS, Scenario
from smartcity.scoring import COMPOSITE, score

DATASET = load_dataset()
PAPER = Scenario()
SCRI = DATASET.instrument("scri").indicator_ids


def test_shu_needs_three_steps_to_reach_half_of_scri():
    # Table 2: Shu has 15 of 35; 50% needs 17.5, so 18 points: three whole steps.
    found = plan(DATASET, PAPER, "shu", "scri", 50)
    assert found.reachable and found.cost == 3 and found.step_count == 3
    assert found.percent_after == pytest.approx(18 / 35 * 100)
    assert found.percent_before == pytest.approx(15 / 35 * 100)


def test_ties_in_cost_lift_the_weakest_scores():
    # Any three steps reach 18/35; the plan raises Shu's lowest scores (Environmental Sustainability 1).
    found = plan(DATASET, PAPER, "shu", "scri", 50)
    changes = {step.indicator_id: (step.before, step.after) for step in found.steps}
    assert changes["environmental_sustainability"][0] == 1
    assert all(after <= 3 for _, after in changes.values())


def test_a_target_already_met_needs_nothing():
    found = plan(DATASET, PAPER, "ayagoz", "scri", 30)
    assert found.reachable and found.steps == () and found.cost == 0
    assert "nothing needs to change" in explain(DATASET, PAPER, found, "en")


def test_an_unreachable_target_says_how_far_it_can_get_and_why():
    fixed = {("scri", "environmental_sustainability"): math.inf}
    found = plan(DATASET, PAPER, "shu", "scri", 95, fixed)
    assert not found.reachable
    assert found.percent_after == pytest.approx(31 / 35 * 100)  # six indicators at 5, one stuck at 1
    assert found.fixed == (("scri", "environmental_sustainability"),)
    text = explain(DATASET, PAPER, found, "en")
    assert "cannot reach 95%" in text and "88.57%" in text and "Environmental Sustainability" in text


def test_a_zero_weight_indicator_is_never_raised_and_is_named_when_it_blocks():
    scenario = Scenario(indicator_weights=((("scri", "digital_infrastructure"), 0.0),))
    found = plan(DATASET, scenario, "ayagoz", "scri", 100, {("scri", "public_private_partnership"): math.inf})
    assert not found.reachable
    assert "digital_infrastructure" not in {s.indicator_id for s in found.steps}
    assert found.unweighted == (("scri", "digital_infrastructure"),)
    assert "Digital Infrastructure" in explain(DATASET, scenario, found, "en")


def test_a_fractional_score_rises_to_the_next_whole_score_in_one_step():
    scenario = Scenario(overrides=((("ayagoz", "scri", "public_private_partnership"), 2.4),))
    found = plan(DATASET, scenario, "ayagoz", "scri", 100)
    step = next(s for s in found.steps if s.indicator_id == "public_private_partnership")
    assert (step.before, step.after, step.step_count) == (2.4, 5.0, 3)
    assert "2.4→5" in explain(DATASET, scenario, found, "en")
    assert "2,4→5" in explain(DATASET, scenario, found, "ru")


def test_explanations_speak_the_users_language():
    found = plan(DATASET, PAPER, "shu", "scri", 50)
    english = explain(DATASET, PAPER, found, "en")
    assert "Environmental Sustainability 1→3" in english and "3 steps" in english
    russian = explain(DATASET, PAPER, found, "ru")
    assert "Шу" in russian and "3 шага" in russian and "42,86%" in russian
    kazakh = explain(DATASET, PAPER, found, "kk")
    assert "Шу" in kazakh and "қадам" in kazakh and "42,86%" in kazakh


def test_the_next_band_is_a_natural_target():
    assert next_band_target(DATASET.bands, 42.86) == 50
    assert next_band_target(DATASET.bands, 30.0) == 50
    assert next_band_target(DATASET.bands, 95.0) == 100


@pytest.mark.parametrize(
    ("args", "costs", "key"),
    [
        (("shu", "scri", 120), None, "bad_target"),
        (("shu", "scri", math.nan), None, "bad_target"),
        (("almaty", "scri", 50), None, "unknown_city"),
        (("shu", "happiness", 50), None, "unknown_instrument"),
        (("shu", "scri", 50), {("scri", "wifi"): 1.0}, "unknown_indicator"),
        (("shu", "scri", 50), {("scri", "digital_infrastructure"): 0.0}, "bad_cost"),
        (("shu", "scri", 50), {("scri", "digital_infrastructure"): -2.0}, "bad_cost"),
    ],
)
def test_bad_requests_are_refused_with_a_named_reason(args, costs, key):
    with pytest.raises(SmartCityError) as raised:
        plan(DATASET, PAPER, *args, costs)
    assert raised.value.key == key


# --- brute force --------------------------------------------------------------------------


def percent_by_formula(values: np.ndarray, weights: np.ndarray, method: str) -> float:
    """The three methods as the scoring module's docstring defines them, on a 1-5 scale."""
    shares = weights / weights.sum()
    if method == "paper":
        return float((shares * values).sum() / 5 * 100)
    if method == "goalpost":
        return float((shares * (values - 1)).sum() / 4 * 100)
    return float(math.exp((shares * np.log(values)).sum()) / 5 * 100)


def options(value: float) -> list[tuple[float, int]]:
    """(score, steps) for keeping a value or raising it to each whole score above it."""
    return [(value, 0)] + [
        (float(level), n) for n, level in enumerate(range(math.floor(value) + 1, 6), start=1)
    ]


def brute_force(rows, weights, method, free, costs, target, instrument_weights=None):
    """Cheapest cost over every combination of levels of the free indicators (None if none reaches)."""
    cells = [(i, j) for i, row in enumerate(rows) for j in range(len(row))]
    choices = [options(rows[i][j]) if (i, j) in free else [(rows[i][j], 0)] for i, j in cells]
    best = None
    for combination in itertools.product(*choices):
        cost = sum(steps * costs.get(cell, 1.0) for (_, steps), cell in zip(combination, cells, strict=True))
        values = iter(level for level, _ in combination)
        percents = [
            percent_by_formula(np.array([next(values) for _ in row]), np.array(w), method)
            for row, w in zip(rows, weights, strict=True)
        ]
        shares = np.array(instrument_weights or [1.0]) / sum(instrument_weights or [1.0])
        percent = float((shares * np.array(percents)).sum())
        if percent >= target - 1e-9 and (best is None or cost < best - 1e-9):
            best = cost
    return best


def applied(scenario: Scenario, city: str, found) -> Scenario:
    for step in found.steps:
        scenario = scenario.with_override((city, step.instrument_id, step.indicator_id), step.after)
    return scenario


score_values = st.one_of(st.integers(1, 5).map(float), st.floats(1, 5).map(lambda v: round(v, 1)))


@settings(max_examples=120, deadline=None)
@given(
    values=st.lists(score_values, min_size=7, max_size=7),
    weights=st.lists(st.sampled_from([0.0, 1.0, 2.0, 3.0]), min_size=7, max_size=7).filter(any),
    free=st.sets(st.integers(0, 6), max_size=4),
    step_costs=st.lists(st.sampled_from([1.0, 2.0, 0.5, 3.0]), min_size=7, max_size=7),
    method=st.sampled_from(METHODS),
    target=st.floats(0, 100),
)
def test_the_plan_costs_what_brute_force_finds_on_one_instrument(
    values, weights, free, step_costs, method, target
):
    scenario = Scenario(
        overrides=tuple((("ayagoz", "scri", i), v) for i, v in zip(SCRI, values, strict=True)),
        indicator_weights=tuple((("scri", i), w) for i, w in zip(SCRI, weights, strict=True)),
        method=method,
    )
    costs = {("scri", SCRI[j]): (step_costs[j] if j in free else math.inf) for j in range(7)}
    found = plan(DATASET, scenario, "ayagoz", "scri", target, costs)
    cell_costs = {(0, j): step_costs[j] for j in range(7)}
    best = brute_force([values], [weights], method, {(0, j) for j in free}, cell_costs, target)
    assert found.reachable == (best is not None)
    after = score(DATASET, applied(scenario, "ayagoz", found)).get("ayagoz", "scri").percent
    assert after == pytest.approx(found.percent_after, abs=1e-9)
    assert found.cost == pytest.approx(
        sum(s.step_count * step_costs[SCRI.index(s.indicator_id)] for s in found.steps)
    )
    if best is not None:
        assert found.cost == pytest.approx(best)
        assert after >= target - 1e-9


@settings(max_examples=40, deadline=None)
@given(
    free=st.lists(st.sets(st.integers(0, 6), max_size=2), min_size=3, max_size=3),
    instrument_weights=st.lists(st.sampled_from([0.0, 1.0, 2.0]), min_size=3, max_size=3).filter(any),
    method=st.sampled_from(METHODS),
    target=st.floats(30, 70),
)
def test_the_composite_plan_costs_what_brute_force_finds(free, instrument_weights, method, target):
    scenario = Scenario(
        instrument_weights=tuple(zip(DATASET.instrument_ids, instrument_weights, strict=True)), method=method
    )
    costs, cells = {}, set()
    rows, weights = [], []
    for position, instrument in enumerate(DATASET.instruments):
        ids = instrument.indicator_ids
        rows.append([DATASET.baseline[("shalkar", instrument.id, i)].value for i in ids])
        weights.append([1.0] * len(ids))
        for j, indicator in enumerate(ids):
            if j in free[position]:
                cells.add((position, j))
            else:
                costs[(instrument.id, indicator)] = math.inf
    found = plan(DATASET, scenario, "shalkar", COMPOSITE, target, costs)
    best = brute_force(rows, weights, method, cells, {}, target, instrument_weights)
    assert found.reachable == (best is not None)
    after = score(DATASET, applied(scenario, "shalkar", found)).get("shalkar", COMPOSITE).percent
    assert after == pytest.approx(found.percent_after, abs=1e-9)
    if best is not None:
        assert found.cost == pytest.approx(best)
