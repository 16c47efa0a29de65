"""Fixtures of the page tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from smartcity.store.rounds import RoundStore


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[RoundStore]:
    """An empty round store in a temporary SQLite file, which the pages under test open too."""
    path = tmp_path / "rounds.db"
    monkeypatch.setenv("SMARTCITY_DB", str(path))
    monkeypatch.delenv("SMARTCITY_DB_URL", raising=False)
    opened = RoundStore(f"sqlite:///{path}")
    yield opened
    opened.close()
