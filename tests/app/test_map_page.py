"""The home page (map) in Streamlit's AppTest: ranking, instrument choice, city panel, bad towns."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from smartcity.data import load_dataset
from smartcity.model import City
from smartcity.scenario import Scenario
from tests.app.helpers import ranking, ranking_table
from tests.support.html_text import html_bodies, text_of

APP = Path(__file__).resolve().parents[2] / "app.py"
XSS_NAME = "<img src=x onerror=alert(1)>"


def home(scenario: Scenario | None = None, city: str | None = None, language: str | None = None) -> AppTest:
    app = AppTest.from_file(str(APP), default_timeout=60)
    if language is not None:
        app.query_params["lang"] = language
    if scenario is not None:
        app.session_state["scenario"] = scenario
    if city is not None:
        app.session_state["selected_city"] = city
    return app.run()


def scored_city(city: City) -> Scenario:
    """A scenario with ``city`` added and scored 3 on every indicator of the paper's instruments."""
    scenario = Scenario().with_city(city)
    for instrument in load_dataset().instruments:
        for indicator in instrument.indicator_ids:
            scenario = scenario.with_override((city.id, instrument.id, indicator), 3)
    return scenario


def test_home_page_ranks_the_towns_by_scri_as_table_2_prints_them():
    app = home()
    assert not app.exception
    assert app.radio(key="map_instrument").value == "scri"
    assert ranking(app) == [("1", "Shu", "43%"), ("2", "Shalkar", "34%"), ("3", "Ayagoz", "31%")]


def test_instrument_choice_includes_the_composite_marked_as_not_in_the_paper():
    app = home()
    options = app.radio(key="map_instrument").options
    assert options[:3] == ["SCRI", "Stakeholders", "Governance"]
    assert "not in the paper" in options[3]
    app.radio(key="map_instrument").set_value("composite").run()
    assert any("not in the paper" in caption.value for caption in app.caption)


def test_governance_ranking_shares_second_place_as_table_4():
    app = home()
    app.radio(key="map_instrument").set_value("governance").run()
    rows = ranking(app)
    assert rows[0] == ("1", "Shu", "60%")
    assert sorted(rows[1:]) == [("2", "Ayagoz", "40%"), ("2", "Shalkar", "40%")]


def test_choosing_a_town_shows_its_profile_scores_strengths_and_weaknesses():
    app = home()
    app.selectbox(key="map_city_select").select("shu").run()
    assert not app.exception
    assert [h.value for h in app.subheader][-1] == "Shu"
    assert [(m.label, m.value) for m in app.metric] == [
        ("Smart City Readiness Index", "43%"),
        ("Stakeholder Insights", "55%"),
        ("Governance Challenges", "60%"),
    ]
    text = " ".join([*(m.value for m in app.markdown), *map(text_of, html_bodies(app))])
    assert "Railway logistics, agro" in text  # Table 1 role
    assert "Jambyl Region" in text
    # Table 2: Shu's 3s are economic potential and social inclusion; its 1 is environmental sustainability.
    scri_notes = next(m.value for m in app.markdown if "Relative strengths\\:" in m.value)
    strongest, weakest = scri_notes.split("Weaknesses\\:")
    assert "Economic Potential" in strongest and "Social Inclusion and Education" in strongest
    assert "Environmental Sustainability" in weakest and "Economic Potential" not in weakest
    # Governance: Shu scores 3 on every indicator (Table 4), so it has no distinct strength.
    assert any("same score, 3, on every indicator" in m.value for m in app.markdown)
    assert app.query_params["city"] == "shu"


def test_a_changed_score_moves_the_ranking_and_shows_the_change_against_the_paper():
    # Ayagoz's digital infrastructure 1 -> 5: 15 of 35 points, level with Shu (Table 2: 11 points).
    app = home(Scenario().with_override(("ayagoz", "scri", "digital_infrastructure"), 5), city="ayagoz")
    assert ranking(app) == [("1", "Shu", "43%"), ("1", "Ayagoz", "43%"), ("3", "Shalkar", "34%")]
    scri = next(m for m in app.metric if m.label == "Smart City Readiness Index")
    assert scri.value == "43%" and scri.delta == "+11.4 pp vs paper"  # 4 / 35 = 11.43 points up


