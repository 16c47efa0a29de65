"""Survey data: import respondent-level answers, check every cell, aggregate, and use them as scores.

Also adds towns beyond the paper's three. Nothing in the scenario changes until the user presses
"Use these scores" or "Add this city".
"""

import datetime
import json
from collections.abc import Callable

import pandas as pd
import streamlit as st

from smartcity import cities, geo, ui
from smartcity.errors import SmartCityError
from smartcity.files import survey
from smartcity.i18n.catalog import format_number
from smartcity.i18n.labels import city_name, group_name, indicator_name, instrument_name
from smartcity.model import City
from smartcity.scenario import Scenario, ScoreLayer
from smartcity.views import survey_charts
from smartcity.views.survey_charts import column

ui.page_setup()

TOWN_RESULTS = 20
PREVIEW_ROWS = 200


@st.cache_data(max_entries=4, show_spinner=False)
def read_file(
    content: bytes, file_name: str, sheet: str | None, cities_key: str, _cities: tuple[City, ...]
) -> survey.SurveyFile:
    """Read and check an uploaded file once per content, sheet and list of cities."""
    return survey.read_survey(content, file_name, dataset, _cities, sheet)


def cities_key(known: tuple[City, ...]) -> str:
    """What a file's city names are matched against, as a cache key."""
    return json.dumps([(city.id, dict(city.names)) for city in known], ensure_ascii=False)


def name_of(city_id: str) -> str:
    """A city's name in the interface language (user text for added cities: shown escaped)."""
    return city_name(dataset, scenario, city_id, language)


def question_labels(instrument_ids: pd.Series, indicator_ids: pd.Series) -> dict[str, list[str]]:
    """Translated "Instrument" and "Indicator" columns for rows of (instrument, indicator) ids."""
    pairs = list(zip(instrument_ids, indicator_ids, strict=True))
    return {
        column("instrument", language): [instrument_name(dataset, i, language, short=True) for i, _ in pairs],
        column("indicator", language): [indicator_name(dataset, i, j, language) for i, j in pairs],
    }


def templates() -> None:
    """Formats, the missing-answer policy, and the template and example downloads."""
    with st.expander(ui.t("survey.formats.title")):
        st.markdown(ui.t("survey.formats.body", limit=format_number(survey.MAX_FILE_BYTES / 2**20, language)))
    buttons = st.columns(3)
    buttons[0].download_button(
        ui.t("survey.template.long"),
        survey.TEMPLATE_PATH.read_bytes(),
        file_name=survey.TEMPLATE_PATH.name,
        mime="text/csv",
        key="data.template_long",
    )
    buttons[1].download_button(
        ui.t("survey.template.wide"),
        survey.template_csv(dataset, "wide").encode(),
        file_name="survey_template_wide.csv",
        mime="text/csv",
        key="data.template_wide",
    )
    buttons[2].download_button(
        ui.t("survey.template.example"),
        survey.EXAMPLE_PATH.read_bytes(),
        file_name=survey.EXAMPLE_PATH.name,
        mime="text/csv",
        key="data.example",
        help=ui.t("survey.template.example_help"),
    )


def problem_report(survey_file: survey.SurveyFile) -> None:
    """Every problem of the file: where, the value, and why, in the interface language."""
    st.error(ui.t("survey.report.problems", count=len(survey_file.problems)), icon="🚫")
    unit = ui.t(f"survey.report.{survey_file.row_unit}")
    st.dataframe(
        pd.DataFrame(
            {
                unit: [p.row for p in survey_file.problems],
                ui.t("survey.report.column"): [p.column for p in survey_file.problems],
                ui.t("survey.report.value"): [p.value for p in survey_file.problems],
                ui.t("survey.report.why"): [p.why(language) for p in survey_file.problems],
            }
        ),
        hide_index=True,
        width="stretch",
        key="data.problems",
    )
    st.info(ui.t("survey.report.nothing_changed"))


