"""Findings computed from a scored scenario, and their text in the user's language.

The findings follow the paper's own reading of Tables 2-4: who leads and who lags overall
and per dimension, each city's strengths and weaknesses, weaknesses common to all cities,
and what moved against the paper's baseline.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from smartcity.i18n.catalog import format_percent, format_score, translate
from smartcity.i18n.labels import city_name, indicator_name, instrument_name, join_names
from smartcity.model import Dataset
from smartcity.scenario import Scenario
from smartcity.scoring import ScoreTable, score


@dataclass(frozen=True)
class Finding:
    """One statement about the data: a message kind, its instrument, and its facts."""

    kind: str
    instrument_id: str
    facts: Mapping[str, Any] = field(default_factory=dict)


def findings(dataset: Dataset, scenario: Scenario | None = None) -> list[Finding]:
    """Every finding for a scenario, instrument by instrument."""
    scenario = scenario or Scenario()
    table = score(dataset, scenario)
    found: list[Finding] = []
    for instrument in dataset.instruments:
        found += overall_findings(table, instrument.id)
        found += dimension_findings(dataset, scenario, table, instrument.id)
        found += common_weaknesses(dataset, scenario, table, instrument.id)
        found += rank_changes(table, instrument.id)
    return found


def overall_findings(table: ScoreTable, instrument_id: str) -> list[Finding]:
    """The leader and the laggard of an instrument, with their totals and percents."""
    ranking = table.ranking(instrument_id)
    if len(ranking) < 2:
        return []
    best, worst = ranking[0].percent, ranking[-1].percent
    leaders = [r for r in ranking if r.rank == ranking[0].rank]
    laggards = [r for r in ranking if r.rank == ranking[-1].rank]
    if best == worst:
        return [Finding("all_equal_overall", instrument_id, {"percent": best})]
    return [
        Finding(
            "leader",
            instrument_id,
            {
                "cities": tuple(r.city_id for r in leaders),
                "total": leaders[0].total,
                "maximum": leaders[0].maximum,
                "percent": best,
            },
        ),
        Finding(
            "laggard",
            instrument_id,
            {
                "cities": tuple(r.city_id for r in laggards),
                "total": laggards[0].total,
                "maximum": laggards[0].maximum,
                "percent": worst,
            },
        ),
    ]


def scored_cities(table: ScoreTable, instrument_id: str) -> list[str]:
    """Cities that have a result on the instrument, in ranking order."""
    return [r.city_id for r in table.ranking(instrument_id)]


def dimension_findings(
    dataset: Dataset, scenario: Scenario, table: ScoreTable, instrument_id: str
) -> list[Finding]:
    """Per indicator: who leads and who lags, or that all cities score the same."""
    cities = scored_cities(table, instrument_id)
    found = []
    for indicator_id in dataset.instrument(instrument_id).indicator_ids:
        scores = {c: table.values[(c, instrument_id, indicator_id)].value for c in cities}
        if not scores:
            continue
        top, bottom = max(scores.values()), min(scores.values())
        if top == bottom:
            found.append(Finding("dimension_equal", instrument_id, {"indicator": indicator_id, "score": top}))
            continue
        found.append(
            Finding(
                "dimension_spread",
                instrument_id,
                {
                    "indicator": indicator_id,
                    "leaders": tuple(c for c in cities if scores[c] == top),
                    "top": top,
                    "laggards": tuple(c for c in cities if scores[c] == bottom),
                    "bottom": bottom,
                },
            )
        )
    return found


def strengths_and_weaknesses(
    dataset: Dataset, table: ScoreTable, city_id: str, instrument_id: str
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A city's highest- and lowest-scored indicators on an instrument (empty when all equal)."""
    indicator_ids = dataset.instrument(instrument_id).indicator_ids
    keys = [(city_id, instrument_id, i) for i in indicator_ids]
    if any(key not in table.values for key in keys):
        return (), ()
    scores = {key[2]: table.values[key].value for key in keys}
    top, bottom = max(scores.values()), min(scores.values())
    if top == bottom:
        return (), ()
    return (
        tuple(i for i in indicator_ids if scores[i] == top),
        tuple(i for i in indicator_ids if scores[i] == bottom),
    )


def common_weaknesses(
    dataset: Dataset, scenario: Scenario, table: ScoreTable, instrument_id: str
) -> list[Finding]:
    """Indicators that are among the weakest of every city whose scores are not all equal."""
    cities = scored_cities(table, instrument_id)
    weakest = [strengths_and_weaknesses(dataset, table, c, instrument_id)[1] for c in cities]
    profiled = [set(w) for w in weakest if w]
    if len(cities) < 2 or not profiled:
        return []
    common = set.intersection(*profiled)
    return [
        Finding(
            "common_weakness",
            instrument_id,
            {
                "indicator": i,
                "top": max(table.values[(c, instrument_id, i)].value for c in cities),
                "bottom": min(table.values[(c, instrument_id, i)].value for c in cities),
            },
        )
        for i in dataset.instrument(instrument_id).indicator_ids
        if i in common
    ]


def rank_changes(table: ScoreTable, instrument_id: str) -> list[Finding]:
    """Rank moves against the paper, and who overtook whom."""
    ranking = table.ranking(instrument_id)
    found = [
        Finding("rank_change", instrument_id, {"city": r.city_id, "old": r.baseline_rank, "new": r.rank})
        for r in ranking
        if r.rank_change
    ]
    for mover in ranking:
        for other in ranking:
            if (
                mover.baseline_rank is not None
                and other.baseline_rank is not None
                and mover.baseline_rank > other.baseline_rank
                and mover.rank < other.rank
            ):
                found.append(
                    Finding("overtake", instrument_id, {"city": mover.city_id, "other": other.city_id})
                )
    return found


def render(dataset: Dataset, scenario: Scenario, finding: Finding, language: str) -> str:
    """The finding as one sentence in ``language`` (plain text: city names are user data)."""
    facts = finding.facts

    def cities(ids: tuple[str, ...]) -> str:
        return join_names((city_name(dataset, scenario, c, language) for c in ids), language)

    def number(value: float | None) -> str:
        return "" if value is None else format_score(value, language)

    params: dict[str, Any] = {
        "instrument": instrument_name(dataset, finding.instrument_id, language),
    }
    if "indicator" in facts:
        params["indicator"] = indicator_name(dataset, finding.instrument_id, facts["indicator"], language)
    for name in ("cities", "leaders", "laggards"):
        if name in facts:
            params[name] = cities(facts[name])
    for name in ("city", "other"):
        if name in facts:
            params[name] = cities((facts[name],))
    for name in ("total", "maximum", "top", "bottom", "score", "old", "new"):
        if name in facts:
            params[name] = number(facts[name])
    if "percent" in facts:
        params["percent"] = format_percent(facts["percent"], language)
    kind = finding.kind
    if kind == "common_weakness" and facts["top"] == facts["bottom"]:
        kind = "common_weakness_equal"
    if kind in ("leader", "laggard") and facts.get("total") is None:
        kind += "_percent"
    return translate(f"narrative.{kind}", language, **params)


def narrative(dataset: Dataset, scenario: Scenario, language: str) -> list[str]:
    """Every finding of the scenario as sentences in ``language``."""
    return [render(dataset, scenario, f, language) for f in findings(dataset, scenario)]
