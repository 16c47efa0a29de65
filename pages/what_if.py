"""What if: move any score or weight; totals, ranks and the story follow at once, on every page.

The controls and results form a fragment: a slider move reruns them alone, not the whole app. The
results column is filled before the sliders, so the new numbers are the first thing the browser gets.
"""

import streamlit as st

from smartcity.scoring import COMPOSITE
from smartcity.ui import chrome, panels, pickers, whatif
from smartcity.ui.text import t

chrome.page_setup()


@st.fragment
def controls_and_results() -> None:
    """The chosen instrument's sliders (or weights) beside its live results and story."""
    instrument_id = pickers.pick_instrument("whatif.instrument")
    controls, outcome = st.columns(2, gap="large")
    with outcome:
        panels.results_panel((instrument_id, COMPOSITE))
        panels.intervals_panel(instrument_id)
    with controls:
        whatif.scenario_editor(instrument_id, prefix="whatif")


st.title(t("page.what_if"))
st.caption(t("whatif.intro"))
controls_and_results()
