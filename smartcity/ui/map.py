"""The readiness map: the folium map drawn with st_folium, and its colour legend."""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence

import folium
import streamlit as st
from streamlit_folium import st_folium

from smartcity.i18n.catalog import format_percent
from smartcity.ui import state
from smartcity.views import mapview
from smartcity.views.colors import css_gradient, legend_stops

LEAFLET_JS = "/app/static/leaflet/leaflet.js"
LEAFLET_CSS = "/app/static/leaflet/leaflet.css"
"""Leaflet as Streamlit serves it from static/ (server.enableStaticServing): no CDN."""


def with_served_leaflet(fmap: folium.Map) -> folium.Map:
    """The map linking the Leaflet that Streamlit serves (st_folium loads each element's files)."""
    fmap.default_js = [("leaflet", LEAFLET_JS)]
    fmap.default_css = [("leaflet_css", LEAFLET_CSS)]
    return fmap


def colour_legend(title: str, stops: int = 5) -> None:
    """Draw the readiness colour scale (fixed 0-100%) as a labelled bar, without branca."""
    percents = [percent for percent, _ in legend_stops(stops)]
    labels = "".join(f"<span>{html.escape(format_percent(p, state.language()))}</span>" for p in percents)
    st.html(
        f'<div style="font-size:0.85rem">{html.escape(title)}</div>'
        f'<div style="height:0.8rem;border-radius:2px;background:{css_gradient()}"></div>'
        f'<div style="display:flex;justify-content:space-between;font-size:0.8rem">{labels}</div>'
    )


def readiness_map(
    markers: Sequence[mapview.CityMarker],
    label: str,
    *,
    key: str,
    height: int,
    legend: str,
    tiles: bool = False,
    selected: str | None = None,
    returned_objects: Sequence[str] = (),
    on_change: Callable[[], None] | None = None,
) -> None:
    """The regions and the towns coloured by readiness (``label`` in tooltips), with the legend below.

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
    colour_legend(legend)
