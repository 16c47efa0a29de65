"""Counted messages agree with the number: "1 problem", "2 problems"; Russian has one, few and many forms."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from smartcity.analysis.consensus import SmallGroup
from smartcity.errors import SmartCityError
from smartcity.i18n.catalog import translate_count

LOCALES = Path(__file__).resolve().parents[2] / "smartcity" / "i18n" / "locales"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "en",
            [
                "The file has 1 problem.",
                "The file has 2 problems.",
                "The file has 5 problems.",
                "The file has 21 problems.",
            ],
        ),
        (
            "ru",
            [
                "В файле найдена 1 проблема.",
                "В файле найдены 2 проблемы.",
                "В файле найдено 5 проблем.",
                "В файле найдена 21 проблема.",
            ],
        ),
    ],
)
def test_the_survey_report_counts_its_problems(language: str, expected: list[str]) -> None:
    shown = [translate_count("survey.report.problems", n, language) for n in (1, 2, 5, 21)]
    assert [text.split(" Nothing")[0].split(" Ничего")[0] for text in shown] == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "en",
            [
                "1 indicator has fewer",
                "2 indicators have fewer",
                "5 indicators have fewer",
                "21 indicators have fewer",
            ],
        ),
        (
            "ru",
            [
                "У 1 показателя меньше",
                "У 2 показателей меньше",
                "У 5 показателей меньше",
                "У 21 показателя меньше",
            ],
        ),
    ],
)
def test_the_flagged_indicators_message_agrees_with_the_count(language: str, expected: list[str]) -> None:
    shown = [translate_count("survey.flagged", n, language, k=5) for n in (1, 2, 5, 21)]
    assert [" ".join(text.split()[:4]) for text in shown] == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "en",
            [
                "1 indicator score is",
                "2 indicator scores are",
                "5 indicator scores are",
                "21 indicator scores are",
            ],
        ),
        (
            "ru",
            [
                "1 оценка показателя ещё",
                "2 оценки показателей ещё",
                "5 оценок показателей ещё",
                "21 оценка показателя ещё",
            ],
        ),
    ],
)
def test_the_blank_scores_message_agrees_with_the_count(language: str, expected: list[str]) -> None:
    shown = [translate_count("survey.city.missing_scores", n, language) for n in (1, 2, 5, 21)]
    assert [" ".join(text.split()[:4]) for text in shown] == expected


@pytest.mark.parametrize(
    ("language", "count", "expected"),
    [
        ("en", 1, "answers.csv: 1 problem found; nothing was imported.\n- row 3"),
        ("en", 21, "answers.csv: 21 problems found; nothing was imported.\n- row 3"),
        ("ru", 2, "answers.csv: найдены 2 проблемы; ничего не импортировано.\n- row 3"),
        ("ru", 5, "answers.csv: найдено 5 проблем; ничего не импортировано.\n- row 3"),
    ],
)
def test_a_counted_error_message_agrees_with_its_count(language: str, count: int, expected: str) -> None:
    error = SmartCityError("survey_invalid", file="answers.csv", count=count, problems="- row 3")
    assert error.message(language) == expected


def test_no_message_hedges_its_plural_with_parentheses() -> None:
    hedged = [
        (path.relative_to(LOCALES).as_posix(), key)
        for path in sorted(LOCALES.glob("*/*.json"))
        for key, text in json.loads(path.read_text(encoding="utf-8")).items()
        if "(s)" in text
    ]
    assert hedged == []


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "en",
            [
                "…and 1 more problem in",
                "…and 2 more problems in",
                "…and 5 more problems in",
                "…and 21 more problems in",
            ],
        ),
        ("ru", ["…и ещё 1 проблема в", "…и ещё 2 проблемы в", "…и ещё 5 проблем в", "…и ещё 21 проблема в"]),
    ],
)
def test_a_links_remaining_problems_are_counted(language: str, expected: list[str]) -> None:
    shown = [SmartCityError("link_more_problems", count=n).message(language) for n in (1, 2, 5, 21)]
    assert [" ".join(text.split()[:5]) for text in shown] == expected


@pytest.mark.parametrize(
    ("language", "count", "expected"),
    [
        ("en", 1, "Shu: the group ICT professionals has 1 answer (fewer than"),
        ("en", 2, "Shu: the group ICT professionals has 2 answers (fewer than"),
        ("ru", 1, "Shu: у группы Специалисты в области ИКТ всего 1 ответ (меньше"),
        ("ru", 2, "Shu: у группы Специалисты в области ИКТ всего 2 ответа (меньше"),
        ("ru", 5, "Shu: у группы Специалисты в области ИКТ всего 5 ответов (меньше"),
        ("ru", 21, "Shu: у группы Специалисты в области ИКТ всего 21 ответ (меньше"),
    ],
)
def test_a_small_group_warning_counts_its_answers(language: str, count: int, expected: str) -> None:
    shown = SmallGroup(city="Shu", group="ict_professionals", count=count).message(language)
    assert shown.startswith(expected)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "en",
            [
                "x — 1 indicator score",
                "x — 2 indicator scores",
                "x — 5 indicator scores",
                "x — 21 indicator scores",
            ],
        ),
        (
            "ru",
            [
                "x — 1 оценка показателя",
                "x — 2 оценки показателей",
                "x — 5 оценок показателей",
                "x — 21 оценка показателя",
            ],
        ),
    ],
)
def test_a_survey_layer_counts_its_scores(language: str, expected: list[str]) -> None:
    assert [translate_count("survey.layer", n, language, origin="x") for n in (1, 2, 5, 21)] == expected
