"""The target planner: the cheapest whole-step indicator improvements that lift a city to a target.

A step raises one indicator to the next whole score above its value (2 -> 3, or 2.4 -> 3), up to
the top of the scale; each step costs 1 unless the user gives a cost per indicator (infinite:
the indicator cannot change). The answer is exact, by dynamic programming over Pareto fronts:

- Within an instrument the percent is a monotone function of a sum over indicators (the
  weighted sum for ``paper`` and ``goalpost``, the weighted sum of logs for ``geometric``), so
  indicators are added one at a time, keeping for every cost only the options that no cheaper
  option matches (the Pareto front of cost against that sum).
- The composite is a weighted sum of instrument percents, so the instruments' fronts combine
  in the same way. The cheapest front entry that reaches the target is the answer.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from smartcity.errors import SmartCityError
from smartcity.i18n.catalog import format_percent, format_score, translate, translate_count
from smartcity.i18n.labels import city_name, indicator_label, indicator_name, instrument_name, join_names
from smartcity.model import Band, Dataset, Instrument
from smartcity.scenario import Scenario, WeightKey
from smartcity.scoring import (
    COMPOSITE,
    RANK_DECIMALS,
    indicator_terms,
    indicator_weights,
    instruments_of,
    percent_of_mean_term,
    score,
)

TOLERANCE = 1e-9
"""A target is reached when the percent is at most this far below it (floating-point slack)."""

Costs = Mapping[WeightKey, float]
"""(instrument id, indicator id) -> cost of one step; math.inf marks an indicator that cannot change."""


@dataclass(frozen=True)
class Step:
    """One indicator's change in a plan: from its value to a higher whole score."""

    instrument_id: str
    indicator_id: str
    before: float
    after: float
    step_count: int
    cost: float
    """The cost of all of this indicator's steps."""


@dataclass(frozen=True)
class Plan:
    """The cheapest way for a city to reach a target percent, or why there is none."""

    city_id: str
    instrument_id: str
    target: float
    percent_before: float
    reachable: bool
    steps: tuple[Step, ...]
    percent_after: float
    """The percent after the steps. For an unreachable target the steps are the cheapest way to the
    best percent there is (every changeable, weighted indicator at the top)."""
    fixed: tuple[WeightKey, ...]
    """Indicators that cannot change (infinite cost) below the top of the scale."""
    unweighted: tuple[WeightKey, ...]
    """Indicators with weight 0, which no step can help."""

    @property
    def cost(self) -> float:
        """The plan's total cost."""
        return float(sum(step.cost for step in self.steps))

    @property
    def step_count(self) -> int:
        """How many whole steps the plan takes."""
        return sum(step.step_count for step in self.steps)


@dataclass(frozen=True, eq=False)
class _Front:
    """Pareto front: options by rising cost with strictly rising value; levels: each indicator's choice."""

    cost: np.ndarray
    steps: np.ndarray
    spread: np.ndarray  # sum of squared scores after the steps: lower means weaker scores were raised
    value: np.ndarray
    levels: np.ndarray  # (options, indicators so far): chosen level index per indicator

    def pruned(self) -> _Front:
        """Keep, in order of cost, only options worth more than every cheaper one.

        Equal costs and values (to 9 decimals, so float noise cannot decide) go to fewer steps,
        then to the lower spread: the plan that lifts the weakest scores.
        """
        cost, value = np.round(self.cost, RANK_DECIMALS), np.round(self.value, RANK_DECIMALS)
        order = np.lexsort((self.spread, self.steps, -value, cost))
        best_before = np.maximum.accumulate(np.concatenate([[-np.inf], value[order][:-1]]))
        kept = order[value[order] > best_before]
        return _Front(
            self.cost[kept], self.steps[kept], self.spread[kept], self.value[kept], self.levels[kept]
        )


def _levels(value: float, top: float) -> np.ndarray:
    """The value and every whole score above it up to the top of the scale."""
    return np.array([value, *np.arange(math.floor(value) + 1, math.floor(top) + 1)], dtype=float)


def _combine(left: _Front, right: _Front) -> _Front:
    """Every pair of options of two fronts, pruned to a front again (costs, steps, spreads and values add)."""
    rows, columns = len(left.cost), len(right.cost)
    first, second = np.repeat(np.arange(rows), columns), np.tile(np.arange(columns), rows)
    return _Front(
        left.cost[first] + right.cost[second],
        left.steps[first] + right.steps[second],
        left.spread[first] + right.spread[second],
        left.value[first] + right.value[second],
        np.concatenate([left.levels[first], right.levels[second]], axis=1),
    ).pruned()


