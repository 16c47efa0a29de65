"""The engine reproduces Tables 2-4 of the paper and rescored scenarios behave as documented."""

from __future__ import annotations

import numpy as np
import pytest

from smartcity.data import load_dataset
from smartcity.errors import SmartCityError
from smartcity.scenario import Scenario, validate
from smartcity.scoring import COMPOSITE, competition_ranks, score
from tests.paper import PRINTED

DATASET = load_dataset()


@pytest.mark.parametrize("instrument", PRINTED)
def test_baseline_reproduces_the_papers_totals_percents_and_ranks(instrument):
    table = score(DATASET)
    expected = PRINTED[instrument]
    for city, total in expected["totals"].items():
        result = table.get(city, instrument)
        assert result.total == total
        assert result.maximum == expected["max"]
        assert result.percent == pytest.approx(total / expected["max"] * 100)
        assert round(result.percent + 1e-9) == expected["printed"][city]
        assert result.rank == expected["ranks"][city]
        assert result.delta_percent == 0 and result.rank_change == 0


def test_setting_ayagoz_digital_infrastructure_to_two_ties_it_with_shalkar():
    scenario = Scenario().with_override(("ayagoz", "scri", "digital_infrastructure"), 2)
    table = score(DATASET, scenario)
    ayagoz, shalkar = table.get("ayagoz", "scri"), table.get("shalkar", "scri")
    assert ayagoz.total == 12 and shalkar.total == 12
    assert ayagoz.rank == shalkar.rank == 2
    assert ayagoz.rank_change == 1


def test_setting_it_to_three_makes_ayagoz_overtake_shalkar():
    scenario = Scenario().with_override(("ayagoz", "scri", "digital_infrastructure"), 3)
    table = score(DATASET, scenario)
    assert table.get("ayagoz", "scri").total == 13
    assert table.get("ayagoz", "scri").rank == 2
    assert table.get("shalkar", "scri").rank == 3
    assert table.get("ayagoz", "scri").delta_percent == pytest.approx(2 / 35 * 100)


def test_goalpost_maps_the_scale_ends_to_zero_and_hundred():
    ones = Scenario(
        method="goalpost",
        overrides=tuple((("shu", "scri", i), 1.0) for i in DATASET.instrument("scri").indicator_ids),
    )
    fives = Scenario(
        method="goalpost",
        overrides=tuple((("shu", "scri", i), 5.0) for i in DATASET.instrument("scri").indicator_ids),
    )
    assert score(DATASET, ones).get("shu", "scri").percent == pytest.approx(0)
    assert score(DATASET, fives).get("shu", "scri").percent == pytest.approx(100)
    # Shu's SCRI mean is 15/7; goalpost = (mean - 1) / 4 * 100.
    paper_scores = Scenario(method="goalpost")
    assert score(DATASET, paper_scores).get("shu", "scri").percent == pytest.approx((15 / 7 - 1) / 4 * 100)


def test_geometric_is_the_geometric_mean_as_a_percent_of_five():
    table = score(DATASET, Scenario(method="geometric"))
    shu_scri = [2, 2, 2, 3, 3, 1, 2]
    expected = float(np.prod(shu_scri)) ** (1 / 7) / 5 * 100
    assert table.get("shu", "scri").percent == pytest.approx(expected)


def test_weights_change_the_paper_method_as_a_weighted_mean():
    scenario = Scenario().with_indicator_weight("scri", "environmental_sustainability", 0)
    # Without Environmental Sustainability (all 1), Shu's mean is 14/6.
    assert score(DATASET, scenario).get("shu", "scri").percent == pytest.approx(14 / 6 / 5 * 100)


def test_composite_is_labelled_separately_and_uses_instrument_weights():
    table = score(DATASET)
    assert table.get("shu", COMPOSITE).percent == pytest.approx((15 / 35 + 22 / 40 + 24 / 40) / 3 * 100)
    only_scri = Scenario(instrument_weights=(("stakeholders", 0.0), ("governance", 0.0)))
    assert score(DATASET, only_scri).get("shu", COMPOSITE).percent == pytest.approx(15 / 35 * 100)


def test_bands_follow_the_declared_thresholds():
    table = score(DATASET)
    assert table.get("shu", "scri").band == "low"  # 42.86% is between 30 and 50
    assert table.get("shu", "governance").band == "medium"  # 60%


@pytest.mark.parametrize(
    ("scenario", "key"),
    [
        (Scenario().with_override(("nowhere", "scri", "digital_infrastructure"), 2), "unknown_city"),
        (Scenario().with_override(("shu", "nope", "digital_infrastructure"), 2), "unknown_instrument"),
        (Scenario().with_override(("shu", "scri", "nope"), 2), "unknown_indicator"),
        (Scenario().with_override(("shu", "scri", "digital_infrastructure"), 5.5), "score_out_of_range"),
        (Scenario().with_override(("shu", "scri", "digital_infrastructure"), 0.99), "score_out_of_range"),
        (Scenario().with_indicator_weight("scri", "digital_infrastructure", -1), "bad_weight"),
        (
            Scenario(
                indicator_weights=tuple(
                    (("governance", i), 0.0) for i in DATASET.instrument("governance").indicator_ids
                )
            ),
            "all_weights_zero",
        ),
        (Scenario(method="median"), "unknown_method"),
    ],
)
def test_bad_scenarios_raise_one_documented_exception_where_they_come_in(scenario, key):
    # score() trusts its scenario: files, links and edits are checked on the way in.
    with pytest.raises(SmartCityError) as raised:
        validate(DATASET, scenario)
    assert raised.value.key == key
    assert str(raised.value)


def test_competition_ranks_share_the_best_rank_on_ties():
    assert competition_ranks(np.array([40.0, 55.0, 40.0, 10.0])).tolist() == [2, 1, 2, 4]


def test_a_city_without_scores_is_reported_incomplete_not_scored():
    from smartcity.model import City

    town = City("aral", {"en": "Aral"}, "KZ-43", 46.8, 61.67, origin="user")
    scenario = Scenario(added_cities=(town,)).with_override(("aral", "governance", "ppp_mechanism"), 3)
    table = score(DATASET, scenario)
    assert table.get("aral", "scri") is None
    missing = {(c, i): m for c, i, m in table.incomplete}
    assert missing[("aral", "scri")] == DATASET.instrument("scri").indicator_ids
    assert len(missing[("aral", "governance")]) == 7
