"""Tests of smartcity.geo and of the committed geodata files (no network, no rebuild)."""

from __future__ import annotations

import ast
import unicodedata
from pathlib import Path

import pyproj
import pytest
import shapely

from smartcity import geo

REPO_ROOT = Path(__file__).resolve().parents[2]

EXPECTED_ISO_CODES = {
    "KZ-10",
    "KZ-11",
    "KZ-15",
    "KZ-19",
    "KZ-23",
    "KZ-27",
    "KZ-31",
    "KZ-33",
    "KZ-35",
    "KZ-39",
    "KZ-43",
    "KZ-47",
    "KZ-55",
    "KZ-59",
    "KZ-61",
    "KZ-62",
    "KZ-63",
    "KZ-71",
    "KZ-75",
    "KZ-79",
}
# The units cut by the Voronoi split of pre-2018 polygons: the new ones and what is left around.
APPROXIMATE_ISO_CODES = {"KZ-10", "KZ-63", "KZ-33", "KZ-19", "KZ-62", "KZ-35", "KZ-79", "KZ-61"}

SHALQAR_AKTOBE, SHALKAR_BOGUS = 608359, 608362
# The town the committed polygons miss: Khorgos lies 1.2 km outside the Natural Earth border
# with China. (Kurchatov, 0.5 km over Natural Earth's Pavlodar border, is moved into Abai.)
TOWNS_OFF_THEIR_POLYGON = {1522684}
MAX_TOWN_OFFSET_KM = 2.0
KM_PER_DEGREE = 111.32  # along a meridian: an upper bound of the length of a degree


@pytest.mark.parametrize(
    ("lat", "lon", "iso"),
    [
        (43.60507, 73.76221, "KZ-31"),  # Shu, Jambyl
        (47.96447, 80.43437, "KZ-10"),  # Ayagoz, Abai
        (47.83154, 59.61926, "KZ-15"),  # Shalkar, Aktobe
        (45.6167, 63.3167, "KZ-43"),  # Baikonur, merged back into Kyzylorda
        (51.1282, 71.4306, "KZ-71"),  # Astana
        (43.2380, 76.9450, "KZ-75"),  # Almaty
        (42.3170, 69.5960, "KZ-79"),  # Shymkent
        (50.4111, 80.2275, "KZ-10"),  # Semey, capital of Abai
        (49.9480, 82.6280, "KZ-63"),  # Oskemen, East Kazakhstan
    ],
)
def test_region_at_known_places(lat: float, lon: float, iso: str) -> None:
    assert geo.region_at(lat, lon) == iso
    assert geo.inside_kazakhstan(lat, lon)


# Towns of the regions split in 2022, coordinates typed from their Wikipedia articles (rounded),
# region from the districts the 2022 decree moved (Ulytau, Jetisu, Abai) or left.
TOWNS_OF_THE_2022_SPLITS = [
    ("Zhezkazgan", 47.783, 67.717, "KZ-62"),
    ("Satbayev", 47.900, 67.533, "KZ-62"),
    ("Karazhal", 48.000, 70.800, "KZ-62"),
    ("Atasu (Zhanaarka district)", 48.683, 71.640, "KZ-62"),
    ("Karaganda", 49.800, 73.100, "KZ-35"),
    ("Balkhash", 46.843, 74.978, "KZ-35"),
    ("Temirtau", 50.058, 72.965, "KZ-35"),
    ("Priozersk", 46.030, 73.700, "KZ-35"),
    ("Shubarkol (Nura district)", 48.976, 68.791, "KZ-35"),
    ("Taldykorgan", 45.017, 78.367, "KZ-33"),
    ("Tekeli", 44.867, 78.767, "KZ-33"),
    ("Zharkent", 44.167, 80.000, "KZ-33"),
    ("Ushtobe", 45.250, 77.983, "KZ-33"),
    ("Sarkand", 45.410, 79.917, "KZ-33"),
    ("Usharal", 46.167, 80.950, "KZ-33"),
    ("Zhansugurov", 45.383, 79.483, "KZ-33"),
    ("Balpyk Bi", 44.900, 78.233, "KZ-33"),
    ("Karabulak", 44.910, 78.490, "KZ-33"),
    ("Konaev (Kapchagay)", 43.867, 77.067, "KZ-19"),
    ("Esik", 43.356, 77.453, "KZ-19"),
    ("Talgar", 43.300, 77.233, "KZ-19"),
    ("Kaskelen", 43.200, 76.617, "KZ-19"),
    ("Uzynagash", 43.222, 76.317, "KZ-19"),
    ("Shelek", 43.597, 78.258, "KZ-19"),
    ("Kegen", 43.017, 79.217, "KZ-19"),
    ("Zhalanash", 43.043, 78.638, "KZ-19"),
    ("Semey", 50.411, 80.227, "KZ-10"),
    ("Ayagoz", 47.967, 80.433, "KZ-10"),
    ("Urzhar", 47.093, 81.631, "KZ-10"),
    ("Kurchatov", 50.756, 78.542, "KZ-10"),
    ("Oskemen", 49.948, 82.628, "KZ-63"),
    ("Ridder", 50.344, 83.513, "KZ-63"),
    ("Zaysan", 47.467, 84.867, "KZ-63"),
]
# Official areas (km²) of the two largest regions created in 2022 (Ulytau: 18,893,661 ha by the
# government resolution of 26 September 2022 on its borders; Jetisu: about 118,000 km²).
OFFICIAL_AREA_KM2 = {"KZ-62": 188_937, "KZ-33": 118_000}
# Units in several pieces, and why: islands in the Caspian Sea.
MULTIPART_ISO_CODES = {"KZ-23", "KZ-47"}


