"""Properties of the scoring methods that must hold for any scores and weights (hypothesis)."""

from __future__ import annotations

import copy

from hypothesis import given, settings
from hypothesis import strategies as st

from smartcity.data import load_dataset
from smartcity.scenario import METHODS, Scenario
from smartcity.scoring import score

DATASET = load_dataset()
KEYS = sorted(DATASET.baseline)
WEIGHT_KEYS = [(i.id, ind) for i in DATASET.instruments for ind in i.indicator_ids]

scores = st.floats(min_value=1, max_value=5, allow_nan=False)
positive_weights = st.floats(min_value=0.01, max_value=5, allow_nan=False)


@st.composite
def scenarios(draw, weights=positive_weights):
    overrides = draw(st.dictionaries(st.sampled_from(KEYS), scores, max_size=len(KEYS)))
    indicator_weights = draw(st.dictionaries(st.sampled_from(WEIGHT_KEYS), weights, max_size=10))
    return Scenario(
        overrides=tuple(overrides.items()),
        indicator_weights=tuple(indicator_weights.items()),
        method=draw(st.sampled_from(METHODS)),
    )


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.sampled_from(KEYS), scores, max_size=len(KEYS)))
def test_paper_percent_stays_between_20_and_100(overrides):
    table = score(DATASET, Scenario(overrides=tuple(overrides.items())))
    for result in table.results:
        assert 20 - 1e-9 <= result.percent <= 100 + 1e-9


@settings(max_examples=150, deadline=None)
@given(scenarios(), st.sampled_from(KEYS), st.floats(min_value=0, max_value=4))
def test_raising_a_score_never_lowers_its_citys_result(scenario, key, raise_by):
    before = score(DATASET, scenario)
    current = before.values[key].value
    raised = scenario.with_override(key, min(5.0, current + raise_by))
    after = score(DATASET, raised)
    city, instrument, _ = key
    assert after.get(city, instrument).percent >= before.get(city, instrument).percent - 1e-9


@settings(max_examples=100, deadline=None)
@given(scenarios(), st.floats(min_value=0.01, max_value=100))
def test_scaling_all_weights_changes_nothing(scenario, factor):
    scaled = Scenario(
        overrides=scenario.overrides,
        indicator_weights=tuple(
            ((i, ind), scenario.indicator_weight(i, ind) * factor) for i, ind in WEIGHT_KEYS
        ),
        instrument_weights=tuple((i, factor) for i in DATASET.instrument_ids),
        method=scenario.method,
    )
    original, rescaled = score(DATASET, scenario), score(DATASET, scaled)
    for result in original.results:
        other = rescaled.get(result.city_id, result.instrument_id)
        assert abs(other.percent - result.percent) < 1e-9
        assert other.rank == result.rank


@settings(max_examples=100, deadline=None)
@given(scenarios())
def test_the_baseline_is_unchanged_after_any_scenario(scenario):
    before = copy.deepcopy(dict(DATASET.baseline))
    score(DATASET, scenario)
    assert dict(DATASET.baseline) == before
    assert score(DATASET).get("shu", "scri").total == 15
