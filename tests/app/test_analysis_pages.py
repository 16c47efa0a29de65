"""The analysis pages in Streamlit's AppTest: what-if sliders and weights, radar, stakeholders,
governance and city profile, all reading and writing the one shared scenario.

Expected numbers come from the paper's Tables 2-4 and Figure 1 (and plain arithmetic on them),
not from the code under test.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from smartcity.model import City
from smartcity.scenario import Scenario
from smartcity.ui.text import PANEL_CLASS
from tests.app.helpers import ranking
from tests.paper import SCRI_INDICATORS, TABLE_2, TABLE_3
from tests.support.html_text import blocks, html_bodies, text_of

ROOT = Path(__file__).resolve().parents[2]
ANALYSIS_PAGES = ("profile", "radar", "what_if", "stakeholders", "governance")
AYAGOZ_DIGITAL = "score.ayagoz.scri.digital_infrastructure"


def open_page(page: str, language: str = "en", scenario: Scenario | None = None, **state) -> AppTest:
    """Start app.py (with ``?lang=``), optionally with a scenario in the session, and switch to ``page``."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    if language != "en":
        at.query_params["lang"] = language
    if scenario is not None:
        at.session_state["scenario"] = scenario
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    at.switch_page(f"pages/{page}.py").run()
    assert not at.exception, at.exception
    return at


def unescape(markdown: str) -> str:
    return re.sub(r"\\(.)", r"\1", markdown)


def results_panel(at: AppTest) -> str:
    """The what-if results panel's HTML."""
    return next(body for body in html_bodies(at) if body.startswith(f'<div class="{PANEL_CLASS}"><h4>'))


def results(at: AppTest) -> dict[str, dict[str, dict[str, str]]]:
    """The what-if results panel: {heading: {city: {column: cell}}}."""
    found: dict[str, dict[str, dict[str, str]]] = {}
    heading = ""
    for kind, content in blocks(results_panel(at)):
        if kind == "h4":
            heading = str(content)
        elif isinstance(content, list):
            header, *body = content
            found[heading] = {row[0]: dict(zip(header, row, strict=True)) for row in body}
    return found


def scri_results(at: AppTest) -> dict[str, dict[str, str]]:
    return results(at)["Results: Smart City Readiness Index"]


def story(at: AppTest) -> str:
    """The text of the results panel's first instrument: heading, table and story."""
    return text_of("<h4>" + results_panel(at).split("<h4>")[1])


