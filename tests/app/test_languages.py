"""Every page rendered in Kazakh and Russian shows no English UI text and uses decimal commas.

The English catalogue is the reference: any English message that differs from its translation
must not appear in what a page draws (text, labels, options, metrics, tabs, chart titles and
legends, map tooltips). A second check looks for English phrases that are in no catalogue at all,
i.e. hard-coded in a page, and points at the source line.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest
from google.protobuf.message import Message
from streamlit.testing.v1 import AppTest

from smartcity import geo
from smartcity.i18n.catalog import catalogue, namespace_files
from smartcity.scenario import Scenario
from smartcity.town_form import town_choices
from smartcity.ui import chrome
from tests.support.html_text import visible_texts

ROOT = Path(__file__).resolve().parents[2]
TRANSLATED = ("kk", "ru")


PAGES = [path for path, _title, _icon in chrome.PAGES]
"""Every page of the sidebar; the first, app.py, is the home page (the map)."""


# --- what a rendered page shows --------------------------------------------------------------

HIDDEN_FIELDS = {
    "id",
    "type",
    "tag",
    "url",
    "theme",
    "format",
    "form_id",
    "component_name",
    "config",
    "icon",
    "page",
    "page_script_hash",
    "js_content",
    "css_content",
}
"""Proto fields that are not shown to the user (ids, widget types, URLs, a component's code)."""
PLOTLY_TEXT_KEYS = {
    "text",
    "name",
    "title",
    "hovertemplate",
    "texttemplate",
    "ticktext",
    "x",
    "y",
    "theta",
    "labels",
    "customdata",
    "legendgrouptitle",
    "header",
    "cells",
    "values",
}
"""Keys of a Plotly figure whose strings are drawn (titles, axis and legend labels, hover text)."""
PLOTLY_HIDDEN_KEYS = {"template", "bdata", "dtype", "shape"}
"""The theme, and numpy arrays that Plotly stores as base64 ``bdata``."""


@dataclass(frozen=True)
class Shown:
    """One string a page shows: the element type, and whether it is prose (not code, data or HTML)."""

    element: str
    text: str
    prose: bool = True


def shown_texts(at: AppTest) -> list[Shown]:
    """Every string the main area and the sidebar draw."""
    found: list[Shown] = []
    for node in _nodes(at._tree):
        element = getattr(node, "type", type(node).__name__)
        proto = getattr(node, "proto", None)
        if element == "plotly_chart":
            found += [Shown(element, text) for text in _plotly_texts(json.loads(proto.spec))]
        elif element == "component_instance":
            found += [Shown(element, text, prose=False) for text in _json_strings(proto.json_args)]
        elif element in ("dataframe", "table", "arrow_data_frame"):
            found += [Shown(element, text) for text in _frame_texts(node)]
        elif element == "html":
            found += [Shown(element, text) for text in visible_texts(proto.body)]
        elif isinstance(proto, Message):
            found += [Shown(element, text) for text in _proto_strings(proto)]
    return found


def _nodes(node) -> Iterator:
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _nodes(child)


def _proto_strings(message: Message) -> Iterator[str]:
    for field, value in message.ListFields():
        if field.name in HIDDEN_FIELDS:
            continue
        for item in value if type(value).__name__.startswith("Repeated") else [value]:
            if isinstance(item, Message):
                yield from _proto_strings(item)
            elif isinstance(item, str) and item.strip():
                yield item


def _plotly_texts(spec, key: str = "") -> Iterator[str]:
    if isinstance(spec, dict):
        for child_key, child in spec.items():
            if child_key not in PLOTLY_HIDDEN_KEYS:
                yield from _plotly_texts(child, child_key if child_key in PLOTLY_TEXT_KEYS else key)
    elif isinstance(spec, list):
        for item in spec:
            yield from _plotly_texts(item, key)
    elif isinstance(spec, str) and key in PLOTLY_TEXT_KEYS:
        yield spec


def _json_strings(raw: str) -> Iterator[str]:
    def walk(value) -> Iterator[str]:
        if isinstance(value, dict):
            for item in value.values():
                yield from walk(item)
        elif isinstance(value, list):
            for item in value:
                yield from walk(item)
        elif isinstance(value, str):
            yield value

    yield from walk(json.loads(raw or "{}"))


def shown_frame(node) -> pd.DataFrame:
    """A table as drawn: the Styler's formatted cells when the page formats them, else the data."""
    arrow = node.proto.arrow_data
    if arrow.HasField("styler") and arrow.styler.display_values:
        return pa.ipc.open_stream(arrow.styler.display_values).read_all().to_pandas()
    return node.value


def _frame_texts(node) -> Iterator[str]:
    frame = shown_frame(node)
    yield from (str(column) for column in frame.columns)
    yield from (str(label) for label in frame.index if isinstance(label, str))
    for column in frame.columns:
        yield from (value for value in frame[column] if isinstance(value, str))


def render(page: str, language: str) -> AppTest:
    """Run app.py with ``?lang=<language>&city=shu`` (a selected town shows more) and switch to ``page``."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.query_params["lang"] = language
    at.query_params["city"] = "shu"
    at.run()
    if page != PAGES[0]:
        at.switch_page(page).run()
    return at


POINT_DECIMAL = re.compile(r"(?<![\d.])\d+\.\d+(?![\d.])(?! «)")
"""A number with a decimal point; "3.1 «Әдіснама»" is a section number, not a decimal."""


def numbers_with_a_point(at: AppTest) -> list[str]:
    """Where a page shows decimals with a point: in text, in unformatted table columns, in charts."""
    found = [
        f"{item.element}: {prose(item.text)[:80]!r}"
        for item in shown_texts(at)
        if item.prose and POINT_DECIMAL.search(prose(item.text))
    ]
    for node in _nodes(at._tree):
        if getattr(node, "type", "") == "dataframe" and node.editing_mode == "read_only":
            frame = shown_frame(node)  # the browser draws raw floats with a point: format_number them
            found += [
                f"dataframe column {column!r}"
                for column in frame.columns
                if frame[column].dtype.kind == "f" and (frame[column].dropna() % 1 != 0).any()
            ]
        if getattr(node, "type", "") == "plotly_chart":
            layout = json.loads(node.proto.spec).get("layout", {})
            if not layout.get("separators", ".").startswith(","):
                found.append(
                    f"plotly chart {layout.get('title', {}).get('text', '')!r} without "
                    "layout.separators=i18n.chart_separators(language)"
                )
    return sorted(set(found))


# --- English left in a translated page -------------------------------------------------------


@dataclass(frozen=True)
class EnglishMessage:
    """An English catalogue message that a translated page must not show."""

    key: str
    text: str
    pattern: re.Pattern[str] | None
    """For messages of several words: matches them inside longer text; one word must match whole."""


def english_messages(language: str) -> list[EnglishMessage]:
    """English messages that differ from their ``language`` translation and are long enough to tell."""
    english, translated = catalogue("en"), catalogue(language)
    messages = []
    for key, text in english.items():
        if translated.get(key, "").strip() == text.strip():
            continue  # the same in both languages: SCRI, Wi-Fi, a proper name
        literals = [part for part in re.split(r"\{[^{}]*\}", text)]
        if sum(char.isalpha() for part in literals for char in part) < 3:
            continue  # "{a} — {b}" or "OK": nothing English to look for
        if "{" not in text and len(text.split()) == 1:
            messages.append(EnglishMessage(key, text.strip(), None))
            continue
        core = [part for part in literals if part.strip()]
        body = ".+?".join(re.escape(part.strip()) for part in core)
        messages.append(EnglishMessage(key, text, re.compile(rf"(?<!\w){body}(?!\w)", re.IGNORECASE)))
    return messages


def english_left(shown: list[Shown], language: str) -> list[tuple[Shown, list[EnglishMessage]]]:
    """Shown texts that contain untranslated English messages, each with the messages it matches.

    A text that is exactly one message names only the messages with that wording; otherwise the
    longest matches are named (a long English paragraph also contains short messages).
    """
    messages = english_messages(language)
    hits = []
    for item in shown:
        bare = item.text.strip().rstrip(":").strip().casefold()
        exact = [m for m in messages if m.text.strip().casefold() == bare]
        found = exact or [m for m in messages if m.pattern is not None and m.pattern.search(item.text)]
        if found:
            hits.append((item, sorted(found, key=lambda m: -len(m.text))[: len(exact) or 2]))
    return hits


ENGLISH_PHRASE = re.compile(r"[A-Za-z]+(?:['’]?[A-Za-z]+)*(?:[ ,;:/'’-]+[A-Za-z]+(?:['’]?[A-Za-z]+)*)+")
ORDINARY_WORD = re.compile(r"^[A-Z]?[a-z]{2,}$")
NOT_PROSE = re.compile(
    r"<(style|script)\b.*?</\1>|`[^`]*`|https?://\S+|<[^>]*>|\([^()]*\.(?:csv|json|xlsx|pdf|png|db)\)"
    r"|CC[ -]BY(?:[ -]SA)? \d\.\d",
    re.DOTALL,
)
"""Style sheets, scripts, code, links, HTML tags, file names and licence names: not prose to translate."""
NEUTRAL_PHRASES = ("GeoNames cities500", "GeoNames", "Natural Earth", "OpenStreetMap", "Leaflet", "Plotly")
"""Names of sources and tools that stay in Latin letters in every language."""
PLACE_NAMES = tuple(sorted(set(geo.load_towns()["name"]), key=len, reverse=True))
"""GeoNames' Latin names of the bundled towns, listed by the add-town choice: proper names, not English."""


def prose(text: str) -> str:
    """The text without code, links, markup and neutral names."""
    text = NOT_PROSE.sub(" ", text)
    for neutral in (*NEUTRAL_PHRASES, *PLACE_NAMES):
        text = text.replace(neutral, " ")
    return text


def english_phrases(shown: list[Shown]) -> list[tuple[Shown, str]]:
    """English phrases in no catalogue, i.e. written into the code.

    A phrase is two or more Latin words, one of them an ordinary word ("Select city", not
    "CSV, PDF"); phrases that are part of an English catalogue message are reported by
    :func:`english_left` instead.
    """
    english = [prose(message) for message in catalogue("en").values()]
    found = []
    for item in shown:
        if not item.prose:
            continue
        for phrase in ENGLISH_PHRASE.findall(prose(item.text)):
            words = re.findall(r"[A-Za-z]+", phrase)
            if (
                len(words) >= 2
                and any(ORDINARY_WORD.match(word) for word in words)
                and not any(phrase in message for message in english)
            ):
                found.append((item, phrase))
    return found


FILE_NAME = re.compile(r"\.(?:json|csv|xlsx|pdf|png|db|py|md)$")


def raw_keys(shown: list[Shown]) -> list[str]:
    """Catalogue-style keys shown as text ("profile.field"): a key no catalogue defines."""
    prefixes = {key.split(".", 1)[0] for key in catalogue("en")}
    found = set()
    for item in shown:
        if not item.prose:
            continue
        for token in re.findall(r"[a-z][a-z0-9_]*(?:\\?\.[a-z0-9_]+)+", prose(item.text)):
            key = token.replace("\\", "")
            if key.split(".", 1)[0] in prefixes and not FILE_NAME.search(key):
                found.add(f"{item.element}: {key}")
    return sorted(found)


def source_lines(fragment: str) -> list[str]:
    """``file:line`` of string literals (not docstrings) of the app's code that contain ``fragment``."""
    files = [
        ROOT / "app.py",
        *sorted((ROOT / "pages").glob("*.py")),
        *sorted((ROOT / "smartcity").rglob("*.py")),
    ]
    found = []
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef | ast.AsyncFunctionDef)
            and node.body
            and isinstance(node.body[0], ast.Expr)
        }
        found += [
            f"{path.relative_to(ROOT)}:{node.lineno}"
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings
            and fragment in node.value
        ]
    return found


