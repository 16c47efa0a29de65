"""Survey files: every format reads to the same responses, every problem is reported, statistics are right."""

from __future__ import annotations

import csv
import io
import json
import math
import statistics
import tomllib
from pathlib import Path

import numpy as np
import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smartcity.data import load_dataset
from smartcity.files import survey
from smartcity.model import City
from smartcity.scenario import Scenario
from smartcity.scoring import score
from tests.paper import CITIES, FIGURE_1, PRINTED, TABLES
from tests.support.cli import run_cli

ROOT = Path(__file__).resolve().parents[2]
DATASET = load_dataset()
HEADER = "respondent_id,stakeholder_group,city,instrument,indicator,score"
GROUPS = ("local_government", "planners_architects", "ict_professionals", "civil_society", "researchers")
QUESTIONS = [
    ("scri", "digital_infrastructure"),
    ("scri", "environmental_sustainability"),
    ("stakeholders", "trust_transparency"),
    ("governance", "financing_mechanisms"),
]
RUSSIAN_NAMES = {"shu": "Шу", "ayagoz": "Аягоз", "shalkar": "Шалкар"}


def read(text: str | bytes, name: str = "survey.csv", **kwargs) -> survey.SurveyFile:
    content = text.encode("utf-8") if isinstance(text, str) else text
    return survey.read_survey(content, name, DATASET, **kwargs)


def reasons(survey_file: survey.SurveyFile) -> list[tuple[int | None, str, str]]:
    return [(p.row, p.column, p.reason) for p in survey_file.problems]


# --- one set of responses, written in every supported format ----------------------------


def sample_answers(seed: int = 3) -> list[tuple[str, str, str, str, str, int | None]]:
    """(respondent, group, city, instrument, indicator, score or None) for 3 cities x 8 respondents."""
    rng = np.random.default_rng(seed)
    answers = []
    for city in ("shu", "ayagoz", "shalkar"):
        for number in range(8):
            group = GROUPS[number % len(GROUPS)]
            for instrument, indicator in QUESTIONS:
                value = None if rng.random() < 0.15 else int(rng.integers(1, 6))
                answers.append((f"{city[:2]}{number}", group, city, instrument, indicator, value))
    return answers


def long_csv(answers, delimiter=",", city_names=None) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(HEADER.split(","))
    for respondent, group, city, instrument, indicator, value in answers:
        shown_city = (city_names or {}).get(city, city)
        writer.writerow(
            [respondent, group, shown_city, instrument, indicator, "" if value is None else value]
        )
    return buffer.getvalue()


def wide_rows(answers):
    header = ["respondent_id", "stakeholder_group", "city", *(f"{a}.{b}" for a, b in QUESTIONS)]
    people: dict[tuple[str, str, str], dict[str, int | None]] = {}
    for respondent, group, city, instrument, indicator, value in answers:
        people.setdefault((respondent, group, city), {})[f"{instrument}.{indicator}"] = value
    rows = [[*person, *(cells[c] for c in header[3:])] for person, cells in people.items()]
    return header, rows


def wide_csv(answers) -> str:
    header, rows = wide_rows(answers)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([["" if v is None else v for v in row] for row in rows])
    return buffer.getvalue()


def xlsx_bytes(header, rows, sheet_title="Responses", extra_sheet_first=False) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    if extra_sheet_first:
        sheet.title = "Notes"
        sheet.append(["these are notes, not responses"])
        sheet = workbook.create_sheet(sheet_title)
    else:
        sheet.title = sheet_title
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def expected_statistics(answers) -> dict[tuple[str, str, str], tuple[int, float, float]]:
    """n, mean and sample sd per city/question, computed with the statistics module."""
    values: dict[tuple[str, str, str], list[int]] = {}
    for _, _, city, instrument, indicator, value in answers:
        bucket = values.setdefault((city, instrument, indicator), [])
        if value is not None:
            bucket.append(value)
    return {
        key: (len(v), statistics.mean(v), statistics.stdev(v) if len(v) > 1 else math.nan)
        for key, v in values.items()
    }


def as_dict(aggregates: survey.Aggregates) -> dict[tuple[str, str, str], tuple[int, float, float]]:
    return {
        (r.city, r.instrument, r.indicator): (r.n, r.mean, r.sd)
        for r in aggregates.overall.itertuples(index=False)
    }


