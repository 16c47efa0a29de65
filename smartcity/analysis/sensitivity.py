"""Which uncertain input moves a result: variance-based indices, and leaving one indicator out.

Sobol indices with Saltelli's sampling: two uniform matrices A and B (N rows), the two halves of
one scrambled Sobol' sequence of twice the inputs' dimension (seeded, so reproducible), and for
each input group i the matrix A_B^i, which is A with the group's columns taken from B. With
V the variance of f over A and B together, Jansen's estimators are

    first order  S_i  = (V − mean((f(B) − f(A_B^i))²) / 2) / V
    total order  ST_i = mean((f(A) − f(A_B^i))²) / 2 / V

S_i is the share of the variance the group explains alone, ST_i the share it has a hand in
(alone or with others). Confidence intervals come from resampling the N rows with replacement.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.stats import qmc

from smartcity.analysis.uncertainty import (
    InputGroup,
    Responses,
    UncertaintyModel,
    UncertaintySettings,
    build_model,
)
from smartcity.errors import SmartCityError
from smartcity.model import Dataset
from smartcity.scenario import Scenario
from smartcity.scoring import competition_ranks, instruments_of, score

DEFAULT_BASE_SAMPLES = 2048
DEFAULT_RESAMPLES = 200
CONFIDENCE = 0.95
OUTPUTS: tuple[str, ...] = ("percent", "rank")


@dataclass(frozen=True)
class Indices:
    """First- and total-order index of one input group, each with its bootstrap confidence interval."""

    first: float
    first_low: float
    first_high: float
    total: float
    total_low: float
    total_high: float


def sobol_indices(
    model: Callable[[np.ndarray], np.ndarray],
    column_count: int,
    groups: Sequence[Sequence[int]],
    base_samples: int = DEFAULT_BASE_SAMPLES,
    seed: int = 0,
    resamples: int = DEFAULT_RESAMPLES,
) -> tuple[list[Indices], float]:
    """Jansen first- and total-order indices of ``model`` (uniforms (N, columns) -> outputs (N,)).

    Returns the indices per group and the output variance (0 means the output does not vary,
    and then every index is 0).
    """
    a, b = saltelli_matrices(base_samples, column_count, seed)
    y_a, y_b = model(a), model(b)
    y_ab = []
    for columns in groups:
        mixed = a.copy()
        mixed[:, list(columns)] = b[:, list(columns)]
        y_ab.append(model(mixed))
    rows = np.random.default_rng(seed).integers(base_samples, size=(resamples, base_samples))
    variance = float(np.var(np.concatenate([y_a, y_b]), ddof=1))
    found = []
    for y_abi in y_ab:
        first, total = _jansen(y_a, y_b, y_abi)
        first_r, total_r = _jansen(y_a[rows], y_b[rows], y_abi[rows])
        tail = (1 - CONFIDENCE) / 2 * 100
        first_low, first_high = np.percentile(first_r, [tail, 100 - tail])
        total_low, total_high = np.percentile(total_r, [tail, 100 - tail])
        found.append(
            Indices(
                float(first),
                float(first_low),
                float(first_high),
                float(total),
                float(total_low),
                float(total_high),
            )
        )
    return found, variance


def saltelli_matrices(base_samples: int, column_count: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """A and B, (N, columns) each: the first and second half of a scrambled Sobol' sequence's columns.

    Sobol' points are balanced for N a power of 2; another N takes the first N of the next power.
    Beyond the dimensions scipy's Sobol' supports (a survey with thousands of respondents), the
    points are pseudo-random from the same seed.
    """
    if 2 * column_count > qmc.Sobol.MAXDIM:
        points = np.random.default_rng(seed).random((base_samples, 2 * column_count))
    else:
        sobol = qmc.Sobol(2 * column_count, scramble=True, rng=seed)
        points = sobol.random_base2(max(1, (base_samples - 1).bit_length()))[:base_samples]
    return points[:, :column_count], points[:, column_count:]


def _jansen(y_a: np.ndarray, y_b: np.ndarray, y_abi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """First and total order along the last axis (leading axes are bootstrap resamples)."""
    variance = np.var(np.concatenate([y_a, y_b], axis=-1), axis=-1, ddof=1)
    first_gap = np.mean((y_b - y_abi) ** 2, axis=-1) / 2
    total_gap = np.mean((y_a - y_abi) ** 2, axis=-1) / 2
    with np.errstate(invalid="ignore", divide="ignore"):
        first = np.where(variance > 0, (variance - first_gap) / variance, 0.0)
        total = np.where(variance > 0, total_gap / variance, 0.0)
    return first, total


@dataclass(frozen=True)
class GroupSensitivity:
    """The indices of one uncertain input of the scenario."""

    group: InputGroup
    indices: Indices


@dataclass(frozen=True)
class SensitivityResult:
    """Sobol indices of one city's percent (or rank) on one instrument, per uncertain input."""

    instrument_id: str
    city_id: str
    output: str
    variance: float
    base_samples: int
    seed: int
    groups: tuple[GroupSensitivity, ...]


