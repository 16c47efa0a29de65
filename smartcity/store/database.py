"""The store's database: its URL, engine, transactions, schema and the one list of schema migrations.

SQLite by default (``scenarios.db`` in the working directory, or the path in ``SMARTCITY_DB``);
``SMARTCITY_DB_URL`` takes a SQLAlchemy URL of SQLite or PostgreSQL (psycopg 3). ``schema_version``
holds the version and :data:`MIGRATIONS` bring an older database up to date, one server at a time.
Saved scenarios (smartcity.store.scenarios) and assessment rounds (smartcity.store.rounds) share it.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine

from smartcity.errors import SmartCityError

DEFAULT_DB_FILE = "scenarios.db"
BUSY_TIMEOUT_SECONDS = 15
MIGRATION_LOCK_KEY = 0x5C3_7A41
"""The PostgreSQL advisory lock that one server at a time holds while it checks or migrates the schema."""
NAME_MAX = 120
AUTHOR_MAX = 80
ROUND_ID_LENGTH = 16
TOKEN_PART_LENGTH = 22
GROUP_ID_MAX = 40
TITLE_MAX = 200


class StoreError(SmartCityError):
    """The database cannot be used, or a save, load, submission or organiser action was refused."""


def _version_1_columns() -> list[sa.Column[Any]]:
    return [
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(NAME_MAX), nullable=False),
        sa.Column("author", sa.String(AUTHOR_MAX), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("payload", sa.Text, nullable=False),
    ]


_metadata = sa.MetaData()
schema_version = sa.Table("schema_version", _metadata, sa.Column("version", sa.Integer, nullable=False))
saved_scenarios = sa.Table(
    "scenarios",
    _metadata,
    *_version_1_columns(),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),  # schema version 2
)
_unique_name = sa.Index("ix_scenarios_name", saved_scenarios.c.name, unique=True)  # schema version 2
short_links = sa.Table(  # schema version 3
    "short_links",
    _metadata,
    sa.Column("id", sa.String(22), primary_key=True),
    sa.Column("content_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("payload", sa.Text, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)
rounds = sa.Table(  # schema version 4
    "rounds",
    _metadata,
    sa.Column("id", sa.String(ROUND_ID_LENGTH), primary_key=True),
    sa.Column("title", sa.String(TITLE_MAX), nullable=False),
    sa.Column("definition", sa.Text, nullable=False),
    sa.Column("key_hash", sa.String(64), nullable=False),
    sa.Column("token_secret", sa.String(64), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("published", sa.Boolean, nullable=False),
)
round_responses = sa.Table(  # schema version 4
    "round_responses",
    _metadata,
    sa.Column("round_id", sa.String(ROUND_ID_LENGTH), sa.ForeignKey("rounds.id"), primary_key=True),
    sa.Column("token", sa.String(TOKEN_PART_LENGTH), primary_key=True),
    sa.Column("group_id", sa.String(GROUP_ID_MAX), nullable=False),
    sa.Column("answers", sa.Text, nullable=False),
    sa.Column("comments", sa.Text, nullable=False),
    sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
)
round_drafts = sa.Table(  # schema version 5
    "round_drafts",
    _metadata,
    sa.Column("round_id", sa.String(ROUND_ID_LENGTH), sa.ForeignKey("rounds.id"), primary_key=True),
    sa.Column("token", sa.String(TOKEN_PART_LENGTH), primary_key=True),
    sa.Column("group_id", sa.String(GROUP_ID_MAX), nullable=False),
    sa.Column("answers", sa.Text, nullable=False),
    sa.Column("comments", sa.Text, nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
)
_INSERTS: dict[str, Callable[[sa.Table], postgresql.Insert | sqlite.Insert]] = {
    "sqlite": sqlite.insert,
    "postgresql": postgresql.insert,
}
"""The backends the store supports, each with its INSERT that has ON CONFLICT."""


# --- schema migrations ----------------------------------------------------------------------


def _create_v1(connection: Connection) -> None:
    """Version 1: the scenarios table (names not yet unique, no update time)."""
    version_1 = sa.MetaData()
    sa.Table("schema_version", version_1, sa.Column("version", sa.Integer, nullable=False))
    sa.Table("scenarios", version_1, *_version_1_columns())
    version_1.create_all(connection)


def _add_update_time_and_unique_names(connection: Connection) -> None:
    """Version 2: an update time (set on rename) and unique names (duplicates get their id added)."""
    column_type = saved_scenarios.c.updated_at.type.compile(dialect=connection.dialect)
    connection.execute(sa.text(f"ALTER TABLE scenarios ADD COLUMN updated_at {column_type}"))
    connection.execute(saved_scenarios.update().values(updated_at=saved_scenarios.c.created_at))
    seen: set[str] = set()
    rows = connection.execute(sa.select(saved_scenarios.c.id, saved_scenarios.c.name).order_by("id"))
    for row_id, name in rows.all():
        if name in seen:
            name = f"{name[: NAME_MAX - 12]} ({row_id})"
            connection.execute(
                saved_scenarios.update().where(saved_scenarios.c.id == row_id).values(name=name)
            )
        seen.add(name)
    _unique_name.create(connection)


def _add_short_links(connection: Connection) -> None:
    """Version 3: short links (random id -> scenario JSON, one row per distinct content)."""
    short_links.create(connection)


def _add_rounds(connection: Connection) -> None:
    """Version 4: assessment rounds and their responses (one row per round and respondent token)."""
    rounds.create(connection)
    round_responses.create(connection)


def _add_drafts(connection: Connection) -> None:
    """Version 5: partly answered sheets, kept apart from responses until submitted (every
    response of version 4 stays a response)."""
    round_drafts.create(connection)


MIGRATIONS: tuple[Callable[[Connection], None], ...] = (
    _create_v1,
    _add_update_time_and_unique_names,
    _add_short_links,
    _add_rounds,
    _add_drafts,
)
"""MIGRATIONS[n] brings a database from schema version n to n + 1."""
SCHEMA_VERSION = len(MIGRATIONS)


def current_version(connection: Connection) -> int:
    """The schema version of a database (0 when it has no tables yet)."""
    if not sa.inspect(connection).has_table("schema_version"):
        return 0
    return int(connection.execute(sa.select(schema_version.c.version)).scalar_one_or_none() or 0)


def migrate(connection: Connection, target: int = SCHEMA_VERSION) -> int:
    """Run the migrations from the database's version up to ``target``; return the old version.

    Servers starting together migrate one after the other: on PostgreSQL an advisory lock held until
    the transaction ends; on SQLite the store's transactions begin IMMEDIATE, holding the write lock.
    """
    if connection.dialect.name == "postgresql":
        connection.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
    found = current_version(connection)
    if found > SCHEMA_VERSION:
        raise StoreError("store_too_new", found=found, known=SCHEMA_VERSION)
    for step in MIGRATIONS[found:target]:
        step(connection)
    if target > found:
        connection.execute(schema_version.delete())
        connection.execute(schema_version.insert().values(version=target))
    return found


# --- configuration and connections ------------------------------------------------------------


def database_url(environ: Mapping[str, str] | None = None) -> sa.URL:
    """The store's URL: ``SMARTCITY_DB_URL``, else SQLite at ``SMARTCITY_DB`` or ./scenarios.db."""
    environ = os.environ if environ is None else environ
    if environ.get("SMARTCITY_DB_URL"):
        try:
            return sa.make_url(environ["SMARTCITY_DB_URL"])
        except sa.exc.ArgumentError as error:
            raise StoreError("store_unavailable", location="SMARTCITY_DB_URL", problem=str(error)) from None
    path = Path(environ.get("SMARTCITY_DB") or DEFAULT_DB_FILE).expanduser().resolve()
    return sa.URL.create("sqlite", database=str(path))


