"""The brief's words: the key message, what the scenario changes, what changed since the previous
round, recommendations, the method note.

Everything is derived from the scored scenario (via the narrative's findings and the target
planner) and phrased in the brief's language; long lists are cut to a few items and "and N more".
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

import numpy as np

from smartcity.analysis.change_summary import indicator_with_instrument, scenario_changes, shortened
from smartcity.analysis.narrative import common_weaknesses, rank_changes
from smartcity.analysis.over_time import RoundScores, since_previous
from smartcity.analysis.planner import next_band_target, plan, step_texts
from smartcity.analysis.uncertainty import UncertaintySettings, uncertainty_summary
from smartcity.i18n.catalog import (
    format_number,
    format_percent,
    format_score,
    format_signed,
    round_half_up,
    translate,
    translate_count,
)
from smartcity.i18n.labels import (
    band_name,
    city_name,
    instrument_name,
    join_names,
    method_name,
)
from smartcity.model import Dataset
from smartcity.scenario import Scenario
from smartcity.scoring import COMPOSITE, score
from smartcity.views.timeline_charts import month

TOWN_LINES = 8
"""Towns given a line of their own (changes, recommendations) before "and N more towns"."""


def key_message(dataset: Dataset, scenario: Scenario, language: str) -> list[str]:
    """Three to five plain sentences: who leads, who lags, the common weakness, how sure, what changed."""
    table = score(dataset, scenario)
    ranking = table.ranking(COMPOSITE)
    if not ranking:
        return [translate("brief.key.no_scores", language)]

    def names(city_ids: Sequence[str]) -> str:
        return shortened([city_name(dataset, scenario, c, language) for c in city_ids], language)

    best, worst = ranking[0], ranking[-1]
    if best.percent == worst.percent:
        sentences = [translate("brief.key.equal", language, percent=format_percent(best.percent, language))]
    else:
        leaders = [r.city_id for r in ranking if r.rank == best.rank]
        everywhere = all(
            {r.city_id for r in table.ranking(i) if r.rank == 1} == set(leaders)
            for i in dataset.instrument_ids
        )
        sentences = [
            translate(
                "brief.key.leader_everywhere" if everywhere else "brief.key.leader",
                language,
                cities=names(leaders),
                percent=format_percent(best.percent, language),
                band=band_name(best.band, language),
            ),
            translate(
                "brief.key.laggard",
                language,
                cities=names([r.city_id for r in ranking if r.rank == worst.rank]),
                percent=format_percent(worst.percent, language),
                band=band_name(worst.band, language),
            ),
        ]
    weak = weak_everywhere(dataset, scenario, language)
    if weak:
        sentences.append(
            translate("brief.key.common_weakness", language, indicators=shortened(weak, language))
        )
    if best.percent != worst.percent:
        sentences.append(_certainty(dataset, scenario, language))
    sentences.append(_what_changed(dataset, scenario, language))
    return sentences


def _certainty(dataset: Dataset, scenario: Scenario, language: str) -> str:
    """How often the composite's leader stays first when scores and weights vary (Monte Carlo)."""
    settings = UncertaintySettings()
    summary = uncertainty_summary(dataset, scenario, COMPOSITE, settings)
    first = int(np.argmax(summary.rank_probability[:, 0]))
    return translate(
        "brief.key.certainty",
        language,
        noise=format_number(settings.score_noise, language, 1),
        weight=format_percent(settings.weight_noise * 100, language),
        draws=format_number(settings.draws, language),
        city=city_name(dataset, scenario, summary.city_ids[first], language),
        share=format_percent(float(summary.rank_probability[first, 0]) * 100, language),
    )


def weak_everywhere(dataset: Dataset, scenario: Scenario, language: str) -> list[str]:
    """Indicators among the weakest of every town, named with their instrument."""
    table = score(dataset, scenario)
    return [
        indicator_with_instrument(dataset, f.instrument_id, f.facts["indicator"], language)
        for i in dataset.instrument_ids
        for f in common_weaknesses(dataset, scenario, table, i)
    ]


def _what_changed(dataset: Dataset, scenario: Scenario, language: str) -> str:
    if not change_summary(dataset, scenario, language):
        return translate("brief.key.unchanged", language)
    table = score(dataset, scenario)
    overtaken: dict[tuple[str, str], list[str]] = {}  # (who, whom) -> the instruments where it happens
    for instrument_id in (*dataset.instrument_ids, COMPOSITE):
        for finding in rank_changes(table, instrument_id):
            if finding.kind == "overtake":
                pair = (finding.facts["city"], finding.facts["other"])
                short = instrument_name(dataset, instrument_id, language, short=True)
                overtaken.setdefault(pair, []).append(short)
    moves = [
        translate(
            "brief.key.overtake",
            language,
            city=city_name(dataset, scenario, city_id, language),
            other=city_name(dataset, scenario, other_id, language),
            instrument=join_names(instruments, language),
        )
        for (city_id, other_id), instruments in overtaken.items()
    ]
    if not moves:
        return translate("brief.key.same_order", language)
    return translate("brief.key.changed", language, moves=shortened(moves, language))


