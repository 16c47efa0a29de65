"""Uncertainty charts: traces and "show data" tables carry the results they draw, per language, escaped.

Expected numbers come from the paper's Tables 2-3, from the summary or sensitivity objects the charts
are given, or from the Monte Carlo draws recounted here with plain numpy.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

import numpy as np
import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from plotly.basedatatypes import BaseTraceType

from smartcity.analysis.sensitivity import (
    GroupSensitivity,
    Indices,
    SensitivityResult,
    leave_one_out,
    scenario_sensitivity,
)
from smartcity.analysis.uncertainty import (
    InputGroup,
    UncertaintySettings,
    UncertaintySummary,
    build_model,
    uncertainty_summary,
    uniform_chunks,
)
from smartcity.cities import new_city
from smartcity.data import load_dataset
from smartcity.i18n.catalog import catalogue, format_number
from smartcity.i18n.labels import indicator_name
from smartcity.model import City
from smartcity.scenario import Scenario, ScoreLayer
from smartcity.scoring import COMPOSITE
from smartcity.views import uncertainty_charts as uc
from smartcity.views.charts import Chart, heat_colour
from smartcity.views.colors import DARK_TEXT, LIGHT_TEXT, contrast_ratio
from tests.paper import CITIES, PAPER_PERCENT, SCRI_INDICATOR_NAMES, TABLE_2

DATASET = load_dataset()
PAPER = Scenario()
LANGUAGES = ("en", "kk", "ru")
TRANSLATED = ("kk", "ru")
CITY_NAMES = {
    "en": ["Shu", "Ayagoz", "Shalkar"],
    "kk": ["Шу", "Аягөз", "Шалқар"],
    "ru": ["Шу", "Аягоз", "Шалкар"],
}
NOISY = UncertaintySettings(draws=400, seed=11)
NO_NOISE = UncertaintySettings(draws=200, seed=3, score_noise=0, weight_noise=0)
HOSTILE = "<img src=x onerror=alert(1)>"
# The paper's abbreviation, which the Kazakh and Russian catalogues keep as it is.
LATIN_KEPT = {"SCRI"}
# Plotly's own markup in hover templates (placeholders, line breaks, the side box): not text a reader sees.
PLOTLY_MARKUP = re.compile(r"%\{[^}]*\}|</?extra>|<br>")


@cache
def summary(
    instrument_id: str, settings: UncertaintySettings, scenario: Scenario = PAPER
) -> UncertaintySummary:
    return uncertainty_summary(DATASET, scenario, instrument_id, settings)


@cache
def real_sensitivity() -> SensitivityResult:
    return scenario_sensitivity(DATASET, PAPER, "scri", "shu", NOISY, base_samples=64, resamples=20)


@cache
def hostile_town() -> City:
    return new_city({"en": HOSTILE}, 46.8, 61.67, DATASET.cities)


@cache
def hostile_scenario() -> Scenario:
    """The paper plus a town with a hostile name: SCRI scores from a survey layer, the rest overridden."""
    town = hostile_town()
    layer_scores = tuple(((town.id, "scri", i), 3.0) for i in DATASET.instrument("scri").indicator_ids)
    scenario = PAPER.with_city(town).with_layer(ScoreLayer("round1", "survey", layer_scores))
    for instrument_id in ("stakeholders", "governance"):
        for indicator_id in DATASET.instrument(instrument_id).indicator_ids:
            scenario = scenario.with_override((town.id, instrument_id, indicator_id), 2.0)
    return scenario


def hostile_responses() -> dict[tuple[str, str], np.ndarray]:
    rng = np.random.default_rng(5)
    return {(hostile_town().id, "scri"): rng.integers(1, 6, size=(12, 7)).astype(float)}


def synthetic_sensitivity(instrument_id: str = "scri") -> SensitivityResult:
    """Indices of every kind of input group, chosen by hand (one negative, as estimates near 0 can be)."""
    return SensitivityResult(
        instrument_id,
        "shu",
        "percent",
        12.5,
        64,
        9,
        (
            GroupSensitivity(
                InputGroup("scores", "scri.digital_infrastructure", (0, 1, 2)),
                Indices(0.4123, 0.35, 0.4701, 0.5555, 0.43, 0.6789),
            ),
            GroupSensitivity(InputGroup("weights", "", (3, 4)), Indices(0.1, 0.05, 0.15, 0.2, 0.125, 0.3)),
            GroupSensitivity(InputGroup("method", "", (5,)), Indices(-0.0125, -0.05, 0.03, 0.02, 0.0, 0.04)),
            GroupSensitivity(
                InputGroup("respondents", "ayagoz", (6, 7, 8)), Indices(0.25, 0.2, 0.3, 0.333, 0.3, 0.375)
            ),
        ),
    )


def by_name(chart: Chart) -> dict[str, BaseTraceType]:
    return {trace.name: trace for trace in chart.figure.data}


def parse_number(text: str, language: str) -> float:
    """A number as the table shows it, read back without the formatting code."""
    if language == "en":
        return float(text.replace(",", ""))
    return float(text.replace("\xa0", "").replace("\u202f", "").replace(",", "."))


def assert_number_cell(cell: str, value: float, language: str, decimals: int) -> None:
    """The cell shows ``value`` to ``decimals`` places with the language's decimal mark."""
    mark = r"\." if language == "en" else ","
    group = "," if language == "en" else "[\xa0\u202f]"
    assert re.fullmatch(rf"-?\d{{1,3}}(?:{group}\d{{3}})*{mark}\d{{{decimals}}}", cell), cell
    assert abs(parse_number(cell, language) - value) <= 0.5 * 10**-decimals + 1e-9
    assert cell == format_number(value, language, decimals)


