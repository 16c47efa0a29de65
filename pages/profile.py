"""City profile: a town's Table 1 profile and priorities, its standing on every instrument, its radar."""

import streamlit as st

from smartcity.ui import chrome, panels, pickers, profile_timeline, state
from smartcity.ui.text import t
from smartcity.views import charts

chrome.page_setup("page.profile")

dataset, scenario, language = state.dataset(), state.scenario(), state.language()

st.title(t("page.profile"))
city_id = pickers.pick_selected_city("profile.city")
panels.city_profile_table(city_id)
st.subheader(t("profile.standing"))
panels.city_standing(city_id, composite=True, side_by_side=True)
st.subheader(t("profile.radars"))
instrument_id = pickers.pick_instrument("profile.instrument")
panels.chart(charts.radar(dataset, scenario, instrument_id, (city_id,), language), key="profile.radar")
profile_timeline.town_timeline(city_id)
