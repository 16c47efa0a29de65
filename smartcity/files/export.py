"""Files out of the app: scores as CSV and XLSX (safe to open in a spreadsheet), charts as images.

Spreadsheet programs run a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return as a formula, so such text (a city named ``=HYPERLINK(...)``) is written with a leading
apostrophe. Numbers stay numbers: in the XLSX at full precision with a number format (percents
as 0-100 with two decimals, like the paper and the CSV), in the CSV rounded half up to two
decimals. Chart images come from kaleido, which drives a headless Chromium; one kaleido server
serves the process, one image at a time.
"""

from __future__ import annotations

import csv
import io
import math
import re
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import kaleido
import openpyxl
import pandas as pd
import plotly.graph_objects as go
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from smartcity.errors import SmartCityError
from smartcity.i18n.catalog import round_half_up, translate
from smartcity.i18n.labels import band_name, city_name, indicator_name, instrument_name, method_name
from smartcity.model import PAPER_ORIGIN, USER_ORIGIN, Dataset
from smartcity.scenario import Scenario
from smartcity.scoring import COMPOSITE, score

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
IMAGE_FORMATS = ("png", "svg", "pdf")
IMAGE_TIMEOUT_SECONDS = 120
MAX_COLUMN_WIDTH = 50
"""Widest XLSX column, in characters; longer text (a long indicator name) is cut off on screen only."""
_XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
"""Control characters an XLSX file cannot hold (openpyxl refuses them)."""
Result = TypeVar("Result")


@dataclass(frozen=True)
class CsvFlavour:
    """How a CSV file separates fields and writes the decimal mark."""

    delimiter: str
    decimal: str


CSV_FLAVOURS = {"standard": CsvFlavour(",", "."), "excel": CsvFlavour(";", ",")}
"""standard: comma and decimal point; excel: what Excel expects in Russian and Kazakh locales."""


@dataclass(frozen=True)
class NumberKind:
    """How a column of numbers is written: its decimals (None: as few as a value needs, at most 2)
    and whether a spreadsheet shows a plus sign on gains."""

    decimals: int | None
    signed: bool = False

    def places(self, value: float) -> int:
        """The decimals ``value`` is shown with."""
        return _decimals_needed(value) if self.decimals is None else self.decimals

    def xlsx_format(self, value: float) -> str:
        """The XLSX number format of ``value``, e.g. "0.00" or "+0;-0;0"."""
        places = self.places(value)
        body = "0." + "0" * places if places else "0"
        return f"+{body};-{body};{body}" if self.signed else body

    def text(self, value: float, decimal: str = ".") -> str:
        """``value`` rounded half up to its decimals, with the decimal mark and no plus sign."""
        places = self.places(value)
        rounded = round_half_up(value, places) + 0.0  # + 0.0 turns -0.0 into 0.0
        return f"{rounded:.{places}f}".replace(".", decimal)


def _decimals_needed(value: float) -> int:
    """0, 1 or 2: the fewest decimals that show ``value`` as it rounds to 2 decimals."""
    two = round_half_up(value, 2)
    return next((places for places in (0, 1) if round_half_up(value, places) == two), 2)


TEXT = None
"""A column of text, neutralised."""
PERCENT = NumberKind(2)
"""A percent as 0-100 (the paper's, the CLI's and the CSV's number; the header says %)."""
CHANGE = NumberKind(2, signed=True)
AMOUNT = NumberKind(None)
"""A total, maximum or score: 15, 12.5, 3.45."""
COUNT = NumberKind(0)
COUNT_CHANGE = NumberKind(0, signed=True)
ColumnKinds = dict[str, NumberKind | None]

SCORE_COLUMNS: ColumnKinds = {
    "city_id": TEXT,
    "city": TEXT,
    "instrument_id": TEXT,
    "instrument": TEXT,
    "method": TEXT,
    "total": AMOUNT,
    "maximum": AMOUNT,
    "percent": PERCENT,
    "rank": COUNT,
    "band": TEXT,
    "paper_percent": PERCENT,
    "change_points": CHANGE,
    "rank_change": COUNT_CHANGE,
}
"""The scores table's columns and what kind of value each holds."""
INDICATOR_COLUMNS: ColumnKinds = {
    "city_id": TEXT,
    "city": TEXT,
    "instrument_id": TEXT,
    "instrument": TEXT,
    "indicator_id": TEXT,
    "indicator": TEXT,
    "score": AMOUNT,
    "origin": TEXT,
}
"""The indicator values table's columns and what kind of value each holds."""