def file_summary(survey_file: survey.SurveyFile) -> None:
    """How the file was read (format, encoding, delimiter, layout) and what was ignored."""
    how = survey_file.file_format.upper()
    if survey_file.file_format == "csv":
        delimiter = ui.t("survey.tab") if survey_file.delimiter == "\t" else survey_file.delimiter
        how += f" · {survey_file.encoding} · «{delimiter}»"
    else:
        how += f" · {survey_file.sheet}"
    respondents = survey_file.responses.drop_duplicates(["city", "respondent_id"]).shape[0]
    st.success(
        ui.t(
            "survey.report.ok",
            how=ui.escape_markdown(how),
            layout=ui.t(f"survey.layout.{survey_file.layout}"),
            answers=format_number(int(survey_file.responses["score"].notna().sum()), language),
            respondents=format_number(respondents, language),
        ),
        icon="✅",
    )
    if survey_file.ignored_columns:
        st.caption(
            ui.t("survey.report.ignored", columns=ui.escape_markdown(", ".join(survey_file.ignored_columns)))
        )


def preview(survey_file: survey.SurveyFile) -> None:
    """The first responses as read (after matching cities and groups to their ids)."""
    with st.expander(
        ui.t("survey.preview", rows=format_number(min(PREVIEW_ROWS, len(survey_file.responses)), language))
    ):
        rows = survey_file.responses.head(PREVIEW_ROWS).rename(
            columns={"line": ui.t(f"survey.report.{survey_file.row_unit}")}
        )
        st.dataframe(rows, hide_index=True, width="stretch")


def respondents(responses: pd.DataFrame) -> None:
    """Respondents per city and per stakeholder group."""
    st.subheader(ui.t("survey.respondents"))
    counts = survey.respondent_counts(responses)
    counts.index = [name_of(city_id) for city_id in counts.index]
    counts.columns = [
        group_name(c, language) if c != "total" else ui.t("survey.total") for c in counts.columns
    ]
    st.dataframe(counts, width="stretch")


def decimal(value: float | None) -> str:
    """A statistic to 2 decimals in the interface language; "—" when it is undefined."""
    return "—" if value is None or pd.isna(value) else format_number(value, language, 2)


def statistics(aggregates: survey.Aggregates, layer: ScoreLayer) -> None:
    """n, mean, sd, 95% CI and the score that would be used, per city and indicator."""
    st.subheader(ui.t("survey.statistics"))
    overall = aggregates.overall
    scores = dict(layer.scores)
    keys = zip(overall["city"], overall["instrument"], overall["indicator"], strict=True)
    table = pd.DataFrame(
        {
            column("city", language): [name_of(c) for c in overall["city"]],
            **question_labels(overall["instrument"], overall["indicator"]),
            column("n", language): overall["n"],
            **{
                column(name, language): [decimal(v) for v in overall[name]]
                for name in ("mean", "sd", "ci_low", "ci_high")
            },
            column("score", language): [decimal(scores.get(key)) for key in keys],
            column("flagged", language): ["⚑" if flag else "" for flag in overall["flagged"]],
        }
    )
    flagged = int(overall["flagged"].sum())
    if flagged:
        st.warning(ui.t("survey.flagged", count=flagged, k=aggregates.min_answers), icon="⚠️")
    st.dataframe(table, hide_index=True, width="stretch", key="data.statistics")


def breakdown(aggregates: survey.Aggregates, responses: pd.DataFrame) -> None:
    """The chart of mean scores by stakeholder group for one city and instrument."""
    st.subheader(ui.t("survey.breakdown"))
    city_ids = [str(c) for c in responses["city"].unique()]
    choice = st.columns(2)
    with choice[0]:
        city_id = ui.pick("data.breakdown_city", ui.t("survey.city"), city_ids, name_of)
    with choice[1]:
        instrument_id = ui.pick_instrument("data.breakdown_instrument")
    chart = survey_charts.group_breakdown(
        aggregates, dataset, city_id, name_of(city_id), instrument_id, language
    )
    ui.chart(chart, key="data.breakdown_chart")


def use_layer(layer: ScoreLayer, responses: pd.DataFrame) -> None:
    """Button callback: add the survey layer to the scenario and keep its responses."""
    ui.set_scenario(ui.scenario().with_layer(layer))
    ui.set_survey_responses(layer.id, responses)


