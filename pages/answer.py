"""The respondent's questionnaire (``answer?round=<id>[&group=<gid>]``): about you, one section per
instrument, a review, then Submit. Answers are kept per browser token (``&t=``) and saved on each step."""

import streamlit as st

from smartcity.errors import SmartCityError
from smartcity.i18n.labels import (
    group_name,
    indicator_description,
    indicator_name,
    instrument_name,
)
from smartcity.store.rounds import COMMENT_MAX
from smartcity.ui import chrome, state
from smartcity.ui import questionnaire as q
from smartcity.ui.flash import show_flash
from smartcity.ui.text import escape_markdown, markdown_table, show_error, t

chrome.respondent_page_setup()
dataset, language = state.dataset(), state.language()


def draw_about_you() -> None:
    """Step 0: the stakeholder group (unless the link fixes it) and the towns assessed."""
    st.subheader(t("questionnaire.about_you"))
    if st.query_params.get(q.GROUP_PARAM):
        st.markdown(t("questionnaire.group_fixed", group=escape_markdown(group_name(sheet.group, language))))
    else:
        q.prefill(q.GROUP_KEY, sheet.group)
        st.selectbox(
            t("questionnaire.group"),
            round_.group_ids,
            index=None,
            format_func=lambda group: group_name(group, language),
            placeholder=t("questionnaire.choose_group"),
            key=q.GROUP_KEY,
        )
    st.markdown(f"**{t('questionnaire.towns')}**")
    for city in round_.city_ids:
        q.prefill(q.town_key(city), city in sheet.towns)
        st.checkbox(escape_markdown(q.town_name(dataset, city)), key=q.town_key(city))
    ready = bool(sheet.group and sheet.towns)
    if not ready:
        st.info(t("questionnaire.choose_towns"))
    st.button(
        t("questionnaire.start"),
        type="primary",
        disabled=not ready,
        on_click=q.go_to,
        args=(dataset, round_, 1),
    )


def draw_section(number: int, instrument_id: str) -> None:
    """One instrument's questions for every chosen town, and its comment box."""
    options = [*dataset.instrument(instrument_id).scale.points, q.DONT_KNOW]
    for city in sheet.towns:
        if len(sheet.towns) > 1:
            st.subheader(escape_markdown(q.town_name(dataset, city)))
        for question in q.questions(dataset, round_, sheet, instrument_id):
            if question[0] != city:
                continue
            answer = sheet.answers.get(question, "unanswered")
            q.prefill(q.question_key(question), q.DONT_KNOW if answer is None else answer)
            # The bundled data's name (not user text), unescaped: the radio group's accessible name is exact.
            name = indicator_name(dataset, instrument_id, question[2], language)
            with st.container(border=True):
                st.radio(
                    name,
                    options,
                    index=None,
                    horizontal=True,
                    format_func=lambda option: escape_markdown(
                        q.answer_label(dataset, instrument_id, option)
                    ),
                    key=q.question_key(question),
                )
                st.caption(
                    escape_markdown(indicator_description(dataset, instrument_id, question[2], language))
                )
    q.prefill(q.comment_key(instrument_id), sheet.comments.get(instrument_id))
    st.text_area(t("questionnaire.comment"), max_chars=COMMENT_MAX, key=q.comment_key(instrument_id))
    navigation(number, t("questionnaire.next"), number + 1)


def draw_review(number: int) -> None:
    """The answers given, per section, then Submit (an upsert: a resubmit replaces, never adds)."""
    st.subheader(t("questionnaire.review"))
    for instrument_id in round_.instrument_ids:
        asked = q.questions(dataset, round_, sheet, instrument_id)
        answered = [question for question in asked if question in sheet.answers]
        st.markdown(f"##### {escape_markdown(instrument_name(dataset, instrument_id, language))}")
        st.caption(t("questionnaire.answered", answered=len(answered), total=len(asked)))
        st.markdown(markdown_table(q.review_rows(dataset, sheet, asked), numbers=False))
        if sheet.comments.get(instrument_id):
            st.markdown("> " + escape_markdown(sheet.comments[instrument_id]).replace("\n", "  \n> "))
    navigation(number, t("questionnaire.submit"), None)
    show_flash()


def navigation(number: int, forward: str, forward_step: int | None) -> None:
    """Back and Next (saving progress), or Back and Submit on the review."""
    back, ahead = st.columns(2)
    back.button(
        t("questionnaire.back"), on_click=q.go_to, args=(dataset, round_, number - 1), key="answer_back"
    )
    if forward_step is None:
        ahead.button(forward, type="primary", on_click=q.save, args=(dataset, round_), kwargs={"final": True})
    else:
        ahead.button(forward, type="primary", on_click=q.go_to, args=(dataset, round_, forward_step))


st.title(t("questionnaire.title"))
if not st.query_params.get(q.ROUND_PARAM):
    st.info(t("questionnaire.no_round"))
    st.stop()
try:
    round_, sheet = q.open_sheet()
except SmartCityError as error:
    show_error(error)
    st.stop()
st.markdown(f"**{escape_markdown(round_.title)}**")
st.caption(t("questionnaire.intro"))
st.caption(t("questionnaire.privacy"))
if sheet.restored and q.STEP_KEY not in st.session_state:
    st.info(t("questionnaire.restored"))
q.collect(dataset, round_)
step = st.session_state.get(q.STEP_KEY, 0) if sheet.group and sheet.towns else 0
sections = round_.instrument_ids
if step <= len(sections):
    show_flash()  # a saved section's outcome, at the top of the next; the review shows Submit's by its button
if 1 <= step <= len(sections):
    title = instrument_name(dataset, sections[step - 1], language)
    st.progress(
        step / (len(sections) + 1),
        text=t("questionnaire.section", number=step, total=len(sections), name=title),
    )
    draw_section(step, sections[step - 1])
elif step > len(sections):
    st.progress(1.0, text=t("questionnaire.review"))
    draw_review(step)
else:
    draw_about_you()
