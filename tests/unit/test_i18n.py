"""Catalogues complete and consistent in en/ru/kk; numbers formatted per locale; translated content."""

from __future__ import annotations

import json
import re
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smartcity.analysis.narrative import narrative
from smartcity.data import load_dataset
from smartcity.errors import SmartCityError
from smartcity.i18n import catalog as i18n
from smartcity.i18n import labels
from smartcity.i18n.catalog import (
    catalogue,
    chart_separators,
    duplicate_keys,
    format_number,
    format_percent,
    missing_by_namespace,
    missing_keys,
    namespace_files,
    placeholder_mismatches,
    round_half_up,
    translate,
    translate_count,
    unexpected_keys,
)
from smartcity.model import City
from smartcity.scenario import Scenario

DATA = Path(__file__).resolve().parents[2] / "data"
TRANSLATED = ("kk", "ru")
KAZAKH_LETTERS = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
GROUP_SPACE = "[\u00a0\u202f ]"
"""CLDR gives ru and kk a no-break space (or a narrow one) as the thousands separator."""


# --- the real catalogues: complete, consistent, no copy-paste slips -------------------------


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_english_key_is_translated(language):
    assert missing_by_namespace(language) == {}


@pytest.mark.parametrize("language", TRANSLATED)
def test_no_key_exists_only_in_a_translation(language):
    assert unexpected_keys(language) == []


@pytest.mark.parametrize("language", TRANSLATED)
def test_placeholders_match_the_english_message(language):
    assert placeholder_mismatches(language) == []


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_every_language_has_the_same_namespace_files(language):
    assert set(namespace_files(language)) == set(namespace_files("en"))


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_no_key_is_defined_in_two_namespaces(language):
    assert duplicate_keys(language) == {}


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_every_message_formats_with_its_own_placeholders(language):
    for key, text in catalogue(language).items():
        params = {name: "X" for name in i18n.placeholders(text)}
        assert "X" in text.format(**params) or not params, key


@pytest.mark.parametrize("language", TRANSLATED)
def test_no_word_mixes_latin_and_cyrillic_letters(language):
    # A Latin "a", "o" or "c" typed inside a Cyrillic word looks right but breaks search and sorting.
    mixed = [
        (key, word)
        for key, text in catalogue(language).items()
        for word in re.findall(r"[^\W\d_]+", text)
        if re.search("[A-Za-z]", word) and re.search("[\u0400-\u04ff]", word)
    ]
    assert mixed == []


def test_kazakh_longer_texts_are_not_copies_of_the_russian():
    kazakh, russian = catalogue("kk"), catalogue("ru")

    def letters(text: str) -> int:
        return sum(char.isalpha() for char in re.sub(r"\{[^{}]*\}", "", text))

    copies = [key for key, text in kazakh.items() if letters(text) > 20 and text == russian.get(key)]
    assert copies == []


def test_kazakh_catalogue_uses_the_kazakh_letters():
    text = "".join(catalogue("kk").values())
    used = {letter.lower() for letter in text if letter in KAZAKH_LETTERS}
    assert used >= set("әғқңөұүі")


# --- the checking tools, on catalogues made up for the test ---------------------------------


@pytest.fixture
def made_up_locales(tmp_path, monkeypatch):
    """Point the catalogue loader at a temporary locales folder; write files with ``write``."""

    def write(language: str, namespace: str, messages: dict[str, str]) -> None:
        folder = tmp_path / language
        folder.mkdir(exist_ok=True)
        (folder / f"{namespace}.json").write_text(json.dumps(messages), encoding="utf-8")
        catalogue.cache_clear()

    monkeypatch.setattr(i18n, "LOCALES_DIR", tmp_path)
    catalogue.cache_clear()
    yield write
    catalogue.cache_clear()


def test_missing_keys_reports_absent_and_empty_messages(made_up_locales):
    made_up_locales("en", "a", {"x": "X", "y": "Y", "z": "Z"})
    made_up_locales("ru", "a", {"x": "Икс", "y": "  "})
    assert missing_keys("ru") == ["y", "z"]


