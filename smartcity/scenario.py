"""The Scenario: everything a user changed on top of the paper, as one serialisable value.

A Scenario holds score overrides, survey layers, added cities, indicator and instrument
weights and the scoring method (the interface language is how a scenario is read, not part of it).
It is frozen and comparable, and round-trips through JSON (files, the store) and through URL query
parameters (share links). A Scenario is checked once, where it comes in: the JSON and link readers
and the edit functions (:func:`set_score`, :func:`add_city`...) only ever return valid ones, so
scoring and the views trust what they are given.
"""

from __future__ import annotations

import base64
import json
import math
import numbers
import re
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any, Generic, TypeVar

from smartcity.data import city_from_dict, city_to_dict
from smartcity.errors import SmartCityError
from smartcity.i18n.catalog import normalize_for_search
from smartcity.model import City, Dataset, ScoreKey

METHODS: tuple[str, ...] = ("paper", "goalpost", "geometric")
DEFAULT_METHOD = "paper"
DEFAULT_WEIGHT = 1.0
SCENARIO_FORMAT = "smartcity-scenario"
SCENARIO_VERSION = 1
MAX_PACKED_BYTES = 1 << 20
"""Largest decompressed ``x`` share-link payload accepted (a guard against zip bombs)."""
CITY_ID_PATTERN = re.compile(r"[^\s.,:]+")
"""Added city ids go into score keys (``city.instrument.indicator``) and share links (``key:value,...``)."""
MAX_LINK_CHARS = 100_000
"""Longest share link read, parameter names and values together (servers refuse about 128 KB)."""
MAX_LINK_PAIRS = 2_500
"""Most ``key:value`` pairs read from ``o=``, ``w=`` and ``iw=`` together: every indicator of 100 towns."""
MAX_LINK_TOWNS = 100
"""Most towns a share link's ``x=`` may add (a bigger scenario travels as a short link)."""
MAX_LINK_LAYERS = 20
MAX_LINK_LAYER_SCORES = 10_000
"""Most survey layers, and scores in them all, that a share link's ``x=`` may carry."""
MAX_LINK_WARNINGS = 20
"""Problems of a link reported one by one; the rest are counted in one more warning."""

WeightKey = tuple[str, str]
"""(instrument id, indicator id)."""
_Key = TypeVar("_Key")


@dataclass(frozen=True)
class ScoreLayer:
    """Scores imported from one source (a survey round), applied over the paper's baseline."""

    id: str
    origin: str
    scores: tuple[tuple[ScoreKey, float], ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "scores", tuple(sorted(dict(self.scores).items())))


