"""The survey page's tables: problems, how a file was read, respondents and statistics, in a language."""

from __future__ import annotations

import pandas as pd

from smartcity.files import survey
from smartcity.i18n.catalog import format_number, translate
from smartcity.i18n.labels import city_name, group_name, indicator_name, instrument_name
from smartcity.model import Dataset
from smartcity.scenario import Scenario, ScoreLayer
from smartcity.views.survey_charts import column

NO_VALUE = "—"
FLAG = "⚑"


def problem_table(survey_file: survey.SurveyFile, language: str) -> pd.DataFrame:
    """Every problem of a file: its line (or row), column, value and why, with translated headers."""
    problems = survey_file.problems
    return pd.DataFrame(
        {
            translate(f"survey.report.{survey_file.row_unit}", language): [p.row for p in problems],
            translate("survey.report.column", language): [p.column for p in problems],
            translate("survey.report.value", language): [p.value for p in problems],
            translate("survey.report.why", language): [p.why(language) for p in problems],
        }
    )


def how_read(survey_file: survey.SurveyFile, language: str) -> str:
    """How the file was read, e.g. "CSV · utf-8 · «;»" or "XLSX · Sheet1"."""
    how = survey_file.file_format.upper()
    if survey_file.file_format != "csv":
        return f"{how} · {survey_file.sheet}"
    delimiter = translate("survey.tab", language) if survey_file.delimiter == "\t" else survey_file.delimiter
    return f"{how} · {survey_file.encoding} · «{delimiter}»"


def answer_count(responses: pd.DataFrame) -> int:
    """The answers given (blanks, no answer, left out)."""
    return int(responses["score"].notna().sum())


def respondent_count(responses: pd.DataFrame) -> int:
    """The respondents: a respondent id within a city."""
    return int(responses.drop_duplicates(["city", "respondent_id"]).shape[0])


def preview_table(survey_file: survey.SurveyFile, rows: int, language: str) -> pd.DataFrame:
    """The first ``rows`` responses as read, the line column named as in the problem report."""
    unit = translate(f"survey.report.{survey_file.row_unit}", language)
    return survey_file.responses.head(rows).rename(columns={"line": unit})


def respondent_table(
    responses: pd.DataFrame, dataset: Dataset, scenario: Scenario, language: str
) -> pd.DataFrame:
    """Respondents per city (rows, by name) and stakeholder group (columns, by name), with a total."""
    counts = survey.respondent_counts(responses)
    counts.index = [city_name(dataset, scenario, city_id, language) for city_id in counts.index]
    counts.columns = [
        translate("survey.total", language) if group == "total" else group_name(group, language, dataset)
        for group in counts.columns
    ]
    return counts


def decimal(value: float | None, language: str) -> str:
    """A statistic to 2 decimals in the language; "—" when it is undefined."""
    return NO_VALUE if value is None or pd.isna(value) else format_number(value, language, 2)


def question_labels(
    dataset: Dataset, instrument_ids: pd.Series, indicator_ids: pd.Series, language: str
) -> dict[str, list[str]]:
    """Translated "Instrument" and "Indicator" columns for rows of (instrument, indicator) ids."""
    pairs = list(zip(instrument_ids, indicator_ids, strict=True))
    return {
        column("instrument", language): [instrument_name(dataset, i, language, short=True) for i, _ in pairs],
        column("indicator", language): [indicator_name(dataset, i, j, language) for i, j in pairs],
    }


def statistics_table(
    aggregates: survey.Aggregates, layer: ScoreLayer, dataset: Dataset, scenario: Scenario, language: str
) -> pd.DataFrame:
    """n, mean, sd, 95% CI, the score that would be used and a flag for too few answers, per question."""
    overall = aggregates.overall
    scores = dict(layer.scores)
    keys = zip(overall["city"], overall["instrument"], overall["indicator"], strict=True)
    return pd.DataFrame(
        {
            column("city", language): [city_name(dataset, scenario, c, language) for c in overall["city"]],
            **question_labels(dataset, overall["instrument"], overall["indicator"], language),
            column("n", language): overall["n"],
            **{
                column(name, language): [decimal(v, language) for v in overall[name]]
                for name in ("mean", "sd", "ci_low", "ci_high")
            },
            column("score", language): [decimal(scores.get(key), language) for key in keys],
            column("flagged", language): [FLAG if flag else "" for flag in overall["flagged"]],
        }
    )


def flagged_count(aggregates: survey.Aggregates) -> int:
    """Questions with fewer answers than the minimum asked for."""
    return int(aggregates.overall["flagged"].sum())
