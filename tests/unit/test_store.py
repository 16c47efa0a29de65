"""The scenario store: save, list, load, rename, delete; schema versions; failures and crashes.

Every test taking ``empty_url`` or ``saved`` runs on SQLite and on a real PostgreSQL (a throwaway
cluster from tests/support/postgres.py, one fresh database per test).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import socket
import sqlite3
import string
import subprocess
import sys
import textwrap
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smartcity.data import load_dataset
from smartcity.model import City
from smartcity.scenario import Scenario
from smartcity.store import scenarios as store
from smartcity.store.scenarios import ScenarioStore, StoreError
from tests.support.processes import race

DATASET = load_dataset()
ROOT = Path(__file__).resolve().parents[2]
KEY = ("ayagoz", "scri", "digital_infrastructure")


@pytest.fixture
def saved(empty_url: sa.URL) -> Iterator[ScenarioStore]:
    opened = ScenarioStore(empty_url)
    yield opened
    opened.close()


def _plain_engine(url: sa.URL) -> sa.Engine:
    """An engine without the store's settings, as another program would open the database."""
    return sa.create_engine(url, poolclass=sa.NullPool)


OLD_ROWS = sa.table(
    "scenarios",
    *(sa.column(name) for name in ("name", "author", "note", "payload")),
    *(sa.column(name, sa.DateTime(timezone=True)) for name in ("created_at", "updated_at")),
)
"""The scenarios table as an older schema version has it, to write rows into an old database."""


def test_save_list_load_rename_delete(saved: ScenarioStore):
    town = City("aral", {"en": "Aral", "kk": "Арал", "ru": "Аральск"}, "KZ-43", 46.8, 61.67, origin="user")
    wide = Scenario(method="goalpost").with_override(KEY, 4).with_city(town)
    before = datetime.now(UTC)
    first = saved.save("  Digital push ", wide, author="Aigerim", note="line one\nline two")
    second = saved.save("Baseline", Scenario())
    assert (first.name, first.author, first.note) == ("Digital push", "Aigerim", "line one\nline two")
    assert before - timedelta(seconds=1) <= first.created_at <= datetime.now(UTC)
    assert first.created_at.tzinfo is not None
    assert [e.name for e in saved.list()] == ["Baseline", "Digital push"]  # newest first
    assert saved.load(DATASET, first.id) == wide
    renamed = saved.rename(first.id, "Digital push v2")
    assert renamed.name == "Digital push v2" and renamed.created_at == first.created_at
    assert renamed.updated_at >= first.updated_at
    assert saved.list()[0].name == "Digital push v2"
    saved.delete(second.id)
    assert [e.id for e in saved.list()] == [first.id]
    with pytest.raises(StoreError) as missing:
        saved.load(DATASET, second.id)
    assert missing.value.key == "scenario_not_found"


def test_names_must_be_given_plain_and_unique(saved: ScenarioStore):
    saved.save("Plan A", Scenario())
    refusals = {
        "empty": lambda: saved.save("   ", Scenario()),
        "taken": lambda: saved.save("Plan A", Scenario(method="geometric")),
        "control": lambda: saved.save("Plan\x00B", Scenario()),
        "too long": lambda: saved.save("x" * (store.NAME_MAX + 1), Scenario()),
        "note control": lambda: saved.save("Plan C", Scenario(), note="bell\x07"),
    }
    keys = {}
    for what, attempt in refusals.items():
        with pytest.raises(StoreError) as refused:
            attempt()
        keys[what] = refused.value.key
    assert keys == {
        "empty": "scenario_name_empty",
        "taken": "scenario_name_taken",
        "control": "text_control_characters",
        "too long": "text_too_long",
        "note control": "text_control_characters",
    }
    replaced = saved.save("Plan A", Scenario(method="geometric"), overwrite=True)
    assert saved.load(DATASET, replaced.id).method == "geometric" and len(saved.list()) == 1
    other = saved.save("Plan B", Scenario())
    with pytest.raises(StoreError, match="already exists"):
        saved.rename(other.id, "Plan A")
    with pytest.raises(StoreError) as gone:
        saved.rename(999, "Plan Z")
    assert gone.value.key == "scenario_not_found"


