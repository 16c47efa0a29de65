"""Sharing: scenarios round-trip through the URL, the store and a JSON file; tampered input never crashes."""

from __future__ import annotations

import base64
import json
import tempfile
import unicodedata
import zlib
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from smartcity import scenario as scenarios
from smartcity.data import load_dataset
from smartcity.errors import SmartCityError
from smartcity.files import share
from smartcity.model import City
from smartcity.scenario import METHODS, Scenario, ScoreLayer, first_taken_name, taken_spellings
from smartcity.store import scenarios as store

DATASET = load_dataset()
INSTRUMENTS = {instrument.id: instrument for instrument in DATASET.instruments}
WEIGHT_KEYS = [(i.id, indicator) for i in DATASET.instruments for indicator in i.indicator_ids]
IDENTIFIER = st.text("abcdefghijklmnopqrstuvwxyz0123456789_-", min_size=1, max_size=12)
NAME = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=20)
# Reading a link's towns loads Kazakhstan's outline on first use: no deadline on link round trips.
LINK_SETTINGS = settings(deadline=None)
# Scores and weights a user can set: any float on the scale; weights from 0 up.
SCORE = st.floats(min_value=1, max_value=5, allow_nan=False)
WEIGHT = st.floats(min_value=0, max_value=100, allow_nan=False)


@st.composite
def added_cities(draw) -> tuple[City, ...]:
    ids = draw(st.lists(IDENTIFIER.filter(lambda i: i not in DATASET.city_ids), max_size=2, unique=True))
    cities = tuple(
        City(
            city_id,
            {"en": draw(NAME.filter(str.strip)), "kk": draw(NAME), "ru": draw(NAME)},
            draw(st.sampled_from(["KZ-10", "KZ-43", ""])),
            # Links only take towns inside Kazakhstan: this box lies wholly inside it.
            draw(st.none() | st.floats(min_value=46, max_value=50)),
            draw(st.none() | st.floats(min_value=62, max_value=78)),
            origin="user",
        )
        for city_id in ids
    )
    taken = taken_spellings(DATASET.cities)
    for city in cities:  # a valid scenario never gives two towns one name
        assume(first_taken_name(city.names.values(), taken) is None)
        taken |= taken_spellings([city])
    return cities


def score_keys(city_ids: list[str]) -> st.SearchStrategy[tuple[str, str, str]]:
    return st.tuples(st.sampled_from(city_ids), st.sampled_from(WEIGHT_KEYS)).map(lambda p: (p[0], *p[1]))


@st.composite
def any_scenario(draw) -> Scenario:
    """Any valid scenario: overrides on the scale, weights >= 0 and not all zero, cities, layers."""
    cities = draw(added_cities())
    city_ids = [*DATASET.city_ids, *(c.id for c in cities)]
    keys = score_keys(city_ids)
    layers = tuple(
        ScoreLayer(layer_id, draw(NAME), tuple(draw(st.dictionaries(keys, SCORE, max_size=6)).items()))
        for layer_id in draw(st.lists(IDENTIFIER, max_size=2, unique=True))
    )
    indicator_weights = draw(st.dictionaries(st.sampled_from(WEIGHT_KEYS), WEIGHT, max_size=8))
    instrument_weights = draw(st.dictionaries(st.sampled_from(list(INSTRUMENTS)), WEIGHT, max_size=3))
    scenario = Scenario(
        overrides=tuple(draw(st.dictionaries(keys, SCORE, max_size=12)).items()),
        indicator_weights=tuple(indicator_weights.items()),
        instrument_weights=tuple(instrument_weights.items()),
        method=draw(st.sampled_from(METHODS)),
        added_cities=cities,
        layers=layers,
    )
    # "Not all zero": drop draws where a whole instrument (or the composite) has no weight left.
    found = scenarios.problems(DATASET, scenario)
    assert all(p.key == "all_weights_zero" for p in found)
    return draw(st.just(scenario)) if not found else draw(st.nothing())


@LINK_SETTINGS
@given(any_scenario())
def test_the_url_gives_back_the_scenario_compacted(scenario: Scenario):
    params = scenarios.to_query(DATASET, scenario)
    restored, warnings = scenarios.from_query(DATASET, params)
    assert warnings == []
    assert restored == scenarios.compact(DATASET, scenario)
    assert scenarios.to_query(DATASET, restored) == params