def test_missing_keys_are_grouped_by_the_file_that_defines_them(made_up_locales):
    made_up_locales("en", "map", {"map.title": "Map", "map.legend": "Legend"})
    made_up_locales("en", "survey", {"survey.up": "Up", "count.one": "1 row", "count.other": "{count} rows"})
    made_up_locales("ru", "map", {"map.title": "Карта"})
    made_up_locales("ru", "survey", {"count.one": "{count} строка", "count.other": "{count} строки"})
    assert missing_by_namespace("ru") == {
        "map": ["map.legend"],
        "survey": ["count.few", "count.many", "survey.up"],
    }


def test_unexpected_keys_and_duplicates_are_reported(made_up_locales):
    made_up_locales("en", "a", {"x": "X"})
    made_up_locales("en", "b", {"x": "X again"})
    made_up_locales("kk", "a", {"x": "Икс", "typo": "Қате"})
    assert unexpected_keys("kk") == ["typo"]
    assert duplicate_keys("en") == {"x": ["a", "b"]}


def test_placeholder_mismatch_is_reported(made_up_locales):
    made_up_locales("en", "a", {"ok": "{city} is {rank}", "bad": "{city} is {rank}"})
    made_up_locales("ru", "a", {"ok": "{rank}: {city}", "bad": "{город}: {rank}"})
    assert placeholder_mismatches("ru") == ["bad"]


def test_counted_messages_need_every_plural_form_of_the_language(made_up_locales):
    made_up_locales("en", "a", {"cities.one": "one city", "cities.other": "{count} cities"})
    made_up_locales("ru", "a", {"cities.one": "{count} город", "cities.other": "{count} города"})
    made_up_locales("kk", "a", {"cities.one": "{count} қала", "cities.other": "{count} қала"})
    # Russian counts need one / few / many (/ other for fractions); Kazakh nouns do not change.
    assert missing_keys("ru") == ["cities.few", "cities.many"]
    assert missing_keys("kk") == []
    assert unexpected_keys("ru") == []


def test_a_key_ending_in_other_without_a_one_form_is_a_plain_message(made_up_locales):
    made_up_locales("en", "a", {"group.other": "Other group", "group.ngo": "NGO"})
    made_up_locales("ru", "a", {"group.other": "Другая группа"})
    assert missing_keys("ru") == ["group.ngo"]


def test_translate_count_picks_the_russian_form_for_the_number(made_up_locales):
    made_up_locales("en", "a", {"cities.one": "{count} city", "cities.other": "{count} cities"})
    made_up_locales(
        "ru",
        "a",
        {
            "cities.one": "{count} город",
            "cities.few": "{count} города",
            "cities.many": "{count} городов",
            "cities.other": "{count} города",
        },
    )
    # Russian grammar: 1, 21 город; 2-4, 22 города; 5-20, 11-14 городов; 1,5 города.
    assert [translate_count("cities", n, "ru") for n in (1, 3, 5, 11, 21, 22)] == [
        "1 город",
        "3 города",
        "5 городов",
        "11 городов",
        "21 город",
        "22 города",
    ]
    assert translate_count("cities", 1.5, "ru") == "1,50 города"
    assert [translate_count("cities", n, "en") for n in (1, 2)] == ["1 city", "2 cities"]


def test_translate_falls_back_to_english_then_to_the_key(made_up_locales, monkeypatch):
    made_up_locales("en", "a", {"only.english": "Only {what}"})
    made_up_locales("kk", "a", {})
    assert translate("only.english", "kk", what="this") == "Only this"
    with pytest.raises(KeyError, match=r"no\.such\.key"):  # tests/conftest.py makes a missing key raise
        translate("no.such.key", "kk")
    monkeypatch.delenv(i18n.STRICT_ENV)
    assert translate("no.such.key", "kk") == "no.such.key"


# --- numbers per locale --------------------------------------------------------------------