def namespace_of(key: str) -> str:
    """The English namespace file (and so the helper) that owns ``key``."""
    for namespace, messages in namespace_files("en").items():
        if key in messages:
            return f"{namespace}.json"
    return "?"


def describe_catalogue_hits(hits: list[tuple[Shown, list[EnglishMessage]]]) -> list[str]:
    """One readable line per distinct English text shown, with the catalogue keys it comes from."""
    lines = {}
    for item, messages in hits:
        keys = ", ".join(f"{namespace_of(m.key)}:{m.key}" for m in messages)
        lines.setdefault(item.text, f"{item.element} {item.text[:80]!r} <- {keys}")
    return sorted(lines.values())


def describe_phrases(phrases: list[tuple[Shown, str]]) -> list[str]:
    """One readable line per distinct hard-coded English phrase, with where the source writes it."""
    lines = {}
    for item, phrase in phrases:
        where = source_lines(phrase) or ["(not a literal in the source)"]
        lines.setdefault(phrase, f"{item.element} {phrase!r} at {', '.join(where[:3])}")
    return sorted(lines.values())


# --- the checker itself, on a page made for the test ------------------------------------------

SAMPLE_PAGE = """
import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from smartcity.i18n.catalog import translate
st.title(translate("page.profile", "ru"))
st.metric(translate("band.high", "ru"), "42,86%")
st.selectbox("Choose a zebra crossing", ["Шу", "Composite"])
st.plotly_chart(go.Figure(go.Bar(x=["Шу"], y=[1])).update_layout(title="Purple elephant points"))
st.dataframe(pd.DataFrame({"ok": ["42,86"], "raw": [42.86], "whole": [3.0]}))
st.caption("Шаг 0.1")
st.markdown("| page\\\\.nothing | 3 |")
"""


