"""The map legend's HTML: the bands of data/bands.json as a bar, each town marked at its percent."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from html.parser import HTMLParser
from itertools import combinations, pairwise
from pathlib import Path

import pytest

from smartcity.data import load_dataset
from smartcity.model import City
from smartcity.scenario import Scenario
from smartcity.scoring import score
from smartcity.views import legend, mapview

DATASET = load_dataset()
BANDS = json.loads((Path(__file__).resolve().parents[2] / "data" / "bands.json").read_text())["bands"]
XSS_NAME = "<img src=x onerror=alert(1)>"
# Table 2: SCRI totals of 35.
SCRI = {"shu": 15 / 35 * 100, "ayagoz": 11 / 35 * 100, "shalkar": 12 / 35 * 100}


class Elements(HTMLParser):
    """Every element's tag, attributes and the text directly inside it."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[dict] = []
        self.stack: list[dict] = []

    def handle_starttag(self, tag, attrs):
        element = {"tag": tag, **dict(attrs), "text": ""}
        self.elements.append(element)
        self.stack.append(element)

    def handle_endtag(self, tag):
        self.stack.pop()

    def handle_data(self, data):
        if self.stack:
            self.stack[-1]["text"] += data


def parse(page: str) -> list[dict]:
    parser = Elements()
    parser.feed(page)
    return parser.elements


def of_class(elements: list[dict], name: str) -> list[dict]:
    return [e for e in elements if name in e.get("class", "").split()]


def markers(scenario: Scenario, language: str = "en"):
    return mapview.city_markers(DATASET, scenario, score(DATASET, scenario), "scri", language)


def page_for(scenario: Scenario, language: str = "en") -> str:
    return legend.legend_html(markers(scenario, language), DATASET.bands, "SCRI", language)


def test_every_town_has_a_tick_at_its_percent_and_a_named_mark():
    elements = parse(page_for(Scenario()))
    ticks = {e["data-city"]: e for e in of_class(elements, "smartcity-legend-tick")}
    assert set(ticks) == set(SCRI)
    for city, percent in SCRI.items():
        assert float(ticks[city]["data-percent"]) == pytest.approx(percent, abs=1e-4)
        left = float(re.search(r"left:([\d.]+)%", ticks[city]["style"]).group(1))
        assert left == pytest.approx(percent, abs=1e-4)
    names = {e["data-city"]: e["text"] for e in of_class(elements, "smartcity-legend-town")}
    assert names == {"shu": "Shu · 43%", "shalkar": "Shalkar · 34%", "ayagoz": "Ayagoz · 31%"}


def test_close_percents_get_names_that_do_not_overlap():
    marks = [m for m in legend.town_marks(markers(Scenario()), "en") if m.text]
    assert len(marks) == 3
    assert not any(a.box().overlaps(b.box()) for a, b in combinations(marks, 2))


def test_twelve_towns_at_nearly_the_same_percent_stay_legible():
    scenario = Scenario()
    for index in range(9):
        city = City(f"n{index}", {"en": f"Near {index}"}, "", 48.0, 60.0 + index, origin="user")
        scenario = scenario.with_city(city)
        for instrument in DATASET.instruments:
            for indicator in instrument.indicator_ids:
                scenario = scenario.with_override((city.id, instrument.id, indicator), 2)
    marks = [m for m in legend.town_marks(markers(scenario), "en") if m.text]
    assert len(marks) == 12
    assert not any(a.box().overlaps(b.box()) for a, b in combinations(marks, 2))
    for mark in marks:  # no other name's tick runs through a name
        for other in marks:
            if other.row > mark.row:
                box = mark.box()
                assert not box.left <= legend._tick_x(other.percent) <= box.right