def _indicator_front(step_cost: float, levels: np.ndarray, value_of: np.ndarray) -> _Front:
    """One indicator's options: level i costs i steps; a fixed indicator (infinite cost) keeps level 0."""
    fixed = math.isinf(step_cost)
    count = np.arange(1 if fixed else len(levels))
    per_step = 0.0 if fixed else step_cost
    chosen = levels[: len(count)]
    return _Front(count * per_step, count, chosen**2, value_of[: len(count)], count[:, None]).pruned()


def _instrument_front(
    instrument: Instrument, row: np.ndarray, weights: np.ndarray, method: str, costs: list[float]
) -> _Front:
    """The instrument's front, with values in percent."""
    lo, hi = instrument.scale_min, instrument.scale_max
    shares = weights / weights.sum()
    front: _Front | None = None
    for value, share, step_cost in zip(row, shares, costs, strict=True):
        levels = _levels(value, hi)
        indicator = _indicator_front(step_cost, levels, share * indicator_terms(levels, method, lo, hi))
        front = indicator if front is None else _combine(front, indicator)
    assert front is not None
    value = percent_of_mean_term(front.value, method, hi)
    return _Front(front.cost, front.steps, front.spread, value, front.levels)


def plan(
    dataset: Dataset,
    scenario: Scenario,
    city_id: str,
    instrument_id: str,
    target: float,
    costs: Costs | None = None,
) -> Plan:
    """The cheapest whole-step improvements that bring a city to ``target`` percent on an instrument.

    Ties in cost go to the higher percent, then to fewer steps, then to lifting the weaker scores.
    """
    table = score(dataset, scenario)
    costs = dict(costs or {})
    _check(dataset, scenario, city_id, instrument_id, target, costs)
    instruments = instruments_of(dataset, instrument_id)
    result = table.get(city_id, instrument_id)
    if result is None:
        raise SmartCityError("plan_incomplete", city=city_id, instrument=instrument_id)
    instrument_weights = np.array([scenario.instrument_weight(i.id) for i in instruments])
    instrument_shares = instrument_weights / instrument_weights.sum()
    front: _Front | None = None
    layout: list[tuple[Instrument, np.ndarray, np.ndarray]] = []
    for instrument, share in zip(instruments, instrument_shares, strict=True):
        row = np.array([table.values[(city_id, instrument.id, i)].value for i in instrument.indicator_ids])
        weights = indicator_weights(scenario, instrument)
        step_costs = [costs.get((instrument.id, i), 1.0) for i in instrument.indicator_ids]
        part = _instrument_front(instrument, row, weights, scenario.method, step_costs)
        part = _Front(part.cost, part.steps, part.spread, part.value * share, part.levels)
        front = part if front is None else _combine(front, part)
        layout.append((instrument, row, weights))
    assert front is not None
    reached = np.flatnonzero(front.value >= target - TOLERANCE)
    chosen = int(reached[0]) if len(reached) else len(front.value) - 1
    steps = _steps(layout, front.levels[chosen], costs)
    fixed, unweighted = _blocked(layout, costs)
    return Plan(
        city_id,
        instrument_id,
        float(target),
        result.percent,
        bool(len(reached)),
        steps,
        float(front.value[chosen]),
        fixed,
        unweighted,
    )


def _check(
    dataset: Dataset,
    scenario: Scenario,
    city_id: str,
    instrument_id: str,
    target: float,
    costs: dict[WeightKey, float],
) -> None:
    if city_id not in {city.id for city in scenario.cities(dataset)}:
        raise SmartCityError("unknown_city", city=city_id)
    instruments_of(dataset, instrument_id)  # raises for an unknown id
    if not (math.isfinite(target) and 0 <= target <= 100):
        raise SmartCityError("bad_target", value=f"{target:g}")
    for (instrument, indicator), cost in costs.items():
        if (
            instrument not in dataset.instrument_ids
            or indicator not in dataset.instrument(instrument).indicator_ids
        ):
            raise SmartCityError("unknown_indicator", instrument=instrument, indicator=indicator)
        if math.isnan(cost) or cost <= 0:
            raise SmartCityError("bad_cost", name=f"{instrument}.{indicator}", value=f"{cost:g}")


