"""Presenter mode: one view at a time in large type, stepped through with Previous / Next."""

import streamlit as st

from smartcity import ui
from smartcity.analysis.compare import changes
from smartcity.i18n.catalog import format_percent, format_signed
from smartcity.i18n.labels import instrument_name
from smartcity.scoring import COMPOSITE, Result, score
from smartcity.views import mapview, presenter
from smartcity.views.charts import radar

ui.page_setup(presenter_view=True)

STEP_KEY = "present_step"
MAP_HEIGHT = 620


def move(by: int) -> None:
    """Button callback: go to the previous or next view."""
    st.session_state[STEP_KEY] = presenter.clamp(st.session_state.get(STEP_KEY, 0) + by, len(steps))


def draw_map() -> None:
    """The towns on the map of Kazakhstan, coloured by the composite, and their ranking."""
    markers = mapview.city_markers(dataset, scenario, table, COMPOSITE)
    map_column, ranking_column = st.columns([3, 2], gap="large")
    with map_column:
        ui.readiness_map(
            markers, composite_label, key="present_map", height=MAP_HEIGHT, legend=composite_label
        )
    with ranking_column:
        header = [ui.t("present.col.rank"), ui.t("present.col.city"), composite_label]
        rows = [[str(m.rank or "—"), m.name, percent_text(m.percent)] for m in markers]
        st.markdown(ui.markdown_table([header, *rows]))


def draw_radar(instrument_id: str) -> None:
    """The radar of one instrument with every city (the paper's scores dashed)."""
    city_ids = tuple(city.id for city in scenario.cities(dataset))
    figure = radar(dataset, scenario, instrument_id, city_ids, language).figure
    figure.update_layout(height=720, font={"size": 18})
    st.plotly_chart(figure, key=f"present_radar_{instrument_id}", config={"displayModeBar": False})


def draw_what_if() -> None:
    """What the scenario changes, and each city's readiness against the paper's."""
    changed = changes(dataset, scenario, language)
    st.markdown(ui.markdown_list(changed) or ui.t("present.no_changes"))
    instrument_ids = (*dataset.instrument_ids, COMPOSITE)
    names = [instrument_name(dataset, i, language, short=True) for i in instrument_ids]
    rows = [[ui.t("present.col.city"), *names]]
    for city in scenario.cities(dataset):
        row = [city.name(language)]
        for instrument_id in instrument_ids:
            result = table.get(city.id, instrument_id)
            row.append(result_text(result) if result else "—")
        rows.append(row)
    st.markdown(ui.markdown_table(rows))


def draw_conclusions() -> None:
    """The headline findings: leaders, laggards, shared weaknesses and what moved."""
    sentences = presenter.conclusions(dataset, scenario, language)
    st.markdown(ui.markdown_list(sentences))


def percent_text(percent: float | None) -> str:
    """A readiness percent as the paper prints it, or a dash."""
    return "—" if percent is None else format_percent(percent, language)


def result_text(result: Result) -> str:
    """Percent, and the change against the paper when there is one, e.g. "49% (+6)"."""
    text = format_percent(result.percent, language)
    delta = result.delta_percent
    if delta is None or round(delta, 1) == 0:
        return text
    return f"{text} ({format_signed(delta, language)})"


dataset = ui.dataset()
scenario = ui.scenario()
language = ui.language()
table = score(dataset, scenario)
steps = presenter.steps(dataset)
composite_label = instrument_name(dataset, COMPOSITE, language, short=True)
index = presenter.clamp(st.session_state.get(STEP_KEY, 0), len(steps))
view, instrument = steps[index]

bar = st.columns([1, 6, 1, 1, 1], vertical_alignment="center")
bar[0].button(
    "◀", key="present_previous", on_click=move, args=(-1,), disabled=index == 0, help=ui.t("present.previous")
)
title = ui.t(f"present.step.{view}")
if instrument:
    title = ui.t("present.step.radar_of", instrument=instrument_name(dataset, instrument, language))
bar[1].markdown(f"## {title}")
bar[2].markdown(ui.t("present.position", current=index + 1, total=len(steps)))
bar[3].button(
    "▶",
    key="present_next",
    on_click=move,
    args=(1,),
    disabled=index == len(steps) - 1,
    help=ui.t("present.next"),
)
bar[4].button("✕", key="present_exit", on_click=ui.set_presenting, args=(False,), help=ui.t("present.exit"))

if view == "map":
    draw_map()
elif view == "radar":
    draw_radar(instrument)
elif view == "what_if":
    draw_what_if()
else:
    draw_conclusions()
