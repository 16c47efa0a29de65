"""What the organiser does with a round: exports, "use these results", Kobo/ODK import, close, publish."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from smartcity import scenario as scenarios
from smartcity.analysis import consensus
from smartcity.errors import SmartCityError
from smartcity.files import kobo, round_export, xlsform
from smartcity.store.rounds import Round
from smartcity.ui import state, uploads
from smartcity.ui.flash import flash, flash_error
from smartcity.ui.text import escape_markdown, show_error, t, t_count
from smartcity.views import round_tables

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def exports(round_: Round, responses: pd.DataFrame, key: str | None) -> None:
    """The responses as CSV and XLSX (with the comments for the organiser), and the XLSForm."""
    st.subheader(t("organiser.exports"))
    comments = state.round_store().comments(round_.id, key) if key else None
    towns = state.scenario().cities(state.dataset())
    files = {
        "csv": (lambda: round_export.responses_csv(responses), "text/csv", "responses.csv"),
        "xlsx": (lambda: round_export.responses_xlsx(responses, comments), XLSX_MIME, "responses.xlsx"),
        "xlsform": (lambda: xlsform.xlsform_bytes(state.dataset(), round_, towns), XLSX_MIME, "xlsform.xlsx"),
    }
    for column, (kind, (content, mime, name)) in zip(st.columns(len(files)), files.items(), strict=True):
        try:
            data = content()
        except SmartCityError as error:  # e.g. a town of the round no longer in the scenario
            with column:
                show_error(error)
            continue
        column.download_button(
            t(f"organiser.export.{kind}"),
            data,
            file_name=f"round_{round_.id}_{name}",
            mime=mime,
            on_click="ignore",
            key=f"rounds.export.{kind}",
        )


def _use(round_: Round, responses: pd.DataFrame) -> None:
    """Button callback: the round's means become a survey layer of the scenario."""
    layer = consensus.round_layer(round_, responses)
    try:
        state.set_scenario(scenarios.add_layer(state.dataset(), state.scenario(), layer))
    except SmartCityError as error:
        flash_error(error)
        return
    state.set_survey_responses(layer.id, responses)
    flash("success", t("organiser.used", origin=escape_markdown(layer.origin)))


def use_results(round_: Round, responses: pd.DataFrame, key: str) -> None:
    """The "Use these results" button (disabled while this round's layer is in the scenario)."""
    in_use = any(layer.id == f"round-{round_.id}" for layer in state.scenario().layers)
    st.button(
        t("organiser.use"),
        type="primary",
        key=f"rounds.use.{key}",
        disabled=in_use or responses.empty,
        on_click=_use,
        args=(round_, responses),
        help=t("organiser.use_help"),
    )
    if in_use:
        st.caption(t("organiser.in_use"))


def kobo_import(round_: Round) -> None:
    """A filled Kobo/ODK export of the round's form: every problem listed, or its results to use."""
    st.subheader(t("organiser.kobo"))
    upload = uploads.file_uploader(t("organiser.kobo_upload"), ("csv", "xlsx"), key="rounds.kobo_file")
    if upload is None:
        return
    towns = state.scenario().cities(state.dataset())
    responses, problems = kobo.read_kobo(state.dataset(), upload.getvalue(), upload.name, towns)
    if responses is None:
        st.error(t_count("survey.report.problems", len(problems)), icon=":material/error:")
        unit = "row" if upload.name.lower().endswith(".xlsx") else "line"
        table = round_tables.problems_table(problems, unit, state.language())
        st.dataframe(table, hide_index=True, width="stretch", key="rounds.kobo_problems")
        st.info(t("survey.report.nothing_changed"))
        return
    st.success(
        t("organiser.kobo_ok", count=responses["respondent_id"].nunique()), icon=":material/check_circle:"
    )
    use_results(round_, responses, "kobo")


def _close(round_id: str, key: str) -> None:
    try:
        state.round_store().close_round(round_id, key)
        flash("success", t("organiser.closed_now"))
    except SmartCityError as error:
        flash_error(error)


def _publish(round_id: str, key: str, published: bool) -> None:
    try:
        state.round_store().publish(round_id, key, published)
        flash("success", t("organiser.published_now" if published else "organiser.withdrawn_now"))
    except SmartCityError as error:
        flash_error(error)


def manage(round_: Round, key: str) -> None:
    """Close the round (frozen, still readable) and publish or withdraw its results."""
    st.subheader(t("organiser.manage"))
    buttons = st.columns(2)
    if round_.closed_at is not None:
        buttons[0].info(t("organiser.is_closed", day=round_.closed_at.date().isoformat()))
    else:
        buttons[0].button(t("organiser.close"), key="rounds.close", on_click=_close, args=(round_.id, key))
    label = "organiser.withdraw" if round_.published else "organiser.publish"
    buttons[1].button(
        t(label), key="rounds.publish", on_click=_publish, args=(round_.id, key, not round_.published)
    )
