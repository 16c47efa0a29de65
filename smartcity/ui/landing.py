"""Where a shared link lands: a banner saying what the link changes, and the link's warnings, kept on
screen (across reruns and pages) until the user dismisses them."""

from __future__ import annotations

from functools import lru_cache

import streamlit as st

from smartcity.analysis.change_summary import link_banner_lines
from smartcity.errors import SmartCityError
from smartcity.files import share
from smartcity.model import Dataset
from smartcity.scenario import Scenario
from smartcity.ui import state
from smartcity.ui.text import escape_markdown, markdown_list, t

LINKED_KEY = "landing_linked_scenario"
"""The scenario the session's link brought, while its banner stands (None once dismissed or left)."""
KEPT_WARNINGS_KEY = "landing_link_warnings"
"""What was wrong in the session's link, until dismissed."""


def link_notices() -> None:
    """At the top of every page: the link's banner while the session holds its scenario, and its warnings."""
    if LINKED_KEY not in st.session_state:  # the session's first run: is it opened from a link?
        linked = share.carries_scenario(list(st.query_params)) and bool(_banner_lines())
        st.session_state[LINKED_KEY] = state.scenario() if linked else None
    st.session_state[KEPT_WARNINGS_KEY] = [
        *st.session_state.get(KEPT_WARNINGS_KEY, []),
        *state.pop_url_warnings(),
    ]
    link_banner()
    link_warnings()


def _banner_lines() -> tuple[str, ...]:
    return _cached_banner_lines(state.dataset(), state.scenario(), state.language())


@lru_cache(maxsize=64)
def _cached_banner_lines(dataset: Dataset, scenario: Scenario, language: str) -> tuple[str, ...]:
    """The banner's lines, computed once per scenario and language (a nationwide link takes 0.2 s)."""
    return tuple(link_banner_lines(dataset, scenario, language))


def link_banner() -> None:
    """What the link changes against the paper, with a way back to the paper and a way to close it."""
    linked = st.session_state.get(LINKED_KEY)
    if linked is None:
        return
    if linked != state.scenario():  # the user changed it since: the banner no longer describes it
        st.session_state[LINKED_KEY] = None
        return
    if state.presenting():  # a slide shows no controls
        return
    st.info(f"**{t('landing.title')}**\n\n{markdown_list(_banner_lines())}", icon=":material/link:")
    with st.container(horizontal=True):
        st.button(t("landing.back"), key="landing_back", icon=":material/undo:", on_click=_back_to_paper)
        st.button(t("landing.keep"), key="landing_keep", icon=":material/close:", on_click=_close_banner)


def _back_to_paper() -> None:
    state.set_scenario(Scenario())
    _close_banner()


def _close_banner() -> None:
    st.session_state[LINKED_KEY] = None


def link_warnings() -> None:
    """What was wrong in the session's link, each warning in the current language, with a close button."""
    kept: list[SmartCityError] = st.session_state.get(KEPT_WARNINGS_KEY, [])
    if not kept:
        return
    for warning in kept:
        problem = escape_markdown(warning.message(state.language()))  # it quotes the link's (untrusted) text
        st.warning(t("ui.link_warning", problem=problem), icon=":material/warning:")
    st.button(
        t("landing.dismiss_warnings"),
        key="link_warnings_dismiss",
        icon=":material/close:",
        type="tertiary",
        on_click=_dismiss_warnings,
    )


def _dismiss_warnings() -> None:
    st.session_state[KEPT_WARNINGS_KEY] = []
