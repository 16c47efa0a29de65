"""Presenter mode: one view at a time in large type, stepped through with Previous / Next."""

import streamlit as st

from smartcity.analysis.compare import changes
from smartcity.i18n.labels import instrument_name
from smartcity.scoring import COMPOSITE, score
from smartcity.ui import chrome, state
from smartcity.ui.map import readiness_map
from smartcity.ui.presenter_keys import listen_for_keys
from smartcity.ui.text import markdown_list, markdown_table, t
from smartcity.views import mapview, presenter, result_tables
from smartcity.views.charts import radar

chrome.page_setup(presenter_view=True)

STEP_KEY = "present_step"
MAP_HEIGHT = 620


def move(by: int) -> None:
    """Button callback: go to the previous or next view."""
    st.session_state[STEP_KEY] = presenter.clamp(st.session_state.get(STEP_KEY, 0) + by, len(steps))


def on_key(action: str) -> None:
    """Key callback: a clicker's next or previous view, or leaving presenter mode."""
    if action == "exit":
        state.set_presenting(False)
    else:
        move(1 if action == "next" else -1)


def draw_map() -> None:
    """The towns on the map of Kazakhstan, coloured by the composite, and their ranking."""
    markers = mapview.city_markers(dataset, scenario, table, COMPOSITE, language)
    map_column, ranking_column = st.columns([3, 2], gap="large")
    with map_column:
        readiness_map(markers, composite_label, key="present_map", height=MAP_HEIGHT, legend=composite_label)
    with ranking_column:
        st.markdown(markdown_table(result_tables.composite_ranking_rows(markers, composite_label, language)))


def draw_radar(instrument_id: str) -> None:
    """The radar of one instrument with every city (the paper's scores dashed)."""
    city_ids = tuple(city.id for city in scenario.cities(dataset))
    figure = radar(dataset, scenario, instrument_id, city_ids, language).figure
    figure.update_layout(height=720, font={"size": 18})
    st.plotly_chart(figure, key=f"present_radar_{instrument_id}", config={"displayModeBar": False})


def draw_what_if() -> None:
    """What the scenario changes, and each city's readiness against the paper's."""
    changed = changes(dataset, scenario, language)
    st.markdown(markdown_list(changed) or t("present.no_changes"))
    st.markdown(markdown_table(result_tables.results_by_instrument_rows(dataset, scenario, table, language)))


def draw_conclusions() -> None:
    """The headline findings: leaders, laggards, shared weaknesses and what moved."""
    st.markdown(markdown_list(presenter.conclusions(dataset, scenario, language)))


dataset, scenario, language = state.dataset(), state.scenario(), state.language()
table = score(dataset, scenario)
steps = presenter.steps(dataset)
composite_label = instrument_name(dataset, COMPOSITE, language, short=True)
index = presenter.clamp(st.session_state.get(STEP_KEY, 0), len(steps))
view, instrument = steps[index]

listen_for_keys(on_key)
bar = st.columns([2, 6, 1, 2, 2], vertical_alignment="center")
bar[0].button(
    t("present_keys.previous"),
    key="present_previous",
    on_click=move,
    args=(-1,),
    disabled=index == 0,
    help=f"{t('present.previous')} ({t('present_keys.previous_keys')})",
)
if instrument:
    title = t("present.step.radar_of", instrument=instrument_name(dataset, instrument, language))
else:
    title = t(f"present.step.{view}")
bar[1].markdown(f"## {title}")
bar[2].markdown(t("present.position", current=index + 1, total=len(steps)))
last = index == len(steps) - 1
bar[3].button(
    t("present_keys.next"),
    key="present_next",
    on_click=move,
    args=(1,),
    disabled=last,
    help=f"{t('present.next')} ({t('present_keys.next_keys')})",
)
bar[4].button(
    t("present_keys.exit"),
    key="present_exit",
    on_click=state.set_presenting,
    args=(False,),
    help=f"{t('present.exit')} ({t('present_keys.exit_keys')})",
)

if view == "map":
    draw_map()
elif view == "radar":
    draw_radar(instrument)
elif view == "what_if":
    draw_what_if()
else:
    draw_conclusions()
