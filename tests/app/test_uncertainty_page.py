"""The uncertainty page: intervals, ranks, sensitivity and the planner follow the scenario and the seed."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from smartcity.data import load_dataset
from smartcity.model import City
from smartcity.scenario import Scenario, ScoreLayer

ROOT = Path(__file__).resolve().parents[2]
DATASET = load_dataset()
SCRI = DATASET.instrument("scri").indicator_ids


def open_page(scenario: Scenario | None = None, **state: object) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    if scenario is not None:
        at.session_state["scenario"] = scenario
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    at.switch_page("pages/uncertainty.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def interval_table(at: AppTest) -> pd.DataFrame:
    """The intervals chart's "show data" table, indexed by city name."""
    frame = next(d.value for d in at.dataframe if "Median, %" in d.value.columns)
    return frame.set_index("City")


def planner_text(at: AppTest) -> str:
    return next(m.value for m in reversed(at.markdown) if "Shu" in m.value or "Шу" in m.value)


def opening(at: AppTest) -> tuple[list[str], str]:
    """The bullets (markdown escapes removed) and the caption right under the page title."""
    elements = [e for e in at.main.children.values() if e.type != "bidi_component"]  # the page's lang setter
    assert elements[0].type == "title"
    summary, caption = (element.value for element in elements[1].children.values())
    bullets = [re.sub(r"\\(.)", r"\1", line[2:]) for line in summary.splitlines()]
    return bullets, caption


PLAIN = {  # the SCRI summary of the paper's scenario, as each language says it
    "en": (
        re.compile(r"Shu leads in 9\d of 100 plausible variations\."),
        re.compile(r"Shalkar and Ayagoz swap places in \d+ of 100 plausible variations\."),
        "No change of ±1 point in one indicator changes the leader.",
        ["How much the scores and weights vary (settings)", "How far each town's score could move",
         "How likely each town is to take each place", "Which inputs matter most"],
    ),
    "ru": (
        re.compile(r"Шу на первом месте в 9\d из 100 правдоподобных вариантов\."),
        re.compile(r"Шалкар и Аягоз меняются местами в \d+ из 100 правдоподобных вариантов\."),
        "Никакое изменение одного показателя на ±1 балл не меняет лидера.",
        ["Насколько меняются оценки и веса (настройки)", "Насколько может измениться оценка каждого города",
         "Насколько вероятно каждое место для каждого города", "Какие исходные данные влияют сильнее всего"],
    ),
    "kk": (
        re.compile(r"Шу 100 ықтимал нұсқаның 9\d нұсқасында бірінші орында\."),
        re.compile(r"Шалқар және Аягөз 100 ықтимал нұсқаның \d+ нұсқасында орын ауыстырады\."),
        "Бір көрсеткішті ±1 балға өзгертудің ешбірі көшбасшыны ауыстырмайды.",
        ["Бағалар мен салмақтар қаншалықты өзгереді (баптаулар)",
         "Әр қаланың бағасы қаншалықты өзгеруі мүмкін",
         "Әр қаланың әр орынға ие болу ықтималдығы", "Қай бастапқы деректер көбірек әсер етеді"],
    ),
}  # fmt: skip


@pytest.mark.parametrize("language", ["en", "ru", "kk"])
def test_the_page_opens_with_three_plain_lines_and_keeps_the_method_in_expanders(language):
    at = open_page(language=language)
    lead, swap, one_point, sections = PLAIN[language]
    bullets, caption = opening(at)
    assert len(bullets) == 3
    assert lead.fullmatch(bullets[0]) and swap.fullmatch(bullets[1]) and bullets[2] == one_point
    # The instrument it is about, and the default noise in the same words as the settings.
    assert caption.startswith("SCRI: ") and "±0" in caption and "25%" in caption
    expanders = [e for e in at.main.children.values() if e.type == "expander"]
    assert [e.label for e in expanders][:4] == sections  # then the planner's costs
    # Every chart (intervals, ranks, pairs, Sobol, leave-one-out) is inside those expanders.
    assert sum(len(e.get("plotly_chart")) for e in expanders) == len(at.get("plotly_chart")) == 5


def test_a_one_point_gap_is_said_in_the_summary():
    close = Scenario(
        overrides=((("shalkar", "scri", "digital_infrastructure"), 4.0),)
    )  # 14 of 35 to Shu's 15
    bullets, _ = opening(open_page(close))
    assert bullets[2] == (
        "13 changes of ±1 point in one indicator change the leader, "
        "for example Shalkar: Digital Infrastructure 4 → 5."
    )