def accept(layer: ScoreLayer, responses: pd.DataFrame) -> None:
    """The "Use these scores" button; disabled when exactly these scores are in use already."""
    in_use = layer in scenario.layers
    st.button(
        ui.t("survey.use"),
        type="primary",
        key="data.use",
        disabled=in_use,
        on_click=use_layer,
        args=(layer, responses),
        help=ui.t("survey.use_help"),
    )
    if in_use:
        st.success(ui.t("survey.in_use"), icon="✅")


def removable(text: str, key: str, change: Callable[[Scenario], Scenario]) -> None:
    """A line of markdown with a "Remove" button that applies ``change`` to the scenario."""
    row = st.columns([4, 1])
    row[0].markdown(text)
    row[1].button(ui.t("survey.remove"), key=key, on_click=ui.change_scenario, args=(change,))


def active_layers() -> None:
    """Survey layers in the scenario, newest last, each removable."""
    if not scenario.layers:
        return
    st.subheader(ui.t("survey.layers"))
    for layer in scenario.layers:
        removable(
            ui.t("survey.layer", origin=ui.escape_markdown(layer.origin), count=len(layer.scores)),
            f"data.remove_layer.{layer.id}",
            lambda s, layer_id=layer.id: s.without_layer(layer_id),
        )


def import_section() -> None:
    """Upload, check, report, preview, summarise and (on request) use a survey file."""
    st.header(ui.t("survey.import"))
    templates()
    uploaded = st.file_uploader(ui.t("survey.upload"), type=["csv", "xlsx", "txt"], key="data.upload")
    if uploaded is None:
        active_layers()
        return
    content = uploaded.getvalue()
    sheets = survey.sheet_names(content)
    options = st.columns(3)
    sheet = options[2].selectbox(ui.t("survey.sheet"), sheets, key="data.sheet") if len(sheets) > 1 else None
    min_answers = options[0].number_input(
        ui.t("survey.min_answers"),
        min_value=1,
        max_value=1000,
        value=survey.DEFAULT_MIN_ANSWERS,
        key="data.k",
    )
    round_scores = options[1].toggle(ui.t("survey.round"), key="data.round", help=ui.t("survey.round_help"))
    known = scenario.cities(dataset)
    survey_file = read_file(content, uploaded.name, sheet, cities_key(known), known)
    if not survey_file.ok:
        problem_report(survey_file)
        active_layers()
        return
    file_summary(survey_file)
    responses = survey_file.responses
    aggregates = survey.aggregate(responses, int(min_answers))
    origin = f"{uploaded.name}, {datetime.date.today().isoformat()}"  # data, the same in every language
    layer = survey.to_layer(aggregates, survey.layer_id(content), origin, round_scores)
    accept(layer, responses)
    preview(survey_file)
    respondents(responses)
    statistics(aggregates, layer)
    breakdown(aggregates, responses)
    active_layers()


# --- adding a city ----------------------------------------------------------------------


def town_label(row: pd.Series) -> str:
    """A town in the search results: its name in the language, region and population."""
    name = cities.suggested_names(row)[language]
    region = geo.region_names().get(str(row["region_iso"]), {}).get(language, "")
    return f"{name} · {region} · {format_number(int(row['population']), language)}"


