"""The rounds page's tables: names for ids, translated headers, progress bars, the timeline, problems."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from smartcity.data import load_dataset
from smartcity.files.survey import Problem
from smartcity.scenario import Scenario
from smartcity.store.rounds import Round, RoundGroup, paper_round
from smartcity.views import round_tables

DATA = load_dataset()
SCRI = DATA.instrument("scri").indicator_ids


def stored_round(title: str, closed: bool = False, published: bool = False) -> Round:
    moment = datetime(2026, 4, 2, tzinfo=UTC)
    return Round(
        "A" * 16,
        title,
        ("shu",),
        ("scri",),
        (RoundGroup("civil_society", 10),),
        date(2026, 4, 1),
        None,
        ("en",),
        moment,
        moment if closed else None,
        published,
    )


def test_named_shows_names_translated_headers_and_rounded_numbers():
    frame = pd.DataFrame(
        {
            "city": ["shu"],
            "instrument": ["scri"],
            "indicator": ["digital_infrastructure"],
            "n": [3],
            "mean": [11 / 3],
            "flagged": [True],
        }
    )
    english = round_tables.named(frame, ["n", "mean", "flagged"], DATA, Scenario(), "en")
    assert english.columns.tolist() == ["Town", "Instrument", "Indicator", "n", "Mean", "Too few answers"]
    assert english.iloc[0].tolist() == ["Shu", "SCRI", "Digital Infrastructure", 3, "3.67", "⚑"]
    russian = round_tables.named(frame, ["mean"], DATA, Scenario(), "ru")
    assert russian.columns.tolist() == ["Город", "Инструмент", "Индикатор", "Среднее"]
    assert russian.iloc[0].tolist() == ["Шу", "SCRI", "Цифровая инфраструктура", "3,67"]


def test_progress_rows_name_the_group_and_cap_the_bar():
    progress = pd.DataFrame(
        [
            ("civil_society", 3, 12, 0.25),
            ("researchers", 7, 5, 1.4),
            ("ict_professionals", 2, 0, float("nan")),
        ],
        columns=["group", "responses", "target", "share"],
    )
    rows = round_tables.progress_rows(progress, "en")
    assert [fill for _, fill, _ in rows] == [0.25, 1.0, 1.0]
    assert rows[0][2] == "3 of 12" and rows[1][2] == "7 of 5"
    assert rows[0][0] == "Civil society representatives"


@given(st.integers(0, 500), st.integers(0, 500))
def test_a_progress_bar_is_always_between_empty_and_full(responses: int, target: int):
    share = responses / target if target else float("nan")
    progress = pd.DataFrame(
        [("researchers", responses, target, share)], columns=["group", "responses", "target", "share"]
    )
    [(_, fill, _)] = round_tables.progress_rows(progress, "kk")
    assert 0.0 <= fill <= 1.0


def test_timeline_lists_the_paper_round_first_with_each_status():
    rounds = [paper_round(DATA), stored_round("Spring <b>"), stored_round("Autumn", closed=True)]
    table = round_tables.timeline_table(rounds, "en")
    assert table.columns.tolist() == ["Round", "Opens", "Closes", "Status"]
    assert table["Opens"].tolist() == ["2025-05-01", "2026-04-01", "2026-04-01"]
    assert table["Closes"].tolist() == ["2025-05-31", "", ""]
    assert table["Status"].tolist() == ["closed · published", "open", "closed"]
    assert table["Round"].tolist()[1] == "Spring <b>"  # a dataframe shows text as text


def test_problems_table_gives_line_column_value_and_reason():
    problems = [Problem(4, "shu_scri_digital_infrastructure", "9", "empty_file")]
    table = round_tables.problems_table(problems, "line", "en")
    assert table.columns.tolist() == ["Line", "Column", "Value", "Problem"]
    assert table.iloc[0, :3].tolist() == [4, "shu_scri_digital_infrastructure", "9"]
    assert table.iloc[0, 3] == problems[0].why("en")


def test_percent_table_scores_the_given_means_over_the_scenario():
    paper = {key: value.value for key, value in DATA.baseline.items() if key[0] == "shu"}
    table = round_tables.percent_table(DATA, Scenario(), paper).set_index(["city", "instrument"])
    assert set(table.index.get_level_values("city")) == {"shu"}  # towns without scores are left out
    assert table.loc[("shu", "scri"), "percent"] == pytest.approx(15 / 35 * 100)  # Table 2: 15 of 35
    full = {("shu", "scri", indicator): 5.0 for indicator in SCRI}
    assert round_tables.percent_table(DATA, Scenario(), full).set_index(["city", "instrument"]).loc[
        ("shu", "scri"), "percent"
    ] == pytest.approx(100.0)
