"""Plotly figures of a scored scenario, each with the table behind it as its text alternative.

Every chart is built from a tidy table first and the figure from that table, so the
"show data" view and the figure cannot disagree. Titles, axis labels, legends and numbers
are in the requested language. City colours come from the Okabe-Ito palette, which stays
distinguishable with the common colour-vision deficiencies; the heat table uses cividis.
"""

from __future__ import annotations

import html
import textwrap
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
from plotly.colors import sample_colorscale, unlabel_rgb

from smartcity.analysis.insights import total_text
from smartcity.i18n.catalog import (
    chart_separators,
    format_number,
    format_percent,
    format_score,
    translate,
    translate_count,
)
from smartcity.i18n.labels import city_name, group_name, indicator_name, instrument_name, method_name
from smartcity.model import Dataset
from smartcity.scenario import Scenario
from smartcity.scoring import Result, ScoreTable, contributions, score
from smartcity.views.colors import rgb_to_hex, text_color_on

OKABE_ITO: tuple[str, ...] = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#D55E00",
    "#CC79A7",
    "#56B4E9",
    "#F0E442",
    "#000000",
)
"""Okabe & Ito's colour-blind-safe qualitative palette, strongest contrasts first."""
HEAT_SCALE = "Cividis"
"""A sequential scale designed to read the same with deuteranopia and protanopia."""
LABEL_WIDTH = 24
CHART_TEXT = "#333333"
"""Every chart's text: 12.6:1 on white (Streamlit's theme draws ticks in #808495, 3.7:1)."""
TITLE_WIDTH = 60
"""Characters per line of a chart's title: a line of 60 fits a chart in half of a 1280 px window."""


@dataclass(frozen=True)
class Chart:
    """A figure and the table it was drawn from (shown as "show data"); the figure's text is made
    readable (dark, CHART_TEXT) as the chart is made."""

    figure: go.Figure
    data: pd.DataFrame

    def __post_init__(self) -> None:
        readable(self.figure)
        title = self.figure.layout.title.text
        if title:  # plotly never wraps a title: a long one (a Russian method's name) runs off the chart
            lines = textwrap.wrap(title, TITLE_WIDTH, break_long_words=False, break_on_hyphens=False)
            self.figure.update_layout(title={"text": "<br>".join(lines), "automargin": True})

    @property
    def alt(self) -> str:
        """The chart's accessible name for screen readers: its title (on one line)."""
        return str(self.figure.layout.title.text or "").replace("<br>", " ")


def readable(figure: go.Figure) -> go.Figure:
    """Set every text of ``figure`` (titles, ticks, legend, colour bars, notes) in CHART_TEXT: the
    Streamlit theme's greys are below 4.5:1 on white. Text inside marks keeps its own colour."""
    text = {"color": CHART_TEXT}
    axis = {"tickfont": text, "title_font": text}
    figure.update_layout(font=text, title_font=text, legend={"font": text, "title_font": text})
    figure.update_xaxes(**axis)
    figure.update_yaxes(**axis)
    figure.update_polars(angularaxis_tickfont=text, radialaxis_tickfont=text)
    figure.update_annotations(font_color=CHART_TEXT)
    figure.update_traces({"colorbar": axis}, selector=lambda trace: "colorbar" in trace)
    return figure


def city_colours(dataset: Dataset, scenario: Scenario) -> dict[str, str]:
    """A fixed colour per city (by its place in the scenario's city list), the same on every chart."""
    return {city.id: OKABE_ITO[index % len(OKABE_ITO)] for index, city in enumerate(scenario.cities(dataset))}


def scored_results(
    table: ScoreTable, instrument_id: str, wanted: tuple[str, ...] | None = None
) -> list[Result]:
    """The complete results on the instrument (optionally only ``wanted`` cities), in city list order."""
    scored = {result.city_id: result for result in table.results if result.instrument_id == instrument_id}
    order = [city_id for city_id in dict.fromkeys(r.city_id for r in table.results) if city_id in scored]
    return [scored[c] for c in order if wanted is None or c in wanted]


