"""Widgets bound to the scenario: a move stores ``edit(scenario, value)``; moves it refuses are held back.

A move's callback does not write the URL: the run it starts does (chrome.page_setup on a page, the
what-if fragment at its end), after its new numbers. Streamlit redraws the whole app when the query
string changes, and the numbers would wait for that.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st

from smartcity import scenario as scenarios
from smartcity.errors import SmartCityError
from smartcity.scenario import Scenario
from smartcity.ui import state
from smartcity.ui.text import escaped

PENDING_EDITS_KEY = "pending_edits"
"""Widget key -> (edit, value) of moves not stored because the scenario would be invalid."""

ScenarioEdit = Callable[[Scenario, Any], Scenario]
"""How a widget's new value changes the scenario: an edit operation of smartcity.scenario, which raises
SmartCityError for a value it refuses (e.g. ``partial(set_score, dataset, key=...)``)."""


def bound_slider(
    key: str,
    label: str,
    value: float | None,
    edit: ScenarioEdit,
    *,
    min_value: float,
    max_value: float,
    step: float,
    help: str | None = None,
) -> None:
    """A slider showing ``value`` from the scenario; moving it stores ``edit(scenario, new value)``.

    The widget is set from the scenario on every run, so resets and scenarios loaded on other
    pages show at once. A move that would make the scenario invalid stays on the widget,
    is not stored, and is reported by :func:`pending_problem`.
    """
    shown = shown_value(key, value)
    default = None if shown is None else float(shown)
    if default is not None and st.session_state.get(key) != default:
        st.session_state[key] = default
        default = None  # the value comes from the state just set; a default as well would conflict
    st.slider(
        label,
        float(min_value),
        float(max_value),
        default,
        step=float(step),
        format="plain",
        key=key,
        help=help,
        on_change=_apply_edit,
        args=(key, edit),
    )


def shown_value(key: str, value: Any) -> Any:
    """What the bound widget ``key`` shows: its move held back as invalid, else the scenario's ``value``."""
    pending = st.session_state.get(PENDING_EDITS_KEY, {})
    return pending[key][1] if key in pending else value


def bound_choice(
    key: str,
    label: str,
    options: Sequence[str],
    value: str,
    edit: ScenarioEdit,
    format_func: Callable[[str], str],
) -> None:
    """A segmented control showing ``value`` from the scenario; a choice stores ``edit(scenario, choice)``."""
    if st.session_state.get(key) != value:
        st.session_state[key] = value
    st.segmented_control(
        label,
        options,
        key=key,
        required=True,
        format_func=escaped(format_func),
        on_change=_apply_edit,
        args=(key, edit),
    )


def change_scenario(change: Callable[[Scenario], Scenario]) -> None:
    """Apply a whole-scenario change (a reset), dropping moves that were held back as invalid."""
    st.session_state[PENDING_EDITS_KEY] = {}
    state.set_scenario(scenarios.compact(state.dataset(), change(state.scenario())), write_url=False)


def pending_problem() -> SmartCityError | None:
    """Why the held-back moves could not be stored (e.g. all weights zero), or None."""
    pending = st.session_state.get(PENDING_EDITS_KEY)
    if not pending:
        return None
    try:
        _with_edits(state.scenario(), list(pending.values()))
    except SmartCityError as error:
        return error
    return None


def _apply_edit(key: str, edit: ScenarioEdit) -> None:
    """Store a widget's move; if its edit refuses it, hold the move back instead."""
    move = (edit, st.session_state[key])
    held = {k: v for k, v in st.session_state.get(PENDING_EDITS_KEY, {}).items() if k != key}
    # First the new move, then every held-back one (the new move may repair them), else the new move alone.
    for keys, edits in (([key, *held], [move, *held.values()]), ([key], [move])):
        try:
            candidate = _with_edits(state.scenario(), edits)
        except SmartCityError:
            continue
        state.set_scenario(scenarios.compact(state.dataset(), candidate), write_url=False)
        st.session_state[PENDING_EDITS_KEY] = {k: v for k, v in held.items() if k not in keys}
        return
    st.session_state[PENDING_EDITS_KEY] = {**held, key: move}


def _with_edits(start: Scenario, edits: Sequence[tuple[ScenarioEdit, Any]]) -> Scenario:
    for edit, value in edits:
        start = edit(start, value)
    return start
