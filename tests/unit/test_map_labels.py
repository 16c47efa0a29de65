"""The map's permanent town labels: projection, placement without overlap, thinning, escaping."""

from __future__ import annotations

import math
import random
import re
from itertools import combinations

import folium
import pytest
from hypothesis import given
from hypothesis import strategies as st

from smartcity.data import load_dataset
from smartcity.model import City
from smartcity.scenario import Scenario
from smartcity.scoring import score
from smartcity.views import labels, mapview

DATASET = load_dataset()
XSS_NAME = "<img src=x onerror=alert(1)>"
# Kazakhstan's extent (Natural Earth outline), rounded inwards.
SOUTH, NORTH, WEST, EAST = 41.0, 55.0, 47.0, 87.0


def markers(scenario: Scenario, language: str = "en"):
    return mapview.city_markers(DATASET, scenario, score(DATASET, scenario), "scri", language)


def with_random_towns(count: int, seed: int) -> Scenario:
    """The paper's scenario plus ``count`` towns at random points of Kazakhstan with random scores."""
    generator = random.Random(seed)
    scenario = Scenario()
    while len(scenario.added_cities) < count:
        latitude, longitude = generator.uniform(SOUTH, NORTH), generator.uniform(WEST, EAST)
        city = City(
            f"t{len(scenario.added_cities)}",
            {"en": f"Town {len(scenario.added_cities)}"},
            "",
            latitude,
            longitude,
            origin="user",
        )
        if mapview.placement_problem(city) is not None:
            continue
        scenario = scenario.with_city(city)
        for instrument in DATASET.instruments:
            for indicator in instrument.indicator_ids:
                scenario = scenario.with_override(
                    (city.id, instrument.id, indicator), generator.randint(1, 5)
                )
    return scenario


def label_icons(layer: folium.FeatureGroup) -> list[folium.DivIcon]:
    return [
        icon
        for child in layer._children.values()
        if isinstance(icon := getattr(child, "icon", None), folium.DivIcon)
    ]


def test_projection_is_leaflets_web_mercator():
    assert labels.project(0, 0, 0) == pytest.approx((128, 128))
    assert labels.project(0, 180, 1) == pytest.approx((512, 256))
    # 60°N: y = 256 * (1/2 - ln(tan(pi/4 + pi/6)) / (2 pi)) at zoom 0.
    expected_y = 256 * (0.5 - math.log(math.tan(math.pi / 4 + math.pi / 6)) / (2 * math.pi))
    assert labels.project(60, 0, 0)[1] == pytest.approx(expected_y)


def test_fit_zoom_is_the_largest_snapped_zoom_at_which_the_bounds_fit():
    bounds = ((40.57, 46.49), (55.44, 87.32))
    zoom = labels.fit_zoom(*bounds, size=(480, 540), padding=4, snap=0.1)
    width = lambda z: labels.project(0, bounds[1][1], z)[0] - labels.project(0, bounds[0][1], z)[0]  # noqa: E731
    assert width(zoom) <= 472 < width(zoom + 0.1)
    assert round(zoom * 10) == zoom * 10


def test_the_papers_towns_are_all_labelled_with_name_and_score_without_overlap():
    placed = mapview.label_placements(markers(Scenario()), "en")
    assert set(placed) == {"shu", "ayagoz", "shalkar"}
    assert not any(a.box.overlaps(b.box) for a, b in combinations(placed.values(), 2))
    texts = {m.city_id: mapview.label_text(m, "en") for m in markers(Scenario())}
    assert texts == {"shu": "Shu · 43%", "shalkar": "Shalkar · 34%", "ayagoz": "Ayagoz · 31%"}
    assert mapview.label_text(markers(Scenario(), "ru")[0], "ru") == "Шу · 43%"


