"""The home page map as folium objects: regions, country outline, and towns as readiness-coloured
dots with permanent labels ("Shu · 43%").

The map links no script or stylesheet of its own (folium's defaults point at CDNs): the app adds
the Leaflet it serves itself, so the map works offline; map tiles are the only optional outside
resource. The base map (regions, outline, tiles, the labels' style) and the marker layer (dots and
labels) are separate so that the app can recolour and relabel the towns without rebuilding the
map, which would reset the user's zoom and pan.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import branca.element
import folium
from folium.template import Template

from smartcity import geo
from smartcity.i18n.catalog import LANGUAGES, format_percent, translate
from smartcity.model import City, Dataset
from smartcity.scenario import Scenario
from smartcity.scoring import ScoreTable
from smartcity.views import labels
from smartcity.views.colors import DARK_TEXT, NO_DATA_COLOR, band_color

TILES = "OpenStreetMap"
INITIAL_ZOOM = 4
ZOOM_SNAP = 0.1  # lets the initial view fit the country closely
FIT_PADDING = 4
"""Pixels kept free around the country when the map opens."""
MAP_HEIGHT = 540
"""The map's height in pixels on a desktop (the ui passes it to st_folium)."""
LABEL_REFERENCE_WIDTH = 480
"""Labels are placed for a map this wide (the map column of a 1280 px window is ~500 px): on a wider
map the towns lie further apart, so labels placed here do not collide."""

REGION_CLASS = "smartcity-region"
ASSESSED_REGION_CLASS = "smartcity-region-assessed"
OUTLINE_CLASS = "smartcity-outline"
CITY_CLASS = "smartcity-city"
LABEL_CLASS = "smartcity-label"
REQUIRED_LABEL_CLASS = "smartcity-label-required"
SELECTED_LABEL_CLASS = "smartcity-label-selected"
ZOOMED_OUT_CLASS = "smartcity-zoomed-out"
"""Set on the map below the labels' reference zoom, where only the required labels show."""
EXTREME_TOWNS = 3
"""The best and the worst this many towns are always labelled, with the selected one."""
LABEL_FONT_SIZE = 12
LABEL_HEIGHT = 20
LABEL_PADDING = 14
"""Horizontal padding, borders and a little slack around a label's text, in pixels."""
LABEL_GAP = 2
LABEL_TEXT = DARK_TEXT
LABEL_BACKGROUND = "#ffffff"

# At 10 px or less Leaflet reports a click on a circle marker at the marker's own point, not the
# mouse's, so the click's coordinates name the city exactly.
MARKER_RADIUS = 9
CLICK_TOLERANCE_DEGREES = 1e-6

REGION_STYLE = {"color": "#8c8c8c", "weight": 0.8, "fillColor": "#f4f4f4", "fillOpacity": 0.6}
ASSESSED_REGION_STYLE = {"color": "#3b5b8c", "weight": 1.6, "fillColor": "#c9d9ee", "fillOpacity": 0.7}
REGION_HOVER_STYLE = {"weight": 2.5, "fillOpacity": 0.85}
OUTLINE_STYLE = {"color": "#333333", "weight": 2, "fill": False}
MARKER_STROKE = "#222222"
SELECTED_STROKE_WEIGHT = 4
MARKER_STROKE_WEIGHT = 1.5

NO_COORDINATES = "no_coordinates"
OUTSIDE_KAZAKHSTAN = "outside_kazakhstan"


@dataclass(frozen=True)
class CityMarker:
    """What the map shows of one city: where it is, its score and colour, or why it is not drawn."""

    city_id: str
    name: str
    region_iso: str | None
    latitude: float | None
    longitude: float | None
    percent: float | None
    rank: int | None
    color: str
    problem: str | None = None
    """None when drawn; else NO_COORDINATES or OUTSIDE_KAZAKHSTAN."""
    change: float | None = None
    """The change in points since a round the map is compared with (None when not compared)."""

    @property
    def location(self) -> tuple[float, float] | None:
        """Where the marker is drawn, as (latitude, longitude); None when the city is not drawn."""
        if self.problem is not None or self.latitude is None or self.longitude is None:
            return None
        return self.latitude, self.longitude

    @property
    def on_map(self) -> bool:
        """Whether the city is drawn on the map."""
        return self.location is not None


def drawn_markers(markers: Iterable[CityMarker]) -> list[tuple[CityMarker, tuple[float, float]]]:
    """The markers that are drawn on the map, each with its (latitude, longitude)."""
    return [(marker, location) for marker in markers if (location := marker.location) is not None]