def scenario_sensitivity(
    dataset: Dataset,
    scenario: Scenario,
    instrument_id: str,
    city_id: str,
    settings: UncertaintySettings | None = None,
    responses: Responses | None = None,
    output: str = "percent",
    base_samples: int = DEFAULT_BASE_SAMPLES,
    resamples: int = DEFAULT_RESAMPLES,
) -> SensitivityResult:
    """Indices of every uncertain input (scores per indicator, weights, method, respondents per city).

    The output is the city's percent or its rank among the cities; the seed is ``settings.seed``.
    """
    settings = settings or UncertaintySettings()
    if output not in OUTPUTS:
        raise SmartCityError("bad_sensitivity_output", value=output, known=", ".join(OUTPUTS))
    if base_samples < 2 or resamples < 1:
        raise SmartCityError("bad_base_samples", value=base_samples)
    model = build_model(dataset, scenario, instrument_id, settings, responses)
    if city_id not in model.city_ids:
        raise SmartCityError("unknown_city", city=city_id)
    position = model.city_ids.index(city_id)
    groups = model.groups
    found, variance = sobol_indices(
        lambda uniforms: _output(model, uniforms, position, output),
        model.column_count,
        [group.columns for group in groups],
        base_samples,
        settings.seed,
        resamples,
    )
    return SensitivityResult(
        instrument_id,
        city_id,
        output,
        variance,
        base_samples,
        settings.seed,
        tuple(GroupSensitivity(group, indices) for group, indices in zip(groups, found, strict=True)),
    )


def _output(model: UncertaintyModel, uniforms: np.ndarray, position: int, output: str) -> np.ndarray:
    chunk = model.chunk_size()
    percents = np.concatenate(
        [model.percents(uniforms[start : start + chunk]) for start in range(0, len(uniforms), chunk)]
    )
    if output == "rank":
        return competition_ranks(percents)[:, position].astype(float)
    return percents[:, position]


@dataclass(frozen=True)
class LeftOut:
    """A city's result with one indicator left out (weight 0), against the scenario as it is."""

    instrument_id: str
    indicator_id: str
    city_id: str
    percent: float
    delta_percent: float
    rank: int
    rank_change: int
    """Places gained: +1 means one place up without the indicator."""


def leave_one_out(dataset: Dataset, scenario: Scenario, instrument_id: str) -> tuple[LeftOut, ...]:
    """Each city's percent and rank on an instrument (or the composite) with each indicator left out.

    Indicators already weighted 0 are skipped, and so is an instrument's only weighted indicator.
    """
    instruments = instruments_of(dataset, instrument_id)
    nominal = {r.city_id: r for r in score(dataset, scenario).results if r.instrument_id == instrument_id}
    found = []
    for instrument in instruments:
        weighted = [i for i in instrument.indicator_ids if scenario.indicator_weight(instrument.id, i) > 0]
        if len(weighted) < 2:
            continue
        for indicator_id in weighted:
            without = score(dataset, scenario.with_indicator_weight(instrument.id, indicator_id, 0.0))
            for result in without.ranking(instrument_id):
                before = nominal[result.city_id]
                found.append(
                    LeftOut(
                        instrument.id,
                        indicator_id,
                        result.city_id,
                        result.percent,
                        result.percent - before.percent,
                        result.rank,
                        before.rank - result.rank,
                    )
                )
    return tuple(found)
