"""Drafts: a partly answered sheet is kept for its token but is no response until submitted; a
version 4 database (no drafts table) opens as version 5 with every round and response kept.

Every test runs on SQLite and on a real PostgreSQL (tests/conftest.py's ``empty_url``).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from smartcity.analysis.consensus import group_progress
from smartcity.data import load_dataset
from smartcity.store import database
from smartcity.store.rounds import RoundStore, StoreError

DATASET = load_dataset()
DIGITAL = ("shu", "scri", "digital_infrastructure")
PHYSICAL = ("shu", "scri", "physical_infrastructure")


@pytest.fixture
def store(empty_url: sa.URL) -> Iterator[RoundStore]:
    opened = RoundStore(empty_url)
    yield opened
    opened.close()


def test_a_draft_is_kept_for_its_token_but_counts_as_no_response(store: RoundStore):
    round_, key = store.create_round(DATASET, "Shu, spring", ["shu"], ["scri"])
    token = store.new_token(round_.id)
    draft = store.save_draft(DATASET, round_.id, token, "civil_society", {DIGITAL: 2}, {"scri": "half way"})
    assert dict(draft.answers) == {DIGITAL: 2.0}
    reloaded = store.draft(round_.id, token)
    assert reloaded is not None
    assert (reloaded.group_id, dict(reloaded.answers), dict(reloaded.comments)) == (
        "civil_society",
        {DIGITAL: 2.0},
        {"scri": "half way"},
    )
    assert store.response(round_.id, token) is None
    assert store.responses(DATASET, round_.id, key).empty
    assert store.comments(round_.id, key).empty
    progress = group_progress(store.responses(DATASET, round_.id, key), round_)
    assert progress["responses"].sum() == 0


def test_submitting_turns_the_draft_into_the_response_and_drops_the_draft(store: RoundStore):
    round_, key = store.create_round(DATASET, "Shu, spring", ["shu"], ["scri"])
    token = store.new_token(round_.id)
    store.save_draft(DATASET, round_.id, token, "researchers", {DIGITAL: 2})
    store.submit(DATASET, round_.id, token, "researchers", {DIGITAL: 2, PHYSICAL: 5})
    assert store.draft(round_.id, token) is None
    frame = store.responses(DATASET, round_.id, key)
    assert sorted(frame["score"].tolist()) == [2.0, 5.0]


def test_a_later_draft_leaves_the_submitted_response_as_it_was(store: RoundStore):
    round_, key = store.create_round(DATASET, "Shu, spring", ["shu"], ["scri"])
    token = store.new_token(round_.id)
    store.submit(DATASET, round_.id, token, "researchers", {DIGITAL: 4})
    store.save_draft(DATASET, round_.id, token, "researchers", {DIGITAL: 1, PHYSICAL: 1})
    assert store.responses(DATASET, round_.id, key)["score"].tolist() == [4.0]
    response, draft = store.response(round_.id, token), store.draft(round_.id, token)
    assert response is not None and dict(response.answers) == {DIGITAL: 4.0}
    assert draft is not None and dict(draft.answers) == {DIGITAL: 1.0, PHYSICAL: 1.0}


def test_a_draft_is_checked_as_a_submission_is_and_refused_once_the_round_closed(store: RoundStore):
    round_, key = store.create_round(DATASET, "Shu, spring", ["shu"], ["scri"])
    token = store.new_token(round_.id)
    with pytest.raises(StoreError) as bad:
        store.save_draft(DATASET, round_.id, token, "researchers", {DIGITAL: 9})
    assert bad.value.key == "round_answer_bad"
    other, _ = store.create_round(DATASET, "Another", ["shu"], ["scri"])
    with pytest.raises(StoreError) as foreign:
        store.save_draft(DATASET, other.id, token, "researchers", {DIGITAL: 3})
    assert foreign.value.key == "round_token_invalid"
    store.close_round(round_.id, key)
    with pytest.raises(StoreError) as closed:
        store.save_draft(DATASET, round_.id, token, "researchers", {DIGITAL: 3})
    assert closed.value.key == "round_closed"
    assert store.draft(round_.id, token) is None


def test_a_version_4_database_opens_as_version_5_with_every_round_and_response_kept(empty_url: sa.URL):
    moment = datetime(2026, 3, 2, 9, tzinfo=UTC)
    store = RoundStore(empty_url)
    round_, key = store.create_round(DATASET, "Before drafts", ["shu"], ["scri"], opens=moment.date())
    token = store.new_token(round_.id)
    store.submit(DATASET, round_.id, token, "ict_professionals", {DIGITAL: 3, PHYSICAL: None}, now=moment)
    store.close()
    engine = sa.create_engine(empty_url, poolclass=sa.NullPool)
    with engine.begin() as connection:  # back to version 4: as a database written before drafts
        connection.execute(sa.text("DROP TABLE round_drafts"))
        connection.execute(sa.text("UPDATE schema_version SET version = 4"))
    engine.dispose()
    reopened = RoundStore(empty_url)
    with reopened._database.transaction() as connection:
        assert database.current_version(connection) == 5
        assert sa.inspect(connection).has_table("round_drafts")
    assert [r.title for r in reopened.list()] == ["Before drafts"]
    response = reopened.response(round_.id, token)
    assert response is not None
    assert (response.group_id, dict(response.answers), response.submitted_at) == (
        "ict_professionals",
        {DIGITAL: 3.0, PHYSICAL: None},
        moment,
    )
    assert len(reopened.responses(DATASET, round_.id, key)) == 2
    reopened.close()


def test_a_draft_stores_no_name_email_or_address_either(store: RoundStore):
    engine = sa.create_engine(store.url, poolclass=sa.NullPool)
    with engine.connect() as connection:
        columns = {column["name"] for column in sa.inspect(connection).get_columns("round_drafts")}
    engine.dispose()
    assert columns == {"round_id", "token", "group_id", "answers", "comments", "updated_at"}
