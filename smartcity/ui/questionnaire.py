"""The respondent's questionnaire: the link's round and token, this browser's answer sheet, and its saving.

The sheet lives in session state (widgets of sections not shown lose their state); the token lives in
the address (``&t=``), so a reload restores the answers already submitted from the round store.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

import streamlit as st

from smartcity.errors import SmartCityError
from smartcity.i18n.labels import indicator_name, scale_label
from smartcity.model import Dataset, ScoreKey
from smartcity.store.database import StoreError
from smartcity.store.rounds import Round, RoundStore, check_open
from smartcity.ui import state
from smartcity.ui.flash import flash, flash_error
from smartcity.ui.text import t

ROUND_PARAM = "round"
GROUP_PARAM = "group"
TOKEN_PARAM = "t"
SHEET_KEY = "questionnaire_sheet"
STEP_KEY = "questionnaire_step"
GROUP_KEY = "questionnaire_group"
DONT_KNOW = "dont_know"
"""The radio option for "Don't know"; it is stored as no score (None)."""


@dataclass
class Sheet:
    """One respondent's answers to a round, as the session holds them between sections."""

    round_id: str
    token: str
    group: str | None
    towns: list[str]
    answers: dict[ScoreKey, float | None] = field(default_factory=dict)
    comments: dict[str, str] = field(default_factory=dict)
    restored: bool = False


def question_key(question: ScoreKey) -> str:
    """The session-state key of a question's radio group."""
    return "q|" + "|".join(question)


def town_key(city_id: str) -> str:
    """The session-state key of a town's checkbox ("I assess this town")."""
    return f"town|{city_id}"


def comment_key(instrument_id: str) -> str:
    """The session-state key of an instrument's comment box."""
    return f"c|{instrument_id}"


def open_sheet() -> tuple[Round, Sheet]:
    """The link's round and this browser's sheet (restored from the store on the session's first run).

    Raises StoreError for an unknown, closed, expired or not yet open round, a tampered token or a
    group the round does not ask; nothing is written.
    """
    round_id = st.query_params.get(ROUND_PARAM, "")
    store = state.round_store()
    round_ = store.get(round_id)
    check_open(round_, datetime.now(UTC).date())
    fixed = fixed_group(round_)
    sheet: Sheet | None = st.session_state.get(SHEET_KEY)
    if sheet is None or sheet.round_id != round_.id:
        sheet = _load_sheet(store, round_, st.query_params.get(TOKEN_PARAM))
        st.session_state[SHEET_KEY] = sheet
    if fixed:
        sheet.group = fixed
    if st.query_params.get(TOKEN_PARAM) != sheet.token:
        st.query_params[TOKEN_PARAM] = sheet.token
    return round_, sheet


def fixed_group(round_: Round) -> str | None:
    """The group the link fixes (None when the respondent chooses); StoreError when not the round's."""
    group = st.query_params.get(GROUP_PARAM)
    if group is not None and group not in round_.group_ids:
        raise StoreError("round_unknown_group", group=group[:40], known=", ".join(round_.group_ids))
    return group


def _load_sheet(store: RoundStore, round_: Round, token: str | None) -> Sheet:
    """A fresh sheet for a new token, or this token's draft (else its last submitted answers)."""
    only_town = list(round_.city_ids) if len(round_.city_ids) == 1 else []
    if not token:
        return Sheet(round_.id, store.new_token(round_.id), None, only_town)
    previous = store.draft(round_.id, token) or store.response(round_.id, token)
    if previous is None:
        return Sheet(round_.id, token, None, only_town)
    answered = {city for city, _, _ in previous.answers}
    towns = [city for city in round_.city_ids if city in answered]
    return Sheet(
        round_.id, token, previous.group_id, towns, dict(previous.answers), dict(previous.comments), True
    )


def questions(dataset: Dataset, round_: Round, sheet: Sheet, instrument_id: str) -> list[ScoreKey]:
    """The questions of one section: each chosen town's indicators of the instrument."""
    indicators = dataset.instrument(instrument_id).indicator_ids
    return [(city, instrument_id, indicator) for city in sheet.towns for indicator in indicators]


