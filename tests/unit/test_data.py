"""The loader: the paper's files load as printed; every broken copy is refused, naming the place."""

from __future__ import annotations

import csv
import json
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smartcity.data import DATA_DIR, DATA_DIR_VARIABLE, DataFileError, assessment_dir, load_dataset
from smartcity.errors import SmartCityError
from smartcity.i18n import labels
from tests.paper import CITIES, SCRI_INDICATOR_NAMES, TABLES

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "ten_point"
ASSESSMENT_FILES = (
    "instruments.json",
    "cities.json",
    "baseline_scores.csv",
    "bands.json",
    "stakeholder_sample.json",
    "data_notes.json",
)


def copy_of(source: Path, target: Path) -> Path:
    """The assessment files of ``source`` copied into a new folder under ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    for name in ASSESSMENT_FILES:
        shutil.copy(source / name, target / name)
    return target


def edit_json(folder: Path, name: str, change: Callable[[dict], None]) -> None:
    path = folder / name
    document = json.loads(path.read_text(encoding="utf-8"))
    change(document)
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")


def edit_rows(folder: Path, name: str, change: Callable[[list[list[str]]], None]) -> None:
    """Change the rows (header first) of a CSV file."""
    path = folder / name
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    change(rows)
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def refused(folder: Path) -> DataFileError:
    with pytest.raises(DataFileError) as caught:
        load_dataset(folder)
    return caught.value


def where(error: DataFileError) -> tuple[str, str, object, str]:
    return error.key, error.params["file"], error.params["row"], error.params["column"]


@pytest.fixture
def paper_copy(tmp_path: Path) -> Path:
    return copy_of(DATA_DIR, tmp_path / "paper")


# --- the paper's files ------------------------------------------------------------------------


def test_the_papers_files_load_as_the_paper_prints_them():
    dataset = load_dataset()
    assert dataset.instrument_ids == ("scri", "stakeholders", "governance")
    assert dataset.city_ids == CITIES
    for instrument_id, table in TABLES.items():
        instrument = dataset.instrument(instrument_id)
        for city, scores in table.items():
            loaded = [dataset.baseline[(city, instrument_id, i)].value for i in instrument.indicator_ids]
            assert loaded == scores
    scri = dataset.instrument("scri")
    assert tuple(labels.indicator_name(dataset, "scri", i, "en") for i in scri.indicator_ids) == (
        SCRI_INDICATOR_NAMES
    )
    assert (scri.scale_min, scri.scale_max) == (1, 5)
    assert [scri.scale.label(point).en for point in scri.scale.points] == [
        "Very low",
        "Low",
        "Medium",
        "Good",
        "High",
    ]
    assert dataset.group_ids == (
        "local_government",
        "planners_architects",
        "ict_professionals",
        "civil_society",
        "researchers",
    )
    assert [group.count for group in dataset.stakeholder_sample] == [9, 5, 4, 23, 12]  # Figure 1


def test_every_name_of_the_paper_has_kazakh_and_russian_text():
    dataset = load_dataset()
    texts = [group.names for group in dataset.stakeholder_sample]
    for instrument in dataset.instruments:
        texts += [instrument.names, instrument.short_names]
        texts += [label.names for label in instrument.scale.labels]
        texts += [text for i in instrument.indicators for text in (i.names, i.descriptions)]
    assert [t for t in texts if not (t.en and t.kk and t.ru)] == []
    kazakh_letters = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
    assert set(labels.group_name("ict_professionals", "kk")) & set("АКТ")
    assert set(labels.instrument_name(dataset, "scri", "kk")) & kazakh_letters


def test_a_missing_translation_falls_back_to_the_english_text(tmp_path):
    folder = copy_of(DATA_DIR, tmp_path)
    edit_json(folder, "instruments.json", lambda d: d["instruments"][0]["names"].pop("kk"))
    dataset = load_dataset(folder)
    assert labels.instrument_name(dataset, "scri", "kk") == "Smart City Readiness Index"
    assert labels.instrument_name(dataset, "scri", "ru") == "Индекс готовности к созданию умного города"


# --- another folder, by argument or environment variable ----------------------------------------


def test_the_environment_variable_names_the_folder_loaded(monkeypatch):
    monkeypatch.setenv(DATA_DIR_VARIABLE, str(FIXTURE))
    assert assessment_dir() == FIXTURE
    assert load_dataset().instrument_ids == ("services", "civic")
    assert load_dataset(DATA_DIR).instrument_ids == ("scri", "stakeholders", "governance")
    monkeypatch.delenv(DATA_DIR_VARIABLE)
    assert assessment_dir() == DATA_DIR
    assert load_dataset().city_ids == CITIES


def test_a_folder_without_the_files_says_which_file_is_missing(tmp_path):
    with pytest.raises(SmartCityError) as caught:
        load_dataset(tmp_path)
    assert caught.value.key == "file_unreadable"
    assert caught.value.params["file"] == "instruments.json"


# --- Dataset equality and hash -----------------------------------------------------------------


def test_a_dataset_equals_only_itself_and_hashes_alike():
    paper, again, fixture = load_dataset(), load_dataset(DATA_DIR), load_dataset(FIXTURE)
    assert paper is again and paper == again and hash(paper) == hash(again)
    assert paper != fixture
    assert {paper: "paper", fixture: "fixture"}[load_dataset()] == "paper"


def test_two_loads_of_equal_files_are_different_datasets(tmp_path):
    copy = load_dataset(copy_of(DATA_DIR, tmp_path))
    assert copy != load_dataset()  # identity: equal files, but another load
    assert copy.baseline == load_dataset().baseline  # the content compares field by field


# --- every error path: a broken copy of the paper's files --------------------------------------


def test_a_duplicate_instrument_id_is_refused(paper_copy):
    edit_json(paper_copy, "instruments.json", lambda d: d["instruments"][2].update(id="scri"))
    error = refused(paper_copy)
    assert where(error) == ("duplicate_id", "instruments.json", "instruments[2]", "id")
    assert error.params["first"] == "instruments[0]"


def test_a_duplicate_indicator_id_is_refused(paper_copy):
    edit_json(
        paper_copy,
        "instruments.json",
        lambda d: d["instruments"][1]["indicators"][3].update(id="interaction_mechanisms"),
    )
    error = refused(paper_copy)
    assert where(error) == ("duplicate_id", "instruments.json", "instruments[1].indicators[3]", "id")
    assert "interaction_mechanisms" in str(error)


def test_a_duplicate_city_id_is_refused(paper_copy):
    edit_json(paper_copy, "cities.json", lambda d: d["cities"][2].update(id="shu"))
    assert where(refused(paper_copy)) == ("duplicate_id", "cities.json", "cities[2]", "id")


def test_a_duplicate_group_id_is_refused(paper_copy):
    edit_json(paper_copy, "stakeholder_sample.json", lambda d: d["groups"][4].update(id="civil_society"))
    assert where(refused(paper_copy)) == ("duplicate_id", "stakeholder_sample.json", "groups[4]", "id")


def test_duplicate_band_and_note_ids_are_refused(paper_copy, tmp_path):
    edit_json(paper_copy, "bands.json", lambda d: d["bands"][1].update(id="very_low"))
    assert where(refused(paper_copy)) == ("duplicate_id", "bands.json", "bands[1]", "id")
    other = copy_of(DATA_DIR, tmp_path / "notes")
    edit_json(other, "data_notes.json", lambda d: d["notes"][3].update(id="sample_civil_society"))
    assert where(refused(other)) == ("duplicate_id", "data_notes.json", "notes[3]", "id")


def test_a_duplicate_baseline_row_is_refused_with_both_lines(paper_copy):
    edit_rows(paper_copy, "baseline_scores.csv", lambda rows: rows.append(list(rows[3])))
    error = refused(paper_copy)
    assert where(error) == ("duplicate_id", "baseline_scores.csv", 71, "city, instrument, indicator")
    assert error.params["first"] == 4
    assert "shu.scri.institutional_readiness" in str(error)


@pytest.mark.parametrize(
    ("column", "value"),
    [(0, "atlantis"), (1, "happiness"), (2, "no_such_indicator")],
)
def test_a_baseline_row_for_an_unknown_city_instrument_or_indicator_is_refused(paper_copy, column, value):
    def change(rows):
        rows[5][column] = value

    edit_rows(paper_copy, "baseline_scores.csv", change)
    error = refused(paper_copy)
    names = ("city", "instrument", "indicator")
    assert where(error) == ("unknown_reference", "baseline_scores.csv", 6, names[column])
    assert value in str(error)


@pytest.mark.parametrize(
    ("score", "problem"),
    [("6", "outside_scale"), ("0", "outside_scale"), ("high", "not_a_number"), ("", "missing_value")],
)
def test_a_bad_baseline_score_is_refused(paper_copy, score, problem):
    def change(rows):
        rows[10][3] = score

    edit_rows(paper_copy, "baseline_scores.csv", change)
    assert where(refused(paper_copy)) == (problem, "baseline_scores.csv", 11, "score")


def test_a_missing_baseline_score_is_named(paper_copy):
    edit_rows(paper_copy, "baseline_scores.csv", lambda rows: rows.pop(30))  # file line 31
    error = refused(paper_copy)
    assert where(error) == ("missing_score", "baseline_scores.csv", None, "score")
    missing = (error.params["city"], error.params["instrument"], error.params["indicator"])
    assert missing == ("ayagoz", "stakeholders", "interaction_mechanisms")


def test_a_baseline_file_without_a_score_column_is_refused(paper_copy):
    edit_rows(paper_copy, "baseline_scores.csv", lambda rows: rows[0].__setitem__(3, "points"))
    assert where(refused(paper_copy)) == ("missing_columns", "baseline_scores.csv", 1, "score")


@pytest.mark.parametrize(("low", "high"), [(5, 1), (3, 3)])
def test_a_scale_whose_min_is_not_below_its_max_is_refused(paper_copy, low, high):
    edit_json(paper_copy, "instruments.json", lambda d: d["scales"]["paper_1_5"].update(min=low, max=high))
    assert where(refused(paper_copy)) == ("scale_order", "instruments.json", "scales.paper_1_5", "min, max")


def test_a_scale_with_fractional_ends_is_refused(paper_copy):
    edit_json(paper_copy, "instruments.json", lambda d: d["scales"]["paper_1_5"].update(max=5.5))
    error = refused(paper_copy)
    assert where(error) == ("scale_not_whole", "instruments.json", "scales.paper_1_5", "min, max")


@pytest.mark.parametrize("change", ["drop 3", "add 6", "repeat 2"])
def test_labels_that_do_not_cover_the_scale_are_refused(paper_copy, change):
    def edit(document):
        labels_ = document["scales"]["paper_1_5"]["labels"]
        if change == "drop 3":
            labels_.pop(2)
        elif change == "add 6":
            labels_.append({"point": 6, "names": {"en": "Beyond"}})
        else:
            labels_[2]["point"] = 2

    edit_json(paper_copy, "instruments.json", edit)
    error = refused(paper_copy)
    assert where(error) == ("labels_not_covering", "instruments.json", "scales.paper_1_5", "labels")
    assert error.params["points"] == "1, 2, 3, 4, 5"


def test_an_instrument_naming_an_unknown_scale_is_refused(paper_copy):
    edit_json(paper_copy, "instruments.json", lambda d: d["instruments"][1].update(scale="likert"))
    error = refused(paper_copy)
    assert where(error) == ("unknown_reference", "instruments.json", "instruments[1]", "scale")
    assert error.params["known"] == "paper_1_5"


def test_the_papers_printed_22_civil_society_respondents_do_not_add_up_to_53(paper_copy):
    edit_json(paper_copy, "stakeholder_sample.json", lambda d: d["groups"][3].update(count=22))
    error = refused(paper_copy)
    assert where(error) == ("total_mismatch", "stakeholder_sample.json", "total", "total")
    assert (error.params["counted"], error.params["total"]) == (52, 53)


def test_a_share_that_is_not_its_count_of_the_total_is_refused(paper_copy):
    edit_json(
        paper_copy, "stakeholder_sample.json", lambda d: d["groups"][0].update(share_printed_percent=17.5)
    )
    error = refused(paper_copy)
    assert where(error) == ("share_mismatch", "stakeholder_sample.json", "groups[0]", "share_printed_percent")
    assert error.params["expected"] == "16.98"  # 9 of 53


def test_bands_that_do_not_rise_from_zero_are_refused(paper_copy, tmp_path):
    edit_json(paper_copy, "bands.json", lambda d: d["bands"][3].update(min_percent=40))
    assert where(refused(paper_copy)) == ("bands_order", "bands.json", "bands[3]", "min_percent")
    other = copy_of(DATA_DIR, tmp_path / "from_ten")
    edit_json(other, "bands.json", lambda d: d["bands"][0].update(min_percent=10))
    assert where(refused(other)) == ("bands_order", "bands.json", "bands[0]", "min_percent")


@pytest.mark.parametrize(
    ("file", "change", "row", "column"),
    [
        ("stakeholder_sample.json", lambda d: d["groups"][1].update(count="five"), "groups[1]", "count"),
        (
            "instruments.json",
            lambda d: d["instruments"][0]["indicators"][2].update(nmaes={"en": "Typo"}),
            "instruments[0].indicators[2]",
            "nmaes",
        ),
        (
            "instruments.json",
            lambda d: d["instruments"][2]["indicators"][0]["names"].pop("en"),
            "instruments[2].indicators[0]",
            "names.en",
        ),
        ("cities.json", lambda d: d["cities"][1].update(latitude="north"), "cities[1]", "latitude"),
        ("bands.json", lambda d: d["bands"][2].pop("min_percent"), "bands[2]", "min_percent"),
        ("stakeholder_sample.json", lambda d: d.pop("total"), None, "total"),
    ],
)
def test_a_wrong_or_missing_field_is_refused_with_its_place(paper_copy, file, change, row, column):
    edit_json(paper_copy, file, change)
    assert where(refused(paper_copy)) == ("bad_field", file, row, column)


def test_a_city_without_an_english_name_is_refused(paper_copy):
    edit_json(paper_copy, "cities.json", lambda d: d["cities"][0].update(names={"kk": "Шу"}))
    assert where(refused(paper_copy)) == ("missing_value", "cities.json", "cities[0]", "names.en")


def test_a_file_that_is_not_json_is_unreadable(paper_copy):
    (paper_copy / "bands.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(SmartCityError) as caught:
        load_dataset(paper_copy)
    assert caught.value.key == "file_unreadable" and caught.value.params["file"] == "bands.json"


def test_the_message_names_file_row_column_and_problem_in_every_language(paper_copy):
    def change(rows):
        rows[10][3] = "7"

    edit_rows(paper_copy, "baseline_scores.csv", change)
    error = refused(paper_copy)
    assert str(error) == "baseline_scores.csv, row 11, column score: 7 is outside the instrument's scale 1–5"
    assert error.message("ru") == "baseline_scores.csv, строка 11, столбец score: 7 вне шкалы инструмента 1–5"
    assert error.message("kk").startswith("baseline_scores.csv, 11-жол, «score» бағаны: 7 ")


def test_a_json_problem_names_its_item_and_field(paper_copy):
    edit_json(paper_copy, "cities.json", lambda d: d["cities"][2].update(id="shu"))
    assert str(refused(paper_copy)) == (
        "cities.json, cities[2], field id: 'shu' appears twice (first at cities[0])"
    )


# --- a property: the scale decides which baseline scores load ------------------------------------


@settings(max_examples=25, deadline=None)
@given(st.floats(min_value=-3, max_value=13, allow_nan=False).map(lambda x: round(x, 2)))
def test_a_baseline_score_loads_exactly_when_it_is_on_its_instruments_scale(score):
    folder = copy_of(FIXTURE, Path(tempfile.mkdtemp()))

    def change(rows):
        rows[1][3] = repr(score)  # balkhash.services.water, on the 0-10 scale

    edit_rows(folder, "baseline_scores.csv", change)
    try:
        if 0 <= score <= 10:
            assert load_dataset(folder).baseline[("balkhash", "services", "water")].value == score
        else:
            assert where(refused(folder)) == ("outside_scale", "baseline_scores.csv", 2, "score")
    finally:
        shutil.rmtree(folder)