@pytest.mark.parametrize(("town", "lat", "lon", "iso"), TOWNS_OF_THE_2022_SPLITS)
def test_towns_of_the_2022_splits_lie_in_their_region(town: str, lat: float, lon: float, iso: str) -> None:
    assert geo.region_at(lat, lon) == iso, town


def test_each_region_is_one_polygon_except_the_caspian_coast() -> None:
    regions = geo.load_regions().set_index("iso").geometry
    pieces = {iso: shapely.get_num_geometries(geometry) for iso, geometry in regions.items()}
    assert {iso for iso, count in pieces.items() if count > 1} == MULTIPART_ISO_CODES
    assert all(regions[iso].geom_type == "Polygon" for iso in APPROXIMATE_ISO_CODES)


@pytest.mark.parametrize(("iso", "official_km2"), sorted(OFFICIAL_AREA_KM2.items()))
def test_new_region_area_is_within_ten_percent_of_the_official_one(iso: str, official_km2: int) -> None:
    geometry = geo.load_regions().set_index("iso").geometry[iso]
    area_km2 = abs(pyproj.Geod(ellps="WGS84").geometry_area_perimeter(geometry)[0]) / 1e6
    assert abs(area_km2 - official_km2) < 0.1 * official_km2


@pytest.mark.parametrize(
    ("lat", "lon"),
    [
        (43.8256, 87.6168),  # Urumqi, China
        (44.0100, 80.8000),  # Yining county, China, 20 km beyond Khorgos
        (54.9885, 73.3242),  # Omsk, Russia
        (51.7727, 55.0988),  # Orenburg, Russia
        (41.2995, 69.2401),  # Tashkent, Uzbekistan
        (42.8746, 74.5698),  # Bishkek, Kyrgyzstan
        (float("nan"), 70.0),
    ],
)
def test_points_outside_kazakhstan(lat: float, lon: float) -> None:
    assert geo.region_at(lat, lon) is None
    assert not geo.inside_kazakhstan(lat, lon)


def test_regions_are_the_twenty_current_units() -> None:
    regions = geo.load_regions()
    assert len(regions) == 20
    assert set(regions["iso"]) == EXPECTED_ISO_CODES
    assert regions.crs.to_epsg() == 4326
    assert set(regions.loc[regions["approximate"], "iso"]) == APPROXIMATE_ISO_CODES


def test_region_geometries_are_valid_and_tile_the_country() -> None:
    geometries = geo.load_regions().geometry.values
    assert all(geometry.is_valid and not geometry.is_empty for geometry in geometries)
    assert set(geometries.geom_type) <= {"Polygon", "MultiPolygon"}
    assert shapely.coverage_is_valid(geometries)
    country = shapely.union_all(geometries)
    # No hole: Baikonur is merged into Kyzylorda, Astana and Almaty fill their regions' holes.
    assert shapely.get_num_interior_rings(shapely.get_parts(country)).sum() == 0
    outline = shapely.union_all(geo.load_outline().geometry.values)
    mismatch = shapely.symmetric_difference(country, outline).area
    assert mismatch < 0.001 * outline.area


def test_outline_is_one_feature_without_holes() -> None:
    outline = geo.load_outline()
    assert len(outline) == 1
    geometry = outline.geometry.iloc[0]
    assert geometry.is_valid
    assert shapely.get_num_interior_rings(shapely.get_parts(geometry)).sum() == 0


