"""Assessment rounds in the store: create, keys, tokens, submissions, close, publish, export, migration,
and many processes submitting at once (or killed mid-submit).

Every test taking ``empty_url`` or ``rounds_store`` runs on SQLite and on a real PostgreSQL (a throwaway
cluster from tests/support/postgres.py, one fresh database per test), as tests/unit/test_store.py does.
"""

from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smartcity.data import load_dataset
from smartcity.files.round_export import responses_csv, responses_xlsx
from smartcity.files.survey import aggregate, read_survey
from smartcity.model import City
from smartcity.scenario import Scenario
from smartcity.store import database
from smartcity.store.rounds import (
    LONG_COLUMNS,
    Round,
    RoundGroup,
    RoundStore,
    StoreError,
    group_links,
    paper_round,
    respondent_link,
)
from smartcity.store.scenarios import ScenarioStore
from tests.support.processes import race, racing

DATASET = load_dataset()
ROOT = Path(__file__).resolve().parents[2]
SCRI = DATASET.instrument("scri").indicator_ids
DIGITAL = ("shu", "scri", "digital_infrastructure")
PHYSICAL = ("shu", "scri", "physical_infrastructure")
PROCESS_TIMEOUT_SECONDS = 120


@pytest.fixture
def rounds_store(empty_url: sa.URL) -> Iterator[RoundStore]:
    opened = RoundStore(empty_url)
    yield opened
    opened.close()


def _scri_round(store: RoundStore, **options: Any) -> tuple[Round, str]:
    return store.create_round(DATASET, "Shu and Ayagoz, autumn", ["shu", "ayagoz"], ["scri"], **options)


def _error_key(call: Any) -> str:
    with pytest.raises(StoreError) as caught:
        call()
    return caught.value.key


# --- creating a round and its organiser key ---------------------------------------------------------


def test_a_new_round_has_the_papers_groups_links_and_a_key_stored_only_as_its_hash(rounds_store: RoundStore):
    round_, key = _scri_round(rounds_store, closes=date(2099, 1, 31))
    assert [(g.id, g.target) for g in round_.groups] == [
        ("local_government", 9),
        ("planners_architects", 5),
        ("ict_professionals", 4),
        ("civil_society", 23),
        ("researchers", 12),
    ]
    assert (round_.city_ids, round_.instrument_ids, round_.closes) == (
        ("shu", "ayagoz"),
        ("scri",),
        date(2099, 1, 31),
    )
    assert (
        len(key) == 43 and key.isalnum() and key.isascii()
    )  # 43 * log2(62) = 256 bits, >= the 128 asked for
    assert len(round_.id) == 16 and round_.id.isalnum()
    assert rounds_store.get(round_.id) == round_
    assert respondent_link(round_) == f"answer?round={round_.id}"
    assert group_links(round_)["civil_society"] == f"answer?round={round_.id}&group=civil_society"
    engine = sa.create_engine(rounds_store.url, poolclass=sa.NullPool)
    with engine.connect() as connection:
        stored = connection.execute(sa.text("SELECT key_hash FROM rounds")).scalar_one()
        everything = " ".join(map(str, connection.execute(sa.text("SELECT * FROM rounds")).one()))
    engine.dispose()
    assert stored == hashlib.sha256(key.encode()).hexdigest()
    assert key not in everything


def test_every_organiser_action_needs_the_rounds_own_key(rounds_store: RoundStore):
    round_, key = _scri_round(rounds_store)
    other, other_key = _scri_round(rounds_store)
    for wrong in ("", key[:-1] + ("A" if key[-1] != "A" else "B"), other_key, "x" * 500):
        assert _error_key(lambda w=wrong: rounds_store.check_key(round_.id, w)) == "round_key_wrong"
        assert _error_key(lambda w=wrong: rounds_store.close_round(round_.id, w)) == "round_key_wrong"
        assert _error_key(lambda w=wrong: rounds_store.publish(round_.id, w)) == "round_key_wrong"
        assert _error_key(lambda w=wrong: rounds_store.responses(DATASET, round_.id, w)) == "round_key_wrong"
        assert _error_key(lambda w=wrong: rounds_store.comments(round_.id, w)) == "round_key_wrong"
    assert _error_key(lambda: rounds_store.responses(DATASET, round_.id)) == "round_key_wrong"
    assert not rounds_store.get(round_.id).is_closed and not rounds_store.get(round_.id).published
    assert rounds_store.check_key(other.id, other_key) == other