def _steps(
    layout: list[tuple[Instrument, np.ndarray, np.ndarray]],
    chosen_levels: np.ndarray,
    costs: dict[WeightKey, float],
) -> tuple[Step, ...]:
    steps = []
    position = 0
    for instrument, row, _ in layout:
        for indicator_id, value in zip(instrument.indicator_ids, row, strict=True):
            level = int(chosen_levels[position])
            position += 1
            if level:
                after = _levels(value, instrument.scale_max)[level]
                step_cost = costs.get((instrument.id, indicator_id), 1.0)
                steps.append(
                    Step(instrument.id, indicator_id, float(value), float(after), level, level * step_cost)
                )
    return tuple(steps)


def _blocked(
    layout: list[tuple[Instrument, np.ndarray, np.ndarray]], costs: dict[WeightKey, float]
) -> tuple[tuple[WeightKey, ...], tuple[WeightKey, ...]]:
    fixed, unweighted = [], []
    for instrument, row, weights in layout:
        for indicator_id, value, weight in zip(instrument.indicator_ids, row, weights, strict=True):
            key = (instrument.id, indicator_id)
            if weight == 0:
                unweighted.append(key)
            elif math.isinf(costs.get(key, 1.0)) and value < instrument.scale_max:
                fixed.append(key)
    return tuple(fixed), tuple(unweighted)


def step_rows(dataset: Dataset, found: Plan, language: str) -> list[dict[str, str]]:
    """The plan's steps as table rows with headers and numbers in the language."""
    columns = {
        name: translate(f"uncertainty.col.{name}", language)
        for name in ("indicator", "from", "to", "step_cost")
    }
    return [
        {
            columns["indicator"]: _indicator_label(dataset, found, step, language),
            columns["from"]: format_score(step.before, language),
            columns["to"]: format_score(step.after, language),
            columns["step_cost"]: format_score(step.cost, language),
        }
        for step in found.steps
    ]


def next_band_target(bands: tuple[Band, ...], percent: float) -> float:
    """A natural target: where the next readiness band above ``percent`` starts (100 at the top)."""
    above = [band.min_percent for band in bands if band.min_percent > percent + TOLERANCE]
    return min(above, default=100.0)


def explain(dataset: Dataset, scenario: Scenario, found: Plan, language: str) -> str:
    """The plan in words, e.g. "raise Environmental Sustainability 1→3 and Public/Private Partnership 1→2"."""
    facts = {
        "city": city_name(dataset, scenario, found.city_id, language),
        "instrument": instrument_name(dataset, found.instrument_id, language, short=True),
        "target": format_percent(found.target, language, 0 if found.target == int(found.target) else 2),
        "before": format_percent(found.percent_before, language, 2),
        "after": format_percent(found.percent_after, language, 2),
    }
    if found.reachable and not found.steps:
        return translate("planner.already", language, **facts)
    if found.reachable:
        return translate(
            "planner.reach",
            language,
            changes=join_names(step_texts(dataset, found, language), language),
            steps=translate_count("planner.steps", found.step_count, language),
            cost=format_score(found.cost, language),
            **facts,
        )
    text = translate("planner.unreachable", language, **facts)
    for kind, keys in (("fixed", found.fixed), ("unweighted", found.unweighted)):
        if keys:
            names = [indicator_name(dataset, i, ind, language) for i, ind in keys]
            text += " " + translate(
                f"planner.unreachable_{kind}", language, indicators=join_names(names, language)
            )
    return text


def step_texts(dataset: Dataset, found: Plan, language: str) -> list[str]:
    """Each step of the plan in words, e.g. "Environmental Sustainability 1→3" (with the instrument's
    short name first on the composite, whose steps span instruments)."""
    return [
        translate(
            "planner.change",
            language,
            indicator=_indicator_label(dataset, found, step, language),
            before=format_score(step.before, language),
            after=format_score(step.after, language),
        )
        for step in found.steps
    ]


def _indicator_label(dataset: Dataset, found: Plan, step: Step, language: str) -> str:
    return indicator_label(
        dataset, step.instrument_id, step.indicator_id, language, qualified=found.instrument_id == COMPOSITE
    )
