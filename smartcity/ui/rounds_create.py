"""Creating an assessment round: the form, then its links, QR cards and the organiser key (shown once)."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

import streamlit as st

from smartcity.errors import SmartCityError
from smartcity.files.cards import QrCard, qr_card_png, qr_cards_pdf
from smartcity.i18n.catalog import LANGUAGE_NAMES, LANGUAGES
from smartcity.i18n.labels import city_name, group_name, instrument_name
from smartcity.store.database import TITLE_MAX
from smartcity.store.rounds import Round, RoundGroup, default_groups, group_links, respondent_link
from smartcity.ui import state
from smartcity.ui.text import escape_markdown, show_error, t

CREATED_KEY = "rounds.created"
"""The id of the round this session created last (its links and cards stay on the page)."""
NEW_KEY_KEY = "rounds.new_key"
"""The organiser key of the round just created: popped when shown, so it is shown once."""


def full_url(relative: str) -> str:
    """A link relative to the app's root as a full address, from the address the page was opened at."""
    opened = urlsplit(st.context.url or "http://localhost:8501/")
    base_path = str(st.get_option("server.baseUrlPath") or "").strip("/")
    root = f"{opened.scheme}://{opened.netloc}/" + (f"{base_path}/" if base_path else "")
    return urljoin(root, relative)


def create_form() -> None:
    """The form that creates a round; on success the round's links and key show below it."""
    data, lang, current = state.dataset(), state.language(), state.scenario()
    towns = current.cities(data)
    with st.form("rounds.create_form"):
        title = st.text_input(t("organiser.create.title"), max_chars=TITLE_MAX, key="rounds.title")
        city_ids = st.multiselect(
            t("organiser.create.towns"),
            [town.id for town in towns],
            format_func=lambda city_id: city_name(data, current, city_id, lang),
            key="rounds.towns",
            placeholder=t("polish2.choose_options"),
        )
        instrument_ids = st.multiselect(
            t("organiser.create.instruments"),
            list(data.instrument_ids),
            default=list(data.instrument_ids),
            format_func=lambda instrument_id: instrument_name(data, instrument_id, lang),
            key="rounds.instruments",
            placeholder=t("polish2.choose_options"),
        )
        groups = _target_inputs()
        dates = st.columns(2)
        opens = dates[0].date_input(t("organiser.create.opens"), key="rounds.opens")
        closes = dates[1].date_input(t("organiser.create.closes"), value=None, key="rounds.closes")
        languages = st.multiselect(
            t("organiser.create.languages"),
            list(LANGUAGES),
            default=list(LANGUAGES),
            format_func=LANGUAGE_NAMES.__getitem__,
            key="rounds.languages",
            placeholder=t("polish2.choose_options"),
        )
        submitted = st.form_submit_button(
            t("organiser.create.submit"), type="primary", key="rounds.create_submit"
        )
    if submitted:
        try:
            round_, key = state.round_store().create_round(
                data, title, city_ids, instrument_ids, groups, opens, closes, languages, cities=towns
            )
        except SmartCityError as error:
            show_error(error)
            return
        st.session_state[CREATED_KEY] = round_.id
        st.session_state[NEW_KEY_KEY] = key
    created = st.session_state.get(CREATED_KEY)
    if created:
        _show_created(state.round_store().get(created))


def _target_inputs() -> list[RoundGroup]:
    """One whole-number input per stakeholder group, its target (Figure 1's counts at first)."""
    st.markdown(t("organiser.create.targets"))
    defaults = default_groups(state.dataset())
    columns = st.columns(len(defaults))
    return [
        RoundGroup(
            group.id,
            int(
                column.number_input(
                    group_name(group.id, state.language()),
                    0,
                    100_000,
                    group.target,
                    1,
                    key=f"rounds.target.{group.id}",
                )
            ),
        )
        for group, column in zip(defaults, columns, strict=True)
    ]


def _show_created(round_: Round) -> None:
    """The new round's key (once), its links and their QR cards."""
    st.success(
        t("organiser.created", title=escape_markdown(round_.title), id=round_.id),
        icon=":material/check_circle:",
    )
    key = st.session_state.pop(NEW_KEY_KEY, None)
    if key is not None:
        st.warning(t("organiser.key_once"), icon=":material/key:")
        st.code(key, language=None)
    round_links(round_)


def round_links(round_: Round) -> None:
    """The respondent link and one link per group, each with its QR card, and a PDF of all cards."""
    lang = state.language()
    links = {t("organiser.any_group"): respondent_link(round_)}
    links.update({group_name(group_id, lang): link for group_id, link in group_links(round_).items()})
    cards = [QrCard(full_url(link), round_.title, label, lang) for label, link in links.items()]
    st.subheader(t("organiser.links"))
    for card in cards:
        with st.expander(escape_markdown(card.group_label)):
            st.code(card.link, language=None, wrap_lines=True)
            st.image(qr_card_png(card.link, card.title, card.group_label, lang), width=300)
    st.download_button(
        t("organiser.cards_pdf"),
        qr_cards_pdf(cards),
        file_name=f"round_{round_.id}_cards.pdf",
        mime="application/pdf",
        on_click="ignore",
        key="rounds.cards_pdf",
    )