@pytest.mark.parametrize(
    ("options", "key", "named"),
    [
        ({"title": "  "}, "round_title_empty", ""),
        ({"title": "x" * 201}, "round_text_too_long", "title"),
        ({"title": "a\x07b"}, "round_text_invalid", "title"),
        ({"city_ids": ["shu", "atlantis"]}, "round_unknown_choice", "atlantis"),
        ({"city_ids": []}, "round_none_chosen", "city"),
        ({"instrument_ids": []}, "round_none_chosen", "instrument"),
        ({"instrument_ids": ["scri", "happiness"]}, "round_unknown_choice", "happiness"),
        ({"groups": [RoundGroup("astronauts", 3)]}, "round_unknown_choice", "astronauts"),
        ({"groups": [RoundGroup("researchers", -1)]}, "round_bad_target", "researchers"),
        ({"groups": [RoundGroup("researchers", 2), RoundGroup("researchers", 3)]}, "round_group_twice", ""),
        ({"languages": ["en", "de"]}, "round_unknown_choice", "de"),
        ({"opens": date(2026, 5, 2), "closes": date(2026, 5, 1)}, "round_dates", "2026-05-01"),
    ],
)
def test_a_bad_round_definition_is_refused_by_name_and_nothing_is_stored(
    tmp_path: Path, options: dict[str, Any], key: str, named: str
):
    store = RoundStore(f"sqlite:///{tmp_path / 'rounds.db'}")
    arguments: dict[str, Any] = {"title": "Autumn", "city_ids": ["shu"], **options}
    with pytest.raises(StoreError) as caught:
        store.create_round(DATASET, **arguments)
    assert caught.value.key == key and named in str(caught.value)
    assert store.list() == []
    store.close()


def test_an_added_town_can_be_assessed_when_the_caller_passes_it(tmp_path: Path):
    store = RoundStore(f"sqlite:///{tmp_path / 'rounds.db'}")
    aral = City("aral", {"en": "Aral", "kk": "Арал", "ru": "Аральск"}, "KZ-43", 46.8, 61.67, origin="user")
    round_, _ = store.create_round(DATASET, "Aral", ["aral", "shu"], cities=[*DATASET.cities, aral])
    assert round_.city_ids == ("aral", "shu")
    assert _error_key(lambda: store.create_round(DATASET, "Aral", ["aral"])) == "round_unknown_choice"
    store.close()


def test_the_papers_survey_is_the_first_closed_round_of_may_2025():
    first = paper_round(DATASET)
    assert first.is_closed and first.published
    assert (first.opens, first.closes) == (date(2025, 5, 1), date(2025, 5, 31))
    assert sum(group.target for group in first.groups) == 53
    assert first.city_ids == ("shu", "ayagoz", "shalkar")
    assert "Опрос" in paper_round(DATASET, "ru").title


# --- respondents: tokens and submissions -------------------------------------------------------------


