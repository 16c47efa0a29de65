"""The PDF brief: at most four pages for the paper, page 1 tells the story, the words are the language's
own and whole, and a scenario's changes are summarised per town."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from functools import cache

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader

from smartcity.data import DATA_DIR, load_dataset
from smartcity.errors import SmartCityError
from smartcity.files import brief
from smartcity.files.brief.layout import fit_widths
from smartcity.files.brief.map import LABEL_EACH_END, labelled, map_figure, map_towns
from smartcity.files.brief.text import change_summary, method_note
from smartcity.i18n.catalog import LANGUAGES, catalogue
from smartcity.model import City
from smartcity.scenario import Scenario

DATASET = load_dataset()
ON = date(2025, 6, 1)
NAME = {"en": "Workshop", "ru": "Семинар", "kk": "Семинар әғқңөұүһі"}
# data/cities.json: each town's name in each language.
TOWNS = {
    "en": ("Shu", "Ayagoz", "Shalkar"),
    "ru": ("Шу", "Аягоз", "Шалкар"),
    "kk": ("Шу", "Аягөз", "Шалқар"),
}
# Composite = mean of the three instruments: Shu (42.86 + 55 + 60) / 3, Shalkar (34.29 + 35 + 40) / 3,
# Ayagoz (31.43 + 35 + 40) / 3.
COMPOSITE_ROWS = {
    "en": (
        "1 Shu 42.9% 55.0% 60.0% 52.6%",
        "2 Shalkar 34.3% 35.0% 40.0% 36.4%",
        "3 Ayagoz 31.4% 35.0% 40.0% 35.5%",
    ),
    "ru": (
        "1 Шу 42,9% 55,0% 60,0% 52,6%",
        "2 Шалкар 34,3% 35,0% 40,0% 36,4%",
        "3 Аягоз 31,4% 35,0% 40,0% 35,5%",
    ),
    "kk": (
        "1 Шу 42,9% 55,0% 60,0% 52,6%",
        "2 Шалқар 34,3% 35,0% 40,0% 36,4%",
        "3 Аягөз 31,4% 35,0% 40,0% 35,5%",
    ),
}
KEY_MESSAGE = {
    "en": (
        "Highest readiness: Shu",
        "Lowest readiness: Ayagoz",
        "Weak in every town:",
        "Shu ranks first in 100%",
    ),
    "ru": (
        "Наивысшая готовность: Шу",
        "Самая низкая готовность: Аягоз",
        "Слабое место всех городов:",
        "Шу занимает",
    ),
    "kk": ("Ең жоғары дайындық: Шу", "Ең төмен дайындық: Аягөз", "Барлық қаланың әлсіз тұсы:", "Шу 100%"),
}
LATIN_ALLOWED = {"SCRI", "GeoNames", "Natural", "Earth", "Turdanova", "Muzdybayeva", "Dogan", "CC", "BY"}
"""Latin words a Russian or Kazakh brief may hold: the acronym, proper names, initials and a licence."""
ZHEZKAZGAN = City(
    "zhezkazgan", {"en": "Zhezkazgan", "kk": "Жезқазған", "ru": "Жезказган"}, "KZ-62", 47.78, 67.71
)


@cache
def paper_brief(language: str) -> bytes:
    """The paper's scenario, as the app makes it (radars included)."""
    return brief.pdf_brief(DATASET, Scenario(), language, NAME[language], on=ON)


def pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def with_town(city: City, scenario: Scenario | None = None) -> Scenario:
    """A scenario with ``city`` added and a score entered for each of the 23 indicators."""
    scenario = (scenario or Scenario()).with_city(city)
    for position, (instrument, indicator) in enumerate(
        (i.id, ind) for i in DATASET.instruments for ind in i.indicator_ids
    ):
        scenario = scenario.with_override((city.id, instrument, indicator), 1 + (position + len(city.id)) % 5)
    return scenario


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_papers_brief_takes_at_most_four_pages_with_a_map_and_a_radar_per_instrument(language):
    reader = PdfReader(io.BytesIO(paper_brief(language)))
    assert len(reader.pages) <= 4
    images = [image for page in reader.pages for image in page.images]
    assert len(images) == 1 + len(DATASET.instruments)
    assert len(reader.pages[0].images) == 1  # the map is on page 1


