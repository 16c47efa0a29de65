"""Stakeholders: who answered the survey (Figure 1) and the cities' stakeholder insights (Table 3)."""

import streamlit as st

from smartcity import ui
from smartcity.analysis import insights
from smartcity.i18n.labels import note_source, note_text
from smartcity.views import charts

ui.page_setup()

dataset, language = ui.dataset(), ui.language()

st.title(ui.t("page.stakeholders"))
st.caption(ui.t("stakeholders.intro"))
figure, notes = st.columns([3, 2], gap="large")
with figure:
    ui.chart(charts.sample_donut(dataset, language), key="stakeholders.sample")
with notes:
    st.markdown(ui.markdown_list(insights.sample_insights(dataset, language)))
    for note in dataset.notes_about("stakeholder_sample"):
        st.info(ui.escape_markdown(note_text(note, language)), icon="ℹ️")
        st.caption(ui.escape_markdown(note_source(note, language)))
st.subheader(ui.t("stakeholders.table"))
ui.instrument_overview("stakeholders")