def test_the_checker_finds_english_raw_keys_and_decimal_points():
    at = AppTest.from_string(SAMPLE_PAGE, default_timeout=60).run()
    shown = shown_texts(at)
    hit_keys = {message.key for _, messages in english_left(shown, "ru") for message in messages}
    assert "instrument.composite.short" in hit_keys  # "Composite" as an option, untranslated
    assert not hit_keys & {"page.profile", "band.high"}  # drawn in Russian
    phrases = {phrase for _, phrase in english_phrases(shown)}
    assert {"Choose a zebra crossing", "Purple elephant points"} <= phrases
    assert all(re.search("[A-Za-z]{3}", phrase) for phrase in phrases)
    assert raw_keys(shown) == ["markdown: page.nothing"]
    pointed = numbers_with_a_point(at)
    assert "caption: 'Шаг 0.1'" in pointed
    assert "dataframe column 'raw'" in pointed
    assert not any("'ok'" in place or "'whole'" in place for place in pointed)
    assert any(place.startswith("plotly chart 'Purple elephant points'") for place in pointed)


def test_the_checker_lets_neutral_latin_names_through():
    shown = [Shown("markdown", "Источник: `shu.scri.x` — GeoNames cities500, SCRI, CSV, PDF, Wi-Fi, 4G/5G")]
    assert english_phrases(shown) == []
    assert english_left(shown, "ru") == []