def assert_same_statistics(got, expected):
    assert got.keys() == expected.keys()
    for key, (n, mean, sd) in expected.items():
        assert got[key][0] == n, key
        assert got[key][1] == pytest.approx(mean), key
        assert (math.isnan(got[key][2]) and math.isnan(sd)) or got[key][2] == pytest.approx(sd), key


def every_format(answers) -> dict[str, tuple[bytes, dict]]:
    header, rows = wide_rows(answers)
    long_rows = [list(a) for a in answers]
    return {
        "long.csv": (long_csv(answers).encode("utf-8"), {}),
        "long-bom.csv": (b"\xef\xbb\xbf" + long_csv(answers).encode("utf-8"), {}),
        "wide.csv": (wide_csv(answers).encode("utf-8"), {}),
        "semicolon-1251.csv": (long_csv(answers, ";", RUSSIAN_NAMES).encode("cp1251"), {}),
        "long.xlsx": (xlsx_bytes(HEADER.split(","), long_rows), {}),
        "wide.xlsx": (xlsx_bytes(header, rows), {}),
        "named-sheet.xlsx": (
            xlsx_bytes(header, rows, "Round 2", extra_sheet_first=True),
            {"sheet": "Round 2"},
        ),
    }


@pytest.mark.parametrize("name", list(every_format(sample_answers())))
def test_every_format_gives_the_same_statistics(name):
    answers = sample_answers()
    content, options = every_format(answers)[name]
    survey_file = survey.read_survey(content, name, DATASET, **options)
    assert survey_file.problems == ()
    assert survey_file.ok
    assert list(survey_file.responses.columns) == list(survey.RESPONSE_COLUMNS)
    aggregates = survey.aggregate(survey_file.responses)
    assert list(aggregates.overall.columns) == list(survey.AGGREGATE_COLUMNS)
    assert_same_statistics(as_dict(aggregates), expected_statistics(answers))


def test_classic_mac_line_endings_are_read():
    text = long_csv(sample_answers(), ";").replace("\r\n", "\r")
    survey_file = read(text)
    assert survey_file.ok and survey_file.delimiter == ";"
    assert len(survey_file.responses) == len(sample_answers())


def test_formats_are_detected_not_asked_for():
    answers = sample_answers()
    formats = every_format(answers)
    semicolon = read(formats["semicolon-1251.csv"][0])
    assert (semicolon.file_format, semicolon.encoding, semicolon.delimiter, semicolon.layout) == (
        "csv",
        "cp1251",
        ";",
        "long",
    )
    assert read(formats["wide.csv"][0]).layout == "wide"
    workbook = read(formats["wide.xlsx"][0], "wide.xlsx")
    assert (workbook.file_format, workbook.layout, workbook.sheet) == ("xlsx", "wide", "Responses")
    assert survey.sheet_names(formats["named-sheet.xlsx"][0]) == ["Notes", "Round 2"]
    assert survey.sheet_names(formats["long.csv"][0]) == []


def test_by_group_statistics_match_an_independent_count():
    answers = sample_answers()
    by_group = survey.aggregate(read(long_csv(answers)).responses).by_group
    for row in by_group.itertuples(index=False):
        values = [
            a[5]
            for a in answers
            if (a[2], a[3], a[4], a[1]) == (row.city, row.instrument, row.indicator, row.stakeholder_group)
            and a[5] is not None
        ]
        assert row.n == len(values)
        if values:
            assert row.mean == pytest.approx(statistics.mean(values))
    assert set(by_group["stakeholder_group"]) == set(GROUPS)


def test_confidence_interval_is_the_student_t_interval():
    # Five answers 1, 2, 3, 4, 5: mean 3, sd sqrt(2.5), t(0.975, 4) = 2.776445.
    rows = [f"r{i},researchers,shu,scri,digital_infrastructure,{i}" for i in range(1, 6)]
    overall = survey.aggregate(read("\n".join([HEADER, *rows])).responses).overall
    row = overall.iloc[0]
    half_width = 2.776445 * math.sqrt(2.5) / math.sqrt(5)
    assert (row["n"], row["mean"], row["sd"]) == (5, 3.0, pytest.approx(math.sqrt(2.5)))
    assert row["ci_low"] == pytest.approx(3 - half_width, abs=1e-5)
    assert row["ci_high"] == pytest.approx(3 + half_width, abs=1e-5)
    assert not row["flagged"]


