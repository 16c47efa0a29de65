"""A round's live results: progress against targets, indicator statistics, Kendall's W, the two weightings."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import streamlit as st

from smartcity.analysis import consensus
from smartcity.files.survey import DEFAULT_MIN_ANSWERS
from smartcity.i18n.labels import city_name
from smartcity.store.rounds import Round
from smartcity.ui import state
from smartcity.ui.text import escape_markdown, t
from smartcity.views import round_tables


def progress(round_: Round, responses: pd.DataFrame) -> None:
    """Respondents per stakeholder group against the round's targets, as progress bars."""
    st.subheader(t("organiser.progress_title"))
    table = consensus.group_progress(responses, round_)
    for name, fill, text in round_tables.progress_rows(table, state.language()):
        st.progress(fill, text=f"{escape_markdown(name)}: {text}")


def statistics(responses: pd.DataFrame) -> None:
    """Per indicator: mean with its 95% CI, n, IQR, share within ±1 of the median, too-few flag."""
    data, lang = state.dataset(), state.language()
    st.subheader(t("organiser.statistics"))
    table = consensus.indicator_statistics(responses)
    flagged = int(table["flagged"].sum())
    if flagged:
        st.warning(t("organiser.flagged", count=flagged, k=DEFAULT_MIN_ANSWERS), icon=":material/warning:")
    shown = round_tables.named(table, round_tables.STATISTICS_COLUMNS, data, state.scenario(), lang)
    st.dataframe(shown, hide_index=True, width="stretch", key="rounds.statistics")
    st.subheader(t("organiser.kendall"))
    st.caption(t("organiser.kendall_help"))
    kendall = consensus.kendall_table(responses)
    st.dataframe(
        round_tables.named(kendall, round_tables.KENDALL_COLUMNS, data, state.scenario(), lang),
        hide_index=True,
        width="stretch",
        key="rounds.kendall",
    )


def weightings(round_: Round, responses: pd.DataFrame) -> None:
    """Per respondent (the paper's) and groups weighted to their targets, side by side, with warnings."""
    data, lang = state.dataset(), state.language()
    st.subheader(t("organiser.weightings"))
    table, small_groups = consensus.weighted_means(responses, round_)
    for small in small_groups:
        town = city_name(data, state.scenario(), small.city, lang)
        st.warning(escape_markdown(replace(small, city=town).message(lang)), icon=":material/warning:")
    shown = round_tables.named(table, round_tables.WEIGHTING_COLUMNS, data, state.scenario(), lang)
    st.dataframe(shown, hide_index=True, width="stretch", key="rounds.weightings")


def comments(round_id: str, key: str) -> None:
    """The respondents' comments per instrument (organiser only), shown as plain text."""
    table = state.round_store().comments(round_id, key)
    if table.empty:
        return
    st.subheader(t("organiser.comments"))
    shown = round_tables.named(table, ("comment",), state.dataset(), state.scenario(), state.language())
    st.dataframe(shown, hide_index=True, width="stretch", key="rounds.comments")
