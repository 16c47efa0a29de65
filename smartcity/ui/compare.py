"""Comparing scenarios: the current and saved ones side by side, their changes, a radar and a map."""

from __future__ import annotations

import streamlit as st

from smartcity.analysis.compare import changes, comparison_frame, radar_overlay
from smartcity.errors import SmartCityError
from smartcity.i18n.labels import instrument_name
from smartcity.scenario import Scenario
from smartcity.scoring import COMPOSITE, score
from smartcity.store import scenarios as store
from smartcity.ui import state
from smartcity.ui.map import readiness_map
from smartcity.ui.pickers import pick, pick_instrument
from smartcity.ui.text import escape_markdown, markdown_list, show_error, t
from smartcity.views import mapview, workshop_tables

CURRENT = "current"
NamedScenario = tuple[str, Scenario]


def compared_scenarios(saved: store.ScenarioStore | None) -> list[NamedScenario]:
    """The scenarios picked for comparison (the current one and saved ones), labelled uniquely."""
    try:
        entries = {str(e.id): e for e in (saved.list() if saved else [])}
    except SmartCityError as error:  # e.g. the database was locked or removed after it was opened
        show_error(error)
        entries = {}

    def label(option: str) -> str:
        return t("workshop.current") if option == CURRENT else entries[option].name

    options = [CURRENT, *entries]
    picked = st.multiselect(
        t("workshop.compare_pick"),
        options,
        default=options[:2],
        format_func=label,
        key="compare",
        placeholder=t("polish2.choose_options"),
    )
    loaded: list[NamedScenario] = []
    for option in picked:
        try:
            chosen = (
                state.scenario()
                if option == CURRENT or saved is None
                else saved.load(state.dataset(), entries[option].id)
            )
        except SmartCityError as error:
            show_error(error)
            continue
        loaded.append((label(option), chosen))
    labels = workshop_tables.unique_labels([name for name, _ in loaded])
    return [(name, chosen) for name, (_, chosen) in zip(labels, loaded, strict=True)]


def comparison(named: list[NamedScenario]) -> str:
    """The table of percents and ranks with deltas, and what each scenario changes; the instrument."""
    data, lang = state.dataset(), state.language()
    instrument = pick_instrument("compare_instrument", composite=True)
    st.caption(t("workshop.compare_reference", name=escape_markdown(named[0][0])))
    frame = comparison_frame(data, named, instrument, lang)
    st.dataframe(workshop_tables.comparison_display(frame, lang), hide_index=True)
    for column, (label, compared) in zip(st.columns(len(named)), named, strict=True):
        with column:
            st.markdown(f"**{escape_markdown(label)}**")
            st.markdown(markdown_list(changes(data, compared, lang) or [t("brief.no_changes")]))
    return instrument


def radar(named: list[NamedScenario], instrument: str) -> None:
    """One town's radar with every compared scenario overlaid."""
    data, lang = state.dataset(), state.language()
    st.subheader(t("workshop.radar_title"))
    cities = {city.id: city.name(lang) for _, s in named for city in s.cities(data)}
    city = pick("compare_city", t("workshop.city"), list(cities), cities.__getitem__)
    radar_instrument = pick_instrument("compare_radar_instrument") if instrument == COMPOSITE else instrument
    figure = radar_overlay(data, named, city, radar_instrument, lang)
    st.plotly_chart(figure, key="compare_radar", alt=str(figure.layout.title.text))


def scenario_map(named: list[NamedScenario], instrument: str) -> None:
    """The map of one compared scenario, switched between them."""
    data, lang = state.dataset(), state.language()
    st.subheader(t("workshop.map_title"))
    shown = pick("compare_map", t("workshop.map_of"), [label for label, _ in named])
    mapped = dict(named)[shown]
    markers = mapview.city_markers(data, mapped, score(data, mapped), instrument, lang)
    name = instrument_name(data, instrument, lang)
    legend = t("workshop.map_legend", name=shown, instrument=name)
    readiness_map(markers, name, key="compare_map_view", height=460, legend=legend)
