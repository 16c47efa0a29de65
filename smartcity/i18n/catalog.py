"""Catalogues of interface text in English, Russian and Kazakh, and locale-aware numbers.

Catalogues are flat JSON files ``locales/<language>/<namespace>.json``; a namespace per
area of the app keeps them easy to review. English is the reference catalogue.
"""

from __future__ import annotations

import json
import os
import string
import unicodedata
from decimal import ROUND_HALF_UP, Decimal
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from babel import Locale
from babel.numbers import format_decimal, get_decimal_symbol, get_group_symbol

LANGUAGES: tuple[str, ...] = ("en", "kk", "ru")
DEFAULT_LANGUAGE = "en"
LANGUAGE_NAMES = {"en": "English", "kk": "Қазақша", "ru": "Русский"}
LOCALES_DIR = Path(__file__).resolve().parent / "locales"
STRICT_ENV = "SMARTCITY_STRICT_CATALOGUE"
"""When this environment variable is set (the tests set it), a key no catalogue has raises KeyError."""


@cache
def catalogue(language: str) -> dict[str, str]:
    """Return every message of ``language``, merged from its namespace files."""
    messages: dict[str, str] = {}
    for path in sorted((LOCALES_DIR / language).glob("*.json")):
        messages.update(json.loads(path.read_text(encoding="utf-8")))
    return messages


def translate(key: str, language: str = DEFAULT_LANGUAGE, /, **params: Any) -> str:
    """Return the message ``key`` in ``language``, falling back to English, then to the key
    (or raising KeyError under ``STRICT_ENV``)."""
    text = catalogue(language).get(key) or catalogue(DEFAULT_LANGUAGE).get(key)
    if not text:
        if os.environ.get(STRICT_ENV):
            raise KeyError(f"no message {key!r} in any catalogue")
        text = key
    return text.format(**params) if params else text


def translate_count(key: str, count: float, language: str = DEFAULT_LANGUAGE, /, **params: Any) -> str:
    """Translate a message that depends on a count, e.g. "1 city" / "5 cities".

    The catalogue holds one key per CLDR plural category of the language (``key.one``,
    ``key.few``, ``key.many``, ``key.other``; Russian needs all four, English and Kazakh
    ``one`` and ``other``). ``{count}`` in the message is the count formatted for the locale.
    """
    category = Locale.parse(language).plural_form(count)
    variant = f"{key}.{category}" if has_message(f"{key}.{category}", language) else f"{key}.other"
    decimals = 0 if float(count).is_integer() else 2
    return translate(variant, language, count=format_number(count, language, decimals), **params)


def plural_categories(language: str) -> frozenset[str]:
    """The CLDR plural categories a counted message needs in ``language`` (always with "other")."""
    return Locale.parse(language).plural_form.tags | {"other"}


def has_message(key: str, language: str = DEFAULT_LANGUAGE) -> bool:
    """Tell whether ``language``'s catalogue defines ``key``."""
    return key in catalogue(language)


def format_number(value: float, language: str = DEFAULT_LANGUAGE, decimals: int = 0) -> str:
    """Format a number with the locale's separators (a decimal comma in ru and kk)."""
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(round_half_up(value, decimals), format=pattern, locale=language)


def format_percent(value: float, language: str = DEFAULT_LANGUAGE, decimals: int = 0) -> str:
    """Format a percent value (0-100) as the paper prints it, e.g. ``43%``."""
    return format_number(value, language, decimals) + "%"


def format_score(value: float, language: str = DEFAULT_LANGUAGE) -> str:
    """A score, total or weight with as few decimals as it needs, at most 2: 4, 2.5 (2,5 in ru), 3.25."""
    decimals = next((d for d in (0, 1) if round(value, d) == value), 2)
    return format_number(value, language, decimals)


def format_signed(value: float, language: str = DEFAULT_LANGUAGE, decimals: int = 1) -> str:
    """A change with its sign, e.g. +5.7, −2 or 0 (a value that rounds to zero has no sign)."""
    if round(value, decimals) == 0:
        return format_number(0, language, decimals)
    return ("+" if value > 0 else "−") + format_number(abs(value), language, decimals)


def chart_separators(language: str = DEFAULT_LANGUAGE) -> str:
    """The decimal and thousands symbols for Plotly's ``layout.separators``, e.g. ``", "`` in ru and kk."""
    return get_decimal_symbol(language) + get_group_symbol(language)