def test_the_page_shows_every_part_with_the_seed_in_view():
    at = open_page()
    headers = [s.value for s in at.subheader]
    assert headers == [
        "Scores with their 5–95% interval",
        "How likely is each rank",
        "Who scores above whom",
        "What drives the uncertainty",
        "Leave one indicator out",
        "Target planner",
    ]
    assert any("10,000 draws, seed 2025" in c.value for c in at.caption)
    assert len(at.get("plotly_chart")) == 5


def test_without_noise_the_intervals_collapse_to_the_papers_scores():
    at = open_page()
    at.slider(key="uncertainty.score_noise").set_value(0.0)
    at.slider(key="uncertainty.weight_noise").set_value(0.0).run()
    table = interval_table(at)
    # Table 2: Shu 15/35, Shalkar 12/35, Ayagoz 11/35.
    for city, percent in (("Shu", "42.86"), ("Shalkar", "34.29"), ("Ayagoz", "31.43")):
        assert list(table.loc[city]) == [percent] * 4
    assert any("Nothing is uncertain" in i.value for i in at.info)


def test_a_seed_reproduces_its_figure():
    at = open_page()
    first = interval_table(at)
    at.number_input(key="uncertainty.seed").set_value(7).run()
    assert any("seed 7" in c.value for c in at.caption)
    assert not interval_table(at).equals(first)
    at.number_input(key="uncertainty.seed").set_value(2025).run()
    assert interval_table(at).equals(first)


def test_the_results_follow_the_scenario():
    raised = Scenario(overrides=tuple((("shu", "scri", i), 4.0) for i in SCRI))
    at = open_page(raised)
    assert interval_table(at).loc["Shu", "Scenario score, %"] == "80.00"
    # 28 of 35 now; the next band starts at 90%, so 31.5 points: 32, four steps.
    assert "to reach 90%" in planner_text(at) and "4 steps" in planner_text(at)


def test_the_planner_explains_the_cheapest_steps_and_a_new_target():
    at = open_page()
    assert "Environmental Sustainability 1→3" in planner_text(at)  # Shu, SCRI, next band at 50%
    at.number_input(key="uncertainty.target.scri.shu").set_value(100.0).run()
    # Every SCRI indicator of Shu (Table 2: 2, 2, 2, 3, 3, 1, 2) raised to 5: 20 steps.
    assert "20 steps" in planner_text(at)


def test_the_page_speaks_russian_with_decimal_commas():
    at = open_page(language="ru")
    assert at.title[0].value == "Неопределённость"
    assert "шага" in planner_text(at) and "42,86%" in planner_text(at)


def test_survey_responses_are_resampled_when_loaded():
    rng = np.random.default_rng(1)
    rows = [
        (f"r{n}", "civil_society", city, "scri", indicator, float(rng.integers(1, 6)))
        for city in DATASET.city_ids
        for n in range(12)
        for indicator in SCRI
    ]
    frame = pd.DataFrame(
        rows, columns=["respondent_id", "stakeholder_group", "city", "instrument", "indicator", "score"]
    )
    means = frame.groupby(["city", "instrument", "indicator"])["score"].mean()
    layer = ScoreLayer("round1", "survey", tuple(((c, i, k), float(v)) for (c, i, k), v in means.items()))
    at = open_page(Scenario(layers=(layer,)), survey_responses={"round1": frame})
    assert at.toggle(key="uncertainty.bootstrap").value is True
    assert any("respondents resampled" in c.value for c in at.caption)
    at.slider(key="uncertainty.score_noise").set_value(0.0)
    at.slider(key="uncertainty.weight_noise").set_value(0.0).run()
    resampled = interval_table(at)
    # Twelve respondents with spread-out answers: resampling them alone moves every city's score.
    assert all(float(resampled.loc[c, "5th percentile, %"]) < float(resampled.loc[c, "95th percentile, %"])
               for c in ("Shu", "Ayagoz", "Shalkar"))  # fmt: skip
    at.toggle(key="uncertainty.bootstrap").set_value(False).run()
    fixed = interval_table(at)
    assert all(fixed.loc[c, "5th percentile, %"] == fixed.loc[c, "95th percentile, %"] for c in fixed.index)


def test_an_added_citys_name_is_shown_as_text():
    city = City(
        id="x1", names={"en": "<b>Bold</b>"}, region_iso="KZ-10", latitude=None, longitude=None, origin="user"
    )
    scenario = Scenario(added_cities=(city,), overrides=tuple((("x1", "scri", i), 2.0) for i in SCRI))
    at = open_page(scenario)
    assert "<b>Bold</b>" in interval_table(at).index
    labels = json.loads(at.get("plotly_chart")[0].proto.spec)["data"][0]["x"]
    assert "&lt;b&gt;Bold&lt;/b&gt;" in labels and "<b>Bold</b>" not in labels
