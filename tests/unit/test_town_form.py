"""A town added by hand: its place from the form, its scores, and how search results name it."""

from __future__ import annotations

import pandas as pd
import pytest

from smartcity import town_form
from smartcity.data import load_dataset
from smartcity.errors import SmartCityError
from smartcity.scenario import Scenario

DATASET = load_dataset()
KNOWN = Scenario().cities(DATASET)
ARKALYK = pd.Series(
    {
        "geonameid": 1526193,
        "name": "Arkalyk",
        "asciiname": "Arkalyk",
        "population": 42000,
        "region_iso": "KZ-39",
        "alt_names": "Arkalik|Arqalyq|Аркалык|Арқалық",
    }
)


def test_a_town_to_choose_shows_its_names_region_and_population_in_the_language():
    assert town_form.town_label(ARKALYK, "en") == "Arkalyk (Арқалық, Аркалык) · Kostanay Region · 42,000"
    assert (
        town_form.town_label(ARKALYK, "kk") == "Арқалық (Arkalyk, Аркалык) · Қостанай облысы · 42\u00a0000"
    )  # a no-break space for thousands


def test_a_town_spelt_alike_in_every_language_is_named_once():
    shu = pd.Series(
        {"name": "Shu", "asciiname": "Shu", "population": 39785, "region_iso": "KZ-31", "alt_names": ""}
    )
    assert town_form.town_label(shu, "ru") == "Shu · Жамбылская область · 39\u00a0785"


def test_the_choices_are_every_bundled_town_the_most_populous_first():
    choices = town_form.town_choices("en")
    assert len(choices) == 350
    assert list(choices)[:3] == [1526384, 1526273, 1518980]  # Almaty, Astana, Shymkent
    assert choices[1525988] == "Ayagoz (Аягөз, Аягоз) · Abai Region · 33,479"


def test_a_chosen_geonames_town_wins_over_coordinates():
    city = town_form.town_from_form(1526193, {"en": "Arkalyk"}, 43.0, 77.0, KNOWN)
    assert (city.geonameid, city.region_iso, city.names["en"]) == (1526193, "KZ-39", "Arkalyk")


def test_a_point_becomes_a_town_where_it_lies():
    city = town_form.town_from_form(None, {"en": "Aral"}, 46.8, 61.67, KNOWN)
    assert (city.names["en"], city.latitude, city.longitude, city.region_iso) == (
        "Aral",
        46.8,
        61.67,
        "KZ-43",
    )


def test_neither_a_town_nor_both_coordinates_is_refused():
    for latitude, longitude in ((None, None), (46.8, None), (None, 61.67)):
        with pytest.raises(SmartCityError) as raised:
            town_form.town_from_form(None, {"en": "Aral"}, latitude, longitude, KNOWN)
        assert raised.value.key == "city_not_chosen"


def test_entered_scores_become_overrides_and_blanks_are_left_out():
    city = town_form.town_from_form(None, {"en": "Aral"}, 46.8, 61.67, KNOWN)
    entered = [("scri", "digital_infrastructure", 4.0), ("scri", "physical_infrastructure", None)]
    updated = town_form.with_town(DATASET, Scenario(), city, entered)
    assert updated.added_cities == (city,)
    assert updated.override_map == {(city.id, "scri", "digital_infrastructure"): 4.0}


def test_an_unknown_population_is_left_out_not_shown_as_zero():
    unknown = pd.Series(
        {"name": "Koktal", "asciiname": "Koktal", "population": 0, "region_iso": "KZ-35", "alt_names": ""}
    )
    assert town_form.town_label(unknown, "ru") == "Koktal · Карагандинская область"
