"""Governance: how the cities score on the governance challenges of Table 4, and what that says."""

import streamlit as st

from smartcity.ui import chrome, panels
from smartcity.ui.text import t

chrome.page_setup("page.governance")

st.title(t("page.governance"))
st.caption(t("governance.intro"))
st.subheader(t("governance.table"))
panels.instrument_overview("governance")