def city_form_inputs() -> tuple[int | None, dict[str, str], float | None, float | None]:
    """The place of the new city: a GeoNames town, or names and coordinates."""
    mode = st.segmented_control(
        ui.t("survey.city.mode"),
        ["town", "point"],
        default="town",
        format_func=lambda m: ui.t(f"survey.city.mode_{m}"),
        key="data.city_mode",
    )
    if mode == "point":
        names = {
            lang: st.text_input(ui.t(f"survey.city.name_{lang}"), key=f"data.point_name_{lang}")
            for lang in ("en", "kk", "ru")
        }
        place = st.columns(2)
        latitude = place[0].number_input(
            ui.t("survey.city.latitude"), value=None, format="%.5f", key="data.lat"
        )
        longitude = place[1].number_input(
            ui.t("survey.city.longitude"), value=None, format="%.5f", key="data.lon"
        )
        return None, names, latitude, longitude
    towns = geo.load_towns()
    query = st.text_input(ui.t("survey.city.search", count=format_number(len(towns), language)), key="data.q")
    matches = geo.search_towns(query, TOWN_RESULTS) if query.strip() else towns.iloc[0:0]
    if query.strip() and matches.empty:
        st.info(ui.t("survey.city.no_match"))
    if matches.empty:
        return None, {}, None, None
    labels = {int(row["geonameid"]): town_label(row) for _, row in matches.iterrows()}
    geonameid = st.selectbox(ui.t("survey.city.town"), list(labels), format_func=labels.get, key="data.town")
    suggested = cities.suggested_names(matches[matches["geonameid"] == geonameid].iloc[0])
    names = {
        lang: st.text_input(
            ui.t(f"survey.city.name_{lang}"), value=suggested[lang], key=f"data.town_name_{lang}.{geonameid}"
        )
        for lang in ("en", "kk", "ru")
    }
    return geonameid, names, None, None


def score_inputs() -> pd.DataFrame:
    """One input per indicator for the new city's scores (blank: import them later from a survey file)."""
    entered = []
    for column_of, instrument in zip(st.columns(len(dataset.instruments)), dataset.instruments, strict=True):
        column_of.markdown(f"**{instrument_name(dataset, instrument.id, language)}**")
        for indicator_id in instrument.indicator_ids:
            value = column_of.number_input(
                indicator_name(dataset, instrument.id, indicator_id, language),
                min_value=instrument.scale_min,
                max_value=instrument.scale_max,
                value=None,
                step=1.0,
                key=f"data.new_score.{instrument.id}.{indicator_id}",
            )
            entered.append((instrument.id, indicator_id, value))
    return pd.DataFrame(entered, columns=["instrument", "indicator", "score"])


def add_city(
    geonameid: int | None,
    names: dict[str, str],
    latitude: float | None,
    longitude: float | None,
    scores: pd.DataFrame,
) -> None:
    """Check and add the city with the scores entered; show why when it cannot be added."""
    current = ui.scenario()
    known = current.cities(dataset)
    try:
        if geonameid is not None:
            city = cities.city_from_town(geonameid, known, names)
        elif latitude is not None and longitude is not None:
            city = cities.new_city(names, latitude, longitude, known)
        else:
            raise SmartCityError("city_not_chosen")
        updated = current.with_city(city)
        for instrument_id, indicator_id, value in scores.dropna(subset=["score"]).itertuples(index=False):
            updated = updated.with_override((city.id, instrument_id, indicator_id), float(value))
        ui.set_scenario(updated)
    except SmartCityError as error:
        ui.show_error(error)
        return
    ui.select_city(city.id)
    missing = int(scores["score"].isna().sum())
    st.success(ui.t("survey.city.added", name=ui.escape_markdown(city.name(language))), icon="✅")
    if missing:
        st.info(ui.t("survey.city.missing_scores", count=missing))


def added_cities() -> None:
    """The cities the user added, each removable with its scores."""
    added = ui.scenario().added_cities
    if not added:
        return
    st.subheader(ui.t("survey.city.added_list"))
    for city in added:
        removable(
            ui.escape_markdown(city.name(language)) + f" · `{city.id}`",
            f"data.remove_city.{city.id}",
            lambda s, city_id=city.id: s.without_city(city_id),
        )


def city_section() -> None:
    """Add a town: pick it (or give a name and coordinates), enter or import its scores."""
    st.header(ui.t("survey.city.header"))
    st.caption(ui.t("survey.city.intro"))
    geonameid, names, latitude, longitude = city_form_inputs()
    st.markdown(ui.t("survey.city.scores"))
    scores = score_inputs()
    if st.button(ui.t("survey.city.add"), key="data.add_city"):
        add_city(geonameid, names, latitude, longitude, scores)
    added_cities()


dataset, scenario, language = ui.dataset(), ui.scenario(), ui.language()
st.title(ui.t("page.data"))
st.caption(ui.t("survey.intro"))
import_section()
city_section()
