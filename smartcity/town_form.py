"""A town added by hand: where it is (a GeoNames town or a point), its names, and the scores entered."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache

import pandas as pd

from smartcity import cities, geo
from smartcity import scenario as scenarios
from smartcity.errors import SmartCityError
from smartcity.i18n.catalog import LANGUAGES, format_number
from smartcity.model import City, Dataset
from smartcity.scenario import Scenario

EnteredScore = tuple[str, str, float | None]
"""(instrument id, indicator id, score or None when left blank)."""


def town_label(row: pd.Series, language: str) -> str:
    """A town to choose: its name in the language, its other spellings (so that typing the name in
    any of the three languages finds it), region and population."""
    names = cities.suggested_names(row)
    others = [name for name in dict.fromkeys(names[code] for code in LANGUAGES) if name != names[language]]
    spelled = f"{names[language]} ({', '.join(others)})" if others else names[language]
    region = geo.region_names().get(str(row["region_iso"]), {}).get(language, "")
    population = int(row["population"])  # GeoNames gives 0 where it does not know it
    return " · ".join([spelled, region, *([format_number(population, language)] if population else [])])


@lru_cache(maxsize=len(LANGUAGES))
def town_choices(language: str) -> Mapping[int, str]:
    """The bundled GeoNames towns to choose from, the most populous first: GeoNames id -> label
    (cached and shared: read only)."""
    towns = geo.load_towns().sort_values(["population", "geonameid"], ascending=[False, True])
    return {int(row["geonameid"]): town_label(row, language) for _, row in towns.iterrows()}


def town_from_form(
    geonameid: int | None,
    names: Mapping[str, str],
    latitude: float | None,
    longitude: float | None,
    known: Sequence[City],
) -> City:
    """The new town: a GeoNames town if one was chosen, else the named point; raises SmartCityError."""
    if geonameid is not None:
        return cities.city_from_town(geonameid, known, names)
    if latitude is not None and longitude is not None:
        return cities.new_city(names, latitude, longitude, known)
    raise SmartCityError("city_not_chosen")


def with_town(dataset: Dataset, current: Scenario, city: City, scores: Iterable[EnteredScore]) -> Scenario:
    """The scenario with the town added and the scores entered for it (blanks left out); raises
    SmartCityError for a town or a score it refuses."""
    updated = scenarios.add_city(dataset, current, city)
    for instrument_id, indicator_id, value in scores:
        if value is not None:
            key = (city.id, instrument_id, indicator_id)
            updated = scenarios.set_score(dataset, updated, key, float(value))
    return updated