@LINK_SETTINGS
@given(any_scenario())
def test_a_share_link_parsed_as_a_browser_would_gives_back_the_scenario(scenario: Scenario):
    link = share.share_link("https://example.org/app/what_if?old=1#top", DATASET, scenario, {"city": "shu"})
    parts = urlsplit(link)
    assert (parts.scheme, parts.netloc, parts.path, parts.fragment) == (
        "https",
        "example.org",
        "/app/what_if",
        "",
    )
    params = dict(parse_qsl(parts.query, keep_blank_values=True))
    assert params.pop("city") == "shu" and "old" not in params
    restored, warnings = scenarios.from_query(DATASET, params)
    assert warnings == [] and restored == scenarios.compact(DATASET, scenario)


_STORE_DIR = tempfile.TemporaryDirectory(prefix="smartcity-share-")
_STORE = store.open_store({"SMARTCITY_DB": str(Path(_STORE_DIR.name) / "round-trip.db")})


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])  # disk writes vary
@given(any_scenario(), NAME.filter(str.strip), NAME)
def test_the_store_gives_back_exactly_what_was_saved(scenario: Scenario, name: str, note: str):
    entry = _STORE.save(name, scenario, author="test", note=note, overwrite=True)
    assert _STORE.load(DATASET, entry.id) == scenario
    # Names are stored in Unicode NFC, so that "é" typed two ways is one name.
    assert _STORE.get(entry.id).name == unicodedata.normalize("NFC", name.strip())


@given(any_scenario())
def test_a_scenario_file_gives_back_exactly_what_was_written(scenario: Scenario):
    restored, found = share.read_scenario_file(DATASET, scenarios.to_json(scenario).encode())
    assert found == [] and restored == scenario


PARAM_NAMES = st.sampled_from(["o", "w", "iw", "m", "lang", "x", "city", "junk"])


@given(st.dictionaries(PARAM_NAMES, st.text(max_size=80)))
def test_any_query_gives_a_valid_scenario_and_warnings_never_a_crash(params: dict[str, str]):
    restored, warnings = scenarios.from_query(DATASET, params)
    assert scenarios.problems(DATASET, restored) == []
    assert all(isinstance(w, SmartCityError) for w in warnings)
    assert all(w.message("kk") for w in warnings)


@LINK_SETTINGS
@given(any_scenario(), st.data())
def test_a_tampered_link_keeps_what_is_still_valid(scenario: Scenario, data: st.DataObject):
    params = scenarios.to_query(DATASET, scenario)
    if not params:
        return
    name = data.draw(st.sampled_from(sorted(params)))
    value = params[name]
    position = data.draw(st.integers(0, len(value)))
    tampered = {**params, name: value[:position] + data.draw(st.text(max_size=5)) + value[position:]}
    restored, _ = scenarios.from_query(DATASET, tampered)
    assert scenarios.problems(DATASET, restored) == []
    original = scenarios.compact(DATASET, scenario)
    # Whatever the damage to one parameter, the others come back as they were.
    kept = {
        "method": name != "m",
        "overrides": name not in ("o", "x"),  # overrides of added cities need the cities in x
        "indicator_weights": name != "w",
        "instrument_weights": name != "iw",
        "added_cities": name != "x",
        "layers": name != "x",
    }
    for field, untouched in kept.items():
        if untouched:
            assert getattr(restored, field) == getattr(original, field), field


@pytest.mark.parametrize(
    ("params", "expected_key"),
    [
        ({"o": "shu.scri.digital_infrastructure:6"}, "score_out_of_range"),
        ({"o": "shu.scri.nothing:3"}, "unknown_indicator"),
        ({"w": "scri.digital_infrastructure:-1"}, "bad_weight"),
        ({"iw": "scri:0,stakeholders:0,governance:0"}, "all_weights_zero"),
        ({"m": "magic"}, "unknown_method"),
        ({"o": "shu.scri.digital_infrastructure"}, "bad_query"),
        ({"x": "%%%"}, "bad_query"),
    ],
)
def test_each_kind_of_bad_parameter_is_named(params: dict[str, str], expected_key: str):
    restored, warnings = scenarios.from_query(DATASET, params)
    assert expected_key in [w.key for w in warnings]
    assert scenarios.problems(DATASET, restored) == []


def _packed(payload: bytes) -> str:
    return base64.urlsafe_b64encode(zlib.compress(payload, 9)).decode().rstrip("=")


def test_a_zip_bomb_or_deep_nesting_in_the_link_is_refused_quietly():
    bomb = _packed(b'{"added_cities": [], "layers": [], "pad": "' + b"a" * (64 << 20) + b'"}')
    assert len(bomb) < 100_000  # small in the address bar, 64 MB once inflated
    deep = _packed(b'{"added_cities": ' + b"[" * 100_000 + b"]" * 100_000 + b"}")
    for value in (bomb, deep):
        restored, warnings = scenarios.from_query(DATASET, {"x": value, "m": "geometric"})
        assert [w.key for w in warnings] == ["bad_query"]
        assert restored == Scenario(method="geometric")


