"""Two or more scenarios side by side: results, changes against the first, what each one changes.

The first scenario is the reference: deltas are "this scenario minus the reference", in
percentage points and places of rank.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from smartcity.i18n.catalog import chart_separators, format_score, translate
from smartcity.i18n.labels import city_name, indicator_name, instrument_name, method_name
from smartcity.model import Dataset
from smartcity.scenario import DEFAULT_METHOD, Scenario, compact, layered_value
from smartcity.scoring import score
from smartcity.views.charts import OKABE_ITO, plain, readable

NamedScenario = tuple[str, Scenario]
"""A label (a saved scenario's name, or "current") and the scenario."""


def comparison_frame(
    dataset: Dataset, named: Sequence[NamedScenario], instrument_id: str, language: str
) -> pd.DataFrame:
    """One row per city: each scenario's percent and rank, and each later one's change against the first.

    Columns are (scenario label, measure) pairs; a city missing from a scenario has blanks.
    """
    cities: dict[str, str] = {}
    columns: dict[tuple[str, str], dict[str, float | None]] = {}
    reference: dict[str, tuple[float, int]] = {}
    percent, rank = translate("compare.col.percent", language), translate("compare.col.rank", language)
    delta, places = translate("compare.col.delta", language), translate("compare.col.rank_change", language)
    for position, (label, scenario) in enumerate(named):
        table = score(dataset, scenario)
        results = {r.city_id: r for r in table.ranking(instrument_id)}
        for city in scenario.cities(dataset):
            cities.setdefault(city.id, city_name(dataset, scenario, city.id, language))
        columns[(label, percent)] = {c: r.percent for c, r in results.items()}
        columns[(label, rank)] = {c: r.rank for c, r in results.items()}
        if position == 0:
            reference = {c: (r.percent, r.rank) for c, r in results.items()}
            continue
        shared = [c for c in results if c in reference]
        columns[(label, delta)] = {c: results[c].percent - reference[c][0] for c in shared}
        columns[(label, places)] = {c: reference[c][1] - results[c].rank for c in shared}
    frame = pd.DataFrame(
        {key: [values.get(city_id) for city_id in cities] for key, values in columns.items()},
        index=pd.Index(list(cities.values()), name=translate("compare.col.city", language)),
    )
    frame.columns = pd.MultiIndex.from_tuples(list(columns))
    return frame


def changes(dataset: Dataset, scenario: Scenario, language: str) -> list[str]:
    """What a scenario changes against the paper, one plain-text line per change."""
    scenario = compact(dataset, scenario)
    lines = []
    if scenario.method != DEFAULT_METHOD:
        method = method_name(scenario.method, language)
        lines.append(translate("compare.change_method", language, method=method))
    lines += [
        translate("compare.change_city", language, city=city.name(language)) for city in scenario.added_cities
    ]
    lines += [translate("compare.change_layer", language, origin=layer.origin) for layer in scenario.layers]
    for (city_id, instrument_id, indicator_id), value in scenario.overrides:
        old = layered_value(dataset, scenario, (city_id, instrument_id, indicator_id))
        lines.append(
            translate(
                "compare.change_score",
                language,
                city=city_name(dataset, scenario, city_id, language),
                indicator=indicator_name(dataset, instrument_id, indicator_id, language),
                instrument=instrument_name(dataset, instrument_id, language, short=True),
                old="—" if old is None else format_score(old, language),
                new=format_score(value, language),
            )
        )
    for (instrument_id, indicator_id), weight in scenario.indicator_weights:
        lines.append(
            translate(
                "compare.change_weight",
                language,
                indicator=indicator_name(dataset, instrument_id, indicator_id, language),
                instrument=instrument_name(dataset, instrument_id, language, short=True),
                weight=format_score(weight, language),
            )
        )
    for instrument_id, weight in scenario.instrument_weights:
        lines.append(
            translate(
                "compare.change_instrument_weight",
                language,
                instrument=instrument_name(dataset, instrument_id, language, short=True),
                weight=format_score(weight, language),
            )
        )
    return lines


def radar_overlay(
    dataset: Dataset, named: Sequence[NamedScenario], city_id: str, instrument_id: str, language: str
) -> go.Figure:
    """One city's indicator scores on one instrument, one trace per scenario that scores the city."""
    instrument = dataset.instrument(instrument_id)
    axes = [plain(indicator_name(dataset, instrument_id, i, language)) for i in instrument.indicator_ids]
    figure = go.Figure()
    for index, (label, scenario) in enumerate(named):
        table = score(dataset, scenario)
        if table.get(city_id, instrument_id) is None:
            continue
        values = [table.values[(city_id, instrument_id, i)].value for i in instrument.indicator_ids]
        figure.add_trace(
            go.Scatterpolar(
                r=[*values, values[0]],
                theta=[*axes, axes[0]],
                name=plain(label),
                mode="lines+markers",
                line={"color": OKABE_ITO[index % len(OKABE_ITO)], "width": 3, "dash": _DASHES[index % 4]},
                customdata=[format_score(v, language) for v in [*values, values[0]]],
                hovertemplate="%{theta}: %{customdata}<extra>%{fullData.name}</extra>",
            )
        )
    name = city_name(dataset, named[0][1], city_id, language) if named else city_id
    figure.update_layout(
        title=translate(
            "compare.radar_title",
            language,
            city=plain(name),
            instrument=instrument_name(dataset, instrument_id, language),
        ),
        polar={"radialaxis": {"range": [0, instrument.scale_max]}},
        separators=chart_separators(language),
        legend={"title": {"text": translate("compare.legend", language)}},
    )
    return readable(figure)


_DASHES = ("solid", "dash", "dot", "dashdot")
"""Line styles as well as colours, so overlaid scenarios differ without colour too."""
