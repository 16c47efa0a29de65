"""Scenarios that several test files build: many added towns, every indicator scored alike."""

from __future__ import annotations

from smartcity import geo
from smartcity.cities import city_from_town
from smartcity.errors import SmartCityError
from smartcity.model import City, Dataset
from smartcity.scenario import Scenario, set_score


def towns_scored(dataset: Dataset, count: int, value: float) -> Scenario:
    """The paper plus the first ``count`` bundled towns whose names are free, each scored ``value``
    on every indicator (40 towns make a link too big to stay readable)."""
    added: list[City] = []
    for geonameid in geo.load_towns()["geonameid"]:
        if len(added) == count:
            break
        try:
            added.append(city_from_town(int(geonameid), [*dataset.cities, *added]))
        except SmartCityError:  # a paper town, or a name another town already has
            continue
    scenario = Scenario(added_cities=tuple(added))
    for town in added:
        for instrument in dataset.instruments:
            for indicator in instrument.indicator_ids:
                scenario = set_score(dataset, scenario, (town.id, instrument.id, indicator), value)
    return scenario