def neutralise(value: Any) -> Any:
    """Text a spreadsheet would run as a formula gets a leading apostrophe; other values pass."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def scores_frame(dataset: Dataset, scenario: Scenario, language: str) -> pd.DataFrame:
    """Every city's result on every instrument and the composite, with the change against the paper;
    headers and names in the language, numbers at full precision."""
    table = score(dataset, scenario)
    method = method_name(scenario.method, language)
    rows = [
        {
            "city_id": result.city_id,
            "city": city_name(dataset, scenario, result.city_id, language),
            "instrument_id": result.instrument_id,
            "instrument": instrument_name(dataset, result.instrument_id, language),
            "method": method,
            "total": result.total,
            "maximum": result.maximum,
            "percent": result.percent,
            "rank": result.rank,
            "band": band_name(result.band, language),
            "paper_percent": result.baseline_percent,
            "change_points": result.delta_percent,
            "rank_change": result.rank_change,
        }
        for instrument_id in (*dataset.instrument_ids, COMPOSITE)
        for result in table.ranking(instrument_id)
    ]
    frame = pd.DataFrame(rows, columns=list(SCORE_COLUMNS)).astype({"rank": "Int64", "rank_change": "Int64"})
    return _headed(frame, language)


def indicators_frame(dataset: Dataset, scenario: Scenario, language: str) -> pd.DataFrame:
    """Every indicator value under the scenario, with where it comes from (paper, survey, user),
    in the language."""
    table = score(dataset, scenario)
    rows = [
        {
            "city_id": city.id,
            "city": city.name(language),
            "instrument_id": instrument.id,
            "instrument": instrument_name(dataset, instrument.id, language),
            "indicator_id": indicator_id,
            "indicator": indicator_name(dataset, instrument.id, indicator_id, language),
            "score": value.value,
            "origin": origin_name(value.origin, language),
        }
        for instrument in dataset.instruments
        for city in scenario.cities(dataset)
        for indicator_id in instrument.indicator_ids
        if (value := table.values.get((city.id, instrument.id, indicator_id))) is not None
    ]
    return _headed(pd.DataFrame(rows, columns=list(INDICATOR_COLUMNS)), language)


def origin_name(origin: str, language: str) -> str:
    """Where a score comes from, in the language: the paper, the user, or a survey layer's origin."""
    if origin in (PAPER_ORIGIN, USER_ORIGIN):
        return translate(f"export.origin.{origin}", language)
    return translate("export.origin.survey", language, origin=origin)


def _headed(frame: pd.DataFrame, language: str) -> pd.DataFrame:
    return frame.rename(columns={name: translate(f"export.col.{name}", language) for name in frame.columns})


def scores_csv(dataset: Dataset, scenario: Scenario, language: str, flavour: str = "standard") -> bytes:
    """The scores table as CSV, UTF-8 with a byte-order mark (so spreadsheets read Cyrillic).

    ``flavour`` "standard" separates with commas and writes a decimal point; "excel" writes
    semicolons and a decimal comma, as Excel reads CSV in Russian and Kazakh locales. Numbers are
    rounded half up to 2 decimals and never quoted; text is neutralised.
    """
    if flavour not in CSV_FLAVOURS:
        raise SmartCityError("csv_flavour", flavour=flavour, known=", ".join(CSV_FLAVOURS))
    style = CSV_FLAVOURS[flavour]
    frame = scores_frame(dataset, scenario, language)
    kinds = list(SCORE_COLUMNS.values())
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=style.delimiter, lineterminator="\r\n")
    writer.writerow([neutralise(name) for name in frame.columns])
    for row in frame.itertuples(index=False):
        writer.writerow(
            [_csv_cell(value, kind, style.decimal) for value, kind in zip(row, kinds, strict=True)]
        )
    return buffer.getvalue().encode("utf-8-sig")


def _csv_cell(value: Any, kind: NumberKind | None, decimal: str) -> str:
    if _is_missing(value):
        return ""
    return str(neutralise(value)) if kind is None else kind.text(value, decimal)