def change_summary(dataset: Dataset, scenario: Scenario, language: str) -> list[str]:
    """What the scenario changes against the paper: a line per town (the first TOWN_LINES), then the rest."""
    return scenario_changes(dataset, scenario, language, towns_shown=TOWN_LINES)


def since_previous_round(
    dataset: Dataset, scenario: Scenario, history: Sequence[RoundScores], language: str
) -> list[str]:
    """A line per town when the scenario's scores come from a round with one before it in ``history``:
    "Since May 2025: Shu +4 points (SCRI 43% → 47%)"; none otherwise."""
    found = since_previous(dataset, scenario, history)
    if found is None:
        return []
    previous, changes = found
    lines = []
    for city in scenario.cities(dataset):
        items = [
            translate(
                "over_time.brief_change",
                language,
                points=translate_count(
                    "over_time.points",
                    abs(round_half_up(change.points)),
                    language,
                    signed=format_signed(change.points, language, decimals=0),
                ),
                instrument=instrument_name(dataset, change.instrument_id, language, short=True),
                before=format_percent(change.before, language),
                after=format_percent(change.after, language),
            )
            for change in changes
            if change.city_id == city.id
        ]
        if items:
            town = city_name(dataset, scenario, city.id, language)
            since = month(previous.day, language)
            lines.append(
                translate("over_time.brief_since", language, month=since, town=town, changes=", ".join(items))
            )
    return lines


def recommendations(dataset: Dataset, scenario: Scenario, language: str) -> list[str]:
    """What to do first: the weaknesses all towns share, then each town's cheapest steps to the next level."""
    lines = []
    weak = weak_everywhere(dataset, scenario, language)
    if weak:
        lines.append(translate("brief.advice.common", language, indicators=shortened(weak, language)))
    ranking = score(dataset, scenario).ranking(COMPOSITE)
    for result in ranking[:TOWN_LINES]:
        lines.append(_town_advice(dataset, scenario, result.city_id, result.percent, language))
    if len(ranking) > TOWN_LINES:
        lines.append(translate_count("brief.more_towns", len(ranking) - TOWN_LINES, language))
    return lines


def _town_advice(dataset: Dataset, scenario: Scenario, city_id: str, percent: float, language: str) -> str:
    """A town's cheapest whole-point steps to the next readiness level on the composite, in words."""
    name = city_name(dataset, scenario, city_id, language)
    target = next_band_target(dataset.bands, percent)
    next_band = next((band for band in dataset.bands if band.min_percent == target), None)
    if next_band is None:
        return translate("brief.advice.top", language, city=name)
    found = plan(dataset, scenario, city_id, COMPOSITE, target)
    if not found.reachable:
        return translate(
            "brief.advice.unreachable", language, city=name, band=band_name(next_band.id, language)
        )
    steps = step_texts(dataset, found, language)
    return translate(
        "brief.advice.town",
        language,
        city=name,
        band=band_name(next_band.id, language),
        target=format_percent(target, language),
        changes=shortened(steps, language),
        steps=translate_count("planner.steps", found.step_count, language),
    )


def method_note(dataset: Dataset, scenario: Scenario, language: str) -> list[str]:
    """At most ten translated lines on where the numbers come from and how they are computed."""
    bands = dataset.bands
    levels = ", ".join(
        translate(
            "brief.note.band",
            language,
            band=band_name(band.id, language).lower(),
            low=format_score(band.min_percent, language),
            high=format_score(following.min_percent, language),
        )
        for band, following in pairwise(bands)
    )
    top = translate(
        "brief.note.band_top",
        language,
        band=band_name(bands[-1].id, language).lower(),
        low=format_score(bands[-1].min_percent, language),
    )
    respondents = sum(group.count for group in dataset.stakeholder_sample)
    lines = [
        translate("brief.note.paper", language),
        translate("brief.note.scale", language, respondents=respondents),
        translate("brief.note.percent", language, method=method_name(scenario.method, language)),
        translate("brief.note.levels", language, levels=f"{levels}, {top}"),
        translate("brief.note.composite", language),
        translate("brief.note.planner", language),
        translate("brief.note.map", language),
    ]
    return lines
