"""The questionnaire of a round as an XLSForm (survey, choices, settings), to run it in KoboToolbox or ODK.

Question names are derivable from ids, so a Kobo/ODK export of the form reads back
(smartcity.files.kobo): a town's answers sit in the group ``town_<city>``, one
``select_one score_<instrument>`` per indicator named ``<city>__<instrument>__<indicator>``.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable, Sequence
from functools import partial

from openpyxl import Workbook

from smartcity.errors import SmartCityError
from smartcity.files.export import neutralise
from smartcity.i18n.catalog import LANGUAGE_NAMES, translate
from smartcity.i18n.labels import (
    group_name,
    indicator_description,
    indicator_name,
    instrument_name,
    scale_label,
)
from smartcity.model import City, Dataset
from smartcity.store.rounds import Round

GROUP_QUESTION = "stakeholder_group"
CITIES_QUESTION = "cities"
DONT_KNOW = "dont_know"
COMMENT_LIMIT = 1000
SURVEY_COLUMNS = (
    "type",
    "name",
    "label",
    "hint",
    "required",
    "relevant",
    "constraint",
    "constraint_message",
    "calculation",
)
"""Columns of the survey sheet; label, hint and constraint_message get one column per language."""
TRANSLATED_COLUMNS = ("label", "hint", "constraint_message")
_XML_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.\-]*")


def question_name(city_id: str, instrument_id: str, indicator_id: str) -> str:
    """The XLSForm name of a town's indicator question, e.g. ``shu__scri__digital_infrastructure``."""
    return xml_name(f"{city_id}__{instrument_id}__{indicator_id}")


def comment_name(city_id: str, instrument_id: str) -> str:
    """The XLSForm name of a town's free-text comment on an instrument, e.g. ``shu__scri__comment``."""
    return xml_name(f"{city_id}__{instrument_id}__comment")


def town_group_name(city_id: str) -> str:
    """The XLSForm name of the group holding one town's questions, e.g. ``town_shu``."""
    return f"town_{city_id}"


def score_list_name(instrument_id: str) -> str:
    """The choice list of an instrument's scale, e.g. ``score_scri``."""
    return f"score_{instrument_id}"


def xml_name(name: str) -> str:
    """``name`` as a valid XML name: a leading digit gets an underscore (town ids may start with one)."""
    candidate = name if _XML_NAME.fullmatch(name) else "_" + name
    if not _XML_NAME.fullmatch(candidate):
        raise SmartCityError("forms_bad_name", name=name)
    return candidate


def scale_points(dataset: Dataset, instrument_id: str) -> tuple[int, ...]:
    """The whole points of an instrument's scale, e.g. (1, 2, 3, 4, 5)."""
    return dataset.instrument(instrument_id).scale.points


def scale_point_label(dataset: Dataset, instrument_id: str, point: int, language: str) -> str:
    """A scale point's label in the language, e.g. "1 – Very low"."""
    return f"{point} – {scale_label(dataset.instrument(instrument_id).scale, point, language)}"


def language_column(column: str, language: str) -> str:
    """An XLSForm translated column, e.g. ``label::Русский (ru)``."""
    return f"{column}::{_language_tag(language)}"


def _language_tag(language: str) -> str:
    return f"{LANGUAGE_NAMES[language]} ({language})"


