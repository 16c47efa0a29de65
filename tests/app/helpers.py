"""Helpers shared by the AppTests: reading what a page shows."""

from __future__ import annotations

import re

from streamlit.testing.v1 import AppTest


def ranking_table(app: AppTest) -> list[list[str]]:
    """The ranking's markdown table as rows of cells (header first), markdown escapes kept."""
    table = next(m.value for m in app.markdown if "\n|:--" in m.value)
    lines = [line for line in table.splitlines() if line.startswith("| ")]  # no wrapper, no "|:--" row
    return [[cell.strip() for cell in re.split(r"(?<!\\)\|", line)[1:-1]] for line in lines]


def ranking(app: AppTest) -> list[tuple[str, str, str]]:
    """(rank, town, score) of each ranked row."""
    return [tuple(row[:3]) for row in ranking_table(app)[1:]]
