"""A made-up assessment (tests/fixtures/ten_point: a 0-10 instrument, a 1-5 one, four stakeholder groups)
run through scoring, survey import, the planner, the uncertainty and the map: nothing assumes 1-5 or the
paper's five groups. Expected numbers are worked out by hand from the fixture's baseline_scores.csv:

    services (0-10; water, transport, internet)   civic (1-5; hearings, open_data)
    balkhash  6, 4, 8                             2, 4
    aral     10, 2, 3                             5, 5
    zhanatas  1, 1, 1                             1, 1
"""

from __future__ import annotations

from pathlib import Path

import pytest

from smartcity.analysis.planner import plan
from smartcity.analysis.uncertainty import UncertaintySettings, uncertainty_summary
from smartcity.data import load_dataset
from smartcity.files import survey
from smartcity.i18n import labels
from smartcity.scenario import Scenario
from smartcity.scoring import COMPOSITE, score
from smartcity.views.mapview import city_markers

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "ten_point"
DATASET = load_dataset(FIXTURE)
HEADER = "respondent_id,stakeholder_group,city,instrument,indicator,score"


def percents(method: str, instrument_id: str) -> dict[str, float]:
    table = score(DATASET, Scenario(method=method))
    return {r.city_id: r.percent for r in table.results if r.instrument_id == instrument_id}


# --- the data -----------------------------------------------------------------------------------


def test_the_fixture_has_its_own_scales_groups_and_names():
    services, civic = DATASET.instrument("services"), DATASET.instrument("civic")
    assert (services.scale_min, services.scale_max) == (0, 10)
    assert (civic.scale_min, civic.scale_max) == (1, 5)
    assert DATASET.group_ids == ("residents", "businesses", "officials", "students")
    assert labels.instrument_name(DATASET, "services", "ru") == "Индекс городских услуг"
    assert labels.group_name("students", "kk", DATASET) == "Студенттер"
    assert labels.scale_label(services.scale, 10, "en") == "Full"
    assert labels.scale_legend("en", services.scale).startswith("0 – None · 1 – Almost none")
    assert labels.scale_legend("en", services.scale).endswith("10 – Full")


# --- scoring ------------------------------------------------------------------------------------


def test_paper_method_on_the_ten_point_scale():
    # mean / 10 x 100: Balkhash 18/30, Aral 15/30, Zhanatas 3/30.
    assert percents("paper", "services") == pytest.approx({"balkhash": 60, "aral": 50, "zhanatas": 10})
    table = score(DATASET, Scenario())
    balkhash = table.get("balkhash", "services")
    assert (balkhash.total, balkhash.maximum, balkhash.rank, balkhash.band) == (18, 30, 1, "medium")
    assert table.get("zhanatas", "services").band == "very_low"


def test_goalpost_method_uses_each_instruments_own_ends():
    # services: (mean - 0) / 10, as the paper method; civic: (mean - 1) / 4.
    assert percents("goalpost", "services") == pytest.approx({"balkhash": 60, "aral": 50, "zhanatas": 10})
    assert percents("goalpost", "civic") == pytest.approx({"balkhash": 50, "aral": 100, "zhanatas": 0})


def test_geometric_method_on_both_scales():
    # exp(mean log x) / max x 100: cube roots of 6*4*8 = 192 and 10*2*3 = 60; square root of 2*4 = 8.
    assert percents("geometric", "services") == pytest.approx(
        {"balkhash": 10 * 192 ** (1 / 3), "aral": 10 * 60 ** (1 / 3), "zhanatas": 10}
    )
    assert percents("geometric", "civic") == pytest.approx(
        {"balkhash": 20 * 8**0.5, "aral": 100, "zhanatas": 20}
    )


def test_the_composite_averages_percents_of_different_scales():
    # (services + civic) / 2 with the paper method: (60 + 60) / 2, (50 + 100) / 2, (10 + 20) / 2.
    assert percents("paper", COMPOSITE) == pytest.approx({"balkhash": 60, "aral": 75, "zhanatas": 15})


# --- survey import ------------------------------------------------------------------------------


def read(text: str) -> survey.SurveyFile:
    return survey.read_survey(text.encode("utf-8"), "fixture.csv", DATASET)


def test_zero_and_ten_are_scores_eleven_is_not():
    found = read(
        "\n".join(
            [
                HEADER,
                "r1,residents,Balkhash,services,water,0",
                "r2,students,balkhash,services,water,10",
                "r3,officials,balkhash,services,water,11",
            ]
        )
    )
    assert [(p.row, p.column, p.value, p.reason) for p in found.problems] == [
        (4, "score", "11", "scale_out_of_range")
    ]
    assert "from 0 to 10" in found.problems[0].why("en")
    assert "от 0 до 10" in found.problems[0].why("ru")


