"""The survey import's parts: templates, the problem report, what was read, statistics, use and remove."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import pandas as pd
import streamlit as st

from smartcity import scenario as scenarios
from smartcity.files import survey
from smartcity.i18n.catalog import format_number
from smartcity.i18n.labels import city_name
from smartcity.scenario import Scenario, ScoreLayer
from smartcity.ui import state
from smartcity.ui.panels import chart
from smartcity.ui.pickers import pick, pick_instrument
from smartcity.ui.text import escape_markdown, t, t_count
from smartcity.ui.widgets import change_scenario
from smartcity.views import survey_charts, survey_tables

PREVIEW_ROWS = 200


def templates() -> None:
    """Formats, the missing-answer policy, and the template and example downloads."""
    with st.expander(t("survey.formats.title")):
        limit = format_number(survey.MAX_FILE_BYTES / survey.MEGABYTE, state.language())
        st.markdown(t("survey.formats.body", limit=limit))
    buttons = st.columns(3)
    buttons[0].download_button(
        t("survey.template.long"),
        survey.TEMPLATE_PATH.read_bytes(),
        file_name=survey.TEMPLATE_PATH.name,
        mime="text/csv",
        key="data.template_long",
    )
    buttons[1].download_button(
        t("survey.template.wide"),
        survey.template_csv(state.dataset(), "wide").encode(),
        file_name="survey_template_wide.csv",
        mime="text/csv",
        key="data.template_wide",
    )
    buttons[2].download_button(
        t("survey.template.example"),
        survey.EXAMPLE_PATH.read_bytes(),
        file_name=survey.EXAMPLE_PATH.name,
        mime="text/csv",
        key="data.example",
        help=t("survey.template.example_help"),
    )


def problem_report(survey_file: survey.SurveyFile) -> None:
    """Every problem of the file: where, the value, and why, in the interface language."""
    st.error(t_count("survey.report.problems", len(survey_file.problems)), icon=":material/error:")
    table = survey_tables.problem_table(survey_file, state.language())
    st.dataframe(table, hide_index=True, width="stretch", key="data.problems")
    st.info(t("survey.report.nothing_changed"))


def file_summary(survey_file: survey.SurveyFile) -> None:
    """How the file was read (format, encoding, delimiter, layout) and what was ignored."""
    lang, responses = state.language(), survey_file.responses
    st.success(
        t(
            "survey.report.ok",
            how=escape_markdown(survey_tables.how_read(survey_file, lang)),
            layout=t(f"survey.layout.{survey_file.layout}"),
            answers=format_number(survey_tables.answer_count(responses), lang),
            respondents=format_number(survey_tables.respondent_count(responses), lang),
        ),
        icon=":material/check_circle:",
    )
    if survey_file.ignored_columns:
        st.caption(
            t("survey.report.ignored", columns=escape_markdown(", ".join(survey_file.ignored_columns)))
        )


def preview(survey_file: survey.SurveyFile) -> None:
    """The first responses as read (after matching cities and groups to their ids)."""
    lang = state.language()
    with st.expander(
        t("survey.preview", rows=format_number(min(PREVIEW_ROWS, len(survey_file.responses)), lang))
    ):
        st.dataframe(
            survey_tables.preview_table(survey_file, PREVIEW_ROWS, lang), hide_index=True, width="stretch"
        )


def respondents(responses: pd.DataFrame) -> None:
    """Respondents per city and per stakeholder group."""
    st.subheader(t("survey.respondents"))
    table = survey_tables.respondent_table(responses, state.dataset(), state.scenario(), state.language())
    st.dataframe(table, width="stretch")


def statistics(aggregates: survey.Aggregates, layer: ScoreLayer) -> None:
    """n, mean, sd, 95% CI and the score that would be used, per city and indicator."""
    st.subheader(t("survey.statistics"))
    flagged = survey_tables.flagged_count(aggregates)
    if flagged:
        st.warning(t_count("survey.flagged", flagged, k=aggregates.min_answers), icon=":material/warning:")
    table = survey_tables.statistics_table(
        aggregates, layer, state.dataset(), state.scenario(), state.language()
    )
    st.dataframe(table, hide_index=True, width="stretch", key="data.statistics")


def breakdown(aggregates: survey.Aggregates, responses: pd.DataFrame) -> None:
    """The chart of mean scores by stakeholder group for one city and instrument."""
    data, lang = state.dataset(), state.language()

    def name_of(city_id: str) -> str:
        return city_name(data, state.scenario(), city_id, lang)

    st.subheader(t("survey.breakdown"))
    city_ids = [str(c) for c in responses["city"].unique()]
    choice = st.columns(2)
    with choice[0]:
        city_id = pick("data.breakdown_city", t("survey.city"), city_ids, name_of)
    with choice[1]:
        instrument_id = pick_instrument("data.breakdown_instrument")
    figure = survey_charts.group_breakdown(aggregates, data, city_id, name_of(city_id), instrument_id, lang)
    chart(figure, key="data.breakdown_chart")


def _use_layer(layer: ScoreLayer, responses: pd.DataFrame) -> None:
    """Button callback: add the survey layer to the scenario and keep its responses."""
    state.set_scenario(scenarios.add_layer(state.dataset(), state.scenario(), layer))
    state.set_survey_responses(layer.id, responses)


def accept(layer: ScoreLayer, responses: pd.DataFrame) -> None:
    """The "Use these scores" button; disabled when exactly these scores are in use already."""
    in_use = layer in state.scenario().layers
    st.button(
        t("survey.use"),
        type="primary",
        key="data.use",
        disabled=in_use,
        on_click=_use_layer,
        args=(layer, responses),
        help=t("survey.use_help"),
    )
    if in_use:
        st.success(t("survey.in_use"), icon=":material/check_circle:")


def removable(text: str, key: str, change: Callable[[Scenario], Scenario]) -> None:
    """A line of markdown with a "Remove" button that applies ``change`` to the scenario."""
    row = st.columns([4, 1])
    row[0].markdown(text)
    row[1].button(t("survey.remove"), key=key, on_click=change_scenario, args=(change,))


def active_layers() -> None:
    """Survey layers in the scenario, newest last, each removable."""
    layers = state.scenario().layers
    if not layers:
        return
    st.subheader(t("survey.layers"))
    for layer in layers:
        removable(
            t_count("survey.layer", len(layer.scores), origin=escape_markdown(layer.origin)),
            f"data.remove_layer.{layer.id}",
            partial(Scenario.without_layer, layer_id=layer.id),
        )
