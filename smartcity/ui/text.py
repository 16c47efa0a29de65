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
FITTED_KEY_PREFIX = "fitted_"
_FITTED = f'[class*="st-key-{FITTED_KEY_PREFIX}"]'
FITTED_TABLE_STYLE = (
    f"<style>{_FITTED} table th, {_FITTED} table td {{ padding: 0.3rem 0.5rem; }}"
    f" {_FITTED} table th {{ vertical-align: bottom; }}</style>"
)
"""Constant CSS, set once per page (chrome.page_setup): the tables of :func:`fitted_markdown` have tighter
cells, so a table with long headers (in Russian, Kazakh) fits its column. Headers wrap between words only.
("table th": one element more specific than Streamlit's own cell rule, which comes later in the page.)"""


def markdown_table(rows: Sequence[Sequence[str]], *, numbers: bool = True) -> str:
    """A small table (a header row, then rows) as markdown, far lighter to draw than a dataframe.

    Every cell is escaped, and a header keeps abbreviations such as "п. п." on one line; with
    ``numbers``, every column but the first is aligned right.
    """
    header, *body = rows
    lines = [
        "| " + " | ".join(escape_markdown(_ABBREVIATION_SPACE.sub("\u00a0", c)) for c in header) + " |",
        "|:--" + ("|--:" if numbers else "|:--") * (len(header) - 1) + "|",
        *("| " + " | ".join(escape_markdown(cell) for cell in row) + " |" for row in body),
    ]
    return "\n".join(lines)


def fitted_markdown(body: str, key: str) -> None:
    """Draw markdown whose tables have tighter cells (:data:`FITTED_TABLE_STYLE`), keyed ``key``.

    Plain markdown, no HTML: a slider move redraws the what-if results without parsing HTML.
    """
    st.container(key=FITTED_KEY_PREFIX + key).markdown(body)


def markdown_list(sentences: Sequence[str]) -> str:
    """Sentences as a markdown bullet list, each escaped."""
    return "\n".join("- " + escape_markdown(sentence) for sentence in sentences)


def show_error(error: SmartCityError) -> None:
    """Show a SmartCityError in the user's language, without a traceback (escaped: it may quote user text)."""
    st.error(escape_markdown(error.message(state.language())), icon=":material/error:")