def scored_city_ids(
    table: ScoreTable, instrument_id: str, wanted: tuple[str, ...] | None = None
) -> list[str]:
    """Cities with a complete result on the instrument (optionally only ``wanted``), in list order."""
    return [result.city_id for result in scored_results(table, instrument_id, wanted)]


def radar(
    dataset: Dataset, scenario: Scenario, instrument_id: str, city_ids: tuple[str, ...], language: str
) -> Chart:
    """One polar chart of an instrument: each city's scores solid, the paper's scores dashed."""
    table = score(dataset, scenario)
    instrument = dataset.instrument(instrument_id)
    data = _indicator_frame(dataset, scenario, table, instrument_id, city_ids, language)
    colours = city_colours(dataset, scenario)
    axes = [wrap(indicator_name(dataset, instrument_id, i, language)) for i in instrument.indicator_ids]
    columns = _columns(language)
    figure = go.Figure()
    for city_id in scored_city_ids(table, instrument_id, city_ids):
        rows = data[data[columns["city_id"]] == city_id]
        name = plain(city_name(dataset, scenario, city_id, language))
        current = rows[columns["score"]].tolist()
        figure.add_trace(_polar_trace(current, axes, name, colours[city_id], "solid", city_id, language))
        paper = rows[columns["paper"]].tolist()
        if paper and not any(pd.isna(paper)):
            label = translate("chart.paper_trace", language, city=name)
            figure.add_trace(_polar_trace(paper, axes, label, colours[city_id], "dash", city_id, language))
    figure.update_layout(
        title=translate(
            "chart.radar.title", language, instrument=instrument_name(dataset, instrument_id, language)
        ),
        polar={
            "radialaxis": {
                "range": [0, instrument.scale_max],
                "tickvals": _scale_ticks(instrument.scale_min, instrument.scale_max),
                "angle": 90,
                "tickangle": 90,
            }
        },
        height=520,
        legend={"title": {"text": translate("chart.legend.city", language)}},
        **layout(language),
    )
    return Chart(figure, _display(data.drop(columns=[columns["city_id"]]), language))


def dimension_bars(
    dataset: Dataset, scenario: Scenario, instrument_id: str, city_ids: tuple[str, ...], language: str
) -> Chart:
    """Per indicator, the cities' scores side by side (grouped horizontal bars)."""
    table = score(dataset, scenario)
    instrument = dataset.instrument(instrument_id)
    data = _indicator_frame(dataset, scenario, table, instrument_id, city_ids, language)
    columns = _columns(language)
    colours = city_colours(dataset, scenario)
    figure = go.Figure()
    for city_id in scored_city_ids(table, instrument_id, city_ids):
        rows = data[data[columns["city_id"]] == city_id]
        figure.add_trace(
            go.Bar(
                x=rows[columns["score"]].tolist(),
                y=[wrap(name) for name in rows[columns["indicator"]]],
                orientation="h",
                name=plain(city_name(dataset, scenario, city_id, language)),
                marker={"color": colours[city_id]},
                text=[format_score(v, language) for v in rows[columns["score"]]],
                textposition="outside",
                hovertemplate="%{y}: %{text}<extra>%{fullData.name}</extra>",
            )
        )
    figure.update_layout(
        title=translate(
            "chart.dimensions.title", language, instrument=instrument_name(dataset, instrument_id, language)
        ),
        barmode="group",
        xaxis={
            "range": [0, instrument.scale_max + 0.5],
            "tickvals": _scale_ticks(instrument.scale_min, instrument.scale_max),
            "title": {"text": translate("chart.axis.score", language)},
        },
        yaxis={"autorange": "reversed", "title": {"text": translate("chart.axis.indicator", language)}},
        legend={"title": {"text": translate("chart.legend.city", language)}},
        height=max(360, 90 * len(instrument.indicators)),
        **layout(language),
    )
    return Chart(figure, _display(data.drop(columns=[columns["city_id"]]), language))


