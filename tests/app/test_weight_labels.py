"""The what-if page's importance sliders: each label's share agrees with what the sliders show."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from smartcity.data import load_dataset

APP = str(Path(__file__).resolve().parents[2] / "app.py")
SCRI_INDICATORS = load_dataset().instrument("scri").indicator_ids


def weights_editor(language: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = language
    at.session_state["whatif.edit"] = "weights and method"
    at.run()
    at.switch_page("pages/what_if.py").run()
    assert not at.exception
    return at


def test_with_every_slider_at_zero_no_label_claims_a_share():
    at = weights_editor("ru")
    for indicator in SCRI_INDICATORS:
        at.slider(key=f"weight.scri.{indicator}").set_value(0.0).run()
    assert "равны нулю" in at.error[0].value  # refused: the scenario keeps its last valid weights
    sliders = [at.slider(key=f"weight.scri.{indicator}") for indicator in SCRI_INDICATORS]
    assert [slider.value for slider in sliders] == [0.0] * len(SCRI_INDICATORS)
    assert sliders[-1].label == "Государственно-частное партнёрство"  # not "· 100%" beside a slider at 0
    assert not any("%" in slider.label for slider in sliders)


def test_after_the_zero_screen_one_rating_counts_for_all():
    at = weights_editor("ru")
    for indicator in SCRI_INDICATORS:
        at.slider(key=f"weight.scri.{indicator}").set_value(0.0).run()
    at.slider(key="weight.scri.economic_potential").set_value(2.0).run()
    assert not at.error
    assert at.slider(key="weight.scri.economic_potential").label == "Экономический потенциал · 100%"
    assert at.slider(key="weight.scri.digital_infrastructure").label == "Цифровая инфраструктура · 0%"
