"""The one place that reads an assessment's files (the paper's are in ``data/``): loads and validates them.

Every file is checked for its shape (types, required fields) and against the others: unique ids,
known references, scores inside their instrument's scale, a complete baseline, scale labels that
cover the scale, and stakeholder counts that add up to the printed total. A problem raises a
:class:`DataFileError` naming the file, the row (CSV line or JSON item), the column and what is wrong.

``SMARTCITY_DATA_DIR`` names another folder of assessment files to load instead of ``data/``;
geodata and survey templates always come from the bundled ``data/``.
"""

from __future__ import annotations

import csv
import math
import os
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, NotRequired, TypeVar

from pydantic import ConfigDict, TypeAdapter, ValidationError, with_config
from typing_extensions import TypedDict

from smartcity.errors import SmartCityError
from smartcity.i18n.catalog import translate
from smartcity.model import (
    PAPER_ORIGIN,
    Band,
    City,
    DataNote,
    Dataset,
    Indicator,
    Instrument,
    Scale,
    ScoreKey,
    ScoreValue,
    StakeholderGroup,
    Texts,
)

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
"""The bundled data: the paper's assessment, geodata and survey templates."""
DATA_DIR_VARIABLE = "SMARTCITY_DATA_DIR"
"""The environment variable naming another folder of assessment files."""
BASELINE_COLUMNS = ("city", "instrument", "indicator", "score")
SHARE_TOLERANCE = 0.005 + 1e-9
"""A printed share may differ from count / total by its rounding to 2 decimals."""

STRICT_KEYS = ConfigDict(extra="forbid")
"""A misspelt or unknown field in a JSON file is an error, not silently ignored."""
Row = int | str | None
"""Where in a file: a CSV line number, a JSON item path such as ``instruments[0].indicators[2]``, or None."""
T = TypeVar("T")


class DataFileError(SmartCityError):
    """A problem in an assessment file: the file, the row or item, the column, and what is wrong."""

    def __init__(self, problem: str, /, *, file: str, row: Row, column: str, **params: Any) -> None:
        super().__init__(problem, file=file, row=row, column=column, **params)

    def message(self, language: str) -> str:
        """The place and the problem in ``language``."""
        row = self.params["row"]
        place = "line" if isinstance(row, int) else "item" if row else "file"
        where = translate(f"data.place.{place}", language, **self.params)
        return f"{where}: {translate(f'data.problem.{self.key}', language, **self.params)}"


@with_config(STRICT_KEYS)
class _InstrumentEntry(TypedDict):
    id: str
    names: Texts
    short_names: Texts
    source: str
    scale: str
    indicators: list[Indicator]


@with_config(STRICT_KEYS)
class _InstrumentsFile(TypedDict):
    scales: dict[str, Scale]
    instruments: list[_InstrumentEntry]


@with_config(STRICT_KEYS)
class _SampleFile(TypedDict):
    source: str
    total: int
    groups: list[StakeholderGroup]


@with_config(STRICT_KEYS)
class _CitiesFile(TypedDict):
    cities: list[City]


@with_config(STRICT_KEYS)
class _BandsFile(TypedDict):
    bands: list[Band]
    note: NotRequired[str]


@with_config(STRICT_KEYS)
class _NotesFile(TypedDict):
    notes: list[DataNote]


def assessment_dir() -> Path:
    """The folder of the assessment's files: ``$SMARTCITY_DATA_DIR`` when set, else the bundled ``data/``."""
    chosen = os.environ.get(DATA_DIR_VARIABLE, "").strip()
    return Path(chosen).resolve() if chosen else DATA_DIR


def load_dataset(data_dir: Path | None = None) -> Dataset:
    """Load and validate an assessment (default: :func:`assessment_dir`); one object per folder."""
    return _load(Path(data_dir).resolve() if data_dir is not None else assessment_dir())


@lru_cache(maxsize=4)
def _load(data_dir: Path) -> Dataset:
    instruments = _instruments(data_dir / "instruments.json")
    sample = _sample(data_dir / "stakeholder_sample.json")
    cities = tuple(_parse(data_dir / "cities.json", _CitiesFile)["cities"])
    _unique(data_dir / "cities.json", "cities", cities)
    for index, city in enumerate(cities):
        if not city.names.get("en"):
            raise DataFileError(
                "missing_value", file="cities.json", row=f"cities[{index}]", column="names.en"
            )
    bands = _bands(data_dir / "bands.json")
    notes = tuple(_parse(data_dir / "data_notes.json", _NotesFile)["notes"])
    _unique(data_dir / "data_notes.json", "notes", notes)
    baseline = _baseline(data_dir / "baseline_scores.csv", instruments, cities)
    return Dataset(instruments, cities, baseline, bands, sample, notes)


def city_from_dict(raw: dict[str, Any]) -> City:
    """Build a City from its JSON form (as in ``data/cities.json`` or a saved scenario)."""
    fields = dict(raw)
    fields["names"] = dict(fields["names"])
    return City(**fields)


def city_to_dict(city: City) -> dict[str, Any]:
    """The JSON form of a City, the inverse of :func:`city_from_dict`."""
    return {
        "id": city.id,
        "names": dict(city.names),
        "region_iso": city.region_iso,
        "latitude": city.latitude,
        "longitude": city.longitude,
        "geonameid": city.geonameid,
        "population_geonames": city.population_geonames,
        "population_paper": city.population_paper,
        "role": city.role,
        "location": city.location,
        "economy": city.economy,
        "issues": city.issues,
        "priorities": city.priorities,
        "origin": city.origin,
    }


# --- one file each ----------------------------------------------------------------------


def _instruments(path: Path) -> tuple[Instrument, ...]:
    document = _parse(path, _InstrumentsFile)
    for name, scale in document["scales"].items():
        _check_scale(path.name, f"scales.{name}", scale)
    instruments = []
    for index, entry in enumerate(document["instruments"]):
        row = f"instruments[{index}]"
        chosen = document["scales"].get(entry["scale"])
        if chosen is None:
            raise DataFileError(
                "unknown_reference",
                file=path.name,
                row=row,
                column="scale",
                value=entry["scale"],
                known=", ".join(document["scales"]),
            )
        _unique(path, f"{row}.indicators", entry["indicators"])
        instruments.append(
            Instrument(
                entry["id"],
                entry["names"],
                entry["short_names"],
                entry["source"],
                chosen,
                tuple(entry["indicators"]),
            )
        )
    _unique(path, "instruments", instruments)
    return tuple(instruments)


def _check_scale(file: str, row: str, scale: Scale) -> None:
    """Whole ends, min below max, and exactly one label for each whole point of the scale."""
    low, high = scale.min, scale.max
    if not (math.isfinite(low) and math.isfinite(high) and low.is_integer() and high.is_integer()):
        raise DataFileError(
            "scale_not_whole", file=file, row=row, column="min, max", low=f"{low:g}", high=f"{high:g}"
        )
    if not low < high:
        raise DataFileError(
            "scale_order", file=file, row=row, column="min, max", low=f"{low:g}", high=f"{high:g}"
        )
    labelled = [label.point for label in scale.labels]
    if sorted(labelled) != list(scale.points):
        raise DataFileError(
            "labels_not_covering",
            file=file,
            row=row,
            column="labels",
            labels=", ".join(str(point) for point in labelled) or "-",
            points=", ".join(str(point) for point in scale.points),
        )


def _sample(path: Path) -> tuple[StakeholderGroup, ...]:
    document = _parse(path, _SampleFile)
    groups, total = document["groups"], document["total"]
    _unique(path, "groups", groups)
    counted = sum(group.count for group in groups)
    if counted != total:
        raise DataFileError(
            "total_mismatch", file=path.name, row="total", column="total", counted=counted, total=total
        )
    for index, group in enumerate(groups):
        expected = group.count / total * 100 if total else math.nan
        if group.count < 0 or not abs(group.share_printed_percent - expected) <= SHARE_TOLERANCE:
            raise DataFileError(
                "share_mismatch",
                file=path.name,
                row=f"groups[{index}]",
                column="share_printed_percent",
                count=group.count,
                total=total,
                expected=f"{expected:.2f}",
                value=f"{group.share_printed_percent:g}",
            )
    return tuple(groups)


def _bands(path: Path) -> tuple[Band, ...]:
    bands = tuple(_parse(path, _BandsFile)["bands"])
    _unique(path, "bands", bands)
    previous = -math.inf
    for index, band in enumerate(bands):
        first_at_zero = index > 0 or band.min_percent == 0
        if not (first_at_zero and previous < band.min_percent <= 100):
            raise DataFileError(
                "bands_order",
                file=path.name,
                row=f"bands[{index}]",
                column="min_percent",
                value=f"{band.min_percent:g}",
            )
        previous = band.min_percent
    return bands


