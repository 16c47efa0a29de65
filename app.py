"""Smart City Readiness dashboard, home page: Kazakhstan's regions and the assessed towns
coloured by readiness; a click on a town shows its profile. Other views are in pages/."""

import streamlit as st

from smartcity import ui
from smartcity.i18n.catalog import format_percent
from smartcity.i18n.labels import (
    band_name,
    instrument_name,
    join_names,
)
from smartcity.scoring import COMPOSITE, score
from smartcity.views import mapview

ui.page_setup()

MAP_KEY = "home_map"
INSTRUMENT_KEY = "map_instrument"
TILES_KEY = "map_tiles"
CITY_SELECT_KEY = "map_city_select"
MAP_HEIGHT = 400
# Only clicks rerun the app: panning and zooming stay in the browser.
RETURNED_OBJECTS = ["last_object_clicked", "last_object_clicked_count"]


def select_clicked_city() -> None:
    """st_folium callback: a click on a town's marker selects the town for every page."""
    clicked = (st.session_state.get(MAP_KEY) or {}).get("last_object_clicked")
    if clicked:
        city_id = mapview.city_at(ui.scenario().cities(ui.dataset()), clicked["lat"], clicked["lng"])
        if city_id:
            ui.select_city(city_id)


def select_chosen_city() -> None:
    """Selectbox callback: the town chosen in the side panel becomes the selection."""
    ui.select_city(st.session_state[CITY_SELECT_KEY])


def instrument_label(instrument_id: str) -> str:
    """Short instrument name; the composite's name says that it is not in the paper."""
    return instrument_name(dataset, instrument_id, language, short=instrument_id != COMPOSITE)


def draw_ranking(markers: tuple[mapview.CityMarker, ...]) -> None:
    """The towns ranked on the chosen instrument, with a note on towns missing from the map."""
    st.subheader(ui.t("map.ranking"))
    header = [ui.t(f"map.column_{name}") for name in ("rank", "city", "score", "band", "note")]
    rows = [
        [
            "" if m.rank is None else str(m.rank),
            m.name,
            ui.t("map.no_score") if m.percent is None else format_percent(m.percent, language),
            "" if m.rank is None else band_name(table.get(m.city_id, instrument).band, language),
            "" if m.on_map else ui.t("map.not_on_map"),
        ]
        for m in markers
    ]
    # A markdown table: far lighter for the browser than st.dataframe, so the map shows sooner.
    st.markdown(ui.markdown_table([header, *rows], numbers=False))


def draw_city_panel(city_id: str) -> None:
    """The selected town: its region, Table 1 profile, and standing, strengths and weaknesses."""
    city = next(c for c in scenario.cities(dataset) if c.id == city_id)
    st.subheader(ui.escape_markdown(city.name(language)))
    region = mapview.region_name(mapview.city_region(city), language)
    st.markdown(f"**{ui.t('map.profile_region')}:** {region}")
    ui.city_profile_table(city_id)
    st.markdown(f"##### {ui.t('map.scores')}")
    ui.city_standing(city_id, composite=False, side_by_side=False)


def draw_what_if(city_id: str) -> None:
    """The selected town's sliders on the colour-by instrument: the map recolours as they move."""
    name = ui.escape_markdown(next(c.name(language) for c in scenario.cities(dataset) if c.id == city_id))
    with st.expander(ui.t("map.what_if", city=name), icon=":material/tune:"):
        sliders_for = dataset.instrument_ids[0] if instrument == COMPOSITE else instrument
        if instrument == COMPOSITE:
            st.caption(ui.t("map.what_if_composite", instrument=instrument_label(sliders_for)))
        ui.city_sliders(sliders_for, city_id)


dataset = ui.dataset()
scenario = ui.scenario()
language = ui.language()
table = score(dataset, scenario)

st.title(ui.t("page.map"))
st.caption(ui.t("map.intro"))
controls = st.columns([3, 1], vertical_alignment="bottom")
instrument = controls[0].radio(
    ui.t("map.colour_by"),
    (*dataset.instrument_ids, COMPOSITE),
    format_func=instrument_label,
    horizontal=True,
    key=INSTRUMENT_KEY,
)
tiles = controls[1].toggle(ui.t("map.tiles"), value=False, help=ui.t("map.tiles_help"), key=TILES_KEY)
if instrument == COMPOSITE:
    st.caption(ui.t("map.composite_note"))

markers = mapview.city_markers(dataset, scenario, table, instrument)
selected = ui.selected_city()
map_column, side_column = st.columns([5, 3], gap="medium")
with map_column:
    ui.readiness_map(
        markers,
        instrument_label(instrument),
        key=MAP_KEY,
        height=MAP_HEIGHT,
        legend=ui.t("map.legend", instrument=instrument_label(instrument)),
        tiles=tiles,
        selected=selected,
        returned_objects=RETURNED_OBJECTS,
        on_change=select_clicked_city,
    )
    for marker in markers:
        if marker.problem == mapview.NO_COORDINATES:
            st.warning(ui.t("map.warning_no_coordinates", city=ui.escape_markdown(marker.name)), icon="⚠️")
        elif marker.problem == mapview.OUTSIDE_KAZAKHSTAN:
            st.warning(ui.t("map.warning_outside", city=ui.escape_markdown(marker.name)), icon="⚠️")
    st.caption(ui.t("map.attribution"))
    st.caption(
        ui.t("map.approximate_note", regions=join_names(mapview.approximate_regions(language), language))
    )

with side_column:
    draw_ranking(markers)
    city_ids = [city.id for city in scenario.cities(dataset)]
    names = {city.id: city.name(language) for city in scenario.cities(dataset)}
    if st.session_state.get(CITY_SELECT_KEY) != selected:
        st.session_state[CITY_SELECT_KEY] = selected
    st.selectbox(
        ui.t("map.city"),
        city_ids,
        index=None,
        format_func=names.__getitem__,
        placeholder=ui.t("map.choose_city"),
        key=CITY_SELECT_KEY,
        on_change=select_chosen_city,
    )
    if selected:
        draw_what_if(selected)
        draw_city_panel(selected)