def test_a_submission_is_kept_per_token_and_a_resubmit_amends_it_without_counting_twice(
    rounds_store: RoundStore,
):
    round_, key = _scri_round(rounds_store)
    token = rounds_store.new_token(round_.id)
    assert rounds_store.response(round_.id, token) is None
    first = rounds_store.submit(
        DATASET, round_.id, token, "civil_society", {DIGITAL: np.int64(2), PHYSICAL: None}
    )
    assert dict(first.answers) == {DIGITAL: 2.0, PHYSICAL: None}
    rounds_store.submit(
        DATASET, round_.id, token, "civil_society", {DIGITAL: 2, PHYSICAL: None}
    )  # double click
    amended = rounds_store.submit(
        DATASET, round_.id, token, "researchers", {DIGITAL: 4}, {"scri": "Wi-Fi at the station <b>only</b>"}
    )
    reloaded = rounds_store.response(round_.id, token)
    assert reloaded is not None
    assert (reloaded.group_id, dict(reloaded.answers)) == ("researchers", {DIGITAL: 4.0})
    assert dict(reloaded.comments) == {"scri": "Wi-Fi at the station <b>only</b>"}
    assert reloaded.submitted_at == first.submitted_at <= reloaded.updated_at == amended.updated_at
    frame = rounds_store.responses(DATASET, round_.id, key)
    assert list(frame.columns) == list(LONG_COLUMNS)
    assert frame[["stakeholder_group", "city", "instrument", "indicator", "score"]].astype(
        str
    ).values.tolist() == [["researchers", "shu", "scri", "digital_infrastructure", "4.0"]]
    assert (
        token not in frame["respondent_id"].iloc[0]
        and token.split(".")[0] not in frame["respondent_id"].iloc[0]
    )


def test_a_token_of_another_round_or_a_tampered_one_is_refused_and_nothing_is_written(
    rounds_store: RoundStore,
):
    round_, key = _scri_round(rounds_store)
    other, _ = _scri_round(rounds_store)
    token = rounds_store.new_token(round_.id)
    foreign = rounds_store.new_token(other.id)
    flipped = token[:-1] + ("A" if token[-1] != "A" else "B")
    random_part, mac = token.split(".")
    for bad in (foreign, flipped, random_part, f"{mac}.{random_part}", "", "../../etc", token + "x"):
        assert (
            _error_key(
                lambda t=bad: rounds_store.submit(DATASET, round_.id, t, "civil_society", {DIGITAL: 3})
            )
            == "round_token_invalid"
        )
        assert _error_key(lambda t=bad: rounds_store.response(round_.id, t)) == "round_token_invalid"
    assert rounds_store.responses(DATASET, round_.id, key).empty
    assert _error_key(lambda: rounds_store.new_token("no-such-round-id")) == "round_not_found"
    assert _error_key(lambda: rounds_store.new_token("A" * 16)) == "round_not_found"


@pytest.mark.parametrize(
    ("group", "answers", "comments", "key", "named"),
    [
        ("civil_society", {DIGITAL: 6}, {}, "round_answer_bad", "shu.scri.digital_infrastructure"),
        ("civil_society", {DIGITAL: 0}, {}, "round_answer_bad", "0"),
        ("civil_society", {DIGITAL: 2.5}, {}, "round_answer_bad", "2.5"),
        ("civil_society", {DIGITAL: True}, {}, "round_answer_bad", "True"),
        ("civil_society", {DIGITAL: "3"}, {}, "round_answer_bad", "3"),
        ("civil_society", {DIGITAL: np.float64(3.5)}, {}, "round_answer_bad", "3.5"),
        ("civil_society", {DIGITAL: float("inf")}, {}, "round_answer_bad", "inf"),
        ("civil_society", {DIGITAL: float("nan")}, {}, "round_answer_bad", "nan"),
        (
            "civil_society",
            {("shalkar", "scri", "digital_infrastructure"): 3},
            {},
            "round_answer_unknown",
            "shalkar",
        ),
        (
            "civil_society",
            {("shu", "governance", "ppp_mechanism"): 3},
            {},
            "round_answer_unknown",
            "governance",
        ),
        ("civil_society", {("shu", "scri", "happiness"): 3}, {}, "round_answer_unknown", "happiness"),
        ("civil_society", {}, {}, "round_answers_empty", ""),
        ("astronauts", {DIGITAL: 3}, {}, "round_unknown_group", "astronauts"),
        (
            "civil_society",
            {DIGITAL: 3},
            {"governance": "x"},
            "round_comment_unknown",
            "Governance Challenges",
        ),
        ("civil_society", {DIGITAL: 3}, {"scri": "x" * 1001}, "round_text_too_long", "1000"),
        ("civil_society", {DIGITAL: 3}, {"scri": "bell\x07"}, "round_text_invalid", "comment.scri"),
    ],
)
def test_a_bad_answer_sheet_is_refused_by_name_and_nothing_is_written(
    tmp_path: Path, group: str, answers: dict[Any, Any], comments: dict[str, str], key: str, named: str
):
    store = RoundStore(f"sqlite:///{tmp_path / 'rounds.db'}")
    round_, organiser_key = _scri_round(store)
    token = store.new_token(round_.id)
    with pytest.raises(StoreError) as caught:
        store.submit(DATASET, round_.id, token, group, {PHYSICAL: 2, **answers} if answers else {}, comments)
    assert caught.value.key == key and named in str(caught.value)
    assert store.response(round_.id, token) is None
    assert store.responses(DATASET, round_.id, organiser_key).empty
    store.close()