class Database:
    """An open, migrated database; every :meth:`transaction` is one transaction."""

    def __init__(self, url: sa.URL | str) -> None:
        url = sa.make_url(url)
        self.url = url
        self.location = url.database if url.get_backend_name() == "sqlite" else url.render_as_string()
        if url.get_backend_name() not in _INSERTS:
            raise StoreError(
                "store_backend_unsupported", location=self.location, backends=", ".join(_INSERTS)
            )
        self.engine = _engine(url)
        with self.transaction() as connection:
            migrate(connection)

    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One transaction; database failures become a StoreError that names the database."""
        try:
            with self.engine.begin() as connection:
                yield connection
        except sa.exc.IntegrityError:
            raise StoreError("store_conflict", location=self.location) from None
        except sa.exc.SQLAlchemyError as error:
            problem = str(error.orig) if isinstance(error, sa.exc.DBAPIError) else str(error)
            raise StoreError("store_unavailable", location=self.location, problem=problem) from None


def insert_with_conflicts(connection: Connection, table: sa.Table) -> postgresql.Insert | sqlite.Insert:
    """An INSERT into ``table`` with the backend's ON CONFLICT clauses."""
    return _INSERTS[connection.dialect.name](table)


def _write_ahead_log(dbapi_connection: Any) -> None:
    """Switch a SQLite connection to WAL, waiting while another process switches the same new file.

    The switch takes an exclusive lock without SQLite's busy handler, so two servers opening an empty
    database at once could see "database is locked" at once; retry within the busy timeout instead.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_SECONDS
    while True:
        try:
            dbapi_connection.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def _engine(url: sa.URL) -> Engine:
    if url.get_backend_name() != "sqlite":
        return sa.create_engine(url, pool_pre_ping=True)
    engine = sa.create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_SECONDS})

    @sa.event.listens_for(engine, "connect")
    def _configure(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the sqlite3 module, open transactions, so DDL is transactional too.
        dbapi_connection.isolation_level = None
        _write_ahead_log(dbapi_connection)
        dbapi_connection.execute("PRAGMA foreign_keys=ON")

    @sa.event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        # IMMEDIATE takes the write lock up front: two writers queue instead of failing to upgrade.
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine
