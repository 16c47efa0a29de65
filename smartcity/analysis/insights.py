"""Text and tables the analysis pages show, derived from a scored scenario.

Builds on :mod:`smartcity.analysis.narrative`: the what-if story reuses its findings, and the
stakeholder and governance views add three kinds of finding the paper's text also draws
(a city ahead on every indicator, cities with identical profiles, a flat profile) and the
reading of Figure 1's sample. Results are memoised per (scenario, language): they are
immutable tuples, so sharing them between sessions is safe.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from smartcity.analysis.narrative import (
    Finding,
    common_weaknesses,
    overall_findings,
    rank_changes,
    render,
    scored_cities,
    strengths_and_weaknesses,
)
from smartcity.i18n.catalog import (
    format_number,
    format_percent,
    format_score,
    format_signed,
    translate,
    translate_count,
)
from smartcity.i18n.labels import (
    PROFILE_FIELDS,
    band_name,
    city_name,
    city_profile,
    group_name,
    indicator_name,
    instrument_name,
    join_names,
)
from smartcity.model import Dataset
from smartcity.scenario import Scenario
from smartcity.scoring import COMPOSITE, Result, ScoreTable, score

Row = tuple[str, ...]


@dataclass(frozen=True)
class InstrumentSummary:
    """One city's standing on one instrument, as text ready to show."""

    instrument_id: str
    name: str
    percent: str
    delta: str | None
    """The change against the paper, e.g. ``+2.9 pp`` (None when unchanged or not in the paper)."""
    rank: str
    band: str
    notes: tuple[str, ...]
    """Its strengths and weaknesses, or that it scores the same on every indicator."""


# --- what-if ----------------------------------------------------------------------------


@lru_cache(maxsize=512)
def results_table(dataset: Dataset, scenario: Scenario, instrument_id: str, language: str) -> tuple[Row, ...]:
    """The live results of one instrument (or the composite): a header row, then a row per city.

    Columns: city, total (not for the composite), percent, rank, change against the paper in
    percentage points, and the rank change as an arrow. Cities without a complete result
    come last, marked as incomplete.
    """
    table = score(dataset, scenario)
    with_total = instrument_id != COMPOSITE
    header = [translate("results.city", language)]
    header += [translate("results.total", language)] if with_total else []
    header += [translate(f"results.{name}", language) for name in ("percent", "rank", "delta", "rank_change")]
    rows: list[Row] = [tuple(header)]
    for result in table.ranking(instrument_id):
        cells = [city_name(dataset, scenario, result.city_id, language)]
        cells += [total_text(result, language)] if with_total else []
        cells += [
            format_percent(result.percent, language),
            format_number(result.rank, language),
            delta_text(result.delta_percent, language),
            rank_change_text(result.rank_change, language),
        ]
        rows.append(tuple(cells))
    for city_id in incomplete_cities(table, instrument_id, dataset):
        blank = ["—"] * (len(header) - 2)
        rows.append(
            (
                city_name(dataset, scenario, city_id, language),
                *blank,
                translate("results.incomplete", language),
            )
        )
    return tuple(rows)


@lru_cache(maxsize=512)
def story(dataset: Dataset, scenario: Scenario, instrument_id: str, language: str) -> tuple[str, ...]:
    """The narrative of one instrument: who leads and lags, who moved and overtook whom, common weaknesses.

    Cities left out for missing scores are named first.
    """
    table = score(dataset, scenario)
    found = overall_findings(table, instrument_id) + rank_changes(table, instrument_id)
    if instrument_id != COMPOSITE:
        found += common_weaknesses(dataset, scenario, table, instrument_id)
    note = incomplete_note(dataset, scenario, instrument_id, language)
    return (*([note] if note else []), *(render(dataset, scenario, finding, language) for finding in found))


def total_text(result: Result, language: str) -> str:
    """``15 / 35`` (whole numbers as such, fractional totals to 2 decimals)."""
    if result.total is None or result.maximum is None:
        return "—"
    return translate(
        "results.total_of",
        language,
        total=format_score(result.total, language),
        maximum=format_score(result.maximum, language),
    )