def test_an_added_city_id_that_would_break_links_is_refused():
    town = City("new.town", {"en": "New town"}, "KZ-43", 46.8, 61.7, origin="user")
    assert [p.key for p in scenarios.problems(DATASET, Scenario(added_cities=(town,)))] == ["bad_city_id"]
    nameless = City("nameless", {"en": " "}, "KZ-43", 99.0, 61.7, origin="user")
    found = scenarios.problems(DATASET, Scenario(added_cities=(nameless,)))
    assert sorted(p.params["field"] for p in found) == ["latitude", "names"]


def _report(content: bytes) -> tuple[Scenario | None, list[str]]:
    scenario, found = share.read_scenario_file(DATASET, content)
    return scenario, [p.key for p in found]


def test_a_scenario_file_report_says_what_is_wrong_item_by_item():
    document = scenarios.to_dict(Scenario())
    document["overrides"] = {"shu.scri.digital_infrastructure": 7, "atlantis.scri.digital_infrastructure": 3}
    document["method"] = "astrology"
    scenario, keys = _report(json.dumps(document).encode())
    assert scenario is None
    assert sorted(keys) == ["score_out_of_range", "unknown_city", "unknown_method"]

    _, found = share.read_scenario_file(DATASET, b'{\n  "format": "smartcity-scenario",\n  oops\n}')
    assert [p.key for p in found] == ["scenario_file_json"] and found[0].params["line"] == 3

    assert _report(b'{"format": "something else"}')[1] == ["scenario_wrong_format"]
    assert _report(b"\xff\xfe\x00garbage")[1] == ["scenario_file_encoding"]
    assert _report(b" " * (share.MAX_SCENARIO_FILE_BYTES + 1))[1] == ["scenario_file_too_large"]
    assert _report(b"[" * 50_000 + b"]" * 50_000)[1] in (["scenario_file_json"], ["scenario_wrong_format"])
    bom = "\ufeff" + scenarios.to_json(Scenario(method="geometric"))
    assert _report(bom.encode("utf-8")) == (Scenario(method="geometric"), [])


# --- bounded links -------------------------------------------------------------------------

PAPER_PAIR = "shu.scri.digital_infrastructure:3"


def _towns_blob(count: int, latitude: float = 48.0, longitude: float = 68.0) -> str:
    towns = [
        {
            "id": f"t{i}",
            "names": {"en": f"Town {i}"},
            "region_iso": "",
            "latitude": latitude,
            "longitude": longitude,
        }
        for i in range(count)
    ]
    return _packed(json.dumps({"added_cities": towns, "layers": []}).encode())


def _layers_blob(layers: int, scores_each: int) -> str:
    scores = {f"shu.scri.s{i}": 3 for i in range(scores_each)}
    payload = {
        "added_cities": [],
        "layers": [{"id": f"l{n}", "origin": "f", "scores": scores} for n in range(layers)],
    }
    return _packed(json.dumps(payload).encode())


@pytest.mark.parametrize(
    ("params", "expected_key"),
    [
        ({"o": "a" * scenarios.MAX_LINK_CHARS}, "link_too_long"),
        ({"o": ",".join([PAPER_PAIR] * (scenarios.MAX_LINK_PAIRS + 1))}, "link_too_many_pairs"),
        (
            {"w": ",".join(["scri.digital_infrastructure:2"] * (scenarios.MAX_LINK_PAIRS + 1))},
            "link_too_many_pairs",
        ),
        ({"x": _towns_blob(scenarios.MAX_LINK_TOWNS + 1)}, "link_too_many_towns"),
        ({"x": _layers_blob(scenarios.MAX_LINK_LAYERS + 1, 0)}, "link_too_many_layers"),
        ({"x": _layers_blob(1, scenarios.MAX_LINK_LAYER_SCORES + 1)}, "link_too_many_layer_scores"),
    ],
)
def test_an_oversized_link_is_refused_whole_with_one_translated_message(params, expected_key):
    restored, warnings = scenarios.from_query(DATASET, {**params, "m": "geometric", "iw": "scri:2"})
    assert [w.key for w in warnings] == [expected_key]
    assert restored == Scenario()  # not even the valid m= and iw= apply
    assert warnings[0].message("kk") != warnings[0].message("ru") != str(warnings[0])


