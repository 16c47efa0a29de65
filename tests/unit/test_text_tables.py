"""Markdown and HTML tables: escaped cells, numbers aligned right, abbreviations kept on one line."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from smartcity.ui.text import TABLE_CLASS, TABLE_SCROLL_CLASS, html_list, html_table, markdown_table
from tests.support.html_text import blocks

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


def test_an_html_table_has_a_header_row_and_numbers_aligned_right():
    table = html_table(ROWS)
    assert table.startswith(f'<div class="{TABLE_SCROLL_CLASS}"><table class="{TABLE_CLASS}"><thead><tr><th>')
    assert '<th>Town</th><th class="number">Score</th>' in table
    assert "<tr><td>Shu</td><td class=\"number\">43%</td></tr>" in table
    assert 'class="number"' not in html_table(ROWS, numbers=False)


@given(st.lists(st.text(max_size=20), min_size=4, max_size=4))
def test_html_cells_and_list_items_read_back_as_the_same_text(cells):
    header, row = cells[:2], cells[2:]
    table = html_table([header, row])
    assert blocks(table) == [("table", [[c.strip() for c in header], [c.strip() for c in row]])]
    assert re.search(r"<(?!/?(div|table|thead|tbody|tr|th|td)[ >])", table) is None  # only the table's tags
    assert blocks(html_list(cells)) == [("li", c.strip()) for c in cells]


def test_an_html_header_keeps_an_abbreviation_on_one_line():
    table = html_table([("Город", "Δ к статье, п. п."), ("Шу", "0")])
    assert '<th class="number">Δ к статье, п.\u00a0п.</th>' in table
