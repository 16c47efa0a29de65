"""Opening a round: pick it, give its organiser key; without the key only published results show."""

from __future__ import annotations

import streamlit as st

from smartcity.errors import SmartCityError
from smartcity.store.rounds import Round
from smartcity.ui import state
from smartcity.ui.text import show_error, t


def chosen_round() -> tuple[Round, str | None] | None:
    """The round the organiser picked and its checked key (None when not given), or None when
    there is nothing to show: no rounds, a wrong key, or no key for unpublished results."""
    stored = state.round_store().list()
    if not stored:
        st.info(t("organiser.no_rounds"))
        return None
    by_id = {round_.id: round_ for round_ in stored}
    round_id = st.selectbox(
        t("organiser.pick"),
        list(reversed(by_id)),
        format_func=lambda chosen: f"{by_id[chosen].title} · {by_id[chosen].opens.isoformat()}",
        key="rounds.pick",
    )
    key = st.text_input(t("organiser.key"), type="password", autocomplete="off", key="rounds.key").strip()
    if not key:
        if by_id[round_id].published:
            st.caption(t("organiser.published_view"))
            return by_id[round_id], None
        st.info(t("organiser.key_needed"))
        return None
    try:
        return state.round_store().check_key(round_id, key), key
    except SmartCityError as error:
        show_error(error)
        return None
