"""A town over the rounds as shown: month headings, score changes with arrows, the line chart."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pandas as pd
import pytest

from smartcity.analysis.consensus import paper_scores
from smartcity.analysis.over_time import RoundScores, town_history
from smartcity.data import load_dataset
from smartcity.scenario import Scenario
from smartcity.store.rounds import Round, RoundGroup, paper_round
from smartcity.views import timeline_charts

DATASET = load_dataset()


def closed(round_id: str, title: str, day: date) -> Round:
    moment = datetime(day.year, day.month, day.day, tzinfo=UTC)
    groups = (RoundGroup("researchers", 1),)
    return Round(round_id, title, ("shu",), ("scri",), groups, day, None, ("en",), moment, moment)


@pytest.mark.parametrize(
    ("points", "language", "expected"),
    [
        (1.0, "en", "▲+1"),
        (-0.5, "ru", "▼−0,5"),
        (0.04, "kk", "0"),
        (float("nan"), "en", "—"),
        (2.25, "en", "▲+2.3"),
    ],
)
def test_a_score_change_has_its_arrow_and_at_most_one_decimal(points, language, expected):
    assert timeline_charts.score_change(points, language) == expected


def test_months_head_the_columns_and_a_shared_month_adds_the_title():
    history = [
        RoundScores(paper_round(DATASET), {}),
        RoundScores(closed("a", "Workshop", date(2026, 3, 2)), {}),
        RoundScores(closed("b", "Online", date(2026, 3, 30)), {}),
    ]
    assert timeline_charts.round_columns(history, "ru") == {
        "paper-2025-05": "май 2025",
        "a": "март 2026 · Workshop",
        "b": "март 2026 · Online",
    }
    assert timeline_charts.round_columns(history[:2], "kk")["a"] == "наурыз 2026"


def test_the_line_chart_has_a_line_per_instrument_with_the_rounds_months_on_the_x_axis():
    spring = {("shu", "scri", i): 4.0 for i in DATASET.instrument("scri").indicator_ids}
    history = [
        RoundScores(paper_round(DATASET), paper_scores(DATASET)),
        RoundScores(closed("s", "Spring", date(2026, 4, 30)), spring),
    ]
    chart = timeline_charts.percent_timeline(
        DATASET, town_history(DATASET, Scenario(), history, "shu"), "Shu", "en"
    )
    lines = {trace.name: list(trace.y) for trace in chart.figure.data}
    assert lines["SCRI"] == pytest.approx([1500 / 35, 80.0])
    assert lines["Governance"] == pytest.approx([60.0])
    assert list(chart.figure.layout.xaxis.ticktext) == ["May 2025", "April 2026"]
    assert isinstance(chart.data, pd.DataFrame) and len(chart.data) == 2 + 3  # SCRI twice, the rest once
