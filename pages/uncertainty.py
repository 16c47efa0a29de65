"""Uncertainty: how sure the scores and ranks are, what drives that, and what it takes to reach a target.

Every result follows the shared scenario; the Monte Carlo and the Sobol analysis are cached on the
scenario's JSON and the settings, and a spinner shows while a computation takes over half a second.
"""

import math

import pandas as pd
import streamlit as st

from smartcity import ui
from smartcity.analysis import planner, sensitivity, uncertainty
from smartcity.errors import SmartCityError
from smartcity.i18n.labels import city_name, indicator_name, instrument_name, method_name
from smartcity.scenario import METHODS, from_json
from smartcity.scoring import COMPOSITE, score
from smartcity.views import uncertainty_charts as charts

ui.page_setup()

MAX_DRAWS = 100_000


@st.cache_data(max_entries=32, show_spinner=False)
def sensitivity_of(
    scenario_json: str,
    instrument_id: str,
    city_id: str,
    output: str,
    settings: uncertainty.UncertaintySettings,
    responses: pd.DataFrame | None,
) -> sensitivity.SensitivityResult:
    """Sobol indices of one city's score or rank."""
    data = ui.dataset()
    return sensitivity.scenario_sensitivity(
        data,
        from_json(data, scenario_json),
        instrument_id,
        city_id,
        settings,
        uncertainty.responses_from_survey(data, responses),
        output,
    )


@st.cache_data(max_entries=32, show_spinner=False)
def left_out(scenario_json: str, instrument_id: str) -> tuple[sensitivity.LeftOut, ...]:
    """Leave-one-indicator-out results."""
    data = ui.dataset()
    return sensitivity.leave_one_out(data, from_json(data, scenario_json), instrument_id)


@st.cache_data(max_entries=64, show_spinner=False)
def plan_of(
    scenario_json: str,
    city_id: str,
    instrument_id: str,
    target: float,
    costs: tuple[tuple[tuple[str, str], float], ...],
) -> planner.Plan:
    """The cheapest plan for a city to reach a target."""
    data = ui.dataset()
    return planner.plan(data, from_json(data, scenario_json), city_id, instrument_id, target, dict(costs))


def settings_panel() -> uncertainty.UncertaintySettings:
    """The uncertainty settings (view state kept for the session); the seed is always visible."""
    with st.expander(ui.t("uncertainty.settings")):
        first, second, third = st.columns(3)
        draws = first.number_input(
            ui.t("uncertainty.draws"),
            100,
            MAX_DRAWS,
            uncertainty.DEFAULT_DRAWS,
            step=1000,
            key="uncertainty.draws",
            persist_state="session",
        )
        seed = first.number_input(
            ui.t("uncertainty.seed"),
            0,
            2**32 - 1,
            uncertainty.DEFAULT_SEED,
            step=1,
            key="uncertainty.seed",
            help=ui.t("uncertainty.seed_help"),
            persist_state="session",
        )
        score_noise = second.slider(
            ui.t("uncertainty.score_noise"),
            0.0,
            2.0,
            uncertainty.DEFAULT_SCORE_NOISE,
            step=0.05,
            key="uncertainty.score_noise",
            help=ui.t("uncertainty.score_noise_help"),
            persist_state="session",
        )
        weight_noise = second.slider(
            ui.t("uncertainty.weight_noise"),
            0.0,
            1.0,
            uncertainty.DEFAULT_WEIGHT_NOISE,
            step=0.05,
            key="uncertainty.weight_noise",
            help=ui.t("uncertainty.weight_noise_help"),
            persist_state="session",
        )
        kind = third.radio(
            ui.t("uncertainty.weight_noise_kind"),
            uncertainty.WEIGHT_NOISE_KINDS,
            horizontal=True,
            format_func=lambda k: ui.t(f"uncertainty.kind.{k}"),
            key="uncertainty.kind",
            persist_state="session",
        )
        methods = third.multiselect(
            ui.t("uncertainty.methods"),
            METHODS,
            default=[scenario.method],
            format_func=lambda m: method_name(m, language),
            help=ui.t("uncertainty.methods_help"),
            key="uncertainty.methods",
            persist_state="session",
        )
        bootstrap = responses is not None and third.toggle(
            ui.t("uncertainty.bootstrap"),
            value=True,
            help=ui.t("uncertainty.bootstrap_help"),
            key="uncertainty.bootstrap",
            persist_state="session",
        )
        st.caption(ui.t("uncertainty.defaults_note"))
    if not methods:
        st.info(ui.t("uncertainty.no_methods"))
    chosen = tuple(m for m in METHODS if m in methods) or (scenario.method,)
    return uncertainty.UncertaintySettings(
        int(draws),
        int(seed),
        float(score_noise),
        float(weight_noise),
        kind,
        () if chosen == (scenario.method,) else chosen,
        bool(bootstrap),
    )


def intervals_and_ranks(summary: uncertainty.UncertaintySummary) -> None:
    """Error bars, the P(rank) heat map and the P(A above B) matrix."""
    st.subheader(ui.t("uncertainty.intervals"))
    ui.chart(charts.interval_chart(dataset, scenario, summary, language), "uncertainty.intervals_chart")
    st.subheader(ui.t("uncertainty.ranks"))
    ui.chart(charts.rank_heatmap(dataset, scenario, summary, language), "uncertainty.ranks_chart")
    st.caption(ui.t("uncertainty.rank_note"))
    if len(summary.city_ids) > 1:
        st.subheader(ui.t("uncertainty.above"))
        ui.chart(charts.above_matrix(dataset, scenario, summary, language), "uncertainty.above_chart")
        st.caption(ui.t("uncertainty.above_note"))


