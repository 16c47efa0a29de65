"""The what-if page with another assessment loaded (SMARTCITY_DATA_DIR=tests/fixtures/ten_point): its
0-10 instrument gets sliders from 0 to 10, its 1-5 instrument sliders from 1 to 5 (the sliders take
their range from the instrument's scale)."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from smartcity.data import DATA_DIR_VARIABLE

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "ten_point"


@pytest.fixture
def fixture_loaded(monkeypatch):
    """The fixture assessment as the app's dataset; the app's cached dataset is dropped before and after."""
    monkeypatch.setenv(DATA_DIR_VARIABLE, str(FIXTURE))
    st.cache_resource.clear()
    yield
    st.cache_resource.clear()


def open_what_if(instrument_id: str, city_id: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30).run()
    at.switch_page("pages/what_if.py").run()
    assert not at.exception, at.exception
    at.segmented_control(key="whatif.instrument").set_value(instrument_id).run()
    at.segmented_control(key="whatif.edit").set_value(city_id).run()
    assert not at.exception, at.exception
    return at


def slider_ranges(at: AppTest, city_id: str, instrument_id: str) -> dict[str, tuple[float, float, float]]:
    prefix = f"score.{city_id}.{instrument_id}."
    return {
        s.key.removeprefix(prefix): (s.min, s.max, s.value) for s in at.slider if s.key.startswith(prefix)
    }


def test_the_ten_point_instruments_sliders_run_from_0_to_10(fixture_loaded):
    at = open_what_if("services", "aral")
    assert slider_ranges(at, "aral", "services") == {
        "water": (0, 10, 10),
        "transport": (0, 10, 2),
        "internet": (0, 10, 3),
    }
    at.slider(key="score.aral.services.transport").set_value(0.0).run()
    assert not at.exception, at.exception
    assert slider_ranges(at, "aral", "services")["transport"] == (0, 10, 0)


def test_the_one_to_five_instruments_sliders_run_from_1_to_5(fixture_loaded):
    at = open_what_if("civic", "balkhash")
    assert slider_ranges(at, "balkhash", "civic") == {"hearings": (1, 5, 2), "open_data": (1, 5, 4)}
