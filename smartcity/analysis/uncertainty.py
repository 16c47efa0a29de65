"""Monte Carlo uncertainty of percents and ranks: noisy scores and weights, the method, respondents.

Every uncertain input is a function of independent uniform numbers on [0, 1), one column each:

- score noise: x' = clip(x + δ·(2u − 1), lo, hi) for every city and indicator without responses;
- respondent bootstrap: per city, n columns pick n respondents with replacement (row ⌊u·n⌋),
  the same people for every instrument, and an indicator is the mean of their answers, blanks ignored;
- weight noise, uniform: w' = w·(1 + f·(2u − 1)); Dirichlet: the weight shares are drawn from a
  Dirichlet around the chosen shares, concentrated so that an average share varies as much as
  under uniform noise (concentration 3(n − 1)/f² − 1), by the gamma quantile of u;
- the method: ⌊u·m⌋ picks one of m methods for the whole draw.

So one :class:`UncertaintyModel` serves the seeded Monte Carlo here and the Saltelli samples of
:mod:`smartcity.analysis.sensitivity`. Ranks are competition ranks: tied cities share the better rank.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy.special import gammaincinv

from smartcity.errors import SmartCityError
from smartcity.files.survey import response_matrices
from smartcity.i18n.catalog import round_half_up
from smartcity.model import Dataset, Instrument
from smartcity.scenario import METHODS, Scenario
from smartcity.scoring import (
    COMPOSITE,
    competition_ranks,
    indicator_weights,
    instrument_percent,
    instruments_of,
    score,
)

DEFAULT_DRAWS = 10_000
DEFAULT_SEED = 2025
DEFAULT_SCORE_NOISE = 0.5
"""The paper's scores are means of 1-5 answers rounded to whole points: rounding alone hides ±0.5."""
DEFAULT_WEIGHT_NOISE = 0.25
"""±25% of each weight, as in COINr's examples."""
WEIGHT_NOISE_KINDS: tuple[str, ...] = ("uniform", "dirichlet")
MAX_DRAWS = 1_000_000
MAX_KEPT = 40_000_000
"""Most percents kept at once (draws × cities, 320 MB) for exact quantiles; the rest works in chunks."""
PROBABILITY_DECIMALS = 4
CHUNK_CELLS = 2_000_000
"""Numbers held at once per chunk of draws (values or pairwise comparisons): about 16 MB each."""

Responses = Mapping[tuple[str, str], np.ndarray]
"""(city id, instrument id) -> answers, shape (respondents, indicators), NaN where not answered.
Row i of each of a city's arrays is the same respondent, so every array of a city has as many rows."""


@dataclass(frozen=True)
class UncertaintySettings:
    """Which inputs are uncertain and how much, and the draws and seed of the Monte Carlo."""

    draws: int = DEFAULT_DRAWS
    seed: int = DEFAULT_SEED
    score_noise: float = DEFAULT_SCORE_NOISE
    weight_noise: float = DEFAULT_WEIGHT_NOISE
    weight_noise_kind: str = "uniform"
    methods: tuple[str, ...] = ()
    """Methods drawn with equal chance per draw; empty means the scenario's method only."""
    bootstrap: bool = True
    """Resample respondents where responses are given (their cells then get no score noise)."""


@dataclass(frozen=True)
class InputGroup:
    """Uniform columns that make one uncertain input: one indicator's scores, weights, method, respondents."""

    kind: str
    """"scores", "weights", "method" or "respondents"."""
    subject: str
    """"instrument.indicator" for scores, the city id for respondents, "" otherwise."""
    columns: tuple[int, ...]

    @property
    def id(self) -> str:
        """A stable name such as ``scores:scri.digital_infrastructure`` or ``weights``."""
        return f"{self.kind}:{self.subject}" if self.subject else self.kind


@dataclass(frozen=True, eq=False)
class _Bootstrap:
    city_index: int
    answer_sums: np.ndarray  # (respondents, indicators): answers with blanks as 0
    answered: np.ndarray  # (respondents, indicators): 1.0 where answered
    indicators: np.ndarray  # bool (indicators,): cells replaced by the bootstrap mean
    columns: slice


@dataclass(frozen=True, eq=False)
class _Block:
    """One instrument's part of the model."""

    instrument: Instrument
    nominal: np.ndarray  # (cities, indicators)
    noise_cells: np.ndarray  # flat indices into nominal that get score noise
    noise_columns: slice
    weights: np.ndarray  # (indicators,)
    weight_columns: slice
    bootstraps: tuple[_Bootstrap, ...]


