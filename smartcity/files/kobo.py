"""Kobo/ODK exports of a round's XLSForm (smartcity.files.xlsform) read as long survey responses.

A submission is one row; its answers become long-form rows (respondent_id, stakeholder_group,
city, instrument, indicator, score) checked by smartcity.files.survey, so the same aggregates
follow and every problem names the line (or sheet row) and column of the Kobo/ODK file.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

import pandas as pd

from smartcity.files.survey import (
    LONG_COLUMNS,
    Problem,
    _read_table,
    city_lookup,
    read_survey,
)
from smartcity.files.xlsform import (
    CITIES_QUESTION,
    DONT_KNOW,
    GROUP_QUESTION,
    comment_name,
    question_name,
    scale_point_label,
    scale_points,
)
from smartcity.i18n.catalog import LANGUAGES, normalize_for_search, translate
from smartcity.model import City, Dataset

RESPONDENT_ID_COLUMNS = ("_uuid", "key", "instanceid")
"""Columns naming a submission, in order of preference: Kobo's ``_uuid``, ODK Central's ``KEY`` and
``meta/instanceID`` (``meta-instanceID``)."""
META_COLUMNS = frozenset(
    {
        "start",
        "end",
        "today",
        "deviceid",
        "subscriberid",
        "simserial",
        "phonenumber",
        "username",
        "audit",
        "instancename",
        "rootuuid",
        "deprecatedid",
        "uuid",
        "privacy",
        "_id",
        "_submission_time",
        "_validation_status",
        "_notes",
        "_status",
        "_submitted_by",
        "__version__",
        "_version_",
        "_tags",
        "_index",
        "_xform_id_string",
        "_attachments",
        "_geolocation",
        "_media_all_received",
        "_total_media",
        "_media_count",
        "submissiondate",
        "submitterid",
        "submittername",
        "attachmentspresent",
        "attachmentsexpected",
        "status",
        "reviewstate",
        "edits",
        "formversion",
    }
)
"""Kobo and ODK Central metadata columns (case-folded, without a group path): read past, not reported."""
_PATH_SEPARATORS = re.compile(r"[/.:-]")
"""Kobo writes ``group/question`` (or ``group.question``), ODK Central ``group-question``."""
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class _Question:
    city_id: str
    instrument_id: str
    indicator_id: str


@dataclass(frozen=True)
class _Origin:
    """Where a generated long-form row came from: the Kobo file's line and, per long column, its column."""

    line: int
    columns: Mapping[str, str]


@dataclass(frozen=True)
class _Columns:
    """Where the form's fields are in the file's header."""

    respondent_id: int | None
    group: int | None
    cities: int | None
    questions: Mapping[int, _Question]
    problems: tuple[Problem, ...]


def read_kobo(
    dataset: Dataset,
    content: bytes,
    file_name: str,
    cities: Sequence[City] | None = None,
    sheet: str | None = None,
) -> tuple[pd.DataFrame | None, tuple[Problem, ...]]:
    """Read a Kobo/ODK export (CSV with ',' or ';', or XLSX) of the round's XLSForm.

    Returns the long responses (smartcity.files.survey's RESPONSE_COLUMNS, ``line`` being the
    Kobo file's line or sheet row; "Don't know" is a blank score) and no problems, or None and
    every problem found. Values may be choice names ("3", "dont_know") or labels in any language.
    """
    towns = tuple(cities if cities is not None else dataset.cities)
    table = _read_table(content, dataset, sheet)
    if table.problems:
        return None, tuple(table.problems)
    columns = _find_columns(table.header, table.header_line, dataset, towns)
    if columns.problems:
        return None, columns.problems
    assert columns.respondent_id is not None and columns.group is not None
    long_rows, row_origins, problems = _long_rows(table.rows, table.header, columns, dataset, towns)
    if not long_rows:
        return None, tuple(problems) or (Problem(None, "", "", "no_responses"),)
    long_file, start_lines = _long_csv(long_rows)
    origins = dict(zip(start_lines, row_origins, strict=True))
    checked = read_survey(long_file, file_name, dataset, towns)
    problems.extend(_from_kobo_file(problem, origins) for problem in checked.problems)
    if problems:
        return None, _unique(sorted(problems, key=lambda problem: problem.row or 0))
    responses = checked.responses.copy()
    responses["line"] = [origins[line].line for line in responses["line"]]
    return responses, ()


def _field_name(header_cell: str) -> tuple[str, str]:
    """A header cell's field name and its parent's (group path dropped; case-folded)."""
    parts = [part for part in _PATH_SEPARATORS.split(header_cell.strip().lstrip("\ufeff")) if part]
    if not parts:
        return "", ""
    return parts[-1].casefold(), parts[-2].casefold() if len(parts) > 1 else ""


