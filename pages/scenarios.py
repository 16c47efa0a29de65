"""Scenarios and export: save, load, rename, delete and compare scenarios; share links; downloads."""

from datetime import UTC, datetime

import pandas as pd
import streamlit as st

from smartcity import ui
from smartcity.analysis.compare import changes, comparison_frame, radar_overlay
from smartcity.errors import SmartCityError
from smartcity.files import brief, export, share
from smartcity.i18n.catalog import format_percent, format_signed
from smartcity.i18n.labels import instrument_name
from smartcity.scenario import Scenario, replace_language, to_json
from smartcity.scoring import COMPOSITE, score
from smartcity.store import scenarios as store
from smartcity.views import mapview
from smartcity.views.charts import radar

ui.page_setup()

SECTIONS = ("saved", "compare", "share", "export")
FLASH_KEY = "workshop_flash"
# (name, scenario) of the last scenario saved or loaded: the brief's name while it is unchanged.
NAMED_KEY = "workshop_named"
CURRENT = "current"


@st.cache_resource(show_spinner=False)
def open_store(url: str) -> store.ScenarioStore:
    """One store per database URL and process (a failure is not cached: the next run tries again)."""
    return store.ScenarioStore(url)


def scenario_store() -> store.ScenarioStore | None:
    """The configured store, or None after showing why it cannot be used."""
    try:
        return open_store(store.database_url().render_as_string(hide_password=False))
    except SmartCityError as error:
        ui.show_error(error)
        return None


def flash(kind: str, text: str) -> None:
    """Keep a message (markdown, user text escaped) for the next run: callbacks draw at the top."""
    st.session_state[FLASH_KEY] = (kind, text)


def flash_error(error: SmartCityError) -> None:
    """Keep an error for the next run; its message may quote user text, so it is escaped."""
    flash("error", ui.escape_markdown(error.message(language)))


def show_flash() -> None:
    """Show the kept message once."""
    kind, text = st.session_state.pop(FLASH_KEY, (None, ""))
    if kind == "success":
        st.success(text, icon="✅")
    elif kind == "error":
        st.error(text, icon="🚫")


def brief_name() -> str:
    """The name printed in the brief: the saved name while the scenario is unchanged since."""
    name, named = st.session_state.get(NAMED_KEY, ("", None))
    unchanged = named is not None and replace_language(named, language) == scenario
    return name if unchanged else ui.t("brief.unsaved_name")


def moment(value: datetime) -> str:
    """A saved time in UTC, unambiguous for every participant."""
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


# --- saved scenarios -------------------------------------------------------------------------


def save_current(saved: store.ScenarioStore) -> None:
    """Form callback: save the current scenario under the typed name."""
    state = st.session_state
    try:
        entry = saved.save(
            state["save_name"],
            scenario,
            state["save_author"],
            state["save_note"],
            overwrite=state["save_replace"],
        )
    except SmartCityError as error:
        flash_error(error)
        return
    st.session_state[NAMED_KEY] = (entry.name, scenario)
    flash("success", ui.t("workshop.saved", name=ui.escape_markdown(entry.name)))


def load_saved(saved: store.ScenarioStore, entry: store.SavedScenario) -> None:
    """Button callback: make a saved scenario the current one (in the session's language)."""
    try:
        loaded = replace_language(saved.load(dataset, entry.id), language)
    except SmartCityError as error:
        flash_error(error)
        return
    ui.set_scenario(loaded)
    st.session_state[NAMED_KEY] = (entry.name, loaded)
    flash("success", ui.t("workshop.loaded", name=ui.escape_markdown(entry.name)))


def rename_saved(saved: store.ScenarioStore, entry: store.SavedScenario) -> None:
    """Button callback: rename a saved scenario."""
    try:
        renamed = saved.rename(entry.id, st.session_state["rename_to"])
    except SmartCityError as error:
        flash_error(error)
        return
    flash(
        "success",
        ui.t("workshop.renamed", old=ui.escape_markdown(entry.name), new=ui.escape_markdown(renamed.name)),
    )


def delete_saved(saved: store.ScenarioStore, entry: store.SavedScenario) -> None:
    """Button callback: delete a saved scenario (the confirmation box must be ticked)."""
    try:
        saved.delete(entry.id)
    except SmartCityError as error:
        flash_error(error)
        return
    flash("success", ui.t("workshop.deleted", name=ui.escape_markdown(entry.name)))


