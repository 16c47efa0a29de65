"""Survey files: read respondent-level answers (CSV or XLSX, long or wide), check them, aggregate them.

Reading never raises on bad content: every problem is collected with its file line (CSV) or
sheet row (XLSX), column, value and reason, so a user can fix a file in one pass.

Missing-answer policy: a blank score means "no answer"; it is kept in the responses (so the
respondent still counts) but excluded from n, the mean, the sd and the confidence interval.
An indicator with fewer than ``min_answers`` answers (default 5) is flagged, not dropped.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import math
import re
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.special import stdtrit

from smartcity.data import DATA_DIR
from smartcity.errors import SmartCityError
from smartcity.i18n.catalog import LANGUAGES, normalize_for_search, round_half_up, translate
from smartcity.model import City, Dataset, Instrument
from smartcity.scenario import ScoreLayer

MEGABYTE = 1_000_000
"""A megabyte as Streamlit counts server.maxUploadSize: its uploader refuses files over 20 x 10^6 bytes."""
MAX_FILE_BYTES = 20 * MEGABYTE
"""The size limit of a survey file; equal to server.maxUploadSize (MB) in .streamlit/config.toml."""
TEMPLATE_PATH = DATA_DIR / "survey_template.csv"
EXAMPLE_PATH = DATA_DIR / "survey_example_synthetic.csv"
MAX_ROWS = 500_000
DEFAULT_MIN_ANSWERS = 5
CONFIDENCE = 0.95
KEY_COLUMNS: tuple[str, ...] = ("respondent_id", "stakeholder_group", "city")
LONG_COLUMNS: tuple[str, ...] = (*KEY_COLUMNS, "instrument", "indicator", "score")
FORMULA_PREFIXES = ("=", "+", "-", "@")
DELIMITERS = (",", ";", "\t")
RESPONSE_COLUMNS = ("line", "respondent_id", "stakeholder_group", "city", "instrument", "indicator", "score")
AGGREGATE_COLUMNS = ("city", "instrument", "indicator", "n", "mean", "sd", "ci_low", "ci_high", "flagged")

_WHOLE_SCORE = r"([0-9]+)(?:[.,]0+)?"
_TEXT_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_XLSX_SIGNATURE = b"PK\x03\x04"
_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a survey file: where (row, column), the value, and why."""

    row: int | None
    """The CSV file line or XLSX sheet row (the header is usually 1); None for the whole file."""
    column: str
    value: str
    reason: str
    """A message key under ``survey.problem.`` in the catalogues."""
    params: Mapping[str, object] = field(default_factory=dict)

    def why(self, language: str = "en") -> str:
        """The reason in plain words, in ``language``."""
        return translate(f"survey.problem.{self.reason}", language, value=_shown(self.value), **self.params)

    def describe(self, language: str = "en", unit: str = "line") -> str:
        """One line naming the place, the value and the reason (unit: "line" for CSV, "row" for XLSX)."""
        place = []
        if self.row is not None:
            place.append(translate(f"survey.place.{unit}", language, row=self.row))
        if self.column:
            place.append(translate("survey.place.column", language, column=self.column))
        if self.value:
            place.append(translate("survey.place.value", language, value=_shown(self.value)))
        why = self.why(language)
        return f"{', '.join(place)}: {why}" if place else why


@dataclass(frozen=True)
class SurveyFile:
    """A read survey file: its valid responses (long form) and every problem found."""

    file_name: str
    file_format: str
    """"csv", "xlsx" or "" when the file could not be read at all."""
    layout: str
    """"long", "wide" or "" when unknown."""
    responses: pd.DataFrame
    """Columns RESPONSE_COLUMNS; ``score`` is a float, NaN for no answer; one row per answer."""
    problems: tuple[Problem, ...]
    ignored_columns: tuple[str, ...] = ()
    encoding: str = ""
    delimiter: str = ""
    sheet: str = ""

    @property
    def ok(self) -> bool:
        """True when the file has responses and no problem."""
        return not self.problems and not self.responses.empty

    @property
    def row_unit(self) -> str:
        """How rows are named in messages: "row" in a spreadsheet, "line" in a CSV file."""
        return "row" if self.file_format == "xlsx" else "line"

    def error(self) -> SmartCityError:
        """All problems as one SmartCityError (for the CLI), in English."""
        lines = "\n".join(f"  {p.describe('en', self.row_unit)}" for p in self.problems)
        return SmartCityError("survey_invalid", file=self.file_name, count=len(self.problems), problems=lines)