def test_labels_are_div_icons_in_the_marker_layer_with_their_placed_size():
    layer = mapview.marker_layer(markers(Scenario(), "kk"), "SCRI", "kk", selected="ayagoz")
    icons = label_icons(layer)
    assert len(icons) == 3
    html = {icon.options["html"] for icon in icons}
    assert html == {"Шу · 43%", "Шалқар · 34%", "Аягөз · 31%"}
    selected = next(icon for icon in icons if icon.options["html"].startswith("Аягөз"))
    assert mapview.SELECTED_LABEL_CLASS in selected.options["class_name"]
    for icon in icons:
        width, height = icon.options["icon_size"]
        assert height == mapview.LABEL_HEIGHT and width > 40


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_sixty_random_towns_get_labels_that_never_overlap_and_keep_the_extremes(seed):
    scenario = with_random_towns(60, seed)
    drawn = markers(scenario)
    selected = drawn[30].city_id
    placed = mapview.label_placements(drawn, "en", selected)
    boxes = [placement.box for placement in placed.values()]
    assert not any(a.overlaps(b) for a, b in combinations(boxes, 2))
    ranked = sorted((m for m in drawn if m.rank is not None), key=lambda m: m.rank)
    must = {selected, *(m.city_id for m in ranked[:3]), *(m.city_id for m in ranked[-3:])}
    assert must <= set(placed)
    assert 10 <= len(placed) < 63  # thinned: some towns only on hover
    # Labels left out are not drawn, and only the required ones stay when zoomed out.
    layer = mapview.marker_layer(drawn, "SCRI", "en", selected)
    icons = label_icons(layer)
    assert len(icons) == len(placed)
    required = [icon for icon in icons if mapview.REQUIRED_LABEL_CLASS in icon.options["class_name"]]
    assert len(required) == len(must)


def test_close_towns_get_labels_on_different_sides():
    # Two towns 0.2° apart (a few pixels at the map's zoom): their labels go opposite ways.
    scenario = Scenario()
    for index, longitude in enumerate((70.0, 70.2)):
        city = City(f"c{index}", {"en": f"Close {index}"}, "", 48.0, longitude, origin="user")
        scenario = scenario.with_city(city)
    placed = mapview.label_placements(markers(scenario), "en")
    assert {"c0", "c1"} <= set(placed)
    assert not placed["c0"].box.overlaps(placed["c1"].box)


points = st.tuples(st.floats(0, 480), st.floats(0, 540))


@given(st.lists(points, max_size=40), st.integers(0, 5))
def test_placed_labels_never_overlap_each_other_nor_cover_a_dot_unless_required(spots, required):
    requests = [
        labels.LabelRequest(f"k{i}", x, y, 60 + (i * 7) % 50, 20, required=i < required)
        for i, (x, y) in enumerate(spots)
    ]
    placed = labels.place_labels(requests, dot_radius=10, gap=2)
    assert not any(a.box.overlaps(b.box) for a, b in combinations(placed.values(), 2))
    for request in requests:
        if request.key in placed and not request.required:
            box = placed[request.key].box
            dots = [labels.Box(r.x - 10, r.y - 10, r.x + 10, r.y + 10) for r in requests if r is not request]
            assert not any(box.overlaps(dot) for dot in dots)
    if spots:
        assert requests[0].key in placed  # the first label always finds a place
        first = placed[requests[0].key]
        assert first.anchor == pytest.approx((requests[0].x - first.box.left, requests[0].y - first.box.top))


def test_a_label_keeps_inside_the_frame_when_a_position_there_is_free():
    frame = labels.Box(0, 0, 200, 200)
    request = labels.LabelRequest("edge", 190, 100, 80, 20)
    assert labels.place_labels([request], 10, 2, frame)["edge"].direction == "w"


def test_hostile_names_are_escaped_in_labels():
    city = City("evil", {"en": XSS_NAME}, "", 49.8, 73.1, origin="user")
    scenario = Scenario().with_city(city)
    layer = mapview.marker_layer(markers(scenario), "SCRI", "en")
    html = " ".join(icon.options["html"] for icon in label_icons(layer))
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt; · no score" in html


def test_the_base_map_styles_labels_and_hides_optional_ones_when_zoomed_out():
    page = mapview.map_html(mapview.base_map("en", False, frozenset()))
    assert f".{mapview.LABEL_CLASS} {{" in page
    rule = f".{mapview.ZOOMED_OUT_CLASS} .{mapview.LABEL_CLASS}:not(.{mapview.REQUIRED_LABEL_CLASS})"
    assert rule in page
    assert re.search(r'classList\.toggle\("smartcity-zoomed-out", zoomedOut\)', page)
    assert mapview.MAP_HEIGHT >= 520


# --- a change since an earlier round ------------------------------------------------------------


@pytest.mark.parametrize(
    ("points", "language", "expected"),
    [
        (5.0, "en", "▲+5"),
        (4.6, "en", "▲+5"),
        (-3.2, "ru", "▼−3"),
        (-37.14, "kk", "▼−37"),
        (0.4, "en", "0"),
        (-0.4, "ru", "0"),
    ],
)
def test_a_change_reads_as_whole_points_with_its_arrow(points, language, expected):
    assert labels.change_text(points, language) == expected


def test_a_label_carries_its_change_in_brackets_only_when_there_is_one():
    assert labels.with_change("43%", 5.0, "en") == "43% (▲+5)"
    assert labels.with_change("43%", None, "en") == "43%"
