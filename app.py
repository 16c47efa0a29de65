"""Smart City Readiness dashboard, home page: Kazakhstan's regions and the assessed towns
coloured by readiness; a click on a town shows its profile. Other views are in pages/."""

import streamlit as st

from smartcity.i18n.labels import instrument_name, join_names
from smartcity.scoring import COMPOSITE, score
from smartcity.ui import chrome, map_change, panels, pickers, state, whatif
from smartcity.ui.map import readiness_map
from smartcity.ui.text import escape_markdown, html_table, t
from smartcity.views import mapview, result_tables

chrome.page_setup("page.map")

MAP_KEY = "home_map"
INSTRUMENT_KEY = "map_instrument"
TILES_KEY = "map_tiles"
CITY_SELECT_KEY = "map_city_select"
# Only clicks rerun the app: panning and zooming stay in the browser.
RETURNED_OBJECTS = ["last_object_clicked", "last_object_clicked_count"]
PLACEMENT_WARNINGS = {
    mapview.NO_COORDINATES: "map.warning_no_coordinates",
    mapview.OUTSIDE_KAZAKHSTAN: "map.warning_outside",
}


def select_clicked_city() -> None:
    """st_folium callback: a click on a town's marker selects the town for every page."""
    clicked = (st.session_state.get(MAP_KEY) or {}).get("last_object_clicked")
    if clicked:
        city_id = mapview.city_at(state.scenario().cities(state.dataset()), clicked["lat"], clicked["lng"])
        if city_id:
            state.select_city(city_id)


def select_chosen_city() -> None:
    """Selectbox callback: the town chosen in the side panel becomes the selection."""
    state.select_city(st.session_state[CITY_SELECT_KEY])


def instrument_label(instrument_id: str) -> str:
    """Short instrument name; the composite's name says that it is not in the paper."""
    return instrument_name(dataset, instrument_id, language, short=instrument_id != COMPOSITE)


def draw_city_panel(city_id: str) -> None:
    """The selected town: its region, Table 1 profile, and standing, strengths and weaknesses."""
    city = next(c for c in scenario.cities(dataset) if c.id == city_id)
    st.subheader(escape_markdown(city.name(language)))
    region = mapview.region_name(mapview.city_region(city), language)
    st.markdown(f"**{t('map.profile_region')}:** {region}")
    panels.city_profile_table(city_id)
    st.markdown(f"##### {t('map.scores')}")
    panels.city_standing(city_id, composite=False, side_by_side=False)


def draw_what_if(city_id: str) -> None:
    """The selected town's sliders on the colour-by instrument: the map recolours as they move."""
    name = escape_markdown(pickers.city_names()[city_id])
    with st.expander(t("map.what_if", city=name), icon=":material/tune:"):
        sliders_for = dataset.instrument_ids[0] if instrument == COMPOSITE else instrument
        if instrument == COMPOSITE:
            st.caption(t("map.what_if_composite", instrument=instrument_label(sliders_for)))
        whatif.city_sliders(sliders_for, city_id)


dataset, scenario, language = state.dataset(), state.scenario(), state.language()
table = score(dataset, scenario)

st.title(t("page.map"))
st.caption(t("map.intro"))
controls = st.columns([2, 1], vertical_alignment="bottom")  # room for the tiles switch in Kazakh
instrument = controls[0].radio(
    t("map.colour_by"),
    (*dataset.instrument_ids, COMPOSITE),
    format_func=instrument_label,
    horizontal=True,
    key=INSTRUMENT_KEY,
)
tiles = controls[1].toggle(t("map.tiles"), value=False, help=t("map.tiles_help"), key=TILES_KEY)
if instrument == COMPOSITE:
    st.caption(t("map.composite_note"))

markers = mapview.city_markers(dataset, scenario, table, instrument, language)
markers = map_change.compare_with_round(markers, instrument)
selected = state.selected_city()
map_column, side_column = st.columns([5, 3], gap="medium")
with map_column:
    town_picker = st.container()  # filled below; above the map, so that the keyboard reaches it first
    readiness_map(
        markers,
        instrument_label(instrument),
        key=MAP_KEY,
        legend=t("mapviews.legend_title", instrument=instrument_label(instrument)),
        tiles=tiles,
        selected=selected,
        returned_objects=RETURNED_OBJECTS,
        on_change=select_clicked_city,
    )
    for marker in markers:
        if marker.problem in PLACEMENT_WARNINGS:
            st.warning(
                t(PLACEMENT_WARNINGS[marker.problem], city=escape_markdown(marker.name)),
                icon=":material/warning:",
            )
    st.caption(t("map.attribution"))
    st.caption(t("map.approximate_note", regions=join_names(mapview.approximate_regions(language), language)))

with side_column:
    st.subheader(t("map.ranking"))
    # An HTML table: far lighter for the browser than st.dataframe, so the map shows sooner.
    ranking = result_tables.ranking_rows(markers, table, instrument, language)
    st.html(html_table(ranking, numbers=False))
    names = pickers.city_names()
    if st.session_state.get(CITY_SELECT_KEY) != selected:
        st.session_state[CITY_SELECT_KEY] = selected
    town_picker.selectbox(
        t("map.city"),
        list(names),
        index=None,
        format_func=names.__getitem__,
        placeholder=t("map.choose_city"),
        key=CITY_SELECT_KEY,
        on_change=select_chosen_city,
    )
    if selected:
        draw_what_if(selected)
        draw_city_panel(selected)
