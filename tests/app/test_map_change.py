"""The map compared with an earlier round (AppTest on a temporary round store): the ranking and the
legend carry each town's change in points, in the page's language; unreadable rounds are not offered."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from streamlit.testing.v1 import AppTest

from smartcity.data import load_dataset
from smartcity.scenario import Scenario
from smartcity.store.rounds import PAPER_ROUND_ID, Round, RoundStore
from tests.app.helpers import ranking

APP = str(Path(__file__).resolve().parents[2] / "app.py")
DATASET = load_dataset()
SCRI = DATASET.instrument("scri").indicator_ids
COMPARE = "map_compare_round"



def closed_round(store: RoundStore, title: str, value: int, publish: bool) -> Round:
    """A closed round of Shu's SCRI where one researcher scored every indicator ``value``."""
    round_, key = store.create_round(DATASET, title, ["shu"], ["scri"], opens=date(2026, 3, 1))
    token = store.new_token(round_.id)
    store.submit(DATASET, round_.id, token, "researchers", {("shu", "scri", i): value for i in SCRI})
    if publish:
        store.publish(round_.id, key)
    return store.close_round(round_.id, key)


def home(scenario: Scenario | None = None, language: str | None = None) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=60)
    if language is not None:
        app.query_params["lang"] = language
    if scenario is not None:
        app.session_state["scenario"] = scenario
    app.run()
    assert not app.exception
    return app


def legend(app: AppTest) -> str:
    return next(element.proto.body for element in app.get("html") if "smartcity-legend" in element.proto.body)


def test_without_a_comparison_the_ranking_has_no_change(store):
    app = home()
    assert app.selectbox(key=COMPARE).value == ""
    assert ranking(app) == [("1", "Shu", "43%"), ("2", "Shalkar", "34%"), ("3", "Ayagoz", "31%")]


def test_the_papers_round_against_a_what_if_change_shows_plus_nine_points(store):
    # Shu's digital infrastructure 2 -> 5: SCRI 15/35 = 43% -> 18/35 = 51%, +8.57 points, shown +9.
    app = home(Scenario(overrides=((("shu", "scri", "digital_infrastructure"), 5.0),)))
    app.selectbox(key=COMPARE).set_value(PAPER_ROUND_ID).run()
    assert ranking(app) == [
        ("1", "Shu", "51% (▲+9)"),
        ("2", "Shalkar", "34% (0)"),
        ("3", "Ayagoz", "31% (0)"),
    ]
    assert "Shu · 51% (▲+9)" in legend(app)
    assert any("change in percentage points since" in caption.value for caption in app.caption)


def test_a_published_closed_round_is_offered_and_the_fall_since_it_shows_in_russian(store):
    published = closed_round(store, "Шу, весна 2026", 4, publish=True)  # SCRI 4 of 5: 80%
    closed_round(store, "Private", 5, publish=False)
    app = home(language="ru")
    options = app.selectbox(key=COMPARE).options
    assert options[1] == "май 2025 · Опрос статьи (Турданова, Муздыбаева и Доган, 2025)"
    assert (
        len(options) == 3 and options[2].endswith(" · Шу, весна 2026") and "Private" not in " ".join(options)
    )
    app.selectbox(key=COMPARE).set_value(published.id).run()
    # The paper's 42.86% against the round's 80%: −37.14 points, shown −37; only Shu was assessed.
    assert ranking(app)[0] == ("1", "Шу", "43% (▼−37)")
    assert ranking(app)[1] == ("2", "Шалкар", "34%")
    assert "Шу · 43% (▼−37)" in legend(app)


def test_a_round_that_did_not_ask_the_instrument_shows_no_change_and_says_so(store):
    published = closed_round(store, "Shu SCRI", 4, publish=True)
    app = home()
    app.radio(key="map_instrument").set_value("governance").run()
    app.selectbox(key=COMPARE).set_value(published.id).run()
    assert all("(" not in row[2] for row in ranking(app))
    assert any("there is no change to show" in info.value for info in app.info)