def draw_saved(saved: store.ScenarioStore | None) -> None:
    """Save the current scenario; list, load, rename and delete saved ones."""
    if saved is None:
        st.info(ui.t("workshop.store_off"))
        return
    with st.form("save_form", clear_on_submit=False):
        st.subheader(ui.t("workshop.save_title"))
        st.text_input(ui.t("workshop.name"), key="save_name", max_chars=store.NAME_MAX)
        st.text_input(ui.t("workshop.author"), key="save_author", max_chars=store.AUTHOR_MAX)
        st.text_area(ui.t("workshop.note"), key="save_note", max_chars=store.NOTE_MAX, height=90)
        st.checkbox(ui.t("workshop.replace"), key="save_replace")
        st.form_submit_button(
            ui.t("workshop.save"), key="save_submit", type="primary", on_click=save_current, args=(saved,)
        )
    st.subheader(ui.t("workshop.saved_title"))
    try:
        entries = saved.list()
    except SmartCityError as error:
        ui.show_error(error)
        return
    if not entries:
        st.caption(ui.t("workshop.none_saved"))
        return
    st.dataframe(
        pd.DataFrame(
            {
                ui.t("workshop.name"): [e.name for e in entries],
                ui.t("workshop.author"): [e.author for e in entries],
                ui.t("workshop.note"): [e.note for e in entries],
                ui.t("workshop.created"): [moment(e.created_at) for e in entries],
                ui.t("workshop.updated"): [moment(e.updated_at) for e in entries],
            }
        ),
        hide_index=True,
        width="stretch",
    )
    by_id = {e.id: e for e in entries}
    chosen = st.selectbox(
        ui.t("workshop.choose"), list(by_id), format_func=lambda i: by_id[i].name, key="chosen"
    )
    entry = by_id[chosen]
    columns = st.columns(3, vertical_alignment="bottom")
    columns[0].button(
        ui.t("workshop.load"), key="load", on_click=load_saved, args=(saved, entry), type="primary"
    )
    columns[1].text_input(ui.t("workshop.rename_to"), key="rename_to", max_chars=store.NAME_MAX)
    columns[1].button(ui.t("workshop.rename"), key="rename", on_click=rename_saved, args=(saved, entry))
    confirmed = columns[2].checkbox(ui.t("workshop.confirm_delete"), key="confirm_delete")
    columns[2].button(
        ui.t("workshop.delete"),
        key="delete",
        on_click=delete_saved,
        args=(saved, entry),
        disabled=not confirmed,
    )


# --- compare -----------------------------------------------------------------------------------


def compared_scenarios(saved: store.ScenarioStore | None) -> list[tuple[str, Scenario]]:
    """The scenarios picked for comparison, labelled uniquely, in the session's language."""
    try:
        entries = {str(e.id): e for e in (saved.list() if saved else [])}
    except SmartCityError as error:  # e.g. the database was locked or removed after it was opened
        ui.show_error(error)
        entries = {}

    def label(option: str) -> str:
        return ui.t("workshop.current") if option == CURRENT else entries[option].name

    options = [CURRENT, *entries]
    picked = st.multiselect(
        ui.t("workshop.compare_pick"), options, default=options[:2], format_func=label, key="compare"
    )
    named: list[tuple[str, Scenario]] = []
    for option in picked:
        try:
            loaded = (
                scenario if option == CURRENT or saved is None else saved.load(dataset, entries[option].id)
            )
        except SmartCityError as error:
            ui.show_error(error)
            continue
        taken = {name for name, _ in named}
        text, number = label(option), 1
        while text in taken:  # a saved scenario may be named like the current one's label
            number += 1
            text = f"{label(option)} ({number})"
        named.append((text, replace_language(loaded, language)))
    return named


def comparison_display(frame: pd.DataFrame) -> pd.DataFrame:
    """The comparison with numbers in the user's format and flat column names."""
    formats = {
        ui.t("compare.col.percent"): lambda v: format_percent(v, language, 1),
        ui.t("compare.col.rank"): lambda v: str(int(v)),
        ui.t("compare.col.delta"): lambda v: format_signed(v, language, 1),
        ui.t("compare.col.rank_change"): lambda v: format_signed(v, language, 0),
    }
    shown = pd.DataFrame(index=frame.index)
    for label, measure in frame.columns:
        shown[f"{label} · {measure}"] = [
            formats[measure](v) if pd.notna(v) else "—" for v in frame[(label, measure)]
        ]
    return shown.reset_index()


def draw_compare(saved: store.ScenarioStore | None) -> None:
    """Two or more scenarios side by side: table with deltas, changes, radar overlay and a map toggle."""
    if saved is None:
        st.info(ui.t("workshop.store_off"))
    named = compared_scenarios(saved)
    if len(named) < 2:
        st.info(ui.t("workshop.compare_need_two"))
        return
    instrument = ui.pick_instrument("compare_instrument", composite=True)
    st.caption(ui.t("workshop.compare_reference", name=ui.escape_markdown(named[0][0])))
    st.dataframe(comparison_display(comparison_frame(dataset, named, instrument, language)), hide_index=True)
    columns = st.columns(len(named))
    for column, (label, compared) in zip(columns, named, strict=True):
        with column:
            st.markdown(f"**{ui.escape_markdown(label)}**")
            lines = changes(dataset, compared, language) or [ui.t("brief.no_changes")]
            st.markdown(ui.markdown_list(lines))
    st.subheader(ui.t("workshop.radar_title"))
    cities = {city.id: city.name(language) for _, s in named for city in s.cities(dataset)}
    city = ui.pick("compare_city", ui.t("workshop.city"), list(cities), cities.__getitem__)
    radar_instrument = instrument
    if instrument == COMPOSITE:
        radar_instrument = ui.pick_instrument("compare_radar_instrument")
    st.plotly_chart(radar_overlay(dataset, named, city, radar_instrument, language), key="compare_radar")
    st.subheader(ui.t("workshop.map_title"))
    labels = [label for label, _ in named]
    shown = ui.pick("compare_map", ui.t("workshop.map_of"), labels)
    mapped = dict(named)[shown]
    markers = mapview.city_markers(dataset, mapped, score(dataset, mapped), instrument)
    name = instrument_name(dataset, instrument, language)
    ui.readiness_map(
        markers,
        name,
        key="compare_map_view",
        height=460,
        legend=ui.t("workshop.map_legend", name=shown, instrument=name),
    )


