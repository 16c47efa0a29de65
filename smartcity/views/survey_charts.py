"""Figures of the survey: Figure 1's sample as a legible donut, and mean scores by stakeholder group."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from smartcity.files.survey import Aggregates
from smartcity.i18n.catalog import chart_separators, format_number, translate, translate_count
from smartcity.i18n.labels import group_name, indicator_name, instrument_name
from smartcity.model import Dataset
from smartcity.views import charts
from smartcity.views.charts import OKABE_ITO, Chart, plain, wrap

LABEL_COLOURS = ("#000000", "#FFFFFF")
DONUT_HOLE = 0.55
CENTRE_NUMBER_PX = 30
CENTRE_WORD_PX = 13
"""The word under the total: "респондентов", the longest, is about 90 px wide at 13 px, and the
hole is at least 140 px across wherever the donut is drawn (its column is 330 px or more)."""
SLICE_LABEL_PX = 13
CENTRE_COLOUR = "#262730"
"""Streamlit's text colour: 15:1 on white, where the theme's grey default is under 4.5:1."""


def relative_luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance of a ``#RRGGBB`` colour (0 black to 1 white)."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    red, green, blue = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2.1 contrast ratio of two ``#RRGGBB`` colours, from 1 to 21."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def label_colour(fill: str) -> str:
    """Black or white, whichever contrasts more with ``fill`` (always at least 4.58:1)."""
    return max(LABEL_COLOURS, key=lambda colour: contrast_ratio(colour, fill))


def sample_donut(dataset: Dataset, language: str) -> Chart:
    """Figure 1 as :func:`views.charts.sample_donut` draws it, made legible in every language.

    Each slice's label sits inside it in black or white, whichever contrasts more with the slice;
    the legend goes below so that the ring takes the column's width; the hole shows the total
    large with the word small under it, so that "53 респондента" stays inside.
    """
    chart = charts.sample_donut(dataset, language)
    pie = chart.figure.data[0]
    total = int(sum(pie.values))
    pie.update(
        hole=DONUT_HOLE,
        textposition="inside",
        insidetextorientation="horizontal",
        textfont={"color": [label_colour(fill) for fill in pie.marker.colors], "size": SLICE_LABEL_PX},
    )
    word = translate_count("plain.donut.respondents", total, language)
    centre = (
        f'<span style="font-size:{CENTRE_NUMBER_PX}px"><b>{format_number(total, language)}</b></span>'
        f'<br><span style="font-size:{CENTRE_WORD_PX}px">{plain(word)}</span>'
    )
    chart.figure.update_layout(
        annotations=[{"text": centre, "showarrow": False, "font": {"color": CENTRE_COLOUR}}],
        legend={"orientation": "h", "x": 0.5, "xanchor": "center", "y": -0.05, "yanchor": "top"},
        uniformtext={"minsize": SLICE_LABEL_PX - 2, "mode": "show"},
    )
    return chart


def statistics_table(
    aggregates: Aggregates, dataset: Dataset, city_id: str, instrument_id: str, language: str
) -> pd.DataFrame:
    """One city's statistics on one instrument, overall and per group, with translated headers."""
    overall = aggregates.overall.assign(stakeholder_group="")
    rows = pd.concat([overall, aggregates.by_group], ignore_index=True)
    rows = rows[(rows["city"] == city_id) & (rows["instrument"] == instrument_id)]
    everyone = translate("survey.chart.everyone", language)
    table = pd.DataFrame(
        {
            "group": [group_name(g, language, dataset) if g else everyone for g in rows["stakeholder_group"]],
            "indicator": [indicator_name(dataset, instrument_id, i, language) for i in rows["indicator"]],
        }
    )
    for name in ("n", "mean", "sd", "ci_low", "ci_high", "flagged"):
        values = rows[name]
        table[name] = (values.round(2) if values.dtype.kind == "f" else values).to_numpy()
    return table.rename(columns=lambda name: column(name, language))


def column(name: str, language: str) -> str:
    """A translated column header of the survey tables (n, mean, sd, ...)."""
    return translate(f"survey.col.{name}", language)


def group_breakdown(
    aggregates: Aggregates, dataset: Dataset, city_id: str, city_label: str, instrument_id: str, language: str
) -> Chart:
    """Mean score of each indicator per stakeholder group (bars with 95% CI), and all respondents (◆)."""
    data = statistics_table(aggregates, dataset, city_id, instrument_id, language)
    instrument = dataset.instrument(instrument_id)
    names = {
        i: wrap(indicator_name(dataset, instrument_id, i, language), 18) for i in instrument.indicator_ids
    }
    by_group = aggregates.by_group
    figure = go.Figure()
    for colour, group in zip(OKABE_ITO, dataset.group_ids, strict=False):
        rows = by_group[
            (by_group["city"] == city_id)
            & (by_group["instrument"] == instrument_id)
            & (by_group["stakeholder_group"] == group)
        ]
        if rows.empty:
            continue
        figure.add_trace(_bars(rows, names, group_name(group, language, dataset), colour, language))
    overall = aggregates.overall
    everyone = overall[(overall["city"] == city_id) & (overall["instrument"] == instrument_id)]
    figure.add_trace(
        go.Scatter(
            x=[names[i] for i in everyone["indicator"]],
            y=everyone["mean"].tolist(),
            mode="markers",
            marker={"symbol": "diamond", "size": 11, "color": "black"},
            name=translate("survey.chart.everyone", language),
            customdata=_hover(everyone, language),
            hovertemplate="%{x}<br>%{customdata}<extra>%{fullData.name}</extra>",
        )
    )
    figure.update_layout(
        title=translate(
            "survey.chart.title",
            language,
            city=plain(city_label),
            instrument=instrument_name(dataset, instrument_id, language),
        ),
        barmode="group",
        yaxis={
            "range": [0, instrument.scale_max + 0.2],
            "title": {"text": translate("survey.chart.axis", language)},
        },
        legend={"title": {"text": translate("survey.chart.legend", language)}},
        separators=chart_separators(language),
        margin={"t": 80, "l": 40, "r": 40, "b": 40},
    )
    return Chart(figure, data)


def _bars(rows: pd.DataFrame, names: dict[str, str], label: str, colour: str, language: str) -> go.Bar:
    means = rows["mean"].to_numpy()
    return go.Bar(
        x=[names[i] for i in rows["indicator"]],
        y=means.tolist(),
        name=label,
        marker={"color": colour},
        error_y={
            "type": "data",
            "symmetric": False,
            "array": (rows["ci_high"].to_numpy() - means).tolist(),
            "arrayminus": (means - rows["ci_low"].to_numpy()).tolist(),
            "thickness": 1,
        },
        customdata=_hover(rows, language),
        hovertemplate="%{x}<br>%{customdata}<extra>%{fullData.name}</extra>",
    )


def _hover(rows: pd.DataFrame, language: str) -> list[str]:
    return [
        translate(
            "survey.chart.hover",
            language,
            mean="—" if math.isnan(mean) else format_number(mean, language, 2),
            n=int(n),
        )
        for mean, n in zip(rows["mean"], rows["n"], strict=True)
    ]
