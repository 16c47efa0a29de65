"""The survey data page in AppTest: upload, report every problem, use the scores, add a city."""

from __future__ import annotations

import datetime
import io
import statistics
from pathlib import Path

import openpyxl
from streamlit.testing.v1 import AppTest

from smartcity.data import load_dataset
from smartcity.model import City
from smartcity.scenario import Scenario, ScoreLayer
from tests.app.helpers import ranking
from tests.support.html_text import tables

APP = Path(__file__).resolve().parents[2] / "app.py"
HEADER = "respondent_id,stakeholder_group,city,instrument,indicator,score"
DATASET = load_dataset()
XSS_NAME = "<img src=x onerror=alert(1)>"


def data_page(scenario: Scenario | None = None, language: str | None = None) -> AppTest:
    app = AppTest.from_file(str(APP), default_timeout=60)
    if language is not None:
        app.query_params["lang"] = language
    if scenario is not None:
        app.session_state["scenario"] = scenario
    app.run()
    return app.switch_page("pages/data.py").run()


def upload(app: AppTest, name: str, text: str | bytes) -> AppTest:
    content = text.encode("utf-8") if isinstance(text, str) else text
    app.file_uploader(key="data.upload").upload(name, content, "text/csv")
    return app.run()


GOOD_ROWS = [
    ("a", "civil_society", "Шу", "scri", "digital_infrastructure", 4),
    ("b", "researchers", "shu", "scri", "digital_infrastructure", 5),
    ("c", "local_government", "SHU", "scri", "digital_infrastructure", 5),
    ("a", "civil_society", "Аягөз", "governance", "ppp_mechanism", 1),
    ("b", "researchers", "Аягоз", "governance", "ppp_mechanism", None),
]
GOOD_FILE = "\n".join([HEADER, *(",".join("" if v is None else str(v) for v in row) for row in GOOD_ROWS)])


def test_page_offers_templates_and_an_uploader():
    app = data_page()
    assert not app.exception
    labels = [button.label for button in app.download_button]
    assert labels == ["Template (long form, CSV)", "Template (wide form, CSV)", "Synthetic example (CSV)"]
    assert app.file_uploader(key="data.upload").allowed_type == [".csv", ".xlsx", ".txt"]


def test_a_good_file_changes_nothing_until_the_scores_are_used():
    app = upload(data_page(), "round2.csv", GOOD_FILE)
    assert not app.exception
    assert not app.error
    assert "long form: 4 answers from 5 respondents" in app.success[0].value
    assert app.session_state["scenario"] == Scenario()

    app.button(key="data.use").click().run()
    scenario = app.session_state["scenario"]
    (layer,) = scenario.layers
    assert layer.origin == f"round2.csv, {datetime.date.today().isoformat()}"
    assert dict(layer.scores) == {
        ("shu", "scri", "digital_infrastructure"): statistics.mean([4, 5, 5]),
        ("ayagoz", "governance", "ppp_mechanism"): 1.0,
    }
    assert scenario.overrides == ()
    assert DATASET.baseline[("shu", "scri", "digital_infrastructure")].value == 2
    stored = app.session_state["survey_responses"][layer.id]
    assert len(stored) == 5 and stored["score"].isna().sum() == 1
    assert app.button(key="data.use").disabled
    assert any("in use" in message.value for message in app.success)


def test_rounding_gives_whole_scores_as_in_the_paper():
    app = upload(data_page(), "round2.csv", GOOD_FILE)
    app.toggle(key="data.round").set_value(True).run()
    app.button(key="data.use").click().run()
    (layer,) = app.session_state["scenario"].layers
    assert dict(layer.scores)[("shu", "scri", "digital_infrastructure")] == 5.0  # 4.67 rounds to 5


def test_a_bad_file_lists_every_problem_and_changes_nothing():
    text = "\n".join(
        [
            HEADER,
            "a,civil_society,shu,scri,digital_infrastructure,7",
            "b,aliens,Atlantis,scri,digital_infrastructure,=SUM(A1:A9)",
            "c,researchers,shu,scri,nothing,3",
        ]
    )
    app = upload(data_page(), "bad.csv", text)
    assert not app.exception
    assert "5 problems" in app.error[0].value
    report = app.dataframe[0].value
    assert list(report.columns) == ["Line", "Column", "Value", "Problem"]
    assert list(zip(report["Line"], report["Column"], report["Value"], strict=True)) == [
        (2, "score", "7"),
        (3, "stakeholder_group", "aliens"),
        (3, "city", "Atlantis"),
        (3, "score", "=SUM(A1:A9)"),
        (4, "indicator", "nothing"),
    ]
    assert not [b for b in app.button if b.key == "data.use"]
    assert app.session_state["scenario"] == Scenario()


