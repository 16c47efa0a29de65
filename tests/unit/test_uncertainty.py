"""Monte Carlo uncertainty: the paper's scores, analytic spreads, rank probabilities, bootstrap, CLI."""

from __future__ import annotations

import csv
import io
import json
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smartcity.analysis import uncertainty
from smartcity.analysis.uncertainty import (
    UncertaintySettings,
    build_model,
    responses_from_survey,
    simulate,
    summary_rows,
    uncertainty_summary,
)
from smartcity.data import load_dataset
from smartcity.errors import SmartCityError
from smartcity.model import City
from smartcity.scenario import Scenario
from smartcity.scoring import COMPOSITE, competition_ranks
from tests.paper import CITIES, PAPER_PERCENT, PRINTED
from tests.support import cli as support_cli

DATASET = load_dataset()
PAPER = Scenario()
NO_NOISE = UncertaintySettings(draws=200, seed=3, score_noise=0, weight_noise=0)


def by_city(summary, values):
    return dict(zip(summary.city_ids, values, strict=True))


def all_threes(city: str, instrument_id: str) -> Scenario:
    """A scenario where a city scores 3 on every indicator: noise of up to ±2 is never clipped."""
    ids = DATASET.instrument(instrument_id).indicator_ids
    return Scenario(overrides=tuple(((city, instrument_id, i), 3.0) for i in ids))


@pytest.mark.parametrize("instrument_id", ["scri", "stakeholders", "governance"])
def test_without_noise_every_draw_is_the_papers_score_and_rank(instrument_id):
    summary = uncertainty_summary(DATASET, PAPER, instrument_id, NO_NOISE)
    for city, expected in PAPER_PERCENT[instrument_id].items():
        for values in (summary.median, summary.p05, summary.p95, summary.point):
            assert by_city(summary, values)[city] == pytest.approx(expected, abs=1e-9)
        row = by_city(summary, summary.rank_probability)[city]
        assert row[PRINTED[instrument_id]["ranks"][city] - 1] == 1.0
        assert row.sum() == 1.0


def test_without_noise_the_composite_is_the_mean_of_the_three_instruments():
    summary = uncertainty_summary(DATASET, PAPER, COMPOSITE, NO_NOISE)
    for city in CITIES:
        expected = sum(PAPER_PERCENT[i][city] for i in PAPER_PERCENT) / 3
        assert by_city(summary, summary.median)[city] == pytest.approx(expected, abs=1e-9)
        assert by_city(summary, summary.p95)[city] - by_city(summary, summary.p05)[city] == pytest.approx(0)


@settings(max_examples=25, deadline=None)
@given(st.floats(min_value=0.001, max_value=1.0), st.sampled_from(["scri", "stakeholders", "governance"]))
def test_an_interval_is_never_wider_than_the_noise_allows(delta, instrument_id):
    # Each score moves by at most delta, so a paper-method percent moves by at most delta / 5 * 100.
    summary = uncertainty_summary(
        DATASET,
        PAPER,
        instrument_id,
        UncertaintySettings(draws=500, seed=1, score_noise=delta, weight_noise=0),
    )
    assert np.all(summary.p95 - summary.p05 <= 2 * delta / 5 * 100 + 1e-9)
    assert np.all(summary.p05 <= summary.median) and np.all(summary.median <= summary.p95)


def test_intervals_shrink_to_nothing_as_the_noise_goes_to_zero():
    widths = []
    for noise in (0.5, 0.1, 0.01, 0.0):
        summary = uncertainty_summary(
            DATASET,
            PAPER,
            COMPOSITE,
            UncertaintySettings(draws=2000, seed=5, score_noise=noise, weight_noise=noise),
        )
        widths.append(float(np.max(summary.p95 - summary.p05)))
    assert widths[0] > widths[1] > widths[2] > widths[3]
    assert widths[3] == pytest.approx(0, abs=1e-9)


def test_the_spread_of_a_score_matches_the_uniform_noise_it_comes_from():
    # Seven scores of 3, each plus U(-δ, δ): percent = 20 · mean, so its sd is 20 · δ / sqrt(3 · 7).
    delta = 0.5
    model = build_model(
        DATASET,
        all_threes("shu", "scri"),
        "scri",
        UncertaintySettings(draws=40_000, seed=11, score_noise=delta, weight_noise=0),
    )
    percents = simulate(model)[0][:, model.city_ids.index("shu")]
    assert percents.std() == pytest.approx(20 * delta / math.sqrt(21), rel=0.02)
    assert np.median(percents) == pytest.approx(60, abs=0.05)