def _is_missing(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def scores_xlsx(dataset: Dataset, scenario: Scenario, language: str) -> bytes:
    """A workbook with the scores and the indicator values, one sheet each (titled in the language):
    number formats, fitted column widths, a frozen header row with filters, text neutralised."""
    sheets = (
        ("scores", scores_frame(dataset, scenario, language), SCORE_COLUMNS.values()),
        ("indicators", indicators_frame(dataset, scenario, language), INDICATOR_COLUMNS.values()),
    )
    book = openpyxl.Workbook()
    book.remove(book.worksheets[0])  # the empty sheet a new workbook starts with
    for name, frame, kinds in sheets:
        _fill_sheet(book.create_sheet(translate(f"export.sheet.{name}", language)), frame, list(kinds))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _fill_sheet(sheet: Worksheet, frame: pd.DataFrame, kinds: list[NumberKind | None]) -> None:
    """Write the frame with a bold, frozen, filterable header row and a number format per number."""
    sheet.append([safe_text(name) for name in frame.columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = [len(str(cell.value)) for cell in sheet[1]]
    for row_number, row in enumerate(frame.itertuples(index=False), start=2):
        for column, (value, kind) in enumerate(zip(row, kinds, strict=True), start=1):
            if _is_missing(value):
                continue
            cell = sheet.cell(row_number, column)
            if kind is None:
                cell.value = shown = safe_text(value)
            else:
                cell.value = value.item() if hasattr(value, "item") else value  # numpy -> Python
                cell.number_format = kind.xlsx_format(value)
                shown = ("+" if kind.signed and value > 0 else "") + kind.text(value)
            widths[column - 1] = max(widths[column - 1], len(shown))
    _fit_columns(sheet, widths)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions


def safe_text(value: object) -> str:
    """Text as a spreadsheet cell holds it: control characters dropped first, then neutralised."""
    return str(neutralise(_XLSX_ILLEGAL.sub("", str(value))))


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy with every text cell and column name made safe for a spreadsheet (see :func:`safe_text`)."""
    safe = frame.rename(columns=safe_text)
    for column in safe.columns:
        if not pd.api.types.is_numeric_dtype(safe[column]):
            safe[column] = safe[column].map(lambda cell: cell if pd.isna(cell) else safe_text(cell))
    return safe


def _fit_columns(sheet: Worksheet, widths: Iterable[int]) -> None:
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = min(width + 2, MAX_COLUMN_WIDTH)


# --- chart images ---------------------------------------------------------------------------

_kaleido_lock = threading.Lock()
_kaleido_started = threading.Event()


def figure_images(
    figures: Sequence[go.Figure], image_format: str, width: int = 900, height: int = 650, scale: float = 1
) -> list[bytes]:
    """Render figures as PNG, SVG or PDF through one kaleido server (about 0.2 s each once warm)."""
    if image_format not in IMAGE_FORMATS:
        raise SmartCityError("image_format", format=image_format, known=", ".join(IMAGE_FORMATS))
    options = {"format": image_format, "width": width, "height": height, "scale": scale}

    def render() -> list[bytes]:
        _start_kaleido()
        return [kaleido.calc_fig_sync(figure, opts=options) for figure in figures]

    with _kaleido_lock:
        return _within(IMAGE_TIMEOUT_SECONDS, render)


def figure_image(figure: go.Figure, image_format: str, width: int = 900, height: int = 650) -> bytes:
    """One figure as PNG, SVG or PDF."""
    return figure_images([figure], image_format, width, height)[0]


def _start_kaleido() -> None:
    if _kaleido_started.is_set():
        return
    try:
        # Constructing (not opening) Kaleido finds the browser: a missing one fails here, clearly,
        # instead of killing the sync server's thread and leaving callers waiting.
        kaleido.Kaleido(mathjax=False)
    except Exception as error:
        raise SmartCityError("image_export_failed", problem=str(error)) from None
    kaleido.start_sync_server(mathjax=False, silence_warnings=True)
    _kaleido_started.set()


def _within(seconds: float, work: Callable[[], Result]) -> Result:
    """Run ``work`` in a thread; if it has not finished in time, stop kaleido and raise.

    kaleido's sync server waits forever when its browser dies, so the wait is bounded here.
    """
    outcome: list[Any] = []
    worker = threading.Thread(target=lambda: outcome.append(_capture(work)), daemon=True)
    worker.start()
    worker.join(seconds)
    if not outcome:
        kaleido.stop_sync_server(silence_warnings=True)
        _kaleido_started.clear()
        raise SmartCityError("image_export_failed", problem=f"no image after {seconds:g} s")
    result = outcome[0]
    if isinstance(result, SmartCityError):
        raise result
    if isinstance(result, Exception):
        raise SmartCityError("image_export_failed", problem=str(result)) from result
    return result


def _capture(work: Callable[[], Result]) -> Result | Exception:
    try:
        return work()
    except Exception as error:  # handed to the waiting thread, which raises it
        return error