def test_blank_means_no_answer_and_few_answers_are_flagged():
    rows = [
        "a,civil_society,shu,scri,digital_infrastructure,4",
        "b,civil_society,shu,scri,digital_infrastructure,2",
        "c,researchers,shu,scri,digital_infrastructure,",
        "c,researchers,shu,scri,physical_infrastructure,",
    ]
    responses = read("\n".join([HEADER, *rows])).responses
    overall = survey.aggregate(responses, min_answers=3).overall.set_index("indicator")
    assert overall.loc["digital_infrastructure", "n"] == 2
    assert overall.loc["digital_infrastructure", "mean"] == 3.0
    assert overall.loc["digital_infrastructure", "flagged"]
    assert overall.loc["physical_infrastructure", "n"] == 0
    assert math.isnan(overall.loc["physical_infrastructure", "sd"])
    assert (
        not survey.aggregate(responses, min_answers=2)
        .overall.set_index("indicator")
        .loc["digital_infrastructure", "flagged"]
    )
    # The respondent who left every answer blank still counts as a respondent.
    counts = survey.respondent_counts(responses)
    assert counts.loc["shu", "total"] == 3
    assert counts.loc["shu", "researchers"] == 1


def test_layer_uses_means_rounded_half_up_on_request_and_skips_unanswered():
    rows = [
        "a,civil_society,ayagoz,scri,digital_infrastructure,2",
        "b,civil_society,ayagoz,scri,digital_infrastructure,3",
        "a,civil_society,ayagoz,scri,physical_infrastructure,",
    ]
    aggregates = survey.aggregate(read("\n".join([HEADER, *rows])).responses)
    exact = survey.to_layer(aggregates, "test", "test.csv")
    assert exact.scores == ((("ayagoz", "scri", "digital_infrastructure"), 2.5),)
    rounded = survey.to_layer(aggregates, "test", "test.csv", round_scores=True)
    assert rounded.scores == ((("ayagoz", "scri", "digital_infrastructure"), 3.0),)
    # Over the paper's baseline: Ayagoz's digital infrastructure 1 -> 3 adds 2 points to 11.
    table = score(DATASET, Scenario().with_layer(rounded))
    assert table.get("ayagoz", "scri").total == 13
    assert table.get("shu", "scri").total == 15


def test_layer_id_depends_on_the_content_only():
    assert survey.layer_id(b"abc") == survey.layer_id(b"abc") != survey.layer_id(b"abd")


def test_city_names_match_in_three_languages_and_any_case():
    spellings = ["Аягөз", "Аягоз", "Ayagoz", "AYAGOZ", " ayagoz ", "аягӨз"]
    rows = [f"r{i},civil_society,{name},scri,digital_infrastructure,3" for i, name in enumerate(spellings)]
    survey_file = read("\n".join([HEADER, *rows]))
    assert survey_file.problems == ()
    assert set(survey_file.responses["city"]) == {"ayagoz"}


def test_group_names_are_accepted_in_three_languages():
    names = [
        "local_government",
        "Civil society representatives",
        "АКТ мамандары",
        "Градостроители и архитекторы",
    ]
    rows = [f"r{i},{name},shu,scri,digital_infrastructure,3" for i, name in enumerate(names)]
    survey_file = read("\n".join([HEADER, *rows]))
    assert survey_file.problems == ()
    assert list(survey_file.responses["stakeholder_group"]) == [
        "local_government",
        "civil_society",
        "ict_professionals",
        "planners_architects",
    ]


def test_cities_added_to_the_scenario_are_recognised():
    aral = City("aral", {"en": "Aral", "kk": "Арал", "ru": "Арал"}, "KZ-43", 46.8, 61.66, origin="user")
    text = "\n".join([HEADER, "r1,civil_society,Арал,scri,digital_infrastructure,4"])
    unknown = read(text)
    assert reasons(unknown) == [(2, "city", "unknown_city")]
    assert "shu, ayagoz, shalkar" in str(unknown.error())  # the message says which ids work
    survey_file = read(text, cities=(*DATASET.cities, aral))
    assert list(survey_file.responses["city"]) == ["aral"]


