"""The Monte Carlo settings panel: draws, seed, noises, methods and the respondent bootstrap."""

from __future__ import annotations

import streamlit as st

from smartcity.analysis import uncertainty
from smartcity.i18n.labels import method_name
from smartcity.scenario import METHODS
from smartcity.ui import state
from smartcity.ui.text import t
from smartcity.views.uncertainty_charts import settings_caption
from smartcity.views.uncertainty_tables import varied_methods

MIN_DRAWS = 100
MAX_DRAWS = 100_000
MAX_SEED = 2**32 - 1
MAX_SCORE_NOISE = 2.0
MAX_WEIGHT_NOISE = 1.0
NOISE_STEP = 0.05


def settings_panel() -> uncertainty.UncertaintySettings:
    """The uncertainty settings (view state kept for the session); the seed is always visible."""
    method, bootstrap_possible = state.scenario().method, state.survey_responses() is not None
    with st.expander(t("plain.section.settings")):
        st.caption(t("uncertainty.intro"))
        first, second, third = st.columns(3)
        draws = first.number_input(
            t("uncertainty.draws"),
            MIN_DRAWS,
            MAX_DRAWS,
            uncertainty.DEFAULT_DRAWS,
            step=1000,
            key="uncertainty.draws",
            persist_state="session",
        )
        seed = first.number_input(
            t("uncertainty.seed"),
            0,
            MAX_SEED,
            uncertainty.DEFAULT_SEED,
            step=1,
            key="uncertainty.seed",
            help=t("uncertainty.seed_help"),
            persist_state="session",
        )
        score_noise = second.slider(
            t("uncertainty.score_noise"),
            0.0,
            MAX_SCORE_NOISE,
            uncertainty.DEFAULT_SCORE_NOISE,
            step=NOISE_STEP,
            key="uncertainty.score_noise",
            help=t("uncertainty.score_noise_help"),
            persist_state="session",
        )
        weight_noise = second.slider(
            t("uncertainty.weight_noise"),
            0.0,
            MAX_WEIGHT_NOISE,
            uncertainty.DEFAULT_WEIGHT_NOISE,
            step=NOISE_STEP,
            key="uncertainty.weight_noise",
            help=t("uncertainty.weight_noise_help"),
            persist_state="session",
        )
        kind = third.radio(
            t("uncertainty.weight_noise_kind"),
            uncertainty.WEIGHT_NOISE_KINDS,
            horizontal=True,
            format_func=lambda k: t(f"uncertainty.kind.{k}"),
            key="uncertainty.kind",
            persist_state="session",
        )
        methods = third.pills(  # pills wrap a long name; a multiselect's chip cuts it short
            t("uncertainty.methods"),
            METHODS,
            selection_mode="multi",
            default=[method],
            format_func=lambda m: method_name(m, state.language()),
            help=t("uncertainty.methods_help"),
            key="uncertainty.methods",
            persist_state="session",
        )
        bootstrap = bootstrap_possible and third.toggle(
            t("uncertainty.bootstrap"),
            value=True,
            help=t("uncertainty.bootstrap_help"),
            key="uncertainty.bootstrap",
            persist_state="session",
        )
        st.caption(t("uncertainty.defaults_note"))
        if not methods:
            st.info(t("uncertainty.no_methods"))
        chosen = uncertainty.UncertaintySettings(
            int(draws),
            int(seed),
            float(score_noise),
            float(weight_noise),
            kind,
            varied_methods(methods, method),
            bool(bootstrap),
        )
        st.caption(settings_line(chosen))
    return chosen


def settings_line(settings: uncertainty.UncertaintySettings) -> str:
    """The settings in one line, seed included, so that a workshop can reproduce a figure."""
    methods = settings.methods or (state.scenario().method,)
    line = settings_caption(settings, methods, state.language())
    if settings.bootstrap and state.survey_responses() is not None:
        line += " " + t("uncertainty.caption_bootstrap")
    return line
