"""The brief as a PDF an akim reads: page 1 the key message, the map and the ranking; then the
radars, a table per instrument, recommendations and a short method note.

For the paper's scenario this takes at most four A4 pages; a big scenario is summarised (the best
and worst towns shown, "and N more"), so its length stays bounded too.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from datetime import date

import plotly.graph_objects as go
from babel.dates import format_date

from smartcity.analysis.over_time import RoundScores
from smartcity.errors import SmartCityError
from smartcity.files.brief.layout import BriefDocument
from smartcity.files.brief.map import LABEL_ALL_UP_TO, LABEL_EACH_END, static_map
from smartcity.files.brief.text import (
    change_summary,
    key_message,
    method_note,
    recommendations,
    since_previous_round,
)
from smartcity.files.export import figure_images
from smartcity.i18n.catalog import (
    LANGUAGES,
    format_percent,
    format_score,
    format_signed,
    translate,
    translate_count,
)
from smartcity.i18n.labels import band_name, city_name, indicator_name, instrument_name, method_name
from smartcity.model import Dataset
from smartcity.scenario import Scenario
from smartcity.scoring import COMPOSITE, Result, score
from smartcity.views.charts import radar

CHART_WIDTH, CHART_HEIGHT = 660, 580
RADAR_LABEL_WIDTH = 16
"""Characters per line of a radar axis label in print."""
SHOWN_AT_EACH_END = 5
"""A ranking of more than twice this many towns shows only the best and the worst this many."""
TABLE_TOWNS = 6
"""Indicator tables and radars show every town up to this many; beyond, the best and worst three."""


def pdf_brief(
    dataset: Dataset,
    scenario: Scenario,
    language: str,
    name: str,
    figures: Sequence[go.Figure] | None = None,
    on: date | None = None,
    history: Sequence[RoundScores] = (),
) -> bytes:
    """The brief in ``language`` as PDF bytes; ``figures`` default to a radar per instrument.

    ``history`` (the readable closed rounds in time order, the paper's first) lets the brief say what
    changed since the round before the one the scenario's scores come from.
    """
    if language not in LANGUAGES:
        raise SmartCityError("unknown_language", language=language)
    document = BriefDocument(
        language, lambda page: translate("brief.page", language, page=page, pages="{nb}")
    )
    document.set_title(translate("brief.title", language))
    document.add_page()
    _first_page(document, dataset, scenario, name, on or date.today())
    document.heading(translate("brief.changes", language))
    for line in change_summary(dataset, scenario, language) or [translate("brief.no_changes", language)]:
        document.bullet(line)
    since = since_previous_round(dataset, scenario, history, language)
    if since:
        document.heading(translate("over_time.brief_heading", language))
        for line in since:
            document.bullet(line)
    figures = default_figures(dataset, scenario, language) if figures is None else figures
    if figures:
        document.heading(translate("brief.charts", language), keep=80)
        images = figure_images([_for_print(f) for f in figures], "png", CHART_WIDTH, CHART_HEIGHT, scale=2)
        document.images_in_grid(images, columns=2, aspect=CHART_HEIGHT / CHART_WIDTH)
    _indicator_tables(document, dataset, scenario)
    document.heading(translate("brief.recommendations", language))
    for line in recommendations(dataset, scenario, language):
        document.bullet(line)
    document.heading(translate("brief.method_note", language), keep=40)
    for line in method_note(dataset, scenario, language):
        document.paragraph(line, size=8, gap=0.6)
    return bytes(document.output())


def default_figures(dataset: Dataset, scenario: Scenario, language: str) -> list[go.Figure]:
    """The radar chart of every instrument, with every town (the best and worst three when many)."""
    city_ids = shown_towns(score(dataset, scenario).ranking(COMPOSITE), TABLE_TOWNS)
    return [radar(dataset, scenario, i, tuple(city_ids), language).figure for i in dataset.instrument_ids]


def shown_towns(ranking: Sequence[Result], limit: int) -> list[str]:
    """Every town of a ranking up to ``limit``; beyond, the best and the worst ``limit // 2``."""
    ids = [result.city_id for result in ranking]
    return ids if len(ids) <= limit else ids[: limit // 2] + ids[-(limit // 2) :]


def _first_page(document: BriefDocument, dataset: Dataset, scenario: Scenario, name: str, on: date) -> None:
    language = document.language
    cities = scenario.cities(dataset)
    document.paragraph(translate("brief.title", language), size=17, bold=True, gap=0.5)
    if len(cities) <= TABLE_TOWNS:
        names = ", ".join(city_name(dataset, scenario, c.id, language) for c in cities)
        document.paragraph(translate("brief.subtitle", language, cities=names), size=10)
    else:
        document.paragraph(translate_count("brief.subtitle_count", len(cities), language), size=10)
    meta = " · ".join(
        (
            translate("brief.date", language, date=format_date(on, "long", locale=language)),
            translate("brief.scenario", language, name=name),
            translate("brief.method", language, method=method_name(scenario.method, language)),
        )
    )
    document.paragraph(meta, size=8.5)
    document.heading(translate("brief.key_message", language))
    document.paragraph(" ".join(key_message(dataset, scenario, language)), size=10.5)
    document.heading(translate("brief.map", language), keep=100)
    document.image(static_map(dataset, scenario, COMPOSITE, language), w=document.epw)
    caption = translate("brief.map_note", language)
    if len(cities) > LABEL_ALL_UP_TO:
        caption += " " + translate("brief.map_labels_cut", language, count=LABEL_EACH_END)
    document.paragraph(caption, size=7.5)
    document.heading(translate("brief.ranking", language))
    _ranking_table(document, dataset, scenario)


def _ranking_table(document: BriefDocument, dataset: Dataset, scenario: Scenario) -> None:
    """Rank, town, each instrument's percent, the composite, its level (and the change, if any)."""
    language = document.language
    table = score(dataset, scenario)
    ranking = table.ranking(COMPOSITE)
    changed = any(r.delta_percent is not None and abs(r.delta_percent) >= 0.05 for r in ranking)
    header = [translate("brief.col.rank", language), translate("export.col.city", language)]
    header += [
        instrument_name(dataset, i, language, short=True) for i in (*dataset.instrument_ids, COMPOSITE)
    ]
    header += [translate("export.col.band", language)]
    header += [translate("brief.col.change", language)] if changed else []
    rows = [header]
    shown = set(shown_towns(ranking, 2 * SHOWN_AT_EACH_END))
    for result in ranking:
        if result.city_id not in shown:
            if rows[-1][0] != "…":
                rows.append(["…"] * len(header))
            continue
        percents = []
        for instrument_id in dataset.instrument_ids:
            own = table.get(result.city_id, instrument_id)
            percents.append("—" if own is None else format_percent(own.percent, language, 1))
        row = [str(result.rank), city_name(dataset, scenario, result.city_id, language), *percents]
        row += [format_percent(result.percent, language, 1), band_name(result.band, language)]
        if changed:
            delta = result.delta_percent
            row.append(
                "—"
                if delta is None
                else translate("brief.points", language, value=format_signed(delta, language))
            )
        rows.append(row)
    align = ["CENTER", "LEFT", *["RIGHT"] * (len(dataset.instrument_ids) + 1), "LEFT"] + (
        ["RIGHT"] if changed else []
    )
    document.fitted_table(rows, align)
    if len(ranking) > 2 * SHOWN_AT_EACH_END:
        document.paragraph(
            translate_count("brief.ranking_cut", len(ranking), language, shown=SHOWN_AT_EACH_END), size=8
        )


def _indicator_tables(document: BriefDocument, dataset: Dataset, scenario: Scenario) -> None:
    """A table per instrument under one heading, which stays with the first table."""
    language = document.language
    tables = [_indicator_rows(dataset, scenario, i, language) for i in dataset.instrument_ids]
    document.heading(translate("brief.indicator_tables", language), keep=document.table_height(tables[0]) + 8)
    for instrument_id, rows in zip(dataset.instrument_ids, tables, strict=True):
        title = instrument_name(dataset, instrument_id, language)
        document.fitted_table(rows, ["LEFT", *["CENTER"] * (len(rows[0]) - 1)], title)
    towns = len(score(dataset, scenario).ranking(COMPOSITE))
    if towns > TABLE_TOWNS:
        document.paragraph(
            translate_count("brief.table_cut", towns, language, shown=TABLE_TOWNS // 2), size=8
        )


def _indicator_rows(
    dataset: Dataset, scenario: Scenario, instrument_id: str, language: str
) -> list[list[str]]:
    """A header, a row per indicator with a column per town (its score; "1 → 4" where changed), totals."""
    table = score(dataset, scenario)
    city_ids = shown_towns(table.ranking(COMPOSITE), TABLE_TOWNS)  # the radars' towns, in the ranking's order
    header = [translate("export.col.indicator", language)]
    header += [city_name(dataset, scenario, c, language) for c in city_ids]
    rows = [header]
    for indicator_id in dataset.instrument(instrument_id).indicator_ids:
        row = [indicator_name(dataset, instrument_id, indicator_id, language)]
        for city_id in city_ids:
            key = (city_id, instrument_id, indicator_id)
            value = table.values[key].value
            paper = dataset.baseline.get(key)
            text = format_score(value, language)
            if paper is not None and paper.value != value:
                text = f"{format_score(paper.value, language)} → {text}"
            row.append(text)
        rows.append(row)
    totals = [translate("brief.row.total", language)]
    for city_id in city_ids:
        result = table.get(city_id, instrument_id)
        totals.append(
            "—"
            if result is None or result.total is None or result.maximum is None
            else f"{format_score(result.total, language)} / {format_score(result.maximum, language)}"
            f" ({format_percent(result.percent, language)})"
        )
    rows.append(totals)
    return rows


def _for_print(figure: go.Figure) -> go.Figure:
    """A copy of a chart laid out for a half-page image: larger type, legend below, tight margins."""
    printed = go.Figure(figure)
    printed.update_layout(
        font={"size": 16},
        title={"font": {"size": 17}, "x": 0.5, "xanchor": "center", "y": 0.985, "yanchor": "top"},
        legend={
            "orientation": "h",
            "x": 0.5,
            "xanchor": "center",
            "y": 0.02,
            "yanchor": "bottom",
            "title": None,
        },
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
        polar={"domain": {"x": [0.26, 0.74], "y": [0.17, 0.87]}},
        height=None,
    )
    for trace in printed.data:
        if isinstance(trace, go.Scatterpolar) and trace.theta is not None:
            trace.theta = [_print_label(str(label)) for label in trace.theta]
    return printed


def _print_label(label: str) -> str:
    """An axis label rewrapped onto short lines at word boundaries (never inside a word)."""
    words = label.replace("<br>", " ")
    lines = textwrap.wrap(words, RADAR_LABEL_WIDTH, break_long_words=False, break_on_hyphens=False)
    return "<br>".join(lines) or words
