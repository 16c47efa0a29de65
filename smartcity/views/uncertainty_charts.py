"""Plotly figures of the uncertainty analysis, each with the table behind it (see views.charts.Chart).

Intervals as error bars, P(rank) as a heat map, P(A above B) as a matrix, Sobol indices as bars,
and the leave-one-indicator-out changes. Text and numbers are in the requested language; user
text (added city names) is escaped, since plotly reads a subset of HTML.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from smartcity.analysis.sensitivity import LeftOut, SensitivityResult
from smartcity.analysis.uncertainty import InputGroup, UncertaintySettings, UncertaintySummary
from smartcity.i18n.catalog import format_number, format_percent, format_score, format_signed, translate
from smartcity.i18n.labels import city_name, indicator_label, instrument_name, method_name
from smartcity.model import Dataset
from smartcity.scenario import Scenario
from smartcity.scoring import COMPOSITE
from smartcity.views.charts import HEAT_SCALE, Chart, cell_numbers, city_colours, corner_header, layout, plain

POINT_COLOUR = "#000000"


def settings_caption(settings: UncertaintySettings, methods: tuple[str, ...], language: str) -> str:
    """The settings behind a figure in one line, seed included, so a workshop can reproduce it."""
    return translate(
        "uncertainty.caption",
        language,
        draws=format_number(settings.draws, language),
        seed=settings.seed,
        score_noise=format_number(settings.score_noise, language, 2),
        weight_noise=format_percent(settings.weight_noise * 100, language),
        kind=translate(f"uncertainty.kind.{settings.weight_noise_kind}", language),
        methods=", ".join(method_name(m, language) for m in methods),
    )


def variation_caption(dataset: Dataset, summary: UncertaintySummary, language: str) -> str:
    """The instrument and what one plausible variation changes, in plain words, under the summary."""
    settings = summary.settings
    return translate(
        "plain.variation",
        language,
        instrument=instrument_name(dataset, summary.instrument_id, language, short=True),
        score_noise=format_score(settings.score_noise, language),
        weight_noise=format_percent(settings.weight_noise * 100, language),
        draws=format_number(settings.draws, language),
    )


def interval_chart(dataset: Dataset, scenario: Scenario, summary: UncertaintySummary, language: str) -> Chart:
    """Each city's median with its 5-95% interval as an error bar, and the scenario's score beside it."""
    names = _names(dataset, scenario, summary.city_ids, language)
    columns = {
        key: translate(f"uncertainty.col.{key}", language)
        for key in ("city", "point", "median", "p05", "p95")
    }
    data = pd.DataFrame(
        {
            columns["city"]: names,
            **{
                columns[name]: _numbers(getattr(summary, name), language, 2)
                for name in ("point", "median", "p05", "p95")
            },
        }
    )
    labels = [plain(name) for name in names]
    colours = city_colours(dataset, scenario)
    hover = [
        translate(
            "uncertainty.interval_hover",
            language,
            median=format_percent(float(m), language, 2),
            low=format_percent(float(lo), language, 2),
            high=format_percent(float(hi), language, 2),
        )
        for m, lo, hi in zip(summary.median, summary.p05, summary.p95, strict=True)
    ]
    figure = go.Figure(
        [
            go.Scatter(
                x=labels,
                y=summary.median,
                mode="markers",
                name=translate("uncertainty.median_interval", language),
                marker={"size": 14, "color": [colours.get(c, POINT_COLOUR) for c in summary.city_ids]},
                error_y={
                    "type": "data",
                    "symmetric": False,
                    "array": summary.p95 - summary.median,
                    "arrayminus": summary.median - summary.p05,
                    "thickness": 3,
                    "width": 12,
                },
                customdata=hover,
                hovertemplate="%{x}<br>%{customdata}<extra></extra>",
            ),
            go.Scatter(
                x=labels,
                y=summary.point,
                mode="markers",
                name=translate("uncertainty.point", language),
                marker={"symbol": "diamond-open", "size": 14, "color": POINT_COLOUR, "line": {"width": 2}},
                customdata=[format_percent(float(p), language, 2) for p in summary.point],
                hovertemplate="%{x}: %{customdata}<extra>%{fullData.name}</extra>",
            ),
        ]
    )
    figure.update_layout(
        title=translate(
            "uncertainty.intervals_title",
            language,
            instrument=instrument_name(dataset, summary.instrument_id, language),
        ),
        yaxis={"title": {"text": translate("uncertainty.axis.percent", language)}, "ticksuffix": "%"},
        legend={"orientation": "h", "y": -0.15},
        **layout(language),
    )
    return Chart(figure, data)


def rank_heatmap(dataset: Dataset, scenario: Scenario, summary: UncertaintySummary, language: str) -> Chart:
    """P(rank = r) per city (rows) and rank (columns), in percent."""
    names = _names(dataset, scenario, summary.city_ids, language)
    ranks = [translate("uncertainty.rank_label", language, rank=r) for r in range(1, len(names) + 1)]
    percents = summary.rank_probability * 100
    data = pd.DataFrame([_numbers(row, language, 2) for row in percents], columns=ranks)
    data.insert(0, translate("uncertainty.col.city", language), names)
    y_labels = [plain(name) for name in names]
    cell_text = [[format_percent(float(p), language, 1) for p in row] for row in percents]
    figure = go.Figure(
        go.Heatmap(
            z=percents,
            x=ranks,
            y=y_labels,
            zmin=0,
            zmax=100,
            colorscale=HEAT_SCALE,
            text=cell_text,
            hovertemplate="%{y} · %{x}: %{text}<extra></extra>",
            colorbar={"title": {"text": "%"}},
            xgap=2,
            ygap=2,
        )
    )
    figure.add_trace(cell_numbers(ranks, y_labels, percents.tolist(), cell_text, (0, 100)))
    figure.update_layout(
        title=translate(
            "uncertainty.rank_title",
            language,
            instrument=instrument_name(dataset, summary.instrument_id, language),
        ),
        xaxis={"side": "top"},
        yaxis={"autorange": "reversed"},
        height=max(300, 60 * len(names) + 160),
        **layout(language),
    )
    return Chart(figure, data)


def above_matrix(dataset: Dataset, scenario: Scenario, summary: UncertaintySummary, language: str) -> Chart:
    """P(row city scores above column city), in percent; the diagonal is left blank."""
    names = _names(dataset, scenario, summary.city_ids, language)
    percents = summary.above_probability * 100
    shown = np.where(np.eye(len(names), dtype=bool), np.nan, percents)
    data = pd.DataFrame(
        [["" if np.isnan(p) else format_number(float(p), language, 2) for p in row] for row in shown],
        columns=names,
    )
    data.insert(0, corner_header(translate("uncertainty.col.city", language), names), names)
    labels = [plain(name) for name in names]
    cell_text = [["" if np.isnan(p) else format_percent(float(p), language, 1) for p in row] for row in shown]
    figure = go.Figure(
        go.Heatmap(
            z=shown,
            x=labels,
            y=labels,
            zmin=0,
            zmax=100,
            colorscale=HEAT_SCALE,
            text=cell_text,
            hovertemplate=translate("uncertainty.above_hover", language) + "<extra></extra>",
            colorbar={"title": {"text": "%"}},
            xgap=2,
            ygap=2,
        )
    )
    figure.add_trace(cell_numbers(labels, labels, shown.tolist(), cell_text, (0, 100)))
    figure.update_layout(
        title=translate("uncertainty.above_title", language),
        xaxis={"side": "top"},
        yaxis={"autorange": "reversed"},
        height=max(300, 60 * len(names) + 160),
        **layout(language),
    )
    return Chart(figure, data)


def group_label(
    dataset: Dataset, scenario: Scenario, group: InputGroup, language: str, composite: bool
) -> str:
    """An input group in words, e.g. "Scores: Digital Infrastructure" or "Respondents: Shu"."""
    if group.kind == "scores":
        instrument_id, indicator_id = group.subject.split(".", 1)
        name = indicator_label(dataset, instrument_id, indicator_id, language, qualified=composite)
        return translate("uncertainty.group.scores", language, indicator=name)
    if group.kind == "respondents":
        return translate(
            "uncertainty.group.respondents",
            language,
            city=city_name(dataset, scenario, group.subject, language),
        )
    return translate(f"uncertainty.group.{group.kind}", language)


def sensitivity_chart(
    dataset: Dataset, scenario: Scenario, result: SensitivityResult, language: str
) -> Chart:
    """First- and total-order index of every uncertain input, with 95% bootstrap intervals."""
    composite = result.instrument_id == COMPOSITE
    labels = [group_label(dataset, scenario, g.group, language, composite) for g in result.groups]
    first = np.array([g.indices.first for g in result.groups])
    total = np.array([g.indices.total for g in result.groups])
    columns = {
        key: translate(f"uncertainty.col.{key}", language)
        for key in ("input", "first", "first_low", "first_high", "total", "total_low", "total_high")
    }
    data = pd.DataFrame(
        {
            columns["input"]: labels,
            **{
                columns[key]: _numbers([getattr(g.indices, key) for g in result.groups], language, 3)
                for key in ("first", "first_low", "first_high", "total", "total_low", "total_high")
            },
        }
    )
    escaped = [plain(label) for label in labels]
    bars = []
    for key, values, colour in (("first", first, "#0072B2"), ("total", total, "#E69F00")):
        low = np.array([getattr(g.indices, f"{key}_low") for g in result.groups])
        high = np.array([getattr(g.indices, f"{key}_high") for g in result.groups])
        bars.append(
            go.Bar(
                x=values,
                y=escaped,
                orientation="h",
                name=translate(f"uncertainty.{key}_order", language),
                marker={"color": colour},
                error_x={
                    "type": "data",
                    "symmetric": False,
                    "array": high - values,
                    "arrayminus": values - low,
                },
                customdata=[format_number(float(v), language, 2) for v in values],
                hovertemplate="%{y}: %{customdata}<extra>%{fullData.name}</extra>",
            )
        )
    figure = go.Figure(bars)
    figure.update_layout(
        title=translate(
            f"uncertainty.sensitivity_title.{result.output}",
            language,
            city=plain(city_name(dataset, scenario, result.city_id, language)),
            instrument=instrument_name(dataset, result.instrument_id, language),
        ),
        barmode="group",
        xaxis={"title": {"text": translate("uncertainty.axis.index", language)}, "range": [0, 1.05]},
        yaxis={"autorange": "reversed"},
        legend={"orientation": "h", "y": -0.15},
        height=max(320, 36 * len(labels) + 200),
        **layout(language),
    )
    return Chart(figure, data)


def leave_one_out_chart(
    dataset: Dataset, scenario: Scenario, rows: tuple[LeftOut, ...], instrument_id: str, language: str
) -> Chart:
    """Change of each city's percent when each indicator is left out, with the rank change in the table."""
    composite = instrument_id == COMPOSITE
    columns = {
        key: translate(f"uncertainty.col.{key}", language)
        for key in ("indicator", "city", "percent", "delta", "rank", "rank_change")
    }

    def row_label(row: LeftOut) -> str:
        return indicator_label(dataset, row.instrument_id, row.indicator_id, language, qualified=composite)

    data = pd.DataFrame(
        {
            columns["indicator"]: [row_label(r) for r in rows],
            columns["city"]: [city_name(dataset, scenario, r.city_id, language) for r in rows],
            columns["percent"]: _numbers([r.percent for r in rows], language, 2),
            columns["delta"]: _numbers([r.delta_percent for r in rows], language, 2),
            columns["rank"]: [r.rank for r in rows],
            columns["rank_change"]: [r.rank_change for r in rows],
        }
    )
    colours = city_colours(dataset, scenario)
    figure = go.Figure()
    for city_id in dict.fromkeys(r.city_id for r in rows):
        mine = [r for r in rows if r.city_id == city_id]
        figure.add_trace(
            go.Bar(
                x=[r.delta_percent for r in mine],
                y=[plain(row_label(r)) for r in mine],
                orientation="h",
                name=plain(city_name(dataset, scenario, city_id, language)),
                marker={"color": colours.get(city_id, POINT_COLOUR)},
                customdata=[
                    translate(
                        "uncertainty.loo_hover",
                        language,
                        delta=format_signed(r.delta_percent, language, 2),
                        rank=r.rank,
                        change=format_signed(r.rank_change, language, 0),
                    )
                    for r in mine
                ],
                hovertemplate="%{y}<br>%{customdata}<extra>%{fullData.name}</extra>",
            )
        )
    figure.update_layout(
        title=translate(
            "uncertainty.loo_title", language, instrument=instrument_name(dataset, instrument_id, language)
        ),
        barmode="group",
        xaxis={"title": {"text": translate("uncertainty.axis.delta", language)}, "zeroline": True},
        yaxis={"autorange": "reversed"},
        legend={"orientation": "h", "y": -0.15},
        height=max(360, 28 * len(rows) + 200),
        **layout(language),
    )
    return Chart(figure, data)


def _names(dataset: Dataset, scenario: Scenario, city_ids: tuple[str, ...], language: str) -> list[str]:
    return [city_name(dataset, scenario, c, language) for c in city_ids]


def _numbers(values: Iterable[float], language: str, decimals: int) -> list[str]:
    """Numbers for a "show data" table, formatted for the language (a decimal comma in ru and kk)."""
    return [format_number(float(v), language, decimals) for v in values]
