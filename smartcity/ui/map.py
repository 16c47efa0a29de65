"""The readiness map: the folium map drawn with st_folium, and its legend of bands and towns."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import folium
import streamlit as st
from folium.template import Template
from streamlit_folium import st_folium

from smartcity.ui import state
from smartcity.views import mapview
from smartcity.views.legend import legend_html

LEAFLET_JS = "/app/static/leaflet/leaflet.js"
LEAFLET_CSS = "/app/static/leaflet/leaflet.css"
"""Leaflet as Streamlit serves it from static/ (server.enableStaticServing): no CDN."""


class _NoReportOnLoad(folium.MacroElement):
    """Tells st_folium's frame that its last report had the click count it starts with (0).

    streamlit-folium 0.27 starts the frame's click count at 0 but gives Python's default as None, so
    the frame reported a "change" as soon as the map had loaded: a second run of the whole page, which
    also won over a page link clicked in that moment (the link's page was then not shown).
    """

    _template = Template(
        """{% macro script(this, kwargs) %}
        (function (shared) {
            if (shared && shared.previous_data && shared.previous_data.last_object_clicked_count === null) {
                shared.previous_data.last_object_clicked_count = shared.last_object_clicked_count;
            }
        })(window.__GLOBAL_DATA__);
        {% endmacro %}"""
    )


def with_served_leaflet(fmap: folium.Map) -> folium.Map:
    """The map linking the Leaflet that Streamlit serves (st_folium loads each element's files), and
    reporting to st_folium only what the user does on it."""
    fmap.default_js = [("leaflet", LEAFLET_JS)]
    fmap.default_css = [("leaflet_css", LEAFLET_CSS)]
    _NoReportOnLoad().add_to(fmap)
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