def test_the_selected_towns_sliders_on_the_map_page_move_the_ranking_and_reach_the_what_if_page():
    app = home(city="ayagoz")
    expander = next(e for e in app.expander if "Ayagoz" in e.label)
    assert [s.label for s in expander.slider][:2] == ["Digital Infrastructure", "Physical Infrastructure"]
    # Table 2: Ayagoz 11 of 35 with digital infrastructure 1; at 3 it has 13 (37%), ahead of Shalkar's 12.
    app.slider(key="score.ayagoz.scri.digital_infrastructure").set_value(3.0).run()
    assert not app.exception
    assert ranking(app) == [("1", "Shu", "43%"), ("2", "Ayagoz", "37%"), ("3", "Shalkar", "34%")]
    assert app.query_params["o"] == "ayagoz.scri.digital_infrastructure:3"  # the share link follows
    app.switch_page("pages/what_if.py").run()
    app.segmented_control(key="whatif.edit").set_value("ayagoz").run()
    assert app.slider(key="score.ayagoz.scri.digital_infrastructure").value == 3.0
    app.switch_page("app.py").run()
    next(b for b in app.button if b.key == "reset_city").click().run()
    assert ranking(app) == [("1", "Shu", "43%"), ("2", "Shalkar", "34%"), ("3", "Ayagoz", "31%")]


def test_colouring_by_the_composite_the_map_page_offers_the_scri_sliders_and_says_so():
    app = home(city="shu")
    app.radio(key="map_instrument").set_value("composite").run()
    expander = next(e for e in app.expander if "Shu" in e.label)
    assert len(expander.slider) == 7  # Table 2's seven SCRI indicators
    assert any("these are the SCRI scores" in caption.value for caption in expander.caption)


def test_a_town_selected_on_another_page_opens_on_the_map():
    app = home(city="ayagoz")
    assert app.selectbox(key="map_city_select").value == "ayagoz"
    assert [h.value for h in app.subheader][-1] == "Ayagoz"


def test_home_page_in_russian():
    app = home(city="shu", language="ru")
    header, *rows = ranking_table(app)
    assert header[:3] == ["Место", "Город", "Оценка"]
    assert [row[1] for row in rows] == ["Шу", "Шалкар", "Аягоз"]
    assert "**Регион:** Жамбылская область" in [m.value for m in app.markdown]
    assert any("Natural Earth" in caption.value for caption in app.caption)


@pytest.mark.parametrize(
    ("latitude", "longitude", "warning"),
    [(None, None, "has no coordinates"), (55.75222, 37.61556, "lies outside Kazakhstan")],
)
def test_a_town_that_cannot_be_placed_is_listed_with_a_warning(latitude, longitude, warning):
    town = City("elsewhere", {"en": "Elsewhere"}, "", latitude, longitude, origin="user")
    app = home(scored_city(town))
    assert not app.exception
    assert [w.value for w in app.warning] == [f"Elsewhere {warning}, so it is not drawn on the map."]
    row = next(row for row in ranking_table(app) if row[1] == "Elsewhere")
    assert row[-1] == "not on the map"
    assert row[2] == "60%"  # scored 3 of 5 everywhere


def test_a_hostile_town_name_is_escaped_wherever_it_is_shown():
    town = City("evil", {"en": XSS_NAME}, "", None, None, origin="user")
    app = home(scored_city(town), city="evil")
    assert not app.exception
    warning = app.warning[0].value
    # Markdown shows a backslash-escaped character as itself, so the tag is text, not HTML.
    assert warning.startswith(r"\<img src=x onerror=alert\(1\)\> has no coordinates")
    assert XSS_NAME in [row[1] for row in ranking_table(app)]  # as text: the HTML table escapes it
    assert any("<td>&lt;img src=x onerror=alert(1)&gt;</td>" in body for body in html_bodies(app))
    assert [h.value for h in app.subheader][-1] == r"\<img src=x onerror=alert\(1\)\>"
    assert [e.label for e in app.expander] == [r"What if… move \<img src=x onerror=alert\(1\)\>'s scores"]
