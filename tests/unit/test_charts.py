"""Plotly figures and their "show data" tables: the paper's numbers, translated labels, safe names."""

from __future__ import annotations

import math

import pyarrow
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smartcity.data import load_dataset
from smartcity.i18n.catalog import translate
from smartcity.model import City
from smartcity.scenario import METHODS, Scenario
from smartcity.views import charts
from tests.paper import CITIES, FIGURE_1, FIGURE_1_SHARES, TABLE_2, TABLE_3

DATASET = load_dataset()


def traces(chart: charts.Chart) -> dict[str, dict]:
    return {trace["name"]: trace for trace in chart.figure.to_plotly_json()["data"]}


def added_city(name: str = "Aral", scored: tuple[str, ...] = ("scri",)) -> Scenario:
    """An added town scored 4 on every indicator of the ``scored`` instruments only."""
    scenario = Scenario().with_city(
        City(id="aral", names={"en": name}, region_iso="KZ-33", latitude=46.8, longitude=61.67)
    )
    for instrument in DATASET.instruments:
        if instrument.id in scored:
            for indicator in instrument.indicator_ids:
                scenario = scenario.with_override(("aral", instrument.id, indicator), 4)
    return scenario


def test_radar_draws_table_2_solid_and_the_paper_dashed_as_closed_polygons():
    chart = charts.radar(DATASET, Scenario(), "scri", CITIES, "en")
    drawn = traces(chart)
    for city, name in zip(CITIES, ("Shu", "Ayagoz", "Shalkar"), strict=True):
        assert list(drawn[name]["r"]) == [*TABLE_2[city], TABLE_2[city][0]]
        assert list(drawn[f"{name} (paper)"]["r"]) == [*TABLE_2[city], TABLE_2[city][0]]
        assert drawn[name]["line"]["dash"] == "solid" and drawn[f"{name} (paper)"]["line"]["dash"] == "dash"
    assert len(drawn["Shu"]["theta"]) == 7 + 1
    assert chart.figure.layout.polar.radialaxis.range == (0, 5)


def test_radar_shows_the_scenario_beside_the_unchanged_paper():
    scenario = Scenario().with_override(("ayagoz", "scri", "digital_infrastructure"), 3)
    drawn = traces(charts.radar(DATASET, scenario, "scri", ("ayagoz",), "en"))
    assert list(drawn["Ayagoz"]["r"]) == [3, *TABLE_2["ayagoz"][1:], 3]
    assert list(drawn["Ayagoz (paper)"]["r"]) == [*TABLE_2["ayagoz"], 1]
    assert set(drawn) == {"Ayagoz", "Ayagoz (paper)"}


def test_radar_table_lists_every_city_and_indicator_with_the_papers_score():
    scenario = Scenario().with_override(("shu", "scri", "economic_potential"), 4.5)
    data = charts.radar(DATASET, scenario, "scri", CITIES, "en").data
    assert list(data.columns) == ["City", "Indicator", "Score", "Paper's score"]
    assert len(data) == 3 * 7
    row = data[(data["City"] == "Shu") & (data["Indicator"] == "Economic Potential")].iloc[0]
    assert (row["Score"], row["Paper's score"]) == ("4.50", "3")


def test_an_added_city_has_no_paper_trace_and_an_incomplete_one_is_left_out():
    scenario = added_city()
    drawn = traces(charts.radar(DATASET, scenario, "scri", ("aral", "shu"), "en"))
    assert list(drawn["Aral"]["r"]) == [4] * 8 and "Aral (paper)" not in drawn
    stakeholders = charts.radar(DATASET, scenario, "stakeholders", ("aral", "shu"), "en")
    assert set(traces(stakeholders)) == {"Shu", "Shu (paper)"}
    assert set(stakeholders.data["City"]) == {"Shu"}