def xlsform_bytes(
    dataset: Dataset,
    round_: Round,
    cities: Sequence[City] | None = None,
    fixed_group: str | None = None,
) -> bytes:
    """The round's questionnaire as an XLSForm workbook (XLSX bytes).

    ``cities`` are the towns the round may name (default: the dataset's; pass the scenario's
    for added towns); ``fixed_group`` fixes the stakeholder group, as a group link does.
    """
    towns = _round_towns(round_, cities if cities is not None else dataset.cities)
    unknown_instruments = [i for i in round_.instrument_ids if i not in dataset.instrument_ids]
    if unknown_instruments:
        raise SmartCityError("unknown_instrument", instrument=unknown_instruments[0])
    if fixed_group is not None and fixed_group not in round_.group_ids:
        raise SmartCityError("forms_unknown_group", group=fixed_group, known=", ".join(round_.group_ids))
    languages = round_.languages or ("en",)
    unknown_languages = [language for language in languages if language not in LANGUAGE_NAMES]
    if unknown_languages:
        raise SmartCityError("unknown_language", language=unknown_languages[0])
    survey_rows = _survey_rows(dataset, round_, towns, fixed_group, languages)
    choice_rows = _choice_rows(dataset, round_, towns, languages)
    workbook = Workbook()
    survey = workbook.active
    assert survey is not None
    survey.title = "survey"
    survey_header = _header(SURVEY_COLUMNS, languages)
    survey.append(survey_header)
    for row in survey_rows:
        survey.append([neutralise(row.get(column, "")) for column in survey_header])
    choices = workbook.create_sheet("choices")
    choices_header = ["list_name", "name", *(language_column("label", lang) for lang in languages)]
    choices.append(choices_header)
    for row in choice_rows:
        choices.append([neutralise(row.get(column, "")) for column in choices_header])
    settings = workbook.create_sheet("settings")
    settings.append(["form_title", "form_id", "version", "default_language"])
    settings.append(
        [
            neutralise(_plain_text(round_.title)),
            xml_name(f"smartcity_{round_.id}"),
            round_.created_at.strftime("%Y%m%d%H%M"),
            _language_tag(languages[0]),
        ]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _round_towns(round_: Round, cities: Iterable[City]) -> tuple[City, ...]:
    by_id = {city.id: city for city in cities}
    unknown = [city_id for city_id in round_.city_ids if city_id not in by_id]
    if unknown:
        raise SmartCityError("forms_unknown_city", city=unknown[0], known=", ".join(by_id))
    return tuple(by_id[city_id] for city_id in round_.city_ids)


def _header(columns: Iterable[str], languages: Sequence[str]) -> list[str]:
    header: list[str] = []
    for column in columns:
        if column in TRANSLATED_COLUMNS:
            header.extend(language_column(column, language) for language in languages)
        else:
            header.append(column)
    return header


def _plain_text(text: str) -> str:
    """User text as XLSForm shows it literally: ``${...}`` would be read as a reference to a question."""
    return text.replace("${", "$ {")


def _labels(column: str, languages: Sequence[str], text_of: Callable[[str], str]) -> dict[str, str]:
    """One translated column per language, e.g. {"label::English (en)": ..., "label::Русский (ru)": ...}."""
    return {language_column(column, language): text_of(language) for language in languages}


def _town_name(town: City, language: str) -> str:
    return _plain_text(town.name(language))


def _message(key: str, **params: object) -> Callable[[str], str]:
    return lambda language: translate(key, language, **params)


def _survey_rows(
    dataset: Dataset,
    round_: Round,
    towns: Sequence[City],
    fixed_group: str | None,
    languages: Sequence[str],
) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = [
        {"type": "note", "name": "privacy", **_labels("label", languages, _message("forms.privacy"))}
    ]
    if fixed_group is None:
        rows.append(
            {
                "type": "select_one groups",
                "name": GROUP_QUESTION,
                "required": "yes",
                **_labels("label", languages, _message("forms.group_question")),
            }
        )
    else:
        rows.append({"type": "calculate", "name": GROUP_QUESTION, "calculation": f"'{fixed_group}'"})
    rows.append(
        {
            "type": f"select_multiple {CITIES_QUESTION}",
            "name": CITIES_QUESTION,
            "required": "yes",
            **_labels("label", languages, _message("forms.cities_question")),
        }
    )
    for town in towns:
        rows.append(
            {
                "type": "begin_group",
                "name": town_group_name(town.id),
                "relevant": f"selected(${{{CITIES_QUESTION}}}, '{town.id}')",
                **_labels("label", languages, partial(_town_name, town)),
            }
        )
        for instrument_id in round_.instrument_ids:
            rows.extend(_instrument_rows(dataset, town, instrument_id, languages))
        rows.append({"type": "end_group"})
    return rows


def _instrument_rows(
    dataset: Dataset, town: City, instrument_id: str, languages: Sequence[str]
) -> list[dict[str, str]]:
    """A section note, one scored question per indicator and the comment of one town's instrument."""
    rows: list[dict[str, str]] = [
        {
            "type": "note",
            "name": xml_name(f"{town.id}__{instrument_id}__section"),
            **_labels("label", languages, partial(instrument_name, dataset, instrument_id)),
        }
    ]
    for indicator_id in dataset.instrument(instrument_id).indicator_ids:
        rows.append(
            {
                "type": f"select_one {score_list_name(instrument_id)}",
                "name": question_name(town.id, instrument_id, indicator_id),
                "required": "yes",
                **_labels(
                    "label",
                    languages,
                    partial(indicator_name, dataset, instrument_id, indicator_id),
                ),
                **_labels(
                    "hint",
                    languages,
                    partial(indicator_description, dataset, instrument_id, indicator_id),
                ),
            }
        )
    rows.append(
        {
            "type": "text",
            "name": comment_name(town.id, instrument_id),
            "constraint": f"string-length(.) <= {COMMENT_LIMIT}",
            **_labels("label", languages, _message("forms.comment_question")),
            **_labels(
                "constraint_message", languages, _message("forms.comment_too_long", limit=COMMENT_LIMIT)
            ),
        }
    )
    return rows


def _choice_rows(
    dataset: Dataset, round_: Round, towns: Sequence[City], languages: Sequence[str]
) -> list[dict[str, str]]:
    """The choice lists: the round's groups, its towns, and each instrument's scale with "Don't know"."""
    rows: list[dict[str, str]] = []
    for group_id in round_.group_ids:
        rows.append(
            {
                "list_name": "groups",
                "name": group_id,
                **_labels("label", languages, partial(group_name, group_id)),
            }
        )
    for town in towns:
        rows.append(
            {
                "list_name": CITIES_QUESTION,
                "name": town.id,
                **_labels("label", languages, partial(_town_name, town)),
            }
        )
    for instrument_id in round_.instrument_ids:
        list_name = score_list_name(instrument_id)
        for point in scale_points(dataset, instrument_id):
            rows.append(
                {
                    "list_name": list_name,
                    "name": str(point),
                    **_labels("label", languages, partial(scale_point_label, dataset, instrument_id, point)),
                }
            )
        rows.append(
            {
                "list_name": list_name,
                "name": DONT_KNOW,
                **_labels("label", languages, _message("forms.dont_know")),
            }
        )
    return rows