@pytest.mark.parametrize("language", LANGUAGES)
def test_page_one_holds_the_key_message_and_the_ranking_with_the_towns_spelt_in_the_language(language):
    first = pages(paper_brief(language))[0]
    flowing = " ".join(first.split())  # the key message as one line, whatever its line breaks
    for part in KEY_MESSAGE[language]:
        assert part in flowing, part
    positions = [first.index(row) for row in COMPOSITE_ROWS[language]]
    assert positions == sorted(positions)  # best first
    everything = "\n".join(pages(paper_brief(language)))
    for town in TOWNS[language]:
        assert town in everything
    assert NAME[language] in first


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_brief_has_the_papers_totals_and_an_embedded_dejavu_font(language):
    text = "\n".join(pages(paper_brief(language)))
    assert "15 / 35 (43%)" in text and "24 / 40 (60%)" in text  # Tables 2 and 4: Shu's totals
    fonts = {
        str(font["/BaseFont"])
        for page in PdfReader(io.BytesIO(paper_brief(language))).pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert any("DejaVuSans" in font for font in fonts)


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_russian_and_kazakh_briefs_hold_no_english_words(language):
    text = "\n".join(pages(paper_brief(language)))
    latin = {word for word in re.findall(r"[A-Za-z]+", text) if len(word) > 1}
    assert latin <= LATIN_ALLOWED, latin - LATIN_ALLOWED


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_sources_file_dump_and_a_short_method_note(language):
    text = "\n".join(pages(paper_brief(language)))
    for raw in ("pip install", "SOURCES", ".csv", ".json", "licence", "README"):
        assert raw not in text
    assert len(method_note(DATASET, Scenario(), language)) <= 10


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_word_is_broken_across_lines_in_table_headers_or_headings(language):
    dictionary = {word.lower() for message in catalogue(language).values() for word in _words(message)}
    dictionary |= {word.lower() for town in TOWNS[language] for word in _words(town)}
    data_names = [text for instrument in DATASET.instruments for text in (
        instrument.names.get(language), instrument.short_names.get(language),
        *(indicator.names.get(language) for indicator in instrument.indicators))]
    dictionary |= {word.lower() for name in data_names for word in _words(name)}
    bold: list[str] = []

    def collect(text, _matrix, _text_matrix, font, _size):
        if font and "Bold" in str(font.get("/BaseFont")) and text.strip():
            bold.append(text)

    for page in PdfReader(io.BytesIO(paper_brief(language))).pages:
        page.extract_text(visitor_text=collect)
    header_words = [word for fragment in bold for word in _words(fragment)]
    assert "SCRI" in header_words  # the ranking's headers are among the bold text
    assert [word for word in header_words if word.lower() not in dictionary] == []


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*", text)


@pytest.mark.parametrize(
    ("language", "line"),
    [
        ("en", "Zhezkazgan added, 23 scores entered"),
        ("ru", "Жезказган: город добавлен, введены 23 оценки"),
        ("kk", "Жезқазған: қала қосылды, 23 баға енгізілді"),
    ],
)
def test_an_added_town_with_23_scores_is_one_summary_line(language, line):
    scenario = with_town(ZHEZKAZGAN)
    assert change_summary(DATASET, scenario, language) == [line]
    text = "\n".join(pages(brief.pdf_brief(DATASET, scenario, language, "x", figures=[], on=ON)))
    assert text.count(line) == 1
    assert "→ 2\n" not in text and "— 2\n" not in text  # no line per value


def test_changed_scores_are_one_line_per_town_with_the_rest_counted():
    scenario = Scenario().with_override(("ayagoz", "scri", "digital_infrastructure"), 3)
    assert change_summary(DATASET, scenario, "en") == ["Ayagoz: Digital Infrastructure (SCRI) 1 → 3"]
    for indicator in DATASET.instrument("governance").indicator_ids[:5]:
        scenario = scenario.with_override(("shu", "governance", indicator), 5)
    assert change_summary(DATASET, scenario, "en") == [
        "Shu: Institutional Alignment (Governance) 3 → 5, Capacity of Local Government Authorities "
        "(Governance) 3 → 5, Effectiveness of Financing Mechanisms (Governance) 3 → 5 and 2 more",
        "Ayagoz: Digital Infrastructure (SCRI) 1 → 3",
    ]


def test_the_key_message_says_who_overtook_whom():
    scenario = Scenario().with_override(("ayagoz", "scri", "digital_infrastructure"), 3)
    first = pages(brief.pdf_brief(DATASET, scenario, "en", "x", figures=[], on=ON))[0]
    assert "Against the paper, Ayagoz overtakes Shalkar on SCRI and Composite." in " ".join(first.split())


def many_towns(count: int) -> Scenario:
    """The paper's towns and ``count`` GeoNames towns, each with 23 scores."""
    with (DATA_DIR / "kz_towns.csv").open(encoding="utf-8") as file:
        rows = list({row["name"]: row for row in csv.DictReader(file)}.values())[:count]
    scenario = Scenario()
    for row in rows:
        town = City(
            f"g{row['geonameid']}",
            {"en": row["name"]},
            row["region_iso"],
            float(row["latitude"]),
            float(row["longitude"]),
        )
        scenario = with_town(town, scenario)
    return scenario


@cache
def sixty_towns_brief() -> bytes:
    return brief.pdf_brief(DATASET, many_towns(60), "en", "Sixty", on=ON)


def test_a_scenario_with_sixty_towns_is_summarised_not_listed():
    scenario = many_towns(60)
    pdf = sixty_towns_brief()
    text = "\n".join(pages(pdf))
    assert len(pages(pdf)) <= 5
    assert "The 5 most and 5 least ready of 63 towns are shown." in text
    assert "… and 55 more towns." in text
    assert "The tables and radars show the 3 most and 3 least ready of 63 towns." in " ".join(text.split())
    assert len(change_summary(DATASET, scenario, "en")) == 9  # eight towns, then "and 52 more towns"


def test_many_towns_label_only_the_best_and_worst_on_the_map():
    towns = map_towns(DATASET, many_towns(60), "composite", "en")
    chosen = labelled(towns)
    assert len(chosen) == 2 * LABEL_EACH_END
    assert chosen[:LABEL_EACH_END] == towns[:LABEL_EACH_END]
    assert chosen[-LABEL_EACH_END:] == [t for t in towns if t.rank is not None][-LABEL_EACH_END:]
    paper = map_towns(DATASET, Scenario(), "composite", "ru")
    assert [t.label for t in labelled(paper)] == ["Шу 53%", "Шалкар 36%", "Аягоз 35%"]


def test_labels_of_close_towns_do_not_overlap():
    # Four towns within a few kilometres of Shu (43.6 N, 73.76 E): their labels must go different ways.
    scenario = Scenario()
    for number, (latitude, longitude) in enumerate(
        [(43.62, 73.80), (43.58, 73.72), (43.65, 73.76), (43.55, 73.79)]
    ):
        town = City(f"near{number}", {"en": f"Near {number}"}, "KZ-31", latitude, longitude)
        scenario = with_town(town, scenario)
    _, boxes = map_figure(DATASET, scenario, "composite", "en")
    assert len(boxes) == 7
    for first, box in enumerate(boxes):
        for other in boxes[first + 1 :]:
            assert not box.overlaps(other)


def test_an_unknown_language_is_refused_with_a_clear_error():
    with pytest.raises(SmartCityError, match="Unknown language 'Paper'"):
        brief.pdf_brief(DATASET, Scenario(), "Paper", "x", figures=[])


def test_user_text_loses_control_characters():
    assert brief.printable("Town\x07 name\x1b") == "Town name"


words = st.text(alphabet="abcdefgh", min_size=1, max_size=12)
cells = st.lists(words, min_size=1, max_size=4).map(" ".join)


@given(
    st.integers(1, 5).flatmap(
        lambda n: st.lists(st.lists(cells, min_size=n, max_size=n), min_size=1, max_size=6)
    )
)
def test_fitted_columns_hold_their_longest_word_and_stay_within_the_width(rows):
    total, padding = 60.0, 1.0
    widths = fit_widths(rows, len, total, padding)
    longest = [
        max(len(word) for cell in column for word in cell.split()) for column in zip(*rows, strict=True)
    ]
    if sum(longest) + padding * len(longest) > total:
        assert widths is None
        return
    assert widths is not None
    assert sum(widths) <= total + 1e-9
    for width, word in zip(widths, longest, strict=True):
        assert width >= word + padding - 1e-9


def test_columns_that_fit_whole_get_their_full_text():
    assert fit_widths([["Rank", "City"], ["1", "Shu"]], len, 100, 2) == [6, 6]


A4_HEIGHT = 842.0
"""An A4 page's height in points."""
FOOTER_TOP = 30.0
"""Points above the page's lower edge below which only the page number is printed."""


def text_rows(pdf: bytes) -> list[list[tuple[float, bool]]]:
    """Per page, each text fragment's height above the lower edge (points) and whether it is bold."""
    result = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        rows: list[tuple[float, bool]] = []

        def collect(text, matrix, text_matrix, font, _size, rows=rows):
            if text.strip():
                height = matrix[5] + text_matrix[5] * matrix[3]
                if height > FOOTER_TOP:
                    rows.append((height, bool(font) and "Bold" in str(font.get("/BaseFont"))))

        page.extract_text(visitor_text=collect)
        result.append(rows)
    return result


def briefs_to_check() -> list[bytes]:
    added = with_town(ZHEZKAZGAN, Scenario().with_override(("ayagoz", "scri", "digital_infrastructure"), 3))
    return [
        *(paper_brief(language) for language in LANGUAGES),
        brief.pdf_brief(DATASET, added, "kk", "x", on=ON),
        sixty_towns_brief(),
    ]


def test_no_heading_or_table_header_is_stranded_at_the_foot_of_a_page_and_no_page_is_mostly_blank():
    for pdf in briefs_to_check():
        pages_rows = text_rows(pdf)
        for rows in pages_rows[:-1]:
            lowest_height, lowest_is_bold = min(rows)
            assert not lowest_is_bold  # a page never ends on a heading or a table's header row
            assert lowest_height < A4_HEIGHT / 2  # the page is filled past its middle