def test_user_city_names_are_escaped_for_plotly():
    scenario = added_city(name="<a href='javascript:alert(1)'>x</a>")
    names = set(traces(charts.radar(DATASET, scenario, "scri", ("aral",), "en")))
    assert names == {"&lt;a href='javascript:alert(1)'&gt;x&lt;/a&gt;"}
    heat = charts.heat_table(DATASET, scenario, "scri", "en").figure.to_plotly_json()
    assert not any("<a " in label for label in heat["data"][0]["x"])


def test_each_city_keeps_one_colour_from_the_colour_blind_safe_palette():
    colours = charts.city_colours(DATASET, added_city())
    assert len(set(colours.values())) == 4
    assert set(colours.values()) <= set(charts.OKABE_ITO)
    radar = traces(charts.radar(DATASET, Scenario(), "scri", CITIES, "en"))
    bars = traces(charts.dimension_bars(DATASET, Scenario(), "scri", CITIES, "en"))
    for name in ("Shu", "Ayagoz", "Shalkar"):
        assert radar[name]["line"]["color"] == bars[name]["marker"]["color"]


def test_dimension_bars_put_the_cities_side_by_side_on_each_indicator():
    chart = charts.dimension_bars(DATASET, Scenario(), "stakeholders", CITIES, "en")
    drawn = traces(chart)
    assert chart.figure.layout.barmode == "group"
    for city, name in zip(CITIES, ("Shu", "Ayagoz", "Shalkar"), strict=True):
        assert list(drawn[name]["x"]) == TABLE_3[city]
        assert len(drawn[name]["y"]) == 8


def expected_percent(values: list[float], method: str) -> float:
    """The methods' formulas with equal weights, written out independently of the code."""
    if method == "paper":
        return sum(values) / len(values) / 5 * 100
    if method == "goalpost":
        return sum((v - 1) / 4 for v in values) / len(values) * 100
    return math.prod(values) ** (1 / len(values)) / 5 * 100


@pytest.mark.parametrize("method", METHODS)
def test_contributions_stack_up_to_each_citys_percent(method):
    scenario = Scenario(method=method)
    chart = charts.contribution_bars(DATASET, scenario, "scri", CITIES, "en")
    assert chart.figure.layout.barmode == "stack"
    data = chart.figure.to_plotly_json()["data"]
    assert len(data) == 7
    for position, city in enumerate(CITIES):
        stacked = sum(trace["x"][position] for trace in data)
        assert stacked == pytest.approx(expected_percent(TABLE_2[city], method))


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.integers(min_value=10, max_value=50), min_size=7, max_size=7),
    st.lists(st.integers(min_value=0, max_value=5), min_size=7, max_size=7).filter(any),
    st.sampled_from(METHODS),
)
def test_radar_and_contributions_follow_any_scenario(tenths, ratings, method):
    scenario = Scenario(method=method)
    for indicator, value in zip(DATASET.instrument("scri").indicator_ids, tenths, strict=True):
        scenario = scenario.with_override(("shalkar", "scri", indicator), value / 10)
    for indicator, rating in zip(DATASET.instrument("scri").indicator_ids, ratings, strict=True):
        scenario = scenario.with_indicator_weight("scri", indicator, rating)
    values = [v / 10 for v in tenths]
    assert (
        list(traces(charts.radar(DATASET, scenario, "scri", ("shalkar",), "en"))["Shalkar"]["r"])[:-1]
        == values
    )
    weights = [r / sum(ratings) for r in ratings]
    if method == "paper":
        expected = sum(w * v for w, v in zip(weights, values, strict=True)) / 5 * 100
    elif method == "goalpost":
        expected = sum(w * (v - 1) / 4 for w, v in zip(weights, values, strict=True)) * 100
    else:
        expected = math.prod(v**w for w, v in zip(weights, values, strict=True)) / 5 * 100
    data = charts.contribution_bars(DATASET, scenario, "scri", ("shalkar",), "en").figure.to_plotly_json()[
        "data"
    ]
    assert sum(trace["x"][0] for trace in data) == pytest.approx(expected)