def test_names_and_notes_keep_any_script_and_markup_verbatim(saved: ScenarioStore):
    name = "Шалқар <img src=x onerror=alert(1)> **=HYPERLINK(1)**"
    entry = saved.save(name, Scenario(), note="[link](javascript:alert(1))")
    assert saved.get(entry.id).name == name  # escaping is the display's job, not the store's
    assert saved.get(entry.id).note == "[link](javascript:alert(1))"


def test_a_new_database_has_the_current_schema(saved: ScenarioStore):
    engine = _plain_engine(saved.url)
    with engine.connect() as connection:
        assert store.current_version(connection) == store.SCHEMA_VERSION
        inspector = sa.inspect(connection)
        columns = {column["name"] for column in inspector.get_columns("scenarios")}
        link_columns = {column["name"] for column in inspector.get_columns("short_links")}
    engine.dispose()
    assert {"name", "author", "note", "created_at", "updated_at", "payload"} <= columns
    assert link_columns == {"id", "content_hash", "payload", "created_at"}


def test_a_new_sqlite_database_is_in_wal_mode(tmp_path: Path):
    store.open_store({"SMARTCITY_DB": str(tmp_path / "scenarios.db")}).close()
    with sqlite3.connect(tmp_path / "scenarios.db") as connection:  # a SQLite-only setting
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_a_version_1_database_is_migrated_and_duplicate_names_are_told_apart(empty_url: sa.URL):
    engine = _plain_engine(empty_url)
    payload = '{"format": "smartcity-scenario", "version": 1, "method": "geometric"}'
    created = datetime(2025, 6, 1, 10, tzinfo=UTC)
    with engine.begin() as connection:
        store.migrate(connection, target=1)
        for name in ("Workshop", "Workshop", "Other"):
            connection.execute(
                sa.insert(OLD_ROWS),  # version 1 has no updated_at
                {"name": name, "author": "", "note": "", "created_at": created, "payload": payload},
            )
    engine.dispose()
    migrated = ScenarioStore(empty_url)
    names = sorted(e.name for e in migrated.list())
    assert names == ["Other", "Workshop", "Workshop (2)"]
    assert all(migrated.load(DATASET, e.id).method == "geometric" for e in migrated.list())
    assert all(e.updated_at == e.created_at == datetime(2025, 6, 1, 10, tzinfo=UTC) for e in migrated.list())
    with pytest.raises(StoreError):  # names are unique from version 2 on
        migrated.rename(1, "Other")
    migrated.close()


def test_a_database_from_a_newer_app_is_refused(empty_url: sa.URL):
    engine = _plain_engine(empty_url)
    with engine.begin() as connection:
        connection.execute(sa.text("CREATE TABLE schema_version (version INTEGER NOT NULL)"))
        connection.execute(sa.text("INSERT INTO schema_version VALUES (99)"))
    engine.dispose()
    with pytest.raises(StoreError) as refused:
        ScenarioStore(empty_url)
    assert refused.value.key == "store_too_new" and "99" in str(refused.value)


@pytest.mark.parametrize("damage", ["garbage", "missing directory", "no postgresql server"])
def test_a_corrupt_or_unreachable_database_gives_a_clear_translatable_error(tmp_path: Path, damage: str):
    path = tmp_path / "scenarios.db"
    environ = {"SMARTCITY_DB": str(path)}
    where = str(path)
    if damage == "garbage":
        path.write_bytes(b"this is not a database at all\n" * 200)
    elif damage == "missing directory":
        where = environ["SMARTCITY_DB"] = str(tmp_path / "no" / "such" / "dir" / "scenarios.db")
    else:
        with socket.socket() as probe:  # a port that nothing listens on once the probe is closed
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        environ = {"SMARTCITY_DB_URL": f"postgresql+psycopg://smartcity:secret@127.0.0.1:{port}/scenarios"}
        where = f"postgresql+psycopg://smartcity:***@127.0.0.1:{port}/scenarios"
    with pytest.raises(StoreError) as failed:
        store.open_store(environ)
    assert failed.value.key == "store_unavailable"
    assert where in str(failed.value) and "secret" not in str(failed.value)
    for language in ("ru", "kk"):
        text = failed.value.message(language)
        assert where in text and text != str(failed.value)