def test_equal_scores_make_any_weights_give_the_same_percent():
    # Shu scores 3 on every governance indicator (Table 4): 60% whatever the weights.
    for kind in ("uniform", "dirichlet"):
        summary = uncertainty_summary(
            DATASET,
            PAPER,
            "governance",
            UncertaintySettings(draws=1000, seed=2, score_noise=0, weight_noise=0.9, weight_noise_kind=kind),
        )
        shu = summary.city_ids.index("shu")
        assert summary.p05[shu] == pytest.approx(60) and summary.p95[shu] == pytest.approx(60)


def test_dirichlet_weights_keep_the_chosen_shares_on_average():
    # Paper method is linear in the weight shares, and a Dirichlet's mean is the chosen shares.
    model = build_model(
        DATASET,
        PAPER,
        "scri",
        UncertaintySettings(
            draws=20_000, seed=4, score_noise=0, weight_noise=0.5, weight_noise_kind="dirichlet"
        ),
    )
    percents = simulate(model)[0]
    for city in CITIES:
        column = percents[:, model.city_ids.index(city)]
        assert column.mean() == pytest.approx(PAPER_PERCENT["scri"][city], abs=0.05)
        assert column.std() > 0.3


def test_an_uncertain_method_gives_the_scores_of_the_chosen_methods_half_the_time_each():
    settings_ = UncertaintySettings(
        draws=4000, seed=9, score_noise=0, weight_noise=0, methods=("paper", "geometric")
    )
    model = build_model(DATASET, PAPER, "scri", settings_)
    shu = simulate(model)[0][:, model.city_ids.index("shu")]
    paper = 15 / 35 * 100
    geometric = math.exp(np.mean(np.log([2, 2, 2, 3, 3, 1, 2]))) / 5 * 100  # Shu's SCRI row, Table 2
    assert set(np.round(np.unique(shu), 9)) == {round(paper, 9), round(geometric, 9)}
    assert np.mean(np.isclose(shu, paper)) == pytest.approx(0.5, abs=0.03)


def test_the_same_seed_gives_the_same_numbers_and_another_seed_does_not():
    chosen = UncertaintySettings(draws=3000, seed=42)
    first = uncertainty_summary(DATASET, PAPER, COMPOSITE, chosen)
    second = uncertainty_summary(DATASET, PAPER, COMPOSITE, chosen)
    other = uncertainty_summary(DATASET, PAPER, COMPOSITE, UncertaintySettings(draws=3000, seed=43))
    for name in ("median", "p05", "p95", "rank_probability", "above_probability"):
        assert np.array_equal(getattr(first, name), getattr(second, name))
    assert not np.array_equal(first.median, other.median)


def test_the_numbers_do_not_depend_on_the_chunk_size(monkeypatch):
    chosen = UncertaintySettings(draws=1500, seed=8, methods=("paper", "goalpost"))
    whole = uncertainty_summary(DATASET, PAPER, COMPOSITE, chosen)
    monkeypatch.setattr(uncertainty, "CHUNK_CELLS", 500)
    chunked = uncertainty_summary(DATASET, PAPER, COMPOSITE, chosen)
    assert np.array_equal(whole.median, chunked.median)
    assert np.array_equal(whole.rank_probability, chunked.rank_probability)


summary_settings = st.builds(
    UncertaintySettings,
    draws=st.integers(1, 300),
    seed=st.integers(0, 2**32),
    score_noise=st.sampled_from([0.0, 0.2, 0.5, 1.0]),
    weight_noise=st.sampled_from([0.0, 0.25, 1.0]),
    weight_noise_kind=st.sampled_from(["uniform", "dirichlet"]),
    methods=st.sampled_from([(), ("paper", "goalpost", "geometric")]),
)


