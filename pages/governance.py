"""Governance: how the cities score on the governance challenges of Table 4, and what that says."""

import streamlit as st

from smartcity import ui

ui.page_setup()

st.title(ui.t("page.governance"))
st.caption(ui.t("governance.intro"))
st.subheader(ui.t("governance.table"))
ui.instrument_overview("governance")
