"""Text on the page: translation into the session's language, escaping, markdown tables and lists."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st

from smartcity.errors import SmartCityError
from smartcity.i18n.catalog import translate, translate_count
from smartcity.ui import state

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~:$])")


def t(key: str, /, **params: Any) -> str:
    """Translate ``key`` into the session's language."""
    return translate(key, state.language(), **params)


def t_count(key: str, count: float, /, **params: Any) -> str:
    """Translate the counted message ``key`` (``key.one``, ``key.other``, …) for ``count``."""
    return translate_count(key, count, state.language(), **params)


def escape_markdown(text: str) -> str:
    """Escape user text for st.markdown, so names like ``<img ...>`` or ``[x](javascript:)`` show as text."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def escaped(format_func: Callable[[str], str]) -> Callable[[str], str]:
    """``format_func`` with its result escaped (widget option labels render markdown)."""
    return lambda option: escape_markdown(format_func(option))


_ABBREVIATION_SPACE = re.compile(r"(?<=\b\w\.) (?=\w\.)")
"""The space in an abbreviation of one-letter words ("п. п.", "п. т."): headers wrap around it, not in it."""
FITTED_TABLE_CLASS = "smartcity-table"
_FITTED_TABLE_STYLE = (
    "<style>"
    f".{FITTED_TABLE_CLASS} th, .{FITTED_TABLE_CLASS} td {{ padding: 0.3rem 0.5rem; }}"
    f" .{FITTED_TABLE_CLASS} th {{ vertical-align: bottom; }}"
    "</style>"
)
"""Constant CSS: tighter cells, so a table with long headers (in Russian, Kazakh) fits its column.
Headers wrap between words only: no short word is broken."""


def markdown_table(rows: Sequence[Sequence[str]], *, numbers: bool = True, fitted: bool = False) -> str:
    """A small table (a header row, then rows) as markdown, far lighter to draw than a dataframe.

    Every cell is escaped, and a header keeps abbreviations such as "п. п." on one line; with
    ``numbers``, every column but the first is aligned right. With ``fitted``, the table comes in
    a block of class ``smartcity-table`` with tighter cells: draw it with
    ``st.markdown(..., unsafe_allow_html=True)`` (the escaped cells still cannot add HTML).
    """
    header, *body = rows
    lines = [
        "| " + " | ".join(escape_markdown(_ABBREVIATION_SPACE.sub("\u00a0", c)) for c in header) + " |",
        "|:--" + ("|--:" if numbers else "|:--") * (len(header) - 1) + "|",
        *("| " + " | ".join(escape_markdown(cell) for cell in row) + " |" for row in body),
    ]
    table = "\n".join(lines)
    if not fitted:
        return table
    return f'{_FITTED_TABLE_STYLE}\n\n<div class="{FITTED_TABLE_CLASS}">\n\n{table}\n\n</div>'


def markdown_list(sentences: Sequence[str]) -> str:
    """Sentences as a markdown bullet list, each escaped."""
    return "\n".join("- " + escape_markdown(sentence) for sentence in sentences)


def show_error(error: SmartCityError) -> None:
    """Show a SmartCityError in the user's language, without a traceback (escaped: it may quote user text)."""
    st.error(escape_markdown(error.message(state.language())), icon=":material/error:")
