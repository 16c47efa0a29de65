"""Panels that draw core results: live results, charts with their data, instrument and town summaries."""

from __future__ import annotations

import html
from collections.abc import Sequence

import streamlit as st

from smartcity import scoring
from smartcity.analysis import insights, uncertainty
from smartcity.i18n.catalog import translate, translate_count
from smartcity.i18n.labels import instrument_name
from smartcity.ui import cache, state
from smartcity.ui.text import PANEL_CLASS, escape_markdown, html_list, html_table, markdown_list, t
from smartcity.views import charts, uncertainty_charts

STANDING_KEY = "city_standing"
_STANDING_STYLE = f"<style>.st-key-{STANDING_KEY} > div {{ flex: 1 1 17rem; }}</style>"
"""Constant CSS: side by side, a town's standings are at least 17rem wide and wrap onto a new row,
so four fit in a row on a wide screen and two (not four cramped ones) at 1280 px."""


def results_panel(instrument_ids: Sequence[str]) -> None:
    """The live results of each instrument (a heading, a table, then the story), drawn as one HTML element
    (see :func:`html_table` for why)."""
    data, current, lang = state.dataset(), state.scenario(), state.language()
    parts = []
    for instrument_id in instrument_ids:
        title = translate("whatif.results", lang, instrument=instrument_name(data, instrument_id, lang))
        parts += [
            f"<h4>{html.escape(title)}</h4>",
            html_table(insights.results_table(data, current, instrument_id, lang)),
            html_list(insights.story(data, current, instrument_id, lang)),
        ]
    st.html(f'<div class="{PANEL_CLASS}">{"".join(parts)}</div>')


def chart(figure_and_data: charts.Chart, key: str) -> None:
    """Draw a plotly chart with its table under "show data", the chart's text alternative."""
    st.plotly_chart(figure_and_data.figure, key=key, config={"displaylogo": False}, alt=figure_and_data.alt)
    with st.expander(t("analysis.show_data")):
        st.dataframe(figure_and_data.data, hide_index=True)


def instrument_overview(instrument_id: str) -> None:
    """An instrument's table (as in the paper) as a heat table with its data, then what it says."""
    data, current, lang = state.dataset(), state.scenario(), state.language()
    changed = sum(
        1
        for key, value in scoring.score(data, current).values.items()
        if key[1] == instrument_id and (key not in data.baseline or data.baseline[key].value != value.value)
    )
    if changed:
        st.caption(translate_count("analysis.scenario_differs", changed, lang))
    chart(charts.heat_table(data, current, instrument_id, lang), key=f"heat.{instrument_id}")
    st.markdown(markdown_list(insights.instrument_insights(data, current, instrument_id, lang)))


def city_profile_table(city_id: str) -> None:
    """A town's Table 1 profile and priorities as a two-column table (user text escaped)."""
    facts = insights.city_facts(state.dataset(), state.scenario(), city_id, state.language())
    if facts:
        rows = [(t("profile.field"), t("profile.value")), *facts]
        st.html(html_table(rows, numbers=False))


def city_standing(city_id: str, *, composite: bool, side_by_side: bool) -> None:
    """A town's percent, change, rank, band, strengths and weaknesses on each instrument."""
    data = state.dataset()
    summaries = insights.city_summaries(data, state.scenario(), city_id, state.language())
    if not composite:
        summaries = summaries[: len(data.instruments)]
    if side_by_side:
        st.html(_STANDING_STYLE)
        row = st.container(horizontal=True, gap="medium", key=STANDING_KEY)
        places = [row.container(key=f"{STANDING_KEY}_{index}") for index in range(len(summaries))]
    else:
        places = [st.container() for _ in summaries]
    for place, summary in zip(places, summaries, strict=True):
        with place:
            instrument_summary(summary)


def instrument_summary(summary: insights.InstrumentSummary | str) -> None:
    """A city's standing on one instrument: percent and change, rank and band, strengths and weaknesses."""
    if isinstance(summary, str):
        st.caption(escape_markdown(summary))
        return
    # The name above the metric, not as its label: a metric's label is one line, cut with "…" when long.
    st.markdown(f"**{escape_markdown(summary.name)}**")
    st.metric(summary.name, summary.percent, delta=summary.delta, label_visibility="collapsed")
    st.caption(escape_markdown(f"{summary.rank} · {summary.band}"))
    if summary.notes:
        st.markdown(markdown_list(summary.notes))


def intervals_panel(instrument_id: str) -> None:
    """A switch that shows the results' 5-95% Monte Carlo intervals as error bars (default settings)."""
    if not st.toggle(t("whatif.intervals"), key="whatif.intervals", help=t("whatif.intervals_help")):
        return
    with st.spinner(t("uncertainty.computing")):
        summary = cache.uncertainty_summary(instrument_id)
    data, current, lang = state.dataset(), state.scenario(), state.language()
    chart(uncertainty_charts.interval_chart(data, current, summary, lang), "whatif.intervals_chart")
    settings = uncertainty.UncertaintySettings()
    st.caption(uncertainty_charts.settings_caption(settings, (current.method,), lang))
