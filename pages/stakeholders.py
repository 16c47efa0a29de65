"""Stakeholders: who answered the survey (Figure 1) and the cities' stakeholder insights (Table 3)."""

import streamlit as st

from smartcity.analysis import insights
from smartcity.i18n.labels import note_source, note_text
from smartcity.ui import chrome, panels, state
from smartcity.ui.text import escape_markdown, markdown_list, t
from smartcity.views import survey_charts

chrome.page_setup("page.stakeholders")

dataset, language = state.dataset(), state.language()

st.title(t("page.stakeholders"))
st.caption(t("stakeholders.intro"))
figure, notes = st.columns([3, 2], gap="large")
with figure:
    panels.chart(survey_charts.sample_donut(dataset, language), key="stakeholders.sample")
with notes:
    st.markdown(markdown_list(insights.sample_insights(dataset, language)))
    for note in dataset.notes_about("stakeholder_sample"):
        st.info(escape_markdown(note_text(note, language)), icon=":material/info:")
        st.caption(escape_markdown(note_source(note, language)))
st.subheader(t("stakeholders.table"))
panels.instrument_overview("stakeholders")