def test_the_worst_crafted_link_is_refused_before_its_towns_are_read():
    crafted = {"x": _towns_blob(1000), "o": ",".join([PAPER_PAIR] * 400)}
    assert len("&".join(f"{k}={v}" for k, v in crafted.items())) < 40_000  # small in the address bar
    assert scenarios.from_query(DATASET, crafted)[1][0].key == "link_too_many_towns"


def test_a_link_at_the_limits_is_read():
    pairs = ",".join([PAPER_PAIR] * scenarios.MAX_LINK_PAIRS)
    restored, warnings = scenarios.from_query(DATASET, {"o": pairs, "x": _towns_blob(3)})
    assert warnings == [] and len(restored.added_cities) == 3  # three towns, named apart, at one point
    assert restored.override_map == {("shu", "scri", "digital_infrastructure"): 3.0}


def test_a_linked_town_outside_kazakhstan_drops_the_towns_and_keeps_the_rest():
    moscow = _towns_blob(1, latitude=55.75, longitude=37.62)
    restored, warnings = scenarios.from_query(DATASET, {"x": moscow, "o": PAPER_PAIR, "m": "goalpost"})
    assert [(w.key, w.params) for w in warnings] == [
        ("city_outside_kazakhstan", {"latitude": "55.75", "longitude": "37.62"})
    ]
    assert restored == Scenario(
        overrides=((("shu", "scri", "digital_infrastructure"), 3.0),), method="goalpost"
    )


def test_a_linked_town_without_coordinates_is_kept_for_the_ranking():
    blob = _packed(
        json.dumps(
            {
                "added_cities": [
                    {"id": "t", "names": {"en": "T"}, "region_iso": "", "latitude": None, "longitude": None}
                ]
            }
        ).encode()
    )
    restored, warnings = scenarios.from_query(DATASET, {"x": blob})
    assert warnings == [] and [c.id for c in restored.added_cities] == ["t"]


def test_lang_is_not_part_of_the_scenario_and_is_ignored():
    assert scenarios.from_query(DATASET, {"lang": "de", "city": "shu"}) == (Scenario(), [])
    assert "lang" not in scenarios.to_query(DATASET, Scenario(method="geometric"))


def test_many_bad_pairs_give_twenty_warnings_and_a_count_of_the_rest():
    bad = ",".join(f"shu.scri.digital_infrastructure:{9 + i}" for i in range(30))
    restored, warnings = scenarios.from_query(DATASET, {"o": f"{bad},{PAPER_PAIR}"})
    assert [w.key for w in warnings] == ["score_out_of_range"] * 20 + ["link_more_problems"]
    assert warnings[-1].params == {"count": 10}
    assert restored.override_map == {("shu", "scri", "digital_infrastructure"): 3.0}


def test_the_pair_that_would_zero_every_weight_of_an_instrument_is_the_one_dropped():
    scri = DATASET.instrument("scri").indicator_ids
    restored, warnings = scenarios.from_query(DATASET, {"w": ",".join(f"scri.{i}:0" for i in scri)})
    assert [(w.key, w.params["instrument"]) for w in warnings] == [("all_weights_zero", "scri")]
    assert restored.indicator_weights == tuple(sorted((("scri", i), 0.0) for i in scri[:-1]))
    # Raising one weight again first makes room for the last zero.
    relinked = ",".join([*(f"scri.{i}:0" for i in scri), f"scri.{scri[0]}:2", f"scri.{scri[-1]}:0"])
    restored, warnings = scenarios.from_query(DATASET, {"w": relinked})
    assert [w.key for w in warnings] == ["all_weights_zero"]
    assert dict(restored.indicator_weights) == {
        ("scri", scri[0]): 2.0,
        **{("scri", i): 0.0 for i in scri[1:]},
    }


# --- short links ---------------------------------------------------------------------------


@pytest.fixture
def link_store(tmp_path):
    opened = store.open_store({"SMARTCITY_DB": str(tmp_path / "links.db")})
    yield opened
    opened.close()


def _big_scenario(towns: int = 60) -> Scenario:
    """Sixty towns inside Kazakhstan, each with every indicator scored: a readable link of about 60 KB."""
    scenario = Scenario(method="geometric").with_indicator_weight("scri", "economic_potential", 2)
    for n in range(towns):
        town = City(f"town_{n}", {"en": f"Town {n}"}, "", 46 + n * 0.05, 62 + n * 0.2, origin="user")
        scenario = scenario.with_city(town)
        for index, (instrument_id, indicator_id) in enumerate(WEIGHT_KEYS):
            scenario = scenario.with_override((town.id, instrument_id, indicator_id), 1 + (n + index) % 5)
    return scenario