def _find_columns(header: list[str], header_line: int, dataset: Dataset, towns: tuple[City, ...]) -> _Columns:
    questions_by_name = {
        question_name(town.id, instrument.id, indicator_id).casefold(): _Question(
            town.id, instrument.id, indicator_id
        )
        for town in towns
        for instrument in dataset.instruments
        for indicator_id in instrument.indicator_ids
    }
    read_past = META_COLUMNS | {
        name.casefold()
        for town in towns
        for instrument in dataset.instruments
        for name in (comment_name(town.id, instrument.id), f"{town.id}__{instrument.id}__section")
    }
    ids: dict[str, int] = {}
    fields: dict[str, int] = {}
    questions: dict[int, _Question] = {}
    problems: list[Problem] = []
    for index, cell in enumerate(header):
        name, parent = _field_name(cell)
        if not name:
            continue
        if name in questions_by_name:
            questions[index] = questions_by_name[name]
        elif name in RESPONDENT_ID_COLUMNS:
            ids.setdefault(name, index)
        elif name in (GROUP_QUESTION, CITIES_QUESTION):
            fields.setdefault(name, index)
        elif name not in read_past and parent != CITIES_QUESTION:  # cities/shu: Kobo's 0/1 column
            problems.append(Problem(header_line, cell, cell, "kobo_unknown_column"))
    respondent_id = next((ids[name] for name in RESPONDENT_ID_COLUMNS if name in ids), None)
    missing = [
        label
        for label, index in (
            ("_uuid / KEY / instanceID", respondent_id),
            (GROUP_QUESTION, fields.get(GROUP_QUESTION)),
        )
        if index is None
    ]
    if missing:
        problems.append(Problem(None, "", "", "missing_columns", {"columns": ", ".join(missing)}))
    return _Columns(
        respondent_id, fields.get(GROUP_QUESTION), fields.get(CITIES_QUESTION), questions, tuple(problems)
    )


def _score_lookup(dataset: Dataset) -> dict[str, str]:
    """Normalised choice names and labels (every language) of the scales -> score text ("" = don't know)."""
    lookup = {normalize_for_search(DONT_KNOW): ""}
    for language in LANGUAGES:
        lookup[normalize_for_search(translate("forms.dont_know", language))] = ""
        for instrument in dataset.instruments:
            for point in scale_points(dataset, instrument.id):
                label = scale_point_label(dataset, instrument.id, point, language)
                lookup[normalize_for_search(label)] = str(point)
    return lookup


def _long_rows(
    rows: list[tuple[int, list[str]]],
    header: list[str],
    columns: _Columns,
    dataset: Dataset,
    towns: tuple[City, ...],
) -> tuple[list[tuple[str, ...]], list[_Origin], list[Problem]]:
    """Long-form rows of every submission, where each came from, and the problems of the towns' column."""
    assert columns.respondent_id is not None and columns.group is not None
    scores = _score_lookup(dataset)
    cities = city_lookup(towns)
    long_rows: list[tuple[str, ...]] = []
    origins: list[_Origin] = []
    problems: list[Problem] = []

    def cell(cells: list[str], index: int) -> str:
        return cells[index] if index < len(cells) else ""

    for line, cells in rows:
        chosen: set[str] = set()
        if columns.cities is None:
            chosen = {q.city_id for index, q in columns.questions.items() if cell(cells, index)}
        else:
            text = cell(cells, columns.cities)
            whole = cities.get(normalize_for_search(text))
            for token in [whole] if whole else text.split():
                city_id = cities.get(normalize_for_search(token))
                if city_id is None:
                    problems.append(
                        Problem(
                            line,
                            header[columns.cities],
                            token,
                            "unknown_city",
                            {"known": ", ".join(town.id for town in towns)},
                        )
                    )
                else:
                    chosen.add(city_id)
        for index, question in columns.questions.items():
            if question.city_id not in chosen:
                continue
            value = cell(cells, index)
            score = scores.get(normalize_for_search(value), value)
            long_rows.append(
                (
                    cell(cells, columns.respondent_id),
                    cell(cells, columns.group),
                    question.city_id,
                    question.instrument_id,
                    question.indicator_id,
                    score,
                )
            )
            origins.append(
                _Origin(
                    line,
                    {
                        "respondent_id": header[columns.respondent_id],
                        "stakeholder_group": header[columns.group],
                        "city": header[columns.cities] if columns.cities is not None else header[index],
                        "score": header[index],
                    },
                )
            )
    return long_rows, origins, problems


def _long_csv(rows: list[tuple[str, ...]]) -> tuple[bytes, list[int]]:
    """The rows as a long-form survey file, and the file line each row starts on (a cell may hold a
    line break)."""
    row_text = io.StringIO()
    writer = csv.writer(row_text, lineterminator="\n")

    def as_csv(row: Sequence[str]) -> str:
        row_text.seek(0)
        row_text.truncate()
        writer.writerow(row)
        return row_text.getvalue()

    parts = [as_csv(LONG_COLUMNS)]
    start_lines = []
    line = 2
    for row in rows:
        text = as_csv(row)
        start_lines.append(line)
        line += len(_LINE_BREAK.findall(text))
        parts.append(text)
    return "".join(parts).encode("utf-8"), start_lines


def _from_kobo_file(problem: Problem, origins: Mapping[int, _Origin]) -> Problem:
    """A problem of the generated long file, placed at the Kobo file's line and column."""
    if problem.row is None or problem.row not in origins:
        return problem
    origin = origins[problem.row]
    params = dict(problem.params)
    first_line = params.get("first_line")
    if isinstance(first_line, int) and first_line in origins:
        params["first_line"] = origins[first_line].line
    return replace(
        problem, row=origin.line, column=origin.columns.get(problem.column, problem.column), params=params
    )


def _unique(problems: Iterable[Problem]) -> tuple[Problem, ...]:
    """Problems without repeats (a wrong group is reported once per line, not once per answer)."""
    seen: dict[tuple[object, ...], Problem] = {}
    for problem in problems:
        seen.setdefault((problem.row, problem.column, problem.value, problem.reason), problem)
    return tuple(seen.values())
