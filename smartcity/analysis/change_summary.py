"""What a scenario changes against the paper, summarised: a line per town, not per value.

The brief lists these lines; a share link's banner shows the first few and counts the rest.
"""

from __future__ import annotations

from collections.abc import Sequence

from smartcity.i18n.catalog import format_score, translate, translate_count
from smartcity.i18n.labels import city_name, indicator_name, instrument_name, join_names, method_name
from smartcity.model import Dataset
from smartcity.scenario import DEFAULT_METHOD, Scenario, compact, layered_value

SHOWN_PER_LIST = 3
"""Items named in one line (score changes of a town, steps of a plan) before "and N more"."""
BANNER_LINES = 3
"""Lines of a link's banner before "and N more changes"."""


def shortened(items: Sequence[str], language: str, limit: int = SHOWN_PER_LIST) -> str:
    """Items joined as prose, the first ``limit`` named and the rest counted ("and 20 more")."""
    if len(items) <= limit:
        return join_names(items, language)
    more = translate_count("brief.more", len(items) - limit, language)
    return ", ".join(items[:limit]) + " " + more


def indicator_with_instrument(dataset: Dataset, instrument_id: str, indicator_id: str, language: str) -> str:
    """An indicator's name followed by its instrument's short name, e.g. "Digital Infrastructure (SCRI)"."""
    short = instrument_name(dataset, instrument_id, language, short=True)
    return f"{indicator_name(dataset, instrument_id, indicator_id, language)} ({short})"


def scenario_changes(
    dataset: Dataset, scenario: Scenario, language: str, towns_shown: int | None = None
) -> list[str]:
    """What the scenario changes: the method, a line per town (the first ``towns_shown``, all when None,
    then "and N more towns"), its survey layers and how many weights changed."""
    scenario = compact(dataset, scenario)
    lines = []
    if scenario.method != DEFAULT_METHOD:
        lines.append(
            translate("compare.change_method", language, method=method_name(scenario.method, language))
        )
    town_lines = [
        line
        for city in scenario.cities(dataset)
        if (line := town_changes(dataset, scenario, city.id, language))
    ]
    lines += town_lines[:towns_shown]
    if towns_shown is not None and len(town_lines) > towns_shown:
        lines.append(translate_count("brief.more_towns", len(town_lines) - towns_shown, language))
    if scenario.layers:
        origins = [
            translate("compare.change_layer", language, origin=layer.origin) for layer in scenario.layers
        ]
        lines.append(shortened(origins, language))
    weights = len(scenario.indicator_weights) + len(scenario.instrument_weights)
    if weights:
        lines.append(translate_count("brief.changes.weights", weights, language))
    return lines


def town_changes(dataset: Dataset, scenario: Scenario, city_id: str, language: str) -> str | None:
    """One line for a town: "Zhezkazgan added, 23 scores entered", "Ayagoz: Digital Infrastructure 1 → 3";
    None when the scenario leaves it as it is."""
    name = city_name(dataset, scenario, city_id, language)
    order = {
        key: n for n, key in enumerate((i.id, ind) for i in dataset.instruments for ind in i.indicator_ids)
    }
    overrides = sorted(
        ((key, value) for key, value in scenario.overrides if key[0] == city_id),
        key=lambda pair: order.get(pair[0][1:], len(order)),
    )
    if city_id in {city.id for city in scenario.added_cities}:
        entered = len(overrides) + sum(
            1 for layer in scenario.layers for key, _ in layer.scores if key[0] == city_id
        )
        return translate_count("brief.changes.added", entered, language, city=name)
    if not overrides:
        return None
    values = []
    for key, value in overrides:
        old = layered_value(dataset, scenario, key)
        values.append(
            translate(
                "brief.changes.value",
                language,
                indicator=indicator_with_instrument(dataset, key[1], key[2], language),
                old="—" if old is None else format_score(old, language),
                new=format_score(value, language),
            )
        )
    return translate("brief.changes.town", language, city=name, changes=shortened(values, language))


def link_banner_lines(dataset: Dataset, scenario: Scenario, language: str) -> list[str]:
    """The few lines a shared link's banner shows: the first BANNER_LINES changes, then "and N more
    changes" (all of them when one more line would say it); empty when the scenario is the paper's."""
    lines = scenario_changes(dataset, scenario, language)
    if len(lines) <= BANNER_LINES + 1:
        return lines
    return [*lines[:BANNER_LINES], translate_count("landing.more", len(lines) - BANNER_LINES, language)]
