"""Fuzzing the two doors untrusted text comes in by: survey uploads and share-link query strings.

Every malformed input must give a clear, catalogued message (a survey problem list or a
SmartCityError warning), never another exception, and must leave untouched whatever the valid
part of the input says.
"""

from __future__ import annotations

import base64
import csv
import io
import json
import zlib
from urllib.parse import parse_qsl, quote

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smartcity import scenario as scenarios
from smartcity.data import load_dataset
from smartcity.errors import SmartCityError
from smartcity.files import survey
from smartcity.i18n.catalog import LANGUAGES, has_message
from smartcity.scenario import Scenario

DATASET = load_dataset()
FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
HEADER = ["respondent_id", "stakeholder_group", "city", "instrument", "indicator", "score"]
# A valid long-form file, with the Cyrillic city names a Kazakh or Russian Excel writes.
VALID_ROWS = [
    ["r1", "civil_society", "Аягөз", "scri", "digital_infrastructure", "4"],
    ["r2", "researchers", "Шу", "scri", "digital_infrastructure", "5"],
    ["r3", "local_government", "Шалқар", "governance", "ppp_mechanism", "2"],
    ["r4", "ict_professionals", "Аягоз", "stakeholders", "business_involvement", "3"],
]
SCORE_COLUMN = HEADER.index("score")
HUGE_OR_ODD_NUMBERS = [
    "1e309",
    "-1e309",
    "9" * 400,
    "1e-400",
    "inf",
    "-inf",
    "nan",
    "NaN",
    "Infinity",
    "0x3",
    "3e0",
    "٣",
    "３",
    "1_0",
    "6",
    "0",
    "-3",
    "2.5",
    "3,5",
]
FORMULAS = ["=1+1", "+3", "-2", "@SUM(A1:A9)", '=HYPERLINK("http://example.org","x")', "=cmd|' /C calc'!A0"]