@dataclass(frozen=True)
class Aggregates:
    """n, mean, sd and a 95% CI per city/instrument/indicator, overall and per stakeholder group."""

    overall: pd.DataFrame
    """Columns AGGREGATE_COLUMNS."""
    by_group: pd.DataFrame
    """Columns AGGREGATE_COLUMNS plus ``stakeholder_group`` (after ``indicator``)."""
    min_answers: int


@dataclass(frozen=True)
class CityResponses:
    """One city's answers as a respondents x indicators matrix, ready for resampling respondents."""

    city_id: str
    keys: tuple[tuple[str, str], ...]
    """(instrument, indicator) of each column: every indicator of every instrument, in dataset order."""
    scores: np.ndarray
    """Shape (respondents, len(keys)); NaN where a respondent gave no answer (or was not asked)."""
    groups: np.ndarray
    """Stakeholder group id of each respondent (row)."""
    respondent_ids: tuple[str, ...]


# --- reading ----------------------------------------------------------------------------


def read_survey(
    content: bytes,
    file_name: str,
    dataset: Dataset,
    cities: Sequence[City] | None = None,
    sheet: str | None = None,
) -> SurveyFile:
    """Read a survey file's bytes (CSV or XLSX, long or wide; detected) and check every cell.

    ``cities`` are those the file may name (default: the dataset's); ``sheet`` picks an XLSX sheet.
    """
    cities = tuple(cities if cities is not None else dataset.cities)
    table = _read_table(content, dataset, sheet)
    if table.problems:
        return _unreadable(file_name, table, dataset)
    return _check_table(file_name, table, dataset, cities)


