"""Scenarios and export: save, load, rename, delete and compare scenarios; share links; downloads."""

import streamlit as st

from smartcity.ui import chrome, compare, downloads, saved
from smartcity.ui.flash import show_flash
from smartcity.ui.pickers import pick
from smartcity.ui.text import t

chrome.page_setup("page.scenarios")


def draw_saved() -> None:
    """Save the current scenario; list, load, rename and delete saved ones."""
    store = saved.open_store()
    if store is None:
        st.info(t("workshop.store_off"))
        return
    saved.save_form(store)
    saved.saved_list(store)


def draw_compare() -> None:
    """Two or more scenarios side by side: table with deltas, changes, radar overlay and a map toggle."""
    store = saved.open_store()
    if store is None:
        st.info(t("workshop.store_off"))
    named = compare.compared_scenarios(store)
    if len(named) < 2:
        st.info(t("workshop.compare_need_two"))
        return
    instrument = compare.comparison(named)
    compare.radar(named, instrument)
    compare.scenario_map(named, instrument)


def draw_share() -> None:
    """The share link, and the scenario as a JSON file (export and validated import)."""
    downloads.share_link()
    downloads.scenario_file()


def draw_export() -> None:
    """Downloads: scores as CSV and XLSX, a chart as PNG or SVG, and the PDF brief."""
    downloads.score_tables()
    downloads.chart_images()
    downloads.pdf_brief()


SECTIONS = {"saved": draw_saved, "compare": draw_compare, "share": draw_share, "export": draw_export}
"""Each section of the page and what draws it, in the order they are offered."""

st.title(t("page.scenarios"))
show_flash()
section = pick(
    "workshop_section", t("workshop.section"), list(SECTIONS), lambda s: t(f"workshop.section.{s}")
)
SECTIONS[section]()
