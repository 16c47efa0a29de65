"""Session-wide fixtures: a throwaway PostgreSQL cluster, started only when a test asks for it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.postgres import Cluster, running_cluster


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[Cluster]:
    """One PostgreSQL cluster for the whole session, stopped and deleted at the end."""
    with running_cluster() as cluster:
        yield cluster