def read_survey_path(
    path: Path, dataset: Dataset, cities: Sequence[City] | None = None, sheet: str | None = None
) -> SurveyFile:
    """Read a survey file from disk; the size limit is checked before reading."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return _unreadable(path.name, _Table(problems=[_too_large(size)]), dataset)
        content = path.read_bytes()
    except OSError as error:
        raise SmartCityError(
            "file_unreadable", file=path.name, problem=error.strerror or str(error)
        ) from None
    return read_survey(content, path.name, dataset, cities, sheet)


def sheet_names(content: bytes) -> list[str]:
    """Names of the sheets of an XLSX file; empty for anything else or an unreadable workbook."""
    if not content.startswith(_XLSX_SIGNATURE):
        return []
    try:
        workbook = _open_workbook(content)
    except _WORKBOOK_ERRORS:
        return []
    try:
        return list(workbook.sheetnames)
    finally:
        workbook.close()


@dataclass
class _Table:
    """Raw cells of a file: a header, data rows with their line numbers, and how it was read."""

    header: list[str] = field(default_factory=list)
    header_line: int = 1
    rows: list[tuple[int, list[str]]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    file_format: str = ""
    encoding: str = ""
    delimiter: str = ""
    sheet: str = ""


def _unreadable(file_name: str, table: _Table, dataset: Dataset) -> SurveyFile:
    return SurveyFile(
        file_name,
        table.file_format,
        "",
        _empty_responses(dataset),
        tuple(table.problems),
        encoding=table.encoding,
        delimiter=table.delimiter,
        sheet=table.sheet,
    )


def _too_large(size: int) -> Problem:
    return Problem(
        None,
        "",
        "",
        "file_too_large",
        {"size_mb": f"{size / MEGABYTE:.1f}", "limit_mb": f"{MAX_FILE_BYTES / MEGABYTE:.0f}"},
    )


def _file_problem(reason: str, **params: object) -> _Table:
    return _Table(problems=[Problem(None, "", "", reason, params)])


def _read_table(content: bytes, dataset: Dataset, sheet: str | None) -> _Table:
    if len(content) > MAX_FILE_BYTES:
        return _Table(problems=[_too_large(len(content))])
    if not content.strip(b" \t\r\n\xef\xbb\xbf"):
        return _file_problem("empty_file")
    if content.startswith(_XLSX_SIGNATURE):
        return _read_xlsx(content, sheet)
    if content.startswith(_OLE_SIGNATURE):
        return _file_problem("old_excel")
    return _read_csv(content, dataset)


def _decode(content: bytes) -> tuple[str, str] | None:
    for bom, encoding in _TEXT_BOMS:
        if content.startswith(bom):
            try:
                return content.decode(encoding), encoding
            except UnicodeDecodeError:
                return None
    for encoding in ("utf-8", "cp1251"):
        try:
            return content.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return None


def _looks_binary(text: str) -> bool:
    # Excel never writes control characters into CSV; a few stray ones stay cell text.
    return "\x00" in text or len(_CONTROL.findall(text)) > max(1, len(text) // 100)


def _read_csv(content: bytes, dataset: Dataset) -> _Table:
    decoded = _decode(content)
    if decoded is None or _looks_binary(decoded[0]):
        return _file_problem("not_text")
    text, encoding = decoded
    delimiter = _sniff_delimiter(text, dataset)
    table = _Table(file_format="csv", encoding=encoding, delimiter=delimiter)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    previous_end = 0
    try:
        for record in reader:
            line = previous_end + 1
            previous_end = reader.line_num
            if not _add_record(table, line, [cell.strip() for cell in record]):
                break
    except csv.Error as error:
        table.problems.append(Problem(previous_end + 1, "", "", "malformed_csv", {"detail": str(error)}))
    return table


def _add_record(table: _Table, line: int, cells: list[str]) -> bool:
    """Add one record (header or data) of stripped cell texts; return False at the row limit."""
    if not any(cells):
        return True
    if not table.header:
        table.header, table.header_line = cells, line
        return True
    if len(table.rows) >= MAX_ROWS:
        table.problems.append(Problem(line, "", "", "too_many_rows", {"limit": MAX_ROWS}))
        return False
    table.rows.append((line, cells))
    return True


def _sniff_delimiter(text: str, dataset: Dataset) -> str:
    known = set(LONG_COLUMNS) | {f"{i.id}.{ind}" for i in dataset.instruments for ind in i.indicator_ids}
    lines = (match.group() for match in re.finditer(r"[^\r\n]+", text))  # lazily: files may be large
    first = next((line for line in lines if line.strip()), "")

    def fit(delimiter: str) -> tuple[int, int]:
        try:
            cells = next(csv.reader([first], delimiter=delimiter), [])
        except csv.Error:  # e.g. a first line longer than the csv module's field limit: no fit
            return 0, 0
        return sum(_header_name(cell) in known for cell in cells), len(cells)

    return max(DELIMITERS, key=fit)


_WORKBOOK_ERRORS: tuple[type[BaseException], ...] = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    KeyError,
    ValueError,
    TypeError,
    IndexError,
    AttributeError,
    OSError,
    EOFError,
    SyntaxError,  # raised by the XML parser (ParseError) on a corrupt sheet
)


def _open_workbook(content: bytes):
    import openpyxl  # imported lazily: CSV-only use does not pay for it

    # data_only=False: a formula comes back as its text ("=A1+1") and is never evaluated.
    return openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=False)


def _read_xlsx(content: bytes, sheet: str | None) -> _Table:
    try:
        workbook = _open_workbook(content)
    except _WORKBOOK_ERRORS as error:
        return _file_problem("xlsx_unreadable", detail=type(error).__name__)
    try:
        names = list(workbook.sheetnames)
        if sheet is not None and sheet not in names:
            return _file_problem("unknown_sheet", sheet=sheet, sheets=", ".join(names))
        if not names:
            return _file_problem("empty_file")
        worksheet = workbook[sheet or names[0]]
        worksheet.reset_dimensions()  # some writers store wrong dimensions; read every row
        table = _Table(file_format="xlsx", sheet=sheet or names[0])
        try:
            for line, record in enumerate(worksheet.iter_rows(min_row=1, values_only=True), start=1):
                if not _add_record(table, line, [_cell_text(value) for value in record]):
                    break
        except _WORKBOOK_ERRORS as error:
            return _file_problem("xlsx_unreadable", detail=type(error).__name__)
        return table
    finally:
        workbook.close()


def _cell_text(value: object) -> str:
    """A cell as text: spreadsheet numbers without a spurious ".0", text stripped, never evaluated."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (int, float)):
        return repr(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value).strip()


def _header_name(text: str) -> str:
    return text.strip().lstrip("\ufeff").casefold()


