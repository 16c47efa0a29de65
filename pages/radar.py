"""Radar: an instrument's indicators on the 1-5 scale, cities overlaid, the paper's scores dashed."""

import streamlit as st

from smartcity.analysis import insights
from smartcity.ui import chrome, panels, pickers, state
from smartcity.ui.text import escape_markdown, t
from smartcity.views import charts

chrome.page_setup("page.radar")

dataset, scenario, language = state.dataset(), state.scenario(), state.language()

st.title(t("page.radar"))
st.caption(t("radar.intro"))
instrument_id = pickers.pick_instrument("radar.instrument")
city_ids = pickers.pick_cities("radar.cities")
note = insights.incomplete_note(dataset, scenario, instrument_id, language)
if note:
    st.caption(escape_markdown(note))
panels.chart(charts.radar(dataset, scenario, instrument_id, city_ids, language), key="radar.radar")
st.subheader(t("radar.dimensions"))
panels.chart(
    charts.dimension_bars(dataset, scenario, instrument_id, city_ids, language), key="radar.dimensions"
)
st.subheader(t("radar.contributions"))
st.caption(t("radar.contributions_help"))
panels.chart(
    charts.contribution_bars(dataset, scenario, instrument_id, city_ids, language), key="radar.contributions"
)
