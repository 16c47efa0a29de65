"""Sharing and downloads: the share link, scenario files out and in, scores, charts and the PDF brief."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import streamlit as st

from smartcity.analysis.compare import changes
from smartcity.files import brief, export, share
from smartcity.scenario import Scenario, to_json
from smartcity.ui import chrome, round_history, state
from smartcity.ui.flash import flash
from smartcity.ui.pickers import pick_instrument
from smartcity.ui.saved import brief_name
from smartcity.ui.text import escape_markdown, markdown_list, t
from smartcity.ui.uploads import file_uploader
from smartcity.views.charts import radar

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
IMAGE_MIMES = {"png": "image/png", "svg": "image/svg+xml"}


def share_link() -> None:
    """The address that opens the session's scenario, language and town on the page the sender
    chooses (the map by default), whichever page it is copied from."""
    st.subheader(t("workshop.link_title"))
    st.caption(t("workshop.link_help"))
    titles = {_url_path(script): title_key for script, title_key, _ in chrome.PAGES}
    page = st.selectbox(
        t("landing.opens_on"), list(titles), format_func=lambda path: t(titles[path]), key="share_page"
    )
    page_url = st.context.url or "http://localhost:8501/"
    link = share.page_address(page_url, set(titles) - {""}, page, state.link_params())
    st.code(link, language=None, wrap_lines=True)


def _url_path(script: str) -> str:
    """A page's path in the app's address as Streamlit names it: "" for the home page, else its stem."""
    return "" if script == chrome.PAGES[0][0] else Path(script).stem


def scenario_file() -> None:
    """The scenario as a JSON file, and a JSON file checked (every problem listed) before it applies."""
    data, lang = state.dataset(), state.language()
    st.subheader(t("workshop.json_title"))
    st.download_button(
        t("workshop.json_download"),
        data=to_json(state.scenario()),
        file_name="scenario.json",
        mime="application/json",
        on_click="ignore",
        key="json_download",
    )
    upload = file_uploader(t("workshop.json_upload"), ["json"], "json_upload")
    if upload is None:
        return
    imported, found = share.read_scenario_file(data, upload.getvalue())
    if imported is None:
        st.error(
            t("workshop.import_problems", file=escape_markdown(upload.name), count=len(found)),
            icon=":material/error:",
        )
        st.markdown(markdown_list([problem.message(lang) for problem in found]))
        return
    st.success(t("workshop.import_ok", file=escape_markdown(upload.name)), icon=":material/check_circle:")
    st.markdown(markdown_list(changes(data, imported, lang) or [t("brief.no_changes")]))
    st.button(t("workshop.import_apply"), key="import_apply", on_click=_apply_import, args=(imported,))


def _apply_import(imported: Scenario) -> None:
    """Button callback: the imported scenario becomes the current one."""
    state.set_scenario(imported)
    flash("success", t("workshop.import_applied"))


def score_tables() -> None:
    """The scores as CSV (standard, and for Excel in Russian and Kazakh settings) and XLSX."""
    data, current, lang = state.dataset(), state.scenario(), state.language()
    st.subheader(t("workshop.tables_title"))
    row = st.container(horizontal=True)  # each button as wide as its label, wrapping when narrow
    row.download_button(
        t("workshop.csv"),
        data=lambda: export.scores_csv(data, current, lang),
        file_name="smartcity-scores.csv",
        mime="text/csv",
        on_click="ignore",
        key="csv_download",
    )
    row.download_button(
        t("export.csv_excel"),
        data=lambda: export.scores_csv(data, current, lang, "excel"),
        file_name="smartcity-scores-excel.csv",
        mime="text/csv",
        on_click="ignore",
        key="csv_excel_download",
        help=t("export.csv_excel_help"),
    )
    row.download_button(
        t("workshop.xlsx"),
        data=lambda: export.scores_xlsx(data, current, lang),
        file_name="smartcity-scores.xlsx",
        mime=XLSX_MIME,
        on_click="ignore",
        key="xlsx_download",
    )


def chart_images() -> None:
    """An instrument's radar as PNG or SVG."""
    data, current, lang = state.dataset(), state.scenario(), state.language()
    st.subheader(t("workshop.charts_title"))
    instrument = pick_instrument("export_instrument")
    city_ids = tuple(city.id for city in current.cities(data))
    figure = radar(data, current, instrument, city_ids, lang).figure
    row = st.container(horizontal=True)
    for image_format, mime in IMAGE_MIMES.items():
        row.download_button(
            t(f"workshop.{image_format}"),
            data=partial(export.figure_image, figure, image_format),
            file_name=f"smartcity-radar-{instrument}.{image_format}",
            mime=mime,
            on_click="ignore",
            key=f"{image_format}_download",
        )


def pdf_brief() -> None:
    """The PDF brief of the scenario."""
    data, current, lang = state.dataset(), state.scenario(), state.language()
    st.subheader(t("workshop.brief_title"))
    st.caption(t("workshop.brief_help"))
    name, history = brief_name(), round_history.brief_history(current)
    st.download_button(
        t("workshop.pdf"),
        data=lambda: brief.pdf_brief(data, current, lang, name, history=history),
        file_name="smartcity-brief.pdf",
        mime="application/pdf",
        on_click="ignore",
        key="pdf_download",
        type="primary",
    )
