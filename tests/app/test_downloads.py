"""The scenarios page's score downloads in AppTest: the standard CSV, the Excel (RU/KK) CSV and the XLSX."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from smartcity.scenario import Scenario

APP = str(Path(__file__).resolve().parents[2] / "app.py")
BOM = b"\xef\xbb\xbf"
PUSH = Scenario().with_override(("ayagoz", "scri", "digital_infrastructure"), 4)


@pytest.fixture
def deferred(monkeypatch: pytest.MonkeyPatch) -> dict[str, Callable[[], bytes]]:
    """The data callables of the page's deferred downloads, by file name: what a click would download."""
    registered: dict[str, Callable[[], bytes]] = {}
    original = MediaFileManager.add_deferred

    def recording(self, data_callable, mimetype, coordinates, file_name=None, **options):
        registered[file_name] = data_callable
        return original(self, data_callable, mimetype, coordinates, file_name, **options)

    monkeypatch.setattr(MediaFileManager, "add_deferred", recording)
    return registered


@pytest.fixture(autouse=True)
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SMARTCITY_DB", str(tmp_path / "scenarios.db"))
    monkeypatch.delenv("SMARTCITY_DB_URL", raising=False)


def export_section(language: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = language
    at.run()
    at.session_state["scenario"] = PUSH
    # Set in the session: AppTest formats a clicked option outside the run, so in English only.
    at.session_state["workshop_section"] = "export"
    at.switch_page("pages/scenarios.py").run()
    assert not at.exception
    return at


def test_both_csv_flavours_sit_side_by_side_with_the_excel_one_explained(deferred):
    at = export_section("ru")
    buttons = {button.key: button for button in at.download_button}
    assert buttons["csv_download"].label == "Оценки (CSV)"
    assert buttons["csv_excel_download"].label == "Оценки (CSV для Excel, RU/KK)"
    assert "Точка с запятой и десятичная запятая" in buttons["csv_excel_download"].help
    assert {"csv_download", "csv_excel_download", "xlsx_download"} <= set(buttons)


def test_the_excel_csv_has_a_bom_semicolons_and_decimal_commas(deferred):
    export_section("ru")
    excel = deferred["smartcity-scores-excel.csv"]()
    assert excel.startswith(BOM)
    header, *rows = excel[len(BOM) :].decode("utf-8").splitlines()
    assert header.count(";") >= 4 and "," not in header
    assert {row.count(";") for row in rows} == {header.count(";")}  # decimal commas split no cell
    shu = next(row.split(";") for row in rows if row.startswith("shu;Шу;scri;"))
    assert "42,86" in shu  # Shu's SCRI, 15 of 35, as Excel reads a number in Russian settings


def test_the_standard_csv_keeps_commas_and_decimal_points(deferred):
    export_section("en")
    standard = deferred["smartcity-scores.csv"]()
    assert standard.startswith(BOM)
    rows = standard[len(BOM) :].decode("utf-8").splitlines()
    shu = next(row.split(",") for row in rows if row.startswith("shu,Shu,scri,"))
    assert "42.86" in shu and ";" not in rows[0]


def test_the_scenario_files_uploader_explains_streamlits_english_in_kazakh():
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = "kk"
    at.run()
    at.session_state["workshop_section"] = "share"
    at.switch_page("pages/scenarios.py").run()
    help_text = at.file_uploader(key="json_upload").help
    assert help_text.startswith("**Upload** («Жүктеп салу») батырмасын басып")
    assert "Пішімдері: JSON;" in help_text