def test_region_names_in_three_languages() -> None:
    names = geo.region_names()
    assert set(names) == EXPECTED_ISO_CODES
    assert names["KZ-10"] == {"en": "Abai Region", "kk": "Абай облысы", "ru": "область Абай"}
    assert names["KZ-31"] == {
        "en": "Jambyl Region",
        "kk": "Жамбыл облысы",
        "ru": "Жамбылская область",
    }
    assert names["KZ-15"] == {
        "en": "Aktobe Region",
        "kk": "Ақтөбе облысы",
        "ru": "Актюбинская область",
    }
    assert names["KZ-71"] == {"en": "Astana", "kk": "Астана", "ru": "Астана"}
    assert names["KZ-75"] == {"en": "Almaty", "kk": "Алматы", "ru": "Алматы"}
    assert names["KZ-79"] == {"en": "Shymkent", "kk": "Шымкент", "ru": "Шымкент"}
    assert names["KZ-62"]["kk"] == "Ұлытау облысы"
    assert names["KZ-59"]["kk"] == "Солтүстік Қазақстан облысы"
    regions = geo.load_regions().set_index("iso")
    assert all(regions.loc[iso, "name_en"] == names[iso]["en"] for iso in names)


def test_towns_table() -> None:
    towns = geo.load_towns()
    assert list(towns.columns) == [
        "geonameid",
        "name",
        "asciiname",
        "latitude",
        "longitude",
        "population",
        "region_iso",
        "alt_names",
    ]
    assert len(towns) == 350  # the 351 GeoNames towns without the bogus Shalkar
    assert towns["geonameid"].is_unique
    assert set(towns["region_iso"]) == EXPECTED_ISO_CODES
    assert all(name.isascii() for name in towns["asciiname"])


def test_town_alt_names_are_latin_or_cyrillic() -> None:
    alt_names = "".join(geo.load_towns()["alt_names"])
    letters = {char for char in alt_names if char.isalpha()}
    assert letters
    assert all(unicodedata.name(char).startswith(("LATIN", "CYRILLIC")) for char in letters)


def test_every_town_lies_in_its_region() -> None:
    regions = geo.load_regions().set_index("iso").geometry
    off_polygon = {}
    for town in geo.load_towns().itertuples(index=False):
        point = shapely.Point(town.longitude, town.latitude)
        region = regions[town.region_iso]
        if not region.covers(point):
            off_polygon[town.geonameid] = region.distance(point) * KM_PER_DEGREE
    assert set(off_polygon) <= TOWNS_OFF_THEIR_POLYGON
    assert all(offset_km < MAX_TOWN_OFFSET_KM for offset_km in off_polygon.values())


def test_shalkar_trap_is_fixed() -> None:
    towns = geo.load_towns().set_index("geonameid")
    assert SHALKAR_BOGUS not in towns.index
    assert towns.loc[SHALQAR_AKTOBE, "region_iso"] == "KZ-15"


def test_loaders_return_copies() -> None:
    towns = geo.load_towns()
    towns.loc[0, "name"] = "changed"
    regions = geo.load_regions()
    regions.loc[0, "iso"] = "changed"
    names = geo.region_names()
    names["KZ-10"]["en"] = "changed"
    assert geo.load_towns().loc[0, "name"] != "changed"
    assert geo.load_regions().loc[0, "iso"] == "KZ-10"
    assert geo.region_names()["KZ-10"]["en"] == "Abai Region"
    assert geo.region_at(47.96447, 80.43437) == "KZ-10"


def test_geodata_files_are_small() -> None:
    assert (REPO_ROOT / "data" / "kz_regions.geojson").stat().st_size < 150_000
    assert (REPO_ROOT / "data" / "kz_outline.geojson").stat().st_size < 50_000


def test_leaflet_is_served_locally() -> None:
    leaflet = REPO_ROOT / "static" / "leaflet"
    assert "1.9.4" in (leaflet / "leaflet.js").read_text(encoding="utf-8")[:300]
    assert ".leaflet-container" in (leaflet / "leaflet.css").read_text(encoding="utf-8")
    assert (leaflet / "LICENSE").read_text(encoding="utf-8").startswith("BSD 2-Clause License")
    for image in (
        "layers.png",
        "layers-2x.png",
        "marker-icon.png",
        "marker-icon-2x.png",
        "marker-shadow.png",
    ):
        assert (leaflet / "images" / image).read_bytes().startswith(b"\x89PNG")


def test_geo_module_does_not_import_streamlit() -> None:
    tree = ast.parse(Path(geo.__file__).read_text(encoding="utf-8"))
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert "geopandas" in imported
    assert not any(module.split(".")[0] == "streamlit" for module in imported if module)