def test_a_small_scenario_keeps_its_readable_link(link_store):
    scenario = Scenario(method="goalpost").with_override(("shu", "scri", "digital_infrastructure"), 4)
    assert share.link_params(DATASET, scenario, link_store) == {
        "o": "shu.scri.digital_infrastructure:4",
        "m": "goalpost",
    }


def test_a_big_scenario_travels_as_a_short_link_and_comes_back_exactly(link_store):
    scenario = _big_scenario()
    assert len(share.share_link("https://x.org/", DATASET, scenario)) > 50_000  # without a store
    params = share.link_params(DATASET, scenario, link_store)
    assert list(params) == ["s"] and store.LINK_ID_PATTERN.fullmatch(params["s"])
    assert share.scenario_from_link(DATASET, params, link_store) == (scenario, [])
    link = share.share_link("https://x.org/app/radar", DATASET, scenario, {"city": "shu"}, store=link_store)
    query = dict(parse_qsl(urlsplit(link).query))
    assert query == {"s": params["s"], "city": "shu"} and len(link) < 100
    assert share.scenario_from_link(DATASET, query, link_store)[0] == scenario


@pytest.mark.parametrize("link_id", ["", "short", "A" * 23, "../../etc/passwd-xxxxxxx", "é" * 22, "a b" * 8])
def test_a_malformed_short_link_id_is_named_and_gives_the_papers_scenario(link_store, link_id):
    restored, warnings = share.scenario_from_link(DATASET, {"s": link_id, "m": "geometric"}, link_store)
    assert restored == Scenario() and [w.key for w in warnings] == ["link_bad_id"]


def test_an_unknown_short_link_id_is_named_and_gives_the_papers_scenario(link_store):
    restored, warnings = share.scenario_from_link(DATASET, {"s": "A" * 22, "o": PAPER_PAIR}, link_store)
    assert restored == Scenario() and [w.key for w in warnings] == ["link_unknown_id"]
    assert "A" * 22 in warnings[0].message("ru")


def test_a_stored_scenario_that_is_no_longer_valid_is_reported_not_raised(link_store):
    document = scenarios.to_dict(Scenario()) | {"overrides": {"shu.scri.digital_infrastructure": 9}}
    link_id = link_store.save_link(json.dumps(document))
    restored, warnings = share.scenario_from_link(DATASET, {"s": link_id}, link_store)
    assert restored == Scenario() and [w.key for w in warnings] == ["scenario_invalid"]


class _BrokenStore:
    def save_link(self, scenario_json: str) -> str:
        raise store.StoreError("store_unavailable", location="nowhere", problem="down")

    def load_link(self, link_id: str) -> str | None:
        raise store.StoreError("store_unavailable", location="nowhere", problem="down")


def test_without_a_working_store_a_big_link_stays_readable_and_a_short_one_is_reported():
    scenario = _big_scenario(towns=10)
    assert share.link_params(DATASET, scenario, _BrokenStore()) == scenarios.to_query(DATASET, scenario)
    restored, warnings = share.scenario_from_link(DATASET, {"s": "A" * 22}, _BrokenStore())
    assert restored == Scenario() and [w.key for w in warnings] == ["store_unavailable"]


@LINK_SETTINGS
@given(any_scenario())
def test_any_scenario_comes_back_through_link_params(scenario: Scenario):
    params = share.link_params(DATASET, scenario, _STORE)
    restored, warnings = share.scenario_from_link(DATASET, params, _STORE)
    assert warnings == [] and restored == scenarios.compact(DATASET, scenario)


def test_without_a_store_links_stay_readable_and_a_short_one_says_it_cannot_be_opened():
    scenario = _big_scenario(towns=10)
    assert share.link_params(DATASET, scenario, None) == scenarios.to_query(DATASET, scenario)
    restored, warnings = share.scenario_from_link(DATASET, {"s": "A" * 22}, None)
    assert restored == Scenario() and [w.key for w in warnings] == ["link_no_store"]


@pytest.mark.parametrize(
    "payload",
    [{"layers": [{"scores": 5}]}, {"layers": 5}, {"added_cities": 5}, {"added_cities": [5]}, [1], "x", None],
)
def test_an_x_payload_of_the_wrong_shape_is_one_bad_query_warning(payload):
    blob = _packed(json.dumps(payload).encode())
    restored, warnings = scenarios.from_query(DATASET, {"x": blob, "m": "goalpost"})
    assert restored == Scenario(method="goalpost") and [w.key for w in warnings] == ["bad_query"]
