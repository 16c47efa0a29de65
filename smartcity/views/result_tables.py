"""Rankings and results as rows of text (a header row first), for the map and the presenter."""

from __future__ import annotations

from collections.abc import Sequence

from smartcity.i18n.catalog import format_percent, format_signed, translate
from smartcity.i18n.labels import band_name, instrument_name
from smartcity.model import Dataset
from smartcity.scenario import Scenario
from smartcity.scoring import COMPOSITE, Result, ScoreTable
from smartcity.views import labels
from smartcity.views.mapview import CityMarker

NO_VALUE = "—"
RANKING_COLUMNS = ("rank", "city", "score", "band", "note")


def ranking_rows(
    markers: Sequence[CityMarker], table: ScoreTable, instrument_id: str, language: str
) -> list[list[str]]:
    """The map's ranking: rank, town, percent, band, and a note for a town missing from the map (the
    note column only when some town has one, so the table stays narrow)."""
    header = [translate(f"map.column_{name}", language) for name in RANKING_COLUMNS]
    rows = [
        [
            "" if m.rank is None else str(m.rank),
            m.name,
            translate("map.no_score", language)
            if m.percent is None
            else labels.with_change(format_percent(m.percent, language), m.change, language),
            "" if m.rank is None else band_name(_band(table, m.city_id, instrument_id), language),
            "" if m.on_map else translate("map.not_on_map", language),
        ]
        for m in markers
    ]
    if not any(row[-1] for row in rows):
        return [header[:-1], *(row[:-1] for row in rows)]
    return [header, *rows]


def _band(table: ScoreTable, city_id: str, instrument_id: str) -> str:
    result = table.get(city_id, instrument_id)
    assert result is not None  # a ranked town has a result
    return result.band


def percent_text(percent: float | None, language: str) -> str:
    """A readiness percent as the paper prints it, or a dash."""
    return NO_VALUE if percent is None else format_percent(percent, language)


def result_text(result: Result | None, language: str) -> str:
    """Percent, and the change against the paper when there is one, e.g. "49% (+6)"; a dash for none."""
    if result is None:
        return NO_VALUE
    text = format_percent(result.percent, language)
    delta = result.delta_percent
    if delta is None or round(delta, 1) == 0:
        return text
    return f"{text} ({format_signed(delta, language)})"


def composite_ranking_rows(markers: Sequence[CityMarker], label: str, language: str) -> list[list[str]]:
    """The presenter's ranking on the composite: rank, town and percent (headed ``label``)."""
    header = [translate("present.col.rank", language), translate("present.col.city", language), label]
    rows = [[str(m.rank or NO_VALUE), m.name, percent_text(m.percent, language)] for m in markers]
    return [header, *rows]


def results_by_instrument_rows(
    dataset: Dataset, scenario: Scenario, table: ScoreTable, language: str
) -> list[list[str]]:
    """Each town's result (and change) on every instrument and the composite."""
    instrument_ids = (*dataset.instrument_ids, COMPOSITE)
    names = [instrument_name(dataset, i, language, short=True) for i in instrument_ids]
    rows = [[translate("present.col.city", language), *names]]
    for city in scenario.cities(dataset):
        cells = [result_text(table.get(city.id, i), language) for i in instrument_ids]
        rows.append([city.name(language), *cells])
    return rows
