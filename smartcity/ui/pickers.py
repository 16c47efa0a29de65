"""Pickers: view state chosen on a page (an option, an instrument, cities, the selected town)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import streamlit as st

from smartcity import scoring
from smartcity.i18n.catalog import translate
from smartcity.i18n.labels import instrument_name
from smartcity.ui import state
from smartcity.ui.text import escaped


def pick(key: str, label: str, options: Sequence[str], format_func: Callable[[str], str] = str) -> str:
    """A segmented control choosing one option (view state, kept for the session).

    A stale choice, such as a city that no longer exists, falls back to the first option.
    Option labels render markdown, so they are escaped here (town names are user text).
    """
    if st.session_state.get(key) not in options:
        st.session_state[key] = options[0]
    chosen = st.segmented_control(
        label, options, key=key, required=True, persist_state="session", format_func=escaped(format_func)
    )
    return options[0] if chosen is None else chosen  # required: None only before the first choice


def pick_instrument(key: str, *, composite: bool = False) -> str:
    """Choose an instrument (or the composite) by its short name."""
    data, lang = state.dataset(), state.language()
    options = [*data.instrument_ids, *([scoring.COMPOSITE] if composite else [])]
    names = {option: instrument_name(data, option, lang, short=True) for option in options}
    return pick(key, translate("analysis.instrument", lang), options, names.__getitem__)


def city_names() -> dict[str, str]:
    """The scenario's cities, id -> name in the session's language (user text for added towns)."""
    lang = state.language()
    return {city.id: city.name(lang) for city in state.scenario().cities(state.dataset())}


def pick_cities(key: str) -> tuple[str, ...]:
    """A multiselect of the scenario's cities (all of them at first); cities that no longer exist drop out."""
    names = city_names()
    chosen = st.session_state.get(key)
    if chosen is None or any(city_id not in names for city_id in chosen):
        st.session_state[key] = list(names) if chosen is None else [c for c in chosen if c in names]
    return tuple(
        st.multiselect(
            translate("analysis.cities", state.language()),
            list(names),
            key=key,
            persist_state="session",
            format_func=names.__getitem__,
            placeholder=translate("polish2.choose_options", state.language()),
        )
    )


def pick_selected_city(key: str) -> str:
    """A selectbox bound to the city selected on the map or any page; a stale selection falls back."""
    names = city_names()
    city_id = state.selected_city() or next(iter(names))
    if st.session_state.get(key) != city_id:
        st.session_state[key] = city_id
    st.selectbox(
        translate("analysis.city", state.language()),
        list(names),
        key=key,
        format_func=names.__getitem__,
        on_change=lambda: state.select_city(st.session_state[key]),
    )
    return city_id