def placement_problem(city: City) -> str | None:
    """Why a city cannot be drawn (missing coordinates, or outside Kazakhstan), or None."""
    if city.latitude is None or city.longitude is None:
        return NO_COORDINATES
    if not (math.isfinite(city.latitude) and math.isfinite(city.longitude)):
        return NO_COORDINATES
    if not geo.inside_kazakhstan(city.latitude, city.longitude):
        return OUTSIDE_KAZAKHSTAN
    return None


def city_region(city: City) -> str | None:
    """The city's region: the one its data names if that is a current unit, else the one holding its point."""
    if city.region_iso in geo.region_names():
        return city.region_iso
    if placement_problem(city) is None and city.latitude is not None and city.longitude is not None:
        return geo.region_at(city.latitude, city.longitude)
    return None


def region_name(region_iso: str | None, language: str) -> str:
    """The region's official name in ``language`` ("—" when unknown)."""
    names = geo.region_names().get(region_iso or "")
    return names[language] if names else "—"


def approximate_regions(language: str) -> list[str]:
    """Names of the regions whose borders are approximate (derived, not surveyed), in ``language``."""
    regions = geo.load_regions()
    return [region_name(iso, language) for iso in regions.loc[regions["approximate"], "iso"]]


def city_markers(
    dataset: Dataset, scenario: Scenario, table: ScoreTable, instrument_id: str, language: str
) -> tuple[CityMarker, ...]:
    """The scenario's cities as markers coloured by their band on ``instrument_id``, named in
    ``language``; ranked cities first, best first."""
    markers = []
    for city in scenario.cities(dataset):
        result = table.get(city.id, instrument_id)
        problem = placement_problem(city)
        markers.append(
            CityMarker(
                city_id=city.id,
                name=city.name(language),
                region_iso=city_region(city),
                latitude=city.latitude if problem is None else None,
                longitude=city.longitude if problem is None else None,
                percent=result.percent if result else None,
                rank=result.rank if result else None,
                color=band_color(dataset.bands, result.band) if result else NO_DATA_COLOR,
                problem=problem,
            )
        )
    return tuple(sorted(markers, key=_rank))


def city_at(cities: Iterable[City], latitude: float, longitude: float) -> str | None:
    """The city whose marker sits at a clicked point (a click elsewhere, e.g. on a region, gives None)."""
    for city in cities:
        if (
            city.latitude is not None
            and city.longitude is not None
            and abs(city.latitude - latitude) <= CLICK_TOLERANCE_DEGREES
            and abs(city.longitude - longitude) <= CLICK_TOLERANCE_DEGREES
        ):
            return city.id
    return None


def escape_html(text: str) -> str:
    """Escape text for folium's tooltips, which are HTML inside a JavaScript template literal.

    Besides ``< > & " '`` this escapes `` ` ``, ``$`` and ``\\``, which would otherwise end the
    literal or start a ``${...}`` expression.
    """
    escaped = html.escape(text, quote=True)
    return escaped.replace("\\", "&#92;").replace("`", "&#96;").replace("$", "&#36;")


def marker_tooltip(marker: CityMarker, instrument_label: str, city_count: int, language: str) -> str:
    """The marker's tooltip (HTML): name, region, readiness percent as the paper rounds it, and rank."""
    if marker.percent is None or marker.rank is None:
        score = translate("map.tooltip_no_score", language, instrument=instrument_label)
    else:
        score = translate(
            "map.tooltip_score",
            language,
            instrument=instrument_label,
            percent=format_percent(marker.percent, language),
            rank=marker.rank,
            count=city_count,
        )
    lines = (marker.name, region_name(marker.region_iso, language), score)
    return "<b>{}</b><br>{}<br>{}".format(*(escape_html(line) for line in lines))


def label_text(marker: CityMarker, language: str) -> str:
    """A town's permanent label as plain text: its name and percent, e.g. "Shu · 43%" ("Shu · 43% (▲+5)"
    with a change since a round)."""
    if marker.percent is None:
        return translate("mapviews.label_no_score", language, name=marker.name)
    percent = labels.with_change(format_percent(marker.percent, language), marker.change, language)
    return translate("mapviews.label", language, name=marker.name, percent=percent)


