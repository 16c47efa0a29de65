"""Markdown tables: escaped cells, numbers aligned right, abbreviations kept on one line."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from smartcity.ui.text import markdown_table

ROWS = [("Town", "Score"), ("Shu", "43%"), ("Ayagoz", "31%")]
PLAIN = "| Town | Score |\n|:--|--:|\n| Shu | 43% |\n| Ayagoz | 31% |"


def test_a_plain_table_is_markdown_with_numbers_aligned_right():
    assert markdown_table(ROWS) == PLAIN
    assert markdown_table(ROWS, numbers=False).splitlines()[1] == "|:--|:--|"


@given(st.lists(st.text(max_size=20), min_size=2, max_size=4))
def test_no_cell_can_open_an_html_tag(cells):
    assert re.search(r"(?<!\\)<", markdown_table([("a", "b"), cells[:2]])) is None


def test_a_header_keeps_an_abbreviation_of_one_letter_words_on_one_line():
    header = markdown_table([("Город", "Δ к статье, п. п."), ("Шу", "0")]).splitlines()[0]
    assert header == "| Город | Δ к статье, п\\.\u00a0п\\. |"
