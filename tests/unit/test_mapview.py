"""The home page map: offline assets, regions, readiness-coloured markers, escaping, misplaced towns."""

from __future__ import annotations

import csv
import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import folium
import pytest
from hypothesis import given
from hypothesis import strategies as st

from smartcity.data import load_dataset
from smartcity.model import City
from smartcity.scenario import Scenario
from smartcity.scoring import COMPOSITE, score
from smartcity.ui.map import LEAFLET_CSS, LEAFLET_JS, with_served_leaflet
from smartcity.views import mapview
from smartcity.views.colors import NO_DATA_COLOR, band_color

DATASET = load_dataset()
REGIONS_CSV = Path(__file__).resolve().parents[2] / "data" / "regions.csv"
BANDS = json.loads((REGIONS_CSV.parent / "bands.json").read_text(encoding="utf-8"))["bands"]
# Table 2 totals (max 35), Table 3 and Table 4 totals (max 40).
SCRI = {"shu": 15 / 35 * 100, "ayagoz": 11 / 35 * 100, "shalkar": 12 / 35 * 100}
STAKEHOLDERS = {"shu": 22 / 40 * 100, "ayagoz": 14 / 40 * 100, "shalkar": 14 / 40 * 100}
GOVERNANCE = {"shu": 24 / 40 * 100, "ayagoz": 16 / 40 * 100, "shalkar": 16 / 40 * 100}
XSS_NAME = "<img src=x onerror=alert(1)>"
KARAGANDA = (49.80187, 73.10211)
MOSCOW = (55.75222, 37.61556)


def regions_csv() -> list[dict[str, str]]:
    with REGIONS_CSV.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def added_city(city_id: str, name: str, point: tuple[float, float] | None, scored: bool = True):
    """A scenario with one added town, scored 3 on every indicator (or not scored)."""
    latitude, longitude = point if point else (None, None)
    city = City(city_id, {"en": name}, "", latitude, longitude, origin="user")
    scenario = Scenario().with_city(city)
    if scored:
        for instrument in DATASET.instruments:
            for indicator in instrument.indicator_ids:
                scenario = scenario.with_override((city_id, instrument.id, indicator), 3)
    return scenario


def markers_for(scenario: Scenario, instrument: str = "scri", language: str = "en"):
    return mapview.city_markers(DATASET, scenario, score(DATASET, scenario), instrument, language)


def band_colour(percent: float) -> str:
    """The colour of the band of data/bands.json that holds ``percent``."""
    band = max((b for b in BANDS if b["min_percent"] <= percent + 1e-9), key=lambda b: b["min_percent"])
    return band_color(DATASET.bands, band["id"])


