"""Kobo/ODK exports of the round's form read to long responses, the same aggregates, or a report."""

from __future__ import annotations

import io
import math
import statistics
import xml.etree.ElementTree as ET

import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pyxform.xls2xform import convert

from smartcity.data import load_dataset
from smartcity.files import survey, xlsform
from smartcity.files.kobo import read_kobo
from tests.unit.test_xlsform import make_round

DATASET = load_dataset()

KOBO_CSV = "\r\n".join(
    [
        "start;end;stakeholder_group;cities;cities/shu;cities/ayagoz;"
        "town_shu/shu__scri__digital_infrastructure;town_shu/shu__scri__physical_infrastructure;"
        "town_shu/shu__scri__comment;"
        "town_ayagoz/ayagoz__scri__digital_infrastructure;town_ayagoz/ayagoz__scri__physical_infrastructure;"
        "town_ayagoz/ayagoz__scri__comment;_id;_uuid;_submission_time;__version__;_index",
        '2026-05-02T10:00;2026-05-02T10:09;civil_society;shu ayagoz;1;1;3;4;=HYPERLINK("x");2;dont_know;;'
        "11;uuid-a;2026-05-02T10:09:30;v1;1",
        "2026-05-02T11:00;2026-05-02T11:05;local_government;shu;1;0;5;2;;;;;12;uuid-b;2026-05-02T11:05:00;v1;2",
        "2026-05-02T12:00;2026-05-02T12:05;researchers;ayagoz;0;1;;;;4;5;ok;13;uuid-c;2026-05-02T12:05:00;v1;3",
    ]
)
"""Three submissions as KoboToolbox exports them (XML values and headers, ';', group/question)."""


def overall_means(responses: pd.DataFrame) -> dict[tuple[str, str], tuple[int, float]]:
    table = survey.aggregate(responses, min_answers=1).overall
    return {(row.city, row.indicator): (int(row.n), float(row.mean)) for row in table.itertuples(index=False)}


def test_a_kobo_csv_gives_the_long_responses_and_their_means():
    responses, problems = read_kobo(DATASET, KOBO_CSV.encode("utf-8"), "kobo.csv")
    assert problems == ()
    assert responses is not None
    assert list(responses.columns) == list(survey.RESPONSE_COLUMNS)
    assert overall_means(responses) == {
        ("shu", "digital_infrastructure"): (2, 4.0),  # (3 + 5) / 2
        ("shu", "physical_infrastructure"): (2, 3.0),  # (4 + 2) / 2
        ("ayagoz", "digital_infrastructure"): (2, 3.0),  # (2 + 4) / 2
        ("ayagoz", "physical_infrastructure"): (1, 5.0),  # don't know + 5
    }
    dont_know = responses[(responses["respondent_id"] == "uuid-a") & (responses["city"] == "ayagoz")]
    assert dont_know.set_index("indicator")["score"]["physical_infrastructure"] != 3
    assert math.isnan(dont_know.set_index("indicator")["score"]["physical_infrastructure"])
    groups = responses.drop_duplicates("respondent_id").set_index("respondent_id")["stakeholder_group"]
    assert groups.astype(str).to_dict() == {
        "uuid-a": "civil_society",
        "uuid-b": "local_government",
        "uuid-c": "researchers",
    }
    assert sorted(responses["line"].unique()) == [2, 3, 4]


def test_the_same_answers_give_the_same_aggregates_as_the_long_survey_file():
    long_file = "\n".join(
        [
            "respondent_id,stakeholder_group,city,instrument,indicator,score",
            "uuid-a,civil_society,shu,scri,digital_infrastructure,3",
            "uuid-a,civil_society,shu,scri,physical_infrastructure,4",
            "uuid-a,civil_society,ayagoz,scri,digital_infrastructure,2",
            "uuid-a,civil_society,ayagoz,scri,physical_infrastructure,",
            "uuid-b,local_government,shu,scri,digital_infrastructure,5",
            "uuid-b,local_government,shu,scri,physical_infrastructure,2",
            "uuid-c,researchers,ayagoz,scri,digital_infrastructure,4",
            "uuid-c,researchers,ayagoz,scri,physical_infrastructure,5",
        ]
    )
    expected = survey.read_survey(long_file.encode(), "long.csv", DATASET)
    responses, _ = read_kobo(DATASET, KOBO_CSV.encode("utf-8"), "kobo.csv")
    assert responses is not None
    kobo = survey.aggregate(responses)
    pd.testing.assert_frame_equal(kobo.overall, survey.aggregate(expected.responses).overall)
    pd.testing.assert_frame_equal(kobo.by_group, survey.aggregate(expected.responses).by_group)
    assert (
        survey.respondent_counts(responses).to_dict()
        == survey.respondent_counts(expected.responses).to_dict()
    )


