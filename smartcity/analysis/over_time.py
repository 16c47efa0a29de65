"""Rounds over time: each town's change between two rounds, its percents and indicator scores round
by round, and what changed since the round before the one a scenario's scores come from.

A round's scores are scored with the scenario's weights, method and towns, in place of its overrides
and layers, so two rounds compare on the same terms as the map and the brief show them. A town counts
on an instrument in a round when the round has a score of it on that instrument (on every instrument
for the composite).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date

import pandas as pd

from smartcity.analysis.consensus import paper_scores, round_scores
from smartcity.model import Dataset, ScoreKey
from smartcity.scenario import Scenario, ScoreLayer
from smartcity.scoring import COMPOSITE, effective_values, score
from smartcity.store.rounds import PAPER_ROUND_ID, Round, open_rounds

ROUND_LAYER_PREFIX = "round-"
"""A scenario layer made from a round ("Use these results") has the id ``round-<round id>``."""


@dataclass(frozen=True)
class RoundScores:
    """A round and its indicator scores (a question nobody answered is absent)."""

    round: Round
    scores: Mapping[ScoreKey, float]

    @property
    def day(self) -> date:
        """The round's date: the day it closed (the paper's survey: 31 May 2025), else its opening day."""
        return self.round.closed_at.date() if self.round.closed_at else self.round.opens


@dataclass(frozen=True)
class Change:
    """A town's percent on an instrument in an earlier and a later round, and the change in points."""

    city_id: str
    instrument_id: str
    before: float
    after: float

    @property
    def points(self) -> float:
        """The change in percentage points (later minus earlier)."""
        return self.after - self.before


def closed_history(
    rounds: Iterable[Round],
    scores_of: Callable[[Round], Mapping[ScoreKey, float]],
    city_ids: Iterable[str] | None = None,
) -> list[RoundScores]:
    """The closed rounds with scores (for one of ``city_ids``, when given), each with ``scores_of``
    it (empty when it may not be read), in time order by closing day."""
    towns = None if city_ids is None else set(city_ids)
    found = []
    for round_ in rounds:
        scores = scores_of(round_) if round_.is_closed else {}
        if scores and (towns is None or any(key[0] in towns for key in scores)):
            found.append(RoundScores(round_, scores))
    return sorted(found, key=lambda entry: entry.day)


def stored_history(
    dataset: Dataset, language: str = "en", environ: Mapping[str, str] | None = None
) -> list[RoundScores]:
    """The paper's round and the configured store's closed rounds whose results are published, in
    time order (for the command line, which holds no organiser key)."""
    store = open_rounds(environ)
    try:

        def published_scores(round_: Round) -> Mapping[ScoreKey, float]:
            if round_.id == PAPER_ROUND_ID:
                return paper_scores(dataset)
            return round_scores(store.responses(dataset, round_.id)) if round_.published else {}

        return closed_history(store.timeline(dataset, language), published_scores)
    finally:
        store.close()


def shown_scores(dataset: Dataset, scenario: Scenario) -> dict[ScoreKey, float]:
    """The indicator scores the scenario shows: the paper's, then its layers, then its overrides."""
    return {key: value.value for key, value in effective_values(dataset, scenario).items()}


def round_scenario(scenario: Scenario, scores: Mapping[ScoreKey, float]) -> Scenario:
    """``scenario``'s weights, method and towns with one round's scores over the paper's, in place
    of the scenario's overrides and layers."""
    layer = ScoreLayer(f"{ROUND_LAYER_PREFIX}compared", "round", tuple(scores.items()))
    return replace(scenario, overrides=(), layers=(layer,))


def assessed_towns(dataset: Dataset, scores: Mapping[ScoreKey, float], instrument_id: str) -> set[str]:
    """The towns with a score on ``instrument_id`` in ``scores`` (on every instrument for the composite)."""
    instruments = dataset.instrument_ids if instrument_id == COMPOSITE else (instrument_id,)
    covered: dict[str, set[str]] = {}
    for city_id, instrument, _ in scores:
        covered.setdefault(city_id, set()).add(instrument)
    return {city_id for city_id, found in covered.items() if set(instruments) <= found}