def test_a_comment_of_a_thousand_characters_in_any_script_is_kept(tmp_path: Path):
    store = RoundStore(f"sqlite:///{tmp_path / 'rounds.db'}")
    round_, key = _scri_round(store)
    token = store.new_token(round_.id)
    text = ("Вокзал және <script>alert(1)</script>\n=SUM(A1) " * 40)[:1000]
    store.submit(DATASET, round_.id, token, "researchers", {DIGITAL: 1}, {"scri": text})
    assert store.comments(round_.id, key)["comment"].tolist() == [text.strip()]
    store.close()


def test_a_closed_round_takes_no_answers_and_stays_readable(rounds_store: RoundStore):
    round_, key = _scri_round(rounds_store)
    token = rounds_store.new_token(round_.id)
    rounds_store.submit(DATASET, round_.id, token, "civil_society", {DIGITAL: 3})
    closed = rounds_store.close_round(round_.id, key)
    assert closed.is_closed and rounds_store.get(round_.id).closed_at == closed.closed_at
    assert (
        rounds_store.close_round(round_.id, key).closed_at == closed.closed_at
    )  # closing twice changes nothing
    fresh = rounds_store.new_token(round_.id)
    for sheet_token in (token, fresh):
        refused = _error_key(
            lambda t=sheet_token: rounds_store.submit(DATASET, round_.id, t, "civil_society", {DIGITAL: 5})
        )
        assert refused == "round_closed"
    saved = rounds_store.response(round_.id, token)
    assert saved is not None and dict(saved.answers) == {DIGITAL: 3.0}
    assert rounds_store.responses(DATASET, round_.id, key)["score"].tolist() == [3.0]


def test_a_round_past_its_closing_day_or_before_its_opening_day_takes_no_answers(tmp_path: Path):
    store = RoundStore(f"sqlite:///{tmp_path / 'rounds.db'}")
    round_, key = _scri_round(store, opens=date(2026, 3, 1), closes=date(2026, 3, 31))
    token = store.new_token(round_.id)

    def submit_at(moment: datetime) -> Any:
        return store.submit(DATASET, round_.id, token, "researchers", {DIGITAL: 2}, now=moment)

    assert _error_key(lambda: submit_at(datetime(2026, 4, 1, 0, 0, 1, tzinfo=UTC))) == "round_expired"
    assert _error_key(lambda: submit_at(datetime(2026, 2, 28, 23, 59, tzinfo=UTC))) == "round_not_open"
    assert store.response(round_.id, token) is None
    assert submit_at(datetime(2026, 3, 31, 23, 59, tzinfo=UTC)).answers[DIGITAL] == 2.0  # the last day counts
    assert len(store.responses(DATASET, round_.id, key)) == 1
    store.close()


def test_published_results_are_readable_without_the_key_until_withdrawn(rounds_store: RoundStore):
    round_, key = _scri_round(rounds_store)
    rounds_store.submit(DATASET, round_.id, rounds_store.new_token(round_.id), "researchers", {DIGITAL: 4})
    assert rounds_store.publish(round_.id, key).published
    assert rounds_store.responses(DATASET, round_.id)["score"].tolist() == [4.0]
    assert (
        _error_key(lambda: rounds_store.comments(round_.id, "")) == "round_key_wrong"
    )  # comments stay private
    assert not rounds_store.publish(round_.id, key, published=False).published
    assert _error_key(lambda: rounds_store.responses(DATASET, round_.id)) == "round_key_wrong"