def test_every_problem_is_reported_with_line_column_and_value():
    text = "\r\n".join(
        [
            HEADER,
            "r1,civil_society,shu,scri,digital_infrastructure,6",
            "r2,mayors,Atlantis,scri,digital_infrastructure,three",
            "r3,researchers,shu,SCRI,no_such_indicator,=1+4",
            "r4,researchers,shu,nonsense,digital_infrastructure,2.5",
            ",researchers,shu,scri,digital_infrastructure,@3",
            "r5,researchers,shu,scri,digital_infrastructure,-1",
            "r6,researchers,,scri,digital_infrastructure,+3",
        ]
    )
    found = {(p.row, p.column, p.value, p.reason) for p in read(text).problems}
    assert found == {
        (2, "score", "6", "scale_out_of_range"),
        (3, "stakeholder_group", "mayors", "unknown_group"),
        (3, "city", "Atlantis", "unknown_city"),
        (3, "score", "three", "scale_not_a_number"),
        (4, "indicator", "no_such_indicator", "unknown_indicator"),
        (4, "score", "=1+4", "scale_formula_like"),
        (5, "instrument", "nonsense", "unknown_instrument"),  # no scale: its score is not judged
        (6, "respondent_id", "", "missing_value"),
        (6, "score", "@3", "scale_formula_like"),
        (7, "score", "-1", "scale_formula_like"),
        (8, "city", "", "missing_value"),
        (8, "score", "+3", "scale_formula_like"),
    }


def test_problem_messages_name_the_place_in_every_language():
    problem = read("\n".join([HEADER, "r1,civil_society,shu,scri,digital_infrastructure,9"])).problems[0]
    assert problem.describe("en") == (
        "Line 2, column “score”, value “9”: Outside the scale; a score is a whole number from 1 to 5."
    )
    assert problem.describe("ru").startswith("Строка 2, столбец «score», значение «9»: Вне шкалы")
    assert problem.describe("kk").startswith("2-жол, «score» бағаны, мәні «9»: Шкаладан тыс")
    assert problem.describe("en", "row").startswith("Row 2,")


def test_whole_scores_may_be_written_with_decimal_zeros():
    rows = [
        f"r{i},civil_society,shu,scri,digital_infrastructure,{v}"
        for i, v in enumerate(["3", "3.0", '"3,00"'])
    ]
    survey_file = read("\n".join([HEADER, *rows]))
    assert survey_file.problems == ()
    assert list(survey_file.responses["score"]) == [3.0, 3.0, 3.0]


def test_conflicting_duplicates_are_reported_and_agreeing_ones_merged():
    text = "\n".join(
        [
            HEADER,
            "r1,civil_society,shu,scri,digital_infrastructure,3",
            "r1,civil_society,Shu,scri,digital_infrastructure,3",
            "r1,civil_society,shu,scri,digital_infrastructure,",
            "r2,civil_society,shu,scri,digital_infrastructure,2",
            "r2,civil_society,shu,scri,digital_infrastructure,4",
            "r3,civil_society,shu,scri,digital_infrastructure,2",
            "r3,researchers,shu,scri,physical_infrastructure,2",
        ]
    )
    survey_file = read(text)
    assert [(p.row, p.column, p.reason, dict(p.params)) for p in survey_file.problems] == [
        (6, "score", "conflicting_answer", {"first_line": 5, "first_value": "2"}),
        (8, "stakeholder_group", "conflicting_group", {"first_line": 7, "first_value": "civil_society"}),
    ]
    merged = read("\n".join(text.split("\n")[:4]))
    assert merged.ok
    assert list(merged.responses["score"]) == [3.0]


def test_the_same_respondent_id_in_two_cities_is_two_people():
    text = "\n".join(
        [
            HEADER,
            "r1,civil_society,shu,scri,digital_infrastructure,3",
            "r1,researchers,ayagoz,scri,digital_infrastructure,1",
        ]
    )
    assert read(text).ok


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty_file"),
        (b"\xef\xbb\xbf\r\n  \r\n", "empty_file"),
        (bytes(range(256)) * 4, "not_text"),
        (b"\x00\x01\x02binary\x00", "not_text"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old_excel"),
        (b"PK\x03\x04 not really a zip file", "xlsx_unreadable"),
        (b"name,age\nAnna,31\n", "unknown_layout"),
        (b"respondent_id,city,score\nr1,shu,3\n", "missing_columns"),
        (f"{HEADER}\r\n".encode(), "no_responses"),
    ],
)
def test_unreadable_files_give_one_clear_problem(content, reason):
    survey_file = read(content)
    assert [p.reason for p in survey_file.problems] == [reason]
    assert not survey_file.ok
    assert survey_file.responses.empty


def test_missing_columns_are_named():
    problem = read(b"respondent_id,city,score\nr1,shu,3\n").problems[0]
    assert problem.params["columns"] == "stakeholder_group, instrument, indicator"


