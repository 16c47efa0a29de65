"""Radar: an instrument's indicators on the 1-5 scale, cities overlaid, the paper's scores dashed."""

import streamlit as st

from smartcity import ui
from smartcity.analysis import insights
from smartcity.views import charts

ui.page_setup()

dataset, scenario, language = ui.dataset(), ui.scenario(), ui.language()

st.title(ui.t("page.radar"))
st.caption(ui.t("radar.intro"))
instrument_id = ui.pick_instrument("radar.instrument")
city_ids = ui.pick_cities("radar.cities")
note = insights.incomplete_note(dataset, scenario, instrument_id, language)
if note:
    st.caption(ui.escape_markdown(note))
ui.chart(charts.radar(dataset, scenario, instrument_id, city_ids, language), key="radar.radar")
st.subheader(ui.t("radar.dimensions"))
ui.chart(charts.dimension_bars(dataset, scenario, instrument_id, city_ids, language), key="radar.dimensions")
st.subheader(ui.t("radar.contributions"))
st.caption(ui.t("radar.contributions_help"))
ui.chart(
    charts.contribution_bars(dataset, scenario, instrument_id, city_ids, language), key="radar.contributions"
)