@dataclass(frozen=True)
class Scenario:
    """What the user changed: overrides, layers, added cities, weights, method.

    The ``with_*``/``without_*`` methods build copies without checking them; user input goes
    through the edit functions below (:func:`set_score`...), which check what they change.
    """

    overrides: tuple[tuple[ScoreKey, float], ...] = ()
    indicator_weights: tuple[tuple[WeightKey, float], ...] = ()
    instrument_weights: tuple[tuple[str, float], ...] = ()
    method: str = DEFAULT_METHOD
    added_cities: tuple[City, ...] = ()
    layers: tuple[ScoreLayer, ...] = field(default=())

    def __post_init__(self) -> None:
        # Sorted, de-duplicated pairs make equal scenarios compare and hash equal.
        object.__setattr__(self, "overrides", _sorted_pairs(self.overrides))
        object.__setattr__(self, "indicator_weights", _sorted_pairs(self.indicator_weights))
        object.__setattr__(self, "instrument_weights", _sorted_pairs(self.instrument_weights))

    def __hash__(self) -> int:
        # Computed once: scoring's cache hashes the scenario on every call, and a nationwide one
        # holds thousands of pairs.
        cached: int | None = self.__dict__.get("_hash")
        if cached is None:
            cached = hash(
                (
                    self.overrides,
                    self.indicator_weights,
                    self.instrument_weights,
                    self.method,
                    self.added_cities,
                    self.layers,
                )
            )
            object.__setattr__(self, "_hash", cached)
        return cached

    @property
    def override_map(self) -> dict[ScoreKey, float]:
        """Overrides as a dict (a fresh copy)."""
        return dict(self._override_lookup)

    @cached_property
    def _override_lookup(self) -> dict[ScoreKey, float]:
        return dict(self.overrides)

    @cached_property
    def _indicator_weight_lookup(self) -> dict[WeightKey, float]:
        return dict(self.indicator_weights)

    @cached_property
    def _instrument_weight_lookup(self) -> dict[str, float]:
        return dict(self.instrument_weights)

    def indicator_weight(self, instrument_id: str, indicator_id: str) -> float:
        """The weight of one indicator (1 unless the user changed it)."""
        return self._indicator_weight_lookup.get((instrument_id, indicator_id), DEFAULT_WEIGHT)

    def instrument_weight(self, instrument_id: str) -> float:
        """The weight of one instrument in the composite (1 unless changed)."""
        return self._instrument_weight_lookup.get(instrument_id, DEFAULT_WEIGHT)

    def cities(self, dataset: Dataset) -> tuple[City, ...]:
        """The paper's cities followed by the cities the user added."""
        return dataset.cities + self.added_cities

    def with_override(self, key: ScoreKey, value: float) -> Scenario:
        """A copy with one indicator score set."""
        return replace(self, overrides=(*self.overrides, (key, float(value))))

    def without_override(self, key: ScoreKey) -> Scenario:
        """A copy with one override removed (the score falls back to layers or the paper)."""
        return replace(self, overrides=tuple(p for p in self.overrides if p[0] != key))

    def with_indicator_weight(self, instrument_id: str, indicator_id: str, weight: float) -> Scenario:
        """A copy with one indicator weight set."""
        pair = ((instrument_id, indicator_id), float(weight))
        return replace(self, indicator_weights=(*self.indicator_weights, pair))

    def with_instrument_weight(self, instrument_id: str, weight: float) -> Scenario:
        """A copy with one instrument's composite weight set."""
        pair = (instrument_id, float(weight))
        return replace(self, instrument_weights=(*self.instrument_weights, pair))

    def reset_city(self, city_id: str) -> Scenario:
        """A copy without the user's overrides for one city."""
        return replace(self, overrides=tuple(p for p in self.overrides if p[0][0] != city_id))

    def with_layer(self, layer: ScoreLayer) -> Scenario:
        """A copy with a survey layer added, replacing any layer with the same id."""
        kept = tuple(existing for existing in self.layers if existing.id != layer.id)
        return replace(self, layers=(*kept, layer))

    def without_layer(self, layer_id: str) -> Scenario:
        """A copy without one survey layer (the scores beneath it show again)."""
        return replace(self, layers=tuple(layer for layer in self.layers if layer.id != layer_id))

    def with_city(self, city: City) -> Scenario:
        """A copy with a city added; its scores come from overrides or layers."""
        return replace(self, added_cities=(*self.added_cities, city))

    def without_city(self, city_id: str) -> Scenario:
        """A copy without an added city and without any score that names it."""
        return replace(
            self.reset_city(city_id),
            added_cities=tuple(c for c in self.added_cities if c.id != city_id),
            layers=tuple(
                replace(layer, scores=tuple(p for p in layer.scores if p[0][0] != city_id))
                for layer in self.layers
            ),
        )


def replace_method(scenario: Scenario, method: str) -> Scenario:
    """A copy scored with another method (unchecked: see :func:`set_method`)."""
    return replace(scenario, method=method)


def _sorted_pairs(pairs: Iterable[tuple[Any, float]]) -> tuple[tuple[Any, float], ...]:
    return tuple(sorted(dict((tuple(k) if isinstance(k, list) else k, v) for k, v in pairs).items()))


def layered_value(dataset: Dataset, scenario: Scenario, key: ScoreKey) -> float | None:
    """The score under the user's overrides: the newest layer's, else the paper's, else None."""
    for layer in reversed(scenario.layers):
        value = dict(layer.scores).get(key)
        if value is not None:
            return value
    baseline = dataset.baseline.get(key)
    return baseline.value if baseline else None


