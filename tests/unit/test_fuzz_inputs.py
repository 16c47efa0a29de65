"""Fuzzing the two doors untrusted text comes in by: survey uploads and share-link query strings.

Every malformed input must give a clear, catalogued message (a survey problem list or a
SmartCityError warning), never another exception, and must leave untouched whatever the valid
part of the input says.
"""

from __future__ import annotations

import base64
from urllib.parse import parse_qsl, quote

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smartcity import scenario as scenarios
from smartcity.data import load_dataset
from smartcity.errors import SmartCityError
from smartcity.files import survey
from smartcity.i18n.catalog import LANGUAGES, has_message
from smartcity.scenario import Scenario
from tests.support.strategies import (
    FORMULAS,
    JSON,
    JUNK_SCORE_ITEMS,
    MALFORMED_UPLOAD,
    VALID_FILE,
    VALID_ROWS,
    X_PAYLOAD,
    csv_bytes,
    packed,
)

DATASET = load_dataset()
FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


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
    catalogued = [has_message(f"error.{w.key}") or has_message(f"error.{w.key}.other") for w in warnings]
    assert all(isinstance(w, SmartCityError) for w in warnings) and all(catalogued)  # .other: counted


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