def _resolve(values: pd.Series, lookup: Mapping[str, str]) -> pd.Series:
    """Map texts through ``lookup`` as names compare (case, accents, Kazakh letters; NaN when unknown)."""
    resolved = {value: lookup.get(normalize_for_search(value)) for value in pd.unique(values)}
    return values.map(resolved)


# --- checking ---------------------------------------------------------------------------


def _check_table(file_name: str, table: _Table, dataset: Dataset, cities: tuple[City, ...]) -> SurveyFile:
    header = [_header_name(cell) for cell in table.header]
    problems = list(table.problems)
    first_index: dict[str, int] = {}
    for index, name in enumerate(header):
        if name and name in first_index:
            problems.append(
                Problem(table.header_line, table.header[index], table.header[index], "duplicate_column")
            )
        first_index.setdefault(name, index)
    long_form = any(name in first_index for name in ("instrument", "indicator", "score"))
    wide_columns = [i for i, name in enumerate(header) if "." in name and i == first_index[name]]
    layout = "long" if long_form else "wide" if wide_columns else ""
    required = LONG_COLUMNS if long_form else KEY_COLUMNS
    missing = [name for name in required if name not in first_index]
    if not layout or missing:
        reason, columns = ("missing_columns", missing) if layout else ("unknown_layout", LONG_COLUMNS)
        problems.append(Problem(table.header_line, "", "", reason, {"columns": ", ".join(columns)}))
    elif not table.rows:
        problems.append(Problem(None, "", "", "no_responses"))
    if not layout or missing or not table.rows:
        return SurveyFile(
            file_name,
            table.file_format,
            layout,
            _empty_responses(dataset),
            tuple(problems),
            encoding=table.encoding,
            delimiter=table.delimiter,
            sheet=table.sheet,
        )

    used = {first_index[name] for name in required}
    if layout == "wide":
        wide_keys, header_problems = _wide_keys(table, header, wide_columns, dataset)
        problems += header_problems
        used |= set(wide_columns)
    ignored = tuple(table.header[i] for i in range(len(header)) if i not in used and header[i])
    width = len(header)
    problems += [
        Problem(line, "", cells[width], "extra_cells")
        for line, cells in table.rows
        if len(cells) > width and any(cells[width:])
    ]

    def column(index: int) -> pd.Series:
        return pd.Series(
            [cells[index] if index < len(cells) else "" for _, cells in table.rows], dtype=object
        )

    rows = pd.DataFrame(
        {
            "line": np.array([line for line, _ in table.rows], dtype=np.int64),
            "respondent_id": column(first_index["respondent_id"]),
            "stakeholder_group": column(first_index["stakeholder_group"]),
            "city": column(first_index["city"]),
        }
    )
    names = {name: table.header[first_index[name]] for name in required}
    rows, row_problems = _check_rows(rows, names, dataset, cities)
    problems += row_problems
    if layout == "long":
        answers, answer_problems = _long_answers(rows, column, first_index, names, dataset)
    else:
        answers = _wide_answers(rows, column, wide_keys)
        answer_problems = []
    problems += answer_problems
    answers, score_problems = _check_scores(answers, rows["line"].to_numpy(), dataset)
    problems += score_problems
    responses, conflict_problems = _merge_duplicates(answers, rows, names)
    problems += conflict_problems
    problems.sort(key=lambda p: (p.row or 0, _column_order(table.header, p.column)))
    return SurveyFile(
        file_name,
        table.file_format,
        layout,
        _typed_responses(responses, dataset, cities),
        tuple(problems),
        ignored,
        table.encoding,
        table.delimiter,
        table.sheet,
    )


def _column_order(header: list[str], column: str) -> int:
    return header.index(column) if column in header else len(header)


def _wide_keys(
    table: _Table, header: list[str], wide_columns: list[int], dataset: Dataset
) -> tuple[list[tuple[int, str, str, str]], list[Problem]]:
    """(column index, instrument, indicator, column name) of the usable INSTRUMENT.INDICATOR columns."""
    keys: list[tuple[int, str, str, str]] = []
    problems: list[Problem] = []
    instruments = {i.id.casefold(): i for i in dataset.instruments}
    for index in wide_columns:
        original = table.header[index]
        instrument_text, _, indicator_text = header[index].partition(".")
        instrument = instruments.get(instrument_text)
        if instrument is None:
            problems.append(
                Problem(
                    table.header_line,
                    original,
                    original,
                    "unknown_instrument",
                    {"known": ", ".join(dataset.instrument_ids)},
                )
            )
            continue
        indicators = {i.casefold(): i for i in instrument.indicator_ids}
        if indicator_text not in indicators:
            problems.append(
                Problem(
                    table.header_line,
                    original,
                    original,
                    "unknown_indicator",
                    {"instrument": instrument.id, "known": ", ".join(instrument.indicator_ids)},
                )
            )
            continue
        keys.append((index, instrument.id, indicators[indicator_text], original))
    return keys, problems


