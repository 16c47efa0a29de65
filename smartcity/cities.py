"""Adding a town to the assessment: from the bundled GeoNames towns, or from a name and coordinates.

A new city must lie inside Kazakhstan and must not share a name (in any language, ignoring case
and Kazakh/Russian letter variants) or a GeoNames id with a city already assessed.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Mapping, Sequence

import pandas as pd

from smartcity import geo
from smartcity.errors import SmartCityError
from smartcity.i18n.catalog import LANGUAGES
from smartcity.model import USER_ORIGIN, City
from smartcity.scenario import first_taken_name, taken_spellings

MAX_NAME_LENGTH = 80
_KAZAKH_LETTERS = frozenset("әғқңөұүһі")
_CYRILLIC_NAME = re.compile(r"[а-яёәғқңөұүһі][а-яёәғқңөұүһі .'’-]*", re.IGNORECASE)
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069]")
_TO_LATIN = str.maketrans({
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya", "ә": "a",
    "ғ": "g", "қ": "k", "ң": "n", "ө": "o", "ұ": "u", "ү": "u", "һ": "h", "і": "i",
})  # fmt: skip


def latin(text: str) -> str:
    """A rough Latin transliteration of Russian and Kazakh Cyrillic (for ids and name matching)."""
    return text.casefold().translate(_TO_LATIN)


def town(geonameid: int) -> pd.Series:
    """The bundled GeoNames town with this id (SmartCityError when there is none)."""
    towns = geo.load_towns()
    found = towns[towns["geonameid"] == geonameid]
    if found.empty:
        raise SmartCityError("city_unknown_town", geonameid=geonameid)
    return found.iloc[0]


def suggested_names(town_row: pd.Series) -> dict[str, str]:
    """English, Kazakh and Russian names for a GeoNames town, guessed from its alternate names.

    GeoNames does not say which alternate name is which language: Kazakh is the Cyrillic name
    with Kazakh letters closest to the English name, Russian the closest one without them.
    """
    english = str(town_row["name"])
    target = str(town_row["asciiname"]).casefold()
    alternates = str(town_row["alt_names"]).split(geo.ALT_NAME_SEPARATOR)
    cyrillic = [name for name in alternates if _CYRILLIC_NAME.fullmatch(name)]

    def closest(candidates: list[str]) -> str | None:
        scored = [(difflib.SequenceMatcher(None, latin(n), target).ratio(), n) for n in candidates]
        good = [(score, -index, name) for index, (score, name) in enumerate(scored) if score >= 0.5]
        return max(good)[2] if good else None

    kazakh = closest([n for n in cyrillic if _KAZAKH_LETTERS & set(n.casefold())])
    russian = closest([n for n in cyrillic if not _KAZAKH_LETTERS & set(n.casefold())])
    return {"en": english, "kk": kazakh or russian or english, "ru": russian or kazakh or english}


def city_from_town(geonameid: int, existing: Sequence[City], names: Mapping[str, str] | None = None) -> City:
    """A new City for a bundled GeoNames town (names default to :func:`suggested_names`)."""
    row = town(geonameid)
    if any(city.geonameid == geonameid for city in existing):
        raise SmartCityError("city_duplicate_name", name=str(row["name"]))
    return new_city(
        names or suggested_names(row),
        float(row["latitude"]),
        float(row["longitude"]),
        existing,
        geonameid=geonameid,
        population=int(row["population"]),
    )


def new_city(
    names: Mapping[str, str],
    latitude: float,
    longitude: float,
    existing: Sequence[City],
    geonameid: int | None = None,
    population: int | None = None,
) -> City:
    """A new City (origin "user") after checking its names and that its point lies in Kazakhstan."""
    cleaned = clean_names(names)
    clash = first_taken_name(cleaned.values(), taken_spellings(existing))
    if clash is not None:
        raise SmartCityError("city_duplicate_name", name=clash)
    if not (math.isfinite(latitude) and math.isfinite(longitude)) or not geo.inside_kazakhstan(
        latitude, longitude
    ):
        raise SmartCityError("city_outside_kazakhstan", latitude=f"{latitude:g}", longitude=f"{longitude:g}")
    region = geo.region_at(latitude, longitude) or ""
    return City(
        id=_new_id(cleaned["en"], existing),
        names=cleaned,
        region_iso=region,
        latitude=round(latitude, 5),
        longitude=round(longitude, 5),
        geonameid=geonameid,
        population_geonames=population,
        location=geo.region_names().get(region, {}).get("en", ""),
        origin=USER_ORIGIN,
    )


def clean_names(names: Mapping[str, str]) -> dict[str, str]:
    """Names in every language with spaces tidied; Kazakh and Russian default to the English name."""
    cleaned = {language: " ".join(str(names.get(language) or "").split()) for language in LANGUAGES}
    if not cleaned["en"]:
        raise SmartCityError("city_name_missing")
    for language, name in cleaned.items():
        if len(name) > MAX_NAME_LENGTH:
            shown = name[:MAX_NAME_LENGTH] + "…"
            raise SmartCityError("city_name_too_long", name=shown, limit=MAX_NAME_LENGTH)
        if _UNPRINTABLE.search(name):
            raise SmartCityError("city_name_invalid", name=_UNPRINTABLE.sub("?", name))
        cleaned[language] = name or cleaned["en"]
    return cleaned


def _new_id(english_name: str, existing: Sequence[City]) -> str:
    base = re.sub(r"[^a-z0-9]+", "_", latin(english_name)).strip("_") or "city"
    taken = {city.id for city in existing}
    candidate, suffix = base, 2
    while candidate in taken:
        candidate, suffix = f"{base}_{suffix}", suffix + 1
    return candidate
