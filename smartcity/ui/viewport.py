"""The browser window's size, measured by a tiny component, for slides that must fit the screen."""

from collections.abc import Mapping
from pathlib import Path

import streamlit as st

COMPONENT_KEY = "present_viewport"
SCRIPT = Path(__file__).resolve().parents[2] / "static" / "viewport.js"

_measure = st.components.v2.component("smartcity.viewport", js=SCRIPT.read_text(encoding="utf-8"))


def reported_size(value: object) -> tuple[int, int] | None:
    """The (width, height) in a reported value, or None when it holds no positive whole sizes."""
    size = value.get("size") if isinstance(value, Mapping) else None
    if not isinstance(size, Mapping):
        return None
    width, height = size.get("width"), size.get("height")
    if isinstance(width, int) and isinstance(height, int) and width > 0 and height > 0:
        return width, height
    return None


def viewport_size() -> tuple[int, int] | None:
    """The window's inner (width, height) in CSS pixels, or None until the browser has reported it.

    A new size (the first report, a resize) reruns the script.
    """
    known = reported_size(st.session_state.get(COMPONENT_KEY))
    data = None if known is None else {"width": known[0], "height": known[1]}
    _measure(key=COMPONENT_KEY, data=data, on_size_change=lambda: None, height=0)
    return known
