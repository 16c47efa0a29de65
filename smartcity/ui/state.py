"""Session state: the dataset and the store, the URL <-> the shared Scenario, the language, the selection.

Every page reads what the user changed with :func:`scenario` and changes it with :func:`set_scenario`;
the scenario, the interface language and the selected town are mirrored into the address bar.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import streamlit as st

from smartcity.data import load_dataset
from smartcity.errors import SmartCityError
from smartcity.files import share
from smartcity.i18n.catalog import DEFAULT_LANGUAGE, LANGUAGES
from smartcity.model import Dataset
from smartcity.scenario import Scenario
from smartcity.store import rounds as assessment_rounds
from smartcity.store import scenarios as saved_scenarios
from smartcity.views import presenter

if TYPE_CHECKING:
    import pandas as pd

SCENARIO_KEY = "scenario"
LANGUAGE_KEY = "language"
CITY_KEY = "selected_city"
WARNINGS_KEY = "url_warnings"
SURVEY_RESPONSES_KEY = "survey_responses"
"""Survey layer id -> its respondent-level responses (a pandas DataFrame, see smartcity.files.survey)."""
LANGUAGE_PARAM = "lang"
CITY_PARAM = "city"
UI_PARAMS = (presenter.PRESENT_PARAM,)
"""Query parameters that belong to the view, not the scenario; kept as they are.
(``city`` and ``lang`` are view state too, but they are written from the session.)"""


@st.cache_resource
def dataset() -> Dataset:
    """The paper's dataset, loaded once per process (immutable, so safe to share)."""
    return load_dataset()


@st.cache_resource(show_spinner=False)
def _open_store(url: str) -> saved_scenarios.ScenarioStore:
    return saved_scenarios.ScenarioStore(url)


def store() -> saved_scenarios.ScenarioStore:
    """The configured scenario store, one per database URL and process.

    Raises SmartCityError when it cannot be opened (not cached: the next run tries again).
    """
    return _open_store(saved_scenarios.database_url().render_as_string(hide_password=False))


@st.cache_resource(show_spinner=False)
def _open_round_store(url: str) -> assessment_rounds.RoundStore:
    return assessment_rounds.RoundStore(url)


def round_store() -> assessment_rounds.RoundStore:
    """The configured assessment-round store (the scenario store's database), one per URL and process."""
    return _open_round_store(saved_scenarios.database_url().render_as_string(hide_password=False))


def link_store() -> saved_scenarios.ScenarioStore | None:
    """The store that holds short links, or None when it cannot be opened (links then stay readable)."""
    try:
        return store()
    except SmartCityError:
        return None


def scenario() -> Scenario:
    """The session's scenario; on a session's first run, read from the URL (with the selected town)."""
    if SCENARIO_KEY not in st.session_state:
        params = {key: st.query_params.get(key, "") for key in st.query_params}
        restored, warnings = share.scenario_from_link(dataset(), params, link_store())
        asked = params.get(LANGUAGE_PARAM, DEFAULT_LANGUAGE)
        if asked not in LANGUAGES:
            warnings.append(SmartCityError("unknown_language", language=asked[:20]))
        st.session_state[SCENARIO_KEY] = restored
        st.session_state[WARNINGS_KEY] = warnings
        if params.get(CITY_PARAM):
            st.session_state[CITY_KEY] = params[CITY_PARAM]
    return st.session_state[SCENARIO_KEY]


def set_scenario(new: Scenario, *, write_url: bool = True) -> None:
    """Replace the session's scenario (valid: it comes from an edit operation or a codec) and mirror it
    into the URL, or leave that to the run's own :func:`sync_url` (``write_url=False``)."""
    st.session_state[SCENARIO_KEY] = new
    if write_url:
        sync_url()


def language() -> str:
    """The session's interface language (``lang=`` on the first run, then the switcher's)."""
    if LANGUAGE_KEY not in st.session_state:
        asked = st.query_params.get(LANGUAGE_PARAM, DEFAULT_LANGUAGE)
        st.session_state[LANGUAGE_KEY] = asked if asked in LANGUAGES else DEFAULT_LANGUAGE
    return st.session_state[LANGUAGE_KEY]


def set_language(chosen: str) -> None:
    """Switch the interface language and write it into the URL."""
    st.session_state[LANGUAGE_KEY] = chosen
    sync_url()


def link_params() -> dict[str, str]:
    """The URL parameters of the session: its scenario, language (left out for English) and town."""
    wanted = share.link_params(dataset(), scenario(), link_store())
    if language() != DEFAULT_LANGUAGE:
        wanted[LANGUAGE_PARAM] = language()
    city = selected_city()
    if city:
        wanted[CITY_PARAM] = city
    return wanted


def url_params() -> dict[str, str]:
    """What the address bar holds: the session's link parameters, and the view's own ones as they are."""
    wanted = link_params()
    for key in UI_PARAMS:
        if key in st.query_params:
            wanted[key] = st.query_params[key]
    return wanted


def sync_url() -> None:
    """Write the session's link parameters into the address bar, keeping the view's own ones."""
    wanted = url_params()
    current = {key: st.query_params[key] for key in st.query_params}
    if current != wanted:
        st.query_params.from_dict(wanted)


def pop_url_warnings() -> list[SmartCityError]:
    """What was wrong in the link the session was opened with (once: later calls get nothing)."""
    return st.session_state.pop(WARNINGS_KEY, [])


def selected_city() -> str | None:
    """The city the user selected on the map or a page, if it still exists."""
    city_id = st.session_state.get(CITY_KEY)
    known = {city.id for city in scenario().cities(dataset())}
    return city_id if city_id in known else None


def select_city(city_id: str | None) -> None:
    """Select a city for every page (None clears the selection)."""
    st.session_state[CITY_KEY] = city_id
    sync_url()


def set_survey_responses(layer_id: str, responses: pd.DataFrame) -> None:
    """Keep the responses behind a survey layer, for analyses that resample respondents."""
    stored = st.session_state.get(SURVEY_RESPONSES_KEY, {})
    st.session_state[SURVEY_RESPONSES_KEY] = {**stored, layer_id: responses}


def survey_responses() -> pd.DataFrame | None:
    """The responses of the newest survey layer in the scenario that has them (None if none has)."""
    stored = st.session_state.get(SURVEY_RESPONSES_KEY, {})
    for layer in reversed(scenario().layers):
        if layer.id in stored:
            return stored[layer.id]
    return None


def presenting() -> bool:
    """Whether the session is in presenter mode (``?present=1`` or the sidebar toggle)."""
    return presenter.is_on(st.query_params.get(presenter.PRESENT_PARAM))


def set_presenting(on: bool) -> None:
    """Switch presenter mode on or off (it lives in the address bar, so a link can open in it)."""
    if on:
        st.query_params[presenter.PRESENT_PARAM] = "1"
    elif presenter.PRESENT_PARAM in st.query_params:
        del st.query_params[presenter.PRESENT_PARAM]