@settings(max_examples=40, deadline=None)
@given(summary_settings, st.sampled_from(["scri", "stakeholders", "governance", COMPOSITE]))
def test_rank_probabilities_are_distributions_over_ranks(chosen, instrument_id):
    summary = uncertainty_summary(DATASET, PAPER, instrument_id, chosen)
    n = len(summary.city_ids)
    assert np.allclose(summary.rank_probability.sum(axis=1), 1)
    assert summary.rank_probability.sum() == pytest.approx(n)
    # Competition ranks: in every draw ranks 1..k hold at least k cities, so the columns' running sums do too.
    assert np.all(np.cumsum(summary.rank_probability.sum(axis=0)) >= np.arange(1, n + 1) - 1e-9)
    pairs = summary.above_probability + summary.above_probability.T
    assert np.all(pairs <= 1 + 1e-9) and np.all(np.diag(summary.above_probability) == 0)


def test_with_continuous_score_noise_every_rank_column_sums_to_one_too():
    summary = uncertainty_summary(DATASET, PAPER, "stakeholders", UncertaintySettings(draws=3000, seed=1))
    assert np.allclose(summary.rank_probability.sum(axis=0), 1)
    pairs = summary.above_probability + summary.above_probability.T
    assert np.allclose(pairs[~np.eye(3, dtype=bool)], 1)


def test_tied_cities_share_the_better_rank_in_every_draw():
    # Ayagoz and Shalkar both score 14/40 on stakeholders (Table 3) with the same scores; weight
    # noise moves both alike, so they tie in every draw: rank 2 for both, nobody third.
    summary = uncertainty_summary(
        DATASET,
        PAPER,
        "stakeholders",
        UncertaintySettings(draws=2000, seed=6, score_noise=0, weight_noise=0.5),
    )
    ranks = by_city(summary, summary.rank_probability)
    assert list(ranks["ayagoz"]) == [0, 1, 0] and list(ranks["shalkar"]) == [0, 1, 0]
    assert list(summary.rank_probability.sum(axis=0)) == [1, 2, 0]
    ayagoz, shalkar = summary.city_ids.index("ayagoz"), summary.city_ids.index("shalkar")
    assert summary.above_probability[ayagoz, shalkar] == summary.above_probability[shalkar, ayagoz] == 0


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.lists(st.integers(0, 4), min_size=1, max_size=7), min_size=1, max_size=5).filter(
        lambda rows: len({len(r) for r in rows}) == 1
    )
)
def test_competition_ranks_count_the_strictly_better_cities(rows):
    percents = np.array(rows, dtype=float) * 12.5 + 0.1  # few distinct values: many ties
    better = [[1 + sum(other > mine for other in row) for mine in row] for row in percents.tolist()]
    assert competition_ranks(percents).tolist() == better


def test_a_city_without_scores_is_left_out():
    added = City(
        id="aral", names={"en": "Aral"}, region_iso="KZ-43", latitude=None, longitude=None, origin="user"
    )
    summary = uncertainty_summary(DATASET, Scenario(added_cities=(added,)), "scri", NO_NOISE)
    assert summary.city_ids == CITIES


def test_rows_print_percents_as_score_does_in_rank_order():
    rows = summary_rows(uncertainty_summary(DATASET, PAPER, "scri", NO_NOISE))
    assert [row["city"] for row in rows] == ["shu", "shalkar", "ayagoz"]
    assert rows[0]["median"] == rows[0]["p05"] == rows[0]["p95"] == 42.86
    assert rows[1]["p_rank_2"] == 1.0 and rows[2]["p_rank_3"] == 1.0
    assert rows[0]["p_above"] == {"ayagoz": 1.0, "shalkar": 1.0}


@pytest.mark.parametrize(
    ("changes", "key"),
    [
        ({"draws": 0}, "bad_draws"),
        ({"seed": -1}, "bad_seed"),
        ({"score_noise": -0.1}, "bad_score_noise"),
        ({"score_noise": math.nan}, "bad_score_noise"),
        ({"weight_noise": 1.5}, "bad_weight_noise"),
        ({"weight_noise_kind": "gaussian"}, "bad_weight_noise_kind"),
        ({"methods": ("median",)}, "unknown_method"),
    ],
)
def test_bad_settings_are_refused_with_a_named_reason(changes, key):
    with pytest.raises(SmartCityError) as raised:
        uncertainty_summary(DATASET, PAPER, "scri", UncertaintySettings(**changes))
    assert raised.value.key == key