def test_the_report_is_in_the_users_language():
    app = upload(data_page(language="ru"), "bad.csv", f"{HEADER}\na,civil_society,shu,scri,x,9\n")
    report = app.dataframe[0].value
    assert list(report.columns) == ["Строка", "Столбец", "Значение", "Проблема"]
    assert report["Проблема"].str.contains("Вне шкалы").any()
    assert "Ничего не импортировано" in app.error[0].value


def test_garbage_is_refused_with_one_clear_message():
    app = upload(data_page(), "photo.csv", bytes(range(256)) * 8)
    assert not app.exception
    assert "not a CSV text file" in app.dataframe[0].value["Problem"][0]


def test_a_town_is_added_by_choosing_it_then_scored_from_a_survey_file():
    app = data_page()
    app.selectbox(key="data.town").set_value(1526193).run()  # Arkalyk
    assert app.text_input(key="data.town_name_kk.1526193").value == "Арқалық"
    app.number_input(key="data.new_score.scri.digital_infrastructure").set_value(4.0).run()
    app.button(key="data.add_city").click().run()
    assert not app.exception and not app.error
    scenario = app.session_state["scenario"]
    (city,) = scenario.added_cities
    assert (city.id, city.names["ru"], city.origin) == ("arkalyk", "Аркалык", "user")
    assert dict(scenario.overrides) == {("arkalyk", "scri", "digital_infrastructure"): 4.0}
    assert app.session_state["selected_city"] == "arkalyk"
    assert any("22 indicator scores are still blank" in message.value for message in app.info)

    survey_file = f"{HEADER}\nr1,civil_society,Аркалык,governance,ppp_mechanism,2\n"
    app = upload(app, "arkalyk.csv", survey_file)
    assert not app.error
    app.button(key="data.use").click().run()
    (layer,) = app.session_state["scenario"].layers
    assert dict(layer.scores) == {("arkalyk", "governance", "ppp_mechanism"): 2.0}


def test_a_duplicate_town_is_refused_with_a_message():
    app = data_page()
    app.selectbox(key="data.town").set_value(1519030).run()  # Shu, in the paper
    app.button(key="data.add_city").click().run()
    assert "already in the assessment" in app.error[0].value
    assert app.session_state["scenario"].added_cities == ()


def test_coordinates_outside_kazakhstan_are_refused_and_names_are_escaped():
    app = data_page()
    app.segmented_control(key="data.city_mode").set_value("point").run()
    app.text_input(key="data.point_name_en").input(XSS_NAME).run()
    app.number_input(key="data.lat").set_value(48.8566)
    app.number_input(key="data.lon").set_value(2.3522).run()
    app.button(key="data.add_city").click().run()
    assert "not inside Kazakhstan" in app.error[0].value
    assert app.session_state["scenario"].added_cities == ()

    app.number_input(key="data.lat").set_value(48.0)
    app.number_input(key="data.lon").set_value(67.0).run()
    app.button(key="data.add_city").click().run()
    (city,) = app.session_state["scenario"].added_cities
    assert city.names["en"] == XSS_NAME
    shown = [m.value for m in app.markdown if "img" in m.value]
    assert shown and all("\\<img" in text for text in shown)


def test_a_point_without_coordinates_is_not_added_at_some_default_place():
    app = data_page()
    app.segmented_control(key="data.city_mode").set_value("point").run()
    app.text_input(key="data.point_name_en").input("Nowhere").run()
    app.button(key="data.add_city").click().run()
    assert "enter coordinates" in app.error[0].value
    assert app.session_state["scenario"].added_cities == ()