def city_lookup(cities: Iterable[City]) -> dict[str, str]:
    """Every accepted spelling of a city (its id, its names in every language), folded -> city id."""
    lookup: dict[str, str] = {}
    for city in cities:
        for spelling in (city.id, *city.names.values()):
            lookup.setdefault(normalize_for_search(spelling), city.id)
    return lookup


def group_lookup(dataset: Dataset) -> dict[str, str]:
    """Every accepted spelling of the dataset's stakeholder groups (id, or name in en/kk/ru), folded -> id."""
    lookup: dict[str, str] = {}
    for group in dataset.stakeholder_sample:
        lookup[normalize_for_search(group.id)] = group.id
        lookup[normalize_for_search(group.id.replace("_", " "))] = group.id
        for language in LANGUAGES:
            lookup.setdefault(normalize_for_search(group.names.get(language)), group.id)
    return lookup


def _check_rows(
    rows: pd.DataFrame, names: Mapping[str, str], dataset: Dataset, cities: tuple[City, ...]
) -> tuple[pd.DataFrame, list[Problem]]:
    """Resolve groups and cities; blank or unknown ones become NaN and a problem each."""
    problems: list[Problem] = []
    rows["respondent_id"] = rows["respondent_id"].astype(str)
    for line in rows.loc[rows["respondent_id"] == "", "line"]:
        problems.append(Problem(int(line), names["respondent_id"], "", "missing_value"))
    known_groups = ", ".join(dataset.group_ids)
    for column, lookup, reason, params in (
        ("stakeholder_group", group_lookup(dataset), "unknown_group", {"known": known_groups}),
        ("city", city_lookup(cities), "unknown_city", {"known": ", ".join(city.id for city in cities)}),
    ):
        text = rows[column].astype(str)
        resolved = _resolve(text, lookup)
        bad = resolved.isna()
        for line, value in zip(rows.loc[bad, "line"], text[bad], strict=True):
            problems.append(
                Problem(int(line), names[column], value, reason if value else "missing_value", params)
            )
        rows[column] = resolved
    return rows, problems


def _long_answers(
    rows: pd.DataFrame,
    column: Callable[[int], pd.Series],
    first_index: Mapping[str, int],
    names: Mapping[str, str],
    dataset: Dataset,
) -> tuple[pd.DataFrame, list[Problem]]:
    """One answer per row; instrument and indicator resolved (NaN and a problem when unknown)."""
    instrument_text = column(first_index["instrument"]).astype(str)
    indicator_text = column(first_index["indicator"]).astype(str)
    instruments = {i.id.casefold(): i.id for i in dataset.instruments}
    instrument = _resolve(instrument_text, instruments)
    indicators = {f"{i.id}.{ind.casefold()}": ind for i in dataset.instruments for ind in i.indicator_ids}
    indicator = _resolve(instrument.fillna("") + "." + indicator_text, indicators)
    problems: list[Problem] = []
    known_instruments = ", ".join(dataset.instrument_ids)
    lines = rows["line"].to_numpy(dtype=np.int64)
    for position in np.flatnonzero(instrument.isna().to_numpy()).tolist():
        value = str(instrument_text.iat[position])
        reason = "unknown_instrument" if value else "missing_value"
        problems.append(
            Problem(
                int(lines[position]),
                names["instrument"],
                value,
                reason,
                {"known": known_instruments},
            )
        )
    for position in np.flatnonzero((instrument.notna() & indicator.isna()).to_numpy()).tolist():
        value = str(indicator_text.iat[position])
        instrument_id = str(instrument.iat[position])
        reason = "unknown_indicator" if value else "missing_value"
        known = ", ".join(dataset.instrument(instrument_id).indicator_ids)
        problems.append(
            Problem(
                int(lines[position]),
                names["indicator"],
                value,
                reason,
                {"instrument": instrument_id, "known": known},
            )
        )
    answers = pd.DataFrame(
        {
            "row": np.arange(len(rows)),
            "instrument": instrument,
            "indicator": indicator,
            "score_text": column(first_index["score"]).astype(str),
            "score_column": names["score"],
        }
    )
    return answers, problems