def test_an_unknown_instrument_is_refused():
    with pytest.raises(SmartCityError) as raised:
        uncertainty_summary(DATASET, PAPER, "happiness")
    assert raised.value.key == "unknown_instrument"


# --- respondent bootstrap -----------------------------------------------------------------


def generated_responses(seed: int, respondents: int = 30, blank_share: float = 0.0):
    """Random whole answers 1-5 for every city and instrument, with some blanks."""
    rng = np.random.default_rng(seed)
    found = {}
    for city in CITIES:
        for instrument in DATASET.instruments:
            answers = rng.integers(1, 6, size=(respondents, len(instrument.indicators))).astype(float)
            answers[rng.random(answers.shape) < blank_share] = np.nan
            found[(city, instrument.id)] = answers
    return found


def test_the_bootstrap_spread_of_a_mean_matches_its_standard_error():
    # Paper method, equal weights, no blanks: percent = 20 · mean over respondents of each row's mean,
    # and the bootstrap sd of a mean of n rows is the rows' population sd / sqrt(n).
    responses = generated_responses(seed=12)
    model = build_model(
        DATASET,
        PAPER,
        "scri",
        UncertaintySettings(draws=40_000, seed=2, score_noise=0, weight_noise=0),
        responses,
    )
    percents = simulate(model)[0]
    for city in CITIES:
        rows = responses[(city, "scri")].mean(axis=1)
        column = percents[:, model.city_ids.index(city)]
        assert column.mean() == pytest.approx(20 * rows.mean(), abs=0.05)
        assert column.std() == pytest.approx(20 * rows.std() / math.sqrt(len(rows)), rel=0.03)


def test_resampled_scores_get_no_score_noise_and_identical_answers_do_not_vary():
    responses = {
        (city, i.id): np.full((10, len(i.indicators)), 4.0) for city in CITIES for i in DATASET.instruments
    }
    summary = uncertainty_summary(
        DATASET, PAPER, COMPOSITE, UncertaintySettings(draws=500, score_noise=0.5, weight_noise=0), responses
    )
    assert summary.sources == ("respondents",)
    assert np.allclose(summary.p05, 80) and np.allclose(summary.p95, 80)


def test_bootstrap_means_ignore_blanks_and_stay_within_the_answers():
    responses = generated_responses(seed=3, respondents=12, blank_share=0.3)
    model = build_model(
        DATASET, PAPER, "governance", UncertaintySettings(draws=300, score_noise=0, weight_noise=0), responses
    )
    percents = simulate(model)[0]
    for city in CITIES:
        answers = responses[(city, "governance")]
        low = np.nanmin(answers, axis=0).mean() / 5 * 100
        high = np.nanmax(answers, axis=0).mean() / 5 * 100
        column = percents[:, model.city_ids.index(city)]
        assert np.all(column >= low - 1e-9) and np.all(column <= high + 1e-9)
    assert {group.id for group in model.groups} >= {
        "respondents:shu",
        "respondents:ayagoz",
        "respondents:shalkar",
    }


def test_an_overridden_score_is_not_resampled():
    responses = generated_responses(seed=4)
    ids = DATASET.instrument("scri").indicator_ids
    fixed = Scenario(overrides=tuple((("shu", "scri", i), 3.0) for i in ids))
    summary = uncertainty_summary(
        DATASET, fixed, "scri", UncertaintySettings(draws=300, score_noise=0, weight_noise=0), responses
    )
    shu = summary.city_ids.index("shu")
    assert summary.p05[shu] == pytest.approx(60) and summary.p95[shu] == pytest.approx(60)
    assert summary.p95[summary.city_ids.index("ayagoz")] > summary.p05[summary.city_ids.index("ayagoz")]


@pytest.mark.parametrize(
    ("answers", "key"),
    [
        (np.ones((5, 3)), "bad_responses_shape"),
        (np.full((5, 7), 7.0), "bad_response_value"),
    ],
)
def test_bad_responses_are_refused(answers, key):
    with pytest.raises(SmartCityError) as raised:
        uncertainty_summary(DATASET, PAPER, "scri", responses={("shu", "scri"): answers})
    assert raised.value.key == key


