"""Saved scenarios in a SQL database: save, list, load, rename and delete, atomically.

The database is SQLite by default (``scenarios.db`` in the working directory, or the path in
``SMARTCITY_DB``); ``SMARTCITY_DB_URL`` takes any SQLAlchemy URL, e.g. PostgreSQL when several
app servers share scenarios. The schema is versioned: ``schema_version`` holds the version and
:data:`MIGRATIONS` bring an older database up to date. Every write is one transaction, so a crash
mid-save loses nothing that was saved before. Short links map an unguessable id to a scenario's
JSON text, so a long share link can be passed on as a short one.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine

from smartcity import scenario as scenarios
from smartcity.errors import SmartCityError
from smartcity.model import Dataset
from smartcity.scenario import Scenario

DEFAULT_DB_FILE = "scenarios.db"
NAME_MAX = 120
AUTHOR_MAX = 80
NOTE_MAX = 2000
BUSY_TIMEOUT_SECONDS = 15
LINK_ID_BYTES = 16
"""A short link's id is this many random bytes (128 bits), written url-safe in base64."""
LINK_ID_PATTERN = re.compile(r"[A-Za-z0-9_-]{22}")
"""What ``secrets.token_urlsafe(LINK_ID_BYTES)`` gives; anything else is refused without a query."""
LINK_MAX_BYTES = scenarios.MAX_PACKED_BYTES
"""Largest scenario text a short link stores (UTF-8): the bound a long link's packed part already has,
so every scenario a long link can carry fits, while one request cannot store more than 1 MiB."""


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
_INSERTS = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}
"""The backends the store supports, each with its INSERT that has ON CONFLICT."""


class StoreError(SmartCityError):
    """The scenario database cannot be used, or a save, load, rename or delete was refused."""


@dataclass(frozen=True)
class SavedScenario:
    """What the list of saved scenarios shows: the metadata, without the scenario itself."""

    id: int
    name: str
    author: str
    note: str
    created_at: datetime
    updated_at: datetime


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


MIGRATIONS: tuple[Callable[[Connection], None], ...] = (
    _create_v1,
    _add_update_time_and_unique_names,
    _add_short_links,
)
"""MIGRATIONS[n] brings a database from schema version n to n + 1."""
SCHEMA_VERSION = len(MIGRATIONS)


def current_version(connection: Connection) -> int:
    """The schema version of a database (0 when it has no tables yet)."""
    if not sa.inspect(connection).has_table("schema_version"):
        return 0
    return int(connection.execute(sa.select(schema_version.c.version)).scalar_one_or_none() or 0)


def migrate(connection: Connection, target: int = SCHEMA_VERSION) -> int:
    """Run the migrations from the database's version up to ``target``; return the old version."""
    found = current_version(connection)
    if found > SCHEMA_VERSION:
        raise StoreError("store_too_new", found=found, known=SCHEMA_VERSION)
    for step in MIGRATIONS[found:target]:
        step(connection)
    if target > found:
        connection.execute(schema_version.delete())
        connection.execute(schema_version.insert().values(version=target))
    return found


# --- configuration ----------------------------------------------------------------------------


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


def open_store(environ: Mapping[str, str] | None = None) -> ScenarioStore:
    """Open (creating or migrating as needed) the store configured by the environment."""
    return ScenarioStore(database_url(environ))


# --- the store ------------------------------------------------------------------------------