def changes(
    dataset: Dataset,
    before: Mapping[ScoreKey, float],
    after: Mapping[ScoreKey, float],
    instrument_id: str,
    scenario: Scenario | None = None,
) -> list[Change]:
    """Each town both rounds assessed on ``instrument_id`` (or the composite): its percent in each,
    scored with ``scenario``'s weights and method (default the paper's), in the scenario's town order."""
    base = scenario or Scenario()
    towns = assessed_towns(dataset, before, instrument_id) & assessed_towns(dataset, after, instrument_id)
    old, new = (score(dataset, round_scenario(base, scores)) for scores in (before, after))
    found = []
    for city in base.cities(dataset):
        earlier, later = old.get(city.id, instrument_id), new.get(city.id, instrument_id)
        if city.id in towns and earlier is not None and later is not None:
            found.append(Change(city.id, instrument_id, earlier.percent, later.percent))
    return found


def town_changes(
    dataset: Dataset,
    before: Mapping[ScoreKey, float],
    after: Mapping[ScoreKey, float],
    instrument_id: str,
    scenario: Scenario | None = None,
) -> dict[str, float]:
    """Per town both rounds assessed, the change in points of ``instrument_id`` (or the composite)."""
    return {
        change.city_id: change.points for change in changes(dataset, before, after, instrument_id, scenario)
    }


def town_history(
    dataset: Dataset, scenario: Scenario, history: Sequence[RoundScores], city_id: str
) -> pd.DataFrame:
    """A town's percent per instrument (and the composite) in every round that assessed it on that
    instrument: columns round, title, day, instrument, percent, in time order."""
    rows = []
    for entry in history:
        table = score(dataset, round_scenario(scenario, entry.scores))
        for instrument_id in (*dataset.instrument_ids, COMPOSITE):
            result = table.get(city_id, instrument_id)
            if result is not None and city_id in assessed_towns(dataset, entry.scores, instrument_id):
                rows.append((entry.round.id, entry.round.title, entry.day, instrument_id, result.percent))
    return pd.DataFrame(rows, columns=["round", "title", "day", "instrument", "percent"])


def indicator_history(dataset: Dataset, history: Sequence[RoundScores], city_id: str) -> pd.DataFrame:
    """A town's indicator scores round by round: a row per indicator (instrument, indicator), a
    column per round that assessed the town (by round id, in time order; NaN where it was not
    answered) and ``delta``, the last of those rounds minus the one before it."""
    rows = [
        (instrument.id, indicator)
        for instrument in dataset.instruments
        for indicator in instrument.indicator_ids
    ]
    table = pd.DataFrame(rows, columns=["instrument", "indicator"])
    asked = [entry for entry in history if any(key[0] == city_id for key in entry.scores)]
    for entry in asked:
        table[entry.round.id] = [entry.scores.get((city_id, *row), float("nan")) for row in rows]
    if len(asked) >= 2:
        table["delta"] = table[asked[-1].round.id] - table[asked[-2].round.id]
    else:
        table["delta"] = float("nan")
    return table


def layer_round(scenario: Scenario) -> str | None:
    """The id of the round the scenario's newest round layer comes from (None without one)."""
    for layer in reversed(scenario.layers):
        if layer.id.startswith(ROUND_LAYER_PREFIX):
            return layer.id.removeprefix(ROUND_LAYER_PREFIX)
    return None


def since_previous(
    dataset: Dataset, scenario: Scenario, history: Sequence[RoundScores]
) -> tuple[RoundScores, list[Change]] | None:
    """The round before the one the scenario's newest round layer comes from, and each town's change
    since it per instrument (the later side as the scenario shows it); None without such a layer, or
    when that round is first in ``history`` (time order) or not in it."""
    round_id = layer_round(scenario)
    position = next((n for n, entry in enumerate(history) if entry.round.id == round_id), None)
    if not position:
        return None
    previous, current = history[position - 1], history[position]
    towns = {key[0] for key in current.scores}
    later = {key: value for key, value in shown_scores(dataset, scenario).items() if key[0] in towns}
    found = [
        change
        for instrument_id in dataset.instrument_ids
        for change in changes(dataset, previous.scores, later, instrument_id, scenario)
        if change.city_id in assessed_towns(dataset, current.scores, instrument_id)
    ]
    return previous, found
