"""Text on the page: translation into the session's language, escaping, markdown tables and lists."""

from __future__ import annotations

import html
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
TABLE_CLASS = "smartcity-table"
TABLE_SCROLL_CLASS = "smartcity-table-scroll"
PANEL_CLASS = "smartcity-panel"
TABLE_STYLE = (
    "<style>"
    f".{TABLE_CLASS} {{ border-collapse: collapse; margin: 0; }}"
    f" .{TABLE_SCROLL_CLASS} {{ max-width: 100%; overflow-x: auto; }}"
    f" .{TABLE_CLASS} th, .{TABLE_CLASS} td {{ border: 1px solid rgba(17, 17, 17, 0.1);"
    " padding: 0.3rem 0.5rem; text-align: left; overflow-wrap: break-word; }"
    f" .{TABLE_CLASS} th {{ font-weight: 700; vertical-align: bottom; }}"
    f" .{TABLE_CLASS} .number {{ text-align: right; }}"
    f" .{PANEL_CLASS} h4 {{ font-size: 1.5rem; font-weight: 600; line-height: 1.2; margin: 0;"
    " padding: 0.5rem 0 1rem; }"
    f" .{PANEL_CLASS} .{TABLE_SCROLL_CLASS}, .{PANEL_CLASS} ul {{ margin: 0 0 1rem; padding: 0; }}"
    f" .{PANEL_CLASS} li {{ margin: 0.2rem 0 0.2rem 1.15rem; padding-left: 0.3rem; }}"
    "</style>"
)
"""Constant CSS, set once per page (chrome.page_setup), for :func:`html_table` and HTML panels: the look of
Streamlit's markdown headings, lists and tables (borders in the theme's text colour at 10%) with tighter
cells, so that a table with long headers (in Russian, Kazakh) fits its column. Headers wrap between words;
a table still wider than its column (six columns on a phone) scrolls sideways in its box, not the page."""


def _header_text(cell: str) -> str:
    return _ABBREVIATION_SPACE.sub("\u00a0", cell)


def markdown_table(rows: Sequence[Sequence[str]], *, numbers: bool = True) -> str:
    """A small table (a header row, then rows) as markdown, far lighter to draw than a dataframe.

    Every cell is escaped, and a header keeps abbreviations such as "п. п." on one line; with
    ``numbers``, every column but the first is aligned right.
    """
    header, *body = rows
    lines = [
        "| " + " | ".join(escape_markdown(_header_text(c)) for c in header) + " |",
        "|:--" + ("|--:" if numbers else "|:--") * (len(header) - 1) + "|",
        *("| " + " | ".join(escape_markdown(cell) for cell in row) + " |" for row in body),
    ]
    return "\n".join(lines)


def html_table(rows: Sequence[Sequence[str]], *, numbers: bool = True) -> str:
    """The same table as HTML (draw it with st.html), with tighter cells (:data:`TABLE_STYLE`).

    For panels that a slider redraws: on every run of a fragment Streamlit's frontend redraws every element
    of the page, and parses each markdown element again, while HTML it only compares. Every cell is escaped.
    """
    header, *body = rows

    def cells(row: Sequence[str], tag: str) -> str:
        aligned = ["", *[' class="number"' if numbers else ""] * (len(row) - 1)]
        return "".join(f"<{tag}{a}>{html.escape(cell)}</{tag}>" for a, cell in zip(aligned, row, strict=True))

    head = cells([_header_text(c) for c in header], "th")
    rows_html = "".join(f"<tr>{cells(row, 'td')}</tr>" for row in body)
    table = f'<table class="{TABLE_CLASS}"><thead><tr>{head}</tr></thead><tbody>{rows_html}</tbody></table>'
    return f'<div class="{TABLE_SCROLL_CLASS}">{table}</div>'


def html_list(sentences: Sequence[str]) -> str:
    """Sentences as an HTML bullet list, each escaped."""
    return "<ul>" + "".join(f"<li>{html.escape(sentence)}</li>" for sentence in sentences) + "</ul>"


def markdown_list(sentences: Sequence[str]) -> str:
    """Sentences as a markdown bullet list, each escaped."""
    return "\n".join("- " + escape_markdown(sentence) for sentence in sentences)


def show_error(error: SmartCityError) -> None:
    """Show a SmartCityError in the user's language, without a traceback (escaped: it may quote user text)."""
    st.error(escape_markdown(error.message(state.language())), icon=":material/error:")