def test_scri_percent_of_shu_has_a_decimal_comma_in_russian_and_kazakh():
    # Table 2: Shu's SCRI total is 15 of 35 points = 42.857...%, printed by the paper as 43%.
    shu = 15 / 35 * 100
    assert format_number(shu, "en", 2) == "42.86"
    for language in TRANSLATED:
        assert format_number(shu, language, 2) == "42,86"
        assert format_percent(shu, language) == "43%"


@pytest.mark.parametrize("language", TRANSLATED)
def test_thousands_are_grouped_with_a_no_break_space(language):
    assert re.fullmatch(f"39{GROUP_SPACE}785", format_number(39785, language))
    assert re.fullmatch(f"1{GROUP_SPACE}234{GROUP_SPACE}567,5", format_number(1234567.5, language, 1))
    assert " " not in format_number(39785, language), "an ordinary space would let the number wrap"


def test_english_numbers_use_a_point_and_commas():
    assert format_number(1234567.5, "en", 1) == "1,234,567.5"
    assert format_percent(31.43, "en") == "31%"


def test_chart_separators_follow_the_locale():
    assert chart_separators("en") == ".,"
    for language in TRANSLATED:
        assert chart_separators(language)[0] == ","
        assert re.fullmatch(GROUP_SPACE, chart_separators(language)[1])


@pytest.mark.parametrize(
    "value, decimals, expected", [(42.5, 0, 43), (0.125, 2, 0.13), (-2.5, 0, -3), (34.29, 0, 34)]
)
def test_round_half_up_rounds_halves_away_from_zero(value, decimals, expected):
    assert round_half_up(value, decimals) == expected


@given(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False), st.integers(min_value=0, max_value=3))
def test_russian_number_is_the_english_number_with_swapped_separators(value, decimals):
    english = format_number(value, "en", decimals)
    for language in TRANSLATED:
        localized = format_number(value, language, decimals)
        assert re.sub(GROUP_SPACE, "", localized).replace(",", ".") == english.replace(",", "")


@given(st.decimals(min_value=-(10**6), max_value=10**6, places=3, allow_nan=False, allow_infinity=False))
def test_round_half_up_matches_decimal_arithmetic(value):
    expected = float(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))
    assert round_half_up(float(value), 2) == expected


# --- translated content: every instrument, indicator, city, group and note -------------------


def _data_file(name: str) -> dict:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def _instruments_file() -> dict:
    return _data_file("instruments.json")


def test_english_content_agrees_with_the_data_files():
    english = catalogue("en")
    for note in _data_file("data_notes.json")["notes"]:
        assert english[f"note.{note['id']}"] == note["text"]


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_all_23_indicators_have_a_name_and_description(language):
    # Names and descriptions are the data's (data/instruments.json), in every language.
    texts = [
        indicator[part][language]
        for instrument in _instruments_file()["instruments"]
        for indicator in instrument["indicators"]
        for part in ("names", "descriptions")
    ]
    assert len(texts) == 2 * (7 + 8 + 8)  # Tables 2, 3 and 4
    assert all(texts)


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_cities_groups_bands_and_notes_have_texts(language):
    messages = catalogue(language)
    cities = _data_file("cities.json")["cities"]
    keys = [f"city.{c['id']}.{field}" for c in cities for field in labels.PROFILE_FIELDS]
    keys += [f"band.{band['id']}" for band in _data_file("bands.json")["bands"]]
    keys += [f"note.{note['id']}" for note in _data_file("data_notes.json")["notes"]]
    assert [key for key in keys if not messages.get(key)] == []
    # Group names and scale labels are the data's, in every language.
    groups = _data_file("stakeholder_sample.json")["groups"]
    scales = _instruments_file()["scales"].values()
    names = [group["names"] for group in groups] + [label["names"] for s in scales for label in s["labels"]]
    assert [n for n in names if not n.get(language)] == []