def csv_bytes(rows: list[list[str]], delimiter: str = ",", encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows([HEADER, *rows])
    return buffer.getvalue().encode(encoding)


VALID_FILE = csv_bytes(VALID_ROWS)


def read(content: bytes) -> survey.SurveyFile:
    return survey.read_survey(content, "fuzz.csv", DATASET)


def assert_clearly_refused(survey_file: survey.SurveyFile) -> None:
    """Refused with at least one problem, each explained in every language from the catalogue."""
    assert not survey_file.ok
    assert survey_file.problems
    for problem in survey_file.problems:
        assert has_message(f"survey.problem.{problem.reason}", "en"), problem.reason
        for language in LANGUAGES:
            text = problem.describe(language, survey_file.row_unit)
            assert text.strip() and "survey.problem." not in text
    assert isinstance(survey_file.error(), SmartCityError)


def test_the_valid_file_the_fuzzers_damage_is_accepted():
    survey_file = read(VALID_FILE)
    assert survey_file.ok, survey_file.problems
    assert sorted(survey_file.responses["city"]) == ["ayagoz", "ayagoz", "shalkar", "shu"]


# --- malformed uploads -------------------------------------------------------------------


@st.composite
def truncated_utf8(draw) -> bytes:
    """The valid file cut inside a multi-byte character (a broken download or copy)."""
    cuts = [i for i in range(1, len(VALID_FILE)) if VALID_FILE[i] & 0xC0 == 0x80]
    return VALID_FILE[: draw(st.sampled_from(cuts))]


@st.composite
def wrong_delimiter(draw) -> bytes:
    return csv_bytes(VALID_ROWS, delimiter=draw(st.sampled_from(["|", ":", " ", "/", "#"])))


@st.composite
def bad_cell(draw) -> bytes:
    """One cell of one row replaced: a huge or odd number or a formula as the score, a formula elsewhere."""
    rows = [list(row) for row in VALID_ROWS]
    row = draw(st.integers(0, len(rows) - 1))
    column = draw(st.sampled_from([1, 2, 3, 4, SCORE_COLUMN]))  # every checked column but the id
    rows[row][column] = draw(
        st.sampled_from(FORMULAS + HUGE_OR_ODD_NUMBERS)
        if column == SCORE_COLUMN
        else st.sampled_from(FORMULAS)
    )
    return csv_bytes(rows)


@st.composite
def with_nul(draw) -> bytes:
    position = draw(st.integers(0, len(VALID_FILE)))
    return VALID_FILE[:position] + b"\x00" * draw(st.integers(1, 3)) + VALID_FILE[position:]


@st.composite
def garbage(draw) -> bytes:
    """Random bytes, or random bytes behind a real header (a corrupted export), or a fake workbook."""
    noise = draw(st.binary(min_size=1, max_size=600))
    prefix = draw(
        st.sampled_from([b"", b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"\xef\xbb\xbf", VALID_FILE[:60]])
    )
    return prefix + noise


MALFORMED_UPLOAD = st.one_of(truncated_utf8(), wrong_delimiter(), bad_cell(), with_nul(), garbage())


@FUZZ
@given(MALFORMED_UPLOAD)
def test_a_malformed_upload_is_refused_with_explained_problems(content: bytes):
    assert_clearly_refused(read(content))


@FUZZ
@given(st.sampled_from(FORMULAS), st.integers(0, len(VALID_ROWS) - 1))
def test_formula_text_in_an_id_stays_text_and_is_never_evaluated(formula: str, row: int):
    rows = [list(r) for r in VALID_ROWS]
    rows[row][0] = formula
    survey_file = read(csv_bytes(rows))
    assert survey_file.ok, survey_file.problems
    assert formula in set(survey_file.responses["respondent_id"])


def test_a_header_alone_or_blank_lines_alone_are_refused():
    for content in (csv_bytes([]), b"\r\n\r\n  \r\n", b"\xef\xbb\xbf"):
        assert_clearly_refused(read(content))


# --- malformed query strings -------------------------------------------------------------

VALID_ITEMS = [
    "ayagoz.scri.digital_infrastructure:4",
    "shu.governance.ppp_mechanism:1.5",
    "shalkar.stakeholders.trust_transparency:5",
]
# Each of these share-link items is invalid on its own (no comma: a comma separates items).
JUNK_SCORE_ITEMS = st.one_of(
    st.sampled_from(
        [
            "shu.scri.digital_infrastructure",  # no value
            "shu.scri:3",  # key too short
            "shu.scri.digital_infrastructure.extra:3",
            ".scri.digital_infrastructure:3",
            "atlantis.scri.digital_infrastructure:3",
            "shu.nothing.digital_infrastructure:3",
            "shu.scri.nothing:3",
            "<script>window.__xss=1</script>:3",
            "shu.scri.digital_infrastructure:javascript:window.__xss=1",
        ]
    ),
    st.sampled_from(["nan", "inf", "-inf", "1e309", "6", "0", "-1", "five", "", "3:3", "0x3"]).map(
        lambda value: f"shu.scri.digital_infrastructure:{value}"
    ),
)


@FUZZ
@given(
    st.lists(st.sampled_from(VALID_ITEMS), unique=True), st.lists(JUNK_SCORE_ITEMS, min_size=1), st.randoms()
)
def test_junk_items_in_a_link_are_each_reported_and_change_nothing_else(valid, junk, random):
    items = valid + junk
    random.shuffle(items)
    restored, warnings = scenarios.from_query(DATASET, {"o": ",".join(items), "m": "goalpost"})
    expected, clean = scenarios.from_query(DATASET, {"o": ",".join(valid), "m": "goalpost"})
    assert clean == []
    assert restored == expected  # exactly what the valid items say
    written = {tuple(item.split(":")[0].split(".")): float(item.split(":")[1]) for item in valid}
    assert restored.override_map == written and restored.method == "goalpost"
    # Each is told: one by one up to MAX_LINK_WARNINGS, then the rest in one count.
    told = sum(w.params["count"] if w.key == "link_more_problems" else 1 for w in warnings)
    assert told >= len(junk)
    assert all(isinstance(w, SmartCityError) and has_message(f"error.{w.key}") for w in warnings)


QUERY_TEXT = st.lists(
    st.sampled_from(
        [*"=&;%+,.:_-<>\"'/ ()[]abcmowxilngsuhr0123456789", "%00", "%ZZ", "%E2%80", "%3Cscript%3E"]
    ),
    max_size=80,
).map("".join)


@FUZZ
@given(QUERY_TEXT)
def test_any_raw_query_string_gives_a_valid_scenario_or_warnings(query: str):
    params = dict(parse_qsl(query, keep_blank_values=True))  # the last of a repeated key wins, as in st
    restored, warnings = scenarios.from_query(DATASET, params)
    assert scenarios.problems(DATASET, restored) == []
    for warning in warnings:
        assert isinstance(warning, SmartCityError)
        assert all(warning.message(language).strip() for language in LANGUAGES)


def packed(payload: object) -> str:
    text = json.dumps(payload, allow_nan=True).encode()
    return base64.urlsafe_b64encode(zlib.compress(text)).decode().rstrip("=")


JSON = st.recursive(
    st.none() | st.booleans() | st.floats() | st.integers() | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)
CITY_FIELDS = st.fixed_dictionaries(
    {},
    optional={
        "id": JSON | st.just("<img src=x onerror=window.__xss=1>"),
        "names": JSON | st.just({"en": "<script>window.__xss=1</script>"}),
        "latitude": JSON,
        "longitude": JSON,
        "region_iso": JSON,
        "origin": JSON,
    },
)
X_PAYLOAD = st.one_of(
    JSON.map(packed),
    st.fixed_dictionaries({"added_cities": st.lists(CITY_FIELDS, max_size=3), "layers": JSON}).map(packed),
    st.binary(max_size=200).map(lambda b: base64.urlsafe_b64encode(b).decode()),
    st.text(max_size=60),
)


@FUZZ
@given(X_PAYLOAD)
def test_a_malformed_x_payload_is_refused_as_a_whole_and_the_rest_of_the_link_kept(x: str):
    restored, warnings = scenarios.from_query(DATASET, {"x": x, "o": VALID_ITEMS[0], "lang": "kk"})
    assert scenarios.problems(DATASET, restored) == []
    assert restored.override_map == {("ayagoz", "scri", "digital_infrastructure"): 4}
    assert all(isinstance(w, SmartCityError) for w in warnings)
    if warnings:  # refused: nothing of the payload is kept
        assert (restored.added_cities, restored.layers) == ((), ())
    else:  # accepted: only a well-formed payload, which gives back exactly what it says
        extra = scenarios.to_query(DATASET, restored).get("x")
        assert (
            extra is None
            or scenarios.from_query(DATASET, {"x": extra})[0].added_cities == restored.added_cities
        )


NOT_A_SCENARIO = st.one_of(
    JSON.filter(lambda value: not isinstance(value, dict)).map(packed),
    st.binary(min_size=1, max_size=200).map(lambda b: base64.urlsafe_b64encode(b).decode()),
)


@FUZZ
@given(NOT_A_SCENARIO)
def test_an_x_payload_that_is_not_a_scenario_always_warns(x: str):
    restored, warnings = scenarios.from_query(DATASET, {"x": x})
    assert warnings and restored == scenarios.Scenario()


def test_a_url_encoded_script_in_every_parameter_is_only_ever_a_warning():
    payload = quote("<script>window.__xss=1</script>")
    query = "&".join(f"{name}={payload}" for name in ("o", "w", "iw", "m", "lang", "x", "city"))
    restored, warnings = scenarios.from_query(DATASET, dict(parse_qsl(query)))
    assert restored == Scenario()
    assert {w.key for w in warnings} >= {"bad_query", "unknown_method"}  # lang= is the ui's to read
