"""QR code cards: the PNG and the PDF hold the link's own QR code, and the card's texts."""

from __future__ import annotations

import io

import pytest
import segno
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image
from pypdf import PdfReader

from smartcity.errors import SmartCityError
from smartcity.files.cards import QrCard, card_layout, qr_card_png, qr_cards_pdf

LINK = "https://smartcity.example.kz/respond?round=Zq3xY7kP2mQ9vR4tW8nA1b&group=civil_society"


def expected_modules(link: str) -> list[list[bool]]:
    """The link's QR modules (error correction M) with a 4-module quiet zone, straight from segno."""
    matrix = [[bool(v) for v in row] for row in segno.make_qr(link, error="m").matrix]
    width = len(matrix) + 8
    blank = [[False] * width for _ in range(4)]
    return blank + [[False] * 4 + row + [False] * 4 for row in matrix] + blank


def sampled_modules(
    image: Image.Image, left: int, top: int, module_px: float, count: int
) -> list[list[bool]]:
    """Dark or light at the centre of each module of a count x count grid."""
    grey = image.convert("L")
    return [
        [
            grey.getpixel((int(left + (x + 0.5) * module_px), int(top + (y + 0.5) * module_px))) < 128
            for x in range(count)
        ]
        for y in range(count)
    ]


def test_the_png_card_is_a4_at_150_dpi_and_holds_the_link_s_qr_code():
    image = Image.open(
        io.BytesIO(qr_card_png(LINK, "Весна 2026", "Представители гражданского общества", "ru"))
    )
    assert image.format == "PNG"
    assert image.size == (1240, 1754)
    layout = card_layout(LINK)
    expected = expected_modules(LINK)
    assert layout.module_px * len(expected) <= 880
    found = sampled_modules(image, layout.qr_left, layout.qr_top, layout.module_px, len(expected))
    assert found == expected


def test_another_link_gives_another_code():
    other = LINK.replace("civil_society", "researchers")
    image = Image.open(io.BytesIO(qr_card_png(other, "T", "G", "en")))
    layout = card_layout(other)
    count = len(expected_modules(other))
    assert sampled_modules(image, layout.qr_left, layout.qr_top, layout.module_px, count) != expected_modules(
        LINK
    )


def test_the_pdf_has_one_page_per_card_with_title_group_link_instruction_and_code():
    cards = [
        QrCard(LINK, "Шу мен Аягөз: көктем 2026", "Азаматтық қоғам өкілдері", "kk"),
        QrCard(LINK.replace("civil_society", "researchers"), "=Spring 2026", "Researchers", "en"),
    ]
    reader = PdfReader(io.BytesIO(qr_cards_pdf(cards)))
    assert len(reader.pages) == 2
    first = reader.pages[0].extract_text()
    assert "Шу мен Аягөз: көктем 2026" in first
    assert "Азаматтық қоғам өкілдері" in first
    assert LINK in "".join(first.split())
    assert "телефон камерасымен сканерлеңіз" in first
    second = reader.pages[1].extract_text()
    assert "=Spring 2026" in second and "Scan the code with your phone" in second
    embedded = reader.pages[0].images[0].image
    assert embedded is not None
    count = len(expected_modules(LINK))
    module_px = embedded.size[0] / count
    assert sampled_modules(embedded, 0, 0, module_px, count) == expected_modules(LINK)


def test_no_cards_is_a_clear_error():
    with pytest.raises(SmartCityError, match="no cards"):
        qr_cards_pdf([])


@settings(max_examples=10, deadline=None)
@given(st.text(max_size=300), st.text(max_size=120))
def test_any_title_and_group_text_makes_a_card(title, group):
    image = Image.open(io.BytesIO(qr_card_png(LINK, title, group, "en")))
    assert image.size == (1240, 1754)


def test_a_very_long_title_is_cut_to_three_lines_on_one_page():
    title = "Smart city readiness of Shu, Ayagoz and Shalkar " * 8
    reader = PdfReader(io.BytesIO(qr_cards_pdf([QrCard(LINK, title, "Researchers", "en")])))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "…" in text
    assert text.count("Shalkar") < 8
