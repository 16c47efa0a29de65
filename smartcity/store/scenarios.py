"""Saved scenarios in a SQL database: save, list, load, rename and delete, atomically.

The database is SQLite by default (``scenarios.db`` in the working directory, or the path in
``SMARTCITY_DB``); ``SMARTCITY_DB_URL`` takes a SQLAlchemy URL of SQLite or PostgreSQL (psycopg 3),
when several app servers share scenarios. The database, its schema and its migrations are in
:mod:`smartcity.store.database` (re-exported here, as before). Every write
is one transaction, so a crash mid-save loses nothing that was saved before; saves of one name at
the same moment are decided by the database (INSERT .. ON CONFLICT). Short links map an unguessable
id to a scenario's JSON text, so a long share link can be passed on as a short one.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from smartcity import scenario as scenarios
from smartcity.errors import SmartCityError
from smartcity.model import Dataset
from smartcity.scenario import Scenario
from smartcity.store.database import (
    AUTHOR_MAX,
    DEFAULT_DB_FILE,
    MIGRATIONS,
    NAME_MAX,
    SCHEMA_VERSION,
    Database,
    StoreError,
    current_version,
    database_url,
    insert_with_conflicts,
    migrate,
    saved_scenarios,
    short_links,
)

__all__ = [
    "AUTHOR_MAX",
    "DEFAULT_DB_FILE",
    "LINK_MAX_BYTES",
    "MIGRATIONS",
    "NAME_MAX",
    "NOTE_MAX",
    "SCHEMA_VERSION",
    "SavedScenario",
    "ScenarioStore",
    "StoreError",
    "current_version",
    "database_url",
    "migrate",
    "open_store",
]

NOTE_MAX = 2000
LINK_ID_BYTES = 16
"""A short link's id is this many random bytes (128 bits), written url-safe in base64."""
LINK_ID_PATTERN = re.compile(r"[A-Za-z0-9_-]{22}")
"""What ``secrets.token_urlsafe(LINK_ID_BYTES)`` gives; anything else is refused without a query."""
LINK_MAX_BYTES = scenarios.MAX_PACKED_BYTES
"""Largest scenario text a short link stores (UTF-8): the bound a long link's packed part already has,
so every scenario a long link can carry fits, while one request cannot store more than 1 MiB."""


@dataclass(frozen=True)
class SavedScenario:
    """What the list of saved scenarios shows: the metadata, without the scenario itself."""

    id: int
    name: str
    author: str
    note: str
    created_at: datetime
    updated_at: datetime


def open_store(environ: Mapping[str, str] | None = None) -> ScenarioStore:
    """Open (creating or migrating as needed) the store configured by the environment."""
    return ScenarioStore(database_url(environ))


# --- the store ------------------------------------------------------------------------------


class ScenarioStore:
    """Named scenarios in a database; every method is one transaction."""

    def __init__(self, url: sa.URL | str) -> None:
        self._database = Database(url)
        self.url = self._database.url
        self.location = self._database.location
        self._engine = self._database.engine
        self._transaction = self._database.transaction

    def close(self) -> None:
        """Release the database connections."""
        self._database.close()

    def save(
        self, name: str, scenario: Scenario, author: str = "", note: str = "", *, overwrite: bool = False
    ) -> SavedScenario:
        """Save a scenario under a name; an existing name is refused unless ``overwrite``.

        One statement (INSERT .. ON CONFLICT) decides, so servers saving one name at once each get a
        clear answer. Saving exactly what the name already holds (a retry whose answer was lost)
        returns the saved entry instead of refusing the name.
        """
        name, author, note = _clean_name(name), _clean_text(author, AUTHOR_MAX), _clean_note(note)
        payload = json.dumps(scenarios.to_dict(scenario), ensure_ascii=False, sort_keys=True)
        now = datetime.now(UTC)
        content = {"author": author, "note": note, "payload": payload}
        with self._transaction() as connection:
            insert = insert_with_conflicts(connection, saved_scenarios).values(
                name=name, created_at=now, updated_at=now, **content
            )
            if overwrite:
                replaced = {**{column: insert.excluded[column] for column in content}, "updated_at": now}
                upsert = insert.on_conflict_do_update(index_elements=[saved_scenarios.c.name], set_=replaced)
            else:
                upsert = insert.on_conflict_do_nothing(index_elements=[saved_scenarios.c.name])
            row_id = connection.execute(upsert.returning(saved_scenarios.c.id)).scalar_one_or_none()
            if row_id is None:
                row_id = self._same_save(connection, name, content)
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
        update = (
            saved_scenarios.update()
            .where(saved_scenarios.c.id == scenario_id)
            .values(name=new_name, updated_at=datetime.now(UTC))
        )
        with self._transaction() as connection:
            try:
                changed = connection.execute(update).rowcount
            except sa.exc.IntegrityError:  # the unique index on names: taken, even at the same moment
                raise StoreError("scenario_name_taken", name=new_name) from None
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
        digest = hashlib.sha256(_link_bytes(scenario_json)).hexdigest()
        row = {
            "id": secrets.token_urlsafe(LINK_ID_BYTES),
            "content_hash": digest,
            "payload": scenario_json,
            "created_at": datetime.now(UTC),
        }
        with self._transaction() as connection:
            insert = insert_with_conflicts(connection, short_links).values(row)
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

    def _same_save(self, connection: Connection, name: str, content: Mapping[str, str]) -> int:
        """The id under ``name`` when it holds exactly ``content``; else the name is taken."""
        query = sa.select(saved_scenarios.c.id, *(saved_scenarios.c[column] for column in content))
        row = connection.execute(query.where(saved_scenarios.c.name == name)).one_or_none()
        if row is None:  # saved and deleted by others between our insert and this read
            raise StoreError("store_conflict", location=self.location)
        if any(getattr(row, column) != value for column, value in content.items()):
            raise StoreError("scenario_name_taken", name=name)
        return int(row.id)

    def _summary(self, connection: Connection, scenario_id: int) -> SavedScenario:
        columns = [c for c in saved_scenarios.columns if c.name != "payload"]
        row = connection.execute(sa.select(*columns).where(saved_scenarios.c.id == scenario_id)).one_or_none()
        if row is None:
            raise StoreError("scenario_not_found", id=scenario_id)
        return _summary_of(row)


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


def _link_bytes(scenario_json: str) -> bytes:
    """A short link's text in UTF-8; refused over LINK_MAX_BYTES or with a NUL (PostgreSQL can't store it)."""
    try:
        encoded = scenario_json.encode("utf-8")
    except UnicodeEncodeError:
        raise StoreError("link_not_text") from None
    if len(encoded) > LINK_MAX_BYTES:
        raise StoreError("link_too_large", size=len(encoded), limit=LINK_MAX_BYTES)
    if b"\x00" in encoded:
        raise StoreError("link_not_text")
    return encoded