def _wide_answers(
    rows: pd.DataFrame, column: Callable[[int], pd.Series], wide_keys: list[tuple[int, str, str, str]]
) -> pd.DataFrame:
    """One answer per row and INSTRUMENT.INDICATOR column (blank cells are answers "not given")."""
    count = len(rows)
    parts = [
        pd.DataFrame(
            {
                "row": np.arange(count),
                "instrument": instrument,
                "indicator": indicator,
                "score_text": column(index).astype(str),
                "score_column": name,
            }
        )
        for index, instrument, indicator, name in wide_keys
    ]
    if not parts:
        return pd.DataFrame(
            {"row": [], "instrument": [], "indicator": [], "score_text": [], "score_column": []}
        )
    return pd.concat(parts, ignore_index=True)


def _check_scores(
    answers: pd.DataFrame, lines: np.ndarray, dataset: Dataset
) -> tuple[pd.DataFrame, list[Problem]]:
    """Parse scores: whole numbers on the question's instrument scale (3, 3.0 or 3,0); blank = no
    answer; anything else a problem. Answers to an unknown instrument are already a problem each."""
    text = answers["score_text"]
    instruments = {instrument.id: instrument for instrument in dataset.instruments}
    low = answers["instrument"].map({i: s.scale_min for i, s in instruments.items()})
    high = answers["instrument"].map({i: s.scale_max for i, s in instruments.items()})
    number = pd.to_numeric(text.str.extract(rf"^{_WHOLE_SCORE}$", expand=False), errors="coerce")
    valid = number.notna() & (number >= low) & (number <= high)
    answers["score"] = np.where(valid, number, np.nan)
    bad = ~valid & (text != "") & low.notna()
    answers["bad_score"] = bad
    problems = [
        Problem(
            int(lines[row]),
            column,
            value,
            _score_reason(value, instruments[instrument]),
            _bounds(instruments[instrument]),
        )
        for row, column, value, instrument in zip(
            answers.loc[bad, "row"],
            answers.loc[bad, "score_column"],
            text[bad],
            answers.loc[bad, "instrument"],
            strict=True,
        )
    ]
    return answers, problems


def _bounds(instrument: Instrument) -> dict[str, str]:
    """The ends of the instrument's scale for a score message, e.g. "1" and "5"."""
    return {"low": f"{instrument.scale_min:g}", "high": f"{instrument.scale_max:g}"}


def _score_reason(text: str, instrument: Instrument) -> str:
    if text.startswith(FORMULA_PREFIXES):
        return "scale_formula_like"
    try:
        number = float(text.replace(",", "."))
    except ValueError:
        return "scale_not_a_number"
    if not math.isfinite(number):
        return "scale_not_a_number"
    if not number.is_integer():
        return "scale_not_whole"
    # On the scale but not written as a plain number ("3e0", non-ASCII digits): not a score as written.
    inside = instrument.scale_min <= number <= instrument.scale_max
    return "scale_not_a_number" if inside else "scale_out_of_range"


