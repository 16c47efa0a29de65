"""Results statistics of a round, against numbers worked out by hand (and scipy's Friedman test)."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy.stats import friedmanchisquare

from smartcity.analysis import consensus
from smartcity.data import load_dataset
from smartcity.store.rounds import LONG_COLUMNS, Round, RoundGroup

DATASET = load_dataset()
A, B, C = "digital_infrastructure", "physical_infrastructure", "institutional_readiness"
ROUND = Round(
    "abcdefghijklmnop",
    "Shu, hand-worked",
    ("shu",),
    ("scri",),
    (RoundGroup("civil_society", 30), RoundGroup("researchers", 10)),
    date(2026, 3, 1),
    date(2026, 3, 31),
    ("en",),
    datetime(2026, 3, 1, tzinfo=UTC),
    closed_at=datetime(2026, 4, 1, 9, tzinfo=UTC),
)
ANSWERS = {  # respondent: (group, {indicator: score or None for "don't know"})
    "R1": ("civil_society", {A: 1, B: 2, C: 3}),
    "R2": ("civil_society", {A: 2, B: 2, C: 4}),
    "R3": ("researchers", {A: 1, B: 3, C: 5}),
    "R4": ("researchers", {A: None, B: 3, C: 5}),
}


def _frame(answers: dict[str, tuple[str, dict[str, int | None]]], city: str = "shu") -> pd.DataFrame:
    rows = [
        (person, group, city, "scri", indicator, np.nan if value is None else float(value))
        for person, (group, scores) in answers.items()
        for indicator, value in scores.items()
    ]
    frame = pd.DataFrame(rows, columns=list(LONG_COLUMNS))
    frame["stakeholder_group"] = pd.Categorical(frame["stakeholder_group"], categories=DATASET.group_ids)
    for column in ("city", "instrument", "indicator"):
        frame[column] = pd.Categorical(frame[column])
    return frame


RESPONSES = _frame(ANSWERS)


def _row(table: pd.DataFrame, indicator: str) -> pd.Series:
    return table.set_index("indicator").loc[indicator]


def test_indicator_statistics_by_hand():
    table = consensus.indicator_statistics(RESPONSES)
    a, c = _row(table, A), _row(table, C)
    # A: 1, 2, 1 (R4 does not know): median 1, quartiles 1 and 1.5, all within 1 of the median.
    assert (a["n"], a["mean"], a["median"], a["q1"], a["q3"], a["iqr"], a["within_one"]) == pytest.approx(
        (3, 4 / 3, 1, 1, 1.5, 0.5, 1.0)
    )
    # C: 3, 4, 5, 5: median 4.5, quartiles 3.75 and 5; 3 is 1.5 away, so 3 of 4 are within 1.
    assert (c["n"], c["mean"], c["median"], c["q1"], c["q3"], c["iqr"], c["within_one"]) == pytest.approx(
        (4, 4.25, 4.5, 3.75, 5, 1.25, 0.75)
    )
    # sd = sqrt(2.75 / 3) = 0.957427; t(0.975, 3 df) = 3.182446; half-width 3.182446 * 0.957427 / 2.
    assert (c["ci_low"], c["ci_high"]) == pytest.approx((4.25 - 1.523483, 4.25 + 1.523483), abs=1e-5)
    assert table["flagged"].all()  # fewer than 5 answers each
    assert not consensus.indicator_statistics(RESPONSES, min_answers=3)["flagged"].any()


def test_an_indicator_nobody_could_answer_has_n_0_and_no_consensus():
    frame = _frame({"R1": ("civil_society", {A: None, B: 4}), "R2": ("researchers", {A: None, B: 4})})
    a = _row(consensus.indicator_statistics(frame), A)
    assert a["n"] == 0 and math.isnan(a["mean"]) and math.isnan(a["iqr"]) and math.isnan(a["within_one"])


def test_kendalls_w_with_ties_by_hand():
    # Raters R1-R3 (R4 skipped A): ranks 1,2,3 / 1.5,1.5,3 / 1,2,3; rank sums 3.5, 5.5, 9 around 6: S = 15.5.
    # One tie of 2 in R2: T = 2^3 - 2 = 6. W = 12 * 15.5 / (3^2 * (3^3 - 3) - 3 * 6) = 186 / 198 = 31 / 33.
    ratings = np.array([[1, 2, 3], [2, 2, 4], [1, 3, 5]], dtype=float)
    assert consensus.kendall_w(ratings) == pytest.approx(31 / 33)
    [row] = consensus.kendall_table(RESPONSES).to_dict("records")
    assert (row["city"], row["instrument"], row["raters"], row["items"]) == ("shu", "scri", 3, 3)
    assert row["w"] == pytest.approx(31 / 33)
    assert row["chi2"] == pytest.approx(3 * 2 * 31 / 33)  # m (n - 1) W
    assert row["chi2"] == pytest.approx(friedmanchisquare(*ratings.T).statistic)


def test_kendalls_w_is_1_for_full_agreement_and_undefined_without_spread():
    assert consensus.kendall_w(np.array([[1, 2, 3, 4], [1, 2, 3, 4], [1, 2, 3, 4]], dtype=float)) == 1.0
    assert consensus.kendall_w(np.array([[1, 2, 3], [3, 2, 1]], dtype=float)) == 0.0
    assert math.isnan(consensus.kendall_w(np.array([[3, 3, 3], [2, 2, 2]], dtype=float)))  # all tied
    assert math.isnan(consensus.kendall_w(np.array([[1, 2, 3]], dtype=float)))  # one rater


KNOWN_TABLE = np.array(  # 6 raters x 5 items, with ties
    [[1, 2, 3, 4, 5], [2, 2, 3, 5, 4], [1, 3, 3, 3, 5], [1, 1, 2, 4, 4], [2, 1, 4, 3, 5], [5, 4, 3, 2, 1]],
    dtype=float,
)


def test_kendalls_w_agrees_with_scipys_tie_corrected_friedman_statistic_on_a_known_table():
    raters, items = KNOWN_TABLE.shape
    expected = friedmanchisquare(*KNOWN_TABLE.T).statistic / (raters * (items - 1))
    assert consensus.kendall_w(KNOWN_TABLE) == pytest.approx(expected)


@settings(max_examples=60, deadline=None)
@given(arrays(np.int64, st.tuples(st.integers(2, 12), st.integers(3, 8)), elements=st.integers(1, 5)))
def test_kendalls_w_agrees_with_scipy_on_any_table(table: np.ndarray):
    """scipy's Friedman test needs at least 3 items."""
    ratings = table.astype(float)
    w = consensus.kendall_w(ratings)
    if np.all(
        ratings == ratings[:, :1]
    ):  # every rater ties every item: W (and Friedman's statistic) undefined
        assert math.isnan(w)
        return
    raters, items = ratings.shape
    assert 0 <= w <= 1 + 1e-12
    assert w == pytest.approx(friedmanchisquare(*ratings.T).statistic / (raters * (items - 1)), abs=1e-9)


