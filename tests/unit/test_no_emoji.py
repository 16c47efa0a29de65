"""No emoji in what the app draws: they show as empty boxes where no emoji font is installed.

Icons are Streamlit's Material icons (``icon=":material/warning:"``), which Streamlit ships offline.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EMOJI = re.compile("[\U0001f300-\U0001faff\u2600-\u27bf\u2139\u2b50\u2b06\u2b07\u2b05\u27a1\ufe0f]")
"""Pictographs, dingbats and miscellaneous symbols, the information sign and the emoji variation selector."""
TEXT_SYMBOLS = {"⚑", "✕"}
"""Symbols without emoji presentation that the Unicode font (DejaVu Sans) draws as plain glyphs."""
PAGE_ICONS = re.compile(r"page_icon=\"[^\"]*\"")
"""The browser tab's favicon: drawn by the browser outside the page, never as page text."""


def _drawn_sources() -> list[Path]:
    return [
        ROOT / "app.py",
        *sorted((ROOT / "pages").glob("*.py")),
        *sorted((ROOT / "smartcity" / "ui").glob("*.py")),
        *sorted((ROOT / "smartcity" / "i18n" / "locales").glob("*/*.json")),
    ]


def _emoji_in(text: str) -> list[str]:
    return [found for found in EMOJI.findall(PAGE_ICONS.sub("", text)) if found not in TEXT_SYMBOLS]


@pytest.mark.parametrize("path", _drawn_sources(), ids=lambda path: str(path.relative_to(ROOT)))
def test_the_page_sources_and_catalogues_use_no_emoji(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    found = [(number, _emoji_in(line)) for number, line in enumerate(lines, start=1) if _emoji_in(line)]
    assert found == [], f"{path.name}: emoji on lines {found}; use icon=':material/...:' instead"


@pytest.mark.parametrize("icon", ["✅", "🚫", "⚠️", "ℹ️", "🔑", "⚖️"])
def test_the_scan_catches_the_emoji_that_were_used_as_icons(icon: str) -> None:
    assert _emoji_in(f'st.warning(text, icon="{icon}")') != []


def test_the_scan_leaves_material_icons_and_the_favicon_alone() -> None:
    assert _emoji_in('st.warning(text, icon=":material/warning:")') == []
    assert _emoji_in('st.set_page_config(page_icon="🏙️", layout="wide")') == []
