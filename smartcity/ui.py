"""The only Streamlit-aware module: session state and the URL <-> the shared Scenario.

Every page calls :func:`scenario` to read what the user changed and :func:`set_scenario`
to change it; the scenario is mirrored into the address bar so a link restores it.
"""

from __future__ import annotations

import re
from typing import Any

import streamlit as st

from smartcity import scenario as scenarios
from smartcity.data import load_dataset
from smartcity.errors import SmartCityError
from smartcity.i18n import LANGUAGE_NAMES, LANGUAGES, translate
from smartcity.model import Dataset
from smartcity.scenario import Scenario

SCENARIO_KEY = "scenario"
CITY_KEY = "selected_city"
WARNINGS_KEY = "url_warnings"
UI_PARAMS = ("city", "present")
"""Query parameters that belong to the view, not the scenario; kept as they are."""


@st.cache_resource
def dataset() -> Dataset:
    """The paper's dataset, loaded once per process (immutable, so safe to share)."""
    return load_dataset()


def scenario() -> Scenario:
    """The session's scenario; on a session's first run, read from the URL."""
    if SCENARIO_KEY not in st.session_state:
        params = {key: st.query_params.get(key, "") for key in st.query_params}
        restored, warnings = scenarios.from_query(dataset(), params)
        st.session_state[SCENARIO_KEY] = restored
        st.session_state[WARNINGS_KEY] = warnings
        if params.get("city"):
            st.session_state[CITY_KEY] = params["city"]
    return st.session_state[SCENARIO_KEY]


def set_scenario(new: Scenario) -> None:
    """Replace the session's scenario (validated) and mirror it into the URL."""
    scenarios.validate(dataset(), new)
    st.session_state[SCENARIO_KEY] = new
    sync_url()


def sync_url() -> None:
    """Write the scenario (and the selected city) into the address bar, compactly."""
    wanted = scenarios.to_query(dataset(), scenario())
    for key in UI_PARAMS:
        if key in st.query_params:
            wanted[key] = st.query_params[key]
    city = selected_city()
    if city:
        wanted["city"] = city
    current = {key: st.query_params[key] for key in st.query_params}
    if current != wanted:
        st.query_params.from_dict(wanted)


def language() -> str:
    """The interface language of the session's scenario."""
    return scenario().language


def t(key: str, /, **params: Any) -> str:
    """Translate ``key`` into the session's language."""
    return translate(key, language(), **params)


def selected_city() -> str | None:
    """The city the user selected on the map or a page, if it still exists."""
    city_id = st.session_state.get(CITY_KEY)
    known = {city.id for city in scenario().cities(dataset())}
    return city_id if city_id in known else None


def select_city(city_id: str | None) -> None:
    """Select a city for every page (None clears the selection)."""
    st.session_state[CITY_KEY] = city_id
    sync_url()


def show_url_warnings() -> None:
    """Show, once, what was wrong in the link the session was opened with."""
    for warning in st.session_state.pop(WARNINGS_KEY, []):
        st.warning(t("ui.link_warning", problem=warning.message(language())), icon="⚠️")


def show_error(error: SmartCityError) -> None:
    """Show a SmartCityError in the user's language, without a traceback."""
    st.error(error.message(language()), icon="🚫")


def language_switcher() -> None:
    """A sidebar control that sets the scenario's language."""
    current = language()
    chosen = st.sidebar.selectbox(
        translate("ui.language", current),
        LANGUAGES,
        index=LANGUAGES.index(current),
        format_func=LANGUAGE_NAMES.__getitem__,
        key="language_select",
    )
    if chosen != current:
        set_scenario(scenarios.replace_language(scenario(), chosen))
        st.rerun()


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~:$])")


def escape_markdown(text: str) -> str:
    """Escape user text for st.markdown, so names like ``<img ...>`` or ``[x](javascript:)`` show as text."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)
