"""The readiness map: the folium map drawn with st_folium, and its legend of bands and towns."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import folium
import streamlit as st
from streamlit_folium import st_folium

from smartcity.ui import state
from smartcity.views import mapview
from smartcity.views.legend import legend_html

LEAFLET_JS = "/app/static/leaflet/leaflet.js"
LEAFLET_CSS = "/app/static/leaflet/leaflet.css"
"""Leaflet as Streamlit serves it from static/ (server.enableStaticServing): no CDN."""


def with_served_leaflet(fmap: folium.Map) -> folium.Map:
    """The map linking the Leaflet that Streamlit serves (st_folium loads each element's files)."""
    fmap.default_js = [("leaflet", LEAFLET_JS)]
    fmap.default_css = [("leaflet_css", LEAFLET_CSS)]
    return fmap


def readiness_map(
    markers: Sequence[mapview.CityMarker],
    label: str,
    *,
    key: str,
    legend: str,
    height: int = mapview.MAP_HEIGHT,
    tiles: bool = False,
    selected: str | None = None,
    returned_objects: Sequence[str] = (),
    on_change: Callable[[], None] | None = None,
) -> None:
    """The regions and the labelled towns coloured by readiness band (``label`` in tooltips), with the
    legend below marking where each town sits.

    The base map is rebuilt identically each run, so st_folium keeps its iframe (zoom and pan);
    only the marker layer changes.
    """
    language = state.language()
    assessed = frozenset(m.region_iso for m in markers if m.region_iso)
    st_folium(
        with_served_leaflet(mapview.base_map(language, tiles, assessed)),
        key=key,
        height=height,
        use_container_width=True,
        returned_objects=list(returned_objects),
        feature_group_to_add=mapview.marker_layer(markers, label, language, selected),
        on_change=on_change,
    )
    st.html(legend_html(markers, state.dataset().bands, legend, language, selected))
