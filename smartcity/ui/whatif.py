"""The what-if editor: a town's score sliders on an instrument, or the weights and the method."""

from __future__ import annotations

from dataclasses import replace
from functools import partial

import streamlit as st

from smartcity import scenario as scenarios
from smartcity import scoring
from smartcity.i18n.catalog import format_percent, format_score, translate
from smartcity.i18n.labels import (
    city_name,
    indicator_description,
    indicator_name,
    instrument_name,
    method_name,
    scale_legend,
)
from smartcity.model import Dataset
from smartcity.scenario import Scenario
from smartcity.ui import state
from smartcity.ui.pickers import city_names, pick
from smartcity.ui.text import escape_markdown, show_error
from smartcity.ui.widgets import bound_choice, bound_slider, change_scenario, pending_problem, shown_value

MAX_RATING = 5
"""Importance ratings (weights) run from 0 to 5, as in the OECD Better Life Index."""
WEIGHTS_VIEW = "weights and method"
"""The scenario editor's option beside the cities (a city id never contains a space)."""


def editor_choice(prefix: str) -> tuple[str, float]:
    """What the editor shows (a city's id, or the weights and the method) and its sliders' step.

    Drawn outside the editor's fragment: a slider move then reruns no picker.
    """
    lang = state.language()
    names = {**city_names(), WEIGHTS_VIEW: translate("whatif.weights", lang)}
    shown = pick(f"{prefix}.edit", translate("whatif.edit", lang), list(names), names.__getitem__)
    if shown == WEIGHTS_VIEW:
        return shown, 1.0
    fine = st.toggle(translate("whatif.fine_step", lang), key=f"{prefix}.fine", persist_state="session")
    return shown, 0.1 if fine else 1.0


def scenario_editor(instrument_id: str, shown: str, step: float) -> None:
    """The what-if controls: a city's sliders on the instrument, or the weights and the method.

    Only the chosen city's (or the weights') widgets are drawn, which keeps a rerun light.
    """
    data, current, lang = state.dataset(), state.scenario(), state.language()
    problem = pending_problem()
    if problem:
        show_error(problem)
        st.caption(translate("whatif.last_valid", lang))
    if shown == WEIGHTS_VIEW:
        _weights_editor(data, current, lang, instrument_id)
    else:
        city_sliders(instrument_id, shown, step)
    st.button(
        translate("whatif.reset_all", lang),
        key="reset_all",
        type="primary",
        disabled=_paper_again(current) == current,
        on_click=change_scenario,
        args=(_paper_again,),
    )


def city_sliders(instrument_id: str, city_id: str, step: float = 1.0) -> None:
    """A slider per indicator of a city on the instrument, and the button that resets the city."""
    data, current, lang = state.dataset(), state.scenario(), state.language()
    _score_sliders(data, current, lang, instrument_id, city_id, step)
    _reset_city_button(data, current, lang, city_id)


def _score_sliders(
    data: Dataset, current: Scenario, lang: str, instrument_id: str, city_id: str, step: float
) -> None:
    """A slider per indicator on the instrument's scale; a value off the paper's says so in its label."""
    instrument = data.instrument(instrument_id)
    values = scoring.score(data, current).values
    for indicator_id in instrument.indicator_ids:
        key = (city_id, instrument_id, indicator_id)
        value, paper = values.get(key), data.baseline.get(key)
        label = indicator_name(data, instrument_id, indicator_id, lang)
        if value is None:
            label += " · :orange[" + translate("whatif.not_scored", lang) + "]"
        elif paper is not None and value.value != paper.value:
            paper_text = format_score(paper.value, lang)
            label += " · :orange[" + translate("whatif.paper_value", lang, value=paper_text) + "]"
        bound_slider(
            f"score.{city_id}.{instrument_id}.{indicator_id}",
            label,
            value.value if value else None,
            partial(_set_score, key=key),
            min_value=instrument.scale_min,
            max_value=instrument.scale_max,
            step=step,
            help=indicator_description(data, instrument_id, indicator_id, lang)
            + "\n\n"
            + scale_legend(lang, instrument.scale),
        )


def _reset_city_button(data: Dataset, current: Scenario, lang: str, city_id: str) -> None:
    """ "Reset <city> to the paper"; an added city, which has no paper scores, gets a note instead."""
    if not any(key[0] == city_id for key in data.baseline):
        st.caption(translate("whatif.added_city", lang))
        return
    st.button(
        translate("whatif.reset_city", lang, city=escape_markdown(city_name(data, current, city_id, lang))),
        key="reset_city",
        disabled=not any(key[0] == city_id for key, _ in current.overrides),
        on_click=change_scenario,
        args=(lambda changed: changed.reset_city(city_id),),
    )


def _weights_editor(data: Dataset, current: Scenario, lang: str, instrument_id: str) -> None:
    """The method, importance ratings 0-5 of the instrument's indicators, the composite's weights."""
    bound_choice(
        "method",
        translate("whatif.method", lang),
        scenarios.METHODS,
        current.method,
        scenarios.set_method,
        lambda method: method_name(method, lang),
    )
    st.caption(translate("whatif.weights_help", lang))
    instrument = data.instrument(instrument_id)
    ratings = {i: current.indicator_weight(instrument_id, i) for i in instrument.indicator_ids}
    # Shares of what the sliders show, held-back moves included: a label never contradicts its slider.
    shown = {i: shown_value(f"weight.{instrument_id}.{i}", rating) for i, rating in ratings.items()}
    for indicator_id, rating in ratings.items():
        label = indicator_name(data, instrument_id, indicator_id, lang)
        if sum(shown.values()):
            label += f" · {format_percent(shown[indicator_id] / sum(shown.values()) * 100, lang)}"
        bound_slider(
            f"weight.{instrument_id}.{indicator_id}",
            label,
            rating,
            partial(_set_indicator_weight, instrument_id=instrument_id, indicator_id=indicator_id),
            min_value=0,
            max_value=MAX_RATING,
            step=1,
        )
    st.markdown("**" + translate("whatif.instrument_weights", lang) + "**")
    for other in data.instrument_ids:
        bound_slider(
            f"instrument_weight.{other}",
            instrument_name(data, other, lang),
            current.instrument_weight(other),
            partial(_set_instrument_weight, instrument_id=other),
            min_value=0,
            max_value=MAX_RATING,
            step=1,
        )
    st.button(
        translate("whatif.reset_weights", lang),
        key="reset_weights",
        disabled=not (current.indicator_weights or current.instrument_weights),
        on_click=change_scenario,
        args=(lambda changed: replace(changed, indicator_weights=(), instrument_weights=()),),
    )


def _paper_again(current: Scenario) -> Scenario:
    """The paper's scores, weights and method; added cities keep the scores entered for them."""
    added = {city.id for city in current.added_cities}
    return replace(
        current,
        overrides=tuple(pair for pair in current.overrides if pair[0][0] in added),
        indicator_weights=(),
        instrument_weights=(),
        method=scenarios.DEFAULT_METHOD,
    )


def _set_score(current: Scenario, value: float, key: tuple[str, str, str]) -> Scenario:
    return scenarios.set_score(state.dataset(), current, key, round(value, 2))


def _set_indicator_weight(current: Scenario, value: float, instrument_id: str, indicator_id: str) -> Scenario:
    return scenarios.set_indicator_weight(state.dataset(), current, instrument_id, indicator_id, value)


def _set_instrument_weight(current: Scenario, value: float, instrument_id: str) -> Scenario:
    return scenarios.set_instrument_weight(state.dataset(), current, instrument_id, value)
