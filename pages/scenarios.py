"""Placeholder: this page is being built."""

import streamlit as st

from smartcity import ui

st.title(ui.t("page.scenarios"))
