"""A town over the rounds: its percent per instrument as lines over the rounds' dates, and its
indicator scores as a compact table with a column per round and the last change."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pandas as pd
import plotly.graph_objects as go
from babel.dates import format_date

from smartcity.analysis.over_time import RoundScores
from smartcity.i18n.catalog import format_percent, format_score, format_signed, translate
from smartcity.i18n.labels import indicator_name, instrument_name
from smartcity.model import Dataset
from smartcity.scoring import COMPOSITE
from smartcity.views.charts import OKABE_ITO, Chart, layout, plain
from smartcity.views.labels import arrowed

NO_SCORE = "—"


def month(day: date, language: str) -> str:
    """A round's month and year in ``language``: "May 2025", "май 2025", "мамыр 2025"."""
    return format_date(day, translate("over_time.month_pattern", language), locale=language)


def round_columns(history: Sequence[RoundScores], language: str) -> dict[str, str]:
    """Round id -> its column heading: its month, with its title when two rounds share a month."""
    months = [month(entry.day, language) for entry in history]
    return {
        entry.round.id: heading if months.count(heading) == 1 else f"{heading} · {entry.round.title}"
        for entry, heading in zip(history, months, strict=True)
    }


def percent_timeline(dataset: Dataset, history: pd.DataFrame, town: str, language: str) -> Chart:
    """A line per instrument (the composite dashed) of over_time.town_history's percents, the
    rounds' dates along the x axis, with the table of the points as its data."""
    columns = {name: translate(f"over_time.col.{name}", language) for name in ("round", "date", "instrument")}
    columns["percent"] = translate("over_time.col.percent", language)
    figure = go.Figure()
    for position, instrument_id in enumerate((*dataset.instrument_ids, COMPOSITE)):
        rows = history[history["instrument"] == instrument_id]
        if rows.empty:
            continue
        composite = instrument_id == COMPOSITE
        figure.add_trace(
            go.Scatter(
                x=rows["day"].tolist(),
                y=rows["percent"].tolist(),
                mode="lines+markers",
                name=plain(instrument_name(dataset, instrument_id, language, short=not composite)),
                line={
                    "color": OKABE_ITO[position % len(OKABE_ITO)],
                    "dash": "dash" if composite else "solid",
                },
                customdata=[format_percent(value, language) for value in rows["percent"]],
                hovertemplate="%{customdata}<extra>%{fullData.name}</extra>",
            )
        )
    days = sorted(set(history["day"]))
    figure.update_layout(
        title=translate("over_time.chart_title", language, town=plain(town)),
        xaxis={
            "tickvals": days,
            "ticktext": [month(day, language) for day in days],
            "title": {"text": translate("over_time.col.date", language)},
        },
        yaxis={"range": [0, 100], "title": {"text": translate("over_time.col.percent", language)}},
        height=380,
        **layout(language),
    )
    data = pd.DataFrame(
        {
            columns["round"]: history["title"],
            columns["date"]: [month(day, language) for day in history["day"]],
            columns["instrument"]: [
                instrument_name(dataset, i, language, short=i != COMPOSITE) for i in history["instrument"]
            ],
            columns["percent"]: [format_percent(value, language) for value in history["percent"]],
        }
    )
    return Chart(figure, data)


def indicator_table(
    dataset: Dataset, scores: pd.DataFrame, history: Sequence[RoundScores], language: str
) -> pd.DataFrame:
    """over_time.indicator_history's table as shown: instrument, indicator, a column per round
    (its month) and the change since the round before, "▲+1", "▼−0,5" ("—" where not answered)."""
    headings = round_columns([entry for entry in history if entry.round.id in scores.columns], language)
    shown = pd.DataFrame(
        {
            translate("over_time.col.instrument", language): [
                instrument_name(dataset, i, language, short=True) for i in scores["instrument"]
            ],
            translate("over_time.col.indicator", language): [
                indicator_name(dataset, i, n, language)
                for i, n in zip(scores["instrument"], scores["indicator"], strict=True)
            ],
        }
    )
    for round_id, heading in headings.items():
        shown[heading] = [NO_SCORE if pd.isna(v) else format_score(v, language) for v in scores[round_id]]
    shown[translate("over_time.col.delta", language)] = [score_change(v, language) for v in scores["delta"]]
    return shown


def score_change(points: float, language: str) -> str:
    """A change of an indicator's score with its arrow, at most one decimal: "▲+1", "▼−0,5", "0", or
    "—" without two rounds."""
    if pd.isna(points):
        return NO_SCORE
    decimals = 0 if float(round(points, 1)).is_integer() else 1
    return arrowed(format_signed(points, language, decimals=decimals))