def sensitivity_panel(summary: uncertainty.UncertaintySummary) -> None:
    """Sobol indices for a chosen city and result, then leave-one-indicator-out."""
    st.subheader(ui.t("uncertainty.sensitivity"))
    if not summary.sources:
        st.info(ui.t("uncertainty.no_sources"))
    else:
        left, right = st.columns(2)
        with left:
            city_id = ui.pick(
                "uncertainty.sensitivity_city",
                ui.t("uncertainty.sensitivity_city"),
                summary.city_ids,
                city_label,
            )
        with right:
            output = ui.pick(
                "uncertainty.sensitivity_output",
                ui.t("uncertainty.sensitivity_output"),
                sensitivity.OUTPUTS,
                lambda o: ui.t(f"uncertainty.output.{o}"),
            )
        with st.spinner(ui.t("uncertainty.computing")):
            result = sensitivity_of(scenario_json, instrument_id, city_id, output, settings, responses)
        if result.variance == 0:
            st.info(ui.t("uncertainty.no_variance"))
        else:
            ui.chart(
                charts.sensitivity_chart(dataset, scenario, result, language), "uncertainty.sensitivity_chart"
            )
            st.caption(ui.t("uncertainty.sensitivity_note", samples=result.base_samples, seed=result.seed))
    st.subheader(ui.t("uncertainty.loo"))
    rows = left_out(scenario_json, instrument_id)
    if rows:
        ui.chart(
            charts.leave_one_out_chart(dataset, scenario, rows, instrument_id, language),
            "uncertainty.loo_chart",
        )
        st.caption(ui.t("uncertainty.loo_note"))
    else:
        st.info(ui.t("uncertainty.loo_none"))


def planner_panel(summary: uncertainty.UncertaintySummary) -> None:
    """The cheapest whole steps for a city to reach a target, with editable costs per indicator."""
    st.subheader(ui.t("uncertainty.planner"))
    st.caption(ui.t("uncertainty.planner_intro"))
    left, right = st.columns(2)
    with left:
        city_id = ui.pick(
            "uncertainty.planner_city", ui.t("uncertainty.planner_city"), summary.city_ids, city_label
        )
    current = score(dataset, scenario).get(city_id, instrument_id)
    with right:
        target = st.number_input(
            ui.t("uncertainty.planner_target"),
            0.0,
            100.0,
            planner.next_band_target(dataset.bands, current.percent if current else 0.0),
            step=5.0,
            key=f"uncertainty.target.{instrument_id}.{city_id}",
        )
    costs = cost_editor(city_id)
    try:
        found = plan_of(scenario_json, city_id, instrument_id, float(target), costs)
    except SmartCityError as error:
        ui.show_error(error)
        return
    st.markdown(ui.escape_markdown(planner.explain(dataset, scenario, found, language)))
    if found.reachable and found.steps:
        st.caption(ui.t("uncertainty.planner_steps"))
        st.dataframe(pd.DataFrame(planner.step_rows(dataset, found, language)), hide_index=True)


def cost_editor(city_id: str) -> tuple[tuple[tuple[str, str], float], ...]:
    """An editable table of each indicator's cost per step and whether it can change."""
    instruments = dataset.instruments if instrument_id == COMPOSITE else (dataset.instrument(instrument_id),)
    keys = [(i.id, indicator) for i in instruments for indicator in i.indicator_ids]
    values = score(dataset, scenario).values
    names = [
        (f"{instrument_name(dataset, i, language, short=True)}: " if instrument_id == COMPOSITE else "")
        + indicator_name(dataset, i, indicator, language)
        for i, indicator in keys
    ]
    columns = {name: ui.t(f"uncertainty.col.{name}") for name in ("indicator", "score", "cost", "changeable")}
    table = pd.DataFrame(
        {
            columns["indicator"]: names,
            columns["score"]: [values[(city_id, i, indicator)].value for i, indicator in keys],
            columns["cost"]: [1.0] * len(keys),
            columns["changeable"]: [True] * len(keys),
        }
    )
    with st.expander(ui.t("uncertainty.planner_costs")):
        edited = st.data_editor(
            table,
            hide_index=True,
            disabled=[columns["indicator"], columns["score"]],
            column_config={
                columns["cost"]: st.column_config.NumberColumn(min_value=0.01, step=0.5, required=True)
            },
            key=f"uncertainty.costs.{instrument_id}.{city_id}",
        )
    found = []
    for key, cost, changeable in zip(
        keys, edited[columns["cost"]], edited[columns["changeable"]], strict=True
    ):
        if not changeable:
            found.append((key, math.inf))
        elif cost is not None and not pd.isna(cost) and float(cost) != 1.0:
            found.append((key, float(cost)))
    return tuple(found)


def city_label(city_id: str) -> str:
    """A city's name for a picker (ui.pick escapes it)."""
    return city_name(dataset, scenario, city_id, language)


dataset, scenario, language = ui.dataset(), ui.scenario(), ui.language()
responses = ui.survey_responses()
scenario_json = ui.scenario_cache_key()

st.title(ui.t("page.uncertainty"))
st.caption(ui.t("uncertainty.intro"))
instrument_id = ui.pick_instrument("uncertainty.instrument", composite=True)
settings = settings_panel()
caption = charts.settings_caption(settings, settings.methods or (scenario.method,), language)
if settings.bootstrap and responses is not None:
    caption += " " + ui.t("uncertainty.caption_bootstrap")
st.caption(caption)
try:
    with st.spinner(ui.t("uncertainty.computing")):
        summary = ui.uncertainty_summary(instrument_id, settings)
except SmartCityError as error:
    ui.show_error(error)
    st.stop()
intervals_and_ranks(summary)
sensitivity_panel(summary)
planner_panel(summary)
