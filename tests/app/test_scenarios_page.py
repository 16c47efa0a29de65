"""The scenarios page and presenter mode, driven through Streamlit's AppTest."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from smartcity import scenario as scenarios
from smartcity.scenario import Scenario
from smartcity.ui import chrome
from smartcity.ui.text import escape_markdown

APP = str(Path(__file__).resolve().parents[2] / "app.py")
PUSH = Scenario().with_override(("ayagoz", "scri", "digital_infrastructure"), 4)
MARKUP_NAME = "Plan <img src=x onerror=alert(1)> **bold** [x](javascript:alert(1))"


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "scenarios.db"
    monkeypatch.setenv("SMARTCITY_DB", str(path))
    monkeypatch.delenv("SMARTCITY_DB_URL", raising=False)
    return path


def open_page(scenario: Scenario | None = None, language: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    if language is not None:
        at.query_params["lang"] = language
    at.run()
    if scenario is not None:
        at.session_state["scenario"] = scenario
    at.switch_page("pages/scenarios.py").run()
    assert not at.exception
    return at


def show(at: AppTest, section: str) -> None:
    at.button_group(key="workshop_section").set_value(section).run()
    assert not at.exception


def save(at: AppTest, name: str, author: str = "", note: str = "", replace: bool = False) -> None:
    at.text_input(key="save_name").input(name)
    at.text_input(key="save_author").input(author)
    at.text_area(key="save_note").input(note)
    at.checkbox(key="save_replace").set_value(replace)
    at.button(key="save_submit").click().run()
    assert not at.exception


def test_saving_shows_names_escaped_and_lists_them_verbatim(database: Path):
    at = open_page(PUSH)
    save(at, MARKUP_NAME, author="Ақерке", note="<script>alert(1)</script>")
    message = at.success[0].value
    assert "\\<img" in message and "\\*\\*bold\\*\\*" in message and "\\[x\\]\\(javascript" in message
    listed = at.dataframe[0].value
    assert list(listed.iloc[0, :3]) == [MARKUP_NAME, "Ақерке", "<script>alert(1)</script>"]
    save(at, MARKUP_NAME)
    assert "already exists" in at.error[0].value and "\\<img" in at.error[0].value
    save(at, MARKUP_NAME, replace=True)
    assert at.success and len(at.dataframe[0].value) == 1


def test_load_rename_and_delete(database: Path):
    at = open_page(PUSH)
    save(at, "Digital push")
    at.session_state["scenario"] = Scenario()
    at.run()
    at.button(key="load").click().run()
    assert at.session_state["scenario"] == PUSH
    assert at.query_params["o"] == "ayagoz.scri.digital_infrastructure:4"  # the address bar follows
    at.text_input(key="rename_to").input("Digital push v2")
    at.button(key="rename").click().run()
    assert list(at.dataframe[0].value.iloc[:, 0]) == ["Digital push v2"]
    assert at.button(key="delete").disabled
    at.checkbox(key="confirm_delete").check().run()
    at.button(key="delete").click().run()
    assert "Deleted" in at.success[0].value
    assert not at.dataframe and "No scenario has been saved yet." in [c.value for c in at.caption]


def test_compare_shows_changes_against_the_first_scenario(database: Path):
    at = open_page(PUSH)
    save(at, "Push")
    at.session_state["scenario"] = Scenario()
    at.run()
    show(at, "compare")
    assert at.multiselect(key="compare").value == ["current", "1"]
    at.button_group(key="compare_instrument").set_value("scri").run()
    table = at.dataframe[0].value.set_index("City")
    # Table 2: Ayagoz 11 -> 14 of 35 points (+8.6 points) passes Shalkar (12) for rank 2.
    assert table.loc["Ayagoz", "Push · Change (points)"] == "+8.6"
    assert table.loc["Ayagoz", "Push · Rank"] == "2"
    assert table.loc["Shalkar", "Push · Places gained"] == "−1"
    assert table.loc["Shu", "Current scenario · Readiness (%)"] == "43%"
    assert any("Ayagoz — Digital Infrastructure \\(SCRI\\)\\: 1 → 4" in m.value for m in at.markdown)
    assert at.button_group(key="compare_map").options == ["Current scenario", "Push"]


def test_a_corrupt_database_is_reported_and_the_rest_still_works(database: Path):
    database.write_bytes(b"definitely not sqlite\n" * 100)
    at = open_page(PUSH)
    assert escape_markdown(str(database)) in at.error[0].value and "paper's data" in at.error[0].value
    show(at, "share")
    assert "o=ayagoz.scri.digital_infrastructure:4" in at.code[0].value
    show(at, "export")
    assert {b.key for b in at.download_button} >= {"csv_download", "xlsx_download", "pdf_download"}


def test_importing_a_scenario_file_reports_problems_or_applies_it(database: Path):
    at = open_page()
    show(at, "share")
    broken = scenarios.to_dict(Scenario())
    broken["overrides"] = {"shu.scri.digital_infrastructure": 9, "<b>x</b>.scri.digital_infrastructure": 2}
    at.file_uploader(key="json_upload").upload("bad *name*.json", json.dumps(broken).encode()).run()
    assert escape_markdown("bad *name*.json") in at.error[0].value
    report = at.markdown[-1].value
    assert "outside the scale" in report and escape_markdown("Unknown city '<b>x</b>'") in report
    at.file_uploader(key="json_upload").upload("push.json", scenarios.to_json(PUSH).encode()).run()
    assert at.success[0].value.startswith(escape_markdown("push.json"))
    at.button(key="import_apply").click().run()
    assert at.session_state["scenario"] == PUSH


def test_the_page_speaks_kazakh(database: Path):
    at = open_page(language="kk")
    assert at.title[0].value == "Сценарийлер және экспорт"
    assert at.button_group(key="workshop_section").options[0] == "Сақталған сценарийлер"
    save(at, "Шалқар жоспары")
    assert at.success[0].value == "«Шалқар жоспары» деген атпен сақталды."


def heading(at: AppTest) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("## "))


def test_presenter_mode_steps_through_the_views_and_exits(database: Path):
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["present"] = "1"
    at.run()
    assert not at.exception
    assert at.markdown[0].value.strip().startswith("<style>")  # the large type of presenter mode
    titles = [heading(at)]
    for _ in range(5):
        at.button(key="present_next").click().run()
        assert not at.exception
        titles.append(heading(at))
    assert titles == [
        "## Where the towns stand",
        "## Smart City Readiness Index",
        "## Stakeholder Insights",
        "## Governance Challenges",
        "## What if: the result",
        "## Conclusions",
    ]
    assert at.button(key="present_next").disabled
    at.button(key="present_exit").click().run()
    assert "present" not in at.query_params  # the way back to the map is checked in a real browser


def test_the_sidebar_toggle_starts_presenter_mode(database: Path):
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.toggle(key="presenter_toggle").set_value(True).run()
    assert not at.exception
    assert at.query_params["present"] == "1"
    assert at.session_state["presenter_toggle"] is False  # off again for when the session comes back


def test_the_presenter_toggle_copes_with_a_change_reported_before_its_value_is_stored():
    # A page link clicked while the first run is drawing the sidebar interrupts that run; Streamlit then
    # reports the toggle, registered but never stored, as changed. Its callback ran into a KeyError
    # ("This app has encountered an error" in the browser). Outside a script run the state is as empty.
    chrome.start_presenting_if_toggled()
    assert "present" not in st.query_params


def address_bar_script() -> None:
    """A page that only keeps the address bar in step (AppTest reruns just the page after the first run)."""
    import streamlit as st

    from smartcity.scenario import Scenario
    from smartcity.ui import state

    state.scenario()
    if st.session_state.get("clear_city"):
        state.select_city(None)
    if st.session_state.get("reset"):
        st.session_state["scenario"] = Scenario()
    state.sync_url()


def test_the_address_bar_drops_what_is_no_longer_in_the_session():
    at = AppTest.from_function(address_bar_script, default_timeout=30)
    at.query_params.update({"city": "shu", "o": "ayagoz.scri.digital_infrastructure:4"})
    at.run()
    assert at.query_params == {"city": "shu", "o": "ayagoz.scri.digital_infrastructure:4"}
    at.session_state["clear_city"] = True
    at.run()
    assert at.query_params == {"o": "ayagoz.scri.digital_infrastructure:4"}
    at.session_state["reset"] = True
    at.run()
    assert at.query_params == {}  # back to the paper: nothing left in the link
    unknown = AppTest.from_function(address_bar_script, default_timeout=30)
    unknown.query_params["city"] = "atlantis"
    unknown.run()
    assert unknown.query_params == {}
