"""Kazakhstan geodata: current regions, country outline and GeoNames towns.

The files in data/ are built by scripts/build_geodata.py; see data/SOURCES.md.
Loaders cache the files and hand out copies, so callers may change what they get.
"""

from __future__ import annotations

import csv
import math
from functools import lru_cache

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from smartcity.data import DATA_DIR

REGIONS_PATH = DATA_DIR / "kz_regions.geojson"
OUTLINE_PATH = DATA_DIR / "kz_outline.geojson"
TOWNS_PATH = DATA_DIR / "kz_towns.csv"
REGION_NAMES_PATH = DATA_DIR / "regions.csv"

TOWN_COLUMN_TYPES = {
    "geonameid": "int64",
    "name": "string",
    "asciiname": "string",
    "latitude": "float64",
    "longitude": "float64",
    "population": "int64",
    "region_iso": "string",
    "alt_names": "string",
}
ALT_NAME_SEPARATOR = "|"


@lru_cache(maxsize=1)
def _regions() -> gpd.GeoDataFrame:
    return gpd.read_file(REGIONS_PATH).sort_values("iso", ignore_index=True)


@lru_cache(maxsize=1)
def _outline() -> gpd.GeoDataFrame:
    return gpd.read_file(OUTLINE_PATH)


@lru_cache(maxsize=1)
def _towns() -> pd.DataFrame:
    towns = pd.read_csv(TOWNS_PATH, dtype=TOWN_COLUMN_TYPES, keep_default_na=False)
    return towns.sort_values("geonameid", ignore_index=True)


@lru_cache(maxsize=1)
def _region_names() -> tuple[tuple[str, str, str, str], ...]:
    with REGION_NAMES_PATH.open(encoding="utf-8", newline="") as file:
        return tuple(
            (row["iso"], row["name_en"], row["name_kk"], row["name_ru"]) for row in csv.DictReader(file)
        )


@lru_cache(maxsize=1)
def _prepared_regions() -> tuple[tuple[str, ...], np.ndarray]:
    regions = _regions()
    geometries = np.array(regions.geometry.values, dtype=object)
    shapely.prepare(geometries)
    return tuple(regions["iso"]), geometries


@lru_cache(maxsize=1)
def _prepared_outline() -> shapely.Geometry:
    outline = shapely.union_all(_outline().geometry.values)
    shapely.prepare(outline)
    return outline


def load_regions() -> gpd.GeoDataFrame:
    """Return the 20 current first-level units (iso, name_en, approximate, geometry; EPSG:4326)."""
    return _regions().copy()


def load_outline() -> gpd.GeoDataFrame:
    """Return the outline of Kazakhstan, Baikonur included, as a one-row GeoDataFrame."""
    return _outline().copy()


def load_towns() -> pd.DataFrame:
    """Return the GeoNames towns of Kazakhstan with their region ISO code and alternate names."""
    return _towns().copy()


def region_names() -> dict[str, dict[str, str]]:
    """Return the official names of each unit: ISO code -> {"en", "kk", "ru"}."""
    return {
        iso: {"en": name_en, "kk": name_kk, "ru": name_ru}
        for iso, name_en, name_kk, name_ru in _region_names()
    }


def region_at(lat: float, lon: float) -> str | None:
    """Return the ISO code of the region containing the point, or None outside Kazakhstan."""
    if not (math.isfinite(lat) and math.isfinite(lon)):
        return None
    codes, geometries = _prepared_regions()
    hits = np.flatnonzero(shapely.intersects_xy(geometries, lon, lat))
    return codes[hits[0]] if hits.size else None


def inside_kazakhstan(lat: float, lon: float) -> bool:
    """Tell whether the point lies inside the country outline (borders included)."""
    if not (math.isfinite(lat) and math.isfinite(lon)):
        return False
    return bool(shapely.intersects_xy(_prepared_outline(), lon, lat))
