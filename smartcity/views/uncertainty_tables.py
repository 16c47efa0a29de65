"""The uncertainty page's tables: the planner's editable costs, and the methods a Monte Carlo varies."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from smartcity.i18n.catalog import translate
from smartcity.i18n.labels import indicator_name, instrument_name
from smartcity.model import Dataset
from smartcity.scenario import METHODS, Scenario
from smartcity.scoring import COMPOSITE, score

DEFAULT_COST = 1.0
COST_COLUMNS = ("indicator", "score", "cost", "changeable")
Costs = tuple[tuple[tuple[str, str], float], ...]
"""((instrument id, indicator id), cost per step) of the indicators whose cost is not 1."""


@dataclass(frozen=True)
class CostTable:
    """The planner's cost table: one row per indicator (``keys``) and its translated column names."""

    keys: tuple[tuple[str, str], ...]
    frame: pd.DataFrame
    indicator: str
    score: str
    cost: str
    changeable: str


def cost_table(
    dataset: Dataset, scenario: Scenario, city_id: str, instrument_id: str, language: str
) -> CostTable:
    """A city's indicators with their score, a cost per step of 1 and "changeable" ticked."""
    composite = instrument_id == COMPOSITE
    instruments = dataset.instruments if composite else (dataset.instrument(instrument_id),)
    keys = tuple((i.id, indicator) for i in instruments for indicator in i.indicator_ids)
    values = score(dataset, scenario).values
    names = [
        (f"{instrument_name(dataset, i, language, short=True)}: " if composite else "")
        + indicator_name(dataset, i, indicator, language)
        for i, indicator in keys
    ]
    headers = {
        name: translate(f"uncertainty.col.{name}", language)
        for name in ("indicator", "score", "cost", "changeable")
    }
    frame = pd.DataFrame(
        {
            headers["indicator"]: names,
            headers["score"]: [values[(city_id, i, indicator)].value for i, indicator in keys],
            headers["cost"]: [DEFAULT_COST] * len(keys),
            headers["changeable"]: [True] * len(keys),
        }
    )
    return CostTable(keys, frame, **headers)


def edited_costs(table: CostTable, edited: pd.DataFrame) -> Costs:
    """The costs that differ from 1 after editing: an unticked indicator costs infinity (never changed)."""
    found = []
    for key, cost, changeable in zip(table.keys, edited[table.cost], edited[table.changeable], strict=True):
        if not changeable:
            found.append((key, math.inf))
        elif cost is not None and not pd.isna(cost) and float(cost) != DEFAULT_COST:
            found.append((key, float(cost)))
    return tuple(found)


def varied_methods(picked: Sequence[str], scenario_method: str) -> tuple[str, ...]:
    """The methods each draw picks from, in METHODS order; empty when only the scenario's own is left."""
    chosen = tuple(m for m in METHODS if m in picked) or (scenario_method,)
    return () if chosen == (scenario_method,) else chosen
