"""The brief's A4 page layout: DejaVu Sans, headings kept with what follows, tables fitted to words.

Column widths are fitted so that no word is ever broken across lines: every column is at least
as wide as its longest word, and the room left is shared out by how much each column's full text
wants. A table that cannot fit this way at the normal size is set in smaller type.
"""

from __future__ import annotations

import io
import math
import re
import unicodedata
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

import matplotlib
from fpdf import FPDF
from fpdf.fonts import FontFace

FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
FONT_FAMILY = "DejaVuSans"
BODY_SIZE = 9.5
TABLE_SIZES = (8.5, 8.0, 7.5, 7.0, 6.5, 6.0)
"""Table font sizes tried in turn until every column fits its longest word."""
KEEP_WITH_HEADING = 28.0
"""Millimetres a heading needs below it; with less room left the heading starts a new page."""
HEADER_FILL = (230, 236, 245)
CELL_SLACK = 2.4
"""Millimetres a column gets beyond its text and the cell margins, so neighbouring cells breathe."""
_NOT_PRINTABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_SPACE = re.compile(r"\s+")


def printable(text: str) -> str:
    """User text without control characters (a PDF or a chart cannot show them)."""
    return _NOT_PRINTABLE.sub("", unicodedata.normalize("NFC", text))


def fit_widths(
    rows: Sequence[Sequence[str]], measure: Callable[[str], float], total: float, padding: float
) -> list[float] | None:
    """Column widths (mm) in which no word breaks, at most ``total`` wide; None when the words cannot fit.

    ``measure`` gives a text's width; each column gets ``padding`` on top of its text. Columns
    that fit whole get their full text's width; otherwise each gets its longest word plus a share
    of the room left in proportion to what its longest text still lacks.
    """
    columns = list(zip(*rows, strict=True))
    shortest = [
        max(measure(word) for cell in column for word in [*_SPACE.split(cell), ""]) for column in columns
    ]
    natural = [max(measure(cell) for cell in column) for column in columns]
    lowest = [width + padding for width in shortest]
    wanted = [width + padding for width in natural]
    if sum(wanted) <= total:
        return wanted
    if sum(lowest) > total:
        return None
    share = (total - sum(lowest)) / (sum(wanted) - sum(lowest))
    return [low + (want - low) * share for low, want in zip(lowest, wanted, strict=True)]


