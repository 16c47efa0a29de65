"""City profile: a town's Table 1 profile and priorities, its standing on every instrument, its radar."""

import streamlit as st

from smartcity import charts, insights, ui

ui.page_setup()

dataset, scenario, language = ui.dataset(), ui.scenario(), ui.language()

st.title(ui.t("page.profile"))
city_id = ui.pick_selected_city("profile.city")
facts = insights.city_facts(dataset, scenario, city_id, language)
if facts:
    st.markdown(ui.markdown_table([(ui.t("profile.field"), ui.t("profile.value")), *facts], numbers=False))
st.subheader(ui.t("profile.standing"))
summaries = insights.city_summaries(dataset, scenario, city_id, language)
for column, summary in zip(st.columns(len(summaries)), summaries, strict=True):
    with column:
        ui.instrument_summary(summary)
st.subheader(ui.t("profile.radars"))
instrument_id = ui.pick_instrument("profile.instrument")
ui.chart(charts.radar(dataset, scenario, instrument_id, (city_id,), language), key="profile.radar")