def test_a_workbook_with_several_sheets_offers_a_choice_of_sheet():
    workbook = openpyxl.Workbook()
    workbook.active.title = "Notes"
    workbook.active.append(["written by the survey team"])
    sheet = workbook.create_sheet("Answers")
    sheet.append(HEADER.split(","))
    sheet.append(["a", "researchers", "Шалқар", "scri", "digital_infrastructure", 3])
    buffer = io.BytesIO()
    workbook.save(buffer)
    app = upload(data_page(), "round.xlsx", buffer.getvalue())
    assert app.selectbox(key="data.sheet").options == ["Notes", "Answers"]
    # The first sheet is read until another is chosen; it has no survey columns.
    assert app.dataframe[0].value["Problem"][0].startswith("The header names none of the expected columns")
    app.selectbox(key="data.sheet").set_value("Answers").run()
    assert not app.error
    assert "XLSX · Answers" in app.success[0].value


def test_an_added_and_scored_town_appears_on_the_map_and_the_what_if_page():
    app = data_page()
    app.selectbox(key="data.town").set_value(1526265).run()  # Aral
    for instrument in DATASET.instruments:
        for indicator in instrument.indicator_ids:
            app.number_input(key=f"data.new_score.{instrument.id}.{indicator}").set_value(4.0)
    app.button(key="data.add_city").click().run()
    assert not app.error
    assert [c.id for c in app.session_state["scenario"].added_cities] == ["aral"]

    app.switch_page("pages/what_if.py").run()
    assert not app.exception
    aral_rows = [row for table in tables(app) for row in table if row[0] == "Aral"]
    assert aral_rows and aral_rows[0][1:3] == ["28 / 35", "80%"]  # 7 indicators x 4 of 35

    app.switch_page("app.py").run()
    assert not app.exception
    assert ranking(app)[0] == ("1", "Aral", "80%")


def test_an_added_town_and_a_score_layer_each_come_off_with_their_remove_button():
    town = City("aral", {"en": "Aral"}, "KZ-43", 46.8, 61.67, origin="user")
    layer = ScoreLayer("round2", "Survey round 2", ((("shu", "scri", "digital_infrastructure"), 5.0),))
    app = data_page(Scenario().with_city(town).with_layer(layer))
    assert any("Survey round 2" in m.value for m in app.markdown)  # the layer in use, by its origin

    app.button(key="data.remove_city.aral").click().run()
    assert app.session_state["scenario"].added_cities == ()
    assert app.session_state["scenario"].layers == (layer,)  # only what the button names comes off

    app.button(key="data.remove_layer.round2").click().run()
    assert app.session_state["scenario"] == Scenario()  # back to the paper
    assert not any("Survey round 2" in m.value for m in app.markdown)


def test_a_read_file_is_held_by_its_session_only_and_dropped_with_the_upload():
    first = upload(data_page(), "round2.csv", GOOD_FILE)
    (_file_id, sheet, _towns), survey_file = first.session_state["survey_upload"]
    assert (sheet, survey_file.file_name, len(survey_file.responses)) == (None, "round2.csv", 5)
    other = data_page()  # another session holds nothing of it
    assert "survey_upload" not in other.session_state
    first.file_uploader(key="data.upload").clear().run()
    assert not first.exception
    assert "survey_upload" not in first.session_state


def test_the_town_choice_lists_every_bundled_town_in_the_language_with_its_other_spellings():
    app = data_page(language="ru")
    choice = app.selectbox(key="data.town")
    assert choice.value is None and len(choice.options) == 350
    assert choice.options[0].startswith("Алматы (Almaty) · Алматы")  # the most populous first
    assert "Аягоз (Ayagoz, Аягөз) · область Абай · 33\u00a0479" in choice.options
    app.button(key="data.add_city").click().run()
    assert app.session_state["scenario"].added_cities == ()
    assert "выберите город" in app.error[0].value  # nothing chosen: nothing added, and the page says so


def test_the_uploaders_help_says_what_streamlits_english_button_and_limit_mean():
    uploader = data_page(language="ru").file_uploader(key="data.upload")
    assert uploader.label == "Файл опроса (CSV или XLSX)"
    assert uploader.help == (
        "Нажмите **Upload** («Загрузить») и выберите файл или перетащите его в это поле. "
        "Форматы: CSV, XLSX, TXT; не больше 20 МБ на файл."
    )
    kazakh = data_page(language="kk").file_uploader(key="data.upload")
    assert "бір файл 20 МБ-тан аспауы керек" in kazakh.help
