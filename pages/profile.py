"""City profile: a town's Table 1 profile and priorities, its standing on every instrument, its radar."""

import streamlit as st

from smartcity import ui
from smartcity.views import charts

ui.page_setup()

dataset, scenario, language = ui.dataset(), ui.scenario(), ui.language()

st.title(ui.t("page.profile"))
city_id = ui.pick_selected_city("profile.city")
ui.city_profile_table(city_id)
st.subheader(ui.t("profile.standing"))
ui.city_standing(city_id, composite=True, side_by_side=True)
st.subheader(ui.t("profile.radars"))
instrument_id = ui.pick_instrument("profile.instrument")
ui.chart(charts.radar(dataset, scenario, instrument_id, (city_id,), language), key="profile.radar")