def _merge_duplicates(
    answers: pd.DataFrame, rows: pd.DataFrame, names: Mapping[str, str]
) -> tuple[pd.DataFrame, list[Problem]]:
    """Join answers to rows, keep the valid ones, merge agreeing duplicates and report conflicts."""
    problems: list[Problem] = []
    joined = answers.join(rows, on="row")
    valid = joined.dropna(subset=["respondent_id", "stakeholder_group", "city", "instrument", "indicator"])
    valid = valid[~valid["bad_score"]]

    respondent = ["city", "respondent_id"]
    first_group = valid.drop_duplicates(respondent)[[*respondent, "stakeholder_group", "line"]]
    with_first = valid.merge(first_group, on=respondent, suffixes=("", "_first"))
    clash = with_first[with_first["stakeholder_group"] != with_first["stakeholder_group_first"]]
    for line, value, first_line, first_value in clash.drop_duplicates("line")[
        ["line", "stakeholder_group", "line_first", "stakeholder_group_first"]
    ].itertuples(index=False):
        problems.append(
            Problem(
                int(line),
                names["stakeholder_group"],
                value,
                "conflicting_group",
                {"first_line": int(first_line), "first_value": first_value},
            )
        )

    key = ["city", "respondent_id", "instrument", "indicator"]
    answered = valid.dropna(subset=["score"])
    first_answer = answered.drop_duplicates(key)[[*key, "score", "line"]]
    with_first = answered.merge(first_answer, on=key, suffixes=("", "_first"))
    clash = with_first[with_first["score"] != with_first["score_first"]]
    for line, column, value, first_line, first_value in clash[
        ["line", "score_column", "score", "line_first", "score_first"]
    ].itertuples(index=False):
        problems.append(
            Problem(
                int(line),
                column,
                _number_text(value),
                "conflicting_answer",
                {"first_line": int(first_line), "first_value": _number_text(first_value)},
            )
        )
    # An answer beats a blank for the same question; equal answers are one answer.
    merged = valid.sort_values(["score", "line"], na_position="last", kind="stable").drop_duplicates(key)
    merged = merged.sort_values("line", kind="stable")
    return merged, problems


def _number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _empty_responses(dataset: Dataset) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "line": pd.Series(dtype=np.int64),
            "respondent_id": pd.Series(dtype=object),
            "stakeholder_group": pd.Categorical([], categories=dataset.group_ids),
            "city": pd.Categorical([]),
            "instrument": pd.Categorical([]),
            "indicator": pd.Categorical([]),
            "score": pd.Series(dtype=np.float64),
        }
    )


def _typed_responses(merged: pd.DataFrame, dataset: Dataset, cities: tuple[City, ...]) -> pd.DataFrame:
    indicator_ids = list(dict.fromkeys(i for ins in dataset.instruments for i in ins.indicator_ids))
    return pd.DataFrame(
        {
            "line": merged["line"].to_numpy(dtype=np.int64),
            "respondent_id": merged["respondent_id"].to_numpy(dtype=object),
            "stakeholder_group": pd.Categorical(merged["stakeholder_group"], categories=dataset.group_ids),
            "city": pd.Categorical(merged["city"], categories=[c.id for c in cities]),
            "instrument": pd.Categorical(merged["instrument"], categories=list(dataset.instrument_ids)),
            "indicator": pd.Categorical(merged["indicator"], categories=indicator_ids),
            "score": merged["score"].to_numpy(dtype=np.float64),
        }
    )


def _shown(value: str, limit: int = 60) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"


# --- aggregating ------------------------------------------------------------------------


def aggregate(responses: pd.DataFrame, min_answers: int = DEFAULT_MIN_ANSWERS) -> Aggregates:
    """n, mean, sample sd and Student-t 95% CI per city/instrument/indicator, overall and by group.

    Blank answers (NaN) are excluded from every statistic; rows with n < ``min_answers`` are flagged.
    Rows come in the order of the categories (cities, instruments and indicators as in the dataset).
    """
    keys = ["city", "instrument", "indicator"]
    return Aggregates(
        _statistics(responses, keys, min_answers),
        _statistics(responses, [*keys, "stakeholder_group"], min_answers),
        min_answers,
    )


