"""Names of instruments, indicators, cities, bands and methods in the user's language."""

from __future__ import annotations

from collections.abc import Iterable

from smartcity.i18n import has_message, translate
from smartcity.model import Dataset
from smartcity.scenario import Scenario


def instrument_name(dataset: Dataset, instrument_id: str, language: str, short: bool = False) -> str:
    """The instrument's (short) name, e.g. "Smart City Readiness Index" or "SCRI"."""
    key = f"instrument.{instrument_id}.{'short' if short else 'name'}"
    if has_message(key, language) or has_message(key):
        return translate(key, language)
    if instrument_id == "composite":
        return translate("instrument.composite.name", language)
    instrument = dataset.instrument(instrument_id)
    return instrument.short_name if short else instrument.name


def indicator_name(dataset: Dataset, instrument_id: str, indicator_id: str, language: str) -> str:
    """The indicator's name, from the catalogue, else the data's English name."""
    key = f"indicator.{instrument_id}.{indicator_id}.name"
    if has_message(key, language) or has_message(key):
        return translate(key, language)
    return dataset.instrument(instrument_id).indicator(indicator_id).name


def indicator_description(dataset: Dataset, instrument_id: str, indicator_id: str, language: str) -> str:
    """The paper's description of the indicator (the parenthesised text in Tables 2-4)."""
    key = f"indicator.{instrument_id}.{indicator_id}.description"
    if has_message(key, language) or has_message(key):
        return translate(key, language)
    return dataset.instrument(instrument_id).indicator(indicator_id).description


def city_name(dataset: Dataset, scenario: Scenario, city_id: str, language: str) -> str:
    """The city's name in the language (user-supplied for added cities: escape it on display)."""
    for city in scenario.cities(dataset):
        if city.id == city_id:
            return city.name(language)
    return city_id


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