def contribution_bars(
    dataset: Dataset, scenario: Scenario, instrument_id: str, city_ids: tuple[str, ...], language: str
) -> Chart:
    """Stacked bars: the percentage points each indicator adds to a city's percent."""
    table = score(dataset, scenario)
    instrument = dataset.instrument(instrument_id)
    columns = _columns(language)
    cities = scored_city_ids(table, instrument_id, city_ids)
    names = {c: city_name(dataset, scenario, c, language) for c in cities}
    records = []
    for city_id in cities:
        points = contributions(dataset, scenario, city_id, instrument_id)
        for indicator_id in instrument.indicator_ids:
            records.append(
                {
                    columns["city"]: names[city_id],
                    columns["indicator"]: indicator_name(dataset, instrument_id, indicator_id, language),
                    columns["points"]: points[indicator_id],
                }
            )
    data = pd.DataFrame(records, columns=[columns["city"], columns["indicator"], columns["points"]])
    figure = go.Figure()
    for index, indicator_id in enumerate(instrument.indicator_ids):
        label = indicator_name(dataset, instrument_id, indicator_id, language)
        rows = data[data[columns["indicator"]] == label]
        figure.add_trace(
            go.Bar(
                x=rows[columns["points"]].tolist(),
                y=[plain(names[c]) for c in cities],
                orientation="h",
                name=plain(label),
                marker={"color": OKABE_ITO[index % len(OKABE_ITO)]},
                customdata=[format_number(v, language, 2) for v in rows[columns["points"]]],
                hovertemplate="%{y}: %{customdata}<extra>%{fullData.name}</extra>",
            )
        )
    figure.update_layout(
        title=translate(
            "chart.contributions.title",
            language,
            instrument=instrument_name(dataset, instrument_id, language),
            method=method_name(scenario.method, language),
        ),
        barmode="stack",
        xaxis={"range": [0, 100], "title": {"text": translate("chart.axis.points", language)}},
        yaxis={"autorange": "reversed"},
        legend={"title": {"text": translate("chart.legend.indicator", language)}, "traceorder": "normal"},
        height=max(320, 140 + 60 * len(cities)),
        **layout(language),
    )
    return Chart(figure, _display(data, language))


def sample_donut(dataset: Dataset, language: str) -> Chart:
    """Figure 1: the stakeholder sample as a donut with each group's count and share."""
    columns = _columns(language)
    total = sum(group.count for group in dataset.stakeholder_sample)
    data = pd.DataFrame(
        [
            {
                columns["group"]: group_name(group.id, language, dataset),
                columns["count"]: group.count,
                columns["share"]: round(group.count / total * 100, 2),
                columns["share_printed"]: group.share_printed_percent,
            }
            for group in dataset.stakeholder_sample
        ]
    )
    labels = [plain(name) for name in data[columns["group"]]]
    slice_colours = [OKABE_ITO[index % len(OKABE_ITO)] for index in range(len(labels))]
    text = [
        translate("chart.sample.slice", language, count=count, share=format_percent(share, language, 2))
        for count, share in zip(data[columns["count"]], data[columns["share"]], strict=True)
    ]
    figure = go.Figure(
        go.Pie(
            labels=labels,
            values=data[columns["count"]].tolist(),
            hole=0.5,
            sort=False,
            direction="clockwise",
            text=text,
            textinfo="text",
            insidetextfont={"color": [text_color_on(colour) for colour in slice_colours]},
            outsidetextfont={"color": CHART_TEXT},
            hovertemplate="%{label}: %{text}<extra></extra>",
            marker={"colors": slice_colours, "line": {"color": "white", "width": 2}},
        )
    )
    figure.update_layout(
        title=translate("chart.sample.title", language),
        annotations=[
            {
                "text": translate_count("chart.sample.centre", total, language),
                "showarrow": False,
                "font": {"size": 16},
            }
        ],
        legend={"title": {"text": translate("chart.legend.group", language)}},
        **layout(language),
    )
    return Chart(figure, _display(data, language))