def _statistics(responses: pd.DataFrame, keys: list[str], min_answers: int) -> pd.DataFrame:
    grouped = responses.groupby(keys, observed=True, sort=True)["score"].agg(["count", "mean", "std"])
    grouped = grouped.reset_index()
    n = grouped["count"].to_numpy(dtype=np.int64)
    sd = grouped["std"].to_numpy(dtype=np.float64)
    mean = grouped["mean"].to_numpy(dtype=np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        t = stdtrit(np.where(n >= 2, n - 1, np.nan), 0.5 + CONFIDENCE / 2)  # Student-t quantile
        half = t * sd / np.sqrt(n)
    table = pd.DataFrame({key: grouped[key].astype(str).to_numpy() for key in keys})
    table["n"] = n
    table["mean"] = mean
    table["sd"] = sd
    table["ci_low"] = mean - half
    table["ci_high"] = mean + half
    table["flagged"] = n < min_answers
    return table


def respondent_counts(responses: pd.DataFrame) -> pd.DataFrame:
    """Respondents per city (rows) and stakeholder group (columns, every group of the dataset), with a
    ``total`` column."""
    people = responses.drop_duplicates(["city", "respondent_id"])
    counts = pd.crosstab(people["city"], people["stakeholder_group"], dropna=False)
    groups = responses["stakeholder_group"].cat.categories
    counts = counts.reindex(columns=list(groups), fill_value=0)
    counts = counts.loc[counts.sum(axis=1) > 0]
    counts["total"] = counts.sum(axis=1)
    counts.index = counts.index.astype(str)
    counts.columns = [str(c) for c in counts.columns]
    return counts


def layer_scores(
    aggregates: Aggregates, round_scores: bool = False
) -> tuple[tuple[tuple[str, str, str], float], ...]:
    """The indicator scores the survey gives: each mean (rounded half up when asked); no answers, no score."""
    overall = aggregates.overall
    answered = overall[overall["n"] > 0]
    return tuple(
        ((city, instrument, indicator), round_half_up(mean) if round_scores else float(mean))
        for city, instrument, indicator, mean in answered[
            ["city", "instrument", "indicator", "mean"]
        ].itertuples(index=False)
    )


def to_layer(aggregates: Aggregates, layer_id: str, origin: str, round_scores: bool = False) -> ScoreLayer:
    """A ScoreLayer for the Scenario: the survey's indicator scores over the paper's baseline."""
    return ScoreLayer(layer_id, origin, layer_scores(aggregates, round_scores))


def layer_id(content: bytes) -> str:
    """A stable id for the layer of a file's content (re-importing a file replaces its layer)."""
    return "survey-" + hashlib.sha256(content).hexdigest()[:12]


def aggregate_rows(
    aggregates: Aggregates, by_group: bool = False, decimals: int = 4
) -> list[dict[str, object]]:
    """Aggregates as flat rows for CSV/JSON: numbers rounded, an undefined sd or CI as None."""
    table = aggregates.by_group if by_group else aggregates.overall
    rows = []
    for record in table.to_dict("records"):
        row: dict[str, object] = {}
        for key, value in record.items():
            name = str(key)
            if name == "n":
                row[name] = int(value)
            elif name == "flagged":
                row[name] = bool(value)
            elif isinstance(value, float):
                row[name] = None if math.isnan(value) else round_half_up(value, decimals)
            else:
                row[name] = value
        rows.append(row)
    return rows


def response_matrices(responses: pd.DataFrame, dataset: Dataset) -> dict[str, CityResponses]:
    """Each city's answers as a respondents x indicators matrix, for bootstrapping respondents."""
    keys = tuple((i.id, ind) for i in dataset.instruments for ind in i.indicator_ids)
    column_of = {key: position for position, key in enumerate(keys)}
    matrices: dict[str, CityResponses] = {}
    for city_id, answers in responses.groupby("city", observed=True, sort=True):
        respondent_codes, respondent_ids = pd.factorize(answers["respondent_id"])
        columns = np.array(
            [
                column_of[(str(a), str(b))]
                for a, b in zip(answers["instrument"], answers["indicator"], strict=True)
            ]
        )
        scores = np.full((len(respondent_ids), len(keys)), np.nan)
        scores[respondent_codes, columns] = answers["score"].to_numpy(dtype=np.float64)
        groups = np.empty(len(respondent_ids), dtype=object)
        groups[respondent_codes] = answers["stakeholder_group"].astype(str).to_numpy()
        matrices[str(city_id)] = CityResponses(
            str(city_id), keys, scores, groups, tuple(str(r) for r in respondent_ids)
        )
    return matrices


# --- templates --------------------------------------------------------------------------


def template_csv(dataset: Dataset, layout: str = "long") -> str:
    """A blank survey file to fill in: one example respondent (of the largest stakeholder group), every
    indicator, scores blank."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    largest_group = max(dataset.stakeholder_sample, key=lambda group: group.count)
    example = ("R001", largest_group.id, dataset.cities[0].names["en"])
    questions = [(i.id, ind) for i in dataset.instruments for ind in i.indicator_ids]
    if layout == "long":
        writer.writerow(LONG_COLUMNS)
        writer.writerows((*example, instrument, indicator, "") for instrument, indicator in questions)
    elif layout == "wide":
        writer.writerow((*KEY_COLUMNS, *(f"{a}.{b}" for a, b in questions)))
        writer.writerow((*example, *([""] * len(questions))))
    else:
        raise SmartCityError("survey_unknown_layout", layout=layout)
    return buffer.getvalue()
