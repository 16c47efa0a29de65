"""Saved scenarios: save the current one; list, load, rename and delete saved ones."""

from __future__ import annotations

import streamlit as st

from smartcity.errors import SmartCityError
from smartcity.scenario import Scenario
from smartcity.store import scenarios as store
from smartcity.ui import state
from smartcity.ui.flash import flash, flash_error
from smartcity.ui.text import escape_markdown, show_error, t
from smartcity.views import workshop_tables

NAMED_KEY = "workshop_named"
"""(name, scenario) of the last scenario saved or loaded: the brief's name while it is unchanged."""


def open_store() -> store.ScenarioStore | None:
    """The configured store, or None after showing why it cannot be used."""
    try:
        return state.store()
    except SmartCityError as error:
        show_error(error)
        return None


def brief_name() -> str:
    """The name printed in the brief: the saved name while the scenario is unchanged since."""
    name, named = st.session_state.get(NAMED_KEY, ("", None))
    return name if named == state.scenario() else t("brief.unsaved_name")


def _remember(name: str, scenario: Scenario) -> None:
    st.session_state[NAMED_KEY] = (name, scenario)


def _save_current(saved: store.ScenarioStore) -> None:
    """Form callback: save the current scenario under the typed name."""
    form, current = st.session_state, state.scenario()
    try:
        entry = saved.save(
            form["save_name"], current, form["save_author"], form["save_note"], overwrite=form["save_replace"]
        )
    except SmartCityError as error:
        flash_error(error)
        return
    _remember(entry.name, current)
    flash("success", t("workshop.saved", name=escape_markdown(entry.name)))


def _load(saved: store.ScenarioStore, entry: store.SavedScenario) -> None:
    """Button callback: make a saved scenario the current one."""
    try:
        loaded = saved.load(state.dataset(), entry.id)
    except SmartCityError as error:
        flash_error(error)
        return
    state.set_scenario(loaded)
    _remember(entry.name, loaded)
    flash("success", t("workshop.loaded", name=escape_markdown(entry.name)))


def _rename(saved: store.ScenarioStore, entry: store.SavedScenario) -> None:
    """Button callback: rename a saved scenario."""
    try:
        renamed = saved.rename(entry.id, st.session_state["rename_to"])
    except SmartCityError as error:
        flash_error(error)
        return
    old, new = escape_markdown(entry.name), escape_markdown(renamed.name)
    flash("success", t("workshop.renamed", old=old, new=new))


def _delete(saved: store.ScenarioStore, entry: store.SavedScenario) -> None:
    """Button callback: delete a saved scenario (the confirmation box must be ticked)."""
    try:
        saved.delete(entry.id)
    except SmartCityError as error:
        flash_error(error)
        return
    flash("success", t("workshop.deleted", name=escape_markdown(entry.name)))


def save_form(saved: store.ScenarioStore) -> None:
    """The form that saves the current scenario under a name, with an author and a note."""
    with st.form("save_form", clear_on_submit=False):
        st.subheader(t("workshop.save_title"))
        st.text_input(t("workshop.name"), key="save_name", max_chars=store.NAME_MAX)
        st.text_input(t("workshop.author"), key="save_author", max_chars=store.AUTHOR_MAX)
        st.text_area(t("workshop.note"), key="save_note", max_chars=store.NOTE_MAX, height=90)
        st.checkbox(t("workshop.replace"), key="save_replace")
        st.form_submit_button(
            t("workshop.save"), key="save_submit", type="primary", on_click=_save_current, args=(saved,)
        )


def saved_list(saved: store.ScenarioStore) -> None:
    """The saved scenarios as a table; the chosen one can be loaded, renamed or deleted."""
    st.subheader(t("workshop.saved_title"))
    try:
        entries = saved.list()
    except SmartCityError as error:
        show_error(error)
        return
    if not entries:
        st.caption(t("workshop.none_saved"))
        return
    st.dataframe(workshop_tables.saved_table(entries, state.language()), hide_index=True, width="stretch")
    by_id = {e.id: e for e in entries}
    chosen = st.selectbox(
        t("workshop.choose"), list(by_id), format_func=lambda i: by_id[i].name, key="chosen"
    )
    entry = by_id[chosen]
    columns = st.columns(3, vertical_alignment="bottom")
    columns[0].button(t("workshop.load"), key="load", on_click=_load, args=(saved, entry), type="primary")
    columns[1].text_input(t("workshop.rename_to"), key="rename_to", max_chars=store.NAME_MAX)
    columns[1].button(t("workshop.rename"), key="rename", on_click=_rename, args=(saved, entry))
    confirmed = columns[2].checkbox(t("workshop.confirm_delete"), key="confirm_delete")
    columns[2].button(
        t("workshop.delete"), key="delete", on_click=_delete, args=(saved, entry), disabled=not confirmed
    )