def required_labels(markers: Iterable[CityMarker], selected: str | None) -> list[str]:
    """The towns always labelled, in order: the selected one, the best and the worst few."""
    ranked = [
        marker.city_id for marker in sorted(markers, key=_rank) if marker.rank is not None and marker.on_map
    ]
    extremes = ranked[:EXTREME_TOWNS] + ranked[EXTREME_TOWNS:][-EXTREME_TOWNS:][::-1]
    chosen = [selected] if selected in {marker.city_id for marker in markers if marker.on_map} else []
    return list(dict.fromkeys([*chosen, *extremes]))


def _rank(marker: CityMarker) -> tuple[bool, int]:
    return marker.rank is None, marker.rank or 0


def label_placements(
    markers: Iterable[CityMarker], language: str, selected: str | None = None
) -> dict[str, labels.Placement]:
    """Where each labelled town's label goes, by town id, at the zoom a map of
    LABEL_REFERENCE_WIDTH x MAP_HEIGHT pixels opens with; towns left out show their name on hover."""
    drawn = drawn_markers(markers)
    required = required_labels([marker for marker, _ in drawn], selected)
    order = {city_id: position for position, city_id in enumerate(required)}
    drawn.sort(key=lambda item: order.get(item[0].city_id, len(order)))
    zoom, frame = _reference_view()
    requests = []
    for marker, (latitude, longitude) in drawn:
        x, y = labels.project(latitude, longitude, zoom)
        width = math.ceil(labels.text_width(label_text(marker, language), LABEL_FONT_SIZE)) + LABEL_PADDING
        requests.append(
            labels.LabelRequest(marker.city_id, x, y, width, LABEL_HEIGHT, marker.city_id in order)
        )
    return labels.place_labels(requests, MARKER_RADIUS + SELECTED_STROKE_WEIGHT / 2, LABEL_GAP, frame)


def marker_layer(
    markers: Iterable[CityMarker], instrument_label: str, language: str, selected: str | None = None
) -> folium.FeatureGroup:
    """A layer of circle markers, one per drawable city, filled with its readiness colour, and
    the towns' permanent labels (a click on a label selects its town, as on its dot)."""
    markers = tuple(markers)
    drawn = drawn_markers(markers)
    ranked = sum(1 for marker, _ in drawn if marker.rank is not None)
    required = set(required_labels([marker for marker, _ in drawn], selected))
    placements = label_placements(markers, language, selected)
    layer = folium.FeatureGroup(name="cities", control=False)
    for marker, location in drawn:
        folium.CircleMarker(
            location=location,
            radius=MARKER_RADIUS,
            color=MARKER_STROKE,
            weight=SELECTED_STROKE_WEIGHT if marker.city_id == selected else MARKER_STROKE_WEIGHT,
            fill=True,
            fill_color=marker.color,
            fill_opacity=1.0,
            class_name=CITY_CLASS,
            bubbling_mouse_events=False,
            tooltip=folium.Tooltip(marker_tooltip(marker, instrument_label, ranked, language), sticky=False),
        ).add_to(layer)
    for marker, location in drawn:
        if (placement := placements.get(marker.city_id)) is not None:
            classes = [LABEL_CLASS, f"{LABEL_CLASS}-{placement.direction}"]
            classes += [REQUIRED_LABEL_CLASS] * (marker.city_id in required)
            classes += [SELECTED_LABEL_CLASS] * (marker.city_id == selected)
            _label_marker(marker, location, placement, " ".join(classes), language).add_to(layer)
    return layer


def _label_marker(
    marker: CityMarker,
    location: tuple[float, float],
    placement: labels.Placement,
    classes: str,
    language: str,
) -> folium.Marker:
    """A label as a Leaflet div icon whose box is exactly the placed rectangle."""
    box, (anchor_x, anchor_y) = placement.box, placement.anchor
    icon = folium.DivIcon(
        html=escape_html(label_text(marker, language)),
        icon_size=(round(box.right - box.left), round(box.bottom - box.top)),
        icon_anchor=(round(anchor_x), round(anchor_y)),
        class_name=classes,
    )
    return folium.Marker(location=location, icon=icon, keyboard=False)