def compact(dataset: Dataset, scenario: Scenario) -> Scenario:
    """Drop overrides equal to the value beneath them and weights equal to the default."""
    beneath = {key: value.value for key, value in dataset.baseline.items()}
    for layer in scenario.layers:  # newer layers over older ones, as layered_value reads them
        beneath.update(layer.scores)
    return replace(
        scenario,
        overrides=tuple((key, value) for key, value in scenario.overrides if beneath.get(key) != value),
        indicator_weights=tuple(p for p in scenario.indicator_weights if p[1] != DEFAULT_WEIGHT),
        instrument_weights=tuple(p for p in scenario.instrument_weights if p[1] != DEFAULT_WEIGHT),
    )


# --- edit operations: each checks only what it changes -----------------------------------


def set_score(dataset: Dataset, scenario: Scenario, key: ScoreKey, value: float) -> Scenario:
    """A copy with one score set; SmartCityError for an unknown town or indicator, or off the scale."""
    city_ids = {city.id for city in scenario.cities(dataset)}
    _raise_first(_score_problems(dataset, city_ids, key, float(value)))
    return scenario.with_override(key, value)


def set_indicator_weight(
    dataset: Dataset, scenario: Scenario, instrument_id: str, indicator_id: str, weight: float
) -> Scenario:
    """A copy with one indicator weight set; SmartCityError when unknown, bad or leaving all zero."""
    _raise_first(_indicator_problems(dataset, instrument_id, indicator_id))
    _raise_first(_weight_problems(f"{instrument_id}.{indicator_id}", float(weight)))
    changed = scenario.with_indicator_weight(instrument_id, indicator_id, weight)
    instrument = dataset.instrument(instrument_id)
    if all(changed.indicator_weight(instrument_id, i) == 0 for i in instrument.indicator_ids):
        raise SmartCityError("all_weights_zero", instrument=instrument_id)
    return changed


def set_instrument_weight(
    dataset: Dataset, scenario: Scenario, instrument_id: str, weight: float
) -> Scenario:
    """A copy with one instrument's composite weight set; SmartCityError when unknown, bad or all zero."""
    if instrument_id not in dataset.instrument_ids:
        raise SmartCityError("unknown_instrument", instrument=instrument_id)
    _raise_first(_weight_problems(instrument_id, float(weight)))
    changed = scenario.with_instrument_weight(instrument_id, weight)
    if all(changed.instrument_weight(i) == 0 for i in dataset.instrument_ids):
        raise SmartCityError("all_weights_zero", instrument=COMPOSITE_GROUP)
    return changed


def set_method(scenario: Scenario, method: str) -> Scenario:
    """A copy scored with another method; SmartCityError for an unknown method."""
    if method not in METHODS:
        raise SmartCityError("unknown_method", method=method, known=", ".join(METHODS))
    return replace_method(scenario, method)


def add_city(dataset: Dataset, scenario: Scenario, city: City) -> Scenario:
    """A copy with a town added; SmartCityError for a bad field, or an id or a name already taken."""
    _raise_first(_city_problems(city))
    cities = scenario.cities(dataset)
    if city.id in {existing.id for existing in cities}:
        raise SmartCityError("duplicate_city", city=city.id)
    clash = first_taken_name(city.names.values(), taken_spellings(cities))
    if clash is not None:
        raise SmartCityError("city_duplicate_name", name=clash)
    return scenario.with_city(city)


def remove_city(scenario: Scenario, city_id: str) -> Scenario:
    """A copy without an added town and its scores; SmartCityError unless the town was added."""
    if city_id not in {city.id for city in scenario.added_cities}:
        raise SmartCityError("unknown_city", city=city_id)
    return scenario.without_city(city_id)


def add_layer(dataset: Dataset, scenario: Scenario, layer: ScoreLayer) -> Scenario:
    """A copy with a survey layer added (replacing one with its id); SmartCityError for a bad score."""
    city_ids = {city.id for city in scenario.cities(dataset)}
    for key, value in layer.scores:
        _raise_first(_score_problems(dataset, city_ids, key, value))
    return scenario.with_layer(layer)


def remove_layer(scenario: Scenario, layer_id: str) -> Scenario:
    """A copy without one survey layer; SmartCityError when the scenario has no such layer."""
    if layer_id not in {layer.id for layer in scenario.layers}:
        raise SmartCityError("unknown_layer", layer=layer_id)
    return scenario.without_layer(layer_id)


def _raise_first(found: list[SmartCityError]) -> None:
    if found:
        raise found[0]


