"""Scoring: a scenario's indicator scores -> totals, percents, ranks and bands per instrument.

Methods (w are the indicator weights normalised to sum to 1; x on the scale [lo, hi]):

- ``paper``: Σ w·x / hi × 100. Equal weights give the paper's total / (n × 5) × 100.
- ``goalpost``: Σ w·(x − lo) / (hi − lo) × 100.
- ``geometric``: exp(Σ w·ln x) / hi × 100.
- composite (not in the paper): the instrument percents averaged with instrument weights.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType

import numpy as np

from smartcity.errors import SmartCityError
from smartcity.model import USER_ORIGIN, Band, Dataset, Instrument, ScoreKey, ScoreValue
from smartcity.scenario import METHODS, Scenario

COMPOSITE = "composite"
RANK_DECIMALS = 9  # percents equal to 9 decimals tie: 12/35 computed two ways must share a rank


@dataclass(frozen=True)
class Result:
    """One city's result on one instrument (or the composite) under a scenario."""

    city_id: str
    instrument_id: str
    total: float | None
    maximum: float | None
    percent: float
    rank: int
    band: str
    baseline_percent: float | None
    baseline_rank: int | None

    @property
    def delta_percent(self) -> float | None:
        """Change in percentage points against the paper (None for an added city)."""
        return None if self.baseline_percent is None else self.percent - self.baseline_percent

    @property
    def rank_change(self) -> int | None:
        """Places gained against the paper: +1 means one place up (None for an added city)."""
        return None if self.baseline_rank is None else self.baseline_rank - self.rank


@dataclass(frozen=True)
class ScoreTable:
    """Every result of a scenario, with the indicator values (and their origins) behind them."""

    method: str
    results: tuple[Result, ...]
    values: Mapping[ScoreKey, ScoreValue]
    incomplete: tuple[tuple[str, str, tuple[str, ...]], ...]
    """(city, instrument, missing indicator ids) for results that could not be computed."""

    def get(self, city_id: str, instrument_id: str) -> Result | None:
        """The result of one city on one instrument, or None when it has none."""
        for result in self.results:
            if result.city_id == city_id and result.instrument_id == instrument_id:
                return result
        return None

    def ranking(self, instrument_id: str) -> list[Result]:
        """Results on one instrument, best first (ties keep the cities' order)."""
        rows = [r for r in self.results if r.instrument_id == instrument_id]
        return sorted(rows, key=lambda r: r.rank)


def effective_values(dataset: Dataset, scenario: Scenario) -> dict[ScoreKey, ScoreValue]:
    """Indicator scores under the scenario: the paper's, then survey layers, then overrides."""
    values = dict(dataset.baseline)
    for layer in scenario.layers:
        values.update({key: ScoreValue(v, layer.origin) for key, v in layer.scores})
    values.update({key: ScoreValue(v, USER_ORIGIN) for key, v in scenario.overrides})
    return values


def indicator_terms(values: np.ndarray, method: str, scale_min: float, scale_max: float) -> np.ndarray:
    """Each score's term in its method's weighted mean: x/hi·100 (paper), (x-lo)/(hi-lo)·100
    (goalpost) or ln x (geometric)."""
    if method == "paper":
        return values / scale_max * 100
    if method == "goalpost":
        return (values - scale_min) / (scale_max - scale_min) * 100
    if method == "geometric":
        logs: np.ndarray = np.log(values)
        return logs
    raise SmartCityError("unknown_method", method=method, known=", ".join(METHODS))


def percent_of_mean_term(mean_term: np.ndarray, method: str, scale_max: float) -> np.ndarray:
    """The percent from the weighted mean of :func:`indicator_terms` (exp(mean)/hi·100 for geometric)."""
    return np.exp(mean_term) / scale_max * 100 if method == "geometric" else mean_term


def instrument_percent(
    values: np.ndarray, weights: np.ndarray, method: str, scale_min: float, scale_max: float
) -> np.ndarray:
    """Percent scores of rows of indicator values (last axis) under one method.

    Works on any leading shape, so Monte Carlo draws go through the same formula.
    """
    terms = indicator_terms(values, method, scale_min, scale_max)
    mean_term = (weights * terms).sum(axis=-1) / weights.sum(axis=-1)
    return percent_of_mean_term(mean_term, method, scale_max)


def competition_ranks(percents: np.ndarray) -> np.ndarray:
    """Ranks along the last axis, best = 1, ties sharing the best rank (1, 2, 2, 4).

    Sorting costs n·log n per row, which matters for hundreds of towns times thousands of draws.
    """
    rounded = np.round(percents, RANK_DECIMALS)
    order = np.argsort(-rounded, axis=-1, kind="stable")
    ordered = np.take_along_axis(rounded, order, axis=-1)
    starts = np.ones(ordered.shape, dtype=bool)
    starts[..., 1:] = ordered[..., 1:] != ordered[..., :-1]
    positions = np.arange(1, ordered.shape[-1] + 1)
    ranks_in_order = np.maximum.accumulate(np.where(starts, positions, 0), axis=-1)
    ranks = np.empty_like(ranks_in_order)
    np.put_along_axis(ranks, order, ranks_in_order, axis=-1)
    return ranks


def band_of(bands: tuple[Band, ...], percent: float) -> str:
    """Id of the readiness band that holds ``percent``."""
    current = bands[0].id
    for band in sorted(bands, key=lambda b: b.min_percent):
        if percent + 1e-9 >= band.min_percent:
            current = band.id
    return current


