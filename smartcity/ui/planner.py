"""The target planner: a town, a target percent and editable costs, then the cheapest whole steps."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from smartcity.analysis import planner
from smartcity.errors import SmartCityError
from smartcity.scoring import score
from smartcity.ui import cache, state
from smartcity.ui.pickers import city_names, pick
from smartcity.ui.text import escape_markdown, show_error, t
from smartcity.views import uncertainty_tables

TARGET_STEP = 5.0
MIN_COST = 0.01
COST_STEP = 0.5


def planner_panel(instrument_id: str, city_ids: tuple[str, ...]) -> None:
    """The cheapest whole steps for a city to reach a target, with editable costs per indicator."""
    data, current, lang = state.dataset(), state.scenario(), state.language()
    names = city_names()
    st.subheader(t("uncertainty.planner"))
    st.caption(t("uncertainty.planner_intro"))
    left, right = st.columns(2)
    with left:
        city_id = pick(
            "uncertainty.planner_city",
            t("uncertainty.planner_city"),
            city_ids,
            names.__getitem__,
        )
    result = score(data, current).get(city_id, instrument_id)
    with right:
        target = st.number_input(
            t("uncertainty.planner_target"),
            0.0,
            100.0,
            planner.next_band_target(data.bands, result.percent if result else 0.0),
            step=TARGET_STEP,
            key=f"uncertainty.target.{instrument_id}.{city_id}",
        )
    costs = cost_editor(instrument_id, city_id)
    try:
        found = cache.plan_of(city_id, instrument_id, float(target), costs)
    except SmartCityError as error:
        show_error(error)
        return
    st.markdown(escape_markdown(planner.explain(data, current, found, lang)))
    if found.reachable and found.steps:
        st.caption(t("uncertainty.planner_steps"))
        st.dataframe(pd.DataFrame(planner.step_rows(data, found, lang)), hide_index=True)


def cost_editor(instrument_id: str, city_id: str) -> uncertainty_tables.Costs:
    """An editable table of each indicator's cost per step and whether it can change."""
    table = uncertainty_tables.cost_table(
        state.dataset(), state.scenario(), city_id, instrument_id, state.language()
    )
    with st.expander(t("uncertainty.planner_costs")):
        edited = st.data_editor(
            table.frame,
            hide_index=True,
            disabled=[table.indicator, table.score],
            column_config={
                table.cost: st.column_config.NumberColumn(min_value=MIN_COST, step=COST_STEP, required=True)
            },
            key=f"uncertainty.costs.{instrument_id}.{city_id}",
        )
    return uncertainty_tables.edited_costs(table, edited)
