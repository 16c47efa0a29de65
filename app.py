"""Smart City Readiness dashboard, home page: Kazakhstan's regions and the assessed towns
coloured by readiness; a click on a town shows its profile. Other views are in pages/."""

import streamlit as st
from streamlit_folium import st_folium

from smartcity import mapview, ui
from smartcity.i18n import format_number, format_percent
from smartcity.labels import (
    PROFILE_FIELDS,
    band_name,
    city_profile,
    indicator_name,
    instrument_name,
    join_names,
)
from smartcity.narrative import strengths_and_weaknesses
from smartcity.scoring import COMPOSITE, score

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


def points(value: float) -> str:
    """An indicator score or total: whole numbers without decimals."""
    return format_number(value, language, 0 if value == int(value) else 2)


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
    """The selected town: its Table 1 profile, three instrument scores, strengths and weaknesses."""
    city = next(c for c in scenario.cities(dataset) if c.id == city_id)
    st.subheader(ui.escape_markdown(city.name(language)))
    region = mapview.region_name(mapview.city_region(city), language)
    st.markdown(f"**{ui.t('map.profile_region')}:** {region}")
    if city.population_geonames:
        population = format_number(city.population_geonames, language)
        st.markdown(f"**{ui.t('map.profile_population_geonames')}:** {population}")
    profile = [(name, city_profile(city, name, language)) for name in PROFILE_FIELDS]
    if any(text for _, text in profile):
        st.markdown(f"##### {ui.t('map.profile')}")
        for name, text in profile:
            if text:
                st.markdown(f"**{ui.t(f'map.profile_{name}')}:** {ui.escape_markdown(text)}")

    st.markdown(f"##### {ui.t('map.scores')}")
    columns = st.columns(len(dataset.instruments))
    for column, item in zip(columns, dataset.instruments, strict=True):
        result = table.get(city.id, item.id)
        with column:
            if result is None:
                st.metric(instrument_label(item.id), ui.t("map.no_score"))
                continue
            delta = round(result.delta_percent or 0.0, 1)
            st.metric(
                instrument_label(item.id),
                format_percent(result.percent, language),
                delta=ui.t("map.delta_points", delta=format_number(delta, language, 1)) if delta else None,
            )
            count = len(table.ranking(item.id))
            st.caption(
                ui.t(
                    "map.score_points",
                    total=points(result.total),
                    maximum=points(result.maximum),
                    rank=result.rank,
                    count=count,
                )
            )

    st.markdown(f"##### {ui.t('map.strengths')}")
    for item in dataset.instruments:
        st.markdown(strength_line(city.id, item.id))


def strength_line(city_id: str, instrument_id: str) -> str:
    """One instrument's strongest and weakest indicators of a town, as a markdown sentence."""
    label = instrument_label(instrument_id)
    keys = [(city_id, instrument_id, i) for i in dataset.instrument(instrument_id).indicator_ids]
    if any(key not in table.values for key in keys):
        return ui.t("map.not_scored", instrument=label)
    strong, weak = strengths_and_weaknesses(dataset, table, city_id, instrument_id)
    if not strong:
        return ui.t("map.all_equal", instrument=label, score=points(table.values[keys[0]].value))

    def names(indicators: tuple[str, ...]) -> str:
        return join_names((indicator_name(dataset, instrument_id, i, language) for i in indicators), language)

    return ui.t(
        "map.strong_weak",
        instrument=label,
        strong=names(strong),
        high=points(table.values[(city_id, instrument_id, strong[0])].value),
        weak=names(weak),
        low=points(table.values[(city_id, instrument_id, weak[0])].value),
    )


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
    assessed = frozenset(m.region_iso for m in markers if m.region_iso)
    st_folium(
        mapview.base_map(language, tiles, assessed),
        key=MAP_KEY,
        height=MAP_HEIGHT,
        use_container_width=True,
        returned_objects=RETURNED_OBJECTS,
        feature_group_to_add=mapview.marker_layer(markers, instrument_label(instrument), language, selected),
        on_change=select_clicked_city,
    )
    ui.colour_legend(ui.t("map.legend", instrument=instrument_label(instrument)))
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
        draw_city_panel(selected)