class ScenarioStore:
    """Named scenarios in a database; every method is one transaction."""

    def __init__(self, url: sa.URL | str) -> None:
        url = sa.make_url(url)
        self.url = url
        self.location = url.database if url.get_backend_name() == "sqlite" else url.render_as_string()
        if url.get_backend_name() not in _INSERTS:
            raise StoreError(
                "store_backend_unsupported", location=self.location, backends=", ".join(_INSERTS)
            )
        self._engine = _engine(url)
        with self._transaction() as connection:
            migrate(connection)

    def close(self) -> None:
        """Release the database connections."""
        self._engine.dispose()

    def save(
        self, name: str, scenario: Scenario, author: str = "", note: str = "", *, overwrite: bool = False
    ) -> SavedScenario:
        """Save a scenario under a name; an existing name is refused unless ``overwrite``."""
        name, author, note = _clean_name(name), _clean_text(author, AUTHOR_MAX), _clean_note(note)
        payload = json.dumps(scenarios.to_dict(scenario), ensure_ascii=False, sort_keys=True)
        now = datetime.now(UTC)
        with self._transaction() as connection:
            existing = connection.execute(
                sa.select(saved_scenarios.c.id).where(saved_scenarios.c.name == name)
            ).scalar_one_or_none()
            values = {"author": author, "note": note, "payload": payload, "updated_at": now}
            if existing is None:
                row_id = connection.execute(
                    saved_scenarios.insert().values(name=name, created_at=now, **values)
                ).inserted_primary_key[0]
            elif overwrite:
                row_id = existing
                update = saved_scenarios.update().where(saved_scenarios.c.id == row_id)
                connection.execute(update.values(values))
            else:
                raise StoreError("scenario_name_taken", name=name)
            return self._summary(connection, row_id)

    def list(self) -> list[SavedScenario]:
        """Every saved scenario, the most recently changed first."""
        columns = [c for c in saved_scenarios.columns if c.name != "payload"]
        query = sa.select(*columns).order_by(saved_scenarios.c.updated_at.desc(), saved_scenarios.c.id.desc())
        with self._transaction() as connection:
            return [_summary_of(row) for row in connection.execute(query)]

    def get(self, scenario_id: int) -> SavedScenario:
        """The metadata of one saved scenario."""
        with self._transaction() as connection:
            return self._summary(connection, scenario_id)

    def load(self, dataset: Dataset, scenario_id: int) -> Scenario:
        """The saved scenario, validated against the dataset."""
        query = sa.select(saved_scenarios.c.name, saved_scenarios.c.payload).where(
            saved_scenarios.c.id == scenario_id
        )
        with self._transaction() as connection:
            row = connection.execute(query).one_or_none()
        if row is None:
            raise StoreError("scenario_not_found", id=scenario_id)
        try:
            raw = json.loads(row.payload)
        except (json.JSONDecodeError, RecursionError) as error:
            raise StoreError("scenario_unreadable", name=row.name, problem=str(error)) from None
        try:
            return scenarios.from_dict(dataset, raw)
        except SmartCityError as error:
            raise StoreError("scenario_unreadable", name=row.name, problem=str(error)) from None

    def rename(self, scenario_id: int, new_name: str) -> SavedScenario:
        """Give a saved scenario another name (which must not be taken)."""
        new_name = _clean_name(new_name)
        with self._transaction() as connection:
            clash = connection.execute(
                sa.select(saved_scenarios.c.id).where(
                    saved_scenarios.c.name == new_name, saved_scenarios.c.id != scenario_id
                )
            ).first()
            if clash:
                raise StoreError("scenario_name_taken", name=new_name)
            changed = connection.execute(
                saved_scenarios.update()
                .where(saved_scenarios.c.id == scenario_id)
                .values(name=new_name, updated_at=datetime.now(UTC))
            ).rowcount
            if not changed:
                raise StoreError("scenario_not_found", id=scenario_id)
            return self._summary(connection, scenario_id)

    def delete(self, scenario_id: int) -> None:
        """Delete a saved scenario."""
        with self._transaction() as connection:
            deleted = connection.execute(
                saved_scenarios.delete().where(saved_scenarios.c.id == scenario_id)
            ).rowcount
        if not deleted:
            raise StoreError("scenario_not_found", id=scenario_id)

    def save_link(self, scenario_json: str) -> str:
        """Store a scenario's JSON text under a new unguessable id (the same text keeps its id)."""
        payload = _link_payload(scenario_json)
        digest = hashlib.sha256(payload.encode("utf-8")).hexdigest()
        row = {
            "id": secrets.token_urlsafe(LINK_ID_BYTES),
            "content_hash": digest,
            "payload": payload,
            "created_at": datetime.now(UTC),
        }
        with self._transaction() as connection:
            insert = _INSERTS[connection.dialect.name](short_links).values(row)
            connection.execute(insert.on_conflict_do_nothing(index_elements=[short_links.c.content_hash]))
            found = sa.select(short_links.c.id).where(short_links.c.content_hash == digest)
            return str(connection.execute(found).scalar_one())

    def load_link(self, link_id: str) -> str | None:
        """The scenario text of a short link; None for an unknown or malformed id."""
        if not LINK_ID_PATTERN.fullmatch(link_id):
            return None
        query = sa.select(short_links.c.payload).where(short_links.c.id == link_id)
        with self._transaction() as connection:
            payload = connection.execute(query).scalar_one_or_none()
        return None if payload is None else str(payload)

    def _summary(self, connection: Connection, scenario_id: int) -> SavedScenario:
        columns = [c for c in saved_scenarios.columns if c.name != "payload"]
        row = connection.execute(sa.select(*columns).where(saved_scenarios.c.id == scenario_id)).one_or_none()
        if row is None:
            raise StoreError("scenario_not_found", id=scenario_id)
        return _summary_of(row)

    @contextmanager
    def _transaction(self) -> Iterator[Connection]:
        """One transaction; database failures become a StoreError that names the database."""
        try:
            with self._engine.begin() as connection:
                yield connection
        except sa.exc.IntegrityError:
            raise StoreError("store_conflict", location=self.location) from None
        except sa.exc.SQLAlchemyError as error:
            problem = str(error.orig) if isinstance(error, sa.exc.DBAPIError) else str(error)
            raise StoreError("store_unavailable", location=self.location, problem=problem) from None