def _baseline(
    path: Path, instruments: tuple[Instrument, ...], cities: tuple[City, ...]
) -> dict[ScoreKey, ScoreValue]:
    """The baseline scores: one per city, instrument and indicator, each on its instrument's scale."""
    by_id = {instrument.id: instrument for instrument in instruments}
    city_ids = [city.id for city in cities]
    scores: dict[ScoreKey, ScoreValue] = {}
    first_line: dict[ScoreKey, int] = {}
    for line, row in _read_csv(path, BASELINE_COLUMNS):
        city, instrument_id, indicator = row["city"], row["instrument"], row["indicator"]
        _known(path, line, "city", city, city_ids)
        _known(path, line, "instrument", instrument_id, list(by_id))
        instrument = by_id[instrument_id]
        _known(path, line, "indicator", indicator, list(instrument.indicator_ids))
        key = (city, instrument_id, indicator)
        if key in first_line:
            raise DataFileError(
                "duplicate_id",
                file=path.name,
                row=line,
                column="city, instrument, indicator",
                value=".".join(key),
                first=first_line[key],
            )
        first_line[key] = line
        scores[key] = ScoreValue(_score(path, line, row["score"], instrument), PAPER_ORIGIN)
    for city in city_ids:
        for instrument in instruments:
            for indicator in instrument.indicator_ids:
                if (city, instrument.id, indicator) not in scores:
                    raise DataFileError(
                        "missing_score",
                        file=path.name,
                        row=None,
                        column="score",
                        city=city,
                        instrument=instrument.id,
                        indicator=indicator,
                    )
    return scores


def _score(path: Path, line: int, text: str, instrument: Instrument) -> float:
    """A baseline score cell as a number on the instrument's scale."""
    if not text.strip():
        raise DataFileError("missing_value", file=path.name, row=line, column="score")
    try:
        value = float(text)
    except ValueError:
        raise DataFileError("not_a_number", file=path.name, row=line, column="score", value=text) from None
    if not instrument.scale_min <= value <= instrument.scale_max:
        raise DataFileError(
            "outside_scale",
            file=path.name,
            row=line,
            column="score",
            value=text,
            low=f"{instrument.scale_min:g}",
            high=f"{instrument.scale_max:g}",
        )
    return value


# --- shared checks and readers ----------------------------------------------------------


def _unique(path: Path, row: str, items: Iterable[Any]) -> None:
    """Refuse a second item with the same ``id`` in a list, naming both places."""
    first: dict[str, int] = {}
    for index, item in enumerate(items):
        if item.id in first:
            raise DataFileError(
                "duplicate_id",
                file=path.name,
                row=f"{row}[{index}]",
                column="id",
                value=item.id,
                first=f"{row}[{first[item.id]}]",
            )
        first[item.id] = index


def _known(path: Path, line: int, column: str, value: str, known: Sequence[str]) -> None:
    if value not in known:
        raise DataFileError(
            "unknown_reference", file=path.name, row=line, column=column, value=value, known=", ".join(known)
        )


def _parse(path: Path, shape: type[T]) -> T:
    """A JSON file checked against its shape; the first mismatch names its item and field."""
    try:
        return TypeAdapter(shape).validate_json(path.read_bytes())
    except OSError as error:
        raise _unreadable(path, error) from None
    except ValidationError as error:
        detail = error.errors(include_url=False)[0]
        if detail["type"] == "json_invalid":
            raise SmartCityError("file_unreadable", file=path.name, problem=detail["msg"]) from None
        location = [str(part) for part in detail["loc"]]
        last_index = max((i for i, part in enumerate(location) if part.isdigit()), default=-1)
        item = "".join(f"[{part}]" if part.isdigit() else f".{part}" for part in location[: last_index + 1])
        raise DataFileError(
            "bad_field",
            file=path.name,
            row=item.lstrip(".") or None,
            column=".".join(location[last_index + 1 :]) or "-",
            detail=detail["msg"],
        ) from None


def _read_csv(path: Path, required: Sequence[str]) -> list[tuple[int, dict[str, str]]]:
    """Rows of a CSV file with their line numbers (the header is line 1); every required column present."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle, restval="")
            missing = [name for name in required if name not in (reader.fieldnames or [])]
            if missing:
                raise DataFileError("missing_columns", file=path.name, row=1, column=", ".join(missing))
            return [(line, row) for line, row in enumerate(reader, start=2)]
    except OSError as error:
        raise _unreadable(path, error) from None


def _unreadable(path: Path, error: OSError) -> SmartCityError:
    return SmartCityError("file_unreadable", file=path.name, problem=error.strerror or str(error))