# --- validation --------------------------------------------------------------------------

COMPOSITE_GROUP = "composite"
"""What ``all_weights_zero`` names when every instrument weight is zero."""


def problems(dataset: Dataset, scenario: Scenario) -> list[SmartCityError]:
    """Every problem of a whole scenario (a file reports each one); an empty list means it is valid."""
    found: list[SmartCityError] = []
    city_ids = [city.id for city in scenario.cities(dataset)]
    found += [SmartCityError("duplicate_city", city=c) for c in _duplicates(city_ids)]
    spellings = taken_spellings(dataset.cities)
    for city in scenario.added_cities:
        city_found = _city_problems(city)
        if not city_found:  # names are text, so they can be compared
            clash = first_taken_name(city.names.values(), spellings)
            if clash is not None:
                city_found.append(SmartCityError("city_duplicate_name", name=clash))
            spellings |= taken_spellings([city])
        found += city_found
    known_cities = {city_id for city_id in city_ids if isinstance(city_id, str)}  # bad ids reported above
    for key, value in scenario.overrides:
        found += _score_problems(dataset, known_cities, key, value)
    for layer in scenario.layers:
        for key, value in layer.scores:
            found += _score_problems(dataset, known_cities, key, value)
    for (instrument_id, indicator_id), weight in scenario.indicator_weights:
        found += _indicator_problems(dataset, instrument_id, indicator_id)
        found += _weight_problems(f"{instrument_id}.{indicator_id}", weight)
    for instrument_id, weight in scenario.instrument_weights:
        if instrument_id not in dataset.instrument_ids:
            found.append(SmartCityError("unknown_instrument", instrument=instrument_id))
        found += _weight_problems(instrument_id, weight)
    for instrument in dataset.instruments:
        if all(scenario.indicator_weight(instrument.id, i) == 0 for i in instrument.indicator_ids):
            found.append(SmartCityError("all_weights_zero", instrument=instrument.id))
    if all(scenario.instrument_weight(i) == 0 for i in dataset.instrument_ids):
        found.append(SmartCityError("all_weights_zero", instrument=COMPOSITE_GROUP))
    if scenario.method not in METHODS:
        found.append(SmartCityError("unknown_method", method=scenario.method, known=", ".join(METHODS)))
    return found


def validate(dataset: Dataset, scenario: Scenario) -> Scenario:
    """Return the scenario if it is valid, else raise SmartCityError for the first problem."""
    _raise_first(problems(dataset, scenario))
    return scenario


def first_taken_name(names: Iterable[str], taken: set[str]) -> str | None:
    """The first of ``names`` that reads like a spelling in ``taken`` (folded by ``normalize_for_search``).

    Town names label table columns and map markers, so two towns may not share one in any language.
    """
    return next((name for name in names if normalize_for_search(name) in taken), None)


def taken_spellings(cities: Iterable[City]) -> set[str]:
    """Every id and name of ``cities``, folded: what another town may not be called."""
    return {normalize_for_search(spelling) for city in cities for spelling in (city.id, *city.names.values())}


def _duplicates(items: list[str]) -> list[str]:
    counts = Counter(item for item in items if isinstance(item, str))  # other ids are reported as bad ids
    return sorted(item for item, count in counts.items() if count > 1)


def _city_problems(city: City) -> list[SmartCityError]:
    """An added city (from a file or a link) must have a usable id, an English name and coordinates."""
    if not isinstance(city.id, str) or not CITY_ID_PATTERN.fullmatch(city.id):
        return [SmartCityError("bad_city_id", city=str(city.id)[:40])]
    found = []
    names = city.names
    all_text = all(isinstance(k, str) and isinstance(v, str) for k, v in names.items())
    if not all_text or not str(names.get("en", "")).strip():
        found.append(SmartCityError("bad_city_field", city=city.id, field="names"))
    for name, limit in (("latitude", 90), ("longitude", 180)):
        value = getattr(city, name)
        if value is not None and not (_is_number(value) and -limit <= value <= limit):
            found.append(SmartCityError("bad_city_field", city=city.id, field=name))
    for name in ("region_iso", "population_paper", "role", "location", "economy", "issues", "priorities"):
        if not isinstance(getattr(city, name), str):
            found.append(SmartCityError("bad_city_field", city=city.id, field=name))
    for name in ("geonameid", "population_geonames"):
        value = getattr(city, name)
        if value is not None and not (isinstance(value, numbers.Integral) and not isinstance(value, bool)):
            found.append(SmartCityError("bad_city_field", city=city.id, field=name))
    return found