def test_files_over_the_limit_are_refused_before_reading(tmp_path):
    big = tmp_path / "big.csv"
    with big.open("wb") as handle:
        handle.truncate(survey.MAX_FILE_BYTES + 1)
    assert [p.reason for p in survey.read_survey_path(big, DATASET).problems] == ["file_too_large"]
    assert [p.reason for p in read(b" " * (survey.MAX_FILE_BYTES + 1)).problems] == ["file_too_large"]


def test_size_limit_matches_the_upload_limit_of_the_server():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] * 1_000_000 == survey.MAX_FILE_BYTES  # decimal MB, as Streamlit


def test_unknown_sheet_duplicate_column_and_extra_cells():
    answers = sample_answers()
    header, rows = wide_rows(answers)
    workbook = xlsx_bytes(header, rows)
    missing = survey.read_survey(workbook, "w.xlsx", DATASET, sheet="Nope")
    assert [(p.reason, p.params["sheets"]) for p in missing.problems] == [("unknown_sheet", "Responses")]
    text = "\n".join(
        [
            "respondent_id,stakeholder_group,city,scri.digital_infrastructure,scri.digital_infrastructure,scri.bogus",
            "r1,civil_society,shu,3,4,2,surplus",
        ]
    )
    assert reasons(read(text)) == [
        (1, "scri.digital_infrastructure", "duplicate_column"),
        (1, "scri.bogus", "unknown_indicator"),
        (2, "", "extra_cells"),
    ]


def test_wide_form_reports_the_question_column_of_a_bad_score():
    text = "\n".join(
        [
            "respondent_id,stakeholder_group,city,scri.digital_infrastructure,governance.ppp_mechanism,comment",
            "r1,civil_society,shu,3,4,fine",
            "r2,civil_society,shu,2,7,typo",
        ]
    )
    survey_file = read(text)
    assert reasons(survey_file) == [(3, "governance.ppp_mechanism", "scale_out_of_range")]
    assert survey_file.ignored_columns == ("comment",)


def test_line_numbers_count_lines_of_the_file_including_quoted_line_breaks():
    text = "\n".join(
        [
            HEADER,
            "",
            'r1,civil_society,"Shu",scri,digital_infrastructure,3',
            'r2,"civil_society",shu,scri,"digital_',
            'infrastructure",4',
            "r3,civil_society,shu,scri,digital_infrastructure,0",
        ]
    )
    assert reasons(read(text)) == [(4, "indicator", "unknown_indicator"), (6, "score", "scale_out_of_range")]


def test_xlsx_formulas_are_text_and_rows_are_sheet_rows():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADER.split(","))
    sheet.append(["r1", "civil_society", "shu", "scri", "digital_infrastructure", 4])
    sheet.append(["r2", "civil_society", "shu", "scri", "digital_infrastructure", "=2+2"])
    sheet.append(["r3", "civil_society", "shu", "scri", "digital_infrastructure", 3.5])
    buffer = io.BytesIO()
    workbook.save(buffer)
    survey_file = read(buffer.getvalue(), "f.xlsx")
    assert [(p.row, p.value, p.reason) for p in survey_file.problems] == [
        (3, "=2+2", "scale_formula_like"),
        (4, "3.5", "scale_not_whole"),
    ]
    assert survey_file.problems[0].describe("en", survey_file.row_unit).startswith("Row 3")


def test_response_matrices_hold_one_row_per_respondent():
    answers = sample_answers()
    responses = read(long_csv(answers)).responses
    matrices = survey.response_matrices(responses, DATASET)
    assert set(matrices) == {"shu", "ayagoz", "shalkar"}
    shu = matrices["shu"]
    all_questions = [(i.id, ind) for i in DATASET.instruments for ind in i.indicator_ids]
    assert shu.keys == tuple(all_questions)
    assert shu.scores.shape == (8, len(all_questions))
    first = shu.respondent_ids.index("sh0")
    for instrument, indicator in QUESTIONS:
        value = next(a[5] for a in answers if a[0] == "sh0" and (a[3], a[4]) == (instrument, indicator))
        cell = shu.scores[first, all_questions.index((instrument, indicator))]
        assert (value is None and math.isnan(cell)) or cell == value
    asked = [all_questions.index(q) for q in QUESTIONS]
    unasked = [i for i in range(len(all_questions)) if i not in asked]
    assert np.isnan(shu.scores[:, unasked]).all()
    assert shu.groups[first] == "local_government"
    # Column means over respondents are the aggregated means.
    means = np.nanmean(shu.scores[:, asked], axis=0)
    expected = expected_statistics(answers)
    assert means == pytest.approx([expected[("shu", a, b)][1] for a, b in QUESTIONS])