LABEL_CSS = f"""<style>
.{LABEL_CLASS} {{
    box-sizing: border-box; padding: 1px 5px; border: 1px solid #4d4d4d; border-radius: 3px;
    background: {LABEL_BACKGROUND}; color: {LABEL_TEXT}; box-shadow: 0 1px 2px rgba(0, 0, 0, 0.3);
    font: 700 {LABEL_FONT_SIZE}px/16px "DejaVu Sans", Verdana, sans-serif;
    white-space: nowrap; text-align: center; overflow: visible; cursor: pointer;
}}
.{LABEL_CLASS}.{SELECTED_LABEL_CLASS} {{ border: 2px solid {LABEL_TEXT}; padding: 0 4px; }}
.{ZOOMED_OUT_CLASS} .{LABEL_CLASS}:not(.{REQUIRED_LABEL_CLASS}) {{ display: none; }}
</style>"""
"""The labels' look; below the reference zoom only the required labels show, so they do not pile up."""


class _ZoomClass(folium.MacroElement):
    """Marks the map's container with ZOOMED_OUT_CLASS while it is zoomed out below ``min_zoom``."""

    _template = Template(
        """{% macro script(this, kwargs) %}
        (function (map) {
            var mark = function () {
                var zoomedOut = map.getZoom() < {{ this.min_zoom }};
                map.getContainer().classList.toggle("{{ this.css_class }}", zoomedOut);
            };
            map.on("zoomend", mark);
            mark();
        })({{ this._parent.get_name() }});
        {% endmacro %}"""
    )

    def __init__(self, css_class: str, min_zoom: float) -> None:
        super().__init__()
        self.css_class = css_class
        self.min_zoom = min_zoom


class _PlainLeafletCredit(folium.MacroElement):
    """Credits Leaflet by name, as plain text: Leaflet 1.9's default credit adds a national flag, and
    a link; the page's caption gives the library and its licence."""

    _template = Template(
        """{% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.attributionControl.setPrefix("Leaflet");
        {% endmacro %}"""
    )


class _KeyboardAndLanguage(folium.MacroElement):
    """Makes the map usable with the keyboard and a screen reader, in the page's language.

    The frame's <html lang> is the language and its viewport allows zooming; the map is a named region
    with translated zoom buttons; the regions leave the tab order (their names show on hover); each town
    is a button named by its tooltip's text, and Enter or Space on it clicks it (selects the town), the
    focus coming back to the town once the app has redrawn the towns.
    """

    _template = Template(
        """{% macro script(this, kwargs) %}
        (function (map, text) {
            document.documentElement.lang = text.lang;
            document.querySelectorAll('meta[name="viewport"]').forEach(function (meta) {
                meta.setAttribute("content", "width=device-width, initial-scale=1");
            });
            var container = map.getContainer();
            container.setAttribute("role", "region");
            container.setAttribute("aria-label", text.map);
            // Leaflet focuses the map on a mouse-down, which scrolled the app's page to show the whole map:
            // the mouse-up then landed beside the town and the click was lost. Focused first, without
            // scrolling, the map is one Leaflet leaves alone.
            container.addEventListener("mousedown", function () {
                container.focus({preventScroll: true});
            }, true);
            L.control.zoom({zoomInTitle: text.zoomIn, zoomOutTitle: text.zoomOut}).addTo(map);
            var towns = new Map(), refocus = null;
            var nameTown = function (layer) {
                var tooltip = layer.getTooltip(), html = tooltip ? tooltip.getContent() : "";
                var body = new DOMParser().parseFromString(html, "text/html").body;  // runs no script
                body.querySelectorAll("br").forEach(function (br) { br.replaceWith(", "); });
                layer._path.setAttribute("role", "button");
                layer._path.setAttribute("aria-label", body.textContent.replace(/\\s+/g, " ").trim());
                if (refocus && layer.getLatLng().equals(refocus)) {
                    refocus = null;
                    layer._path.focus();
                }
            };
            map.on("layeradd", function (event) {
                var path = event.layer._path;
                if (!path) return;
                if (path.classList.contains(text.regionClass)) path.setAttribute("tabindex", "-1");
                if (path.classList.contains(text.cityClass)) {
                    towns.set(path, event.layer);
                    setTimeout(function () { nameTown(event.layer); });  // its tooltip is bound just after
                }
            });
            map.on("layerremove", function (event) { towns.delete(event.layer._path); });
            container.addEventListener("keydown", function (event) {
                var layer = towns.get(event.target);
                if (!layer || (event.key !== "Enter" && event.key !== " ")) return;
                event.preventDefault();
                refocus = layer.getLatLng();
                layer.fire("click", {latlng: refocus, sourceTarget: layer, originalEvent: event});
            });
        })({{ this._parent.get_name() }}, {{ this.text|tojson }});
        {% endmacro %}"""
    )

    def __init__(self, language: str) -> None:
        super().__init__()
        self.text = {
            "lang": language,
            "map": translate("a11y.map_name", language),
            "zoomIn": translate("a11y.zoom_in", language),
            "zoomOut": translate("a11y.zoom_out", language),
            "regionClass": REGION_CLASS,
            "cityClass": CITY_CLASS,
        }