def _is_number(value: Any) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool) and math.isfinite(value)


def _score_problems(
    dataset: Dataset, city_ids: set[str], key: ScoreKey, value: float
) -> list[SmartCityError]:
    city_id, instrument_id, indicator_id = key
    if city_id not in city_ids:
        return [SmartCityError("unknown_city", city=city_id)]
    found = _indicator_problems(dataset, instrument_id, indicator_id)
    if found:
        return found
    instrument = dataset.instrument(instrument_id)
    if not (math.isfinite(value) and instrument.scale_min <= value <= instrument.scale_max):
        return [
            SmartCityError(
                "score_out_of_range",
                key=".".join(key),
                value=_format_value(value),
                low=_format_value(instrument.scale_min),
                high=_format_value(instrument.scale_max),
            )
        ]
    return []


def _indicator_problems(dataset: Dataset, instrument_id: str, indicator_id: str) -> list[SmartCityError]:
    if instrument_id not in dataset.instrument_ids:
        return [SmartCityError("unknown_instrument", instrument=instrument_id)]
    if indicator_id not in dataset.instrument(instrument_id).indicator_ids:
        return [SmartCityError("unknown_indicator", instrument=instrument_id, indicator=indicator_id)]
    return []


def _weight_problems(name: str, weight: float) -> list[SmartCityError]:
    if not math.isfinite(weight) or weight < 0:
        return [SmartCityError("bad_weight", name=name, value=_format_value(weight))]
    return []


def parse_number(text: str, what: str) -> float:
    """Parse a decimal number typed by a user (a decimal comma is accepted)."""
    try:
        value = float(text.strip().replace(",", "."))
    except ValueError:
        raise SmartCityError("not_a_number", what=what, value=text) from None
    if not math.isfinite(value):
        raise SmartCityError("not_a_number", what=what, value=text)
    return value


def parse_score_key(text: str) -> ScoreKey:
    """Parse ``CITY.INSTRUMENT.INDICATOR``."""
    parts = text.strip().split(".")
    if len(parts) != 3 or not all(parts):
        raise SmartCityError("bad_score_key", value=text)
    return parts[0], parts[1], parts[2]


def parse_weight_key(text: str) -> WeightKey:
    """Parse ``INSTRUMENT.INDICATOR``."""
    parts = text.strip().split(".")
    if len(parts) != 2 or not all(parts):
        raise SmartCityError("bad_weight_key", value=text)
    return parts[0], parts[1]


def _format_value(value: float) -> str:
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text


# --- JSON -------------------------------------------------------------------------------


def to_dict(scenario: Scenario) -> dict[str, Any]:
    """The JSON form of a scenario (a file, a store row)."""
    return {
        "format": SCENARIO_FORMAT,
        "version": SCENARIO_VERSION,
        "method": scenario.method,
        "overrides": {".".join(key): value for key, value in scenario.overrides},
        "indicator_weights": {".".join(key): w for key, w in scenario.indicator_weights},
        "instrument_weights": dict(scenario.instrument_weights),
        "added_cities": [city_to_dict(city) for city in scenario.added_cities],
        "layers": [
            {
                "id": layer.id,
                "origin": layer.origin,
                "scores": {".".join(key): value for key, value in layer.scores},
            }
            for layer in scenario.layers
        ],
    }


def from_dict(dataset: Dataset, raw: Any) -> Scenario:
    """Read a scenario's JSON form; raise SmartCityError listing every problem."""
    scenario = parse_dict(raw)
    found = problems(dataset, scenario)
    if found:
        raise SmartCityError("scenario_invalid", problems="; ".join(str(p) for p in found))
    return scenario


