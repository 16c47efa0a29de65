"""Names and texts of instruments, indicators, cities, groups, notes, bands and methods in a language."""

from __future__ import annotations

from collections.abc import Iterable

from smartcity.i18n.catalog import has_message, translate
from smartcity.model import City, DataNote, Dataset
from smartcity.scenario import Scenario


def _catalogued(key: str, language: str) -> str | None:
    """The catalogue's text for ``key`` in the language, or None when no catalogue has it."""
    return translate(key, language) if has_message(key) else None


def instrument_name(dataset: Dataset, instrument_id: str, language: str, short: bool = False) -> str:
    """The instrument's (short) name, e.g. "Smart City Readiness Index" or "SCRI"."""
    translated = _catalogued(f"instrument.{instrument_id}.{'short' if short else 'name'}", language)
    if translated:
        return translated
    instrument = dataset.instrument(instrument_id)
    return instrument.short_name if short else instrument.name


def indicator_name(dataset: Dataset, instrument_id: str, indicator_id: str, language: str) -> str:
    """The indicator's name, from the catalogue, else the data's English name."""
    key = f"indicator.{instrument_id}.{indicator_id}.name"
    return _catalogued(key, language) or dataset.instrument(instrument_id).indicator(indicator_id).name


def indicator_label(
    dataset: Dataset, instrument_id: str, indicator_id: str, language: str, *, qualified: bool
) -> str:
    """The indicator's name, prefixed with its instrument's short name when ``qualified``
    (where indicators of several instruments are listed together), e.g. "SCRI: Digital Infrastructure"."""
    name = indicator_name(dataset, instrument_id, indicator_id, language)
    return f"{instrument_name(dataset, instrument_id, language, short=True)}: {name}" if qualified else name


def indicator_description(dataset: Dataset, instrument_id: str, indicator_id: str, language: str) -> str:
    """The paper's description of the indicator (the parenthesised text in Tables 2-4)."""
    key = f"indicator.{instrument_id}.{indicator_id}.description"
    return _catalogued(key, language) or dataset.instrument(instrument_id).indicator(indicator_id).description


def city_name(dataset: Dataset, scenario: Scenario, city_id: str, language: str) -> str:
    """The city's name in the language (user-supplied for added cities: escape it on display)."""
    for city in scenario.cities(dataset):
        if city.id == city_id:
            return city.name(language)
    return city_id


PROFILE_FIELDS = ("population", "role", "location", "economy", "issues", "priorities")
"""The Table 1 profile texts of a city, in the paper's column order."""


def city_profile(city: City, field: str, language: str) -> str:
    """A Table 1 profile text of the city (``field`` in PROFILE_FIELDS), e.g. its economy.

    The paper's towns are translated in the catalogue; an added city shows the text its
    user typed (escape it on display).
    """
    translated = _catalogued(f"city.{city.id}.{field}", language)
    if translated:
        return translated
    return city.population_paper if field == "population" else getattr(city, field)


def group_name(group_id: str, language: str) -> str:
    """The stakeholder group's name (Figure 1), e.g. "ICT professionals"."""
    return translate(f"group.{group_id}", language)


def note_text(note: DataNote, language: str) -> str:
    """A data note's text in the language, else its English text from data/data_notes.json."""
    return _catalogued(f"note.{note.id}", language) or note.text


def note_source(note: DataNote, language: str) -> str:
    """Where a data note's facts come from, in the language."""
    return _catalogued(f"note.{note.id}.source", language) or note.source


def scale_label(score: int, language: str) -> str:
    """The paper's label of a point on the 1-5 scale, e.g. 3 -> "Medium"."""
    return translate(f"scale.{score}", language)


def scale_legend(language: str) -> str:
    """The paper's 1-5 scale in one line: "1 – Very low · 2 – Low · … · 5 – High"."""
    return " · ".join(f"{score} – {scale_label(score, language)}" for score in range(1, 6))


def band_name(band_id: str, language: str) -> str:
    """The readiness band's name, e.g. "Low"."""
    return translate(f"band.{band_id}", language)


def method_name(method: str, language: str) -> str:
    """The scoring method's name."""
    return translate(f"method.{method}", language)


def join_names(names: Iterable[str], language: str) -> str:
    """Join names as prose: "A", "A and B", "A, B and C"."""
    items = list(names)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {translate('narrative.and', language)} " + items[-1]
