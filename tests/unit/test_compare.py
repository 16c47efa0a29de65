"""Comparing scenarios side by side, and the presenter's steps (its conclusions: test_presenter.py)."""

from __future__ import annotations

import math

import pytest

from smartcity.analysis.compare import changes, comparison_frame, radar_overlay
from smartcity.data import load_dataset
from smartcity.model import City
from smartcity.scenario import Scenario
from smartcity.views import presenter
from smartcity.views.colors import contrast_ratio

DATASET = load_dataset()
DIGITAL = ("ayagoz", "scri", "digital_infrastructure")
# Table 2: Ayagoz scores 1 on digital infrastructure and 11 of 35 in all; Shalkar 12, Shu 15.
PUSH = Scenario().with_override(DIGITAL, 4)


def test_the_table_puts_scenarios_side_by_side_with_changes_against_the_first():
    frame = comparison_frame(DATASET, [("Paper", Scenario()), ("Push", PUSH)], "scri", "en")
    assert list(frame.index) == ["Shu", "Ayagoz", "Shalkar"]
    assert frame[("Paper", "Readiness (%)")]["Ayagoz"] == pytest.approx(11 / 35 * 100)
    assert frame[("Push", "Readiness (%)")]["Ayagoz"] == pytest.approx(14 / 35 * 100)
    assert frame[("Push", "Change (points)")]["Ayagoz"] == pytest.approx(3 / 35 * 100)
    assert frame[("Push", "Change (points)")]["Shu"] == 0
    # 14 of 35 passes Shalkar's 12 but not Shu's 15.
    assert list(frame[("Paper", "Rank")]) == [1, 3, 2]
    assert list(frame[("Push", "Rank")]) == [1, 2, 3]
    assert list(frame[("Push", "Places gained")]) == [0, 1, -1]
    assert ("Paper", "Change (points)") not in frame.columns


def test_a_city_only_one_scenario_has_gets_blanks_for_the_change():
    town = City("aral", {"en": "Aral"}, "KZ-43", 46.8, 61.67, origin="user")
    with_town = Scenario().with_city(town)
    for indicator_id in DATASET.instrument("scri").indicator_ids:
        with_town = with_town.with_override(("aral", "scri", indicator_id), 5)
    frame = comparison_frame(DATASET, [("Paper", Scenario()), ("Aral", with_town)], "scri", "en")
    assert frame[("Aral", "Readiness (%)")]["Aral"] == 100
    assert math.isnan(frame[("Paper", "Readiness (%)")]["Aral"])
    assert math.isnan(frame[("Aral", "Change (points)")]["Aral"])
    assert frame[("Aral", "Places gained")]["Shu"] == -1


def test_changes_list_what_differs_from_the_paper_in_the_language():
    scenario = (
        Scenario(method="geometric")
        .with_override(DIGITAL, 4)
        .with_override(("shu", "scri", "digital_infrastructure"), 2)  # the paper's own value: no change
        .with_indicator_weight("governance", "ppp_mechanism", 2)
        .with_instrument_weight("scri", 0.5)
    )
    lines = changes(DATASET, scenario, "ru")
    assert len(lines) == 4
    assert lines[0].startswith("Метод расчёта")
    assert "Аягоз" in lines[1] and "1 → 4" in lines[1]
    assert lines[2].endswith(": 2") and lines[3].endswith(": 0,5")
    assert changes(DATASET, Scenario(), "en") == []


def test_the_radar_overlay_has_a_trace_per_scenario_scoring_the_city():
    named = [("Paper", Scenario()), ("<b>Push</b>", PUSH)]
    figure = radar_overlay(DATASET, named, "ayagoz", "scri", "en")
    assert [trace.name for trace in figure.data] == ["Paper", "&lt;b&gt;Push&lt;/b&gt;"]
    paper, push = (list(trace.r) for trace in figure.data)
    assert paper[0] == paper[-1] == 1 and push[0] == push[-1] == 4 and paper[1:-1] == push[1:-1]
    assert len(paper) == len(DATASET.instrument("scri").indicators) + 1  # the outline closes
    assert radar_overlay(DATASET, named, "nowhere", "scri", "en").data == ()


def test_the_radar_overlays_ticks_are_dark_enough_to_read_on_white():
    figure = radar_overlay(DATASET, [("Paper", Scenario())], "shu", "scri", "en")
    for font in (figure.layout.polar.angularaxis.tickfont, figure.layout.polar.radialaxis.tickfont):
        assert contrast_ratio(font.color, "#ffffff") >= 4.5


def test_presenter_steps_go_map_radars_what_if_conclusions():
    assert presenter.steps(DATASET) == [
        ("map", None),
        ("radar", "scri"),
        ("radar", "stakeholders"),
        ("radar", "governance"),
        ("what_if", None),
        ("conclusions", None),
    ]
    assert [presenter.clamp(i, 6) for i in (-1, 0, 5, 9)] == [0, 0, 5, 5]
    assert [presenter.is_on(v) for v in ("1", "true", " YES ", "0", "", None)] == [True] * 3 + [False] * 3