def parse_dict(raw: Any) -> Scenario:
    """A scenario's JSON form read but not yet checked against a dataset (see :func:`problems`).

    Raises SmartCityError when the structure itself is wrong (not an object, a missing field...).
    """
    try:
        return _from_dict_unchecked(raw)
    except SmartCityError:
        raise
    except (KeyError, TypeError, ValueError, AttributeError, RecursionError) as error:
        raise SmartCityError("scenario_invalid", problems=_describe(error)) from None


def to_json(scenario: Scenario) -> str:
    """Serialise a scenario as JSON text."""
    return json.dumps(to_dict(scenario), ensure_ascii=False, indent=2, sort_keys=True)


def from_json(dataset: Dataset, text: str | bytes) -> Scenario:
    """Parse scenario JSON text; raise SmartCityError saying what is wrong."""
    try:
        raw = json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise SmartCityError("scenario_not_json", problem=str(error)) from None
    except RecursionError:
        raise SmartCityError("scenario_not_json", problem="nesting too deep") from None
    return from_dict(dataset, raw)


def _from_dict_unchecked(raw: Any) -> Scenario:
    # A "language" written by older versions is read past: a language is how a scenario is read.
    if not isinstance(raw, dict) or raw.get("format") != SCENARIO_FORMAT:
        raise SmartCityError("scenario_wrong_format", format=SCENARIO_FORMAT)
    if raw.get("version") != SCENARIO_VERSION:
        raise SmartCityError("scenario_version", version=repr(raw.get("version")), supported=SCENARIO_VERSION)
    return Scenario(
        overrides=tuple((parse_score_key(k), _number(v, k)) for k, v in raw.get("overrides", {}).items()),
        indicator_weights=tuple(
            (parse_weight_key(k), _number(v, k)) for k, v in raw.get("indicator_weights", {}).items()
        ),
        instrument_weights=tuple(
            (str(k), _number(v, k)) for k, v in raw.get("instrument_weights", {}).items()
        ),
        method=str(raw.get("method", DEFAULT_METHOD)),
        added_cities=tuple(city_from_dict(c) for c in raw.get("added_cities", [])),
        layers=tuple(
            ScoreLayer(
                str(layer["id"]),
                str(layer["origin"]),
                tuple((parse_score_key(k), _number(v, k)) for k, v in layer["scores"].items()),
            )
            for layer in raw.get("layers", [])
        ),
    )


def _number(value: Any, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise SmartCityError("not_a_number", what=what, value=repr(value))
    return float(value)


def _describe(error: Exception) -> str:
    if isinstance(error, KeyError):
        return f"missing field {error}"
    return str(error)


# --- URL query parameters ---------------------------------------------------------------

PAIR_PARAMS: tuple[str, ...] = ("o", "w", "iw")
"""Link parameters holding ``key:value`` pairs: overrides, indicator and instrument weights."""


def to_query(dataset: Dataset, scenario: Scenario) -> dict[str, str]:
    """Compact query parameters for a share link: only what differs from the paper."""
    scenario = compact(dataset, scenario)
    params: dict[str, str] = {}
    if scenario.overrides:
        params["o"] = ",".join(f"{'.'.join(k)}:{_format_value(v)}" for k, v in scenario.overrides)
    if scenario.indicator_weights:
        params["w"] = ",".join(f"{'.'.join(k)}:{_format_value(v)}" for k, v in scenario.indicator_weights)
    if scenario.instrument_weights:
        params["iw"] = ",".join(f"{k}:{_format_value(v)}" for k, v in scenario.instrument_weights)
    if scenario.method != DEFAULT_METHOD:
        params["m"] = scenario.method
    if scenario.added_cities or scenario.layers:
        extra = to_dict(scenario)
        packed = json.dumps(
            {"added_cities": extra["added_cities"], "layers": extra["layers"]},
            ensure_ascii=False,
            separators=(",", ":"),
        ).encode()
        params["x"] = base64.urlsafe_b64encode(zlib.compress(packed, 9)).decode().rstrip("=")
    return params


def from_query(dataset: Dataset, params: Mapping[str, str]) -> tuple[Scenario, list[SmartCityError]]:
    """Read share-link parameters in one pass; a bad pair is dropped and reported, never raised.

    A link over a size limit (``MAX_LINK_*``) is refused whole, before it is parsed: the paper's
    scenario and one warning. ``lang=`` and view parameters are not part of a scenario and are ignored.
    """
    refusal = link_size_problem(params)
    if refusal is not None:
        return Scenario(), [refusal]
    warnings: list[SmartCityError] = []
    packed, extra = params.get("x"), Scenario()
    if packed:
        try:
            raw_extra = _unpacked(packed)
        except (ValueError, RecursionError, zlib.error):
            warnings.append(SmartCityError("bad_query", name="x", value=packed[:40]))
        else:
            refusal = _extra_size_problem(raw_extra)
            if refusal is not None:
                return Scenario(), [refusal]
            extra = _extra_scenario(dataset, raw_extra, warnings)
    overrides, indicator_weights, instrument_weights = _link_pairs(dataset, extra, params, warnings)
    method = params.get("m", DEFAULT_METHOD)
    if method not in METHODS:
        warnings.append(SmartCityError("unknown_method", method=method, known=", ".join(METHODS)))
        method = DEFAULT_METHOD
    scenario = Scenario(
        overrides=tuple(overrides.items()),
        indicator_weights=tuple(indicator_weights.items()),
        instrument_weights=tuple(instrument_weights.items()),
        method=method,
        added_cities=extra.added_cities,
        layers=extra.layers,
    )
    return scenario, _bounded(warnings)


def link_size_problem(params: Mapping[str, str]) -> SmartCityError | None:
    """Why a link is too big to read, or None; it only counts characters and separators."""
    size = sum(len(name) + len(value) for name, value in params.items())
    if size > MAX_LINK_CHARS:
        return SmartCityError("link_too_long", size=size, limit=MAX_LINK_CHARS)
    pairs = sum(params[name].count(",") + 1 for name in PAIR_PARAMS if params.get(name))
    if pairs > MAX_LINK_PAIRS:
        return SmartCityError("link_too_many_pairs", count=pairs, limit=MAX_LINK_PAIRS)
    return None


def _unpacked(text: str) -> Any:
    """The JSON inside ``x=`` (base64 of zlib); ValueError, RecursionError or zlib.error if unreadable."""
    return json.loads(_inflate(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))))


