"""The map's "Compare with round …": each town's change in points since a chosen round, in its
label, the legend and the ranking."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import streamlit as st

from smartcity.analysis import over_time
from smartcity.i18n.labels import instrument_name
from smartcity.scoring import COMPOSITE
from smartcity.ui import state
from smartcity.ui.round_history import history, round_label
from smartcity.ui.text import escape_markdown, t
from smartcity.views.mapview import CityMarker
from smartcity.views.timeline_charts import month

COMPARE_KEY = "map_compare_round"
NO_COMPARISON = ""


def compare_with_round(markers: Sequence[CityMarker], instrument_id: str) -> tuple[CityMarker, ...]:
    """Draw the "Compare with round" choice (the paper's survey and the closed rounds this session
    may read that assess a town shown); return the markers with each town's change since that round."""
    data, scenario, language = state.dataset(), state.scenario(), state.language()
    rounds = {entry.round.id: entry for entry in history(marker.city_id for marker in markers)}
    labels = {NO_COMPARISON: t("over_time.compare_none")} | {
        round_id: round_label(entry, language) for round_id, entry in rounds.items()
    }
    column = st.columns([2, 3])[0]
    chosen = column.selectbox(
        t("over_time.compare_label"),
        list(labels),
        format_func=labels.__getitem__,
        help=t("over_time.compare_help"),
        key=COMPARE_KEY,
    )
    if chosen not in rounds:
        return tuple(markers)
    entry = rounds[chosen]
    shown = over_time.shown_scores(data, scenario)
    changes = over_time.town_changes(data, entry.scores, shown, instrument_id, scenario)
    title = escape_markdown(entry.round.title)
    if not changes:
        instrument = instrument_name(data, instrument_id, language, short=instrument_id != COMPOSITE)
        st.info(t("over_time.compare_nothing", round=title, instrument=instrument))
        return tuple(markers)
    st.caption(t("over_time.compare_caption", month=month(entry.day, language), round=title))
    return tuple(replace(marker, change=changes.get(marker.city_id)) for marker in markers)