def heat_table(dataset: Dataset, scenario: Scenario, instrument_id: str, language: str) -> Chart:
    """An instrument's table (as Tables 2-4) coloured by score, with each city's total and percent."""
    table = score(dataset, scenario)
    instrument = dataset.instrument(instrument_id)
    columns = _columns(language)
    totals = scored_results(table, instrument_id)
    cities = [result.city_id for result in totals]
    names = [city_name(dataset, scenario, c, language) for c in cities]
    indicators = [indicator_name(dataset, instrument_id, i, language) for i in instrument.indicator_ids]
    values = [[table.values[(c, instrument_id, i)].value for c in cities] for i in instrument.indicator_ids]
    text = [[format_score(v, language) for v in row] for row in values]
    # The table as the paper prints it: a row per indicator, then the total and the percent.
    data = pd.DataFrame(
        [
            *([name, *row] for name, row in zip(indicators, text, strict=True)),
            [
                translate("chart.row.total", language),
                *(total_text(r, language) for r in totals),
            ],
            [
                translate("chart.row.percent", language),
                *(format_percent(r.percent, language) for r in totals),
            ],
        ],
        columns=[corner_header(columns["indicator"], names), *names],
    )
    heat_range = (instrument.scale_min, instrument.scale_max)
    rows = [wrap(name, 40) for name in indicators]
    x_labels = [
        f"{plain(name)}<br>{total_text(result, language)} · " + format_percent(result.percent, language)
        for name, result in zip(names, totals, strict=True)
    ]
    figure = go.Figure(
        go.Heatmap(
            z=values,
            x=x_labels,
            y=rows,
            zmin=heat_range[0],
            zmax=heat_range[1],
            colorscale=HEAT_SCALE,
            text=text,
            hovertemplate="%{y}<br>%{x}: %{text}<extra></extra>",
            colorbar={
                "title": {"text": translate("chart.axis.score", language)},
                "tickvals": _scale_ticks(instrument.scale_min, instrument.scale_max),
            },
            xgap=2,
            ygap=2,
        )
    )
    figure.add_trace(cell_numbers(x_labels, rows, values, text, heat_range))
    figure.update_layout(
        title=translate(
            "chart.heat.title", language, instrument=instrument_name(dataset, instrument_id, language)
        ),
        xaxis={"side": "top"},
        yaxis={"autorange": "reversed"},
        height=max(360, 70 * len(indicators) + 160),
        **layout(language, top=130),
    )
    return Chart(figure, data)


def cell_numbers(
    x: list[str],
    y: list[str],
    values: list[list[float]],
    text: list[list[str]],
    value_range: tuple[float, float],
) -> go.Scatter:
    """A heat table's numbers as a text layer over its cells (``values[row][column]`` at ``y[row]``,
    ``x[column]``), each black or white, whichever reads better on its cell's HEAT_SCALE colour;
    cells with no text (a blank diagonal) are left out."""
    cells = [(row, column) for row in range(len(y)) for column in range(len(x)) if text[row][column]]
    return go.Scatter(
        x=[x[column] for _, column in cells],
        y=[y[row] for row, _ in cells],
        text=[text[row][column] for row, column in cells],
        mode="text",
        textfont={
            "size": 16,
            "color": [text_color_on(heat_colour(values[row][column], value_range)) for row, column in cells],
        },
        hoverinfo="skip",
        showlegend=False,
    )


def heat_colour(value: float, value_range: tuple[float, float]) -> str:
    """The HEAT_SCALE colour (``#rrggbb``) a heat cell of ``value`` has on a scale of ``value_range``."""
    low, high = value_range
    fraction = min(max((value - low) / (high - low), 0.0), 1.0)
    red, green, blue = unlabel_rgb(sample_colorscale(HEAT_SCALE, fraction)[0])
    return rgb_to_hex((red, green, blue))