def test_a_database_other_than_sqlite_or_postgresql_is_refused_by_name():
    with pytest.raises(StoreError) as refused:
        ScenarioStore("mysql://user@db.example/scenarios")
    assert refused.value.key == "store_backend_unsupported"
    assert "sqlite, postgresql" in str(refused.value)
    assert "mysql://user@db.example/scenarios" in str(refused.value)


def test_a_row_with_a_damaged_payload_fails_alone(saved: ScenarioStore):
    good = saved.save("Good", Scenario(method="geometric"))
    bad = saved.save("Bad", Scenario())
    engine = _plain_engine(saved.url)
    with engine.begin() as connection:
        connection.execute(sa.text("UPDATE scenarios SET payload = '{broken' WHERE id = :id"), {"id": bad.id})
    engine.dispose()
    with pytest.raises(StoreError) as unreadable:
        saved.load(DATASET, bad.id)
    assert unreadable.value.key == "scenario_unreadable" and "Bad" in str(unreadable.value)
    assert {e.name for e in saved.list()} == {"Good", "Bad"}
    assert saved.load(DATASET, good.id).method == "geometric"


def test_the_url_comes_from_the_environment(tmp_path: Path):
    assert store.database_url({"SMARTCITY_DB": str(tmp_path / "a.db")}).database == str(tmp_path / "a.db")
    chosen = store.database_url({"SMARTCITY_DB_URL": "postgresql://u:p@db/sc", "SMARTCITY_DB": "ignored.db"})
    assert chosen.get_backend_name() == "postgresql" and chosen.database == "sc"
    default = store.database_url({})
    assert default.database == str(Path.cwd() / "scenarios.db")
    with pytest.raises(StoreError):
        store.database_url({"SMARTCITY_DB_URL": "not a url"})


def test_a_failure_inside_a_save_rolls_it_back_and_keeps_earlier_saves(saved: ScenarioStore):
    kept = [saved.save(f"kept {i}", Scenario().with_override(KEY, 1 + i)) for i in range(3)]
    engine = saved._engine

    def crash_on_insert(_conn, _cursor, statement, *_args):
        if statement.startswith("INSERT INTO scenarios"):
            raise RuntimeError("simulated crash after the insert")

    sa.event.listen(engine, "after_cursor_execute", crash_on_insert)
    with pytest.raises(RuntimeError):
        saved.save("lost", Scenario().with_override(KEY, 5))
    sa.event.remove(engine, "after_cursor_execute", crash_on_insert)
    assert sorted(e.name for e in saved.list()) == ["kept 0", "kept 1", "kept 2"]
    assert [saved.load(DATASET, e.id).override_map[KEY] for e in kept] == [1, 2, 3]
    assert saved.save("after", Scenario()).name == "after"


SAVE_LOOP = textwrap.dedent(
    """
    import sys
    from smartcity.store import scenarios as store
    from smartcity.scenario import Scenario
    saved = store.ScenarioStore(sys.argv[1])
    i = 0
    while True:
        scenario = Scenario().with_override(("shu", "scri", "digital_infrastructure"), 1 + (i % 41) / 10)
        saved.save(f"save {i}", scenario.with_instrument_weight("scri", i + 1), note="x" * 2000)
        print(i, flush=True)
        i += 1
    """
)


