"""The Scenario value: equality, compaction, validation and its JSON and URL forms."""

from __future__ import annotations

import pytest

from smartcity import scenario as scenarios
from smartcity.data import load_dataset
from smartcity.errors import SmartCityError
from smartcity.model import City
from smartcity.scenario import Scenario, ScoreLayer

DATASET = load_dataset()
KEY = ("ayagoz", "scri", "digital_infrastructure")


def test_equal_changes_in_any_order_give_equal_scenarios():
    one = Scenario().with_override(KEY, 3).with_indicator_weight("scri", "economic_potential", 2)
    two = Scenario().with_indicator_weight("scri", "economic_potential", 2).with_override(KEY, 3)
    assert one == two and hash(one) == hash(two)
    assert Scenario().with_override(KEY, 2).with_override(KEY, 4).override_map == {KEY: 4}


def test_compact_drops_values_equal_to_the_paper():
    noisy = Scenario().with_override(KEY, 1).with_indicator_weight("scri", "economic_potential", 1)
    assert scenarios.compact(DATASET, noisy) == Scenario()


def test_layers_sit_between_the_paper_and_the_users_overrides():
    layer = ScoreLayer("round-2", "survey: round2.csv", ((KEY, 2.6),))
    layered = Scenario().with_layer(layer)
    assert scenarios.layered_value(DATASET, layered, KEY) == 2.6
    assert scenarios.layered_value(DATASET, Scenario(), KEY) == 1
    from smartcity.scoring import score

    table = score(DATASET, layered.with_override(("shu", "scri", "digital_infrastructure"), 4))
    assert table.values[KEY].origin == "survey: round2.csv"
    assert table.values[("shu", "scri", "digital_infrastructure")].origin == "user"
    assert table.values[("shalkar", "scri", "digital_infrastructure")].origin == "paper"


def test_query_round_trip_is_compact_and_exact():
    town = City("aral", {"en": "Aral", "kk": "Арал", "ru": "Аральск"}, "KZ-43", 46.8, 61.67, origin="user")
    original = (
        Scenario(method="geometric", language="kk")
        .with_override(KEY, 2.5)
        .with_indicator_weight("governance", "ppp_mechanism", 0)
        .with_instrument_weight("scri", 3)
        .with_city(town)
        .with_override(("aral", "scri", "digital_infrastructure"), 4)
    )
    params = scenarios.to_query(DATASET, original)
    assert params["o"].startswith("aral.scri.digital_infrastructure:4,ayagoz.scri.digital_infrastructure:2.5")
    assert params["m"] == "geometric" and params["lang"] == "kk"
    restored, warnings = scenarios.from_query(DATASET, params)
    assert warnings == [] and restored == original
    assert scenarios.to_query(DATASET, Scenario()) == {}


@pytest.mark.parametrize(
    ("params", "kept_override"),
    [
        ({"o": "ayagoz.scri.digital_infrastructure:9"}, None),
        ({"o": "ayagoz.scri.digital_infrastructure:3,junk"}, 3.0),
        ({"o": "nowhere.scri.digital_infrastructure:3"}, None),
        ({"o": "ayagoz.scri.digital_infrastructure:nan"}, None),
        ({"x": "not-base64!"}, None),
        ({"m": "<script>", "lang": "fr"}, None),
    ],
)
def test_tampered_links_warn_and_keep_only_what_is_valid(params, kept_override):
    restored, warnings = scenarios.from_query(DATASET, params)
    assert warnings, "a tampered link must say what was wrong"
    assert all(isinstance(w, SmartCityError) for w in warnings)
    assert restored.override_map.get(KEY) == kept_override
    assert restored.method == "paper" and restored.language in ("en",)


def test_json_round_trip_and_a_report_of_what_is_wrong():
    original = Scenario(method="goalpost").with_override(KEY, 4)
    assert scenarios.from_json(DATASET, scenarios.to_json(original)) == original
    with pytest.raises(SmartCityError) as not_json:
        scenarios.from_json(DATASET, "{oops")
    assert not_json.value.key == "scenario_not_json"
    with pytest.raises(SmartCityError) as other_file:
        scenarios.from_json(DATASET, '{"format": "geojson"}')
    assert other_file.value.key == "scenario_wrong_format"
    assert "не файл сценария" in other_file.value.message("ru")
    broken = scenarios.to_dict(original) | {
        "overrides": {"shu.scri.digital_infrastructure": 9, "x.scri.digital_infrastructure": 2}
    }
    with pytest.raises(SmartCityError) as raised:
        scenarios.from_dict(DATASET, broken)
    assert "outside the scale" in str(raised.value) and "Unknown city 'x'" in str(raised.value)


def test_duplicate_added_city_ids_are_refused():
    town = City("shu", {"en": "Shu again"}, "KZ-31", 43.6, 73.7, origin="user")
    found = scenarios.problems(DATASET, Scenario(added_cities=(town,)))
    assert [p.key for p in found] == ["duplicate_city"]


@pytest.mark.parametrize(
    "names",
    [
        {"en": "SHU"},  # the paper's Shu, in capitals
        {"en": "Aral", "kk": "Аягоз"},  # Аягөз written with a Russian о
        {"en": "Aral", "ru": "  шалкар "},  # Шалкар in lower case, with spaces
        {"en": "ayagoz"},  # a paper town's id
    ],
)
def test_an_added_town_may_not_take_a_paper_towns_name_in_any_language(names):
    town = City("aral", names, "KZ-43", 46.8, 61.67, origin="user")
    found = scenarios.problems(DATASET, Scenario(added_cities=(town,)))
    assert [p.key for p in found] == ["city_duplicate_name"]


def test_two_added_towns_may_not_share_a_name_and_a_link_giving_them_one_is_refused():
    first = City("aral", {"en": "Aral"}, "KZ-43", 46.8, 61.67, origin="user")
    second = City("aral_2", {"en": "Aral", "ru": "Аральск"}, "KZ-43", 46.9, 61.7, origin="user")
    found = scenarios.problems(DATASET, Scenario(added_cities=(first, second)))
    assert [(p.key, p.params["name"]) for p in found] == [("city_duplicate_name", "Aral")]
    assert scenarios.problems(DATASET, Scenario(added_cities=(first,))) == []

    link = scenarios.to_query(DATASET, Scenario(added_cities=(first,)))
    blob = scenarios.to_query(DATASET, Scenario(added_cities=(first, second)))["x"]  # a hand-made link
    restored, warnings = scenarios.from_query(DATASET, {**link, "x": blob})
    assert [w.key for w in warnings] == ["city_duplicate_name"]
    assert restored.added_cities == ()  # the blob as a whole is refused, as any invalid blob is
