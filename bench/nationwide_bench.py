"""Time the nationwide scenario: every bundled GeoNames town added, each with all indicators scored.

Run: python3 bench/nationwide_bench.py [--runs 5] [--write FILE]   (prints medians; nothing is asserted)

It times the JSON file form, the readable and the short share link (a temporary SQLite store),
score() uncached and cached, the map page's layer (markers, labels, legend) for every town, and the
worst crafted link (1,000 fake towns in x= and 400 pairs).
``--write FILE`` also saves the nationwide scenario as a scenario file (for a CLI check).
"""

from __future__ import annotations

import argparse
import base64
import json
import sys
import tempfile
import zlib
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import median, seconds_per_call
from smartcity import cities, geo, scoring
from smartcity import scenario as scenarios
from smartcity.data import load_dataset
from smartcity.errors import SmartCityError
from smartcity.files import share
from smartcity.model import City, Dataset
from smartcity.scenario import Scenario
from smartcity.store import scenarios as store
from smartcity.views import mapview
from smartcity.views.legend import legend_html

LARGEST_READABLE_TOWNS = 80
"""Towns of the largest readable link measured: under the link limits, over the 4 KB short-link bound."""


def nationwide(dataset: Dataset) -> Scenario:
    """The paper plus every bundled town whose name is free, each with every indicator scored 1-5."""
    added: list[City] = []
    for geonameid in geo.load_towns()["geonameid"]:
        try:
            added.append(cities.city_from_town(int(geonameid), [*dataset.cities, *added]))
        except SmartCityError:  # a paper town, or a name another town already has
            continue
    keys = [(i.id, indicator) for i in dataset.instruments for indicator in i.indicator_ids]
    overrides = tuple(
        ((city.id, instrument_id, indicator_id), float(1 + (n + k) % 5))
        for n, city in enumerate(added)
        for k, (instrument_id, indicator_id) in enumerate(keys)
    )
    return scenarios.validate(dataset, Scenario(overrides=overrides, added_cities=tuple(added)))


def first_towns(scenario: Scenario, count: int) -> Scenario:
    """The nationwide scenario cut to its first ``count`` added towns and their scores."""
    kept = scenario.added_cities[:count]
    ids = {city.id for city in kept}
    return Scenario(overrides=tuple(p for p in scenario.overrides if p[0][0] in ids), added_cities=kept)


def map_layer(dataset: Dataset, scenario: Scenario) -> str:
    """What the map page builds for a scenario on each run: the markers, the base map with their
    labelled layer (rendered to HTML) and the legend."""
    table = scoring.score(dataset, scenario)
    markers = mapview.city_markers(dataset, scenario, table, "scri", "en")
    assessed = frozenset(marker.region_iso for marker in markers if marker.region_iso)
    fmap = mapview.base_map("en", False, assessed)
    mapview.marker_layer(markers, "SCRI", "en").add_to(fmap)
    return mapview.map_html(fmap) + legend_html(markers, dataset.bands, "SCRI", "en")


def crafted_link() -> dict[str, str]:
    """The issue's worst link: 1,000 fake towns packed in x= and 400 override pairs."""
    towns = [
        {
            "id": f"fake{n}",
            "names": {"en": f"Fake {n}"},
            "region_iso": "",
            "latitude": 48.0,
            "longitude": 68.0,
        }
        for n in range(1000)
    ]
    packed = zlib.compress(json.dumps({"added_cities": towns, "layers": []}).encode(), 9)
    pairs = ",".join(f"fake{n}.scri.digital_infrastructure:3" for n in range(400))
    return {"x": base64.urlsafe_b64encode(packed).decode().rstrip("="), "o": pairs}