def round_half_up(value: float, decimals: int = 0) -> float:
    """Round half away from zero, as the paper's tables do (42.5 -> 43, not 42)."""
    quantum = Decimal(1).scaleb(-decimals)
    return float(Decimal(repr(float(value))).quantize(quantum, rounding=ROUND_HALF_UP))


# Kazakh-specific Cyrillic letters folded onto the Russian letters used in Russian spellings,
# so that "Аягөз" and "Аягоз" match; "ı" is the dotless i of Kazakh Latin spellings.
_SEARCH_FOLDING = str.maketrans(
    {
        "ә": "а",
        "ғ": "г",
        "қ": "к",
        "ң": "н",
        "ө": "о",
        "ұ": "у",
        "ү": "у",
        "һ": "х",
        "і": "и",
        "ё": "е",
        "ı": "i",
        "-": " ",
        "'": None,
        "’": None,
        "ʼ": None,
        "`": None,
    }
)


@lru_cache(maxsize=8192)  # names are compared again on every validation of a scenario
def normalize_for_search(text: str) -> str:
    """Fold case, diacritics, Kazakh letters and punctuation so that spellings of a name compare equal."""
    folded = text.casefold().translate(_SEARCH_FOLDING)
    decomposed = unicodedata.normalize("NFKD", folded)
    without_marks = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(without_marks.split())


def placeholders(text: str) -> set[str]:
    """The names of the ``{placeholders}`` in a message."""
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


def namespace_files(language: str) -> dict[str, dict[str, str]]:
    """Each namespace file of ``language`` with its messages, by namespace name."""
    return {
        path.stem: json.loads(path.read_text(encoding="utf-8"))
        for path in sorted((LOCALES_DIR / language).glob("*.json"))
    }


def _counted_bases(messages: dict[str, str]) -> set[str]:
    # A counted message has both "<key>.one" and "<key>.other"; "survey.group.other" alone is a plain key.
    return {key.removesuffix(".other") for key in messages if key.endswith(".other")} & {
        key.removesuffix(".one") for key in messages if key.endswith(".one")
    }


def expected_keys(language: str) -> set[str]:
    """The keys ``language`` must define: English's, with each counted message in the language's forms."""
    reference = catalogue(DEFAULT_LANGUAGE)
    bases = _counted_bases(reference)
    plain = {key for key in reference if key.rsplit(".", 1)[0] not in bases}
    return plain | {f"{base}.{category}" for base in bases for category in plural_categories(language)}


def missing_keys(language: str) -> list[str]:
    """Keys that ``language`` lacks (or leaves empty) compared with the English catalogue."""
    messages = catalogue(language)
    return sorted(key for key in expected_keys(language) if not messages.get(key, "").strip())


def unexpected_keys(language: str) -> list[str]:
    """Keys that ``language`` defines but English does not: typos or leftovers."""
    return sorted(set(catalogue(language)) - expected_keys(language))


def placeholder_mismatches(language: str) -> list[str]:
    """Keys whose ``{placeholders}`` differ from the English message's (a translation would then fail)."""
    reference, messages = catalogue(DEFAULT_LANGUAGE), catalogue(language)
    bases = _counted_bases(reference)
    problems = []
    for key, text in sorted(messages.items()):
        base = key.rsplit(".", 1)[0]
        if base in bases:  # a counted form may spell the count out ("one city"), so {count} is optional
            if placeholders(text) - {"count"} != placeholders(reference[f"{base}.other"]) - {"count"}:
                problems.append(key)
        elif key in reference and placeholders(text) != placeholders(reference[key]):
            problems.append(key)
    return problems


def duplicate_keys(language: str) -> dict[str, list[str]]:
    """Keys defined in more than one namespace file of ``language`` (the merge would hide one)."""
    owners: dict[str, list[str]] = {}
    for namespace, messages in namespace_files(language).items():
        for key in messages:
            owners.setdefault(key, []).append(namespace)
    return {key: names for key, names in owners.items() if len(names) > 1}


def missing_by_namespace(language: str) -> dict[str, list[str]]:
    """The keys ``language`` lacks, grouped by the English namespace file that defines them."""
    files = namespace_files(DEFAULT_LANGUAGE)
    owner = {key: namespace for namespace, messages in files.items() for key in messages}
    grouped: dict[str, list[str]] = {}
    for key in missing_keys(language):
        namespace = owner.get(key) or owner.get(key.rsplit(".", 1)[0] + ".other", "?")
        grouped.setdefault(namespace, []).append(key)
    return grouped