def test_donut_is_figure_1_with_counts_and_shares():
    chart = charts.sample_donut(DATASET, "en")
    pie = chart.figure.to_plotly_json()["data"][0]
    assert list(pie["values"]) == list(FIGURE_1.values())
    assert pie["hole"] == 0.5
    assert pie["text"][3] == "23 · 43.40%"
    assert "53" in chart.figure.layout.annotations[0].text
    assert list(chart.data["Respondents"]) == list(FIGURE_1.values())
    # The shares computed from the counts are the ones Figure 1 prints.
    assert [float(share) for share in chart.data["Share, %"]] == list(FIGURE_1_SHARES)


def test_donut_in_russian_uses_a_decimal_comma_and_russian_labels():
    chart = charts.sample_donut(DATASET, "ru")
    pie = chart.figure.to_plotly_json()["data"][0]
    assert pie["text"][3] == "23 · 43,40%"
    assert "респондента" in chart.figure.layout.annotations[0].text  # 53 takes the "few" form
    assert "Представители гражданского общества" in pie["labels"]
    assert chart.figure.layout.separators.startswith(",")


def test_heat_table_is_table_3_with_totals_and_percents():
    chart = charts.heat_table(DATASET, Scenario(), "stakeholders", "en")
    heat = chart.figure.to_plotly_json()["data"][0]
    assert [list(column) for column in zip(*heat["z"], strict=True)] == list(TABLE_3.values())
    assert heat["x"][0].startswith("Shu") and heat["x"][0].endswith("22 / 40 · 55%")
    assert heat["x"][1].endswith("14 / 40 · 35%")
    assert (heat["zmin"], heat["zmax"]) == (1, 5)
    data = chart.data
    assert list(data.columns) == ["Indicator", "Shu", "Ayagoz", "Shalkar"]
    assert list(data.iloc[-2]) == ["Total score", "22 / 40", "14 / 40", "14 / 40"]
    assert list(data.iloc[-1]) == ["Readiness level", "55%", "35%", "35%"]


@pytest.mark.parametrize("language", ["en", "kk", "ru"])
def test_a_town_named_like_the_heat_tables_first_header_still_gets_a_table_streamlit_can_show(language):
    header = translate("chart.col.indicator", language)  # "Indicator", in the language shown
    scenario = added_city(header, scored=("stakeholders",))
    data = charts.heat_table(DATASET, scenario, "stakeholders", language).data
    assert list(data.columns[1:]) == [*(city.name(language) for city in DATASET.cities), header]
    assert data.columns.is_unique
    pyarrow.Table.from_pandas(data)  # what st.dataframe does; it refuses repeated column names


def test_titles_and_axes_are_translated():
    for build in (
        lambda language: charts.radar(DATASET, Scenario(), "scri", CITIES, language),
        lambda language: charts.dimension_bars(DATASET, Scenario(), "scri", CITIES, language),
        lambda language: charts.contribution_bars(DATASET, Scenario(), "scri", CITIES, language),
        lambda language: charts.heat_table(DATASET, Scenario(), "governance", language),
        lambda language: charts.sample_donut(DATASET, language),
    ):
        english, kazakh = build("en"), build("kk")
        assert english.figure.layout.title.text != kazakh.figure.layout.title.text
        assert list(english.data.columns) != list(kazakh.data.columns)
    kazakh_radar = charts.radar(DATASET, Scenario(), "scri", CITIES, "kk")
    assert "Цифрлық инфрақұрылым" in traces(kazakh_radar)["Шу"]["theta"]
    assert set(kazakh_radar.data["Қала"]) == {"Шу", "Аягөз", "Шалқар"}


def test_show_data_writes_fractions_in_the_locale():
    data = charts.contribution_bars(DATASET, Scenario(), "scri", ("shu",), "ru").data
    # Shu's digital infrastructure: 2 of 5 with weight 1/7 -> 2 / 7 / 5 * 100 = 5.71 points
    assert data.iloc[0, 2] == "5,71"
