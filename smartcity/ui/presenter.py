"""Presenter mode's styling: large type, and Streamlit's sidebar, header and toolbar hidden."""

import streamlit as st

CSS = """
<style>
  html { font-size: 22px; }
  section[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
  [data-testid="stSidebarNav"], header[data-testid="stHeader"], [data-testid="stToolbar"],
  [data-testid="stDecoration"], [data-testid="stStatusWidget"], footer { display: none !important; }
  [data-testid="stMainBlockContainer"] { max-width: 96vw; padding: 1.2rem 1.5rem 1rem; }
  h1 { font-size: 2.6rem !important; }
  h2 { font-size: 2rem !important; }
  [data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li { font-size: 1.25rem; }
  .st-key-present_keys { display: none; }
  [data-testid="stBaseButton-secondary"], [data-testid="stBaseButton-primary"] { font-size: 1.2rem; }
</style>
"""
"""Constant CSS (no user text) against Streamlit's own element test ids."""


def presenter_style() -> None:
    """Apply the presenter's styling to the page."""
    st.markdown(CSS, unsafe_allow_html=True)