def test_the_bar_has_the_bands_of_the_data_file_at_their_widths_with_translated_names():
    elements = parse(page_for(Scenario(), "ru"))
    segments = of_class(elements, "smartcity-legend-band")
    assert [s["data-band"] for s in segments] == [band["id"] for band in BANDS]
    limits = [band["min_percent"] for band in BANDS] + [100]
    widths = [float(re.search(r"flex:0 0 ([\d.]+)%", s["style"]).group(1)) for s in segments]
    assert widths == pytest.approx([b - a for a, b in pairwise(limits)])
    assert [s["text"] for s in segments] == ["Очень низкий", "Низкий", "Средний", "Хороший", "Высокий"]
    scale = of_class(elements, "smartcity-legend-scale")[0]
    texts = [e["text"] for e in elements[elements.index(scale) + 1 :]]
    assert texts == ["0%", "30%", "50%", "70%", "90%", "100%"]


def test_hostile_names_are_escaped():
    city = City("evil", {"en": XSS_NAME}, "", 49.8, 73.1, origin="user")
    scenario = Scenario().with_city(city)
    for instrument in DATASET.instruments:
        for indicator in instrument.indicator_ids:
            scenario = scenario.with_override(("evil", instrument.id, indicator), 3)
    page = legend.legend_html(markers(scenario), DATASET.bands, XSS_NAME, "en")
    assert "<img" not in page
    elements = parse(page)
    assert not [e for e in elements if e["tag"] == "img"]
    evil = next(e for e in of_class(elements, "smartcity-legend-town") if e["data-city"] == "evil")
    assert evil["text"] == "<img src=x oner… · 60%"  # shortened to 16 characters
    assert of_class(elements, "smartcity-legend-title")[0]["text"] == XSS_NAME


def test_with_many_towns_only_the_required_ones_are_named_but_all_are_ticked():
    scenario = Scenario()
    for index in range(20):
        city = City(f"m{index}", {"en": f"Many {index}"}, "", 44.0 + index * 0.5, 60.0 + index, origin="user")
        scenario = scenario.with_city(city)
        for instrument in DATASET.instruments:
            for indicator in instrument.indicator_ids:
                scenario = scenario.with_override((city.id, instrument.id, indicator), 1 + index % 5)
    elements = parse(page_for(scenario))
    assert len(of_class(elements, "smartcity-legend-tick")) == 23
    assert len(of_class(elements, "smartcity-legend-town")) == 6  # the best and worst three


def test_names_carry_the_change_since_a_round_and_still_do_not_overlap():
    changed = [
        replace(marker, change={"shu": 8.57, "ayagoz": -2.5, "shalkar": 0.2}[marker.city_id])
        for marker in markers(Scenario(), "ru")
    ]
    elements = parse(legend.legend_html(changed, DATASET.bands, "SCRI", "ru"))
    names = {e["data-city"]: e["text"] for e in of_class(elements, "smartcity-legend-town")}
    assert names == {"shu": "Шу · 43% (▲+9)", "shalkar": "Шалкар · 34% (0)", "ayagoz": "Аягоз · 31% (▼−3)"}
    marks = [m for m in legend.town_marks(changed, "ru") if m.text]
    assert not any(a.box().overlaps(b.box()) for a, b in combinations(marks, 2))


def font_sizes(language: str) -> dict[str, int]:
    segments = of_class(parse(page_for(Scenario(), language)), "smartcity-legend-band")
    return {s["text"]: int(re.search(r"font:(\d+)px", s["style"]).group(1)) for s in segments}


def test_a_narrow_bands_name_takes_a_smaller_size_so_that_it_fits():
    # The 90-100% band is 48 px of the 480 px reference bar: "Высокий" needs 55 px in 11 px type (DejaVu
    # Sans Bold), 45 px in 9 px; the wide bands and the short English "High" (29 px) keep 11 px.
    assert font_sizes("ru") == {"Очень низкий": 11, "Низкий": 11, "Средний": 11, "Хороший": 11, "Высокий": 9}
    assert set(font_sizes("en").values()) == {11}
