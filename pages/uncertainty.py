"""Uncertainty: how sure the scores and ranks are, what drives that, and what it takes to reach a target.

It opens with three plain sentences; the method's settings, distributions and indices are in expanders.
Every result follows the shared scenario; the Monte Carlo and the Sobol analysis are cached on the
scenario's JSON and the settings, and a spinner shows while a computation takes over half a second.
"""

import streamlit as st

from smartcity.analysis import plain_summary, sensitivity, uncertainty
from smartcity.errors import SmartCityError
from smartcity.ui import cache, chrome, panels, pickers, planner, state
from smartcity.ui.text import markdown_list, show_error, t
from smartcity.ui.uncertainty_settings import settings_panel
from smartcity.views import uncertainty_charts as charts

chrome.page_setup("page.uncertainty")


def ranks_and_pairs(summary: uncertainty.UncertaintySummary) -> None:
    """The P(rank) heat map and the P(A above B) matrix."""
    st.subheader(t("uncertainty.ranks"))
    panels.chart(charts.rank_heatmap(dataset, scenario, summary, language), "uncertainty.ranks_chart")
    st.caption(t("uncertainty.rank_note"))
    if len(summary.city_ids) > 1:
        st.subheader(t("uncertainty.above"))
        panels.chart(charts.above_matrix(dataset, scenario, summary, language), "uncertainty.above_chart")
        st.caption(t("uncertainty.above_note"))


def sobol_panel(summary: uncertainty.UncertaintySummary) -> None:
    """Sobol indices for a chosen city and result."""
    left, right = st.columns(2)
    with left:
        city_id = pickers.pick(
            "uncertainty.sensitivity_city",
            t("uncertainty.sensitivity_city"),
            summary.city_ids,
            pickers.city_names().__getitem__,
        )
    with right:
        output = pickers.pick(
            "uncertainty.sensitivity_output",
            t("uncertainty.sensitivity_output"),
            sensitivity.OUTPUTS,
            lambda o: t(f"uncertainty.output.{o}"),
        )
    with st.spinner(t("uncertainty.computing")):
        result = cache.sensitivity_of(instrument_id, city_id, output, settings)
    if result.variance == 0:
        st.info(t("uncertainty.no_variance"))
        return
    chart = charts.sensitivity_chart(dataset, scenario, result, language)
    panels.chart(chart, "uncertainty.sensitivity_chart")
    st.caption(t("uncertainty.sensitivity_note", samples=result.base_samples, seed=result.seed))


def sensitivity_panel(summary: uncertainty.UncertaintySummary) -> None:
    """Sobol indices (when anything varies), then leave-one-indicator-out."""
    st.subheader(t("uncertainty.sensitivity"))
    if summary.sources:
        sobol_panel(summary)
    else:
        st.info(t("uncertainty.no_sources"))
    st.subheader(t("uncertainty.loo"))
    rows = cache.left_out(instrument_id)
    if not rows:
        st.info(t("uncertainty.loo_none"))
        return
    chart = charts.leave_one_out_chart(dataset, scenario, rows, instrument_id, language)
    panels.chart(chart, "uncertainty.loo_chart")
    st.caption(t("uncertainty.loo_note"))


def plain_summary_lines(summary: uncertainty.UncertaintySummary) -> None:
    """The three plain sentences (the lead, the closest swap, one-point changes), then what a variation is."""
    changes = uncertainty.leader_changes(dataset, scenario, instrument_id)
    facts = plain_summary.plain_facts(summary, changes)
    st.markdown(markdown_list(plain_summary.plain_lines(dataset, scenario, facts, language)))
    st.caption(charts.variation_caption(dataset, summary, language))


dataset, scenario, language = state.dataset(), state.scenario(), state.language()

st.title(t("page.uncertainty"))
opening = st.container()  # the summary comes first, once the choices below have been read
instrument_id = pickers.pick_instrument("uncertainty.instrument", composite=True)
settings = settings_panel()
try:
    with st.spinner(t("uncertainty.computing")):
        summary = cache.uncertainty_summary(instrument_id, settings)
except SmartCityError as error:
    show_error(error)
    st.stop()
with opening:
    plain_summary_lines(summary)
with st.expander(t("plain.section.ranges")):
    st.subheader(t("uncertainty.intervals"))
    panels.chart(charts.interval_chart(dataset, scenario, summary, language), "uncertainty.intervals_chart")
with st.expander(t("plain.section.ranks")):
    ranks_and_pairs(summary)
with st.expander(t("plain.section.drivers")):
    sensitivity_panel(summary)
planner.planner_panel(instrument_id, summary.city_ids)
