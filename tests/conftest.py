"""Test-wide settings, the order and grouping of tests over pytest-xdist's workers, a throwaway
PostgreSQL cluster started only when a test asks for it, and the store tests' empty databases on both
backends.

Under pytest-xdist every session fixture is per worker: each worker has its own default store and, when
a test asks for one, its own PostgreSQL cluster. The browser tests run on one worker, one after another,
with one app server and one Chromium; the other worker takes the unit and page tests meanwhile
(tests/support/scheduling.py)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import settings

from smartcity.i18n.catalog import STRICT_ENV
from tests.support.postgres import Cluster, running_cluster
from tests.support.scheduling import BrowserTestsTogether

# A message key missing from every catalogue raises KeyError in tests (and in the servers and
# processes they start) instead of showing the bare key.
os.environ[STRICT_ENV] = "1"

# Speed is measured in bench/, not in tests: no example fails for taking long on a busy machine.
settings.register_profile("no_deadline", deadline=None)
settings.load_profile("no_deadline")


BROWSER_TESTS = Path(__file__).parent / "browser"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the browser tests first: they are the longest share of the run, on one worker."""
    items.sort(key=lambda item: BROWSER_TESTS not in item.path.parents)


def pytest_xdist_make_scheduler(config: pytest.Config, log: object) -> BrowserTestsTogether:
    """pytest-xdist hands out the browser tests as one unit and the other tests a file at a time."""
    return BrowserTestsTogether(config, log)


@pytest.fixture(scope="session", autouse=True)
def default_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The store of pages and commands that a test gives none of its own: a SQLite file of this session
    (of this worker, under xdist) instead of ./scenarios.db, which workers would share."""
    path = tmp_path_factory.mktemp("default-store") / "scenarios.db"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SMARTCITY_DB", str(path))
        yield path


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
