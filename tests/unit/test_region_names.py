"""Region names follow the page's language wherever a region is named: profiles, the town search, the map."""

from __future__ import annotations

import re

import pytest

from smartcity import cities, geo, town_form
from smartcity.i18n.labels import city_profile
from smartcity.model import City
from smartcity.views.mapview import region_name

ISO_CODES = sorted(geo.region_names())
CYRILLIC_ONLY = re.compile(r"[А-ЯЁа-яёӘәҒғҚқҢңӨөҰұҮүҺһІі ,.-]+")
TOWNS = geo.load_towns()


def largest_town(region_iso: str) -> int:
    """The GeoNames id of the region's most populous bundled town."""
    in_region = TOWNS[TOWNS["region_iso"] == region_iso]
    return int(in_region.sort_values("population", ascending=False).iloc[0]["geonameid"])


def test_all_twenty_units_are_named():
    assert len(ISO_CODES) == 20


@pytest.mark.parametrize("language", ["kk", "ru"])
@pytest.mark.parametrize("region_iso", ISO_CODES)
def test_an_added_towns_location_is_its_region_in_cyrillic(region_iso, language):
    town = cities.city_from_town(largest_town(region_iso), ())
    assert town.region_iso == region_iso
    location = city_profile(town, "location", language)
    assert CYRILLIC_ONLY.fullmatch(location), location
    assert location[0].isupper()


@pytest.mark.parametrize("language", ["kk", "ru"])
@pytest.mark.parametrize("region_iso", ISO_CODES)
def test_map_tooltips_and_the_town_search_name_regions_in_cyrillic(region_iso, language):
    assert CYRILLIC_ONLY.fullmatch(region_name(region_iso, language))
    row = TOWNS[TOWNS["geonameid"] == largest_town(region_iso)].iloc[0]
    region_part = town_form.town_label(row, language).split(" · ")[1]
    assert CYRILLIC_ONLY.fullmatch(region_part), region_part


def test_ulytau_is_named_as_the_official_forms_have_it():
    zhezkazgan = cities.city_from_town(largest_town("KZ-62"), ())
    assert city_profile(zhezkazgan, "location", "en") == "Ulytau Region"
    assert city_profile(zhezkazgan, "location", "kk") == "Ұлытау облысы"
    assert city_profile(zhezkazgan, "location", "ru") == "Область Ұлытау"


def test_a_location_the_user_wrote_is_kept_as_written():
    town = City("kentau", {"en": "Kentau"}, "KZ-61", 43.5, 68.5, location="Karatau foothills")
    assert city_profile(town, "location", "ru") == "Karatau foothills"


def test_a_town_with_no_known_region_keeps_its_location():
    town = City("nowhere", {"en": "Nowhere"}, "", 43.5, 68.5, location="")
    assert city_profile(town, "location", "kk") == ""