def test_rounds_are_listed_oldest_first_and_the_timeline_starts_with_the_papers_survey(
    rounds_store: RoundStore,
):
    first, _ = _scri_round(rounds_store, opens=date(2026, 9, 1))
    second, _ = rounds_store.create_round(DATASET, "Shalkar", ["shalkar"], opens=date(2026, 3, 1))
    assert [r.id for r in rounds_store.list()] == [first.id, second.id]
    assert [r.id for r in rounds_store.timeline(DATASET)] == ["paper-2025-05", second.id, first.id]


def test_no_name_email_or_address_of_a_respondent_is_stored(rounds_store: RoundStore):
    engine = sa.create_engine(rounds_store.url, poolclass=sa.NullPool)
    with engine.connect() as connection:
        columns = {column["name"] for column in sa.inspect(connection).get_columns("round_responses")}
    engine.dispose()
    assert columns == {"round_id", "token", "group_id", "answers", "comments", "submitted_at", "updated_at"}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    answers=st.dictionaries(
        st.sampled_from([(city, "scri", indicator) for city in ("shu", "ayagoz") for indicator in SCRI]),
        st.one_of(st.none(), st.integers(1, 5)),
        min_size=1,
    )
)
def test_any_valid_answer_sheet_reloads_exactly(tmp_path: Path, answers: dict[Any, int | None]):
    store = RoundStore(f"sqlite:///{tmp_path / 'rounds.db'}")
    round_, _ = _scri_round(store)
    token = store.new_token(round_.id)
    store.submit(DATASET, round_.id, token, "ict_professionals", answers)
    reloaded = store.response(round_.id, token)
    store.close()
    assert reloaded is not None and dict(reloaded.answers) == answers


# --- files: the long survey format -------------------------------------------------------------------


def _filled_round(store: RoundStore, respondents: int = 12) -> tuple[Round, str]:
    round_, key = store.create_round(
        DATASET, "Every town", ["shu", "ayagoz", "shalkar"], ["scri", "governance"]
    )
    generator = np.random.default_rng(7)
    questions = [
        (city, instrument, indicator)
        for city in round_.city_ids
        for instrument in round_.instrument_ids
        for indicator in DATASET.instrument(instrument).indicator_ids
    ]
    for person in range(respondents):
        answers = {
            q: None if generator.random() < 0.1 else int(generator.integers(1, 6))
            for q in questions
            if generator.random() < 0.8
        }
        group = round_.group_ids[person % len(round_.group_ids)]
        store.submit(DATASET, round_.id, store.new_token(round_.id), group, answers)
    return round_, key


def _rows(frame: pd.DataFrame) -> list[tuple[str, ...]]:
    return sorted(tuple(str(v) for v in row) for row in frame[list(LONG_COLUMNS)].itertuples(index=False))


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_export_reads_back_through_the_survey_importer_exactly(tmp_path: Path, file_format: str):
    store = RoundStore(f"sqlite:///{tmp_path / 'rounds.db'}")
    round_, key = _filled_round(store)
    frame = store.responses(DATASET, round_.id, key)
    content = (
        responses_csv(frame)
        if file_format == "csv"
        else responses_xlsx(frame, store.comments(round_.id, key))
    )
    read = read_survey(content, f"round.{file_format}", DATASET)
    store.close()
    assert read.ok, [p.describe() for p in read.problems]
    assert read.layout == "long" and len(read.responses) == len(frame) > 100
    assert _rows(read.responses) == _rows(frame)
    assert frame["score"].isna().any()  # "don't know" went through as a blank
    pd.testing.assert_frame_equal(aggregate(read.responses).overall, aggregate(frame).overall)
    pd.testing.assert_frame_equal(aggregate(read.responses).by_group, aggregate(frame).by_group)


