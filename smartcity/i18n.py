"""Catalogues of interface text in English, Russian and Kazakh, and locale-aware numbers.

Catalogues are flat JSON files ``locales/<language>/<namespace>.json``; a namespace per
area of the app keeps them easy to review. English is the reference catalogue.
"""

from __future__ import annotations

import json
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path
from typing import Any

from babel.numbers import format_decimal

LANGUAGES: tuple[str, ...] = ("en", "kk", "ru")
DEFAULT_LANGUAGE = "en"
LANGUAGE_NAMES = {"en": "English", "kk": "Қазақша", "ru": "Русский"}
LOCALES_DIR = Path(__file__).resolve().parent / "locales"


@cache
def catalogue(language: str) -> dict[str, str]:
    """Return every message of ``language``, merged from its namespace files."""
    messages: dict[str, str] = {}
    for path in sorted((LOCALES_DIR / language).glob("*.json")):
        messages.update(json.loads(path.read_text(encoding="utf-8")))
    return messages


def translate(key: str, language: str = DEFAULT_LANGUAGE, /, **params: Any) -> str:
    """Return the message ``key`` in ``language``, falling back to English, then to the key."""
    text = catalogue(language).get(key) or catalogue(DEFAULT_LANGUAGE).get(key) or key
    return text.format(**params) if params else text


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


def round_half_up(value: float, decimals: int = 0) -> float:
    """Round half away from zero, as the paper's tables do (42.5 -> 43, not 42)."""
    quantum = Decimal(1).scaleb(-decimals)
    return float(Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_UP))
