"""Cached analyses: Monte Carlo, Sobol, leave-one-out and the planner, keyed on the scenario's JSON.

The results are immutable and free of language, so every session with the same scenario shares them.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from smartcity import scenario as scenarios
from smartcity.analysis import planner, sensitivity, uncertainty
from smartcity.ui import state
from smartcity.views.uncertainty_tables import Costs


def scenario_key() -> str:
    """The session's scenario as JSON: the key of the cached results."""
    return scenarios.to_json(state.scenario())


@st.cache_data(max_entries=32, show_spinner=False)
def _uncertainty(
    scenario_json: str,
    instrument_id: str,
    settings: uncertainty.UncertaintySettings,
    responses: pd.DataFrame | None,
) -> uncertainty.UncertaintySummary:
    data = state.dataset()
    respondents = uncertainty.responses_from_survey(data, responses)
    return uncertainty.uncertainty_summary(
        data, scenarios.from_json(data, scenario_json), instrument_id, settings, respondents
    )


def uncertainty_summary(
    instrument_id: str, settings: uncertainty.UncertaintySettings | None = None
) -> uncertainty.UncertaintySummary:
    """The Monte Carlo summary of the session's scenario, cached per scenario, settings and survey."""
    chosen = settings or uncertainty.UncertaintySettings()
    return _uncertainty(scenario_key(), instrument_id, chosen, state.survey_responses())


@st.cache_data(max_entries=32, show_spinner=False)
def _sensitivity(
    scenario_json: str,
    instrument_id: str,
    city_id: str,
    output: str,
    settings: uncertainty.UncertaintySettings,
    responses: pd.DataFrame | None,
) -> sensitivity.SensitivityResult:
    data = state.dataset()
    respondents = uncertainty.responses_from_survey(data, responses)
    return sensitivity.scenario_sensitivity(
        data, scenarios.from_json(data, scenario_json), instrument_id, city_id, settings, respondents, output
    )


def sensitivity_of(
    instrument_id: str, city_id: str, output: str, settings: uncertainty.UncertaintySettings
) -> sensitivity.SensitivityResult:
    """Sobol indices of one city's score or rank under the session's scenario and survey."""
    return _sensitivity(scenario_key(), instrument_id, city_id, output, settings, state.survey_responses())


@st.cache_data(max_entries=32, show_spinner=False)
def _left_out(scenario_json: str, instrument_id: str) -> tuple[sensitivity.LeftOut, ...]:
    data = state.dataset()
    return sensitivity.leave_one_out(data, scenarios.from_json(data, scenario_json), instrument_id)


def left_out(instrument_id: str) -> tuple[sensitivity.LeftOut, ...]:
    """Leave-one-indicator-out results of the session's scenario."""
    return _left_out(scenario_key(), instrument_id)


@st.cache_data(max_entries=64, show_spinner=False)
def _plan(scenario_json: str, city_id: str, instrument_id: str, target: float, costs: Costs) -> planner.Plan:
    data = state.dataset()
    current = scenarios.from_json(data, scenario_json)
    return planner.plan(data, current, city_id, instrument_id, target, dict(costs))


def plan_of(city_id: str, instrument_id: str, target: float, costs: Costs) -> planner.Plan:
    """The cheapest plan for a city of the session's scenario to reach a target."""
    return _plan(scenario_key(), city_id, instrument_id, target, costs)
