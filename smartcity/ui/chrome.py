"""Page chrome: page set-up, the sidebar's page links, language switcher and presenter toggle."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from smartcity.i18n.catalog import LANGUAGE_NAMES, LANGUAGES, translate
from smartcity.ui import address, landing, state
from smartcity.ui.document import declare_language
from smartcity.ui.presenter import presenter_style
from smartcity.ui.text import TABLE_STYLE, t

PAGES: tuple[tuple[str, str, str], ...] = (
    ("app.py", "page.map", ":material/map:"),
    ("pages/profile.py", "page.profile", ":material/location_city:"),
    ("pages/radar.py", "page.radar", ":material/radar:"),
    ("pages/what_if.py", "page.what_if", ":material/tune:"),
    ("pages/stakeholders.py", "page.stakeholders", ":material/groups:"),
    ("pages/governance.py", "page.governance", ":material/account_balance:"),
    ("pages/uncertainty.py", "page.uncertainty", ":material/ssid_chart:"),
    ("pages/data.py", "page.data", ":material/upload_file:"),
    ("pages/scenarios.py", "page.scenarios", ":material/bookmarks:"),
    ("pages/rounds.py", "page.rounds", ":material/how_to_vote:"),
)
"""(script, title key, icon) of every page, in sidebar order; app.py is the home page (the map)."""
PRESENTER_PAGE = "pages/present.py"
PRESENTER_TOGGLE_KEY = "presenter_toggle"
LANGUAGE_SELECT_KEY = "language_select"


def page_setup(title_key: str, presenter_view: bool = False) -> None:
    """Start every page: page config, the session's scenario, presenter mode, sidebar and URL.

    Each page script calls this first, so a page opened directly (or rerun alone) is complete; the
    tab's title names the page ("Map — Smart City Readiness").
    """
    st.set_page_config(page_title=tab_title(title_key), page_icon="🏙️", layout="wide")
    declare_language(state.language())
    state.scenario()
    if state.presenting() != presenter_view:  # entering or leaving presenter mode
        target = PRESENTER_PAGE if state.presenting() else PAGES[0][0]
        st.switch_page(target, query_params=st.query_params.to_dict())
    if presenter_view:
        presenter_style()
    st.html(TABLE_STYLE + address.HIDDEN)
    for path, link_key, icon in PAGES:
        st.sidebar.page_link(path, label=t(link_key), icon=icon)
    language_switcher()
    presenter_toggle()
    show_url_warnings()
    state.sync_url()


def tab_title(title_key: str) -> str:
    """The browser tab's title for a page: "<page> — <app>"."""
    return t("a11y.tab_title", page=t(title_key), app=t("app.title"))


def respondent_page_setup() -> None:
    """Start the questionnaire page: page config and a language switcher, no page links for respondents."""
    st.set_page_config(page_title=t("questionnaire.title"), page_icon="📝", layout="centered")
    declare_language(state.language())
    language_switcher(st.container(), _set_language_keeping_link)


def _set_language_keeping_link(chosen: str) -> None:
    st.session_state[state.LANGUAGE_KEY] = chosen
    st.query_params[state.LANGUAGE_PARAM] = chosen  # the rest of the link (round, group, token) stays


def language_switcher(
    where: DeltaGenerator = st.sidebar, set_language: Callable[[str], None] = state.set_language
) -> None:
    """A control (in the sidebar by default) that sets the session's interface language."""
    current = state.language()
    chosen = where.selectbox(
        translate("ui.language", current),
        LANGUAGES,
        index=LANGUAGES.index(current),
        format_func=LANGUAGE_NAMES.__getitem__,
        key=LANGUAGE_SELECT_KEY,
    )
    if chosen != current:
        set_language(chosen)
        st.rerun()


def presenter_toggle() -> None:
    """A sidebar toggle that starts presenter mode (the presenter view has the way back)."""
    st.sidebar.toggle(
        t("present.toggle"),
        key=PRESENTER_TOGGLE_KEY,
        help=t("present.toggle_help"),
        on_change=start_presenting_if_toggled,
    )


def start_presenting_if_toggled() -> None:
    """The presenter toggle's callback: switched on, it starts presenter mode and goes off again."""
    # The value can be missing: a page link clicked while the first run is still drawing the sidebar
    # reports the new toggle as changed before Streamlit has stored its value.
    if st.session_state.get(PRESENTER_TOGGLE_KEY):
        st.session_state[PRESENTER_TOGGLE_KEY] = False  # off again when the session leaves presenter mode
        state.set_presenting(True)


def show_url_warnings() -> None:
    """Show what the session's link changes and what was wrong in it, until the user dismisses them."""
    landing.link_notices()