# --- schema migration -----------------------------------------------------------------------------


def test_a_version_3_database_gains_rounds_and_loses_no_scenario_or_short_link(empty_url: sa.URL):
    payload = '{"format": "smartcity-scenario", "version": 1, "method": "goalpost"}'
    moment = datetime(2025, 6, 1, 10, tzinfo=UTC)
    engine = sa.create_engine(empty_url, poolclass=sa.NullPool)
    with engine.begin() as connection:
        database.migrate(connection, target=3)
        connection.execute(
            sa.text(
                "INSERT INTO scenarios (name, author, note, created_at, updated_at, payload)"
                " VALUES ('Digital push', 'Aigerim', 'keep me', :moment, :moment, :payload)"
            ),
            {"moment": moment, "payload": payload},
        )
        connection.execute(
            sa.text("INSERT INTO short_links VALUES ('abcdefghijklmnopqrstuv', 'hash', :payload, :moment)"),
            {"moment": moment, "payload": payload},
        )
        assert not sa.inspect(connection).has_table("rounds")
    engine.dispose()
    rounds_store = RoundStore(empty_url)
    round_, _ = rounds_store.create_round(DATASET, "After the migration", ["shu"])
    assert rounds_store.list() == [round_]
    rounds_store.close()
    scenarios = ScenarioStore(empty_url)
    [entry] = scenarios.list()
    assert (entry.name, entry.author, entry.note, entry.created_at) == (
        "Digital push",
        "Aigerim",
        "keep me",
        moment,
    )
    assert scenarios.load(DATASET, entry.id) == Scenario(method="goalpost")
    assert scenarios.load_link("abcdefghijklmnopqrstuv") == payload
    with scenarios._engine.connect() as connection:
        assert database.current_version(connection) == database.SCHEMA_VERSION == 5
    scenarios.close()


# --- many processes at once, and a process killed mid-submit ------------------------------------------

PROCESSES = 10
SUBMISSIONS_EACH = 50
RESUBMITS_EACH = 5
"""Of each process's 50 submissions, the last 5 resubmit earlier tokens with new answers."""


def _submitter(start: Any, url: sa.URL, round_id: str, process: int) -> dict[str, int]:
    """Submit SUBMISSIONS_EACH answer sheets; the last score of each distinct token."""
    store = RoundStore(url)
    start.wait(PROCESS_TIMEOUT_SECONDS)
    fresh = SUBMISSIONS_EACH - RESUBMITS_EACH
    tokens = [store.new_token(round_id) for _ in range(fresh)]
    final: dict[str, int] = {}
    for submission in range(SUBMISSIONS_EACH):
        token = tokens[submission % fresh]
        value = 1 + (process + submission) % 5
        store.submit(DATASET, round_id, token, "civil_society", {DIGITAL: value, PHYSICAL: None})
        final[token] = value
    store.close()
    return final


def test_ten_processes_submitting_at_once_lose_and_duplicate_nothing(empty_url: sa.URL):
    setup = RoundStore(empty_url)
    round_, key = _scri_round(setup)
    arguments = [(empty_url, round_.id, index) for index in range(PROCESSES)]
    outcomes = race(_submitter, arguments, PROCESS_TIMEOUT_SECONDS)
    assert [outcome for outcome, _ in outcomes] == ["ok"] * PROCESSES, outcomes
    expected = {token: value for _, final in outcomes for token, value in final.items()}
    assert len(expected) == PROCESSES * (SUBMISSIONS_EACH - RESUBMITS_EACH)
    frame = setup.responses(DATASET, round_.id, key)
    digital = frame[frame["indicator"] == "digital_infrastructure"]
    assert len(digital) == len(expected) and digital["respondent_id"].is_unique  # none lost, none twice
    assert len(frame) == 2 * len(expected)
    for token, value in list(expected.items())[:: PROCESSES * 3]:
        saved = setup.response(round_.id, token)
        assert saved is not None and saved.answers[DIGITAL] == value  # the last resubmit stays
    assert sorted(digital["score"].tolist()) == sorted(float(v) for v in expected.values())
    setup.close()


