"""What if: move any score or weight; totals, ranks and the story follow at once, on every page.

The sliders and results form a fragment: a slider move reruns them alone, not the whole app nor the
pickers above them. The results column is filled before the sliders and sent on its own, so the new
numbers are the first thing the browser gets and draws.
"""

import streamlit as st

from smartcity.scoring import COMPOSITE
from smartcity.ui import address, chrome, delivery, panels, pickers, whatif
from smartcity.ui.text import t

chrome.page_setup("page.what_if")


@st.fragment
def controls_and_results(instrument_id: str, shown: str, step: float) -> None:
    """The chosen instrument's sliders (or weights) beside its live results and story."""
    # The results get the wider column: their table has six columns with long headers in Russian and Kazakh.
    controls, outcome = st.columns([2, 3], gap="medium")
    with outcome:
        panels.results_panel((instrument_id, COMPOSITE))
        delivery.send_now()  # the new numbers before the sliders
        panels.intervals_panel(instrument_id)
    with controls:
        whatif.scenario_editor(instrument_id, shown, step)
    address.follow_session()  # after the numbers (the moves' callbacks leave the URL to the run)


st.title(t("page.what_if"))
st.caption(t("whatif.intro"))
choices = st.columns(2, gap="medium")  # halves: the pickers' option rows do not wrap
with choices[0]:
    chosen_instrument = pickers.pick_instrument("whatif.instrument")
with choices[1]:
    chosen, step = whatif.editor_choice(prefix="whatif")
controls_and_results(chosen_instrument, chosen, step)
