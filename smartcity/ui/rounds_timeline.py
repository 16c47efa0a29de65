"""Rounds over time: the list of rounds, the change per town between the last two, the 3:2:1 blend."""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from smartcity.analysis import consensus
from smartcity.ui import round_history, state
from smartcity.ui.text import escape_markdown, t
from smartcity.views import round_tables


def timeline(keys: Mapping[str, str]) -> None:
    """Every round in time order (the paper's May 2025 first); with two rounds of results, the change
    per town between the last two and, on request, the 3:2:1 rolling blend of the last three."""
    data, lang, current = state.dataset(), state.language(), state.scenario()
    rounds = state.round_store().timeline(data, lang)
    listed = round_tables.timeline_table(rounds, lang)
    st.dataframe(listed, hide_index=True, width="stretch", key="rounds.timeline")
    readable = ((round_, round_history.round_scores(round_, keys)) for round_ in rounds)
    with_results = [(round_, scores) for round_, scores in readable if scores]
    if len(with_results) < 2:
        st.info(t("organiser.change_needs_two"))
        return
    (before_round, before), (after_round, after) = with_results[-2:]
    st.subheader(
        t(
            "organiser.change",
            before=escape_markdown(before_round.title),
            after=escape_markdown(after_round.title),
        )
    )
    change = consensus.round_change(data, before, after, current)
    shown = round_tables.named(change, round_tables.CHANGE_COLUMNS, data, current, lang)
    st.dataframe(shown, hide_index=True, width="stretch", key="rounds.change")
    if st.toggle(t("rounds.blend_label"), key="rounds.blend"):
        blend = consensus.rolling_blend([scores for _, scores in reversed(with_results[-3:])])
        table = round_tables.percent_table(data, current, blend)
        st.caption(t("rounds.blend_label"))
        shown = round_tables.named(table, ("percent",), data, current, lang)
        st.dataframe(shown, hide_index=True, width="stretch", key="rounds.blend_table")