# --- helpers ----------------------------------------------------------------------------


def _columns(language: str) -> dict[str, str]:
    names = ("city", "indicator", "score", "paper", "points", "group", "count", "share", "share_printed")
    columns = {name: translate(f"chart.col.{name}", language) for name in names}
    columns["city_id"] = "city_id"
    return columns


def _indicator_frame(
    dataset: Dataset,
    scenario: Scenario,
    table: ScoreTable,
    instrument_id: str,
    city_ids: tuple[str, ...],
    language: str,
) -> pd.DataFrame:
    """Long table: city, indicator, the scenario's score and the paper's score (blank if none)."""
    columns = _columns(language)
    instrument = dataset.instrument(instrument_id)
    records = []
    for city_id in scored_city_ids(table, instrument_id, city_ids):
        for indicator_id in instrument.indicator_ids:
            key = (city_id, instrument_id, indicator_id)
            paper = dataset.baseline.get(key)
            records.append(
                {
                    columns["city_id"]: city_id,
                    columns["city"]: city_name(dataset, scenario, city_id, language),
                    columns["indicator"]: indicator_name(dataset, instrument_id, indicator_id, language),
                    columns["score"]: table.values[key].value,
                    columns["paper"]: paper.value if paper else None,
                }
            )
    order = [columns[name] for name in ("city_id", "city", "indicator", "score", "paper")]
    return pd.DataFrame(records, columns=order)


def _polar_trace(
    values: list[float], axes: list[str], name: str, colour: str, dash: str, group: str, language: str
) -> go.Scatterpolar:
    return go.Scatterpolar(
        r=[*values, values[0]],
        theta=[*axes, axes[0]],
        name=name,
        legendgroup=group,
        mode="lines+markers",
        line={"color": colour, "dash": dash, "width": 3 if dash == "solid" else 2},
        marker={"size": 7 if dash == "solid" else 5},
        fill="toself" if dash == "solid" else "none",
        fillcolor=_translucent(colour),
        customdata=[format_score(v, language) for v in [*values, values[0]]],
        hovertemplate="%{theta}: %{customdata}<extra>%{fullData.name}</extra>",
    )


def layout(language: str, top: int = 80) -> dict[str, object]:
    """Layout shared by every figure: the locale's decimal and thousands marks, and margins."""
    return {
        "separators": chart_separators(language),
        "margin": {"t": top, "l": 40, "r": 40, "b": 40},
    }


def _display(frame: pd.DataFrame, language: str) -> pd.DataFrame:
    """The table as shown: fractional numbers written out in the locale (a decimal comma in ru and kk)."""
    shown = frame.copy()
    for column in shown.columns:
        if shown[column].dtype.kind == "f":
            values = shown[column]
            decimals = 0 if values.dropna().apply(float.is_integer).all() else 2
            shown[column] = [
                "—" if pd.isna(value) else format_number(value, language, decimals) for value in values
            ]
    return shown


def _translucent(colour: str, alpha: float = 0.12) -> str:
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red}, {green}, {blue}, {alpha})"


def _scale_ticks(low: float, high: float) -> list[float]:
    return [float(v) for v in range(int(low), int(high) + 1)]


def corner_header(header: str, town_columns: list[str]) -> str:
    """The header over a table's row labels when the other columns are towns: blank if a town has
    that very name (a town may be called "City"), since a table's columns need distinct names."""
    return "" if header in town_columns else header


def plain(text: str) -> str:
    """Text for a plotly label: plotly reads a subset of HTML, so user text is escaped."""
    return html.escape(text, quote=False)


def wrap(text: str, width: int = LABEL_WIDTH) -> str:
    """User text escaped for a plotly label and wrapped onto lines of ``width``."""
    return "<br>".join(textwrap.wrap(plain(text), width)) or plain(text)
