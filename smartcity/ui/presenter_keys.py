"""Presenter mode's keys: → / PageDown / Space, ← / PageUp and Esc, as a presentation clicker sends them."""

from collections.abc import Callable, Mapping
from pathlib import Path

import streamlit as st

COMPONENT_KEY = "present_keys"
SCRIPT = Path(__file__).resolve().parents[2] / "static" / "presenter_keys.js"
ACTIONS = ("next", "previous", "exit")
"""What the script reports: the next or previous view, or leaving presenter mode."""

_listener = st.components.v2.component("smartcity.presenter_keys", js=SCRIPT.read_text(encoding="utf-8"))


def pressed_action(value: object) -> str | None:
    """The action in the listener's reported value, or None for anything else."""
    action = value.get("action") if isinstance(value, Mapping) else None
    return action if action in ACTIONS else None


def listen_for_keys(on_action: Callable[[str], None]) -> None:
    """Listen on the page for the presenter's keys; each press calls ``on_action`` before its rerun."""

    def on_press() -> None:
        action = pressed_action(st.session_state.get(COMPONENT_KEY))
        if action is not None:
            on_action(action)

    _listener(key=COMPONENT_KEY, on_action_change=on_press, height=0)
