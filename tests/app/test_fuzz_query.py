"""Malformed links and uploads through the running app (AppTest): a warning or a problem report,
never an exception on screen, and the session's scenario exactly as it was before the bad input.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from smartcity.scenario import Scenario
from tests.support.strategies import JUNK_SCORE_ITEMS, MALFORMED_UPLOAD, X_PAYLOAD

APP = str(Path(__file__).resolve().parents[2] / "app.py")
FEW = settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
SCRIPT = "<script>window.__xss=1</script>"
ALL_INSTRUMENTS_ZERO = "scri:0,stakeholders:0,governance:0"
# Every value below is wrong in exactly one way, so it gives exactly one warning: an unknown indicator,
# a negative weight, no "key:value" pair, an unknown instrument, a weight that is not a number,
# an unknown method or language ("KK": ids are lower case).
BAD_PARAMS = st.fixed_dictionaries(
    {},
    optional={
        "o": st.lists(JUNK_SCORE_ITEMS, min_size=1, max_size=3).map(",".join),
        "w": st.sampled_from(["scri.nothing:2", "scri.digital_infrastructure:-1", SCRIPT]),
        "iw": st.sampled_from([ALL_INSTRUMENTS_ZERO, "nowhere:2", "scri:nan"]),
        "m": st.sampled_from(["magic", SCRIPT, ""]),
        "lang": st.sampled_from(["de", "<img src=x onerror=alert(1)>", "KK"]),
        "x": X_PAYLOAD,
        "city": st.sampled_from(["atlantis", "<img src=x onerror=alert(1)>"]),
    },
).filter(lambda params: any(key != "city" for key in params))


def expected_from(params: dict[str, str]) -> tuple[Scenario, int]:
    """The scenario a bad link opens, and how many warnings its parameters other than ``x`` give.

    Each junk score item of ``o`` (comma-separated) and each other value gives one warning and changes
    nothing, except ALL_INSTRUMENTS_ZERO: its pairs apply one by one until the last would leave every
    instrument weight at 0, so SCRI and Stakeholders stay at 0. No ``x`` payload generated holds a valid
    town or layer, so it adds nothing (an empty payload is valid and adds no warning).
    """
    warnings = sum(1 for name in ("w", "iw", "m", "lang") if name in params)
    if "o" in params:
        warnings += params["o"].count(",") + 1
    if params.get("iw") == ALL_INSTRUMENTS_ZERO:
        return Scenario(instrument_weights=(("scri", 0.0), ("stakeholders", 0.0))), warnings
    return Scenario(), warnings


@FEW
@given(BAD_PARAMS)
def test_a_malformed_link_opens_the_app_with_warnings_and_only_its_valid_part(params):
    app = AppTest.from_file(APP, default_timeout=60)
    app.query_params.update(params)
    app.run()
    assert not app.exception
    expected, warnings = expected_from(params)
    assert app.session_state["scenario"] == expected
    shown = [w.value for w in app.warning if w.value.startswith("Part of the link was not valid")]
    assert len(shown) >= warnings if "x" in params else len(shown) == warnings
    for text in shown:  # link text is escaped before it reaches markdown: no bare "<" or "["
        assert not re.search(r"(?<!\\)[<\[]", text), text


@pytest.fixture(scope="module")
def data_page() -> AppTest:
    """One session on the data page whose scenario already holds a change and a different method."""
    app = AppTest.from_file(APP, default_timeout=60)
    app.session_state["scenario"] = BEFORE
    app.run()
    return app.switch_page("pages/data.py").run()


BEFORE = Scenario(method="geometric").with_override(("ayagoz", "scri", "digital_infrastructure"), 4)


@FEW
@given(MALFORMED_UPLOAD)
def test_a_malformed_upload_is_reported_and_the_scenario_is_untouched(data_page, content):
    data_page.file_uploader(key="data.upload").upload("fuzz.csv", content, "text/csv")
    data_page.run()
    assert not data_page.exception
    assert data_page.error and "problem" in data_page.error[0].value
    assert not [button for button in data_page.button if button.key == "data.use"]
    assert data_page.session_state["scenario"] == BEFORE