def test_template_file_is_the_generated_template_and_reads_cleanly():
    template = survey.TEMPLATE_PATH.read_bytes().decode("utf-8")
    assert template == survey.template_csv(DATASET, "long")
    survey_file = read(template)
    assert survey_file.ok
    assert survey_file.responses["score"].isna().all()
    assert len(survey_file.responses) == 23
    wide = read(survey.template_csv(DATASET, "wide"))
    assert wide.ok and wide.layout == "wide" and len(wide.responses) == 23


def test_synthetic_example_is_labelled_and_has_figure_1_group_sizes():
    survey_file = read(survey.EXAMPLE_PATH.read_bytes())
    assert survey_file.ok
    assert survey_file.ignored_columns == ("note",)
    assert "SYNTHETIC" in survey.EXAMPLE_PATH.read_text(encoding="utf-8").splitlines()[1]
    counts = survey.respondent_counts(survey_file.responses)
    figure_1 = {
        "local_government": 9,
        "planners_architects": 5,
        "ict_professionals": 4,
        "civil_society": 23,
        "researchers": 12,
    }
    for city in ("shu", "ayagoz", "shalkar"):
        assert counts.loc[city, list(figure_1)].to_dict() == figure_1
        assert counts.loc[city, "total"] == 53


def test_aggregate_rows_are_flat_and_rounded():
    rows = [
        "a,civil_society,shu,scri,digital_infrastructure,1",
        "b,researchers,shu,scri,digital_infrastructure,2",
    ]
    aggregates = survey.aggregate(read("\n".join([HEADER, *rows])).responses)
    (overall,) = survey.aggregate_rows(aggregates)
    assert overall == {
        "city": "shu",
        "instrument": "scri",
        "indicator": "digital_infrastructure",
        "n": 2,
        "mean": 1.5,
        "sd": 0.7071,
        "ci_low": -4.8531,
        "ci_high": 7.8531,
        "flagged": True,
    }
    by_group = survey.aggregate_rows(aggregates, by_group=True)
    assert [(r["stakeholder_group"], r["n"], r["sd"]) for r in by_group] == [
        ("civil_society", 1, None),
        ("researchers", 1, None),
    ]


# --- fuzzing: malformed input gives problems, never an exception ------------------------

VALID = long_csv(sample_answers()[:12])
BAD_SCORES = st.one_of(
    st.integers().filter(lambda n: not 1 <= n <= 5).map(str),
    st.floats(allow_nan=True, allow_infinity=True).filter(lambda x: x not in (1, 2, 3, 4, 5)).map(repr),
    st.text(min_size=1).filter(
        lambda s: (
            s.strip()
            and s.strip() not in {"1", "2", "3", "4", "5"}
            and s.strip().rstrip("0").rstrip(".,") not in {"1", "2", "3", "4", "5"}
        )
    ),
    st.sampled_from(["=1+1", "+3", "-2", "@SUM(A1)", '=HYPERLINK("http://x")', "3.5", "0", "6"]),
)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_never_raise_and_are_never_accepted(content):
    survey_file = read(content)
    assert survey_file.problems
    assert not survey_file.ok


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=1, max_value=12), BAD_SCORES)
def test_a_bad_score_anywhere_is_reported_at_its_line(row, bad):
    lines = VALID.split("\r\n")
    cells = next(csv.reader([lines[row]]))
    cells[5] = bad
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(cells)  # quotes a cell holding a line break
    lines[row] = buffer.getvalue().removesuffix("\r\n")
    survey_file = read("\r\n".join(lines))
    assert not survey_file.ok
    at_cell = [p for p in survey_file.problems if (p.row, p.column) == (row + 1, "score")]
    # Control characters can make the whole file binary-looking; that too is a clear refusal.
    assert at_cell or [p.reason for p in survey_file.problems] == ["not_text"]


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.lists(st.text(alphabet=st.characters(codec="utf-8"), max_size=12), min_size=0, max_size=8),
        max_size=10,
    ),
    st.sampled_from([",", ";", "\t"]),
    st.booleans(),
)
def test_random_tables_never_raise(rows, delimiter, with_header):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    if with_header:
        writer.writerow(HEADER.split(","))
    writer.writerows(rows)
    survey_file = read(buffer.getvalue())
    if not survey_file.ok:  # refused: every problem says where and why, and nothing is imported
        assert all(problem.reason for problem in survey_file.problems)
        assert survey_file.responses.empty
    else:
        # Accepted only if every answer is a clean, known one.
        assert survey_file.responses["city"].notna().all()
        assert survey_file.responses["score"].dropna().isin([1.0, 2.0, 3.0, 4.0, 5.0]).all()


