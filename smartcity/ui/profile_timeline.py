"""A town's profile over the rounds: its percent per instrument as a line chart over the rounds'
dates, and its indicator scores round by round (the paper's survey first) with the last change."""

from __future__ import annotations

import streamlit as st

from smartcity.analysis import over_time
from smartcity.i18n.labels import city_name
from smartcity.ui import panels, state
from smartcity.ui.round_history import history
from smartcity.ui.text import t
from smartcity.views import timeline_charts


def town_timeline(city_id: str) -> None:
    """The town's rounds over time: a line per instrument and the indicator table, or a note while
    the paper's survey is the only round with the town's results this session may read."""
    data, scenario, language = state.dataset(), state.scenario(), state.language()
    st.subheader(t("over_time.profile_title"))
    rounds = history([city_id])
    if len(rounds) < 2:
        st.info(t("over_time.profile_one_round"))
        return
    town = city_name(data, scenario, city_id, language)
    percents = over_time.town_history(data, scenario, rounds, city_id)
    panels.chart(timeline_charts.percent_timeline(data, percents, town, language), key="profile.timeline")
    st.caption(t("over_time.profile_note"))
    scores = over_time.indicator_history(data, rounds, city_id)
    table = timeline_charts.indicator_table(data, scores, rounds, language)
    st.dataframe(table, hide_index=True, width="stretch", key="profile.indicator_timeline")
