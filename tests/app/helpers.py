"""Helpers shared by the AppTests: reading what a page shows."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.support.html_text import tables


def ranking_table(app: AppTest) -> list[list[str]]:
    """The ranking (the page's first HTML table) as rows of cell texts, header first."""
    return tables(app)[0]


def ranking(app: AppTest) -> list[tuple[str, str, str]]:
    """(rank, town, score) of each ranked row."""
    return [(row[0], row[1], row[2]) for row in ranking_table(app)[1:]]