def test_a_civic_zero_is_outside_its_one_to_five_scale():
    rows = [HEADER, "r1,residents,aral,civic,hearings,0", "r2,residents,aral,civic,open_data,5"]
    found = read("\n".join(rows))
    assert [(p.row, p.value, p.reason, dict(p.params)) for p in found.problems] == [
        (2, "0", "scale_out_of_range", {"low": "1", "high": "5"})
    ]


def test_a_fifth_group_is_refused_and_the_four_are_named():
    found = read("\n".join([HEADER, "r1,researchers,aral,services,water,5"]))
    where = [(p.row, p.column, p.reason) for p in found.problems]
    assert where == [(2, "stakeholder_group", "unknown_group")]
    assert found.problems[0].params["known"] == "residents, businesses, officials, students"


def test_a_clean_file_aggregates_on_the_fixtures_groups():
    # Groups by id and by their Russian and Kazakh names; cities by any of their names.
    found = read(
        "\n".join(
            [
                HEADER,
                "r1,residents,Balkhash,services,water,0",
                "r2,Студенты,Балқаш,services,water,10",
                "r3,Қала әкімдігінің қызметкерлері,Балхаш,services,water,8",
            ]
        )
    )
    assert found.ok
    assert list(found.responses["stakeholder_group"]) == ["residents", "students", "officials"]
    overall = survey.aggregate(found.responses).overall
    water = overall[(overall["city"] == "balkhash") & (overall["indicator"] == "water")].iloc[0]
    assert (water["n"], water["mean"]) == (3, pytest.approx(6))  # (0 + 10 + 8) / 3
    counts = survey.respondent_counts(found.responses)
    assert list(counts.columns) == ["residents", "businesses", "officials", "students", "total"]
    assert counts.loc["balkhash"].tolist() == [1, 0, 1, 1, 3]


def test_the_template_names_the_fixtures_largest_group_and_reads_cleanly():
    template = survey.template_csv(DATASET, "long")
    assert template.splitlines()[1] == "R001,residents,Balkhash,services,water,"
    found = read(template)
    assert not found.problems and found.responses["score"].isna().all()


# --- the planner --------------------------------------------------------------------------------


def test_the_planner_steps_up_to_ten_on_the_ten_point_scale():
    # Zhanatas has 1, 1, 1 of 10 (10%): 100% needs every indicator at 10, nine steps each.
    found = plan(DATASET, Scenario(), "zhanatas", "services", 100)
    assert found.reachable and found.cost == 27
    assert {step.indicator_id: step.after for step in found.steps} == {
        "water": 10,
        "transport": 10,
        "internet": 10,
    }
    assert found.percent_after == pytest.approx(100)


def test_the_planner_finds_three_steps_to_twenty_percent():
    # 20% of 30 points is 6: three one-point steps from 3.
    found = plan(DATASET, Scenario(), "zhanatas", "services", 20)
    assert found.reachable and found.cost == 3
    assert found.percent_after == pytest.approx(20)


def test_the_planner_stops_at_five_on_the_one_to_five_scale():
    found = plan(DATASET, Scenario(), "zhanatas", "civic", 100)
    assert found.reachable and found.cost == 8
    assert {step.after for step in found.steps} == {5}


# --- uncertainty --------------------------------------------------------------------------------


def test_score_noise_is_clipped_to_each_instruments_own_scale():
    settings = UncertaintySettings(draws=4000, seed=7, score_noise=2, weight_noise=0)
    summary = uncertainty_summary(DATASET, Scenario(), "services", settings)
    at = {city: index for index, city in enumerate(summary.city_ids)}
    # Zhanatas' 1s may fall to 0 (not to 1 as on a 1-5 scale): its interval reaches below 10%.
    assert summary.p05[at["zhanatas"]] < 10
    # Balkhash's 8 may rise to 10 (not 5): its interval reaches above 60%, far above 50%.
    assert summary.p95[at["balkhash"]] > 60
    # Aral's 10 never goes above the top: no draw exceeds (10 + 4 + 5) / 30.
    assert summary.p95[at["aral"]] <= 100 * 19 / 30


# --- the map ------------------------------------------------------------------------------------


def test_the_map_has_a_marker_for_each_fixture_town():
    scenario = Scenario()
    markers = city_markers(DATASET, scenario, score(DATASET, scenario), "services", "ru")
    assert [(m.city_id, m.name, m.region_iso, m.rank) for m in markers] == [
        ("balkhash", "Балхаш", "KZ-35", 1),
        ("aral", "Аральск", "KZ-43", 2),
        ("zhanatas", "Жанатас", "KZ-31", 3),
    ]
    assert all(marker.on_map for marker in markers)
    assert [m.percent for m in markers] == pytest.approx([60, 50, 10])
