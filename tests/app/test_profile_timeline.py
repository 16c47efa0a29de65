"""A town's profile over the rounds (AppTest, a temporary round store with two closed rounds): the
line chart's points per round and instrument, and the indicator table with a column per round."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from smartcity.data import load_dataset
from smartcity.store.database import rounds
from smartcity.store.rounds import Round, RoundStore

APP = str(Path(__file__).resolve().parents[2] / "app.py")
DATASET = load_dataset()
SCRI = DATASET.instrument("scri").indicator_ids



def closed_round(store: RoundStore, title: str, answers: dict, closed: date, publish: bool = True) -> Round:
    """A round of Shu answered by one researcher, closed on ``closed`` (set in the table, as history)."""
    round_, key = store.create_round(DATASET, title, ["shu"], ["scri", "governance"], opens=date(2025, 6, 1))
    store.submit(DATASET, round_.id, store.new_token(round_.id), "researchers", answers)
    if publish:
        store.publish(round_.id, key)
    store.close_round(round_.id, key)
    engine = sa.create_engine(store.url, poolclass=sa.NullPool)
    with engine.begin() as connection:
        moment = datetime(closed.year, closed.month, closed.day, tzinfo=UTC)
        connection.execute(rounds.update().where(rounds.c.id == round_.id).values(closed_at=moment))
    engine.dispose()
    return round_


def profile(city: str = "shu", language: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["selected_city"] = city
    if language is not None:
        at.query_params["lang"] = language
    at.run()
    at.switch_page("pages/profile.py").run()
    assert not at.exception, at.exception
    return at


def frames(at: AppTest):
    return [element.value for element in at.dataframe]


def test_two_closed_rounds_give_a_line_per_instrument_and_a_column_per_round(store):
    autumn = {**{("shu", "scri", i): 3 for i in SCRI}, ("shu", "governance", "ppp_mechanism"): 4}
    closed_round(store, "Autumn 2025", autumn, date(2025, 11, 20))
    closed_round(store, "Spring 2026", {("shu", "scri", i): 4 for i in SCRI}, date(2026, 5, 15))
    closed_round(store, "Private", {("shu", "scri", i): 1 for i in SCRI}, date(2026, 6, 1), publish=False)
    at = profile()
    assert any(header.value == "Over the rounds" for header in at.subheader)
    chart = next(frame for frame in frames(at) if "Readiness, %" in frame.columns)
    scri = chart[chart["Instrument"] == "SCRI"]
    # Paper 15/35; autumn every SCRI indicator 3 (60%); spring every one 4 (80%); not the private round.
    assert scri[["Date", "Readiness, %"]].values.tolist() == [
        ["May 2025", "43%"],
        ["November 2025", "60%"],
        ["May 2026", "80%"],
    ]
    governance = chart[chart["Instrument"] == "Governance"]
    assert governance["Date"].tolist() == ["May 2025", "November 2025"]  # spring did not ask it
    table = next(frame for frame in frames(at) if "Change" in frame.columns).set_index("Indicator")
    assert list(table.columns) == ["Instrument", "May 2025", "November 2025", "May 2026", "Change"]
    assert table.loc["Digital Infrastructure"].tolist() == ["SCRI", "2", "3", "4", "▲+1"]
    assert table.loc["Environmental Sustainability"].tolist() == ["SCRI", "1", "3", "4", "▲+1"]
    assert table.loc["Public-Private Partnership (PPP) Mechanism"].tolist() == [
        "Governance",
        "3",
        "4",
        "—",
        "—",
    ]


def test_with_only_the_papers_round_the_profile_says_where_rounds_come_from(store):
    closed_round(store, "Private", {("shu", "scri", i): 1 for i in SCRI}, date(2026, 6, 1), publish=False)
    at = profile(language="ru")
    assert any(header.value == "По раундам" for header in at.subheader)
    assert any("единственный раунд" in info.value for info in at.info)
