"""Presenter mode: large type, no controls, and a fixed step-through of the dashboard's views.

The steps are the map, one radar per instrument, the what-if result and the conclusions.
Presenter mode is switched on by ``?present=1`` in the address bar (so a link can open in it)
or by the sidebar toggle, which sets the same parameter.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from smartcity.analysis import planner
from smartcity.analysis.compare import changes
from smartcity.analysis.narrative import common_weaknesses
from smartcity.i18n.catalog import format_percent, format_score, translate, translate_count
from smartcity.i18n.labels import band_name, city_name, indicator_name, instrument_name, join_names
from smartcity.model import Dataset
from smartcity.scenario import Scenario
from smartcity.scoring import COMPOSITE, RANK_DECIMALS, ScoreTable, band_of, score

PRESENT_PARAM = "present"
ON_VALUES = ("1", "true", "yes", "on")
MAX_CHANGE_LINES = 4
"""The what-if slide lists this many of the scenario's changes, then how many more there are."""

Step = tuple[str, str | None]
"""A view and, for a radar, its instrument id."""


def is_on(value: str | None) -> bool:
    """Whether a ``present`` parameter value switches presenter mode on."""
    return (value or "").strip().lower() in ON_VALUES


def steps(dataset: Dataset) -> list[Step]:
    """The views in order: map, a radar per instrument, the what-if result, the conclusions."""
    radars: list[Step] = [("radar", instrument_id) for instrument_id in dataset.instrument_ids]
    return [("map", None), *radars, ("what_if", None), ("conclusions", None)]


def clamp(index: int, count: int) -> int:
    """A step index kept within 0..count-1."""
    return max(0, min(index, count - 1))


def first_lines(lines: list[str], language: str) -> list[str]:
    """The first MAX_CHANGE_LINES lines, then "… and N more" for the rest, so that a slide keeps its size."""
    if len(lines) <= MAX_CHANGE_LINES:
        return lines
    shown = lines[: MAX_CHANGE_LINES - 1]
    return [*shown, translate_count("presenter_fit.more_changes", len(lines) - len(shown), language)]


def first_rows(rows: Sequence[Sequence[str]], limit: int, language: str) -> list[list[str]]:
    """A table (a header, then rows) cut to ``limit`` rows under its header, the last of them saying how
    many more towns there are, so that a slide keeps its size."""
    header, *body = (list(row) for row in rows)
    if len(body) <= limit:
        return [header, *body]
    shown = body[: max(limit - 1, 0)]
    more = translate_count("presenter_fit.more_towns", len(body) - len(shown), language)
    return [header, *shown, [more, *("" for _ in header[1:])]]


def radar_rows(data: pd.DataFrame) -> list[tuple[str, ...]]:
    """A radar's table (city, indicator, score, ... per row) as rows of an indicator and a score per city,
    under a header of the indicator column's name and the cities, in the table's order."""
    city_column, indicator_column, score_column = data.columns[:3]
    cities = list(pd.unique(data[city_column]))
    indicators = list(pd.unique(data[indicator_column]))
    value = {(row[city_column], row[indicator_column]): row[score_column] for _, row in data.iterrows()}
    return [
        (str(indicator_column), *map(str, cities)),
        *(
            (str(indicator), *(str(value.get((city, indicator), "—")) for city in cities))
            for indicator in indicators
        ),
    ]


def conclusions(dataset: Dataset, scenario: Scenario, language: str) -> list[str]:
    """At most five short sentences: the leader, the laggard, the shared weakness, what the scenario
    moved and the quickest step up to the next readiness band."""
    table = score(dataset, scenario)
    sentences = [
        *standing(dataset, scenario, table, language),
        shared_weakness(dataset, scenario, table, language),
        what_moved(dataset, scenario, table, language),
        quickest_step_up(dataset, scenario, table, language),
    ]
    return [sentence for sentence in sentences if sentence]