def odk_central_xlsx() -> bytes:
    """Two submissions as ODK Central exports them, with labels for values (Russian and Kazakh)."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(
        [
            "SubmissionDate",
            "stakeholder_group",
            "cities",
            "town_shu-shu__governance__digital_governance",
            "town_shu-shu__governance__political_stability",
            "town_shalkar-shalkar__governance__digital_governance",
            "meta-instanceID",
            "KEY",
            "SubmitterName",
            "ReviewState",
        ]
    )
    sheet.append(
        [
            "2026-05-03",
            "Представители гражданского общества",
            "Шу Шалқар",
            "2 – Низкий",
            "Не знаю",
            "1 – Очень низкий",
            "uuid:1",
            "uuid:1",
            "",
            "",
        ]
    )
    sheet.append(
        ["2026-05-03", "ict_professionals", "shu", 4, "5 – Жоғары", None, "uuid:2", "uuid:2", "", ""]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_an_odk_central_xlsx_with_labels_reads_to_the_same_means():
    responses, problems = read_kobo(DATASET, odk_central_xlsx(), "odk.xlsx")
    assert problems == ()
    assert responses is not None
    assert overall_means(responses) == {
        ("shu", "digital_governance"): (2, 3.0),  # (2 + 4) / 2
        ("shu", "political_stability"): (1, 5.0),  # don't know + 5
        ("shalkar", "digital_governance"): (1, 1.0),
    }
    assert set(responses["respondent_id"]) == {"uuid:1", "uuid:2"}
    assert set(responses["stakeholder_group"].astype(str)) == {"civil_society", "ict_professionals"}


def test_a_file_that_does_not_match_the_form_is_reported_by_line_and_column():
    bad = "\n".join(
        [
            "stakeholder_group,cities,town_shu/shu__scri__digital_infrastructure,"
            "town_shu/shu__scri__favourite_colour,_uuid",
            "civil_society,shu,3,blue,u1",
        ]
    )
    responses, problems = read_kobo(DATASET, bad.encode(), "bad.csv")
    assert responses is None
    assert [(p.row, p.column, p.reason) for p in problems] == [
        (1, "town_shu/shu__scri__favourite_colour", "kobo_unknown_column")
    ]
    assert "not a question of the round's form" in problems[0].describe("en")


def test_bad_scores_groups_and_towns_are_reported_once_each_at_their_place():
    bad = "\n".join(
        [
            "stakeholder_group,cities,town_shu/shu__scri__digital_infrastructure,"
            "town_shu/shu__scri__physical_infrastructure,_uuid",
            "civil_society,shu,7,3,u1",
            "aliens,shu,3,3,u2",
            "researchers,atlantis,3,3,u3",
        ]
    )
    responses, problems = read_kobo(DATASET, bad.encode(), "bad.csv")
    assert responses is None
    found = sorted((p.row, p.column, p.value, p.reason) for p in problems)
    assert found == [
        (2, "town_shu/shu__scri__digital_infrastructure", "7", "scale_out_of_range"),
        (3, "stakeholder_group", "aliens", "unknown_group"),
        (4, "cities", "atlantis", "unknown_city"),
    ]
    described = {p.reason: p.describe("ru") for p in problems}
    assert described["scale_out_of_range"].startswith("Строка 2")


def test_missing_columns_and_unreadable_files_are_reported():
    responses, problems = read_kobo(
        DATASET, b"cities,town_shu/shu__scri__digital_infrastructure\nshu,3\n", "x.csv"
    )
    assert responses is None
    assert [(p.reason, p.params["columns"]) for p in problems] == [
        ("missing_columns", "_uuid / KEY / instanceID, stakeholder_group")
    ]
    responses, problems = read_kobo(DATASET, b"", "empty.csv")
    assert responses is None and [p.reason for p in problems] == ["empty_file"]


def test_conflicting_resubmissions_point_at_both_kobo_lines():
    conflict = "\n".join(
        [
            "stakeholder_group,cities,town_shu/shu__scri__digital_infrastructure,_uuid",
            "civil_society,shu,3,u1",
            "civil_society,shu,4,u1",
        ]
    )
    responses, problems = read_kobo(DATASET, conflict.encode(), "dup.csv")
    assert responses is None
    assert [(p.row, p.reason, p.params["first_line"]) for p in problems] == [(3, "conflicting_answer", 2)]


def test_kobo_dot_naming_reads_like_slash_naming():
    header, *rows = KOBO_CSV.split("\r\n")
    dotted = "\r\n".join([header.replace("/", "."), *rows])
    slash, _ = read_kobo(DATASET, KOBO_CSV.encode(), "kobo.csv")
    dot, problems = read_kobo(DATASET, dotted.encode(), "kobo.csv")
    assert problems == () and slash is not None and dot is not None
    pd.testing.assert_frame_equal(dot, slash)


def test_the_exported_form_s_fields_are_the_columns_the_import_reads():
    round_ = make_round(city_ids=("shu",), instrument_ids=("scri", "governance"))
    result = convert(xlsform.xlsform_bytes(DATASET, round_), validate=False, file_type=".xlsx")
    data = ET.fromstring(result.xform).find(".//{http://www.w3.org/2002/xforms}instance")
    assert data is not None
    root = data[0]
    leaves = [
        "/".join(part.rsplit("}", 1)[-1] for part in path)
        for path in _leaf_paths(root)
        if path[-1].rsplit("}", 1)[-1] != "instanceID"
    ]
    scored = [
        leaf for leaf in leaves if leaf.startswith("town_shu/") and not leaf.endswith(("comment", "section"))
    ]
    assert len(scored) == 15  # 7 SCRI + 8 governance indicators
    values = {"stakeholder_group": "civil_society", "cities": "shu", **{leaf: "4" for leaf in scored}}
    header = [*leaves, "_uuid"]
    csv_text = ",".join(header) + "\n" + ",".join([*(values.get(leaf, "") for leaf in leaves), "u1"]) + "\n"
    responses, problems = read_kobo(DATASET, csv_text.encode(), "export.csv")
    assert problems == ()
    assert responses is not None
    means = overall_means(responses)
    assert len(means) == 15 and set(means.values()) == {(1, 4.0)}


def _leaf_paths(element, prefix=()):
    for child in element:
        path = (*prefix, child.tag)
        if len(child):
            yield from _leaf_paths(child, path)
        else:
            yield path


def test_lines_stay_right_after_a_cell_with_a_line_break():
    text = (
        "stakeholder_group,cities,town_shu/shu__scri__digital_infrastructure,"
        "town_shu/shu__scri__physical_infrastructure,_uuid\n"
        'civil_society,shu,3,4,"two\nlines"\n'
        "researchers,shu,7,4,u2\n"
    )
    responses, problems = read_kobo(DATASET, text.encode(), "breaks.csv")
    assert responses is None
    assert [(p.row, p.column, p.value) for p in problems] == [
        (4, "town_shu/shu__scri__digital_infrastructure", "7")
    ]


QUESTIONS = (
    ("shu", "digital_infrastructure"),
    ("shu", "economic_potential"),
    ("shalkar", "digital_infrastructure"),
)


@settings(max_examples=25, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(DATASET.group_ids),
            st.lists(st.sampled_from(["1", "2", "3", "4", "5", "dont_know"]), min_size=3, max_size=3),
        ),
        min_size=1,
        max_size=12,
    ),
    st.sampled_from([",", ";"]),
)
def test_any_kobo_answers_give_their_plain_means(submissions, delimiter):
    header = ["stakeholder_group", "cities", *(f"town_{c}/{c}__scri__{i}" for c, i in QUESTIONS), "_uuid"]
    lines = [delimiter.join(header)]
    for number, (group, answers) in enumerate(submissions):
        lines.append(delimiter.join([group, "shu shalkar", *answers, f"uuid-{number}"]))
    responses, problems = read_kobo(DATASET, "\n".join(lines).encode(), "kobo.csv")
    assert problems == ()
    assert responses is not None
    expected = {}
    for position, question in enumerate(QUESTIONS):
        given_scores = [int(a[position]) for _, a in submissions if a[position] != "dont_know"]
        if given_scores:
            expected[question] = (len(given_scores), statistics.fmean(given_scores))
    found = {question: stats for question, stats in overall_means(responses).items() if stats[0] > 0}
    assert found.keys() == expected.keys()
    for question, (n, mean) in expected.items():
        assert found[question][0] == n
        assert found[question][1] == pytest.approx(mean)
    assert responses["respondent_id"].nunique() == len(submissions)