def test_the_two_weightings_and_the_small_group_warning_by_hand():
    table, warnings = consensus.weighted_means(RESPONSES, ROUND)
    # Target shares 30:10 = 0.75 / 0.25. C: civil society (3 + 4) / 2 = 3.5, researchers 5: 3.875; plain 4.25.
    assert (_row(table, C)["per_respondent"], _row(table, C)["group_weighted"]) == pytest.approx(
        (4.25, 3.875)
    )
    # A: civil society 1.5, researchers 1 (R4 does not know): 0.75 * 1.5 + 0.25 * 1 = 1.375; plain 4 / 3.
    assert (_row(table, A)["per_respondent"], _row(table, A)["group_weighted"]) == pytest.approx(
        (4 / 3, 1.375)
    )
    assert warnings == [
        consensus.SmallGroup("shu", "civil_society", 2),
        consensus.SmallGroup("shu", "researchers", 2),
    ]
    assert "2" in warnings[0].message("ru") and "3" in warnings[0].message("kk")


def test_a_group_of_the_round_that_nobody_answered_for_is_warned_about_with_0():
    one_group = _frame({f"R{i}": ("civil_society", {A: 3}) for i in range(3)})
    table, warnings = consensus.weighted_means(one_group, ROUND)
    assert warnings == [consensus.SmallGroup("shu", "researchers", 0)]
    assert _row(table, A)["group_weighted"] == 3.0  # the weights renormalise over the groups that answered


def test_progress_against_the_targets():
    progress = consensus.group_progress(RESPONSES, ROUND)
    assert progress.values.tolist() == [["civil_society", 2, 30, 2 / 30], ["researchers", 2, 10, 0.2]]


def test_the_rolling_blend_weights_the_last_three_rounds_3_2_1():
    k, j = ("shu", "scri", A), ("shu", "scri", B)
    newest_first = [{k: 4.0}, {k: 2.0, j: 3.0}, {k: 1.0, j: 5.0}, {k: 5.0}]
    blend = consensus.rolling_blend(newest_first)
    assert blend[k] == pytest.approx((3 * 4 + 2 * 2 + 1 * 1) / 6)  # the fourth round is left out
    assert blend[j] == pytest.approx((2 * 3 + 1 * 5) / 3)  # missing from the newest: 2:1 over the others
    assert consensus.rolling_blend(newest_first[:2])[k] == pytest.approx((3 * 4 + 2 * 2) / 5)


def test_the_change_between_two_rounds_in_points():
    key = ("shu", "scri", A)
    paper = consensus.paper_scores(DATASET)
    later = {**paper, key: paper[key] + 2}
    change = consensus.round_change(DATASET, paper, later).set_index(["city", "instrument"])
    assert change.loc[("shu", "scri"), "before_percent"] == pytest.approx(15 / 35 * 100)  # Table 2
    assert change.loc[("shu", "scri"), "delta_points"] == pytest.approx(2 / 35 * 100)  # 2 of 35 points
    assert change.loc[("shu", "composite"), "delta_points"] == pytest.approx(2 / 35 * 100 / 3)
    assert change.drop(index=[("shu", "scri"), ("shu", "composite")])["delta_points"].abs().max() == 0
    only_shu = consensus.round_change(DATASET, paper, {key: 5.0})
    assert set(only_shu["city"]) == {"shu"}


def test_a_round_becomes_a_scenario_layer_named_by_its_title_and_date():
    layer = consensus.round_layer(ROUND, RESPONSES)
    assert layer.id == "round-abcdefghijklmnop" and layer.origin == "Shu, hand-worked (2026-04-01)"
    assert dict(layer.scores) == pytest.approx(
        {("shu", "scri", A): 4 / 3, ("shu", "scri", B): 2.5, ("shu", "scri", C): 4.25}
    )
    assert consensus.round_scores(RESPONSES) == pytest.approx(dict(layer.scores))
