"""Assessment rounds (organiser): create a round, open it with its key for live results, rounds over time."""

import streamlit as st

from smartcity.errors import SmartCityError
from smartcity.ui import (
    chrome,
    round_history,
    rounds_actions,
    rounds_create,
    rounds_open,
    rounds_results,
    rounds_timeline,
    state,
)
from smartcity.ui.flash import show_flash
from smartcity.ui.pickers import pick
from smartcity.ui.text import escape_markdown, show_error, t

chrome.page_setup("page.rounds")

"""Round id -> the organiser key checked this session (for the rounds-over-time comparison)."""


def draw_results() -> None:
    """Open a round with its key: progress, statistics, weightings, exports, use, links, import, close."""
    opened = rounds_open.chosen_round()
    if opened is None:
        return
    round_, key = opened
    st.markdown(f"### {escape_markdown(round_.title)}")
    responses = state.round_store().responses(state.dataset(), round_.id, key)
    rounds_results.progress(round_, responses)
    if responses.empty:
        st.info(t("organiser.no_responses"))
    else:
        rounds_results.statistics(responses)
        rounds_results.weightings(round_, responses)
    rounds_actions.exports(round_, responses, key)
    if key is None:  # published results: read-only
        return
    opened = st.session_state.get(round_history.OPENED_KEYS, {})
    st.session_state[round_history.OPENED_KEYS] = {**opened, round_.id: key}
    rounds_results.comments(round_.id, key)
    rounds_actions.use_results(round_, responses, "store")
    rounds_create.round_links(round_)
    rounds_actions.kobo_import(round_)
    rounds_actions.manage(round_, key)


def draw_timeline() -> None:
    """Every round in time order and the change between the last two with results."""
    rounds_timeline.timeline(st.session_state.get(round_history.OPENED_KEYS, {}))


SECTIONS = {"create": rounds_create.create_form, "results": draw_results, "timeline": draw_timeline}
"""Each section of the page and what draws it, in the order they are offered."""

st.title(t("page.rounds"))
show_flash()
try:
    state.round_store()
except SmartCityError as error:
    show_error(error)
    st.stop()
section = pick(
    "rounds_section", t("organiser.section"), list(SECTIONS), lambda s: t(f"organiser.section.{s}")
)
SECTIONS[section]()
