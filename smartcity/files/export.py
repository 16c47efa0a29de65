"""Files out of the app: scores as CSV and XLSX (safe to open in a spreadsheet), charts as images.

Spreadsheet programs run a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return as a formula, so such text (a city named ``=HYPERLINK(...)``) is written with a leading
apostrophe. Numbers stay numbers. Chart images come from kaleido, which drives a headless
Chromium; one kaleido server serves the process, one image at a time.
"""

from __future__ import annotations

import io
import re
import threading
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import kaleido
import pandas as pd
import plotly.graph_objects as go

from smartcity.errors import SmartCityError
from smartcity.i18n.catalog import translate
from smartcity.i18n.labels import band_name, city_name, indicator_name, instrument_name
from smartcity.model import Dataset
from smartcity.scenario import Scenario
from smartcity.scoring import COMPOSITE, score

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
IMAGE_FORMATS = ("png", "svg", "pdf")
IMAGE_TIMEOUT_SECONDS = 120
_XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
"""Control characters an XLSX file cannot hold (openpyxl refuses them)."""
Result = TypeVar("Result")


def neutralise(value: Any) -> Any:
    """Text a spreadsheet would run as a formula gets a leading apostrophe; other values pass."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy with every text cell and column name neutralised."""
    safe = frame.rename(columns=lambda name: neutralise(str(name)))
    for column in safe.columns:
        if not pd.api.types.is_numeric_dtype(safe[column]):
            safe[column] = safe[column].map(neutralise)
    return safe


def scores_frame(dataset: Dataset, scenario: Scenario, language: str) -> pd.DataFrame:
    """Every city's result on every instrument and the composite, with the change against the paper."""
    table = score(dataset, scenario)
    instrument_ids = (*dataset.instrument_ids, COMPOSITE)
    rows = [
        {
            "city_id": result.city_id,
            "city": city_name(dataset, scenario, result.city_id, language),
            "instrument_id": result.instrument_id,
            "instrument": instrument_name(dataset, result.instrument_id, language),
            "total": result.total,
            "maximum": result.maximum,
            "percent": result.percent,
            "rank": result.rank,
            "band": band_name(result.band, language),
            "paper_percent": result.baseline_percent,
            "change_points": result.delta_percent,
            "rank_change": result.rank_change,
        }
        for instrument_id in instrument_ids
        for result in table.ranking(instrument_id)
    ]
    frame = pd.DataFrame(rows, columns=list(_SCORE_COLUMNS)).astype({"rank": "Int64", "rank_change": "Int64"})
    return _headed(frame, language)


def indicators_frame(dataset: Dataset, scenario: Scenario, language: str) -> pd.DataFrame:
    """Every indicator value under the scenario, with where it comes from (paper, survey, user)."""
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
            "origin": value.origin,
        }
        for instrument in dataset.instruments
        for city in scenario.cities(dataset)
        for indicator_id in instrument.indicator_ids
        if (value := table.values.get((city.id, instrument.id, indicator_id))) is not None
    ]
    return _headed(pd.DataFrame(rows, columns=list(_INDICATOR_COLUMNS)), language)


_SCORE_COLUMNS = (
    "city_id",
    "city",
    "instrument_id",
    "instrument",
    "total",
    "maximum",
    "percent",
    "rank",
    "band",
    "paper_percent",
    "change_points",
    "rank_change",
)
_INDICATOR_COLUMNS = (
    "city_id",
    "city",
    "instrument_id",
    "instrument",
    "indicator_id",
    "indicator",
    "score",
    "origin",
)


def _headed(frame: pd.DataFrame, language: str) -> pd.DataFrame:
    return frame.rename(columns={name: translate(f"export.col.{name}", language) for name in frame.columns})


def scores_csv(dataset: Dataset, scenario: Scenario, language: str) -> bytes:
    """The scores table as UTF-8 CSV (with a byte-order mark, so spreadsheets read Cyrillic)."""
    return safe_frame(scores_frame(dataset, scenario, language)).to_csv(index=False).encode("utf-8-sig")


def scores_xlsx(dataset: Dataset, scenario: Scenario, language: str) -> bytes:
    """A workbook with the scores and the indicator values, one sheet each (titled in the language)."""
    sheet_titles = [translate(f"export.sheet.{name}", language) for name in ("scores", "indicators")]
    frames = (scores_frame(dataset, scenario, language), indicators_frame(dataset, scenario, language))
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for title, frame in zip(sheet_titles, frames, strict=True):
            cleaned = safe_frame(frame).map(lambda v: _XLSX_ILLEGAL.sub("", v) if isinstance(v, str) else v)
            cleaned.to_excel(writer, sheet_name=title, index=False)
    return buffer.getvalue()


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