def test_key_terms_follow_the_papers_kazakh_and_russian_abstracts():
    # Kazakh abstract: «Ақылды қалаға дайындық индексі» (SCRI), цифрлық инфрақұрылым, мүдделі тараптар.
    dataset = load_dataset()

    def instrument(instrument_id, language):
        return labels.instrument_name(dataset, instrument_id, language)

    def indicator(indicator_id, language, instrument_id="scri"):
        return labels.indicator_name(dataset, instrument_id, indicator_id, language)

    assert instrument("scri", "kk") == "Ақылды қалаға дайындық индексі"
    assert indicator("digital_infrastructure", "kk") == "Цифрлық инфрақұрылым"
    assert "Мүдделі тараптар" in instrument("stakeholders", "kk")
    assert indicator("environmental_sustainability", "kk") == "Экологиялық тұрақтылық"
    # Russian abstract: индекс готовности к созданию умного города, цифровая инфраструктура.
    assert instrument("scri", "ru").lower() == "индекс готовности к созданию умного города"
    assert indicator("digital_infrastructure", "ru") == "Цифровая инфраструктура"
    assert "заинтересованных сторон" in instrument("stakeholders", "ru")
    assert indicator("public_private_partnership", "ru") == "Государственно-частное партнёрство"


def test_region_names_in_profiles_follow_the_official_forms():
    assert catalogue("kk")["city.ayagoz.location"].startswith("Абай облысы")
    assert catalogue("ru")["city.ayagoz.location"].startswith("Область Абай")
    assert catalogue("kk")["city.shalkar.location"].startswith("Ақтөбе облысы")
    assert catalogue("ru")["city.shu.location"].startswith("Жамбылская область")


# --- labels and messages in use -------------------------------------------------------------


def test_city_profile_is_translated_for_paper_towns_and_kept_for_added_ones():
    dataset = load_dataset()
    shu = next(city for city in dataset.cities if city.id == "shu")
    assert labels.city_profile(shu, "location", "kk") == "Жамбыл облысы, Оңтүстік Қазақстан"
    assert labels.city_profile(shu, "economy", "en") == shu.economy
    added = City("kentau", {"en": "Kentau"}, "KZ-61", 43.5, 68.5, role="Mining town", population_paper="55k")
    assert labels.city_profile(added, "role", "ru") == "Mining town"
    assert labels.city_profile(added, "population", "kk") == "55k"


def test_group_note_and_scale_labels_in_russian():
    dataset = load_dataset()
    assert labels.group_name("ict_professionals", "ru") == "Специалисты в области ИКТ"
    note = next(note for note in dataset.notes if note.id == "percent_rounding")
    assert "42,86" in labels.note_text(note, "ru")
    assert "2-кесте" in labels.note_source(note, "kk")
    assert labels.scale_label(dataset.instrument("scri").scale, 3, "kk") == "Орташа"
    assert labels.scale_legend("ru").startswith("1 – ") and labels.scale_legend("ru").count(" · ") == 4


@pytest.mark.parametrize("language", TRANSLATED)
def test_error_messages_are_translated_and_keep_the_users_value(language):
    error = SmartCityError("unknown_city", city="Kentau")
    message = error.message(language)
    assert "Kentau" in message
    assert message != str(error)


@pytest.mark.parametrize("language", TRANSLATED)
def test_narrative_has_no_english_words_and_names_shu_as_scri_leader(language):
    sentences = narrative(load_dataset(), Scenario(), language)
    latin_words = {word for s in sentences for word in re.findall("[A-Za-z]{2,}", s)}
    assert latin_words <= {"SCRI"}
    scri = labels.instrument_name(load_dataset(), "scri", language)
    scri_sentences = [s for s in sentences if s.startswith(scri) and "43%" in s]
    assert len(scri_sentences) == 1 and "Шу" in scri_sentences[0]  # abstract: Shu leads with 43%


def test_signed_changes_carry_their_sign_and_the_locales_decimal_mark():
    from smartcity.i18n.catalog import format_score, format_signed

    assert format_signed(5.714, "ru") == "+5,7"
    assert format_signed(-2, "en", 0) == "−2"
    assert format_signed(0.04, "en") == "0.0"  # rounds to zero: no sign
    assert [format_score(v, "kk") for v in (4.0, 2.5, 3.25, 2.3333)] == ["4", "2,5", "3,25", "2,33"]
