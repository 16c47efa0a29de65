"""Sobol indices against analytic cases and SALib, on models and on scenarios; leave-one-indicator-out
by hand."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from SALib.analyze import sobol as salib_analyze
from SALib.sample import sobol as salib_sample
from scipy.stats import qmc

from smartcity.analysis.sensitivity import (
    leave_one_out,
    saltelli_matrices,
    scenario_sensitivity,
    sobol_indices,
)
from smartcity.analysis.uncertainty import UncertaintySettings, build_model
from smartcity.data import load_dataset
from smartcity.errors import SmartCityError
from smartcity.scenario import Scenario

DATASET = load_dataset()
SCRI = DATASET.instrument("scri").indicator_ids


def linear(weights: np.ndarray, spans: np.ndarray):
    """y = Σ wᵢ·xᵢ with independent xᵢ ~ U(0, spanᵢ): Var(xᵢ) = spanᵢ² / 12."""
    return lambda u: (u * spans * weights).sum(axis=1)


def test_first_order_of_a_weighted_sum_is_its_share_of_the_variance():
    weights, spans = np.array([1.0, 2.0, 3.0, 0.5]), np.array([1.0, 1.0, 2.0, 4.0])
    found, variance = sobol_indices(
        linear(weights, spans), 4, [[0], [1], [2], [3]], base_samples=8192, seed=1
    )
    parts = weights**2 * spans**2 / 12
    assert variance == pytest.approx(parts.sum(), rel=0.05)
    for indices, expected in zip(found, parts / parts.sum(), strict=True):
        assert indices.first == pytest.approx(expected, abs=0.03)
        assert indices.total == pytest.approx(expected, abs=0.03)
        assert indices.first_low <= indices.first <= indices.first_high
        assert indices.total_low <= indices.total <= indices.total_high


def test_first_and_total_order_agree_for_additive_models():
    additive = lambda u: np.sin(2 * np.pi * u[:, 0]) + u[:, 1] ** 3 + 2 * u[:, 2]  # noqa: E731
    found, _ = sobol_indices(additive, 3, [[0], [1], [2]], base_samples=8192, seed=2)
    for indices in found:
        assert indices.first == pytest.approx(indices.total, abs=0.03)
    assert sum(i.first for i in found) == pytest.approx(1, abs=0.05)


def test_ishigami_function_matches_its_known_indices():
    # Ishigami (a = 7, b = 0.1) on [-π, π]³: S = (0.314, 0.442, 0), ST = (0.558, 0.442, 0.244).
    def ishigami(u):
        x = np.pi * (2 * u - 1)
        return np.sin(x[:, 0]) + 7 * np.sin(x[:, 1]) ** 2 + 0.1 * x[:, 2] ** 4 * np.sin(x[:, 0])

    found, _ = sobol_indices(ishigami, 3, [[0], [1], [2]], base_samples=16384, seed=3)
    for indices, first, total in zip(found, (0.3139, 0.4424, 0.0), (0.5576, 0.4424, 0.2437), strict=True):
        assert indices.first == pytest.approx(first, abs=0.04)
        assert indices.total == pytest.approx(total, abs=0.04)
    assert found[2].total > found[2].first + 0.15  # x3 acts only together with x1


def test_a_group_of_inputs_explains_the_sum_of_its_members():
    weights, spans = np.array([1.0, 1.0, 2.0]), np.ones(3)
    found, _ = sobol_indices(linear(weights, spans), 3, [[0, 1], [2]], base_samples=8192, seed=4)
    assert found[0].first == pytest.approx(2 / 6, abs=0.03)
    assert found[1].first == pytest.approx(4 / 6, abs=0.03)


def test_a_constant_output_has_zero_variance_and_zero_indices():
    found, variance = sobol_indices(lambda u: np.full(len(u), 5.0), 2, [[0], [1]], base_samples=64, seed=0)
    assert variance == 0
    assert all(i.first == 0 and i.total == 0 for i in found)


def test_the_same_seed_gives_the_same_indices():
    model = linear(np.array([1.0, 2.0]), np.ones(2))
    assert sobol_indices(model, 2, [[0], [1]], 512, seed=9) == sobol_indices(
        model, 2, [[0], [1]], 512, seed=9
    )


def test_a_and_b_are_the_halves_of_a_seeded_scrambled_sobol_sequence():
    a, b = saltelli_matrices(256, 3, seed=7)
    assert a.shape == b.shape == (256, 3)
    again_a, again_b = saltelli_matrices(256, 3, seed=7)
    assert np.array_equal(a, again_a) and np.array_equal(b, again_b)
    assert not np.array_equal(a, saltelli_matrices(256, 3, seed=8)[0])
    # Owen-scrambled Sobol' points: N = 2^m of them put exactly one point in each 1/N of every axis,
    # which independent uniforms almost never do.
    for column in np.hstack([a, b]).T:
        assert sorted(np.floor(column * 256).astype(int)) == list(range(256))


def test_a_sample_size_that_is_not_a_power_of_2_takes_the_first_points_without_a_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        a, b = saltelli_matrices(100, 2, seed=1)
    assert a.shape == b.shape == (100, 2)
    assert np.array_equal(np.hstack([a, b]), np.hstack(saltelli_matrices(128, 2, seed=1))[:100])


def test_more_inputs_than_sobol_supports_fall_back_to_seeded_uniforms():
    columns = qmc.Sobol.MAXDIM // 2 + 1
    a, b = saltelli_matrices(4, columns, seed=2)
    assert a.shape == b.shape == (4, columns) and np.array_equal(a, saltelli_matrices(4, columns, seed=2)[0])
    points = np.hstack([a, b])
    assert ((points >= 0) & (points < 1)).all() and len(np.unique(points)) == points.size


SALIB_BASE_SAMPLES = 4096


@pytest.mark.parametrize("city_id", ["shu", "ayagoz"])
def test_first_and_total_order_agree_with_salib_on_the_scri_model(city_id):
    # The same model (a city's SCRI percent under the default ±0.5 score and ±25% weight noise) and
    # the same inputs (uniform columns in [0, 1], grouped per indicator's scores and the weights),
    # sampled and analysed by SALib (Saltelli's first-order estimator, Jansen's total order).
    settings = UncertaintySettings(seed=11)
    model = build_model(DATASET, Scenario(), "scri", settings)
    groups = [""] * model.column_count
    for group in model.groups:
        for column in group.columns:
            groups[column] = group.id
    problem = {
        "num_vars": model.column_count,
        "names": [f"u{column}" for column in range(model.column_count)],
        "bounds": [[0.0, 1.0]] * model.column_count,
        "groups": groups,
    }
    sample = salib_sample.sample(problem, SALIB_BASE_SAMPLES, calc_second_order=False, scramble=True, seed=5)
    position = model.city_ids.index(city_id)
    salib = salib_analyze.analyze(
        problem, model.percents(sample)[:, position], calc_second_order=False, num_resamples=200, seed=5
    )
    ours = scenario_sensitivity(
        DATASET, Scenario(), "scri", city_id, settings, base_samples=SALIB_BASE_SAMPLES
    )
    names = list(dict.fromkeys(groups))
    # Tolerance: SALib's own 95% bootstrap half-width of each index, i.e. the sampling error of an
    # estimate from N = 4096 base samples (at most 0.02 for first order and 0.01 for total order here).
    assert max(salib["S1_conf"]) < 0.02 and max(salib["ST_conf"]) < 0.011
    for group in ours.groups:
        k = names.index(group.group.id)
        assert abs(group.indices.first - salib["S1"][k]) <= salib["S1_conf"][k], group.group.id
        assert abs(group.indices.total - salib["ST"][k]) <= salib["ST_conf"][k], group.group.id


def scores_only(noise: float = 0.5) -> UncertaintySettings:
    return UncertaintySettings(draws=100, seed=5, score_noise=noise, weight_noise=0)


def test_each_equal_weight_indicator_explains_an_equal_share_of_a_citys_score():
    # All of Shu's SCRI scores at 3: ±0.5 noise is never clipped, the percent is linear in the noise,
    # so each of the 7 equally weighted indicators explains 1/7 alone and nothing more together.
    scenario = Scenario(overrides=tuple((("shu", "scri", i), 3.0) for i in SCRI))
    result = scenario_sensitivity(DATASET, scenario, "scri", "shu", scores_only(), base_samples=8192)
    assert [g.group.id for g in result.groups] == [f"scores:scri.{i}" for i in SCRI]
    for group in result.groups:
        assert group.indices.first == pytest.approx(1 / 7, abs=0.03)
        assert group.indices.total == pytest.approx(1 / 7, abs=0.03)
    assert result.variance == pytest.approx(7 * (20 / 7) ** 2 * 0.5**2 / 3, rel=0.05)


def test_weights_change_the_shares_as_their_squares():
    weights = dict(zip(SCRI, (1, 1, 1, 1, 1, 1, 4), strict=True))
    scenario = Scenario(
        overrides=tuple((("shu", "scri", i), 3.0) for i in SCRI),
        indicator_weights=tuple((("scri", i), float(w)) for i, w in weights.items()),
    )
    result = scenario_sensitivity(DATASET, scenario, "scri", "shu", scores_only(), base_samples=8192)
    squares = sum(w**2 for w in weights.values())
    for group in result.groups:
        indicator = group.group.subject.split(".")[1]
        assert group.indices.first == pytest.approx(weights[indicator] ** 2 / squares, abs=0.03)


def test_when_only_the_method_is_uncertain_it_explains_everything():
    chosen = UncertaintySettings(score_noise=0, weight_noise=0, methods=("paper", "geometric"))
    result = scenario_sensitivity(DATASET, Scenario(), "scri", "shu", chosen, base_samples=2048)
    assert [g.group.id for g in result.groups] == ["method"]
    # Two equally likely outcomes: Shu's SCRI mean 15/7 of 5, or the geometric mean of Table 2's
    # scores of 5; a two-point distribution has variance (a - b)^2 / 4.
    paper = 15 / 7 / 5 * 100
    geometric = float(np.prod([2, 2, 2, 3, 3, 1, 2])) ** (1 / 7) / 5 * 100
    assert result.variance == pytest.approx((paper - geometric) ** 2 / 4, rel=0.1)
    assert result.groups[0].indices.first == pytest.approx(1)
    assert result.groups[0].indices.total == pytest.approx(1, abs=0.1)


def test_every_active_source_is_an_input_group():
    chosen = UncertaintySettings(methods=("paper", "goalpost"))
    result = scenario_sensitivity(
        DATASET, Scenario(), "composite", "ayagoz", chosen, output="rank", base_samples=256, resamples=20
    )
    ids = [g.group.id for g in result.groups]
    assert len([i for i in ids if i.startswith("scores:")]) == 23
    assert "weights" in ids and "method" in ids


def test_a_rank_that_cannot_change_has_no_variance():
    # Shu leads governance by 8 points of 40 (Table 4); ±0.5 noise cannot close that gap.
    result = scenario_sensitivity(
        DATASET, Scenario(), "governance", "shu", scores_only(), output="rank", base_samples=256, resamples=20
    )
    assert result.variance == 0


@pytest.mark.parametrize(
    ("kwargs", "key"),
    [({"output": "mood"}, "bad_sensitivity_output"), ({"base_samples": 1}, "bad_base_samples")],
)
def test_bad_sensitivity_requests_are_refused(kwargs, key):
    with pytest.raises(SmartCityError) as raised:
        scenario_sensitivity(DATASET, Scenario(), "scri", "shu", **kwargs)
    assert raised.value.key == key


def test_an_unknown_city_is_refused():
    with pytest.raises(SmartCityError) as raised:
        scenario_sensitivity(DATASET, Scenario(), "scri", "almaty")
    assert raised.value.key == "unknown_city"


def test_leaving_out_an_indicator_rescores_the_rest_by_hand():
    rows = {(r.indicator_id, r.city_id): r for r in leave_one_out(DATASET, Scenario(), "scri")}
    # Table 2: Shu 15/35 with Environmental Sustainability 1 -> 14/30 without it.
    shu = rows[("environmental_sustainability", "shu")]
    assert shu.percent == pytest.approx(14 / 30 * 100)
    assert shu.delta_percent == pytest.approx(14 / 30 * 100 - 15 / 35 * 100)
    # Without Digital Infrastructure Ayagoz (1) has 10/30 and Shalkar (2) 10/30: they tie at rank 2.
    ayagoz, shalkar = rows[("digital_infrastructure", "ayagoz")], rows[("digital_infrastructure", "shalkar")]
    assert ayagoz.percent == pytest.approx(100 / 3) and shalkar.percent == pytest.approx(100 / 3)
    assert (ayagoz.rank, ayagoz.rank_change) == (2, 1) and (shalkar.rank, shalkar.rank_change) == (2, 0)
    assert len(rows) == 7 * 3


def test_leave_one_out_skips_indicators_already_weighted_zero_and_a_lone_indicator():
    zero = Scenario(indicator_weights=(((("scri", "digital_infrastructure"), 0.0)),))
    assert {r.indicator_id for r in leave_one_out(DATASET, zero, "scri")} == set(SCRI) - {
        "digital_infrastructure"
    }
    lone = Scenario(indicator_weights=tuple((("scri", i), 0.0) for i in SCRI[1:]))
    assert leave_one_out(DATASET, lone, "scri") == ()
    composite = leave_one_out(DATASET, Scenario(), "composite")
    assert len(composite) == 23 * 3 and all(math.isfinite(r.percent) for r in composite)
