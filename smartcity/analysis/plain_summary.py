"""The uncertainty page's opening lines in plain words: how often the leader leads, the closest contest
below it, and whether a one-point change in one indicator changes who leads."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise

import numpy as np

from smartcity.analysis.uncertainty import OnePointChange, UncertaintySummary
from smartcity.i18n.catalog import format_number, format_score, round_half_up, translate, translate_count
from smartcity.i18n.labels import city_name, indicator_name, join_names
from smartcity.model import Dataset
from smartcity.scenario import Scenario

OUT_OF = 100
"""The summary counts variations "in N of 100"."""


@dataclass(frozen=True)
class Contest:
    """Two cities next to each other in the scenario's ranking, and how often each comes out ahead."""

    first: str
    second: str
    first_ahead: int
    """Variations of 100 in which ``first`` scores strictly above ``second``."""
    second_ahead: int
    level: bool
    """The scenario itself has them level (same rank)."""


@dataclass(frozen=True)
class PlainFacts:
    """The numbers the plain summary states, free of language."""

    leads: tuple[tuple[str, int], ...]
    """(city id, variations of 100 in which it ranks first) for each city first in the scenario."""
    contest: Contest | None
    """The closest contest below the lead (None with fewer than three cities)."""
    changes: tuple[OnePointChange, ...]
    """Every one-point change in one indicator that changes who leads, raises first."""
    city_count: int


def of_hundred(probability: float) -> int:
    """A probability as a count of 100, never 0 or 100 unless it is certain (0.996 → 99, 0.003 → 1)."""
    count = int(round_half_up(probability * OUT_OF, 0))
    if 0 < probability < 1:
        return min(max(count, 1), OUT_OF - 1)
    return count


def plain_facts(summary: UncertaintySummary, changes: tuple[OnePointChange, ...]) -> PlainFacts:
    """What the summary says: the leaders' shares of first place, the closest contest, the leader changes."""
    order = [int(i) for i in np.argsort(summary.point_rank, kind="stable")]
    leads = tuple(
        (summary.city_ids[i], of_hundred(float(summary.rank_probability[i, 0])))
        for i in order
        if summary.point_rank[i] == 1
    )
    contests = [_contest(summary, a, b) for a, b in pairwise(order[1:])]
    closest = max(contests, key=lambda c: min(c.first_ahead, c.second_ahead), default=None)
    raises_first = tuple(sorted(changes, key=lambda change: change.after < change.before))
    return PlainFacts(leads, closest, raises_first, len(summary.city_ids))


def _contest(summary: UncertaintySummary, first: int, second: int) -> Contest:
    above = summary.above_probability
    return Contest(
        summary.city_ids[first],
        summary.city_ids[second],
        of_hundred(float(above[first, second])),
        of_hundred(float(above[second, first])),
        bool(summary.point_rank[first] == summary.point_rank[second]),
    )


def plain_lines(dataset: Dataset, scenario: Scenario, facts: PlainFacts, language: str) -> tuple[str, ...]:
    """The summary as up to three sentences: the lead, the closest contest, the one-point changes."""

    def name(city_id: str) -> str:
        return city_name(dataset, scenario, city_id, language)

    if facts.city_count == 1:
        return (translate("plain.only_city", language, city=name(facts.leads[0][0])),)
    lines = [_lead_line(facts, name, language)]
    contest = facts.contest
    if contest is not None:
        first, second = name(contest.first), name(contest.second)
        if contest.level:
            lines.append(
                translate(
                    "plain.level",
                    language,
                    first=first,
                    second=second,
                    first_count=format_number(contest.first_ahead, language),
                    second_count=format_number(contest.second_ahead, language),
                )
            )
        else:
            count = format_number(contest.second_ahead, language)
            lines.append(translate("plain.swap", language, higher=first, lower=second, count=count))
    if not facts.changes:
        lines.append(translate("plain.no_change", language))
    else:
        example = facts.changes[0]
        shown = translate(
            "plain.change",
            language,
            city=name(example.city_id),
            indicator=indicator_name(dataset, example.instrument_id, example.indicator_id, language),
            before=format_score(example.before, language),
            after=format_score(example.after, language),
        )
        lines.append(translate_count("plain.changes", len(facts.changes), language, example=shown))
    return tuple(lines)


def _lead_line(facts: PlainFacts, name: Callable[[str], str], language: str) -> str:
    if len(facts.leads) == 1:
        city, count = facts.leads[0]
        return translate("plain.leads", language, city=name(city), count=format_number(count, language))
    shares = join_names(
        (
            translate("plain.lead_share", language, city=name(city), count=format_number(count, language))
            for city, count in facts.leads
        ),
        language,
    )
    cities = join_names((name(city) for city, _ in facts.leads), language)
    return translate("plain.shared_lead", language, cities=cities, shares=shares)
