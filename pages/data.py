"""Survey data: import respondent-level answers, check every cell, aggregate, and use them as scores.

Also adds towns beyond the paper's three. Nothing in the scenario changes until the user presses
"Use these scores" or "Add this city".
"""

import datetime

import streamlit as st

from smartcity.files import survey
from smartcity.ui import chrome, state, survey_import, town_entry, uploads
from smartcity.ui.text import t

chrome.page_setup("page.data")


def import_section() -> None:
    """Upload, check, report, preview, summarise and (on request) use a survey file."""
    st.header(t("survey.import"))
    survey_import.templates()
    uploaded = uploads.file_uploader(t("survey.upload"), ["csv", "xlsx", "txt"], "data.upload")
    if uploaded is None:
        uploads.forget_upload()
        survey_import.active_layers()
        return
    content = uploaded.getvalue()
    sheets = survey.sheet_names(content)
    options = st.columns(3)
    sheet = options[2].selectbox(t("survey.sheet"), sheets, key="data.sheet") if len(sheets) > 1 else None
    min_answers = options[0].number_input(
        t("survey.min_answers"), min_value=1, max_value=1000, value=survey.DEFAULT_MIN_ANSWERS, key="data.k"
    )
    round_scores = options[1].toggle(t("survey.round"), key="data.round", help=t("survey.round_help"))
    survey_file = uploads.read_upload(uploaded, content, sheet)
    if not survey_file.ok:
        survey_import.problem_report(survey_file)
        survey_import.active_layers()
        return
    survey_import.file_summary(survey_file)
    responses = survey_file.responses
    aggregates = survey.aggregate(responses, int(min_answers))
    origin = f"{uploaded.name}, {datetime.date.today().isoformat()}"  # data, the same in every language
    layer = survey.to_layer(aggregates, survey.layer_id(content), origin, round_scores)
    survey_import.accept(layer, responses)
    survey_import.preview(survey_file)
    survey_import.respondents(responses)
    survey_import.statistics(aggregates, layer)
    survey_import.breakdown(aggregates, responses)
    survey_import.active_layers()


def town_section() -> None:
    """Add a town: pick it (or give a name and coordinates), enter or import its scores."""
    st.header(t("survey.city.header"))
    st.caption(t("survey.city.intro"))
    place = town_entry.place_inputs()
    st.markdown(t("survey.city.scores"))
    scores = town_entry.score_inputs()
    if st.button(t("survey.city.add"), key="data.add_city"):
        town_entry.add_town(place, scores)
    town_entry.added_towns()


state.scenario()
st.title(t("page.data"))
st.caption(t("survey.intro"))
import_section()
town_section()