def test_kill_9_in_the_middle_of_saving_loses_no_earlier_save(empty_url: sa.URL):
    process = subprocess.Popen(
        [sys.executable, "-c", SAVE_LOOP, empty_url.render_as_string(hide_password=False)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    acknowledged = -1
    try:
        while acknowledged < 40:
            line = process.stdout.readline()
            assert line, "the saving process died on its own"
            acknowledged = int(line)
    finally:
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
    assert process.returncode == -signal.SIGKILL
    if empty_url.get_backend_name() == "sqlite":
        with sqlite3.connect(empty_url.database) as connection:  # SQLite's own check of the file
            assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    reopened = ScenarioStore(empty_url)
    by_name = {e.name: e for e in reopened.list()}
    for i in range(acknowledged + 1):
        scenario = reopened.load(DATASET, by_name[f"save {i}"].id)
        assert scenario.override_map[("shu", "scri", "digital_infrastructure")] == 1 + (i % 41) / 10
        assert scenario.instrument_weight("scri") == i + 1
    reopened.close()


def test_concurrent_writers_all_succeed(saved: ScenarioStore):
    other = ScenarioStore(saved.url)  # a second engine, as a second app server would have

    def save_many(target: ScenarioStore, prefix: str) -> None:
        for i in range(15):
            target.save(f"{prefix} {i}", Scenario().with_override(KEY, 1 + i % 5))

    threads = [threading.Thread(target=save_many, args=(s, p)) for s, p in ((saved, "a"), (other, "b"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(saved.list()) == 30
    other.close()


# --- short links ------------------------------------------------------------------------------


def test_a_short_link_gives_back_its_text_under_an_unguessable_id(saved: ScenarioStore):
    text = '{"format": "smartcity-scenario", "version": 1, "method": "geometric", "name": "Шалқар"}'
    link = saved.save_link(text)
    assert len(link) == 22 and set(link) <= set(string.ascii_letters + string.digits + "-_")
    assert saved.load_link(link) == text
    assert saved.save_link(text) == link  # the same content keeps its id
    other = saved.save_link(text.replace("geometric", "goalpost"))
    assert other != link and saved.load_link(other) == text.replace("geometric", "goalpost")
    reopened = ScenarioStore(saved.url)  # another server on the same database
    assert reopened.load_link(link) == text
    reopened.close()


def test_short_link_ids_are_random_not_derived_from_the_content(tmp_path: Path):
    text = '{"method": "paper"}'
    first, second = (store.open_store({"SMARTCITY_DB": str(tmp_path / f"{n}.db")}) for n in ("one", "two"))
    assert first.save_link(text) != second.save_link(text)
    first.close()
    second.close()


def test_an_unknown_or_malformed_link_id_is_none_and_a_malformed_one_costs_no_query(saved: ScenarioStore):
    saved.save_link("{}")
    assert saved.load_link("A" * 22) is None  # well formed, unknown
    statements: list[str] = []
    sa.event.listen(saved._engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    malformed = [
        "",
        "abc",
        "A" * 21,
        "A" * 23,
        "A" * 21 + "=",
        "A" * 21 + "/",
        "../../etc/passwd_xxx",
        "' OR 1=1 --",
    ]
    assert [saved.load_link(link_id) for link_id in malformed] == [None] * len(malformed)
    assert statements == []


def test_a_short_link_holds_at_most_one_mebibyte_of_utf8(saved: ScenarioStore):
    assert store.LINK_MAX_BYTES == 1024 * 1024
    fits = "ә" * (512 * 1024)  # two bytes each in UTF-8: exactly 1 MiB
    assert saved.load_link(saved.save_link(fits)) == fits
    with pytest.raises(StoreError) as refused:
        saved.save_link(fits + "x")
    assert refused.value.key == "link_too_large" and "1048577" in str(refused.value)
    for bad in ('{"name": "\x00"}', '{"name": "\ud800"}'):
        with pytest.raises(StoreError) as not_text:
            saved.save_link(bad)
        assert not_text.value.key == "link_not_text"
        assert not_text.value.message("kk") != not_text.value.message("ru") != str(not_text.value)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=300))
def test_any_text_round_trips_through_a_short_link(saved: ScenarioStore, text: str):
    assert saved.load_link(saved.save_link(text)) == text


def test_a_version_2_database_gains_short_links_and_loses_nothing(empty_url: sa.URL):
    engine = _plain_engine(empty_url)
    payload = '{"format": "smartcity-scenario", "version": 1, "method": "goalpost"}'
    with engine.begin() as connection:
        store.migrate(connection, target=2)
        for name in ("Workshop", "Other"):
            connection.execute(
                sa.insert(OLD_ROWS),
                {
                    "name": name,
                    "author": "Aigerim",
                    "note": "note",
                    "created_at": datetime(2025, 6, 1, 10, tzinfo=UTC),
                    "updated_at": datetime(2025, 6, 2, 10, tzinfo=UTC),
                    "payload": payload,
                },
            )
    engine.dispose()
    migrated = ScenarioStore(empty_url)
    with migrated._engine.connect() as connection:
        assert store.current_version(connection) == store.SCHEMA_VERSION
    entries = migrated.list()
    assert sorted((e.name, e.author, e.note) for e in entries) == [
        ("Other", "Aigerim", "note"),
        ("Workshop", "Aigerim", "note"),
    ]
    assert all(e.updated_at == datetime(2025, 6, 2, 10, tzinfo=UTC) for e in entries)
    assert all(migrated.load(DATASET, e.id).method == "goalpost" for e in entries)
    assert migrated.load_link(migrated.save_link("{}")) == "{}"
    migrated.close()


# --- several servers at the same moment (one process each, released together) ----------------

SERVERS = 6
RACE_TIMEOUT_SECONDS = 60


def _race(task: Callable[..., object], arguments: list[tuple[object, ...]]) -> list[tuple[str, object]]:
    """Run ``task(start, *args)`` in a forked process per args; each outcome: (error key or "ok", value)."""
    return race(task, arguments, RACE_TIMEOUT_SECONDS)


def _open_at_once(start: Any, url: sa.URL) -> int:
    start.wait(RACE_TIMEOUT_SECONDS)
    opened = ScenarioStore(url)
    opened.close()
    return os.getpid()


def _save_at_once(start: Any, url: sa.URL, name: str, server: int, overwrite: bool) -> int:
    opened = ScenarioStore(url)
    start.wait(RACE_TIMEOUT_SECONDS)
    try:
        return opened.save(
            name, Scenario().with_override(KEY, 1 + server / 2), f"server {server}", overwrite=overwrite
        ).id
    finally:
        opened.close()


def test_servers_opening_an_empty_database_at_once_all_succeed(empty_url: sa.URL):
    outcomes = _race(_open_at_once, [(empty_url,)] * SERVERS)
    assert [outcome for outcome, _ in outcomes] == ["ok"] * SERVERS, outcomes
    opened = ScenarioStore(empty_url)
    with opened._engine.connect() as connection:
        assert store.current_version(connection) == store.SCHEMA_VERSION
    assert opened.list() == [] and opened.save("first", Scenario()).name == "first"
    opened.close()


def test_servers_saving_one_name_at_once_one_wins_and_the_others_hear_the_name_is_taken(saved: ScenarioStore):
    for attempt in range(3):
        name = f"Workshop {attempt}"
        outcomes = _race(_save_at_once, [(saved.url, name, server, False) for server in range(SERVERS)])
        winners = [server for server, (outcome, _) in enumerate(outcomes) if outcome == "ok"]
        assert len(winners) == 1, outcomes
        assert sorted(outcome for outcome, _ in outcomes) == ["ok"] + ["scenario_name_taken"] * (SERVERS - 1)
        assert all("already exists" in str(text) for outcome, text in outcomes if outcome != "ok")
        entry = saved.get(int(outcomes[winners[0]][1]))
        assert entry.name == name and entry.author == f"server {winners[0]}"
        assert saved.load(DATASET, entry.id).override_map[KEY] == 1 + winners[0] / 2
    assert len(saved.list()) == 3


def test_servers_replacing_one_name_at_once_all_succeed(saved: ScenarioStore):
    for attempt in range(3):
        outcomes = _race(_save_at_once, [(saved.url, "Shared", server, True) for server in range(SERVERS)])
        assert [outcome for outcome, _ in outcomes] == ["ok"] * SERVERS, outcomes
        assert len({row_id for _, row_id in outcomes}) == 1
        (entry,) = saved.list()
        last = int(entry.author.removeprefix("server "))  # whichever replaced it last, whole
        assert saved.load(DATASET, entry.id).override_map[KEY] == 1 + last / 2, attempt


def test_a_save_retried_after_its_confirmation_was_lost_is_recognised(saved: ScenarioStore):
    scenario = Scenario().with_override(KEY, 4)
    context = multiprocessing.get_context("fork")

    def save_then_crash() -> None:  # the save commits, then the server dies before answering
        ScenarioStore(saved.url).save("Retried", scenario, "Aigerim", "note")
        os.kill(os.getpid(), signal.SIGKILL)

    crashed = context.Process(target=save_then_crash)
    crashed.start()
    crashed.join(timeout=RACE_TIMEOUT_SECONDS)
    assert crashed.exitcode == -signal.SIGKILL
    (committed,) = saved.list()
    retried = saved.save("Retried", scenario, "Aigerim", "note")  # the caller never heard: it tries again
    assert retried == committed and len(saved.list()) == 1
    for different in ({"note": "other note"}, {"author": "Dana"}):
        with pytest.raises(StoreError) as taken:
            saved.save("Retried", scenario, **{"author": "Aigerim", "note": "note", **different})
        assert taken.value.key == "scenario_name_taken"
    with pytest.raises(StoreError) as taken:
        saved.save("Retried", Scenario().with_override(KEY, 5), "Aigerim", "note")
    assert taken.value.key == "scenario_name_taken"


def _save_links(start: Any, url: sa.URL, own: str, shared: str) -> tuple[str, str]:
    opened = ScenarioStore(url)
    start.wait(RACE_TIMEOUT_SECONDS)
    try:
        return opened.save_link(own), opened.save_link(shared)
    finally:
        opened.close()


def _load_link(start: Any, url: sa.URL, link_id: str) -> str | None:
    opened = ScenarioStore(url)
    start.wait(RACE_TIMEOUT_SECONDS)
    try:
        return opened.load_link(link_id)
    finally:
        opened.close()


def test_two_servers_open_each_others_short_links(saved: ScenarioStore):
    own = ['{"method": "paper", "server": 1}', '{"method": "goalpost", "server": 2}']
    shared = '{"method": "geometric"}'
    (first, first_ids), (second, second_ids) = _race(_save_links, [(saved.url, text, shared) for text in own])
    assert (first, second) == ("ok", "ok"), (first_ids, second_ids)
    assert first_ids[1] == second_ids[1]  # the same text saved at the same moment: one link
    loaded = _race(_load_link, [(saved.url, second_ids[0]), (saved.url, first_ids[0])])
    assert loaded == [("ok", own[1]), ("ok", own[0])]
    assert saved.load_link(first_ids[1]) == shared


def _rename_at_once(start: Any, url: sa.URL, scenario_id: int, new_name: str) -> str:
    opened = ScenarioStore(url)
    start.wait(RACE_TIMEOUT_SECONDS)
    try:
        return opened.rename(scenario_id, new_name).name
    finally:
        opened.close()


def test_servers_renaming_to_one_name_at_once_one_wins_and_the_others_hear_the_name_is_taken(
    saved: ScenarioStore,
):
    ids = [saved.save(f"draft {server}", Scenario()).id for server in range(SERVERS)]
    outcomes = _race(_rename_at_once, [(saved.url, row_id, "Final") for row_id in ids])
    assert sorted(outcome for outcome, _ in outcomes) == ["ok"] + ["scenario_name_taken"] * (SERVERS - 1)
    (winner,) = [row_id for row_id, (outcome, _) in zip(ids, outcomes, strict=True) if outcome == "ok"]
    assert saved.get(winner).name == "Final"
    assert sorted(e.name for e in saved.list() if e.id != winner) == sorted(
        f"draft {server}" for server, row_id in enumerate(ids) if row_id != winner
    )