@dataclass(frozen=True, eq=False)
class UncertaintyModel:
    """Maps uniform draws (draws, columns) to percents (draws, cities) on one instrument or the composite."""

    instrument_id: str
    city_ids: tuple[str, ...]
    point: np.ndarray
    """The scenario's percent of each city, as :func:`smartcity.scoring.score` gives it."""
    point_rank: np.ndarray
    settings: UncertaintySettings
    methods: tuple[str, ...]
    blocks: tuple[_Block, ...]
    instrument_weights: np.ndarray
    instrument_weight_columns: slice
    method_column: int | None
    column_count: int
    groups: tuple[InputGroup, ...]

    @property
    def cells_per_draw(self) -> int:
        """Numbers a single draw holds at once (uniforms, values, bootstrap counts)."""
        values = sum(block.nominal.size for block in self.blocks)
        respondents = sum(b.answer_sums.shape[0] for block in self.blocks for b in block.bootstraps)
        return self.column_count + 2 * values + respondents

    def chunk_size(self, extra_per_draw: int = 0) -> int:
        """Draws per chunk so that one chunk holds about CHUNK_CELLS numbers."""
        return max(1, CHUNK_CELLS // max(1, self.cells_per_draw, extra_per_draw))

    def percents(self, uniforms: np.ndarray) -> np.ndarray:
        """Percent of every city for each row of uniforms (shape (draws, column_count))."""
        draws = uniforms.shape[0]
        method_index = (
            np.minimum(
                (uniforms[:, self.method_column] * len(self.methods)).astype(int), len(self.methods) - 1
            )
            if self.method_column is not None
            else np.zeros(draws, dtype=int)
        )
        block_percents = [self._block_percents(block, uniforms, method_index) for block in self.blocks]
        if self.instrument_id != COMPOSITE:
            return block_percents[0]
        weights = _noisy_weights(
            self.instrument_weights, uniforms[:, self.instrument_weight_columns], self.settings
        )
        stacked = np.stack(block_percents, axis=-1)  # (draws, cities, instruments)
        return (stacked * weights[:, None, :]).sum(axis=-1) / weights.sum(axis=-1)[:, None]

    def _block_percents(self, block: _Block, uniforms: np.ndarray, method_index: np.ndarray) -> np.ndarray:
        values = self._block_values(block, uniforms)
        weights = _noisy_weights(block.weights, uniforms[:, block.weight_columns], self.settings)[:, None, :]
        lo, hi = block.instrument.scale_min, block.instrument.scale_max
        if len(self.methods) == 1:
            return instrument_percent(values, weights, self.methods[0], lo, hi)
        out = np.empty(values.shape[:2])
        for index, method in enumerate(self.methods):
            chosen = method_index == index
            out[chosen] = instrument_percent(values[chosen], weights[chosen], method, lo, hi)
        return out

    def _block_values(self, block: _Block, uniforms: np.ndarray) -> np.ndarray:
        draws = uniforms.shape[0]
        cities, indicators = block.nominal.shape
        flat_nominal = block.nominal.reshape(-1)
        lo, hi = block.instrument.scale_min, block.instrument.scale_max
        delta = self.settings.score_noise
        noise = uniforms[:, block.noise_columns]
        if len(block.noise_cells) == flat_nominal.size:  # every cell noisy: no scatter needed
            values = noise * (2 * delta) - delta
            values += flat_nominal
            np.clip(values, lo, hi, out=values)
        else:
            values = np.tile(flat_nominal, (draws, 1))
            if len(block.noise_cells):
                noisy = noise * (2 * delta) - delta + flat_nominal[block.noise_cells]
                values[:, block.noise_cells] = np.clip(noisy, lo, hi)
        values = values.reshape(draws, cities, indicators)
        for bootstrap in block.bootstraps:
            means = _bootstrap_means(bootstrap, uniforms[:, bootstrap.columns])
            current = values[:, bootstrap.city_index, :]
            values[:, bootstrap.city_index, :] = np.where(
                bootstrap.indicators & ~np.isnan(means), means, current
            )
        return values


def _bootstrap_means(bootstrap: _Bootstrap, uniforms: np.ndarray) -> np.ndarray:
    """Mean answer per indicator of respondents resampled with replacement (NaN: none answered)."""
    draws, respondents = uniforms.shape
    picks = np.minimum((uniforms * respondents).astype(np.int64), respondents - 1)
    offsets = (np.arange(draws) * respondents)[:, None]
    counts = np.bincount((picks + offsets).ravel(), minlength=draws * respondents)
    counts = counts.reshape(draws, respondents).astype(float)
    answered = counts @ bootstrap.answered
    with np.errstate(invalid="ignore", divide="ignore"):
        return (counts @ bootstrap.answer_sums) / answered


def _noisy_weights(weights: np.ndarray, uniforms: np.ndarray, settings: UncertaintySettings) -> np.ndarray:
    """Weights per draw (draws, n) from their uniform columns (none when there is no weight noise)."""
    if uniforms.shape[1] == 0:
        return np.broadcast_to(weights, (uniforms.shape[0], weights.size))
    noise = settings.weight_noise
    if settings.weight_noise_kind == "uniform":
        return weights * (1 + noise * (2 * uniforms - 1))
    positive = weights > 0
    if positive.sum() < 2:  # a single weighted indicator keeps the whole share
        return np.broadcast_to(weights, (uniforms.shape[0], weights.size))
    shares = weights[positive] / weights.sum()
    concentration = 3 * (positive.sum() - 1) / noise**2 - 1
    gammas = gammaincinv(concentration * shares, uniforms[:, positive])
    drawn = np.zeros((uniforms.shape[0], weights.size))
    drawn[:, positive] = gammas / gammas.sum(axis=1, keepdims=True) * weights.sum()
    return drawn


def check_settings(settings: UncertaintySettings, cities: int = 1) -> None:
    """Raise SmartCityError naming the first setting out of range (fewer draws allowed for many cities)."""
    maximum = min(MAX_DRAWS, MAX_KEPT // max(1, cities))
    if not 1 <= settings.draws <= maximum:
        raise SmartCityError("bad_draws", value=settings.draws, maximum=maximum)
    if settings.seed < 0:
        raise SmartCityError("bad_seed", value=settings.seed)
    if not (math.isfinite(settings.score_noise) and 0 <= settings.score_noise <= 4):
        raise SmartCityError("bad_score_noise", value=settings.score_noise)
    if not (math.isfinite(settings.weight_noise) and 0 <= settings.weight_noise <= 1):
        raise SmartCityError("bad_weight_noise", value=settings.weight_noise)
    if settings.weight_noise_kind not in WEIGHT_NOISE_KINDS:
        raise SmartCityError("bad_weight_noise_kind", value=settings.weight_noise_kind)
    for method in settings.methods:
        if method not in METHODS:
            raise SmartCityError("unknown_method", method=method, known=", ".join(METHODS))


def build_model(
    dataset: Dataset,
    scenario: Scenario,
    instrument_id: str,
    settings: UncertaintySettings,
    responses: Responses | None = None,
) -> UncertaintyModel:
    """The uncertainty model of one instrument (or the composite) under a scenario.

    Cities without every score of the instrument(s) are left out, as the scoring leaves them out.
    """
    table = score(dataset, scenario)
    instruments = instruments_of(dataset, instrument_id)
    complete = {(r.city_id, r.instrument_id) for r in table.results}
    city_ids = tuple(
        city.id
        for city in scenario.cities(dataset)
        if all((city.id, instrument.id) in complete for instrument in instruments)
    )
    if not city_ids:
        raise SmartCityError("no_scored_cities", instrument=instrument_id)
    check_settings(settings, len(city_ids))
    layout = _ColumnLayout()
    bootstraps = (
        _bootstraps(instruments, city_ids, responses, set(scenario.override_map), layout)
        if responses and settings.bootstrap
        else {}
    )
    blocks = []
    for instrument in instruments:
        nominal = np.array(
            [[table.values[(c, instrument.id, i)].value for i in instrument.indicator_ids] for c in city_ids]
        )
        own = tuple(b for (_, owner), b in bootstraps.items() if owner == instrument.id)
        blocks.append(
            _block(instrument, nominal, indicator_weights(scenario, instrument), own, settings, layout)
        )
    instrument_weights = np.array([scenario.instrument_weight(i.id) for i in instruments])
    composite_noise = instrument_id == COMPOSITE and settings.weight_noise > 0
    instrument_weight_columns = layout.take(len(instruments) if composite_noise else 0)
    layout.add_group("weights", "", range(instrument_weight_columns.start, instrument_weight_columns.stop))
    methods = settings.methods or (scenario.method,)
    method_column = layout.take(1).start if len(methods) > 1 else None
    if method_column is not None:
        layout.add_group("method", "", [method_column])
    results = {r.city_id: r for r in table.results if r.instrument_id == instrument_id}
    return UncertaintyModel(
        instrument_id,
        city_ids,
        np.array([results[c].percent for c in city_ids]),
        np.array([results[c].rank for c in city_ids]),
        settings,
        methods,
        tuple(blocks),
        instrument_weights,
        instrument_weight_columns,
        method_column,
        layout.count,
        layout.groups(),
    )


class _ColumnLayout:
    """Hands out uniform columns and collects them into named input groups."""

    def __init__(self) -> None:
        self.count = 0
        self._groups: dict[tuple[str, str], list[int]] = {}

    def take(self, size: int) -> slice:
        start = self.count
        self.count += size
        return slice(start, self.count)

    def add_group(self, kind: str, subject: str, columns: Iterable[int]) -> None:
        self._groups.setdefault((kind, subject), []).extend(int(c) for c in columns)

    def groups(self) -> tuple[InputGroup, ...]:
        return tuple(
            InputGroup(kind, subject, tuple(columns))
            for (kind, subject), columns in self._groups.items()
            if columns
        )


def _block(
    instrument: Instrument,
    nominal: np.ndarray,
    weights: np.ndarray,
    bootstraps: tuple[_Bootstrap, ...],
    settings: UncertaintySettings,
    layout: _ColumnLayout,
) -> _Block:
    """One instrument's noise columns (cells not resampled) and weight columns, with their groups."""
    resampled = np.zeros(nominal.shape, dtype=bool)
    for bootstrap in bootstraps:
        resampled[bootstrap.city_index] = bootstrap.indicators
    noise_cells = np.flatnonzero(~resampled) if settings.score_noise > 0 else np.array([], dtype=int)
    noise_columns = layout.take(len(noise_cells))
    for position, indicator_id in enumerate(instrument.indicator_ids):
        cells = noise_columns.start + np.flatnonzero(noise_cells % nominal.shape[1] == position)
        layout.add_group("scores", f"{instrument.id}.{indicator_id}", cells)
    weight_columns = layout.take(weights.size if settings.weight_noise > 0 else 0)
    layout.add_group("weights", "", range(weight_columns.start, weight_columns.stop))
    return _Block(instrument, nominal, noise_cells, noise_columns, weights, weight_columns, bootstraps)


def _bootstraps(
    instruments: tuple[Instrument, ...],
    city_ids: tuple[str, ...],
    responses: Responses,
    overridden: set[tuple[str, str, str]],
    layout: _ColumnLayout,
) -> dict[tuple[int, str], _Bootstrap]:
    """Resampling per (city position, instrument id); a city's instruments share its respondent columns.

    Overridden scores and indicators nobody answered keep their value (and get score noise).
    """
    found: dict[tuple[int, str], _Bootstrap] = {}
    for position, city_id in enumerate(city_ids):
        usable = {}
        for instrument in instruments:
            if (city_id, instrument.id) not in responses:
                continue
            answers = check_responses(instrument, city_id, responses[(city_id, instrument.id)])
            answered = ~np.isnan(answers)
            indicators = answered.any(axis=0) & np.array(
                [(city_id, instrument.id, i) not in overridden for i in instrument.indicator_ids]
            )
            if indicators.any():
                usable[instrument.id] = (answers, answered, indicators)
        if not usable:
            continue
        respondents = {answers.shape[0] for answers, _, _ in usable.values()}
        if len(respondents) > 1:
            raise SmartCityError(
                "responses_rows_differ", city=city_id, counts=", ".join(str(n) for n in sorted(respondents))
            )
        columns = layout.take(respondents.pop())
        layout.add_group("respondents", city_id, range(columns.start, columns.stop))
        for instrument_id, (answers, answered, indicators) in usable.items():
            found[(position, instrument_id)] = _Bootstrap(
                position, np.where(answered, answers, 0.0), answered.astype(float), indicators, columns
            )
    return found


def responses_from_survey(dataset: Dataset, responses: pd.DataFrame | None) -> Responses | None:
    """Survey responses (from :mod:`smartcity.files.survey`) as respondent arrays per city and instrument."""
    if responses is None:
        return None
    found = {}
    for city_id, matrix in response_matrices(responses, dataset).items():
        column_of = {key: position for position, key in enumerate(matrix.keys)}
        for instrument in dataset.instruments:
            columns = [
                column_of[(instrument.id, i)]
                for i in instrument.indicator_ids
                if (instrument.id, i) in column_of
            ]
            if len(columns) == len(instrument.indicators) and not np.isnan(matrix.scores[:, columns]).all():
                found[(city_id, instrument.id)] = matrix.scores[:, columns]
    return found


def check_responses(instrument: Instrument, city_id: str, answers: np.ndarray) -> np.ndarray:
    """Return answers as a float array, or raise SmartCityError saying what is wrong with them."""
    array = np.asarray(answers, dtype=float)
    where = f"{city_id}.{instrument.id}"
    if array.ndim != 2 or array.shape[1] != len(instrument.indicators) or array.shape[0] == 0:
        raise SmartCityError(
            "bad_responses_shape", where=where, shape=str(array.shape), indicators=len(instrument.indicators)
        )
    outside = ~np.isnan(array) & ((array < instrument.scale_min) | (array > instrument.scale_max))
    if outside.any():
        row, column = (int(i) for i in np.argwhere(outside)[0])
        raise SmartCityError(
            "bad_response_value",
            where=where,
            row=row + 1,
            instrument=instrument.id,
            indicator=instrument.indicators[column].id,
            value=f"{array[row, column]:g}",
        )
    return array


def uniform_chunks(model: UncertaintyModel, draws: int, seed: int) -> Iterator[np.ndarray]:
    """The Monte Carlo's uniforms in chunks; the numbers do not depend on the chunk size."""
    rng = np.random.default_rng(seed)
    chunk = model.chunk_size(len(model.city_ids) ** 2 // 8)  # pairwise comparisons take 1 byte, not 8
    for start in range(0, draws, chunk):
        yield rng.random((min(chunk, draws - start), model.column_count))


@dataclass(frozen=True, eq=False)
class UncertaintySummary:
    """Monte Carlo results of one instrument: per city and rank, and per pair of cities.

    ``rank_probability[c, r - 1]`` is P(rank of city c = r); with competition ranks tied cities
    share the better rank, so every row sums to 1 while a column can sum to more or less than 1
    (columns sum to the number of cities in all, and ranks 1..k hold at least k cities per draw).
    ``above_probability[a, b]`` is P(city a scores strictly above city b).
    """

    instrument_id: str
    city_ids: tuple[str, ...]
    settings: UncertaintySettings
    sources: tuple[str, ...]
    point: np.ndarray
    point_rank: np.ndarray
    median: np.ndarray
    p05: np.ndarray
    p95: np.ndarray
    rank_probability: np.ndarray
    above_probability: np.ndarray


def simulate(model: UncertaintyModel) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Run the seeded Monte Carlo: percents (draws, cities), rank counts and 'above' counts."""
    draws, cities = model.settings.draws, len(model.city_ids)
    percents = np.empty((draws, cities))
    rank_counts = np.zeros(cities * cities, dtype=np.int64)
    above_counts = np.zeros((cities, cities), dtype=np.int64)
    city_offsets = np.arange(cities) * cities
    rank_type: type[np.signedinteger[Any]] = np.int16 if cities < 2**15 else np.int32
    start = 0
    for uniforms in uniform_chunks(model, draws, model.settings.seed):
        chunk = model.percents(uniforms)
        percents[start : start + len(chunk)] = chunk
        start += len(chunk)
        ranks = competition_ranks(chunk).astype(rank_type)
        rank_counts += np.bincount((ranks - 1 + city_offsets).ravel(), minlength=cities * cities)
        # Summing the comparisons as bytes into int32 is several times faster than summing booleans.
        above = np.less(ranks[:, :, None], ranks[:, None, :]).view(np.uint8)
        above_counts += np.add.reduce(above, axis=0, dtype=np.int32)
    return percents, rank_counts.reshape(cities, cities), above_counts


def uncertainty_summary(
    dataset: Dataset,
    scenario: Scenario,
    instrument_id: str,
    settings: UncertaintySettings | None = None,
    responses: Responses | None = None,
) -> UncertaintySummary:
    """Median, 5-95% interval, P(rank = r) and P(A above B) of every city on one instrument."""
    settings = settings or UncertaintySettings()
    model = build_model(dataset, scenario, instrument_id, settings, responses)
    percents, rank_counts, above_counts = simulate(model)
    p05, median, p95 = np.quantile(percents, [0.05, 0.5, 0.95], axis=0)
    return UncertaintySummary(
        instrument_id,
        model.city_ids,
        settings,
        tuple(dict.fromkeys(group.kind for group in model.groups)),
        model.point,
        model.point_rank,
        median,
        p05,
        p95,
        rank_counts / settings.draws,
        above_counts / settings.draws,
    )


def summary_rows(summary: UncertaintySummary) -> list[dict[str, object]]:
    """Flat rows in the scenario's rank order: percents to 2 decimals as ``score`` prints them."""
    rows: list[dict[str, object]] = []
    for position in np.argsort(summary.point_rank, kind="stable"):
        row: dict[str, object] = {
            "city": summary.city_ids[position],
            "instrument": summary.instrument_id,
            "point": round_half_up(float(summary.point[position]), 2),
            "median": round_half_up(float(summary.median[position]), 2),
            "p05": round_half_up(float(summary.p05[position]), 2),
            "p95": round_half_up(float(summary.p95[position]), 2),
        }
        for rank, probability in enumerate(summary.rank_probability[position], start=1):
            row[f"p_rank_{rank}"] = round_half_up(float(probability), PROBABILITY_DECIMALS)
        row["p_above"] = {
            other: round_half_up(float(summary.above_probability[position, index]), PROBABILITY_DECIMALS)
            for index, other in enumerate(summary.city_ids)
            if index != position
        }
        rows.append(row)
    return rows


@dataclass(frozen=True)
class OnePointChange:
    """One indicator score of one city moved by one point, and who then leads."""

    city_id: str
    instrument_id: str
    indicator_id: str
    before: float
    after: float
    leaders: tuple[str, ...]
    """The cities ranked first after the change."""


ONE_POINT = UncertaintySettings(draws=1, score_noise=1.0, weight_noise=0.0, bootstrap=False)
"""Score noise of one point and nothing else: a uniform of 0 or 1 moves a score by exactly −1 or +1."""


def leader_changes(dataset: Dataset, scenario: Scenario, instrument_id: str) -> tuple[OnePointChange, ...]:
    """Every move of one score by ±1 point (within the scale) that changes which cities rank first.

    Each move is one row of uniforms through the uncertainty model: 0.5 leaves a score as it is,
    0 and 1 move it down and up by a point (clipped to the scale), so the scoring is the model's own.
    """
    model = build_model(dataset, scenario, instrument_id, ONE_POINT)
    first = _first_places(model)
    leaders_before = tuple(int(i) for i in np.flatnonzero(model.point_rank == 1))
    found = []
    for block in model.blocks:
        indicators = block.instrument.indicator_ids
        for offset, cell in enumerate(block.noise_cells):
            city, indicator = divmod(int(cell), len(indicators))
            before = float(block.nominal[city, indicator])
            column = block.noise_columns.start + offset
            for row, step in ((2 * column, -1), (2 * column + 1, 1)):
                after = min(max(before + step, block.instrument.scale_min), block.instrument.scale_max)
                leaders = tuple(int(i) for i in np.flatnonzero(first[row]))
                if after != before and leaders != leaders_before:
                    found.append(
                        OnePointChange(
                            model.city_ids[city],
                            block.instrument.id,
                            indicators[indicator],
                            before,
                            after,
                            tuple(model.city_ids[i] for i in leaders),
                        )
                    )
    return tuple(found)


def _first_places(model: UncertaintyModel) -> np.ndarray:
    """Which cities rank first (draws, cities) when each column in turn is 0 (row 2k) or 1 (row 2k + 1)."""
    count = model.column_count
    first = np.empty((2 * count, len(model.city_ids)), dtype=bool)
    step = max(1, model.chunk_size() // 2)
    for start in range(0, count, step):
        columns = np.arange(start, min(start + step, count))
        rows = 2 * (columns - start)
        moves = np.full((2 * len(columns), count), 0.5)
        moves[rows, columns], moves[rows + 1, columns] = 0.0, 1.0
        first[2 * start : 2 * columns[-1] + 2] = competition_ranks(model.percents(moves)) == 1
    return first