def prefill(key: str, value: object) -> None:
    """Give a widget about to be drawn the sheet's value (its own state is dropped when it is not shown)."""
    if key not in st.session_state and value is not None:
        st.session_state[key] = value


def collect(dataset: Dataset, round_: Round) -> Sheet:
    """Copy the values of the widgets on the page into the sheet, and return it."""
    sheet: Sheet = st.session_state[SHEET_KEY]
    if GROUP_KEY in st.session_state and not st.query_params.get(GROUP_PARAM):
        sheet.group = st.session_state[GROUP_KEY]
    if town_key(round_.city_ids[0]) in st.session_state:
        sheet.towns = [city for city in round_.city_ids if st.session_state.get(town_key(city))]
    for instrument_id in round_.instrument_ids:
        if comment_key(instrument_id) in st.session_state:
            sheet.comments[instrument_id] = st.session_state[comment_key(instrument_id)]
        for question in questions(dataset, round_, sheet, instrument_id):
            key = question_key(question)
            if key not in st.session_state:
                continue
            value = st.session_state[key]
            if value is None:
                sheet.answers.pop(question, None)
            else:
                sheet.answers[question] = None if value == DONT_KNOW else float(value)
    return sheet


def chosen_answers(sheet: Sheet) -> dict[ScoreKey, float | None]:
    """The sheet's answers about the towns chosen now (answers about a town dropped since are left out)."""
    return {question: value for question, value in sheet.answers.items() if question[0] in sheet.towns}


def save(dataset: Dataset, round_: Round, *, final: bool) -> None:
    """Submit the sheet (an upsert per token) for the Submit button (``final``), else keep it as a
    draft on a section change (skipped while nothing is answered). The outcome shows on the next run."""
    sheet = collect(dataset, round_)
    answers = chosen_answers(sheet)
    if not answers or sheet.group is None:
        if final:
            flash("error", t("questionnaire.nothing_answered"))
        return
    try:
        write = state.round_store().submit if final else state.round_store().save_draft
        write(dataset, round_.id, sheet.token, sheet.group, answers, sheet.comments)
    except SmartCityError as error:
        flash_error(error)
        return
    if final:
        flash("success", t("questionnaire.submitted"))
    else:
        flash("info", t("over_time.draft_saved"))


def go_to(dataset: Dataset, round_: Round, step: int) -> None:
    """Button callback: save progress, then show another step (0 = about you, then sections, then review)."""
    save(dataset, round_, final=False)
    st.session_state[STEP_KEY] = step


def town_name(dataset: Dataset, city_id: str) -> str:
    """A town's name in the session's language (a town the dataset does not know is named by its id)."""
    known = {city.id: city for city in dataset.cities}
    return known[city_id].name(state.language()) if city_id in known else city_id


def answer_label(dataset: Dataset, instrument_id: str, option: object) -> str:
    """A radio option's label: "1 — Very low" … "5 — High" from the instrument's scale, or "Don't know"."""
    if option == DONT_KNOW:
        return t("questionnaire.dont_know")
    point = int(option)  # type: ignore[call-overload]
    return f"{point} — {scale_label(dataset.instrument(instrument_id).scale, point, state.language())}"


def review_rows(dataset: Dataset, sheet: Sheet, asked: list[ScoreKey]) -> list[list[str]]:
    """The review's table of a section: a header, then each question and its answer (or "not answered")."""
    rows = [[t("questionnaire.indicator"), t("questionnaire.answer")]]
    for city, instrument_id, indicator in asked:
        shown = indicator_name(dataset, instrument_id, indicator, state.language())
        if len(sheet.towns) > 1:
            shown = f"{town_name(dataset, city)}: {shown}"
        if (city, instrument_id, indicator) not in sheet.answers:
            rows.append([shown, t("questionnaire.not_answered")])
            continue
        value = sheet.answers[(city, instrument_id, indicator)]
        rows.append([shown, answer_label(dataset, instrument_id, DONT_KNOW if value is None else value)])
    return rows