class BriefDocument(FPDF):
    """An A4 brief with the embedded font, kept-together headings, fitted tables and page numbers."""

    def __init__(self, language: str, footer_text: Callable[[int], str]) -> None:
        super().__init__(format="A4")
        self.language = language
        self._footer_text = footer_text
        self.add_font(FONT_FAMILY, "", str(FONT_DIR / "DejaVuSans.ttf"))
        self.add_font(FONT_FAMILY, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        self.set_margins(14, 12, 14)
        self.set_auto_page_break(auto=True, margin=14)
        self.set_font(FONT_FAMILY, size=BODY_SIZE)
        self.set_lang(language)
        self.alias_nb_pages()

    def footer(self) -> None:
        """The page number, centred at the foot of every page."""
        self.set_y(-10)
        self.set_font(FONT_FAMILY, size=7.5)
        self.set_text_color(90, 90, 90)
        self.cell(0, 5, self._footer_text(self.page_no()), align="C")
        self.set_text_color(0, 0, 0)

    @property
    def room_left(self) -> float:
        """Millimetres left on the current page above the bottom margin."""
        return self.page_break_trigger - self.get_y()

    def keep(self, height: float) -> None:
        """Start a new page unless ``height`` millimetres fit on this one."""
        if self.room_left < height:
            self.add_page()

    def heading(self, text: str, size: float = 12.5, keep: float = KEEP_WITH_HEADING) -> None:
        """A bold heading, moved to a new page with what follows when less than ``keep`` mm remain."""
        if self.get_y() > self.t_margin + 1:
            self.ln(2.5)
        self.keep(keep + size * 0.5)
        self.set_font(FONT_FAMILY, "B", size)
        self.multi_cell(0, size * 0.48, printable(text), align="L", new_x="LMARGIN", new_y="NEXT")
        self.set_font(FONT_FAMILY, size=BODY_SIZE)
        self.ln(1.2)

    def paragraph(self, text: str, size: float = BODY_SIZE, bold: bool = False, gap: float = 1.2) -> None:
        """A paragraph wrapped at word boundaries."""
        self.set_font(FONT_FAMILY, "B" if bold else "", size)
        self.multi_cell(0, size * 0.47, printable(text), align="L", new_x="LMARGIN", new_y="NEXT")
        self.set_font(FONT_FAMILY, size=BODY_SIZE)
        self.ln(gap)

    def bullet(self, text: str, size: float = BODY_SIZE) -> None:
        """A paragraph with a hanging bullet."""
        indent = 4.0
        self.set_font(FONT_FAMILY, size=size)
        self.cell(indent, size * 0.47, "•")
        self.multi_cell(0, size * 0.47, printable(text), align="L", new_x="LMARGIN", new_y="NEXT")
        self.ln(0.8)

    def fitted_table(
        self, rows: Sequence[Sequence[str]], align: Sequence[str], title: str | None = None
    ) -> None:
        """A table (first row: headings), columns fitted to their longest words, kept whole with its
        ``title`` on one page when it fits on one."""
        cells = [[printable(cell) for cell in row] for row in rows]
        size, widths = self._table_fit(cells, self.epw)
        height = min(self.table_height(cells), self.eph * 0.8)
        if title:
            self.heading(title, size=10.5, keep=height)
        else:
            self.keep(height)
        self.set_font(FONT_FAMILY, size=size)
        with self.table(
            col_widths=widths,
            width=min(sum(widths), self.epw),
            align="LEFT",
            text_align=tuple(align),
            headings_style=FontFace(emphasis="BOLD", fill_color=HEADER_FILL),
            line_height=size * 0.45,
            v_align="MIDDLE",
        ) as grid:
            for row in cells:
                grid.row(row)
        self.set_font(FONT_FAMILY, size=BODY_SIZE)
        self.ln(2)

    def table_height(self, rows: Sequence[Sequence[str]]) -> float:
        """About how many millimetres :meth:`fitted_table` needs for ``rows`` (wrapped lines counted)."""
        cells = [[printable(cell) for cell in row] for row in rows]
        size, widths = self._table_fit(cells, self.epw)
        padding = 2 * self.c_margin + CELL_SLACK
        lines = sum(
            max(
                math.ceil(self._text_width(cell, size) / max(width - padding, 1.0))
                for cell, width in zip(row, widths, strict=True)
            )
            for row in cells
        )
        return lines * size * 0.45 + 3

    def _table_fit(self, rows: Sequence[Sequence[str]], total: float) -> tuple[float, list[float]]:
        """The largest table font size at which every column fits its longest word, with its widths."""
        padding = 2 * self.c_margin + CELL_SLACK
        for size in TABLE_SIZES:
            widths = fit_widths(rows, partial(self._text_width, size=size), total, padding)
            if widths is not None:
                return size, widths
        smallest = TABLE_SIZES[-1]
        natural = [
            max(self._text_width(cell, smallest) for cell in column) + padding
            for column in zip(*rows, strict=True)
        ]
        return smallest, natural

    def _text_width(self, text: str, size: float) -> float:
        """The width of ``text`` in bold (the wider face, so headings fit too) at ``size``."""
        self.set_font(FONT_FAMILY, "B", size)
        return float(self.get_string_width(text))

    def images_in_grid(self, images: Sequence[bytes], columns: int, aspect: float) -> None:
        """PNG images side by side, ``columns`` per row, each ``aspect`` (height / width) high."""
        gap = 4.0
        cell_width = (self.epw - gap * (columns - 1)) / columns
        cell_height = cell_width * aspect
        for start in range(0, len(images), columns):
            self.keep(cell_height)
            top = self.get_y()
            row = images[start : start + columns]
            indent = (columns - len(row)) * (cell_width + gap) / 2  # a short last row is centred
            for offset, image in enumerate(row):
                x = self.l_margin + indent + offset * (cell_width + gap)
                self.image(io.BytesIO(image), x=x, y=top, w=cell_width, h=cell_height)
            self.set_y(top + cell_height + 2)