def _extra_size_problem(raw: Any) -> SmartCityError | None:
    """Why ``x=`` holds too much to read (towns, layers, layer scores), or None; nothing is built yet."""
    if not isinstance(raw, dict):
        return None
    towns, layers = raw.get("added_cities"), raw.get("layers")
    if isinstance(towns, list) and len(towns) > MAX_LINK_TOWNS:
        return SmartCityError("link_too_many_towns", count=len(towns), limit=MAX_LINK_TOWNS)
    if not isinstance(layers, list):
        return None
    if len(layers) > MAX_LINK_LAYERS:
        return SmartCityError("link_too_many_layers", count=len(layers), limit=MAX_LINK_LAYERS)
    scores = sum(
        len(layer["scores"]) for layer in layers if isinstance(layer, dict) and _sized(layer.get("scores"))
    )
    if scores > MAX_LINK_LAYER_SCORES:
        return SmartCityError("link_too_many_layer_scores", count=scores, limit=MAX_LINK_LAYER_SCORES)
    return None


def _sized(value: Any) -> bool:
    return isinstance(value, (dict, list))


def _extra_scenario(dataset: Dataset, raw: Any, warnings: list[SmartCityError]) -> Scenario:
    """The towns and layers of ``x=``, all valid, or none of them (with warnings saying why)."""
    try:
        if not isinstance(raw, dict):
            raise TypeError("not an object")
        fields = {key: raw[key] for key in ("added_cities", "layers") if key in raw}
        extra = _from_dict_unchecked({"format": SCENARIO_FORMAT, "version": SCENARIO_VERSION, **fields})
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError):  # SmartCityError included
        warnings.append(SmartCityError("bad_query", name="x", value=str(raw)[:40]))
        return Scenario()
    found = problems(dataset, extra) or _outside_kazakhstan(extra.added_cities)
    if found:
        warnings += found
        return Scenario()
    return extra


def _outside_kazakhstan(cities: Iterable[City]) -> list[SmartCityError]:
    """A linked town must lie in Kazakhstan, as the add-town form requires (one without coordinates may)."""
    from smartcity import geo  # geopandas loads only when a link adds towns

    return [
        SmartCityError(
            "city_outside_kazakhstan", latitude=f"{city.latitude:g}", longitude=f"{city.longitude:g}"
        )
        for city in cities
        if city.latitude is not None
        and city.longitude is not None
        and not geo.inside_kazakhstan(city.latitude, city.longitude)
    ]


