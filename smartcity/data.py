"""The one place that reads ``data/``: loads and validates the paper's assessment."""

from __future__ import annotations

import csv
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from smartcity.errors import SmartCityError
from smartcity.model import (
    PAPER_ORIGIN,
    Band,
    City,
    DataNote,
    Dataset,
    Indicator,
    Instrument,
    ScoreKey,
    ScoreValue,
    StakeholderGroup,
)

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


@lru_cache(maxsize=4)
def load_dataset(data_dir: Path = DATA_DIR) -> Dataset:
    """Load and validate the instruments, cities, baseline scores, sample and notes."""
    instruments_doc = _read_json(data_dir / "instruments.json")
    instruments = tuple(_instrument(raw) for raw in instruments_doc["instruments"])
    cities = tuple(city_from_dict(raw) for raw in _read_json(data_dir / "cities.json")["cities"])
    bands = tuple(
        Band(raw["id"], float(raw["min_percent"]), raw["name"])
        for raw in _read_json(data_dir / "bands.json")["bands"]
    )
    notes = tuple(DataNote(**raw) for raw in _read_json(data_dir / "data_notes.json")["notes"])
    sample = tuple(
        StakeholderGroup(row["group"], int(row["count"]), float(row["share_printed_percent"]))
        for _, row in _read_csv(data_dir / "stakeholder_sample.csv")
    )
    baseline = _baseline(data_dir / "baseline_scores.csv", instruments, cities)
    labels = {int(k): v for k, v in instruments_doc.get("scale_labels", {}).items()}
    return Dataset(instruments, cities, baseline, bands, sample, notes, labels)


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


def _instrument(raw: dict[str, Any]) -> Instrument:
    indicators = tuple(Indicator(i["id"], i["name"], i["description"]) for i in raw["indicators"])
    scale = raw["scale"]
    if not scale["min"] < scale["max"]:
        raise SmartCityError("bad_scale", instrument=raw["id"])
    return Instrument(
        raw["id"],
        raw["name"],
        raw["short_name"],
        raw["source"],
        float(scale["min"]),
        float(scale["max"]),
        indicators,
    )


def _baseline(
    path: Path, instruments: tuple[Instrument, ...], cities: tuple[City, ...]
) -> dict[ScoreKey, ScoreValue]:
    by_id = {instrument.id: instrument for instrument in instruments}
    city_ids = {city.id for city in cities}
    scores: dict[ScoreKey, ScoreValue] = {}
    for line, row in _read_csv(path):
        instrument = by_id.get(row["instrument"])
        if row["city"] not in city_ids:
            raise SmartCityError(
                "file_cell", file=path.name, row=line, column="city", problem=f"unknown city {row['city']!r}"
            )
        if instrument is None or row["indicator"] not in instrument.indicator_ids:
            raise SmartCityError(
                "file_cell",
                file=path.name,
                row=line,
                column="indicator",
                problem=f"unknown indicator {row['instrument']}.{row['indicator']}",
            )
        score = float(row["score"])
        if not instrument.scale_min <= score <= instrument.scale_max:
            raise SmartCityError(
                "file_cell",
                file=path.name,
                row=line,
                column="score",
                problem=f"{score:g} is outside the scale",
            )
        scores[(row["city"], row["instrument"], row["indicator"])] = ScoreValue(score, PAPER_ORIGIN)
    return scores


def _read_json(path: Path) -> dict[str, Any]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise SmartCityError("file_unreadable", file=path.name, problem=str(error)) from None


def _read_csv(path: Path) -> list[tuple[int, dict[str, str]]]:
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            return [(line, row) for line, row in enumerate(csv.DictReader(handle), start=2)]
    except OSError as error:
        raise SmartCityError("file_unreadable", file=path.name, problem=str(error)) from None
