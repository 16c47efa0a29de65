"""Test-wide settings, a throwaway PostgreSQL cluster started only when a test asks for it, and the
store tests' empty databases on both backends."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import settings

from smartcity.i18n.catalog import STRICT_ENV
from tests.support.postgres import Cluster, running_cluster

# A message key missing from every catalogue raises KeyError in tests (and in the servers and
# processes they start) instead of showing the bare key.
os.environ[STRICT_ENV] = "1"

# Speed is measured in bench/, not in tests: no example fails for taking long on a busy machine.
settings.register_profile("no_deadline", deadline=None)
settings.load_profile("no_deadline")


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[Cluster]:
    """One PostgreSQL cluster for the whole session, stopped and deleted at the end."""
    with running_cluster() as cluster:
        yield cluster


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> sa.URL:
    """An empty database: a new SQLite file, or a new database on the test PostgreSQL cluster."""
    if request.param == "sqlite":
        return sa.URL.create("sqlite", database=str(tmp_path / "scenarios.db"))
    return request.getfixturevalue("postgres_cluster").new_database()
