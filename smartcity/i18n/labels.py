"""Names and texts of instruments, indicators, cities, groups, notes, bands and methods in a language."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from smartcity.data import load_dataset
from smartcity.i18n.catalog import has_message, translate
from smartcity.model import City, DataNote, Dataset, Scale
from smartcity.scenario import COMPOSITE_GROUP, Scenario


def _catalogued(key: str, language: str) -> str | None:
    """The catalogue's text for ``key`` in the language, or None when no catalogue has it."""
    return translate(key, language) if has_message(key) else None


def instrument_name(dataset: Dataset, instrument_id: str, language: str, short: bool = False) -> str:
    """The instrument's (short) name from the data, e.g. "Smart City Readiness Index" or "SCRI".

    An id that is not an instrument of the data (the composite) is named by the catalogue.
    """
    if instrument_id not in dataset.instrument_ids:
        return translate(f"instrument.{instrument_id}.{'short' if short else 'name'}", language)
    instrument = dataset.instrument(instrument_id)
    return (instrument.short_names if short else instrument.names).get(language)


def indicator_name(dataset: Dataset, instrument_id: str, indicator_id: str, language: str) -> str:
    """The indicator's name from the data, in the language (else English)."""
    return dataset.instrument(instrument_id).indicator(indicator_id).names.get(language)


def indicator_label(
    dataset: Dataset, instrument_id: str, indicator_id: str, language: str, *, qualified: bool
) -> str:
    """The indicator's name, prefixed with its instrument's short name when ``qualified``
    (where indicators of several instruments are listed together), e.g. "SCRI: Digital Infrastructure"."""
    name = indicator_name(dataset, instrument_id, indicator_id, language)
    return f"{instrument_name(dataset, instrument_id, language, short=True)}: {name}" if qualified else name


def indicator_description(dataset: Dataset, instrument_id: str, indicator_id: str, language: str) -> str:
    """The paper's description of the indicator (the parenthesised text in Tables 2-4), in the language."""
    return dataset.instrument(instrument_id).indicator(indicator_id).descriptions.get(language)


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
    user typed (escape it on display), except a location that is just its region's English
    name (as adding a town sets it), which is the region's official name in the language.
    """
    translated = _catalogued(f"city.{city.id}.{field}", language)
    if translated:
        return translated
    if field == "location":
        return _added_location(city, language)
    return city.population_paper if field == "population" else getattr(city, field)


def _added_location(city: City, language: str) -> str:
    from smartcity import geo  # loads geopandas: only when an added town's location is named

    names = geo.region_names().get(city.region_iso)
    if names is None or city.location not in ("", names["en"]):
        return city.location
    name = names[language]
    return name[:1].upper() + name[1:]  # "область Ұлытау" opens a sentence or a table cell


def group_name(group_id: str, language: str, dataset: Dataset | None = None) -> str:
    """The stakeholder group's name, e.g. "ICT professionals" (``dataset`` default: the loaded one)."""
    return (dataset or load_dataset()).group(group_id).names.get(language)


def note_text(note: DataNote, language: str) -> str:
    """A data note's text in the language, else its English text from data/data_notes.json."""
    return _catalogued(f"note.{note.id}", language) or note.text


def note_source(note: DataNote, language: str) -> str:
    """Where a data note's facts come from, in the language."""
    return _catalogued(f"note.{note.id}.source", language) or note.source


def scale_label(scale: Scale, point: int, language: str) -> str:
    """The label of a whole point of a scale, e.g. 3 -> "Medium" on the paper's 1-5 scale."""
    return scale.label(point).get(language)


def scale_legend(language: str, scale: Scale | None = None) -> str:
    """A scale in one line, "1 – Very low · 2 – Low · … · 5 – High" (default: the loaded assessment's
    first instrument's scale, which all of the paper's instruments share)."""
    chosen = scale or load_dataset().instruments[0].scale
    return " · ".join(f"{point} – {scale_label(chosen, point, language)}" for point in chosen.points)


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


ID_PARAMS = ("instrument", "indicator", "group", "city")
"""Message parameters that carry an id of the assessment, shown to users by name."""


def named_ids(params: Mapping[str, Any], language: str) -> dict[str, Any]:
    """A message's ``params`` with known instrument, indicator, group and paper-city ids replaced by their
    names in the language; an unknown id (often the very mistake reported) stays as given."""
    if not any(isinstance(params.get(name), str) for name in ID_PARAMS):
        return dict(params)
    data, named = load_dataset(), dict(params)
    instrument, indicator = params.get("instrument"), params.get("indicator")
    if instrument in data.instrument_ids or instrument == COMPOSITE_GROUP:
        named["instrument"] = instrument_name(data, instrument, language)
    if instrument in data.instrument_ids and indicator in data.instrument(instrument).indicator_ids:
        named["indicator"] = indicator_name(data, instrument, indicator, language)
    if params.get("group") in data.group_ids:
        named["group"] = group_name(params["group"], language, data)
    cities = {city.id: city for city in data.cities}
    if params.get("city") in cities:
        named["city"] = cities[params["city"]].name(language)
    return named