def delta_text(delta: float | None, language: str) -> str:
    """A change in percentage points with its sign, e.g. ``+5.7``; ``0`` for no change, ``—`` for none."""
    if delta is None:
        return "—"
    return "0" if abs(delta) < 0.05 else format_signed(delta, language)


def rank_change_text(change: int | None, language: str) -> str:
    """``▲ 1`` (up one place), ``▼ 2``, ``=`` (same place) or ``—`` (not in the paper)."""
    if change is None:
        return "—"
    if change == 0:
        return "="
    return ("▲ " if change > 0 else "▼ ") + format_number(abs(change), language)


def incomplete_cities(table: ScoreTable, instrument_id: str, dataset: Dataset) -> tuple[str, ...]:
    """Cities lacking a score on the instrument (for the composite: on any instrument)."""
    instruments = set(dataset.instrument_ids) if instrument_id == COMPOSITE else {instrument_id}
    return tuple(dict.fromkeys(city for city, instrument, _ in table.incomplete if instrument in instruments))


def incomplete_note(dataset: Dataset, scenario: Scenario, instrument_id: str, language: str) -> str | None:
    """A sentence naming the cities left out of an instrument because scores are missing, or None."""
    table = score(dataset, scenario)
    cities = incomplete_cities(table, instrument_id, dataset)
    if not cities:
        return None
    names = join_names((city_name(dataset, scenario, c, language) for c in cities), language)
    return translate("insight.incomplete", language, cities=names)


# --- stakeholder and governance views ---------------------------------------------------


def profile_findings(dataset: Dataset, table: ScoreTable, instrument_id: str) -> list[Finding]:
    """Findings about whole profiles: a city ahead on every indicator, identical and flat profiles."""
    cities = scored_cities(table, instrument_id)
    indicators = dataset.instrument(instrument_id).indicator_ids
    profiles = {c: tuple(table.values[(c, instrument_id, i)].value for i in indicators) for c in cities}
    found: list[Finding] = []
    for city in cities:
        others = [profiles[o] for o in cities if o != city]
        if others and all(
            all(mine > theirs for mine, theirs in zip(profiles[city], other, strict=True)) for other in others
        ):
            found.append(Finding("leads_everywhere", instrument_id, {"city": city}))
    groups: dict[tuple[float, ...], list[str]] = {}
    for city in cities:
        groups.setdefault(profiles[city], []).append(city)
    for profile, members in groups.items():
        # A flat profile shared by several cities also says that they are identical.
        if len(set(profile)) == 1:
            found.append(
                Finding("flat_profile", instrument_id, {"cities": tuple(members), "score": profile[0]})
            )
        elif len(members) > 1:
            found.append(Finding("identical_profiles", instrument_id, {"cities": tuple(members)}))
    return found


@lru_cache(maxsize=256)
def instrument_insights(
    dataset: Dataset, scenario: Scenario, instrument_id: str, language: str
) -> tuple[str, ...]:
    """What an instrument's table says, as the paper reads Tables 3 and 4: overall, profiles, weaknesses."""
    table = score(dataset, scenario)
    overall = overall_findings(table, instrument_id)
    rest = common_weaknesses(dataset, scenario, table, instrument_id) + rank_changes(table, instrument_id)
    return tuple(
        [render(dataset, scenario, finding, language) for finding in overall]
        + [
            _render_profile(dataset, scenario, f, language)
            for f in profile_findings(dataset, table, instrument_id)
        ]
        + [render(dataset, scenario, finding, language) for finding in rest]
    )


def sample_findings(dataset: Dataset) -> list[Finding]:
    """Figure 1 read as the paper does: the sample size, the largest, second and smallest groups."""
    groups = sorted(dataset.stakeholder_sample, key=lambda g: g.count, reverse=True)
    total = sum(group.count for group in groups)
    if not groups:
        return []
    found = [Finding("sample_total", "", {"total": total, "groups": len(groups)})]
    picks = [("sample_largest", groups[0])]
    if len(groups) > 2:
        picks.append(("sample_second", groups[1]))
    if len(groups) > 1:
        picks.append(("sample_smallest", groups[-1]))
    for kind, group in picks:
        found.append(Finding(kind, "", {"group": group.id, "count": group.count, "total": total}))
    return found


