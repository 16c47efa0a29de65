"""Presenter mode: one view at a time in large type, sized to the screen, stepped by keys or buttons."""

import pandas as pd
import streamlit as st

from smartcity.analysis.compare import changes
from smartcity.i18n.labels import city_name, instrument_name, join_names
from smartcity.scoring import COMPOSITE, score
from smartcity.ui import chrome, state
from smartcity.ui.map import readiness_map
from smartcity.ui.presenter_keys import listen_for_keys
from smartcity.ui.text import markdown_list, markdown_table, t
from smartcity.ui.viewport import viewport_size
from smartcity.views import mapview, presenter, result_tables
from smartcity.views.charts import radar
from smartcity.views.legend import town_marks
from smartcity.views.presenter_layout import slide_sizes

chrome.page_setup("page.present", presenter_view=True)

STEP_KEY = "present_step"
STATIC_CHART = {"staticPlot": True, "displayModeBar": False}
"""Slides are shown, not explored: no hover labels to linger over the next slide."""


def move(by: int) -> None:
    """Button callback: go to the previous or next view."""
    st.session_state[STEP_KEY] = presenter.clamp(st.session_state.get(STEP_KEY, 0) + by, len(steps))


def on_key(action: str) -> None:
    """Key callback: a clicker's next or previous view, or leaving presenter mode."""
    if action == "exit":
        state.set_presenting(False)
    else:
        move(1 if action == "next" else -1)


def draw_bar(title: str) -> None:
    """The slide's title with Previous, the position, Next and Exit (named buttons, no tooltips)."""
    last = index == len(steps) - 1
    with st.container(key="present_bar", horizontal=True, vertical_alignment="center", wrap=False):
        st.markdown(f"## {title}", width="stretch", anchors=False)
        st.button(
            t("present_keys.previous"), key="present_previous", on_click=move, args=(-1,), disabled=index == 0
        )
        st.markdown(t("present.position", current=index + 1, total=len(steps)), width="content")
        st.button(t("present_keys.next"), key="present_next", on_click=move, args=(1,), disabled=last)
        st.button(t("present_keys.exit"), key="present_exit", on_click=state.set_presenting, args=(False,))


def draw_map() -> None:
    """The labelled towns on the map of Kazakhstan, coloured by the composite, and their ranking."""
    map_column, ranking_column = st.columns([3, 2], gap="large")
    with map_column:
        readiness_map(
            markers, composite_label, key="present_map", height=sizes.map_height, legend=composite_label
        )
    with ranking_column:
        ranking = result_tables.composite_ranking_rows(markers, composite_label, language)
        st.markdown(markdown_table(presenter.first_rows(ranking, sizes.table_rows, language)))


def draw_radar(instrument_id: str) -> None:
    """The radar of one instrument with every city (the paper's scores dashed), named, with its data."""
    cities = scenario.cities(dataset)
    chart = radar(dataset, scenario, instrument_id, tuple(city.id for city in cities), language)
    chart.figure.update_layout(
        title_text="",
        height=sizes.radar_height,
        margin={side: round(sizes.font_px * 2.2) for side in ("t", "b", "l", "r")},
        font={"size": round(sizes.font_px * 0.8)},
    )
    alt = t(
        "presenter_fit.radar_alt",
        instrument=instrument_name(dataset, instrument_id, language),
        cities=join_names((city_name(dataset, scenario, city.id, language) for city in cities), language),
    )
    st.plotly_chart(chart.figure, key=f"present_radar_{instrument_id}", config=STATIC_CHART, alt=alt)
    with st.expander(t("analysis.show_data")):
        header, *rows = presenter.radar_rows(chart.data)
        st.dataframe(pd.DataFrame(rows, columns=header), hide_index=True)  # scrolls within the slide's width


def draw_what_if() -> None:
    """What the scenario changes, and each city's readiness against the paper's."""
    changed = presenter.first_lines(changes(dataset, scenario, language), language)
    results = result_tables.results_by_instrument_rows(dataset, scenario, table, language)
    with st.container(key="present_what_if"):
        st.markdown(markdown_list(changed) or t("present.no_changes"))
        st.markdown(markdown_table(presenter.first_rows(results, sizes.table_rows, language)))


def draw_conclusions() -> None:
    """At most five points in large type: leader, laggard, shared weakness, what moved, the next step."""
    with st.container(key="present_conclusions"):
        st.markdown(markdown_list(presenter.conclusions(dataset, scenario, language)))


dataset, scenario, language = state.dataset(), state.scenario(), state.language()
table = score(dataset, scenario)
markers = mapview.city_markers(dataset, scenario, table, COMPOSITE, language)
steps = presenter.steps(dataset)
composite_label = instrument_name(dataset, COMPOSITE, language, short=True)
index = presenter.clamp(st.session_state.get(STEP_KEY, 0), len(steps))
view, instrument = steps[index]

listen_for_keys(on_key)
legend_rows = max((mark.row + 1 for mark in town_marks(markers, language)), default=0)
sizes = slide_sizes(viewport_size(), legend_rows)
if instrument:
    draw_bar(t("present.step.radar_of", instrument=instrument_name(dataset, instrument, language)))
else:
    draw_bar(t(f"present.step.{view}"))

if view == "map":
    draw_map()
elif view == "radar":
    draw_radar(instrument)
elif view == "what_if":
    draw_what_if()
else:
    draw_conclusions()