def standing(dataset: Dataset, scenario: Scenario, table: ScoreTable, language: str) -> list[str]:
    """Who is highest and lowest overall (the composite), or that every town scores the same."""
    ranking = table.ranking(COMPOSITE)
    if len(ranking) < 2:
        return []
    if ranking[0].rank == ranking[-1].rank:
        return [
            translate(
                "presenter_fit.all_equal", language, percent=format_percent(ranking[0].percent, language)
            )
        ]

    def towns(rank: int) -> str:
        ids = [result.city_id for result in ranking if result.rank == rank]
        return join_names((city_name(dataset, scenario, city_id, language) for city_id in ids), language)

    first_everywhere = all(
        (result := table.get(ranking[0].city_id, instrument_id)) is not None and result.rank == 1
        for instrument_id in dataset.instrument_ids
    )
    leader_key = "presenter_fit.leader_everywhere" if first_everywhere else "presenter_fit.leader"
    return [
        translate(
            leader_key, language, cities=towns(1), percent=format_percent(ranking[0].percent, language)
        ),
        translate(
            "presenter_fit.laggard",
            language,
            cities=towns(ranking[-1].rank),
            percent=format_percent(ranking[-1].percent, language),
        ),
    ]


def shared_weakness(dataset: Dataset, scenario: Scenario, table: ScoreTable, language: str) -> str | None:
    """The lowest-scored indicator that is among the weakest of every town, if any is."""
    shared = [
        (finding.facts["top"], finding.facts["bottom"], finding.instrument_id, finding.facts["indicator"])
        for instrument_id in dataset.instrument_ids
        for finding in common_weaknesses(dataset, scenario, table, instrument_id)
    ]
    if not shared:
        return None
    top, bottom, instrument_id, indicator_id = min(shared, key=lambda item: (item[0], item[1]))
    scores = (
        format_score(top, language)
        if top == bottom
        else f"{format_score(bottom, language)}–{format_score(top, language)}"
    )
    return translate(
        "presenter_fit.shared_weakness",
        language,
        indicator=indicator_name(dataset, instrument_id, indicator_id, language),
        scores=scores,
        maximum=format_score(dataset.instrument(instrument_id).scale_max, language),
    )


def what_moved(dataset: Dataset, scenario: Scenario, table: ScoreTable, language: str) -> str:
    """The town whose overall score the scenario moved most, or that nothing (or nothing overall) moved."""
    if not changes(dataset, scenario, language):
        return translate("presenter_fit.paper", language)
    moved = [
        result
        for result in table.ranking(COMPOSITE)
        if result.delta_percent is not None and round(result.delta_percent, RANK_DECIMALS) != 0
    ]
    if not moved:
        return translate("presenter_fit.unmoved", language)
    mover = max(moved, key=lambda result: abs(result.delta_percent or 0.0))
    facts = {
        "city": city_name(dataset, scenario, mover.city_id, language),
        "before": format_percent(mover.baseline_percent or 0.0, language),
        "after": format_percent(mover.percent, language),
    }
    if mover.rank_change:
        return translate(
            "presenter_fit.moved_rank", language, old=mover.baseline_rank, new=mover.rank, **facts
        )
    return translate("presenter_fit.moved", language, **facts)


def quickest_step_up(dataset: Dataset, scenario: Scenario, table: ScoreTable, language: str) -> str | None:
    """The cheapest whole-step plan, over every town and instrument, that lifts a town into its next band."""
    plans = [
        planner.plan(
            dataset,
            scenario,
            result.city_id,
            instrument_id,
            planner.next_band_target(dataset.bands, result.percent),
        )
        for instrument_id in dataset.instrument_ids
        for result in table.ranking(instrument_id)
    ]
    useful = [found for found in plans if found.reachable and found.steps]
    if not useful:
        return None
    best = min(useful, key=lambda found: (found.cost, found.step_count))
    moves = planner.step_texts(dataset, best, language)
    return translate(
        "presenter_fit.step_up",
        language,
        city=city_name(dataset, scenario, best.city_id, language),
        band=band_name(band_of(dataset.bands, best.target), language),
        instrument=instrument_name(dataset, best.instrument_id, language, short=True),
        steps=translate_count("planner.steps", best.step_count, language),
        changes=join_names(moves, language),
    )