def base_map(language: str, tiles: bool, assessed_regions: frozenset[str]) -> folium.Map:
    """A new map of Kazakhstan's regions (names on hover, assessed ones highlighted) and outline, in
    ``language`` and usable with the keyboard.

    No script or stylesheet is linked (the caller links Leaflet); ``tiles`` adds OpenStreetMap
    tiles, the one outside resource.
    """
    fmap = folium.Map(
        location=_center(), zoom_start=INITIAL_ZOOM, tiles=None, zoom_snap=ZOOM_SNAP, zoom_control=False
    )
    # Per instance: folium's class-wide lists point at CDNs (and jQuery, Bootstrap, ...).
    fmap.default_js = []
    fmap.default_css = []
    fmap.add_child(_PlainLeafletCredit())
    fmap.add_child(_KeyboardAndLanguage(language))  # before the regions, so that it sees them added
    if tiles:
        folium.TileLayer(TILES, control=False).add_to(fmap)
    folium.GeoJson(
        _regions_geojson(language),
        name="regions",
        control=False,
        style_function=lambda feature: _region_style(feature["properties"]["iso"] in assessed_regions),
        highlight_function=lambda _: REGION_HOVER_STYLE,
        tooltip=folium.GeoJsonTooltip(fields=["name"], labels=False, sticky=True),
    ).add_to(fmap)
    folium.GeoJson(
        _outline_geojson(),
        name="outline",
        control=False,
        style_function=lambda _: {**OUTLINE_STYLE, "className": OUTLINE_CLASS},
        interactive=False,
    ).add_to(fmap)
    root = fmap.get_root()
    assert isinstance(root, branca.element.Figure)  # a map's root is its page
    root.header.add_child(folium.Element(LABEL_CSS), name="smartcity_label_css")
    fmap.add_child(_ZoomClass(ZOOMED_OUT_CLASS, _reference_view()[0] - ZOOM_SNAP / 2))
    fmap.fit_bounds(_bounds(), padding=(FIT_PADDING, FIT_PADDING))
    return fmap


def map_html(fmap: folium.Map) -> str:
    """The map as one standalone HTML document (what a browser needs to draw it)."""
    return fmap.get_root().render()


def _region_style(assessed: bool) -> dict[str, object]:
    if assessed:
        return {**ASSESSED_REGION_STYLE, "className": f"{REGION_CLASS} {ASSESSED_REGION_CLASS}"}
    return {**REGION_STYLE, "className": REGION_CLASS}


@lru_cache(maxsize=len(LANGUAGES))
def _regions_geojson(language: str) -> str:
    """The regions as GeoJSON text with a ``name`` in ``language`` (text, so each map gets its own copy)."""
    regions = geo.load_regions()
    regions["name"] = [region_name(iso, language) for iso in regions["iso"]]
    return regions[["iso", "name", "geometry"]].to_json(drop_id=True)


@lru_cache(maxsize=1)
def _outline_geojson() -> str:
    return geo.load_outline()[["geometry"]].to_json(drop_id=True)


@lru_cache(maxsize=1)
def _bounds() -> list[list[float]]:
    west, south, east, north = geo.load_outline().total_bounds
    return [[float(south), float(west)], [float(north), float(east)]]


@lru_cache(maxsize=1)
def _reference_view() -> tuple[float, labels.Box]:
    """The zoom a LABEL_REFERENCE_WIDTH x MAP_HEIGHT map opens with, and its frame in pixels there."""
    (south, west), (north, east) = _bounds()
    size = (LABEL_REFERENCE_WIDTH, MAP_HEIGHT)
    zoom = labels.fit_zoom((south, west), (north, east), size, FIT_PADDING, ZOOM_SNAP)
    (left, bottom), (right, top) = labels.project(south, west, zoom), labels.project(north, east, zoom)
    x, y = (left + right) / 2, (top + bottom) / 2
    half_width, half_height = size[0] / 2, size[1] / 2
    return zoom, labels.Box(x - half_width, y - half_height, x + half_width, y + half_height)


def _center() -> tuple[float, float]:
    (south, west), (north, east) = _bounds()
    return (south + north) / 2, (west + east) / 2
