"""Messages kept for the next run: a callback's outcome, shown at the top of the page once."""

from __future__ import annotations

import streamlit as st

from smartcity.errors import SmartCityError
from smartcity.ui import state
from smartcity.ui.text import escape_markdown

FLASH_KEY = "workshop_flash"


def flash(kind: str, text: str) -> None:
    """Keep a "success", "info" or "error" message (markdown, user text escaped) for the next run."""
    st.session_state[FLASH_KEY] = (kind, text)


def flash_error(error: SmartCityError) -> None:
    """Keep an error for the next run; its message may quote user text, so it is escaped."""
    flash("error", escape_markdown(error.message(state.language())))


def show_flash() -> None:
    """Show the kept message once."""
    kind, text = st.session_state.pop(FLASH_KEY, (None, ""))
    if kind == "success":
        st.success(text, icon=":material/check_circle:")
    elif kind == "info":
        st.info(text, icon=":material/info:")
    elif kind == "error":
        st.error(text, icon=":material/error:")