# --- every page, in Kazakh and in Russian -----------------------------------------------------


@pytest.fixture(
    scope="module",
    params=[(page, language) for language in TRANSLATED for page in PAGES],
    ids=lambda param: f"{param[1]}-{Path(param[0]).stem}",
)
def rendered(request) -> tuple[str, str, AppTest]:
    """(page, language, the app run with ?lang= and switched to the page), shared by the checks below."""
    page, language = request.param
    return page, language, render(page, language)


def test_page_renders_without_an_exception(rendered):
    _page, _language, at = rendered
    assert [exception.stack_trace[-3:] for exception in at.exception] == []


def test_page_shows_no_english_catalogue_message(rendered):
    _page, language, at = rendered
    assert describe_catalogue_hits(english_left(shown_texts(at), language)) == []


def test_page_shows_no_raw_catalogue_key(rendered):
    _page, _language, at = rendered
    assert raw_keys(shown_texts(at)) == []


def test_page_shows_no_hard_coded_english(rendered):
    _page, language, at = rendered
    place_names = set(town_choices(language).values())  # GeoNames' own spellings, kept so typing finds them
    shown = [item for item in shown_texts(at) if item.text not in place_names]
    assert describe_phrases(english_phrases(shown)) == []


def test_page_numbers_use_a_decimal_comma(rendered):
    _page, _language, at = rendered
    assert numbers_with_a_point(at) == []


def presenter_views(language: str) -> Iterator[AppTest]:
    """Presenter mode (``?present=1``), view by view, stepped through with its Next button."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.query_params["lang"] = language
    at.query_params["present"] = "1"
    at.run()
    yield at
    for _ in range(50):  # a bound, in case the Next button never disables
        buttons = [button for button in at.button if button.key == "present_next"]
        if not buttons or buttons[0].disabled:
            return
        buttons[0].click().run()
        yield at


@pytest.mark.parametrize("language", TRANSLATED)
def test_presenter_mode_is_translated_in_every_view(language):
    problems, views = [], 0
    for at in presenter_views(language):
        views += 1
        shown = shown_texts(at)
        problems += [f"exception: {exception.stack_trace[-3:]}" for exception in at.exception]
        problems += describe_catalogue_hits(english_left(shown, language))
        problems += describe_phrases(english_phrases(shown)) + raw_keys(shown) + numbers_with_a_point(at)
    assert views > 1, "presenter mode did not open, or has no Next button"
    assert sorted(set(problems)) == []


# --- the language switcher and the link ---------------------------------------------------------


def link_language(at: AppTest) -> str | None:
    """The ``lang`` parameter of the page's address (AppTest keeps it as a string or a list)."""
    value = at.query_params.get("lang")
    return value[0] if isinstance(value, list) else value


def test_lang_parameter_sets_the_interface_language():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.query_params["lang"] = "kk"
    at.run()
    switcher = at.sidebar.selectbox(key="language_select")
    assert switcher.value == "kk"
    assert switcher.label == "Тіл"
    assert link_language(at) == "kk"


def test_switching_language_updates_labels_and_the_share_link():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90).run()
    assert at.sidebar.selectbox(key="language_select").label == "Language"
    assert link_language(at) is None  # English is the default and is left out of the link
    at.sidebar.selectbox(key="language_select").select("ru").run()
    assert at.sidebar.selectbox(key="language_select").label == "Язык"
    assert link_language(at) == "ru"
    assert at.session_state["language"] == "ru"
    assert at.session_state["scenario"] == Scenario(), "the language is the session's, not the scenario's"
    at.switch_page("pages/profile.py").run()
    assert link_language(at) == "ru", "the language must survive a page change"


def test_unknown_language_in_the_link_warns_and_falls_back_to_english():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.query_params["lang"] = "de"
    at.run()
    assert at.sidebar.selectbox(key="language_select").value == "en"
    assert any("de" in warning.value for warning in at.warning)
