"""The pages' tables, shaped in the core: headers in the language, numbers as the pages print them."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta, timezone

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from smartcity.analysis.compare import comparison_frame
from smartcity.data import load_dataset
from smartcity.files import survey
from smartcity.model import City
from smartcity.scenario import Scenario, ScoreLayer
from smartcity.scoring import COMPOSITE, score
from smartcity.store.scenarios import SavedScenario
from smartcity.views import mapview, result_tables, survey_tables, uncertainty_tables, workshop_tables

DATASET = load_dataset()
PAPER = Scenario()
# Table 2: Ayagoz scores 1 on digital infrastructure, 11 of 35 in all; 4 gives 14 of 35 (40%).
PUSH = Scenario().with_override(("ayagoz", "scri", "digital_infrastructure"), 4)
HEADER = "respondent_id,stakeholder_group,city,instrument,indicator,score"


def read(text: str) -> survey.SurveyFile:
    return survey.read_survey(text.encode(), "round.csv", DATASET)


GOOD = read(
    "\n".join(
        [
            HEADER,
            "a,civil_society,shu,scri,digital_infrastructure,4",
            "b,researchers,shu,scri,digital_infrastructure,5",
            "c,local_government,shu,scri,digital_infrastructure,5",
            "a,civil_society,Аягөз,governance,ppp_mechanism,1",
            "b,researchers,ayagoz,governance,ppp_mechanism,",
        ]
    )
)


# --- survey ------------------------------------------------------------------------------------


def test_problem_table_lists_line_column_value_and_reason_in_the_language():
    bad = read(f"{HEADER}\na,civil_society,shu,scri,digital_infrastructure,9\n")
    table = survey_tables.problem_table(bad, "ru")
    assert list(table.columns) == ["Строка", "Столбец", "Значение", "Проблема"]
    assert table[["Строка", "Столбец", "Значение"]].values.tolist() == [[2, "score", "9"]]
    assert "Вне шкалы" in table["Проблема"][0]


def frame_file(**how: str) -> survey.SurveyFile:
    return survey.SurveyFile("f", how.pop("file_format"), "long", pd.DataFrame(), (), **how)


@pytest.mark.parametrize(
    ("how", "language", "expected"),
    [
        ({"file_format": "csv", "encoding": "cp1251", "delimiter": ";"}, "en", "CSV · cp1251 · «;»"),
        ({"file_format": "csv", "encoding": "utf-8", "delimiter": "\t"}, "en", "CSV · utf-8 · «Tab»"),
        ({"file_format": "csv", "encoding": "utf-8", "delimiter": "\t"}, "ru", "CSV · utf-8 · «табуляция»"),
        ({"file_format": "xlsx", "sheet": "Ответы"}, "en", "XLSX · Ответы"),
    ],
)
def test_how_a_file_was_read(how, language, expected):
    assert survey_tables.how_read(frame_file(**how), language) == expected


def test_answers_leave_blanks_out_and_respondents_are_ids_within_a_city():
    assert survey_tables.answer_count(GOOD.responses) == 4
    assert survey_tables.respondent_count(GOOD.responses) == 5  # a and b answered in both towns


def test_the_preview_names_the_line_column_as_the_report_does():
    table = survey_tables.preview_table(GOOD, 2, "en")
    assert list(table["Line"]) == [2, 3]
    assert list(table["city"]) == ["shu", "shu"]


def test_respondent_table_names_towns_and_groups_with_a_total():
    table = survey_tables.respondent_table(GOOD.responses, DATASET, PAPER, "en")
    assert list(table.index) == ["Shu", "Ayagoz"]
    assert table.loc["Shu", "Total"] == 3 and table.loc["Ayagoz", "Total"] == 2
    assert table.loc["Shu", "Local government officials"] == 1
    assert table.loc["Ayagoz", "Civil society representatives"] == 1
    assert table.loc["Ayagoz", "Urban planning researchers"] == 1


def test_statistics_table_prints_n_mean_sd_ci_and_flags_few_answers():
    aggregates = survey.aggregate(GOOD.responses, 5)
    layer = ScoreLayer("l", "round.csv", (((("shu", "scri", "digital_infrastructure")), 4.67),))
    table = survey_tables.statistics_table(aggregates, layer, DATASET, PAPER, "en")
    shu = table[table["City"] == "Shu"].iloc[0]
    # 4, 5, 5: mean 14/3, sd sqrt(1/3) = 0.577, CI 14/3 -/+ t(0.975, 2) 4.303 x 0.577 / sqrt(3)
    assert (shu["Instrument"], shu["Indicator"], shu["n"]) == ("SCRI", "Digital Infrastructure", 3)
    assert [shu[c] for c in ("Mean", "SD", "95% CI low", "95% CI high", "Score used", "Few answers")] == [
        "4.67",
        "0.58",
        "3.23",
        "6.10",
        "4.67",
        "⚑",
    ]
    ayagoz = table[table["City"] == "Ayagoz"].iloc[0]
    assert (ayagoz["n"], ayagoz["Mean"], ayagoz["SD"], ayagoz["Score used"]) == (1, "1.00", "—", "—")
    assert survey_tables.flagged_count(aggregates) == 2
    assert survey_tables.flagged_count(survey.aggregate(GOOD.responses, 1)) == 0


def test_decimal_uses_the_languages_comma_and_a_dash_for_undefined():
    assert survey_tables.decimal(2.5, "ru") == "2,50"
    assert survey_tables.decimal(2.5, "en") == "2.50"
    assert survey_tables.decimal(None, "en") == survey_tables.decimal(math.nan, "kk") == "—"


# --- scenarios page ---------------------------------------------------------------------------


def test_moment_is_in_utc():
    almaty = timezone(timedelta(hours=5))
    assert workshop_tables.moment(datetime(2026, 1, 2, 3, 4, tzinfo=almaty)) == "2026-01-01 22:04 UTC"


def test_saved_table_has_one_row_per_saved_scenario():
    saved = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
    changed = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
    entry = SavedScenario(1, "Plan <b>", "Aigerim", "note", saved, changed)
    table = workshop_tables.saved_table([entry], "en")
    assert table.to_dict("records") == [
        {
            "Name": "Plan <b>",
            "Author": "Aigerim",
            "Note": "note",
            "Saved": "2026-03-01 09:30 UTC",
            "Last changed": "2026-03-02 10:00 UTC",
        }
    ]


def test_repeated_labels_are_numbered():
    labels = ["Current", "Plan", "Current", "Current"]
    assert workshop_tables.unique_labels(labels) == ["Current", "Plan", "Current (2)", "Current (3)"]


@given(st.lists(st.sampled_from(["a", "b", "a (2)", "c"]), max_size=8))
def test_unique_labels_are_unique_and_keep_the_first_of_each(labels):
    shown = workshop_tables.unique_labels(labels)
    assert len(set(shown)) == len(shown) == len(labels)
    assert all(s == label or s.startswith(f"{label} (") for s, label in zip(shown, labels, strict=True))


def test_comparison_display_formats_each_measure():
    frame = comparison_frame(DATASET, [("Paper", PAPER), ("Push", PUSH)], "scri", "en")
    table = workshop_tables.comparison_display(frame, "en")
    assert list(table.columns) == [
        "City",
        "Paper · Readiness (%)",
        "Paper · Rank",
        "Push · Readiness (%)",
        "Push · Rank",
        "Push · Change (points)",
        "Push · Places gained",
    ]
    assert table.values.tolist() == [
        ["Shu", "43%", "1", "43%", "1", "0.0", "0"],
        ["Ayagoz", "31%", "3", "40%", "2", "+8.6", "+1"],
        ["Shalkar", "34%", "2", "34%", "3", "0.0", "−1"],
    ]


def test_the_comparison_shows_whole_percents_as_the_other_pages_do():
    frame = comparison_frame(DATASET, [("Paper", PAPER), ("Push", PUSH)], "scri", "ru")
    table = workshop_tables.comparison_display(frame, "ru")
    assert table.iloc[:, 1].tolist() == ["43%", "31%", "34%"]  # 15, 11 and 12 of 35 points
    assert table.iloc[1, 5] == "+8,6"  # Ayagoz's change in points keeps its decimal comma


# --- map and presenter ------------------------------------------------------------------------


def test_the_maps_ranking_rows():
    table = score(DATASET, PAPER)
    markers = mapview.city_markers(DATASET, PAPER, table, "scri", "en")
    assert result_tables.ranking_rows(markers, table, "scri", "en") == [
        ["Rank", "Town", "Score", "Level"],  # no town lacks a place on the map: no note column
        ["1", "Shu", "43%", "Low"],
        ["2", "Shalkar", "34%", "Low"],
        ["3", "Ayagoz", "31%", "Low"],
    ]


def test_the_maps_ranking_notes_a_town_off_the_map():
    nowhere = City("nowhere", {"en": "Nowhere"}, "", None, None, origin="user")
    scenario = PAPER.with_city(nowhere)
    table = score(DATASET, scenario)
    markers = mapview.city_markers(DATASET, scenario, table, "scri", "en")
    rows = result_tables.ranking_rows(markers, table, "scri", "en")
    assert rows[0] == ["Rank", "Town", "Score", "Level", "Note"]
    assert rows[-1][:4] == ["", "Nowhere", "no score", ""] and "not on the map" in rows[-1][4]
    assert [row[-1] for row in rows[1:4]] == ["", "", ""]  # the paper's towns are on the map


def test_the_presenters_composite_ranking():
    table = score(DATASET, PAPER)
    markers = mapview.city_markers(DATASET, PAPER, table, COMPOSITE, "en")
    # (15/35 + 22/40 + 24/40) / 3 = 52.6%; Shalkar (12/35 + 14/40 + 16/40) / 3 = 36.4%; Ayagoz 35.5%
    assert result_tables.composite_ranking_rows(markers, "Composite", "en") == [
        ["Rank", "City", "Composite"],
        ["1", "Shu", "53%"],
        ["2", "Shalkar", "36%"],
        ["3", "Ayagoz", "35%"],
    ]


def test_results_by_instrument_show_the_change_against_the_paper():
    rows = result_tables.results_by_instrument_rows(DATASET, PUSH, score(DATASET, PUSH), "en")
    assert rows[0] == ["City", "SCRI", "Stakeholders", "Governance", "Composite"]
    assert rows[1] == ["Shu", "43%", "55%", "60%", "53%"]
    # 40% on SCRI, up 3/35 = 8.6 points; the composite moves by a third of that
    assert rows[2] == ["Ayagoz", "40% (+8.6)", "35%", "40%", "38% (+2.9)"]


def test_no_result_is_a_dash():
    assert result_tables.result_text(None, "en") == result_tables.percent_text(None, "en") == "—"


# --- uncertainty page -------------------------------------------------------------------------


def test_cost_table_lists_the_towns_indicators_at_cost_one():
    table = uncertainty_tables.cost_table(DATASET, PAPER, "shu", "scri", "en")
    assert (table.indicator, table.score, table.cost, table.changeable) == (
        "Indicator",
        "Current score",
        "Cost per step",
        "Can change",
    )
    assert table.frame["Current score"].tolist() == [2, 2, 2, 3, 3, 1, 2]  # Table 2, Shu
    assert table.frame["Indicator"][0] == "Digital Infrastructure"
    assert set(table.frame["Cost per step"]) == {1.0} and all(table.frame["Can change"])
    assert table.keys[0] == ("scri", "digital_infrastructure")


def test_the_composites_cost_table_names_each_indicators_instrument():
    table = uncertainty_tables.cost_table(DATASET, PAPER, "shu", COMPOSITE, "en")
    assert len(table.keys) == 7 + 8 + 8
    assert table.frame["Indicator"][0] == "SCRI: Digital Infrastructure"


def test_edited_costs_keep_what_differs_from_one_and_unticked_is_never_changed():
    table = uncertainty_tables.cost_table(DATASET, PAPER, "shu", "scri", "en")
    edited = table.frame.copy()
    edited.loc[0, "Cost per step"] = 2.5
    edited.loc[2, "Can change"] = False
    edited.loc[3, "Cost per step"] = None
    assert uncertainty_tables.edited_costs(table, edited) == (
        (("scri", "digital_infrastructure"), 2.5),
        (("scri", "institutional_readiness"), math.inf),
    )


@pytest.mark.parametrize(
    ("picked", "method", "expected"),
    [
        (["geometric", "paper"], "paper", ("paper", "geometric")),
        (["paper"], "paper", ()),
        ([], "goalpost", ()),
        (["goalpost"], "paper", ("goalpost",)),
    ],
)
def test_varied_methods(picked, method, expected):
    assert uncertainty_tables.varied_methods(picked, method) == expected