def sample_insights(dataset: Dataset, language: str) -> tuple[str, ...]:
    """The sample findings as sentences in ``language``."""
    sentences = []
    for finding in sample_findings(dataset):
        facts = finding.facts
        if finding.kind == "sample_total":
            sentences.append(
                translate_count("insight.sample_total", facts["total"], language, groups=facts["groups"])
            )
            continue
        sentences.append(
            translate(
                f"insight.{finding.kind}",
                language,
                group=group_name(facts["group"], language, dataset),
                count=format_number(facts["count"], language),
                total=format_number(facts["total"], language),
                share=format_percent(facts["count"] / facts["total"] * 100, language, 2),
            )
        )
    return tuple(sentences)


def _render_profile(dataset: Dataset, scenario: Scenario, finding: Finding, language: str) -> str:
    facts = finding.facts
    cities = facts.get("cities", (facts.get("city"),))
    return translate(
        f"insight.{finding.kind}",
        language,
        instrument=instrument_name(dataset, finding.instrument_id, language),
        cities=join_names((city_name(dataset, scenario, c, language) for c in cities), language),
        score=format_score(facts.get("score", 0), language),
    )


# --- city profile -----------------------------------------------------------------------


def city_facts(
    dataset: Dataset, scenario: Scenario, city_id: str, language: str
) -> tuple[tuple[str, str], ...]:
    """The city's Table 1 profile and priorities as (label, text) pairs; empty fields left out."""
    city = next(c for c in scenario.cities(dataset) if c.id == city_id)
    pairs = []
    for field in PROFILE_FIELDS:
        text = city_profile(city, field, language)
        if field == "population" and city.population_geonames:
            geonames = translate(
                "profile.geonames_population",
                language,
                population=format_number(city.population_geonames, language),
            )
            text = f"{text} ({geonames})" if text else geonames
        if text:
            pairs.append((translate(f"profile.field.{field}", language), text))
    return tuple(pairs)


def city_summaries(
    dataset: Dataset, scenario: Scenario, city_id: str, language: str
) -> tuple[InstrumentSummary | str, ...]:
    """Per instrument and the composite: the city's standing, or a sentence saying what is missing."""
    table = score(dataset, scenario)
    summaries: list[InstrumentSummary | str] = []
    for instrument_id in (*dataset.instrument_ids, COMPOSITE):
        result = table.get(city_id, instrument_id)
        name = instrument_name(dataset, instrument_id, language)
        if result is None:
            summaries.append(translate("profile.not_scored", language, instrument=name))
            continue
        count = len(table.ranking(instrument_id))
        summaries.append(
            InstrumentSummary(
                instrument_id=instrument_id,
                name=name,
                percent=format_percent(result.percent, language),
                delta=_metric_delta(result.delta_percent, language),
                rank=translate(
                    "profile.rank",
                    language,
                    rank=format_number(result.rank, language),
                    count=format_number(count, language),
                ),
                band=band_name(result.band, language),
                notes=()
                if instrument_id == COMPOSITE
                else _profile_notes(dataset, table, city_id, instrument_id, language),
            )
        )
    return tuple(summaries)


def _profile_notes(
    dataset: Dataset, table: ScoreTable, city_id: str, instrument_id: str, language: str
) -> tuple[str, ...]:
    strengths, weaknesses = strengths_and_weaknesses(dataset, table, city_id, instrument_id)
    if not strengths:
        first = table.values[
            (city_id, instrument_id, dataset.instrument(instrument_id).indicator_ids[0])
        ].value
        return (translate("profile.flat", language, score=format_score(first, language)),)
    return tuple(
        translate(
            f"profile.{kind}",
            language,
            names=join_names((indicator_name(dataset, instrument_id, i, language) for i in ids), language),
        )
        for kind, ids in (("strengths", strengths), ("weaknesses", weaknesses))
    )


def _metric_delta(delta: float | None, language: str) -> str | None:
    """``+2.9 pp`` with an ASCII sign, which st.metric reads to colour the change; None if no change."""
    if delta is None or abs(delta) < 0.05:
        return None
    signed = ("-" if delta < 0 else "+") + format_number(abs(delta), language, 1)
    return translate("profile.delta", language, delta=signed)