# --- the command line -------------------------------------------------------------------

# Tables 2-4 of the paper, in the order of their rows: Shu, Ayagoz, Shalkar per indicator.
PAPER_TABLES = {
    instrument: list(zip(*(table[city] for city in CITIES), strict=True))
    for instrument, table in TABLES.items()
}


def figure_1_survey(seed: int = 11) -> tuple[str, dict[tuple[str, str, str], float]]:
    """53 respondents per city in Figure 1's groups; each indicator's mean lies within 0.3 of Tables 2-4.

    Returns the long-form CSV and the exact mean of every city/instrument/indicator.
    """
    rng = np.random.default_rng(seed)
    indicator_ids = {i.id: i.indicator_ids for i in DATASET.instruments}
    groups = [group for group, count in FIGURE_1.items() for _ in range(count)]
    lines, means = [HEADER], {}
    for instrument, rows in PAPER_TABLES.items():
        for indicator, targets in zip(indicator_ids[instrument], rows, strict=True):
            for city, target in zip(CITIES, targets, strict=True):
                scores = np.full(53, target)
                # Up to 10 respondents one point up or down (within 1-5): the mean stays within 0.2.
                movers = rng.choice(53, size=10, replace=False)
                steps = rng.choice([-1, 1], size=10)
                scores[movers] = np.clip(scores[movers] + steps, 1, 5)
                blank = int(rng.integers(53))
                answers = [None if i == blank else int(s) for i, s in enumerate(scores)]
                means[(city, instrument, indicator)] = statistics.mean(a for a in answers if a is not None)
                lines += [
                    f"p{i:02d},{groups[i]},{city},{instrument},{indicator},{'' if a is None else a}"
                    for i, a in enumerate(answers)
                ]
    return "\n".join(lines) + "\n", means


def test_figure_1_survey_reproduces_the_papers_totals_with_rounding(tmp_path):
    text, means = figure_1_survey()
    for (city, instrument, indicator), mean in means.items():
        row = DATASET.instrument(instrument).indicator_ids.index(indicator)
        assert round(mean) == PAPER_TABLES[instrument][row][CITIES.index(city)]
    assert any(m != round(m) for m in means.values())  # the means are not the table values themselves
    path = tmp_path / "figure1.csv"
    path.write_text(text, encoding="utf-8")
    done = run_cli("score", "--responses", str(path), "--round", "--format", "json")
    assert done.returncode == 0, done.stderr
    rows = {(r["instrument"], r["city"]): r for r in json.loads(done.stdout)}
    for instrument, printed in PRINTED.items():
        for city in CITIES:
            key = (instrument, city)
            assert rows[key]["total"] == printed["totals"][city], key
            assert round(rows[key]["percent"]) == printed["printed"][city], key
            assert rows[key]["delta_percent"] == 0
    unrounded = run_cli("score", "--responses", str(path), "--instrument", "scri", "--format", "json")
    got = {r["city"]: r["total"] for r in json.loads(unrounded.stdout)}
    for city in CITIES:
        expected = sum(means[(city, "scri", i)] for i in DATASET.instrument("scri").indicator_ids)
        assert got[city] == pytest.approx(expected, abs=0.005)


def test_aggregate_command_prints_csv_and_json(tmp_path):
    path = tmp_path / "answers.csv"
    path.write_text(long_csv(sample_answers()), encoding="utf-8")
    done = run_cli("aggregate", str(path))
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert list(rows[0])[:6] == ["city", "instrument", "indicator", "n", "mean", "sd"]
    assert len(rows) == 3 * len(QUESTIONS)
    expected = expected_statistics(sample_answers())
    for row in rows:
        n, mean, _ = expected[(row["city"], row["instrument"], row["indicator"])]
        assert int(row["n"]) == n
        assert float(row["mean"]) == pytest.approx(mean, abs=5e-5)
    by_group = run_cli("aggregate", str(path), "--by-group", "--format", "json", "--min-answers", "2")
    records = json.loads(by_group.stdout)
    assert {"stakeholder_group", "n", "mean", "sd", "ci_low", "ci_high", "flagged"} <= set(records[0])
    assert {r["stakeholder_group"] for r in records} == set(GROUPS)
    assert all(r["flagged"] == (r["n"] < 2) for r in records)