def _engine(url: sa.URL) -> Engine:
    if url.get_backend_name() != "sqlite":
        return sa.create_engine(url, pool_pre_ping=True)
    engine = sa.create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_SECONDS})

    @sa.event.listens_for(engine, "connect")
    def _configure(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the sqlite3 module, open transactions, so DDL is transactional too.
        dbapi_connection.isolation_level = None
        dbapi_connection.execute("PRAGMA journal_mode=WAL")
        dbapi_connection.execute("PRAGMA foreign_keys=ON")

    @sa.event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        # IMMEDIATE takes the write lock up front: two writers queue instead of failing to upgrade.
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def _summary_of(row: Any) -> SavedScenario:
    created = _aware(row.created_at)
    updated = _aware(row.updated_at) if row.updated_at else created
    return SavedScenario(row.id, row.name, row.author, row.note, created, updated)


def _aware(moment: datetime) -> datetime:
    """SQLite returns naive datetimes; they were written in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _clean_text(text: str, limit: int, allowed: str = "") -> str:
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n")).strip()
    if len(text) > limit:
        raise StoreError("text_too_long", limit=limit, start=text[:20])
    if any(unicodedata.category(char) == "Cc" and char not in allowed for char in text):
        raise StoreError("text_control_characters", start=text[:20])
    return text


def _clean_name(name: str) -> str:
    name = _clean_text(name, NAME_MAX)
    if not name:
        raise StoreError("scenario_name_empty")
    return name


def _clean_note(note: str) -> str:
    return _clean_text(note, NOTE_MAX, allowed="\n")


def _link_payload(scenario_json: str) -> str:
    """The text a short link stores: at most LINK_MAX_BYTES of UTF-8, no NUL (PostgreSQL refuses it)."""
    try:
        size = len(scenario_json.encode("utf-8"))
    except UnicodeEncodeError:
        raise StoreError("link_not_text") from None
    if size > LINK_MAX_BYTES:
        raise StoreError("link_too_large", size=size, limit=LINK_MAX_BYTES)
    if "\x00" in scenario_json:
        raise StoreError("link_not_text")
    return scenario_json