def test_a_citys_instruments_must_list_the_same_respondents():
    responses = {("shu", "scri"): np.full((5, 7), 3.0), ("shu", "governance"): np.full((6, 8), 3.0)}
    with pytest.raises(SmartCityError) as raised:
        uncertainty_summary(DATASET, PAPER, COMPOSITE, responses=responses)
    assert raised.value.key == "responses_rows_differ"


def test_survey_matrices_split_per_instrument_with_blanks_kept():
    rows = [
        ("r1", "civil_society", "shu", "scri", "digital_infrastructure", 4.0),
        ("r1", "civil_society", "shu", "governance", "political_stability", 2.0),
        ("r2", "researchers", "shu", "scri", "digital_infrastructure", 2.0),
    ]
    frame = pd.DataFrame(
        rows, columns=["respondent_id", "stakeholder_group", "city", "instrument", "indicator", "score"]
    )
    split = responses_from_survey(DATASET, frame)
    assert set(split) == {("shu", "scri"), ("shu", "governance")}
    assert split[("shu", "scri")].shape == (2, 7) and split[("shu", "governance")].shape == (2, 8)
    assert list(split[("shu", "scri")][:, 0]) == [4.0, 2.0]
    assert np.isnan(split[("shu", "governance")][1]).all()


# --- the CLI ------------------------------------------------------------------------------


def run_cli(*args: str) -> support_cli.CliRun:
    return support_cli.run_cli("uncertainty", *args)


def test_cli_without_noise_prints_the_papers_percents_as_collapsed_intervals():
    done = run_cli("--instrument", "scri", "--score-noise", "0", "--weight-noise", "0", "--draws", "100")
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert list(rows[0])[:9] == [
        "city",
        "instrument",
        "point",
        "median",
        "p05",
        "p95",
        "p_rank_1",
        "p_rank_2",
        "p_rank_3",
    ]
    got = {row["city"]: (row["median"], row["p05"], row["p95"]) for row in rows}
    assert got == {"shu": ("42.86",) * 3, "shalkar": ("34.29",) * 3, "ayagoz": ("31.43",) * 3}


def test_cli_json_has_rank_probabilities_summing_to_one_and_pairwise_probabilities():
    args = ("--instrument", COMPOSITE, "--draws", "2000", "--seed", "7", "--format", "json",
            "--set", "ayagoz.scri.digital_infrastructure=3", "--vary-method")  # fmt: skip
    done = run_cli(*args)
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    for row in rows:
        assert sum(row[f"p_rank_{r}"] for r in (1, 2, 3)) == pytest.approx(1, abs=2e-4)
        assert set(row["p_above"]) == set(CITIES) - {row["city"]}
    assert json.loads(run_cli(*args).stdout) == rows  # the same seed, the same figures


def test_cli_resamples_the_respondents_of_a_survey_file(tmp_path):
    # Ten respondents answer every SCRI question for Shu with 1 or 5: the mean is 3 (60%),
    # and resampling them moves it, while the other cities keep the paper's scores exactly.
    survey = tmp_path / "responses.csv"
    lines = ["respondent_id,stakeholder_group,city,instrument,indicator,score"]
    lines += [
        f"r{n},civil_society,shu,scri,{indicator},{1 + 4 * (n % 2)}"
        for n in range(10)
        for indicator in DATASET.instrument("scri").indicator_ids
    ]
    survey.write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = run_cli("--responses", str(survey), "--score-noise", "0", "--weight-noise", "0", "--draws", "2000")
    assert done.returncode == 0, done.stderr
    rows = {row["city"]: row for row in csv.DictReader(io.StringIO(done.stdout))}
    assert rows["shu"]["point"] == "60.0"
    assert float(rows["shu"]["p05"]) < 60 < float(rows["shu"]["p95"])
    assert rows["shalkar"]["p05"] == rows["shalkar"]["p95"] == "34.29"


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["--draws", "0"], "0"),
        (["--draws", "many"], "many"),
        (["--score-noise", "9"], "9"),
        (["--weight-noise", "-1"], "-1"),
        (["--instrument", "happiness"], "happiness"),
        (["--seed", "-5"], "-5"),
        (["--set", "shu.scri.digital_infrastructure=8"], "8"),
    ],
)
def test_cli_bad_input_exits_2_with_one_line(args, named):
    done = run_cli(*args)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and named in lines[0] and "Traceback" not in done.stderr
