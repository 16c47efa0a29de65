"""Error messages name instruments, indicators, groups and towns in the user's language, not by their ids."""

from __future__ import annotations

import pytest

from smartcity.errors import SmartCityError


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "All weights of 'Smart City Readiness Index' are zero; at least one must be above 0."),
        (
            "ru",
            "Все веса «Индекс готовности к созданию умного города» равны нулю; "
            "хотя бы один должен быть больше 0.",
        ),
    ],
)
def test_all_weights_zero_names_the_instrument(language: str, expected: str) -> None:
    assert SmartCityError("all_weights_zero", instrument="scri").message(language) == expected


def test_the_composite_is_named_too() -> None:
    message = SmartCityError("all_weights_zero", instrument="composite").message("ru")
    assert "«Сводный индекс (нет в статье)»" in message and "composite" not in message


def test_an_unknown_id_is_shown_as_given_beside_the_known_instrument_name() -> None:
    message = SmartCityError("unknown_indicator", instrument="scri", indicator="wifi").message("en")
    assert message == "Unknown indicator 'wifi' in instrument 'Smart City Readiness Index'."
    assert SmartCityError("unknown_instrument", instrument="happiness").message("ru") == (
        "Неизвестный инструмент оценки «happiness»."
    )


def test_a_known_indicator_is_named() -> None:
    error = SmartCityError(
        "bad_response_value",
        where="shu",
        row=2,
        instrument="scri",
        indicator="digital_infrastructure",
        value="7",
    )
    assert "indicator Digital Infrastructure: 7 is outside" in error.message("en")


def test_a_known_group_and_town_are_named() -> None:
    assert "Шу" in SmartCityError("plan_incomplete", city="shu", instrument="governance").message("ru")
    group = SmartCityError("round_unknown_group", group="ict_professionals", known="civil_society").message(
        "en"
    )
    assert group.startswith("The stakeholder group «ICT professionals» is not")


def test_the_error_keeps_the_ids_for_code() -> None:
    error = SmartCityError("all_weights_zero", instrument="scri")
    assert (error.key, error.params) == ("all_weights_zero", {"instrument": "scri"})