class _GuardedWeights(Generic[_Key]):
    """Weights read from a link, refusing the one that would leave its group with every weight zero."""

    def __init__(self, group_sizes: Mapping[str, int]) -> None:
        self.values: dict[_Key, float] = {}
        self._nonzero = dict(group_sizes)

    def set(self, key: _Key, group: str, weight: float) -> None:
        """Set one weight, or raise ``all_weights_zero`` (the weight is then not set)."""
        previous = self.values.get(key, DEFAULT_WEIGHT)
        remaining = self._nonzero[group] - (previous != 0) + (weight != 0)
        if remaining == 0:
            raise SmartCityError("all_weights_zero", instrument=group)
        self._nonzero[group] = remaining
        self.values[key] = weight


def _link_pairs(
    dataset: Dataset, extra: Scenario, params: Mapping[str, str], warnings: list[SmartCityError]
) -> tuple[dict[ScoreKey, float], dict[WeightKey, float], dict[str, float]]:
    """The valid pairs of ``o=``, ``w=`` and ``iw=``, checked against the dataset and the link's towns."""
    city_ids = {city.id for city in extra.cities(dataset)}
    overrides: dict[ScoreKey, float] = {}
    indicator_weights = _GuardedWeights[WeightKey]({i.id: len(i.indicators) for i in dataset.instruments})
    instrument_weights = _GuardedWeights[str]({COMPOSITE_GROUP: len(dataset.instruments)})

    def read_override(key_text: str, value_text: str) -> None:
        key = parse_score_key(key_text)
        value = parse_number(value_text, key_text)
        _raise_first(_score_problems(dataset, city_ids, key, value))
        overrides[key] = value

    def read_indicator_weight(key_text: str, value_text: str) -> None:
        key = parse_weight_key(key_text)
        weight = parse_number(value_text, key_text)
        _raise_first(_indicator_problems(dataset, *key))
        _raise_first(_weight_problems(".".join(key), weight))
        indicator_weights.set(key, key[0], weight)

    def read_instrument_weight(key_text: str, value_text: str) -> None:
        weight = parse_number(value_text, key_text)
        if key_text not in dataset.instrument_ids:
            raise SmartCityError("unknown_instrument", instrument=key_text)
        _raise_first(_weight_problems(key_text, weight))
        instrument_weights.set(key_text, COMPOSITE_GROUP, weight)

    readers: dict[str, Callable[[str, str], None]] = {
        "o": read_override,
        "w": read_indicator_weight,
        "iw": read_instrument_weight,
    }
    for name, read in readers.items():
        for key_text, value_text in _query_pairs(params.get(name, ""), name, warnings):
            try:
                read(key_text, value_text)
            except SmartCityError as error:
                warnings.append(error)
    return overrides, indicator_weights.values, instrument_weights.values


def _bounded(warnings: list[SmartCityError]) -> list[SmartCityError]:
    """The first MAX_LINK_WARNINGS warnings, and one more counting the rest."""
    if len(warnings) <= MAX_LINK_WARNINGS:
        return warnings
    rest = len(warnings) - MAX_LINK_WARNINGS
    return [*warnings[:MAX_LINK_WARNINGS], SmartCityError("link_more_problems", count=rest)]


def _inflate(data: bytes) -> bytes:
    """Decompress, refusing payloads that would grow beyond MAX_PACKED_BYTES."""
    inflater = zlib.decompressobj()
    packed = inflater.decompress(data, MAX_PACKED_BYTES)
    if inflater.unconsumed_tail or not inflater.eof:
        raise ValueError("payload too large or truncated")
    return packed


def _query_pairs(text: str, name: str, warnings: list[SmartCityError]) -> list[tuple[str, str]]:
    pairs = []
    for item in filter(None, text.split(",")):
        key, sep, value = item.partition(":")
        if sep:
            pairs.append((key, value))
        else:
            warnings.append(SmartCityError("bad_query", name=name, value=item[:80]))
    return pairs
