"""The address bar after a fragment's run: written by the page itself, not through st.query_params.

When a fragment's run changes st.query_params, Streamlit's frontend handles it as a page change (a
history entry and a state change at the app's root that redraws every element) before it draws the
fragment's new output: on the what-if page that was about a tenth of a slider move's wait. Here a small
components.v2 script replaces the address instead. The next full run's :func:`state.sync_url` writes it
through Streamlit again, so that the frontend's own copy of the query string agrees once more.
"""

from pathlib import Path
from urllib.parse import urlencode

import streamlit as st

from smartcity.ui import state

COMPONENT_KEY = "address_bar"
HIDDEN = f"<style>.st-key-{COMPONENT_KEY} {{ display: none; }}</style>"
"""The script draws nothing; set once per page (chrome.page_setup), outside any fragment."""
SCRIPT = Path(__file__).resolve().parents[2] / "static" / "address.js"

_address = st.components.v2.component("smartcity.address", js=SCRIPT.read_text(encoding="utf-8"))


def follow_session() -> None:
    """Put the session's link (scenario, language, town, the view's own parameters) in the address bar."""
    _address(key=COMPONENT_KEY, data={"query": urlencode(state.url_params())}, height=0)
