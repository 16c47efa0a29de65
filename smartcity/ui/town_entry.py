"""Adding a town: pick a GeoNames town or give a point, enter its scores, add it; the added list."""

from __future__ import annotations

from functools import partial

import streamlit as st

from smartcity import cities, town_form
from smartcity.errors import SmartCityError
from smartcity.i18n.catalog import LANGUAGES, format_number
from smartcity.i18n.labels import indicator_name, instrument_name
from smartcity.scenario import Scenario
from smartcity.ui import state
from smartcity.ui.survey_import import removable
from smartcity.ui.text import escape_markdown, show_error, t, t_count

Place = tuple[int | None, dict[str, str], float | None, float | None]
"""(GeoNames id, names by language, latitude, longitude) as entered."""


def place_inputs() -> Place:
    """The place of the new city: a GeoNames town, or names and coordinates.

    Drawn in one container, so that the score inputs after it keep their place on the page
    whatever it holds, and a score typed while a choice reruns the page is not lost.
    """
    mode = st.segmented_control(
        t("survey.city.mode"),
        ["town", "point"],
        default="town",
        format_func=lambda m: t(f"survey.city.mode_{m}"),
        key="data.city_mode",
    )
    with st.container():
        return point_inputs() if mode == "point" else town_inputs()


def point_inputs() -> Place:
    """A place given by its names and coordinates."""
    names = {
        lang: st.text_input(t(f"survey.city.name_{lang}"), key=f"data.point_name_{lang}")
        for lang in LANGUAGES
    }
    place = st.columns(2)
    latitude = place[0].number_input(t("survey.city.latitude"), value=None, format="%.5f", key="data.lat")
    longitude = place[1].number_input(t("survey.city.longitude"), value=None, format="%.5f", key="data.lon")
    return None, names, latitude, longitude


def town_inputs() -> Place:
    """A bundled GeoNames town, the list filtered as the user types (any part of its name in any of
    the three languages, its region or population), and its names (suggested, editable)."""
    labels = town_form.town_choices(state.language())
    geonameid = st.selectbox(
        t("survey.city.search", count=format_number(len(labels), state.language())),
        list(labels),
        index=None,
        format_func=labels.__getitem__,
        placeholder=t("polish2.town_placeholder"),
        filter_mode="contains",
        key="data.town",
    )
    if geonameid is None:
        return None, {}, None, None
    suggested = cities.suggested_names(cities.town(geonameid))
    names = {
        code: st.text_input(
            t(f"survey.city.name_{code}"), value=suggested[code], key=f"data.town_name_{code}.{geonameid}"
        )
        for code in LANGUAGES
    }
    return geonameid, names, None, None


def score_inputs() -> list[town_form.EnteredScore]:
    """One input per indicator on the instrument's scale (blank: import the scores later from a file)."""
    data, lang = state.dataset(), state.language()
    entered = []
    for place, instrument in zip(st.columns(len(data.instruments)), data.instruments, strict=True):
        place.markdown(f"**{instrument_name(data, instrument.id, lang)}**")
        for indicator_id in instrument.indicator_ids:
            value = place.number_input(
                indicator_name(data, instrument.id, indicator_id, lang),
                min_value=instrument.scale_min,
                max_value=instrument.scale_max,
                value=None,
                step=1.0,
                key=f"data.new_score.{instrument.id}.{indicator_id}",
            )
            entered.append((instrument.id, indicator_id, value))
    return entered


def add_town(place: Place, scores: list[town_form.EnteredScore]) -> None:
    """Check and add the town with the scores entered; show why when it cannot be added."""
    current = state.scenario()
    try:
        city = town_form.town_from_form(*place, current.cities(state.dataset()))
        state.set_scenario(town_form.with_town(state.dataset(), current, city, scores))
    except SmartCityError as error:
        show_error(error)
        return
    state.select_city(city.id)
    st.success(
        t("survey.city.added", name=escape_markdown(city.name(state.language()))),
        icon=":material/check_circle:",
    )
    missing = sum(1 for *_, value in scores if value is None)
    if missing:
        st.info(t_count("survey.city.missing_scores", missing))


def added_towns() -> None:
    """The towns the user added, each removable with its scores."""
    added = state.scenario().added_cities
    if not added:
        return
    st.subheader(t("survey.city.added_list"))
    for city in added:
        removable(
            escape_markdown(city.name(state.language())) + f" · `{city.id}`",
            f"data.remove_city.{city.id}",
            partial(Scenario.without_city, city_id=city.id),
        )
