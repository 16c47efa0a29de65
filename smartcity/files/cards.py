"""Printable QR code cards for a round's links (PNG, or a PDF with one A4 page per link), made offline.

A card shows the round's title, the stakeholder group the link fixes (or "all groups"), a big
QR code of the link (segno), the link as text and a one-line instruction in the card's language.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import segno
from fpdf import FPDF
from fpdf.enums import WrapMode
from PIL import Image, ImageDraw, ImageFont

from smartcity.errors import SmartCityError
from smartcity.files.brief.layout import FONT_DIR, FONT_FAMILY, printable
from smartcity.i18n.catalog import translate

ERROR_LEVEL = "m"
"""QR error correction: M restores up to 15% of a damaged or smudged printed code."""
QUIET_ZONE = 4
"""Modules of white border around the code, as the QR standard asks."""
CARD_SIZE = (1240, 1754)
"""The PNG card in pixels: A4 at 150 dpi."""
QR_TOP = 470
QR_MAX_SIDE = 880
MARGIN = 100
MONO_FAMILY = "DejaVuSansMono"


@dataclass(frozen=True)
class QrCard:
    """What one card shows: the link, the round's title, the group's label, in a language."""

    link: str
    title: str
    group_label: str
    language: str


@dataclass(frozen=True)
class CardLayout:
    """Where a card's QR code sits in the PNG: top-left corner of its quiet zone and pixels per module."""

    qr_left: int
    qr_top: int
    module_px: int


def qr_code(link: str) -> segno.QRCode:
    """The QR code of a link (error correction M), made offline."""
    return segno.make_qr(link, error=ERROR_LEVEL)


def card_layout(link: str) -> CardLayout:
    """Where the link's QR code goes on the PNG card: as big as fits, centred, below the title."""
    width = int(qr_code(link).symbol_size(scale=1, border=QUIET_ZONE)[0])
    module_px = max(1, QR_MAX_SIDE // width)
    return CardLayout((CARD_SIZE[0] - width * module_px) // 2, QR_TOP, module_px)


def qr_card_png(link: str, title: str, group_label: str, language: str) -> bytes:
    """A printable card (PNG, A4 at 150 dpi): the link's QR code, the title, group, link and instruction."""
    layout = card_layout(link)
    code = qr_code(link)
    buffer = io.BytesIO()
    code.save(buffer, kind="png", scale=layout.module_px, border=QUIET_ZONE)
    card = Image.new("RGB", CARD_SIZE, "white")
    card.paste(Image.open(io.BytesIO(buffer.getvalue())).convert("RGB"), (layout.qr_left, layout.qr_top))
    draw = ImageDraw.Draw(card)
    bold = _font("DejaVuSans-Bold.ttf", 56)
    regular = _font("DejaVuSans.ttf", 40)
    mono = _font(f"{MONO_FAMILY}.ttf", 30)
    y = _centred(draw, printable(title), bold, 110, max_lines=3)
    _centred(draw, printable(group_label), regular, y + 24, max_lines=2)
    y = layout.qr_top + int(code.symbol_size(scale=layout.module_px, border=QUIET_ZONE)[1]) + 20
    y = _centred(draw, printable(link), mono, y, max_lines=4, break_anywhere=True)
    _centred(draw, translate("forms.card.instruction", language), _font("DejaVuSans.ttf", 34), y + 40, 3)
    out = io.BytesIO()
    card.save(out, format="PNG", dpi=(150, 150))
    return out.getvalue()


def qr_cards_pdf(cards: Sequence[QrCard]) -> bytes:
    """The cards as a PDF, one A4 page each: title, group, a 150 mm QR code, the link and the instruction."""
    if not cards:
        raise SmartCityError("forms_no_cards")
    document = FPDF(format="A4")
    document.set_auto_page_break(auto=False)
    document.add_font(FONT_FAMILY, "", str(FONT_DIR / "DejaVuSans.ttf"))
    document.add_font(FONT_FAMILY, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    document.add_font(MONO_FAMILY, "", str(FONT_DIR / f"{MONO_FAMILY}.ttf"))
    for card in cards:
        document.add_page()
        document.set_lang(card.language)
        document.set_y(22)
        document.set_font(FONT_FAMILY, "B", 22)
        _centred_lines(document, card.title, 10, max_lines=3)
        document.ln(3)
        document.set_font(FONT_FAMILY, "", 16)
        _centred_lines(document, card.group_label, 8, max_lines=2)
        image = io.BytesIO()
        qr_code(card.link).save(image, kind="png", scale=10, border=QUIET_ZONE)
        side = 150
        document.image(image, x=(document.w - side) / 2, y=80, w=side, h=side)
        document.set_y(80 + side + 6)
        document.set_font(MONO_FAMILY, "", 11)
        document.multi_cell(
            0, 5.5, printable(card.link), align="C", wrapmode=WrapMode.CHAR, new_x="LMARGIN", new_y="NEXT"
        )
        document.ln(6)
        document.set_font(FONT_FAMILY, "", 14)
        document.multi_cell(0, 7, translate("forms.card.instruction", card.language), align="C")
    return bytes(document.output())


def _centred_lines(document: FPDF, text: str, line_height: float, max_lines: int) -> None:
    """User text centred on the page in at most ``max_lines`` lines (the last cut with "…"), so it
    never runs into the QR code."""
    lines = document.multi_cell(0, line_height, printable(text), dry_run=True, output="LINES")
    assert isinstance(lines, list)  # output="LINES" gives the lines
    if len(lines) > max_lines:
        last = lines[max_lines - 1]
        while last and document.get_string_width(last + "…") > document.epw:
            last = last[:-1]
        lines = [*lines[: max_lines - 1], last + "…"]
    document.multi_cell(0, line_height, "\n".join(lines), align="C", new_x="LMARGIN", new_y="NEXT")


def _font(file_name: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT_DIR / file_name), size)


def _centred(
    draw: ImageDraw.ImageDraw,
    text: str,
    font: ImageFont.FreeTypeFont,
    top: int,
    max_lines: int,
    break_anywhere: bool = False,
) -> int:
    """Draw text centred in lines that fit between the margins (at most ``max_lines``, the last cut with
    "…"); return the y below the last line."""
    width = CARD_SIZE[0] - 2 * MARGIN
    lines = _wrapped(text, lambda line: draw.textlength(line, font=font) <= width, break_anywhere)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        while last and draw.textlength(last + "…", font=font) > width:
            last = last[:-1]
        lines[-1] = last + "…"
    line_height = int(font.size * 1.25)
    for index, line in enumerate(lines):
        draw.text((CARD_SIZE[0] / 2, top + index * line_height), line, font=font, fill="black", anchor="mt")
    return top + len(lines) * line_height


def _wrapped(text: str, fits: Callable[[str], bool], break_anywhere: bool) -> list[str]:
    """Greedy line breaking at spaces (or between any characters, for links); long words are split."""
    units = list(text) if break_anywhere else text.split()
    joiner = "" if break_anywhere else " "
    lines: list[str] = []
    current = ""
    for unit in units:
        candidate = f"{current}{joiner}{unit}" if current else unit
        if fits(candidate):
            current = candidate
            continue
        if current:
            lines.append(current)
        current = unit
        while not fits(current) and len(current) > 1:  # a word wider than the card: split it
            cut = next(i for i in range(len(current), 0, -1) if fits(current[:i]) or i == 1)
            lines.append(current[:cut])
            current = current[cut:]
    if current:
        lines.append(current)
    return lines
