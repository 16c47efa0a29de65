"""The brief's "Since the previous round": a line per town when the scenario's scores come from a
round layer with a round before it, in en/ru/kk, read back from the PDF with pypdf; nothing otherwise."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

import pytest
from pypdf import PdfReader

from smartcity.analysis.consensus import paper_scores, round_layer
from smartcity.analysis.over_time import RoundScores, stored_history
from smartcity.data import load_dataset
from smartcity.files import brief
from smartcity.files.brief.text import since_previous_round
from smartcity.scenario import Scenario, ScoreLayer, to_json
from smartcity.store.database import database_url
from smartcity.store.rounds import Round, RoundGroup, RoundStore, paper_round
from tests.support.cli import run_cli

DATASET = load_dataset()
SCRI = DATASET.instrument("scri").indicator_ids
# Spring: Shu's digital and physical infrastructure 2 -> 3 (SCRI 15/35 = 43% -> 17/35 = 49%, +5.71
# points), Ayagoz every SCRI indicator 1 (11/35 = 31% -> 7/35 = 20%, -11.43 points).
SPRING_SCORES = {
    ("shu", "scri", "digital_infrastructure"): 3.0,
    ("shu", "scri", "physical_infrastructure"): 3.0,
    **{("ayagoz", "scri", indicator): 1.0 for indicator in SCRI},
}
EXPECTED = {
    "en": (
        "Since the previous round",
        "Since May 2025: Shu +6 points (SCRI 43% → 49%).",
        "Since May 2025: Ayagoz −11 points (SCRI 31% → 20%).",
    ),
    "ru": (
        "Изменения с предыдущего раунда",
        "По сравнению с предыдущим раундом (май 2025): Шу +6 п. п. (SCRI 43% → 49%).",
        "По сравнению с предыдущим раундом (май 2025): Аягоз −11 п. п. (SCRI 31% → 20%).",
    ),
    "kk": (
        "Алдыңғы кезеңнен бергі өзгерістер",
        "Алдыңғы кезеңмен (мамыр 2025) салыстырғанда: Шу +6 п. т. (SCRI 43% → 49%).",
        "Алдыңғы кезеңмен (мамыр 2025) салыстырғанда: Аягөз −11 п. т. (SCRI 31% → 20%).",
    ),
}


def spring() -> RoundScores:
    moment = datetime(2026, 4, 30, tzinfo=UTC)
    round_ = Round(
        "spring", "Spring", ("shu", "ayagoz"), ("scri",), (RoundGroup("researchers", 5),),
        date(2026, 4, 1), None, ("en",), moment, moment,
    )  # fmt: skip
    return RoundScores(round_, SPRING_SCORES)


HISTORY = [RoundScores(paper_round(DATASET), paper_scores(DATASET)), spring()]
FROM_SPRING = Scenario(
    layers=(ScoreLayer("round-spring", "Spring (2026-04-30)", tuple(SPRING_SCORES.items())),)
)


def text_of(pdf: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())


@pytest.mark.parametrize("language", ["en", "ru", "kk"])
def test_the_brief_says_what_changed_since_the_previous_round(language):
    text = text_of(brief.pdf_brief(DATASET, FROM_SPRING, language, "Spring", figures=[], history=HISTORY))
    for expected in EXPECTED[language]:
        assert expected in text


def test_one_point_is_singular_and_shalkar_not_in_the_round_gets_no_line():
    one_up = {("shu", "scri", "environmental_sustainability"): 1.35}  # 15.35/35: +1 point (43% -> 44%)
    history = [HISTORY[0], RoundScores(spring().round, one_up)]
    scenario = Scenario(layers=(ScoreLayer("round-spring", "Spring", tuple(one_up.items())),))
    assert since_previous_round(DATASET, scenario, history, "en") == [
        "Since May 2025: Shu +1 point (SCRI 43% → 44%)."
    ]


@pytest.mark.parametrize(
    ("scenario", "history"),
    [
        (Scenario(), HISTORY),  # no round layer
        (FROM_SPRING, HISTORY[1:]),  # the layer's round is the first one known
        (FROM_SPRING, ()),  # nobody passed the rounds
        (Scenario(layers=(ScoreLayer("survey-x", "a file", tuple(SPRING_SCORES.items())),)), HISTORY),
    ],
)
def test_without_a_round_layer_after_another_round_the_brief_has_no_such_section(scenario, history):
    assert since_previous_round(DATASET, scenario, history, "en") == []
    text = text_of(brief.pdf_brief(DATASET, scenario, "en", "Plain", figures=[], history=history))
    assert "Since the previous round" not in text


def test_the_command_lines_brief_compares_with_the_stores_published_rounds(tmp_path, monkeypatch):
    monkeypatch.setenv("SMARTCITY_DB", str(tmp_path / "rounds.db"))
    monkeypatch.delenv("SMARTCITY_DB_URL", raising=False)
    store = RoundStore(database_url())
    round_, key = store.create_round(DATASET, "Spring", ["shu"], ["scri"], opens=date(2026, 3, 1))
    answers = {("shu", "scri", indicator): 3 for indicator in SCRI}  # 21/35 = 60%: +17 points
    store.submit(DATASET, round_.id, store.new_token(round_.id), "researchers", answers)
    store.publish(round_.id, key)
    closed = store.close_round(round_.id, key)
    layer = round_layer(closed, store.responses(DATASET, round_.id, key))
    store.close()
    assert [entry.round.id for entry in stored_history(DATASET)] == ["paper-2025-05", round_.id]
    scenario_file = tmp_path / "scenario.json"
    scenario_file.write_text(to_json(Scenario(layers=(layer,))))
    out = tmp_path / "brief.pdf"
    run = run_cli("brief", "--scenario", str(scenario_file), "--out", str(out))
    assert run.returncode == 0, run.stderr
    assert "Since May 2025: Shu +17 points (SCRI 43% → 60%)." in text_of(out.read_bytes())


def test_an_unpublished_round_is_not_read_by_the_command_line(tmp_path):
    url = f"sqlite:///{tmp_path / 'rounds.db'}"
    store = RoundStore(url)
    round_, key = store.create_round(DATASET, "Private", ["shu"], ["scri"])
    store.submit(DATASET, round_.id, store.new_token(round_.id), "researchers", {("shu", "scri", SCRI[0]): 5})
    store.close_round(round_.id, key)
    store.close()
    history = stored_history(DATASET, environ={"SMARTCITY_DB_URL": url})
    assert [entry.round.id for entry in history] == ["paper-2025-05"]