def plotly_figures(at: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def trace(figure: dict, name: str) -> dict:
    return next(t for t in figure["data"] if t.get("name") == name)


def move_ayagoz_digital_infrastructure(at: AppTest, value: float) -> None:
    at.segmented_control(key="whatif.edit").set_value("ayagoz").run()
    at.slider(key=AYAGOZ_DIGITAL).set_value(value).run()
    assert not at.exception, at.exception


# --- every page renders ------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "ru", "kk"])
@pytest.mark.parametrize("page", ANALYSIS_PAGES)
def test_page_renders_without_exception(page, language):
    at = open_page(page, language)
    assert at.title[0].value  # the page drew its title, in the language's catalogue


# --- what-if -----------------------------------------------------------------------------


def test_what_if_starts_from_table_2():
    at = open_page("what_if")
    table = scri_results(at)
    assert [(c, r["Total"], r["Readiness"], r["Rank"]) for c, r in table.items()] == [
        ("Shu", "15 / 35", "43%", "1"),
        ("Shalkar", "12 / 35", "34%", "2"),
        ("Ayagoz", "11 / 35", "31%", "3"),
    ]
    assert all(row["Δ vs paper, pp"] == "0" and row["Rank change"] == "=" for row in table.values())


def test_moving_one_slider_changes_total_percent_rank_and_narrative():
    at = open_page("what_if")
    assert "overtakes" not in story(at)
    move_ayagoz_digital_infrastructure(at, 3.0)
    table = scri_results(at)
    # Table 2: Ayagoz 11 points; digital infrastructure 1 -> 3 adds 2: 13 of 35 = 37.14%, above Shalkar's 12.
    assert table["Ayagoz"]["Total"] == "13 / 35"
    assert table["Ayagoz"]["Readiness"] == "37%"
    assert table["Ayagoz"]["Rank"] == "2" and table["Shalkar"]["Rank"] == "3"
    assert table["Ayagoz"]["Δ vs paper, pp"] == f"+{2 / 35 * 100:.1f}"
    assert table["Ayagoz"]["Rank change"] == "▲ 1" and table["Shalkar"]["Rank change"] == "▼ 1"
    assert "Ayagoz overtakes Shalkar" in story(at)
    assert at.slider(key=AYAGOZ_DIGITAL).label.endswith("paper: 1]")


def test_a_tie_shares_the_rank_as_the_paper_ranks_ties():
    at = open_page("what_if")
    move_ayagoz_digital_infrastructure(at, 2.0)
    table = scri_results(at)
    assert table["Ayagoz"]["Total"] == "12 / 35" and table["Shalkar"]["Total"] == "12 / 35"
    assert table["Ayagoz"]["Rank"] == table["Shalkar"]["Rank"] == "2"


def test_moving_a_slider_changes_the_radar_trace():
    at = open_page("what_if")
    move_ayagoz_digital_infrastructure(at, 3.0)
    at.switch_page("pages/radar.py").run()
    radar = plotly_figures(at)[0]
    current, paper = trace(radar, "Ayagoz"), trace(radar, "Ayagoz (paper)")
    assert current["r"] == [3, *TABLE_2["ayagoz"][1:], 3]  # the polygon closes on its first point
    assert paper["r"] == [*TABLE_2["ayagoz"], TABLE_2["ayagoz"][0]]
    assert paper["line"]["dash"] == "dash" and current["line"]["dash"] == "solid"


def test_finer_steps_allow_a_tenth():
    at = open_page("what_if")
    at.segmented_control(key="whatif.edit").set_value("ayagoz").run()
    at.toggle(key="whatif.fine").set_value(True).run()
    assert at.slider(key=AYAGOZ_DIGITAL).proto.step == pytest.approx(0.1)
    at.slider(key=AYAGOZ_DIGITAL).set_value(1.5).run()
    assert scri_results(at)["Ayagoz"]["Total"] == "11.5 / 35"
    assert at.session_state["scenario"].override_map == {("ayagoz", "scri", "digital_infrastructure"): 1.5}


def test_reset_everything_returns_to_the_papers_numbers():
    at = open_page("what_if")
    move_ayagoz_digital_infrastructure(at, 5.0)
    at.segmented_control(key="whatif.edit").set_value("weights and method").run()
    at.segmented_control(key="method").set_value("geometric").run()
    assert at.session_state["scenario"].method == "geometric"
    at.button(key="reset_all").click().run()
    assert at.session_state["scenario"] == Scenario()
    assert scri_results(at)["Ayagoz"]["Total"] == "11 / 35"
    assert at.segmented_control(key="method").value == "paper"
    at.segmented_control(key="whatif.edit").set_value("ayagoz").run()
    assert at.slider(key=AYAGOZ_DIGITAL).value == 1.0  # the widget follows the reset


def test_reset_a_city_keeps_the_other_cities_changes():
    at = open_page("what_if")
    at.slider(key="score.shu.scri.digital_infrastructure").set_value(4.0).run()
    move_ayagoz_digital_infrastructure(at, 3.0)
    at.button(key="reset_city").click().run()
    assert at.session_state["scenario"].override_map == {("shu", "scri", "digital_infrastructure"): 4.0}
    table = scri_results(at)
    assert table["Ayagoz"]["Total"] == "11 / 35" and table["Shu"]["Total"] == "17 / 35"


def test_indicator_weights_are_ratings_normalised_by_their_sum():
    at = open_page("what_if")
    at.segmented_control(key="whatif.edit").set_value("weights and method").run()
    at.slider(key="weight.scri.digital_infrastructure").set_value(5.0).run()
    # w = r / Σr with ratings 5,1,1,1,1,1,1 (Σ 11): Ayagoz (5·1 + 2+2+2+2+1+1) / 11 / 5 = 27.27%
    assert scri_results(at)["Ayagoz"]["Readiness"] == f"{round(15 / 11 / 5 * 100)}%"
    assert at.slider(key="weight.scri.digital_infrastructure").label.endswith(f"{round(5 / 11 * 100)}%")


def test_all_weights_zero_shows_a_message_and_keeps_the_last_valid_result():
    at = open_page("what_if")
    at.segmented_control(key="whatif.edit").set_value("weights and method").run()
    for indicator in SCRI_INDICATORS:
        at.slider(key=f"weight.scri.{indicator}").set_value(0.0).run()
    assert not at.exception
    assert "zero" in at.error[0].value
    scenario = at.session_state["scenario"]
    assert scenario.indicator_weight("scri", "public_private_partnership") == 1  # the last valid weights
    # Only PPP counts: Shu 2 / 5 = 40%, Ayagoz and Shalkar 1 / 5 = 20%
    assert [row["Readiness"] for row in scri_results(at).values()] == ["40%", "20%", "20%"]
    assert at.slider(key="weight.scri.public_private_partnership").value == 0.0  # the move stays visible
    at.slider(key="weight.scri.economic_potential").set_value(2.0).run()
    assert not at.error
    scenario = at.session_state["scenario"]
    assert scenario.indicator_weight("scri", "public_private_partnership") == 0
    assert scenario.indicator_weight("scri", "economic_potential") == 2
    # Only economic potential counts now: Shu 3 / 5 = 60%
    assert scri_results(at)["Shu"]["Readiness"] == "60%"


def test_instrument_weights_change_only_the_composite():
    at = open_page("what_if")
    at.segmented_control(key="whatif.edit").set_value("weights and method").run()
    at.slider(key="instrument_weight.stakeholders").set_value(0.0).run()
    at.slider(key="instrument_weight.governance").set_value(0.0).run()
    tables = results(at)
    composite = next(table for heading, table in tables.items() if "Composite" in heading)
    assert composite["Shu"]["Readiness"] == "43%"  # the composite is SCRI alone now
    assert scri_results(at)["Shu"]["Readiness"] == "43%"


def test_all_instrument_weights_zero_is_refused_like_indicator_weights():
    at = open_page("what_if")
    at.segmented_control(key="whatif.edit").set_value("weights and method").run()
    for instrument in ("scri", "stakeholders", "governance"):
        at.slider(key=f"instrument_weight.{instrument}").set_value(0.0).run()
    assert "zero" in at.error[0].value
    assert at.session_state["scenario"].instrument_weight("governance") == 1
    at.button(key="reset_weights").click().run()
    assert not at.error and at.session_state["scenario"] == Scenario()
    assert at.slider(key="instrument_weight.scri").value == 1.0


def test_a_change_on_the_what_if_page_is_seen_by_the_home_page():
    at = open_page("what_if")
    move_ayagoz_digital_infrastructure(at, 3.0)
    at.switch_page("app.py").run()
    assert not at.exception
    assert at.session_state["scenario"].override_map == {("ayagoz", "scri", "digital_infrastructure"): 3.0}
    rows = {town: (rank, score) for rank, town, score in ranking(at)}
    assert rows["Ayagoz"] == ("2", "37%") and rows["Shalkar"] == ("3", "34%")


def test_two_sessions_do_not_share_changes():
    first, second = open_page("what_if"), open_page("what_if")
    move_ayagoz_digital_infrastructure(first, 5.0)
    second.run()
    assert second.session_state["scenario"] == Scenario()
    assert scri_results(second)["Ayagoz"]["Total"] == "11 / 35"
    assert scri_results(first)["Ayagoz"]["Total"] == "15 / 35"


# --- added cities with missing scores, stale selections ---------------------------------


def aral(name: str = "Aral <b>") -> Scenario:
    """An added town scored on SCRI only (3 everywhere), so stakeholders and governance are incomplete."""
    city = City(id="aral", names={"en": name}, region_iso="KZ-33", latitude=46.8, longitude=61.67)
    scenario = Scenario().with_city(city)
    for indicator in SCRI_INDICATORS:
        scenario = scenario.with_override(("aral", "scri", indicator), 3)
    return scenario


@pytest.mark.parametrize("page", ANALYSIS_PAGES)
def test_pages_show_an_added_city_with_missing_scores_without_crashing(page):
    at = open_page(page, scenario=aral())
    assert not at.exception


def test_what_if_ranks_a_complete_added_city_and_marks_an_incomplete_one():
    at = open_page("what_if", scenario=aral())
    # 3 on all seven indicators: 21 of 35 = 60%, first place, not in the paper
    assert scri_results(at)["Aral <b>"] == {
        "City": "Aral <b>",
        "Total": "21 / 35",
        "Readiness": "60%",
        "Rank": "1",
        "Δ vs paper, pp": "—",
        "Rank change": "—",
    }
    assert "Aral &lt;b&gt;" in results_panel(at)  # user text is escaped, not rendered as HTML
    at.segmented_control(key="whatif.instrument").set_value("stakeholders").run()
    stakeholders = results(at)["Results: Stakeholder Insights"]
    assert stakeholders["Aral <b>"]["Rank change"] == "incomplete"
    assert "Not ranked" in story(at) and "Aral" in story(at)
    at.segmented_control(key="whatif.edit").set_value("aral").run()
    assert at.slider(key="score.aral.stakeholders.trust_transparency").label.endswith("[not scored]")


def test_radar_leaves_out_an_incomplete_city_and_says_so():
    at = open_page("radar", scenario=aral())
    at.segmented_control(key="radar.instrument").set_value("stakeholders").run()
    names = [t["name"] for t in plotly_figures(at)[0]["data"]]
    assert "Aral &lt;b&gt;" not in names and "Shu" in names
    assert any("Aral" in caption.value and "missing" in caption.value for caption in at.caption)


def test_a_stale_city_selection_falls_back_on_the_profile_and_radar_pages():
    at = open_page("profile", selected_city="atlantis")
    assert at.selectbox(key="profile.city").value == "shu"
    at = open_page("radar", scenario=aral(), **{"radar.cities": ["aral", "shu"]})
    at.session_state["scenario"] = Scenario()  # the added town is removed elsewhere
    at.run()
    assert not at.exception
    assert at.multiselect(key="radar.cities").value == ["shu"]


# --- radar, stakeholders, governance, profile ---------------------------------------------


def test_radar_overlays_the_chosen_cities_with_table_2():
    at = open_page("radar")
    radar = plotly_figures(at)[0]
    for city, name in (("shu", "Shu"), ("ayagoz", "Ayagoz"), ("shalkar", "Shalkar")):
        assert trace(radar, name)["r"] == [*TABLE_2[city], TABLE_2[city][0]]
    at.multiselect(key="radar.cities").set_value(["shu"]).run()
    assert {t["name"] for t in plotly_figures(at)[0]["data"]} == {"Shu", "Shu (paper)"}


def test_radar_contributions_add_up_to_the_percent():
    at = open_page("radar")
    contributions = plotly_figures(at)[2]
    shu = sum(t["x"][0] for t in contributions["data"])  # Shu is the first bar of every indicator
    assert shu == pytest.approx(15 / 35 * 100)


def test_every_chart_has_a_show_data_table():
    for page, charts in (("radar", 3), ("stakeholders", 2), ("governance", 1), ("profile", 1)):
        at = open_page(page)
        assert len(at.get("plotly_chart")) == charts
        assert len([e for e in at.expander if e.label == "Show data"]) == charts
        assert len(at.dataframe) == charts


def test_stakeholders_page_shows_figure_1_with_the_data_note_and_table_3():
    at = open_page("stakeholders")
    donut, heat = plotly_figures(at)
    assert donut["data"][0]["values"] == [9, 5, 4, 23, 12]
    assert "53" in donut["layout"]["annotations"][0]["text"]
    assert any(text.startswith("23 · 43.40%") for text in donut["data"][0]["text"])
    assert "22" in at.info[0].value and "53" in at.info[0].value  # the paper's printed 22 is explained
    assert [list(row) for row in zip(*heat["data"][0]["z"], strict=True)] == list(TABLE_3.values())
    sample = at.dataframe[0].value
    assert list(sample["Respondents"]) == [9, 5, 4, 23, 12]
    assert "Civil society representatives, 23 of 53" in unescape(at.markdown[0].value)


def test_governance_page_reads_table_4_as_the_paper_does():
    at = open_page("governance")
    heat = plotly_figures(at)[0]
    assert heat["data"][0]["z"] == [[3, 2, 2]] * 8
    text = " ".join(unescape(m.value) for m in at.markdown)
    assert "Shu — the same score, 3, on every indicator" in text  # "Shu stands out with ... 3 in all"
    assert "Ayagoz and Shalkar — the same score, 2, on every indicator" in text
    assert "highest — Shu, 24 of 40 points (60%)" in text


def test_governance_table_follows_the_scenario():
    at = open_page(
        "governance", scenario=Scenario().with_override(("ayagoz", "governance", "ppp_mechanism"), 4)
    )
    assert plotly_figures(at)[0]["data"][0]["z"][3] == [3, 4, 2]
    assert any("1 of its scores differs" in caption.value for caption in at.caption)


def test_profile_shows_table_1_and_the_city_chosen_on_another_page():
    at = open_page("profile", selected_city="ayagoz")
    assert at.selectbox(key="profile.city").value == "ayagoz"
    facts = text_of(html_bodies(at)[0])
    assert "Railway hub, military-social services, small trade, and agriculture" in facts  # Table 1
    assert "Improve military and civil security management systems" in facts  # its priority
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Smart City Readiness Index"] == "31%"
    assert metrics["Stakeholder Insights"] == "35%" and metrics["Governance Challenges"] == "40%"
    radar = plotly_figures(at)[0]
    assert {t["name"] for t in radar["data"]} == {"Ayagoz", "Ayagoz (paper)"}
    assert trace(radar, "Ayagoz")["r"] == [*TABLE_2["ayagoz"], TABLE_2["ayagoz"][0]]
    at.selectbox(key="profile.city").set_value("shalkar").run()
    assert at.session_state["selected_city"] == "shalkar"  # the choice is shared with the map
    assert trace(plotly_figures(at)[0], "Shalkar")["r"] == [*TABLE_2["shalkar"], TABLE_2["shalkar"][0]]


def test_profile_names_strengths_and_weaknesses():
    at = open_page("profile")
    text = " ".join(unescape(m.value) for m in at.markdown)
    # Shu on SCRI: highest at 3 on economic potential and social inclusion, lowest at 1 on environment
    assert "Relative strengths: Economic Potential and Social Inclusion and Education" in text
    assert "Weaknesses: Environmental Sustainability" in text


def test_what_if_shows_monte_carlo_intervals_around_the_current_results():
    at = open_page("what_if")
    move_ayagoz_digital_infrastructure(at, 5.0)
    assert not any(el.key == "whatif.intervals_chart" for el in at.get("plotly_chart"))
    at.toggle(key="whatif.intervals").set_value(True).run()
    assert not at.exception
    assert any(el.proto.id and "intervals_chart" in el.proto.id for el in at.get("plotly_chart"))
    table = at.dataframe[-1].value.set_index("City")
    # With digital infrastructure at 5, Ayagoz's SCRI is 15/35 = 42.86%, level with Shu (Table 2).
    assert table.loc["Ayagoz", "Scenario score, %"] == table.loc["Shu", "Scenario score, %"] == "42.86"
    for city in ("Shu", "Ayagoz", "Shalkar"):
        low, high = (float(table.loc[city, column]) for column in ("5th percentile, %", "95th percentile, %"))
        assert low < float(table.loc[city, "Median, %"]) < high  # scores +-0.5 give a real spread


def test_a_town_name_in_a_picker_is_shown_as_text_not_as_a_link():
    hostile = "[x](javascript:alert(1))"
    town = City(id="evil", names={"en": hostile}, region_iso="KZ-43", latitude=46.8, longitude=61.67)
    at = open_page("what_if", scenario=Scenario(added_cities=(town,)))
    options = at.segmented_control(key="whatif.edit").options
    assert hostile not in options  # segmented controls render markdown: the link must not survive
    assert r"\[x\]\(javascript\:alert\(1\)\)" in options
