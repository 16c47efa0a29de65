"""The closed rounds this session may read, with their scores: the paper's survey (May 2025) first,
then each closed round whose results are published or whose organiser key was given this session."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import streamlit as st

from smartcity.analysis import consensus, over_time
from smartcity.analysis.over_time import RoundScores
from smartcity.errors import SmartCityError
from smartcity.model import ScoreKey
from smartcity.scenario import Scenario
from smartcity.store.database import database_url
from smartcity.store.rounds import PAPER_ROUND_ID, Round, paper_round
from smartcity.ui import state
from smartcity.views.timeline_charts import month

OPENED_KEYS = "rounds.opened_keys"
"""Round id -> the organiser key checked this session, as the rounds page (pages/rounds.py) keeps them."""


@st.cache_data(max_entries=64, show_spinner=False)
def _closed_round_scores(url: str, round_id: str, key: str | None) -> dict[ScoreKey, float]:
    """A closed (so frozen) round's indicator means; cached per database, round and key."""
    return consensus.round_scores(state.round_store().responses(state.dataset(), round_id, key))


def round_scores(round_: Round, keys: Mapping[str, str]) -> dict[ScoreKey, float]:
    """A round's indicator means, when its results are published or ``keys`` (round id -> organiser
    key) holds its key (else none); a closed round's are cached, since it is frozen."""
    data = state.dataset()
    if round_.id == PAPER_ROUND_ID:
        return consensus.paper_scores(data)
    if not (round_.published or round_.id in keys):
        return {}
    try:
        if round_.is_closed:
            url = database_url().render_as_string(hide_password=False)
            return _closed_round_scores(url, round_.id, keys.get(round_.id))
        return consensus.round_scores(state.round_store().responses(data, round_.id, keys.get(round_.id)))
    except SmartCityError:
        return {}


def history(city_ids: Iterable[str]) -> list[RoundScores]:
    """The paper's round and every readable closed round with scores for one of ``city_ids``, in
    time order (by closing day); only the paper's when the store cannot be opened."""
    keys = st.session_state.get(OPENED_KEYS, {})
    data, language = state.dataset(), state.language()
    try:
        rounds = state.round_store().timeline(data, language)
    except SmartCityError:
        rounds = (paper_round(data, language),)
    return over_time.closed_history(rounds, lambda round_: round_scores(round_, keys), city_ids)


def brief_history(scenario: Scenario) -> list[RoundScores]:
    """The rounds the brief compares (see :func:`history`), when the scenario's scores come from a
    round layer; none otherwise, so a brief without one reads nothing from the store."""
    if over_time.layer_round(scenario) is None:
        return []
    return history(city.id for city in scenario.cities(state.dataset()))


def round_label(entry: RoundScores, language: str) -> str:
    """A round as a choice reads: its month, then its title, "May 2025 · The paper's survey (…)"."""
    return f"{month(entry.day, language)} · {entry.round.title}"
