"""Hypothesis strategies shared by the fuzz tests: damaged survey uploads and junk share-link parts."""

from __future__ import annotations

import base64
import csv
import io
import json
import zlib

from hypothesis import strategies as st

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


# --- malformed share-link parts ----------------------------------------------------------

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