class AssetLinks(HTMLParser):
    """Collects every script src and stylesheet href of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "script" and values.get("src"):
            self.urls.append(values["src"])
        if tag == "link":
            self.urls.append(values.get("href") or "")


def asset_urls(page: str) -> list[str]:
    parser = AssetLinks()
    parser.feed(page)
    return parser.urls + re.findall(r"@import\s+(?:url\()?[\"']?([^\"')\s;]+)", page)


def is_local(url: str) -> bool:
    return url.startswith("/app/static/") or not re.match(r"^([a-z][a-z0-9+.-]*:|//)", url, re.IGNORECASE)


def full_map(tiles: bool = False, scenario: Scenario | None = None) -> str:
    scenario = scenario or Scenario()
    fmap = with_served_leaflet(mapview.base_map("en", tiles, frozenset({"KZ-31"})))
    mapview.marker_layer(markers_for(scenario), "SCRI", "en").add_to(fmap)
    return mapview.map_html(fmap)


@pytest.mark.parametrize("tiles", [False, True])
def test_every_script_and_stylesheet_of_the_map_is_local(tiles):
    urls = asset_urls(full_map(tiles))
    assert "/app/static/leaflet/leaflet.js" in urls
    assert "/app/static/leaflet/leaflet.css" in urls
    assert [url for url in urls if not is_local(url)] == []


def test_every_element_asks_streamlit_folium_only_for_local_files():
    # st_folium does not read the HTML: it loads each element's default_js and default_css itself.
    def elements(element):
        yield element
        for child in element._children.values():
            yield from elements(child)

    fmap = with_served_leaflet(mapview.base_map("en", True, frozenset({"KZ-31"})))
    mapview.marker_layer(markers_for(Scenario()), "SCRI", "en").add_to(fmap)
    urls = [
        url
        for element in elements(fmap)
        for _, url in (*getattr(element, "default_js", ()), *getattr(element, "default_css", ()))
    ]
    assert sorted(urls) == ["/app/static/leaflet/leaflet.css", "/app/static/leaflet/leaflet.js"]


def test_no_outside_address_without_tiles_and_only_openstreetmap_with_them():
    offline = full_map(tiles=False)
    online = full_map(tiles=True)
    assert re.findall(r"https?://[^\s\"'`)]+", offline) == []
    hosts = {re.sub(r"https?://([^/]+).*", r"\1", url) for url in re.findall(r"https?://[^\s\"'`)]+", online)}
    assert "tile.openstreetmap.org" in hosts


def test_local_leaflet_files_exist_where_the_map_points():
    root = Path(__file__).resolve().parents[2]
    for url in (LEAFLET_JS, LEAFLET_CSS):
        assert (root / url.removeprefix("/app/")).is_file()


def test_folium_shared_asset_lists_are_left_alone():
    mapview.base_map("en", False, frozenset())
    assert any("cdn" in url for _, url in folium.Map.default_js)


def test_map_draws_all_20_units_with_names_in_the_users_language():
    for language, column in (("en", "name_en"), ("kk", "name_kk"), ("ru", "name_ru")):
        fmap = mapview.base_map(language, False, frozenset())
        regions, outline = [c for c in fmap._children.values() if isinstance(c, folium.GeoJson)]
        names = {f["properties"]["iso"]: f["properties"]["name"] for f in regions.data["features"]}
        assert names == {row["iso"]: row[column] for row in regions_csv()}
        assert len(outline.data["features"]) == 1


def test_regions_holding_an_assessed_town_are_highlighted():
    fmap = mapview.base_map("en", False, frozenset({"KZ-31", "KZ-10"}))
    regions = next(c for c in fmap._children.values() if isinstance(c, folium.GeoJson))
    highlighted = {
        f["properties"]["iso"]
        for f in regions.data["features"]
        if mapview.ASSESSED_REGION_CLASS in regions.style_function(f)["className"]
    }
    assert highlighted == {"KZ-31", "KZ-10"}


def test_two_builds_of_a_base_map_are_the_same_so_the_browser_keeps_its_map():
    def normalised(fmap: folium.Map) -> str:
        return re.sub(r"_[0-9a-f]{32}", "", mapview.map_html(fmap))

    assert normalised(mapview.base_map("kk", False, frozenset({"KZ-15"}))) == normalised(
        mapview.base_map("kk", False, frozenset({"KZ-15"}))
    )


def test_map_payload_is_under_250_kilobytes():
    assert len(full_map().encode()) < 250_000


def test_markers_rank_and_colour_the_papers_towns_on_scri():
    markers = markers_for(Scenario())
    assert [m.city_id for m in markers] == ["shu", "shalkar", "ayagoz"]
    assert [m.rank for m in markers] == [1, 2, 3]
    for marker in markers:
        assert marker.percent == pytest.approx(SCRI[marker.city_id])
        assert marker.color == band_colour(SCRI[marker.city_id])
        assert marker.on_map


def test_towns_lie_in_the_regions_the_issue_names():
    regions = {m.city_id: m.region_iso for m in markers_for(Scenario())}
    assert regions == {"shu": "KZ-31", "ayagoz": "KZ-10", "shalkar": "KZ-15"}  # Jambyl, Abai, Aktobe


@pytest.mark.parametrize(
    ("instrument", "expected"), [("stakeholders", STAKEHOLDERS), ("governance", GOVERNANCE)]
)
def test_other_instruments_colour_by_their_own_percent_with_shared_ranks(instrument, expected):
    markers = {m.city_id: m for m in markers_for(Scenario(), instrument)}
    assert {c: m.color for c, m in markers.items()} == {c: band_colour(p) for c, p in expected.items()}
    assert markers["ayagoz"].rank == markers["shalkar"].rank == 2


def test_composite_is_the_mean_of_the_three_instrument_percents():
    markers = {m.city_id: m for m in markers_for(Scenario(), COMPOSITE)}
    for city in SCRI:
        expected = (SCRI[city] + STAKEHOLDERS[city] + GOVERNANCE[city]) / 3
        assert markers[city].percent == pytest.approx(expected)


def test_a_town_without_coordinates_is_kept_and_flagged_not_drawn():
    markers = markers_for(added_city("nowhere", "Nowhere", None))
    nowhere = next(m for m in markers if m.city_id == "nowhere")
    assert nowhere.problem == mapview.NO_COORDINATES and not nowhere.on_map
    layer = mapview.marker_layer(markers, "SCRI", "en")
    assert sum(isinstance(child, folium.CircleMarker) for child in layer._children.values()) == 3


def test_a_town_outside_kazakhstan_is_kept_and_flagged_not_drawn():
    markers = markers_for(added_city("moscow", "Moscow", MOSCOW))
    moscow = next(m for m in markers if m.city_id == "moscow")
    assert moscow.problem == mapview.OUTSIDE_KAZAKHSTAN
    assert moscow.rank is not None


def test_a_town_with_non_finite_coordinates_is_flagged_not_a_crash():
    city = City("odd", {"en": "Odd"}, "", float("nan"), 70.0)
    assert mapview.placement_problem(city) == mapview.NO_COORDINATES


def test_an_added_town_gets_the_region_its_point_lies_in():
    karaganda = next(m for m in markers_for(added_city("krg", "Karaganda", KARAGANDA)) if m.city_id == "krg")
    assert karaganda.region_iso == "KZ-35"
    assert mapview.region_name(karaganda.region_iso, "kk") == "Қарағанды облысы"
    assert mapview.region_name(None, "en") == "—"


def test_an_unscored_town_is_grey_and_listed_last():
    markers = markers_for(added_city("new", "New town", KARAGANDA, scored=False))
    assert markers[-1].city_id == "new"
    assert markers[-1].percent is None and markers[-1].color == NO_DATA_COLOR


def test_marker_layer_draws_small_filled_circles_and_outlines_the_selected_town():
    layer = mapview.marker_layer(markers_for(Scenario()), "SCRI", "en", selected="ayagoz")
    circles = [c for c in layer._children.values() if isinstance(c, folium.CircleMarker)]
    assert len(circles) == 3
    # Up to 10 px Leaflet reports a click at the marker's point, which is how a click finds the town.
    assert all(c.options["radius"] <= 10 for c in circles)
    by_place = {tuple(c.location): c.options for c in circles}
    options = {c.id: by_place[(c.latitude, c.longitude)] for c in DATASET.cities}
    assert options["ayagoz"]["weight"] > options["shu"]["weight"] == options["shalkar"]["weight"]
    assert options["shu"]["fillColor"] == band_colour(SCRI["shu"])


def test_tooltip_gives_name_region_percent_rounded_half_up_and_rank():
    shu = markers_for(Scenario())[0]
    text = re.sub(r"<[^>]+>", "\n", mapview.marker_tooltip(shu, "SCRI", 3, "en"))
    assert [line for line in text.splitlines() if line] == ["Shu", "Jambyl Region", "SCRI: 43%, rank 1 of 3"]
    # Ayagoz's governance total 16 -> 17 of 40 is exactly 42.5%, printed 43% as the paper rounds.
    scenario = Scenario().with_override(("ayagoz", "governance", "political_stability"), 3)
    ayagoz = next(m for m in markers_for(scenario, "governance", "ru") if m.city_id == "ayagoz")
    tooltip = mapview.marker_tooltip(ayagoz, "Управление", 3, "ru")
    assert "Аягоз" in tooltip and "область Абай" in tooltip and "Управление: 43%, место 2 из 3" in tooltip


def test_a_hostile_town_name_shows_as_text_in_the_tooltip():
    markers = markers_for(added_city("evil", XSS_NAME, KARAGANDA))
    page = full_map(scenario=added_city("evil", XSS_NAME, KARAGANDA))
    evil = next(m for m in markers if m.city_id == "evil")
    tooltip = mapview.marker_tooltip(evil, "SCRI", 4, "en")
    assert "<img" not in tooltip and "&lt;img src=x onerror=alert(1)&gt;" in tooltip
    assert "<img" not in page


@given(st.text())
def test_escaped_text_cannot_leave_html_or_a_javascript_template_literal(text):
    escaped = mapview.escape_html(text)
    assert not set(escaped) & set("<>\"'`$\\")
    assert html.unescape(escaped) == text


def test_a_click_on_a_marker_names_its_town_and_a_click_elsewhere_names_none():
    cities = added_city("nowhere", "Nowhere", None).cities(DATASET)
    shalkar = next(c for c in cities if c.id == "shalkar")
    assert mapview.city_at(cities, shalkar.latitude, shalkar.longitude) == "shalkar"
    assert mapview.city_at(cities, shalkar.latitude + 0.01, shalkar.longitude) is None


def test_approximate_regions_are_those_marked_in_the_data():
    expected = {row["name_ru"] for row in regions_csv() if row["approximate"] == "true"}
    assert set(mapview.approximate_regions("ru")) == expected
    assert len(expected) == 8
