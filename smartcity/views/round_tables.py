"""A round's results as tables to show: ids turned into names, columns named in the interface language."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from smartcity.files.survey import Problem
from smartcity.i18n.catalog import translate
from smartcity.i18n.labels import city_name, group_name, indicator_name, instrument_name
from smartcity.model import Dataset, ScoreKey
from smartcity.scenario import Scenario, ScoreLayer
from smartcity.scoring import score
from smartcity.store.rounds import Round
from smartcity.views.survey_tables import FLAG, decimal

STATISTICS_COLUMNS = ("n", "mean", "ci_low", "ci_high", "iqr", "within_one", "flagged")
WEIGHTING_COLUMNS = ("per_respondent", "group_weighted")
KENDALL_COLUMNS = ("raters", "items", "w", "p_value")
CHANGE_COLUMNS = ("before_percent", "after_percent", "delta_points")


def named(
    frame: pd.DataFrame, columns: Sequence[str], dataset: Dataset, scenario: Scenario, language: str
) -> pd.DataFrame:
    """``frame``'s city, instrument, indicator and stakeholder group ids as names, then ``columns``
    (decimals as text in the language), every header translated (``organiser.column.<name>``)."""
    table = pd.DataFrame(index=frame.index)
    if "city" in frame:
        table["city"] = [city_name(dataset, scenario, str(c), language) for c in frame["city"]]
    if "instrument" in frame:
        instruments = frame["instrument"]
        table["instrument"] = [instrument_name(dataset, str(i), language, short=True) for i in instruments]
    if "indicator" in frame:
        table["indicator"] = [
            indicator_name(dataset, str(i), str(k), language)
            for i, k in zip(frame["instrument"], frame["indicator"], strict=True)
        ]
    if "stakeholder_group" in frame:
        table["group"] = [group_name(str(g), language) for g in frame["stakeholder_group"]]
    for column in columns:
        values = frame[column]
        if values.dtype.kind == "f":  # as text, so the language's decimal comma shows
            table[column] = [decimal(value, language) for value in values]
        elif values.dtype.kind == "b":
            table[column] = [FLAG if flag else "" for flag in values]
        else:
            table[column] = values
    table.columns = [translate(f"organiser.column.{column}", language) for column in table.columns]
    return table.reset_index(drop=True)


def progress_rows(progress: pd.DataFrame, language: str) -> list[tuple[str, float, str]]:
    """Per group: its name, the bar's fill (0-1, capped) and the text "responses / target"."""
    rows = []
    for group, responses, target, share in progress.itertuples(index=False):
        fill = 1.0 if target == 0 else min(1.0, float(share))
        text = translate("organiser.progress", language, responses=responses, target=target)
        rows.append((group_name(group, language), fill, text))
    return rows


def timeline_table(rounds: Sequence[Round], language: str) -> pd.DataFrame:
    """Every round in time order: title, opening and closing day, and whether it is closed or published."""

    def status(round_: Round) -> str:
        state = "closed" if round_.is_closed else "open"
        published = translate("organiser.status.published", language) if round_.published else ""
        return " · ".join(filter(None, [translate(f"organiser.status.{state}", language), published]))

    rows = {
        "title": [round_.title for round_ in rounds],
        "opens": [round_.opens.isoformat() for round_ in rounds],
        "closes": ["" if round_.closes is None else round_.closes.isoformat() for round_ in rounds],
        "status": [status(round_) for round_ in rounds],
    }
    table = pd.DataFrame(rows)
    table.columns = [translate(f"organiser.column.{column}", language) for column in table.columns]
    return table


def problems_table(problems: Sequence[Problem], row_unit: str, language: str) -> pd.DataFrame:
    """A file's problems: its line (or row), column, value and why, with translated headers."""
    return pd.DataFrame(
        {
            translate(f"survey.report.{row_unit}", language): [problem.row for problem in problems],
            translate("survey.report.column", language): [problem.column for problem in problems],
            translate("survey.report.value", language): [problem.value for problem in problems],
            translate("survey.report.why", language): [problem.why(language) for problem in problems],
        }
    )


def percent_table(dataset: Dataset, scenario: Scenario, scores: Mapping[ScoreKey, float]) -> pd.DataFrame:
    """Each town's percent per instrument (and the composite) when ``scores`` lie over ``scenario``:
    columns city, instrument, percent; towns without scores are left out."""
    layered = scenario.with_layer(ScoreLayer("round-scores", "round", tuple(scores.items())))
    towns = {key[0] for key in scores}
    rows = [
        (result.city_id, result.instrument_id, result.percent)
        for result in score(dataset, layered).results
        if result.city_id in towns
    ]
    return pd.DataFrame(rows, columns=["city", "instrument", "percent"])