def report(label: str, work: Callable[[], object], runs: int, note: str = "") -> None:
    """Print the median time of ``runs`` calls of ``work``."""
    print(f"{label:<52} median {median(seconds_per_call(work, runs)) * 1000:10.4f} ms  {note}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--write", type=Path, help="also write the nationwide scenario to this JSON file")
    args = parser.parse_args()
    runs = args.runs
    dataset = load_dataset()
    scenario = nationwide(dataset)
    print(
        f"nationwide scenario: {len(scenario.added_cities)} towns added, {len(scenario.overrides)} overrides"
    )
    if args.write:
        args.write.write_text(scenarios.to_json(scenario), encoding="utf-8")
        print(f"written to {args.write}")

    text = scenarios.to_json(scenario)
    report("JSON to_json", lambda: scenarios.to_json(scenario), runs, f"{len(text) / 1024:.0f} KB")
    report("JSON from_json (checked)", lambda: scenarios.from_json(dataset, text), runs)
    report(
        "file read_scenario_file (every problem)",
        lambda: share.read_scenario_file(dataset, text.encode()),
        runs,
    )

    readable = scenarios.to_query(dataset, scenario)
    size = len(urlencode(readable, safe=share.LINK_SAFE))
    report(
        "readable link to_query", lambda: scenarios.to_query(dataset, scenario), runs, f"{size / 1024:.0f} KB"
    )
    refusal = scenarios.from_query(dataset, readable)[1]
    report(
        "readable link from_query (refused whole)",
        lambda: scenarios.from_query(dataset, readable),
        runs,
        ", ".join(w.key for w in refusal),
    )
    largest = scenarios.to_query(dataset, first_towns(scenario, LARGEST_READABLE_TOWNS))
    largest_size = len(urlencode(largest, safe=share.LINK_SAFE))
    warnings = scenarios.from_query(dataset, largest)[1]
    report(
        f"readable link from_query, {LARGEST_READABLE_TOWNS} towns (read)",
        lambda: scenarios.from_query(dataset, largest),
        runs,
        f"{largest_size / 1024:.0f} KB, {len(warnings)} warnings",
    )

    with tempfile.TemporaryDirectory(prefix="nationwide-bench-") as folder:
        links = store.open_store({"SMARTCITY_DB": str(Path(folder) / "links.db")})

        def first_link_params() -> dict[str, str]:
            share._cached_link_params.cache_clear()  # time the first ask: compact, JSON, save
            return share.link_params(dataset, scenario, links)

        params = first_link_params()
        report("short link link_params (first: compact, JSON, save)", first_link_params, runs, str(params))
        report(
            "short link link_params (asked again)", lambda: share.link_params(dataset, scenario, links), runs
        )
        restored, found = share.scenario_from_link(dataset, params, links)
        report(
            "short link scenario_from_link (load, checked)",
            lambda: share.scenario_from_link(dataset, params, links),
            runs,
            f"same scenario: {restored == scenario}, {len(found)} warnings",
        )
        links.close()

    town_key = (scenario.added_cities[-1].id, "scri", "digital_infrastructure")
    report(
        "edit set_score (one slider move, checked)",
        lambda: scenarios.set_score(dataset, scenario, town_key, 4),
        runs,
    )
    report(
        "problems() of the whole (no longer run per edit)",
        lambda: scenarios.problems(dataset, scenario),
        runs,
    )

    def uncached() -> object:
        scoring._score_cached.cache_clear()
        return scoring.score(dataset, scenario)

    report("score() uncached", uncached, runs)
    scoring.score(dataset, scenario)
    report("score() cached", lambda: scoring.score(dataset, scenario), max(runs, 100))

    report("map page: markers, map with labels, legend (HTML)", lambda: map_layer(dataset, scenario), runs)

    crafted = crafted_link()
    crafted_size = len(urlencode(crafted, safe=share.LINK_SAFE))
    refusal = scenarios.from_query(dataset, crafted)[1]
    report(
        "crafted link (1,000 towns + 400 pairs) from_query",
        lambda: scenarios.from_query(dataset, crafted),
        runs,
        f"{crafted_size / 1024:.0f} KB, refused: {', '.join(w.key for w in refusal)}",
    )


if __name__ == "__main__":
    main()
