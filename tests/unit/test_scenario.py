"""The Scenario value: equality, compaction, validation and its JSON and URL forms."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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
        Scenario(method="geometric")
        .with_override(KEY, 2.5)
        .with_indicator_weight("governance", "ppp_mechanism", 0)
        .with_instrument_weight("scri", 3)
        .with_city(town)
        .with_override(("aral", "scri", "digital_infrastructure"), 4)
    )
    params = scenarios.to_query(DATASET, original)
    assert params["o"].startswith("aral.scri.digital_infrastructure:4,ayagoz.scri.digital_infrastructure:2.5")
    assert params["m"] == "geometric" and "lang" not in params
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
        ({"m": "<script>"}, None),
    ],
)
def test_tampered_links_warn_and_keep_only_what_is_valid(params, kept_override):
    restored, warnings = scenarios.from_query(DATASET, params)
    assert warnings, "a tampered link must say what was wrong"
    assert all(isinstance(w, SmartCityError) for w in warnings)
    assert restored.override_map.get(KEY) == kept_override
    assert restored.method == "paper"


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


def test_an_old_file_with_a_language_still_opens_and_the_language_is_not_kept():
    original = Scenario(method="goalpost").with_override(KEY, 4)
    old_file = scenarios.to_dict(original) | {"language": "kk"}
    assert scenarios.from_dict(DATASET, old_file) == original
    assert "language" not in scenarios.to_dict(original)


ARAL = City("aral", {"en": "Aral", "kk": "Арал", "ru": "Аральск"}, "KZ-43", 46.8, 61.67, origin="user")


@pytest.mark.parametrize(
    ("edit", "expected_key"),
    [
        (lambda s: scenarios.set_score(DATASET, s, KEY, 6), "score_out_of_range"),
        (lambda s: scenarios.set_score(DATASET, s, KEY, float("nan")), "score_out_of_range"),
        (
            lambda s: scenarios.set_score(DATASET, s, ("aral", "scri", "digital_infrastructure"), 3),
            "unknown_city",
        ),
        (lambda s: scenarios.set_score(DATASET, s, ("shu", "scri", "nothing"), 3), "unknown_indicator"),
        (
            lambda s: scenarios.set_indicator_weight(DATASET, s, "scri", "economic_potential", -1),
            "bad_weight",
        ),
        (lambda s: scenarios.set_indicator_weight(DATASET, s, "scri", "nothing", 1), "unknown_indicator"),
        (lambda s: scenarios.set_instrument_weight(DATASET, s, "nothing", 1), "unknown_instrument"),
        (lambda s: scenarios.set_instrument_weight(DATASET, s, "scri", float("inf")), "bad_weight"),
        (lambda s: scenarios.set_method(s, "astrology"), "unknown_method"),
        (
            lambda s: scenarios.add_city(DATASET, s, City("shu", {"en": "Other"}, "", 43.6, 73.7)),
            "duplicate_city",
        ),
        (
            lambda s: scenarios.add_city(DATASET, s, City("other", {"en": "Shu"}, "", 43.6, 73.7)),
            "city_duplicate_name",
        ),
        (lambda s: scenarios.add_city(DATASET, s, City("a.b", {"en": "Ab"}, "", 43.6, 73.7)), "bad_city_id"),
        (lambda s: scenarios.remove_city(s, "shu"), "unknown_city"),  # a paper town cannot be removed
        (
            lambda s: scenarios.add_layer(DATASET, s, ScoreLayer("r", "f.csv", ((KEY, 0.5),))),
            "score_out_of_range",
        ),
        (lambda s: scenarios.remove_layer(s, "never-added"), "unknown_layer"),
    ],
)
def test_each_edit_refuses_a_bad_value_and_names_it(edit, expected_key):
    with pytest.raises(SmartCityError) as refused:
        edit(Scenario())
    assert refused.value.key == expected_key
    assert refused.value.message("kk") and refused.value.message("ru")


def test_an_edit_may_not_leave_every_weight_of_an_instrument_or_of_the_composite_at_zero():
    scri = DATASET.instrument("scri").indicator_ids
    scenario = Scenario()
    for indicator_id in scri[:-1]:
        scenario = scenarios.set_indicator_weight(DATASET, scenario, "scri", indicator_id, 0)
    with pytest.raises(SmartCityError) as refused:
        scenarios.set_indicator_weight(DATASET, scenario, "scri", scri[-1], 0)
    assert (refused.value.key, refused.value.params["instrument"]) == ("all_weights_zero", "scri")
    scenario = scenarios.set_instrument_weight(DATASET, Scenario(), "scri", 0)
    scenario = scenarios.set_instrument_weight(DATASET, scenario, "stakeholders", 0)
    with pytest.raises(SmartCityError) as refused:
        scenarios.set_instrument_weight(DATASET, scenario, "governance", 0)
    assert (refused.value.key, refused.value.params["instrument"]) == ("all_weights_zero", "composite")


def test_valid_edits_change_exactly_what_they_say():
    scenario = scenarios.add_city(DATASET, Scenario(), ARAL)
    scenario = scenarios.set_score(DATASET, scenario, ("aral", "scri", "digital_infrastructure"), 4)
    scenario = scenarios.set_score(DATASET, scenario, KEY, 2.5)
    scenario = scenarios.set_indicator_weight(DATASET, scenario, "governance", "ppp_mechanism", 0)
    scenario = scenarios.set_instrument_weight(DATASET, scenario, "scri", 3)
    scenario = scenarios.set_method(scenario, "geometric")
    layer = ScoreLayer("round-2", "survey: round2.csv", ((("shu", "scri", "digital_infrastructure"), 2.6),))
    scenario = scenarios.add_layer(DATASET, scenario, layer)
    assert scenario == Scenario(
        overrides=((("aral", "scri", "digital_infrastructure"), 4.0), (KEY, 2.5)),
        indicator_weights=((("governance", "ppp_mechanism"), 0.0),),
        instrument_weights=(("scri", 3.0),),
        method="geometric",
        added_cities=(ARAL,),
        layers=(layer,),
    )
    assert scenarios.remove_layer(scenarios.remove_city(scenario, "aral"), "round-2") == Scenario(
        overrides=((KEY, 2.5),),
        indicator_weights=((("governance", "ppp_mechanism"), 0.0),),
        instrument_weights=(("scri", 3.0),),
        method="geometric",
    )


WEIGHT_KEYS = [(i.id, indicator) for i in DATASET.instruments for indicator in i.indicator_ids]
ANY_NUMBER = st.floats(allow_nan=True, allow_infinity=True) | st.integers(-3, 8)
EDITS = st.one_of(
    st.tuples(
        st.just("score"),
        st.sampled_from([*DATASET.city_ids, "aral", "nowhere"]),
        st.sampled_from(WEIGHT_KEYS),
        ANY_NUMBER,
    ),
    st.tuples(st.just("weight"), st.sampled_from([*WEIGHT_KEYS, ("scri", "nothing")]), ANY_NUMBER),
    st.tuples(
        st.just("instrument_weight"), st.sampled_from([*DATASET.instrument_ids, "nothing"]), ANY_NUMBER
    ),
    st.tuples(st.just("method"), st.sampled_from(["paper", "goalpost", "geometric", "astrology"])),
    st.tuples(st.just("add_aral")),
    st.tuples(st.just("remove_aral")),
)


def _apply(scenario: Scenario, edit: tuple) -> Scenario:
    kind, *args = edit
    if kind == "score":
        city_id, (instrument_id, indicator_id), value = args
        return scenarios.set_score(DATASET, scenario, (city_id, instrument_id, indicator_id), value)
    if kind == "weight":
        (instrument_id, indicator_id), value = args
        return scenarios.set_indicator_weight(DATASET, scenario, instrument_id, indicator_id, value)
    if kind == "instrument_weight":
        return scenarios.set_instrument_weight(DATASET, scenario, *args)
    if kind == "method":
        return scenarios.set_method(scenario, *args)
    if kind == "add_aral":
        return scenarios.add_city(DATASET, scenario, ARAL)
    return scenarios.remove_city(scenario, "aral")


@settings(max_examples=60, deadline=None)
@given(st.lists(EDITS, max_size=25))
def test_any_sequence_of_edits_only_ever_gives_valid_scenarios(edits):
    scenario = Scenario()
    for edit in edits:
        try:
            changed = _apply(scenario, edit)
        except SmartCityError:
            continue
        assert scenarios.problems(DATASET, changed) == []
        scenario = changed
    assert scenarios.problems(DATASET, scenario) == []