def strings_in(value: object) -> Iterator[str]:
    """Every string anywhere in a nested figure dictionary."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings_in(item)
    elif isinstance(value, list | tuple | np.ndarray):
        for item in value:
            yield from strings_in(item)


def visible_texts(chart: Chart) -> list[str]:
    """Text a reader sees: titles, axis titles, legends, tick labels, cell and hover text, the table."""
    figure = chart.figure
    texts = [figure.layout.title.text, figure.layout.xaxis.title.text, figure.layout.yaxis.title.text]
    for trace in figure.data:
        texts.append(trace.name)
        texts.append(PLOTLY_MARKUP.sub(" ", trace.hovertemplate or ""))
        for key in ("x", "y", "text", "customdata"):
            texts.extend(strings_in(getattr(trace, key, None)))
    texts.extend(str(column) for column in chart.data.columns)
    texts.extend(cell for cell in chart.data.to_numpy().ravel() if isinstance(cell, str))
    return [text for text in texts if text]


def english_fragments(language: str) -> set[str]:
    """Literal text of English messages that ``language`` translates differently (placeholders cut out)."""
    english, translated = catalogue("en"), catalogue(language)
    fragments = set()
    for key, text in english.items():
        if translated.get(key) == text:
            continue
        for piece in re.split(r"%?\{[^}]*\}", text):
            piece = piece.strip(" .,:;()–-")
            if re.search(r"[A-Za-z]{3,}", piece) and piece not in LATIN_KEPT:
                fragments.add(piece)
    return fragments


def all_charts(language: str) -> dict[str, Chart]:
    scri = summary("scri", NOISY)
    return {
        "intervals": uc.interval_chart(DATASET, PAPER, scri, language),
        "ranks": uc.rank_heatmap(DATASET, PAPER, scri, language),
        "above": uc.above_matrix(DATASET, PAPER, scri, language),
        "sensitivity": uc.sensitivity_chart(DATASET, PAPER, synthetic_sensitivity(), language),
        "sensitivity_composite": uc.sensitivity_chart(
            DATASET, PAPER, synthetic_sensitivity(COMPOSITE), language
        ),
        "sensitivity_rank": uc.sensitivity_chart(DATASET, PAPER, real_sensitivity(), language),
        "loo": uc.leave_one_out_chart(
            DATASET, PAPER, leave_one_out(DATASET, PAPER, "scri"), "scri", language
        ),
        "loo_composite": uc.leave_one_out_chart(
            DATASET, PAPER, leave_one_out(DATASET, PAPER, COMPOSITE), COMPOSITE, language
        ),
    }


# --- settings caption -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "draws", "score_noise", "weight_noise"),
    [
        ("en", "12,345", "0.75", "30%"),
        ("kk", "12\xa0345", "0,75", "30%"),
        ("ru", "12\xa0345", "0,75", "30%"),
    ],
)
def test_caption_names_the_seed_and_the_draws_in_the_languages_format(
    language, draws, score_noise, weight_noise
):
    settings = UncertaintySettings(draws=12345, seed=987654, score_noise=0.75, weight_noise=0.3)
    caption = uc.settings_caption(settings, ("paper", "geometric"), language)
    assert draws in caption
    # The seed is typed back in to reproduce a figure: its digits stay together in every language.
    assert "987654" in caption
    assert f"±{score_noise}" in caption and f"±{weight_noise}" in caption
    for method in ("paper", "geometric"):
        assert catalogue(language)[f"method.{method}"] in caption


@pytest.mark.parametrize("language", TRANSLATED)
def test_caption_has_no_english_text_in_kazakh_and_russian(language):
    settings = UncertaintySettings(draws=500, seed=1, weight_noise_kind="dirichlet")
    caption = uc.settings_caption(settings, ("paper", "goalpost", "geometric"), language)
    assert not [piece for piece in english_fragments(language) if piece in caption]
    assert re.findall(r"[A-Za-z]{3,}", caption) == []


# --- intervals ------------------------------------------------------------------------------


@pytest.mark.parametrize("instrument_id", ["scri", "stakeholders"])
def test_without_noise_the_interval_chart_draws_the_papers_percent_with_no_spread(instrument_id):
    chart = uc.interval_chart(DATASET, PAPER, summary(instrument_id, NO_NOISE), "en")
    drawn, point = list(by_name(chart).values())
    expected = [PAPER_PERCENT[instrument_id][c] for c in CITIES]
    assert list(drawn["x"]) == list(point["x"]) == ["Shu", "Ayagoz", "Shalkar"]
    assert np.allclose(drawn["y"], expected) and np.allclose(point["y"], expected)
    assert np.allclose(drawn["error_y"]["array"], 0) and np.allclose(drawn["error_y"]["arrayminus"], 0)


def test_interval_error_bars_run_from_p05_to_p95_around_the_median():
    result = summary("scri", NOISY)
    drawn, point = list(by_name(uc.interval_chart(DATASET, PAPER, result, "en")).values())
    median = np.asarray(drawn["y"])
    assert np.allclose(median, result.median)
    assert np.allclose(median + np.asarray(drawn["error_y"]["array"]), result.p95)
    assert np.allclose(median - np.asarray(drawn["error_y"]["arrayminus"]), result.p05)
    assert drawn["error_y"]["symmetric"] is False
    # The scenario's own score stays the paper's, whatever the noise.
    assert np.allclose(point["y"], [PAPER_PERCENT["scri"][c] for c in CITIES])


@pytest.mark.parametrize("language", LANGUAGES)
def test_interval_table_holds_the_traces_numbers_in_the_languages_format(language):
    result = summary("scri", NOISY)
    chart = uc.interval_chart(DATASET, PAPER, result, language)
    rows = chart.data.to_numpy().tolist()
    assert [row[0] for row in rows] == CITY_NAMES[language]
    for row, point, median, low, high in zip(
        rows, result.point, result.median, result.p05, result.p95, strict=True
    ):
        for cell, value in zip(row[1:], (point, median, low, high), strict=True):
            assert_number_cell(cell, float(value), language, 2)
    hover = by_name(chart)[catalogue(language)["uncertainty.median_interval"]]["customdata"]
    for text, median in zip(hover, result.median, strict=True):
        assert format_number(float(median), language, 2) + "%" in text


# --- rank probabilities ---------------------------------------------------------------------


def test_without_noise_each_town_holds_its_table_2_rank_for_certain():
    chart = uc.rank_heatmap(DATASET, PAPER, summary("scri", NO_NOISE), "en")
    heat = chart.figure.data[0]
    assert list(heat.x) == ["Rank 1", "Rank 2", "Rank 3"] and list(heat.y) == ["Shu", "Ayagoz", "Shalkar"]
    # Table 2: Shu 15 points first, Shalkar 12 second, Ayagoz 11 third.
    assert np.array_equal(heat.z, [[100, 0, 0], [0, 0, 100], [0, 100, 0]])


def test_tied_towns_share_the_better_rank_so_a_column_can_hold_two_hundred_percent():
    # Table 3: Ayagoz and Shalkar both 14/40, behind Shu's 22/40.
    heat = uc.rank_heatmap(DATASET, PAPER, summary("stakeholders", NO_NOISE), "en").figure.data[0]
    z = np.asarray(heat.z)
    assert np.array_equal(z, [[100, 0, 0], [0, 100, 0], [0, 100, 0]])
    assert np.array_equal(z.sum(axis=1), [100, 100, 100]) and np.array_equal(z.sum(axis=0), [100, 200, 0])


@pytest.mark.parametrize("language", LANGUAGES)
def test_rank_heatmap_shows_the_rank_probabilities_in_percent_in_cells_and_table(language):
    result = summary("scri", NOISY)
    chart = uc.rank_heatmap(DATASET, PAPER, result, language)
    heat = chart.figure.data[0]
    z = np.asarray(heat.z)
    assert np.allclose(z, result.rank_probability * 100)
    assert np.allclose(z.sum(axis=1), 100)
    assert (heat.zmin, heat.zmax) == (0, 100)
    rows = chart.data.to_numpy().tolist()
    assert [row[0] for row in rows] == CITY_NAMES[language] == list(heat.y)
    for row, text_row, probabilities in zip(rows, heat.text, z, strict=True):
        for cell, text, value in zip(row[1:], text_row, probabilities, strict=True):
            assert_number_cell(cell, float(value), language, 2)
            assert text.endswith("%") and abs(parse_number(text[:-1], language) - value) <= 0.05 + 1e-9


# --- who scores above whom -------------------------------------------------------------------


def test_without_noise_the_above_matrix_is_table_3s_order_with_ties_at_zero_both_ways():
    chart = uc.above_matrix(DATASET, PAPER, summary("stakeholders", NO_NOISE), "en")
    heat = chart.figure.data[0]
    z = np.asarray(heat.z, dtype=float)
    assert np.isnan(np.diag(z)).all()
    off = ~np.eye(3, dtype=bool)
    # Shu (22) above both; Ayagoz and Shalkar (14 each) tie, so neither is above the other.
    assert np.array_equal(z[off], [100, 100, 0, 0, 0, 0])
    assert [heat.text[i][i] for i in range(3)] == ["", "", ""]
    assert [chart.data.iloc[i, i + 1] for i in range(3)] == ["", "", ""]


@pytest.mark.parametrize("language", LANGUAGES)
def test_above_matrix_shows_p_above_off_the_diagonal_and_a_pair_never_exceeds_certainty(language):
    result = summary("scri", NOISY)
    chart = uc.above_matrix(DATASET, PAPER, result, language)
    heat = chart.figure.data[0]
    z = np.asarray(heat.z, dtype=float)
    off = ~np.eye(3, dtype=bool)
    assert np.allclose(z[off], (result.above_probability * 100)[off])
    assert np.isnan(np.diag(z)).all()
    assert (z + z.T)[off].max() <= 100 + 1e-9
    assert list(chart.data.columns[1:]) == CITY_NAMES[language] == list(heat.x) == list(heat.y)
    for a in range(3):
        for b in range(3):
            cell = chart.data.iloc[a, b + 1]
            if a == b:
                assert cell == "" and heat.text[a][b] == ""
            else:
                assert_number_cell(cell, float(z[a, b]), language, 2)


def test_the_charts_show_the_monte_carlo_draws_recounted_by_hand():
    model = build_model(DATASET, PAPER, "scri", NOISY)
    percents = np.concatenate([model.percents(u) for u in uniform_chunks(model, NOISY.draws, NOISY.seed)])
    result = summary("scri", NOISY)
    drawn = next(iter(by_name(uc.interval_chart(DATASET, PAPER, result, "en")).values()))
    median = np.asarray(drawn["y"])
    assert np.allclose(median, np.median(percents, axis=0))
    assert np.allclose(median + np.asarray(drawn["error_y"]["array"]), np.percentile(percents, 95, axis=0))
    assert np.allclose(
        median - np.asarray(drawn["error_y"]["arrayminus"]), np.percentile(percents, 5, axis=0)
    )
    better = (percents[:, None, :] > percents[:, :, None]).sum(axis=2)  # towns strictly above, per draw
    by_rank = np.array([[np.mean(better[:, c] == r) for r in range(3)] for c in range(3)]) * 100
    assert np.allclose(uc.rank_heatmap(DATASET, PAPER, result, "en").figure.data[0].z, by_rank)
    above = np.array([[np.mean(percents[:, a] > percents[:, b]) for b in range(3)] for a in range(3)]) * 100
    z = np.asarray(uc.above_matrix(DATASET, PAPER, result, "en").figure.data[0].z, dtype=float)
    off = ~np.eye(3, dtype=bool)
    assert np.allclose(z[off], above[off])


@hypothesis_settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), instrument_id=st.sampled_from(["scri", "stakeholders", "governance"]))
def test_for_any_seed_rank_rows_sum_to_certainty_and_intervals_bracket_the_median(seed, instrument_id):
    result = uncertainty_summary(DATASET, PAPER, instrument_id, UncertaintySettings(draws=120, seed=seed))
    drawn = next(iter(by_name(uc.interval_chart(DATASET, PAPER, result, "en")).values()))
    assert min(drawn["error_y"]["array"]) >= 0 and min(drawn["error_y"]["arrayminus"]) >= 0
    z = np.asarray(uc.rank_heatmap(DATASET, PAPER, result, "en").figure.data[0].z)
    assert np.allclose(z.sum(axis=1), 100) and z.min() >= 0
    above = np.asarray(uc.above_matrix(DATASET, PAPER, result, "en").figure.data[0].z, dtype=float)
    off = ~np.eye(3, dtype=bool)
    assert (above + above.T)[off].max() <= 100 + 1e-9 and np.nanmin(above) >= 0


# --- sensitivity ----------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_sensitivity_bars_are_the_indices_given_with_their_intervals(language):
    result = synthetic_sensitivity()
    chart = uc.sensitivity_chart(DATASET, PAPER, result, language)
    first, total = chart.figure.data
    for bar, key in ((first, "first"), (total, "total")):
        value = np.array([getattr(g.indices, key) for g in result.groups])
        assert np.allclose(bar["x"], value)
        assert np.allclose(
            value + np.asarray(bar["error_x"]["array"]),
            [getattr(g.indices, f"{key}_high") for g in result.groups],
        )
        assert np.allclose(
            value - np.asarray(bar["error_x"]["arrayminus"]),
            [getattr(g.indices, f"{key}_low") for g in result.groups],
        )
    keys = ("first", "first_low", "first_high", "total", "total_low", "total_high")
    for row, group in zip(chart.data.to_numpy().tolist(), result.groups, strict=True):
        for cell, key in zip(row[1:], keys, strict=True):
            assert_number_cell(cell, getattr(group.indices, key), language, 3)


def test_sensitivity_inputs_are_named_in_words_and_qualified_on_the_composite():
    chart = uc.sensitivity_chart(DATASET, PAPER, synthetic_sensitivity(), "en")
    assert list(chart.figure.data[0].y) == [
        "Scores: Digital Infrastructure",
        "Weights",
        "Scoring method",
        "Respondents: Ayagoz",
    ]
    assert chart.figure.layout.title.text == "What moves Shu's score on Smart City Readiness Index"
    composite = uc.sensitivity_chart(DATASET, PAPER, synthetic_sensitivity(COMPOSITE), "en")
    assert composite.figure.data[0].y[0] == "Scores: SCRI: Digital Infrastructure"


def test_sensitivity_chart_of_a_real_run_draws_each_groups_indices():
    result = real_sensitivity()
    first, total = uc.sensitivity_chart(DATASET, PAPER, result, "en").figure.data
    # Score noise on each of Table 2's seven indicators, then the weights.
    assert list(first.y) == [f"Scores: {name}" for name in SCRI_INDICATOR_NAMES] + ["Weights"]
    assert np.allclose(first.x, [g.indices.first for g in result.groups])
    assert np.allclose(total.x, [g.indices.total for g in result.groups])


# --- leave one indicator out ----------------------------------------------------------------


def table_2_without(city: str, left_out: int) -> float:
    """A town's SCRI percent with one indicator's weight 0: the other six scores out of 30."""
    scores = TABLE_2[city]
    return (sum(scores) - scores[left_out]) / 30 * 100


@pytest.mark.parametrize("language", LANGUAGES)
def test_leave_one_out_bars_are_table_2_recomputed_without_each_indicator(language):
    rows = leave_one_out(DATASET, PAPER, "scri")
    chart = uc.leave_one_out_chart(DATASET, PAPER, rows, "scri", language)
    traces = by_name(chart)
    assert list(traces) == CITY_NAMES[language]
    for city, name in zip(CITIES, CITY_NAMES[language], strict=True):
        expected = [table_2_without(city, i) - PAPER_PERCENT["scri"][city] for i in range(7)]
        assert np.allclose(traces[name]["x"], expected)
        if language == "en":
            assert list(traces[name]["y"]) == list(SCRI_INDICATOR_NAMES)
    assert len(chart.data) == 7 * 3


def test_leave_one_out_table_gives_percent_change_and_rank_as_recomputed_from_table_2():
    chart = uc.leave_one_out_chart(DATASET, PAPER, leave_one_out(DATASET, PAPER, "scri"), "scri", "ru")
    paper_rank = {"shu": 1, "shalkar": 2, "ayagoz": 3}
    expected = {}
    for i, indicator in enumerate(DATASET.instrument("scri").indicator_ids):
        percents = {c: table_2_without(c, i) for c in CITIES}
        for city, name in zip(CITIES, CITY_NAMES["ru"], strict=True):
            rank = 1 + sum(other > percents[city] + 1e-9 for other in percents.values())
            delta = percents[city] - PAPER_PERCENT["scri"][city]
            expected[(indicator, name)] = (percents[city], delta, rank, paper_rank[city] - rank)
    ids = {indicator_name(DATASET, "scri", i, "ru"): i for i in DATASET.instrument("scri").indicator_ids}
    found = {}
    for label, name, percent, delta, rank, change in chart.data.to_numpy().tolist():
        percent_wanted, delta_wanted, *_ = expected[(ids[label], name)]
        assert_number_cell(percent, percent_wanted, "ru", 2)
        assert_number_cell(delta, delta_wanted, "ru", 2)
        found[(ids[label], name)] = (rank, change)
    assert found == {key: value[2:] for key, value in expected.items()}
    # Without Digital Infrastructure Ayagoz (1 of 11) ties Shalkar (2 of 12) at 10/30: one place up.
    assert found[("digital_infrastructure", "Аягоз")] == (2, 1)
    # Its hover says so with signs, as changes are written elsewhere: 10/30 - 11/35 = +1.90 pp, one place up.
    ayagoz = by_name(chart)["Аягоз"]
    hover = ayagoz["customdata"][
        list(ayagoz["y"]).index(indicator_name(DATASET, "scri", "digital_infrastructure", "ru"))
    ]
    assert hover.startswith("+1,90") and "(+1)" in hover
    shu = by_name(chart)["Шу"]  # Shu loses 2 of 15 points: 13/30 - 15/35 = +0.48 pp, and keeps rank 1
    assert "(0)" in shu["customdata"][0]


# --- languages ------------------------------------------------------------------------------


@pytest.mark.parametrize("language", TRANSLATED)
def test_no_english_catalogue_text_leaks_into_kazakh_or_russian_charts(language):
    fragments = english_fragments(language)
    for name, chart in all_charts(language).items():
        texts = visible_texts(chart)
        assert not {(piece, text) for text in texts for piece in fragments if piece in text}, name
        latin = {word for text in texts for word in re.findall(r"[A-Za-z]{3,}", text)} - LATIN_KEPT
        assert not latin, (name, latin)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_chart_uses_the_languages_decimal_mark_on_its_axes(language):
    for chart in all_charts(language).values():
        assert chart.figure.layout.separators[0] == ("." if language == "en" else ",")


def test_kazakh_and_russian_charts_name_the_towns_as_their_languages_spell_them():
    for language in TRANSLATED:
        heat = uc.rank_heatmap(DATASET, PAPER, summary("scri", NOISY), language).figure.data[0]
        assert list(heat.y) == CITY_NAMES[language]
        assert list(heat.x) == [
            catalogue(language)["uncertainty.rank_label"].format(rank=r) for r in (1, 2, 3)
        ]


# --- user text ------------------------------------------------------------------------------


def hostile_charts(language: str) -> dict[str, Chart]:
    scenario, town = hostile_scenario(), hostile_town()
    result = summary("scri", NOISY, scenario)
    sensitivity = scenario_sensitivity(
        DATASET, scenario, "scri", town.id, NOISY, hostile_responses(), base_samples=32, resamples=10
    )
    return {
        "intervals": uc.interval_chart(DATASET, scenario, result, language),
        "ranks": uc.rank_heatmap(DATASET, scenario, result, language),
        "above": uc.above_matrix(DATASET, scenario, result, language),
        "sensitivity": uc.sensitivity_chart(DATASET, scenario, sensitivity, language),
        "loo": uc.leave_one_out_chart(
            DATASET, scenario, leave_one_out(DATASET, scenario, COMPOSITE), COMPOSITE, language
        ),
    }


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_added_town_with_markup_in_its_name_is_escaped_in_every_figure(language):
    escaped = "&lt;img src=x onerror=alert(1)&gt;"
    charts = hostile_charts(language)
    for name, chart in charts.items():
        figure = chart.figure.to_plotly_json()
        assert not [text for text in strings_in(figure) if "<img" in text], name
        # The table is shown as text (st.dataframe): the name as typed, not double-escaped.
        cells = [str(c) for c in [*chart.data.columns, *chart.data.to_numpy().ravel()]]
        assert any(HOSTILE in cell for cell in cells) and not any("&lt;" in cell for cell in cells), name
    assert charts["intervals"].figure.data[0].x[-1] == escaped
    assert charts["ranks"].figure.data[0].y[-1] == escaped
    assert charts["above"].figure.data[0].x[-1] == charts["above"].figure.data[0].y[-1] == escaped
    assert escaped in charts["sensitivity"].figure.layout.title.text
    # The town's survey respondents are an uncertain input of its SCRI score, named after the town.
    assert any(label.endswith(escaped) for label in charts["sensitivity"].figure.data[0].y)
    assert escaped in [trace.name for trace in charts["loo"].figure.data]


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_town_named_like_the_city_column_still_gets_an_above_matrix(language):
    town = new_city({"en": "City", "kk": "Қала", "ru": "Город"}, 46.8, 61.67, DATASET.cities)
    scenario = PAPER.with_city(town)
    for indicator_id in DATASET.instrument("scri").indicator_ids:
        scenario = scenario.with_override((town.id, "scri", indicator_id), 3.0)
    result = summary("scri", NOISY, scenario)
    chart = uc.above_matrix(DATASET, scenario, result, language)
    assert chart.data.shape == (4, 5) and chart.data.columns.is_unique
    assert (
        list(chart.data.iloc[:, 0])
        == list(chart.data.columns[1:])
        == CITY_NAMES[language] + [town.names[language]]
    )


@pytest.mark.parametrize("draw", [uc.rank_heatmap, uc.above_matrix])
def test_the_probability_cells_numbers_are_black_or_white_reaching_aa_on_their_cell(draw):
    chart = draw(DATASET, PAPER, summary("scri", NOISY), "en")
    heat, numbers = chart.figure.data
    cells = zip(np.ravel(heat.z), np.ravel(heat.text), strict=True)
    shown = [(value, text) for value, text in cells if text]
    assert list(numbers.text) == [text for _, text in shown]  # every number once, the blank diagonal left out
    for (value, _), colour in zip(shown, numbers.textfont.color, strict=True):
        assert colour in (DARK_TEXT, LIGHT_TEXT)
        assert contrast_ratio(colour, heat_colour(value, (0, 100))) >= 4.5