# --- share and import ---------------------------------------------------------------------------


def draw_share() -> None:
    """The share link, and the scenario as a JSON file (export and validated import)."""
    st.subheader(ui.t("workshop.link_title"))
    st.caption(ui.t("workshop.link_help"))
    app_url = st.context.url or "http://localhost:8501/"
    view = {"city": ui.selected_city()} if ui.selected_city() else {}
    st.code(share.share_link(app_url, dataset, scenario, view), language=None, wrap_lines=True)
    st.subheader(ui.t("workshop.json_title"))
    st.download_button(
        ui.t("workshop.json_download"),
        data=to_json(scenario),
        file_name="scenario.json",
        mime="application/json",
        on_click="ignore",
        key="json_download",
    )
    upload = st.file_uploader(ui.t("workshop.json_upload"), type=["json"], key="json_upload")
    if upload is None:
        return
    imported, found = share.read_scenario_file(dataset, upload.getvalue())
    if found:
        st.error(
            ui.t("workshop.import_problems", file=ui.escape_markdown(upload.name), count=len(found)),
            icon="🚫",
        )
        st.markdown(ui.markdown_list([problem.message(language) for problem in found]))
        return
    assert imported is not None
    lines = changes(dataset, imported, language) or [ui.t("brief.no_changes")]
    st.success(ui.t("workshop.import_ok", file=ui.escape_markdown(upload.name)), icon="✅")
    st.markdown(ui.markdown_list(lines))
    st.button(ui.t("workshop.import_apply"), key="import_apply", on_click=apply_import, args=(imported,))


def apply_import(imported: Scenario) -> None:
    """Button callback: the imported scenario becomes the current one (in the session's language)."""
    ui.set_scenario(replace_language(imported, language))
    flash("success", ui.t("workshop.import_applied"))


# --- downloads -----------------------------------------------------------------------------


def draw_export() -> None:
    """Downloads: scores as CSV and XLSX, a chart as PNG or SVG, and the PDF brief."""
    st.subheader(ui.t("workshop.tables_title"))
    columns = st.columns(2)
    columns[0].download_button(
        ui.t("workshop.csv"),
        data=lambda: export.scores_csv(dataset, scenario, language),
        file_name="smartcity-scores.csv",
        mime="text/csv",
        on_click="ignore",
        key="csv_download",
    )
    columns[1].download_button(
        ui.t("workshop.xlsx"),
        data=lambda: export.scores_xlsx(dataset, scenario, language),
        file_name="smartcity-scores.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        on_click="ignore",
        key="xlsx_download",
    )
    st.subheader(ui.t("workshop.charts_title"))
    instrument = ui.pick_instrument("export_instrument")
    city_ids = tuple(city.id for city in scenario.cities(dataset))
    figure = radar(dataset, scenario, instrument, city_ids, language).figure
    columns = st.columns(2)
    for column, image_format in zip(columns, ("png", "svg"), strict=True):
        column.download_button(
            ui.t(f"workshop.{image_format}"),
            data=lambda image_format=image_format: export.figure_image(figure, image_format),
            file_name=f"smartcity-radar-{instrument}.{image_format}",
            mime="image/png" if image_format == "png" else "image/svg+xml",
            on_click="ignore",
            key=f"{image_format}_download",
        )
    st.subheader(ui.t("workshop.brief_title"))
    st.caption(ui.t("workshop.brief_help"))
    name = brief_name()
    st.download_button(
        ui.t("workshop.pdf"),
        data=lambda: brief.pdf_brief(dataset, scenario, name),
        file_name="smartcity-brief.pdf",
        mime="application/pdf",
        on_click="ignore",
        key="pdf_download",
        type="primary",
    )


dataset = ui.dataset()
scenario = ui.scenario()
language = ui.language()

st.title(ui.t("page.scenarios"))
show_flash()
section = ui.pick(
    "workshop_section", ui.t("workshop.section"), SECTIONS, lambda s: ui.t(f"workshop.section.{s}")
)
if section == "saved":
    draw_saved(scenario_store())
elif section == "compare":
    draw_compare(scenario_store())
elif section == "share":
    draw_share()
else:
    draw_export()