def instruments_of(dataset: Dataset, instrument_id: str) -> tuple[Instrument, ...]:
    """The instruments an id stands for: every one for the composite, else that one (or SmartCityError)."""
    if instrument_id == COMPOSITE:
        return dataset.instruments
    if instrument_id not in dataset.instrument_ids:
        raise SmartCityError("unknown_instrument", instrument=instrument_id)
    return (dataset.instrument(instrument_id),)


def indicator_weights(scenario: Scenario, instrument: Instrument) -> np.ndarray:
    """The scenario's weights of one instrument's indicators, in the instrument's order."""
    return np.array([scenario.indicator_weight(instrument.id, i) for i in instrument.indicator_ids])


def score(dataset: Dataset, scenario: Scenario | None = None) -> ScoreTable:
    """Score every city on every instrument and the composite, with deltas against the paper.

    The scenario is trusted to be valid: the JSON and link readers and the edit functions of
    :mod:`smartcity.scenario` only return valid ones. Results are cached by scenario, whose hash
    is computed once, so asking again costs a dictionary lookup.
    """
    return _score_cached(dataset, Scenario() if scenario is None else scenario)


@lru_cache(maxsize=256)
def _score_cached(dataset: Dataset, scenario: Scenario) -> ScoreTable:
    baseline = _compute(dataset, Scenario()) if scenario != Scenario() else None
    current = _compute(dataset, scenario)
    if baseline is None:
        baseline = current
    base = {(r.city_id, r.instrument_id): r for r in baseline[0]}
    results = tuple(
        Result(
            r.city_id,
            r.instrument_id,
            r.total,
            r.maximum,
            r.percent,
            r.rank,
            r.band,
            base[(r.city_id, r.instrument_id)].percent if (r.city_id, r.instrument_id) in base else None,
            base[(r.city_id, r.instrument_id)].rank if (r.city_id, r.instrument_id) in base else None,
        )
        for r in current[0]
    )
    return ScoreTable(scenario.method, results, MappingProxyType(current[1]), current[2])


def _compute(
    dataset: Dataset, scenario: Scenario
) -> tuple[list[Result], dict[ScoreKey, ScoreValue], tuple[tuple[str, str, tuple[str, ...]], ...]]:
    values = effective_values(dataset, scenario)
    cities = scenario.cities(dataset)
    results: list[Result] = []
    incomplete: list[tuple[str, str, tuple[str, ...]]] = []
    percents_by_city: dict[str, dict[str, float]] = {city.id: {} for city in cities}
    for instrument in dataset.instruments:
        weights = indicator_weights(scenario, instrument)
        scored: list[tuple[str, float, float]] = []
        for city in cities:
            keys = [(city.id, instrument.id, i) for i in instrument.indicator_ids]
            missing = tuple(k[2] for k in keys if k not in values)
            if missing:
                incomplete.append((city.id, instrument.id, missing))
                continue
            row = np.array([values[k].value for k in keys])
            percent = float(
                instrument_percent(row, weights, scenario.method, instrument.scale_min, instrument.scale_max)
            )
            total = float((weights * row).sum() * len(row) / weights.sum())
            scored.append((city.id, total, percent))
            percents_by_city[city.id][instrument.id] = percent
        results += _ranked(dataset, instrument.id, scored, len(instrument.indicators) * instrument.scale_max)
    composite = []
    instrument_weight = {i: scenario.instrument_weight(i) for i in dataset.instrument_ids}
    for city in cities:
        percents = percents_by_city[city.id]
        if len(percents) == len(dataset.instruments):
            weight_sum = sum(instrument_weight.values())
            value = sum(instrument_weight[i] * p for i, p in percents.items()) / weight_sum
            composite.append((city.id, None, value))
    results += _ranked(dataset, COMPOSITE, composite, None)
    return results, values, tuple(incomplete)


def _ranked(
    dataset: Dataset,
    instrument_id: str,
    scored: Sequence[tuple[str, float | None, float]],
    maximum: float | None,
) -> list[Result]:
    if not scored:
        return []
    ranks = competition_ranks(np.array([percent for _, _, percent in scored]))
    return [
        Result(
            city_id,
            instrument_id,
            total,
            maximum if total is not None else None,
            percent,
            int(rank),
            band_of(dataset.bands, percent),
            None,
            None,
        )
        for (city_id, total, percent), rank in zip(scored, ranks, strict=True)
    ]


def contributions(dataset: Dataset, scenario: Scenario, city_id: str, instrument_id: str) -> dict[str, float]:
    """Percentage points each indicator adds to a city's percent; they sum to the percent."""
    instrument = dataset.instrument(instrument_id)
    table = score(dataset, scenario)
    weights = indicator_weights(scenario, instrument)
    normalised = weights / weights.sum()
    row = np.array([table.values[(city_id, instrument_id, i)].value for i in instrument.indicator_ids])
    lo, hi = instrument.scale_min, instrument.scale_max
    terms = normalised * indicator_terms(row, scenario.method, lo, hi)
    if scenario.method == "geometric":
        # The geometric percent is not a sum: split it in proportion to each weighted log.
        percent = float(percent_of_mean_term(terms.sum(), "geometric", hi))
        points = (terms / terms.sum() if terms.sum() > 0 else normalised) * percent
    else:
        points = terms
    return dict(zip(instrument.indicator_ids, (float(p) for p in points), strict=True))
