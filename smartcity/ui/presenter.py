"""Presenter mode's styling: type that scales with the window; Streamlit's sidebar, header, toolbar hidden."""

import streamlit as st

from smartcity.views.presenter_layout import (
    BAR_REM,
    PADDING_BOTTOM_REM,
    PADDING_TOP_REM,
    ROOT_FONT_VH,
    ROOT_FONT_VW,
    WHAT_IF_TYPE,
)

CSS = f"""
<style>
  html {{ font-size: min({ROOT_FONT_VH}vh, {ROOT_FONT_VW}vw); }}
  section[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
  [data-testid="stSidebarNav"], header[data-testid="stHeader"], [data-testid="stToolbar"],
  [data-testid="stDecoration"], [data-testid="stStatusWidget"], footer {{ display: none !important; }}
  [data-testid="stMainBlockContainer"] {{
    max-width: 100%; padding: {PADDING_TOP_REM}rem 1.5rem {PADDING_BOTTOM_REM}rem;
  }}
  .st-key-present_keys, .st-key-present_viewport,
  [data-testid="stElementContainer"]:has(> [data-testid="stMarkdown"] style) {{ display: none; }}
  .st-key-present_bar {{ height: {BAR_REM}rem !important; overflow: hidden; }}
  .st-key-present_bar [data-testid="stMarkdownContainer"] {{ margin-bottom: 0 !important; }}
  .st-key-present_bar h2 {{
    font-size: 1.5rem !important; padding: 0 !important; margin: 0;
    white-space: nowrap; overflow: hidden; text-overflow: ellipsis;
  }}
  .st-key-present_bar p {{ font-size: 0.9rem; white-space: nowrap; margin: 0; }}
  .st-key-present_bar button {{ min-height: 2rem; padding: 0.2rem 0.7rem; }}
  .st-key-present_bar button p {{ font-size: 0.8rem; }}
  [data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li,
  [data-testid="stMarkdownContainer"] td, [data-testid="stMarkdownContainer"] th {{ font-size: 1rem; }}
  .st-key-present_what_if li, .st-key-present_what_if p, .st-key-present_what_if td,
  .st-key-present_what_if th {{ font-size: {WHAT_IF_TYPE}rem; }}
  .st-key-present_conclusions li {{ font-size: 1.6rem; margin-bottom: 0.5rem; }}
</style>
"""
"""Constant CSS (no user text) against Streamlit's own element test ids and the page's keyed containers."""


def presenter_style() -> None:
    """Apply the presenter's styling to the page."""
    st.markdown(CSS, unsafe_allow_html=True)