def test_bad_files_exit_2_and_list_every_problem_with_its_line(tmp_path):
    path = tmp_path / "bad.csv"
    text = "\r\n".join(
        [
            HEADER.replace(",", ";"),
            "r1;civil_society;Шу;scri;digital_infrastructure;9",
            "r2;nobody;shu;scri;digital_infrastructure;2",
            "r3;civil_society;Gotham;scri;digital_infrastructure;=cmd|' /C calc'!A0",
        ]
    )
    path.write_bytes(text.encode("cp1251"))
    for command in (["aggregate", str(path)], ["score", "--responses", str(path)]):
        done = run_cli(*command)
        assert done.returncode == 2
        assert done.stdout == ""
        assert "Traceback" not in done.stderr
        assert "4 problems" in done.stderr
        for expected in (
            "Line 2, column “score”, value “9”",
            "Line 3, column “stakeholder_group”",
            "Line 4, column “city”, value “Gotham”",
            "Line 4, column “score”",
        ):
            assert expected in done.stderr


@pytest.mark.parametrize("content", [b"", b"\x00\xff" * 50, b"PK\x03\x04junk"])
def test_garbage_and_missing_files_exit_2_without_a_traceback(tmp_path, content):
    path = tmp_path / "garbage.csv"
    path.write_bytes(content)
    done = run_cli("aggregate", str(path))
    assert done.returncode == 2 and "Traceback" not in done.stderr and done.stderr.startswith("error:")


def test_a_missing_file_exits_2_naming_it(tmp_path):
    done = run_cli("score", "--responses", str(tmp_path / "absent.csv"))
    assert done.returncode == 2 and "absent.csv" in done.stderr and "Traceback" not in done.stderr


def test_breakdown_chart_draws_each_groups_mean_with_its_interval_and_all_respondents():
    from smartcity.views.survey_charts import group_breakdown

    rows = [
        "a,civil_society,shu,scri,digital_infrastructure,2",
        "b,civil_society,shu,scri,digital_infrastructure,4",
        "c,researchers,shu,scri,digital_infrastructure,5",
        "c,researchers,shu,scri,physical_infrastructure,1",
    ]
    aggregates = survey.aggregate(read("\n".join([HEADER, *rows])).responses)
    chart = group_breakdown(aggregates, DATASET, "shu", "<b>Shu</b>", "scri", "ru")
    bars = {trace.name: trace for trace in chart.figure.data if trace.type == "bar"}
    assert set(bars) == {"Представители гражданского общества", "Исследователи в области градостроительства"}
    assert list(bars["Представители гражданского общества"].y) == [3.0]
    assert list(bars["Исследователи в области градостроительства"].y) == [5.0, 1.0]
    (everyone,) = [trace for trace in chart.figure.data if trace.type == "scatter"]
    assert list(everyone.y) == pytest.approx([11 / 3, 1.0])
    assert everyone.customdata[0] == "среднее 3,67, n = 3"
    # Civil society: mean 3, sd sqrt(2), n 2: t(0.975, 1) = 12.7062 gives a half-width of 12.7062.
    assert bars["Представители гражданского общества"].error_y.array[0] == pytest.approx(12.7062, abs=1e-3)
    assert "&lt;b&gt;Shu&lt;/b&gt;" in chart.figure.layout.title.text
    assert len(chart.data) == 2 + 3  # all respondents x 2 indicators, then 3 group rows


def test_a_city_is_recognised_under_the_spellings_that_adding_a_town_treats_as_the_same():
    # Adding a town refuses "Ayagöz" and "АЯГӨЗ" as Ayagoz; a survey row must accept them as Ayagoz too.
    rows = [f"r{n},civil_society,{name},scri,digital_infrastructure,4" for n, name in
            enumerate(("Ayagöz", "АЯГӨЗ", "  Аягоз "))]  # fmt: skip
    survey_file = read("\n".join([HEADER, *rows]))
    assert survey_file.problems == ()
    assert set(survey_file.responses["city"]) == {"ayagoz"}


def test_a_first_line_longer_than_a_csv_field_gets_a_message_not_a_crash():
    read = survey.read_survey(b"a" * 200_000, "long.csv", DATASET)
    assert not read.ok
    assert [problem.row for problem in read.problems] == [1]
    assert "field larger than field limit" in read.problems[0].describe("en", "line")
