"""Adding cities: from the GeoNames towns or coordinates, inside Kazakhstan, never twice."""

from __future__ import annotations

import math

import pytest

from smartcity import cities, geo
from smartcity.data import load_dataset
from smartcity.errors import SmartCityError
from smartcity.files import survey
from smartcity.scenario import Scenario, from_json, to_json
from smartcity.scoring import score

DATASET = load_dataset()
ARAL = 1526265  # GeoNames id of Aral, Kyzylorda Region
ARKALYK = 1526193


def geonameid_of(name: str) -> int:
    towns = geo.load_towns()
    return int(towns.loc[towns["name"] == name, "geonameid"].iloc[0])


def test_a_geonames_town_becomes_a_user_city_with_its_place_and_names():
    city = cities.city_from_town(ARAL, DATASET.cities)
    assert city.id == "aral"
    assert city.origin == "user"
    assert dict(city.names) == {"en": "Aral", "kk": "Арал", "ru": "Арал"}
    assert (city.latitude, city.longitude) == pytest.approx((46.80174, 61.66312))
    assert city.region_iso == "KZ-43"
    assert city.geonameid == ARAL
    assert city.population_geonames == 33017


@pytest.mark.parametrize(
    ("town", "kazakh", "russian"),
    [
        ("Ayagoz", "Аягөз", "Аягоз"),
        ("Arkalyk", "Арқалық", "Аркалык"),
        ("Shu", "Шу", "Шу"),
        ("Zhanaozen", "Жаңаөзен", "Жанаозен"),
    ],
)
def test_suggested_names_pick_the_kazakh_and_russian_spellings(town, kazakh, russian):
    row = geo.load_towns().set_index("geonameid").loc[geonameid_of(town)].copy()
    row["geonameid"] = geonameid_of(town)
    names = cities.suggested_names(row)
    assert (names["kk"], names["ru"]) == (kazakh, russian)


def test_names_given_by_the_user_win_over_suggestions():
    city = cities.city_from_town(ARKALYK, DATASET.cities, {"en": "Arqalyq", "kk": "Арқалық", "ru": ""})
    assert dict(city.names) == {"en": "Arqalyq", "kk": "Арқалық", "ru": "Arqalyq"}


@pytest.mark.parametrize(
    "names",
    [
        {"en": "Shu"},
        {"en": "SHU"},
        {"en": "New town", "ru": "Шалкар"},
        {"en": "New town", "kk": "шалқар"},
        {"en": "Ayagöz"},
        {"en": "  ayagoz  "},
    ],
)
def test_names_of_assessed_cities_are_refused(names):
    with pytest.raises(SmartCityError) as raised:
        cities.new_city(names, 48.0, 67.0, DATASET.cities)
    assert raised.value.key == "city_duplicate_name"


def test_a_town_already_assessed_is_refused_even_under_another_name():
    with pytest.raises(SmartCityError) as raised:
        cities.city_from_town(geonameid_of("Shu"), DATASET.cities, {"en": "Chu"})
    assert raised.value.key == "city_duplicate_name"
    aral = cities.city_from_town(ARAL, DATASET.cities)
    with pytest.raises(SmartCityError):
        cities.city_from_town(ARAL, (*DATASET.cities, aral), {"en": "Aralsk"})


@pytest.mark.parametrize(
    ("latitude", "longitude"),
    [(48.8566, 2.3522), (55.75, 37.62), (41.3, 69.25), (0.0, 0.0), (math.nan, 67.0), (48.0, math.inf)],
)
def test_points_outside_kazakhstan_are_refused(latitude, longitude):
    # Paris, Moscow, Tashkent, the Gulf of Guinea and non-numbers.
    with pytest.raises(SmartCityError) as raised:
        cities.new_city({"en": "Elsewhere"}, latitude, longitude, DATASET.cities)
    assert raised.value.key == "city_outside_kazakhstan"


def test_a_point_inside_kazakhstan_gets_its_region():
    city = cities.new_city({"en": "Steppe Station", "ru": "Степная"}, 48.0, 67.0, DATASET.cities)
    assert city.region_iso == geo.region_at(48.0, 67.0) != ""
    assert city.geonameid is None and city.origin == "user"
    assert city.names["kk"] == "Steppe Station"


@pytest.mark.parametrize(
    ("names", "key"),
    [
        ({"en": "   "}, "city_name_missing"),
        ({"kk": "Жаңа қала"}, "city_name_missing"),
        ({"en": "x" * 81}, "city_name_too_long"),
        ({"en": "Bad\u202ename"}, "city_name_invalid"),
        ({"en": "Fine", "ru": "Bell\x07"}, "city_name_invalid"),
    ],
)
def test_bad_names_are_refused_with_a_reason(names, key):
    with pytest.raises(SmartCityError) as raised:
        cities.new_city(names, 48.0, 67.0, DATASET.cities)
    assert raised.value.key == key


def test_spaces_in_names_are_tidied():
    city = cities.new_city({"en": "  Tab\there  ", "ru": " Два  слова "}, 48.0, 67.0, DATASET.cities)
    assert (city.names["en"], city.names["ru"]) == ("Tab here", "Два слова")


def test_ids_are_unique_and_safe_for_score_keys():
    first = cities.new_city({"en": "Shu!"}, 44.0, 70.0, DATASET.cities)
    assert first.id == "shu_2"
    cyrillic = cities.new_city({"en": "Новый город"}, 46.0, 61.0, DATASET.cities)
    assert cyrillic.id == "novyy_gorod"
    assert all("." not in c.id for c in (first, cyrillic))


def test_an_added_city_is_scored_like_the_papers_and_survives_json():
    city = cities.city_from_town(ARAL, DATASET.cities)
    scenario = Scenario().with_city(city)
    for instrument in DATASET.instruments:
        for indicator in instrument.indicator_ids:
            scenario = scenario.with_override((city.id, instrument.id, indicator), 5.0)
    table = score(DATASET, scenario)
    assert table.get("aral", "scri").percent == 100.0
    assert table.get("aral", "scri").rank == 1
    assert table.get("shu", "scri").rank == 2
    assert from_json(DATASET, to_json(scenario)) == scenario


def test_survey_files_can_name_an_added_city_in_any_of_its_languages():
    city = cities.city_from_town(ARKALYK, DATASET.cities)
    text = "\n".join(
        [
            "respondent_id,stakeholder_group,city,instrument,indicator,score",
            "r1,civil_society,Арқалық,scri,digital_infrastructure,4",
            "r2,civil_society,аркалык,scri,digital_infrastructure,2",
        ]
    )
    survey_file = survey.read_survey(text.encode(), "s.csv", DATASET, (*DATASET.cities, city))
    assert survey_file.ok
    layer = survey.to_layer(survey.aggregate(survey_file.responses), "l", "s.csv")
    assert layer.scores == (((city.id, "scri", "digital_infrastructure"), 3.0),)