SUBMIT_LOOP = textwrap.dedent(
    """
    import sys, time
    from smartcity.data import load_dataset
    from smartcity.store.rounds import RoundStore
    dataset = load_dataset()
    store = RoundStore(sys.argv[1])
    deadline = time.monotonic() + 60
    for i in range(5000):
        if time.monotonic() > deadline:
            break
        token = store.new_token(sys.argv[2])
        answers = {("shu", "scri", "digital_infrastructure"): 1 + i % 5}
        store.submit(dataset, sys.argv[2], token, "researchers", answers)
        print(token, flush=True)
    """
)


def test_kill_9_in_the_middle_of_submitting_loses_no_committed_response(empty_url: sa.URL):
    setup = RoundStore(empty_url)
    round_, key = _scri_round(setup)
    process = subprocess.Popen(
        [sys.executable, "-c", SUBMIT_LOOP, empty_url.render_as_string(hide_password=False), round_.id],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    acknowledged: list[str] = []
    deadline = time.monotonic() + PROCESS_TIMEOUT_SECONDS
    try:
        while len(acknowledged) < 40 and time.monotonic() < deadline:
            line = process.stdout.readline() if process.stdout else ""
            assert line, "the submitting process died on its own"
            acknowledged.append(line.strip())
    finally:
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=PROCESS_TIMEOUT_SECONDS)
    assert process.returncode == -signal.SIGKILL and len(acknowledged) == 40
    if empty_url.get_backend_name() == "sqlite":
        with sqlite3.connect(empty_url.database) as connection:  # SQLite's own check of the file
            assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    reopened = RoundStore(empty_url)
    for index, token in enumerate(acknowledged):
        saved = reopened.response(round_.id, token)
        assert saved is not None and saved.answers[DIGITAL] == 1 + index % 5
    stored = reopened.responses(DATASET, round_.id, key)
    assert (
        len(stored) >= len(acknowledged) and stored["respondent_id"].is_unique
    )  # later ones may have committed
    reopened.close()
    setup.close()


def _submit_until_closed(start: Any, url: sa.URL, round_id: str, process: int) -> tuple[list[str], str]:
    """Submit fresh sheets until the round refuses; (the acknowledged tokens, the refusal's key)."""
    store = RoundStore(url)
    start.wait(PROCESS_TIMEOUT_SECONDS)
    acknowledged: list[str] = []
    refusal, deadline = "none", time.monotonic() + PROCESS_TIMEOUT_SECONDS / 2
    while len(acknowledged) < 2000 and time.monotonic() < deadline:
        token = store.new_token(round_id)
        try:
            store.submit(DATASET, round_id, token, "civil_society", {DIGITAL: 1 + process % 5})
        except StoreError as error:
            refusal = error.key
            break
        acknowledged.append(token)
    store.close()
    return acknowledged, refusal


def test_once_a_close_returns_no_submission_under_way_gets_in(empty_url: sa.URL):
    setup = RoundStore(empty_url)
    round_, key = _scri_round(setup)
    arguments = [(empty_url, round_.id, index) for index in range(4)]
    with racing(_submit_until_closed, arguments, PROCESS_TIMEOUT_SECONDS) as outcomes:
        deadline = time.monotonic() + PROCESS_TIMEOUT_SECONDS / 2
        while len(setup.responses(DATASET, round_.id, key)) < 20 and time.monotonic() < deadline:
            time.sleep(0.05)
        setup.close_round(round_.id, key)
        at_close = len(setup.responses(DATASET, round_.id, key))
        reported = [value for outcome, value in outcomes() if outcome == "ok"]
    assert len(reported) == 4 and {refusal for _, refusal in reported} == {"round_closed"}, reported
    acknowledged = [token for tokens, _ in reported for token in tokens]
    assert at_close >= 20 and len(setup.responses(DATASET, round_.id, key)) == at_close == len(acknowledged)
    setup.close()
