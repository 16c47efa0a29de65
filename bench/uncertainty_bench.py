"""Times the Monte Carlo summary: 3 cities and 351 towns, 23 indicators (the composite), 10,000 draws.

Run: python3 bench/uncertainty_bench.py   (prints medians of a few runs and the peak traced memory)
"""

from __future__ import annotations

import statistics
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from smartcity.analysis.sensitivity import scenario_sensitivity
from smartcity.analysis.uncertainty import UncertaintySettings, uncertainty_summary
from smartcity.data import load_dataset
from smartcity.model import City
from smartcity.scenario import Scenario
from smartcity.scoring import COMPOSITE

TOWNS = 351
DRAWS = 10_000
RUNS = 5


def towns_scenario(count: int, seed: int = 7) -> Scenario:
    """The paper's three cities plus synthetic towns with random whole scores on every indicator."""
    dataset = load_dataset()
    rng = np.random.default_rng(seed)
    cities = tuple(
        City(
            id=f"town{n}",
            names={"en": f"Town {n}"},
            region_iso="KZ-10",
            latitude=None,
            longitude=None,
            origin="user",
        )
        for n in range(count - len(dataset.cities))
    )
    overrides = tuple(
        ((city.id, instrument.id, indicator_id), float(rng.integers(1, 6)))
        for city in cities
        for instrument in dataset.instruments
        for indicator_id in instrument.indicator_ids
    )
    return Scenario(overrides=overrides, added_cities=cities)


def timed(label: str, run, runs: int = RUNS) -> None:
    """Print the median wall time of ``runs`` calls, then the peak memory one call traces."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    tracemalloc.start()
    run()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    median = statistics.median(times)
    print(f"{label}: median {median:.3f} s over {runs} runs; peak traced memory {peak / 2**20:.1f} MiB")


def main() -> None:
    dataset = load_dataset()
    settings = UncertaintySettings(draws=DRAWS, seed=1)
    paper = Scenario()
    all_methods = UncertaintySettings(
        draws=DRAWS, seed=1, weight_noise_kind="dirichlet", methods=("paper", "goalpost", "geometric")
    )
    timed(
        "3 cities x 23 indicators (composite), 10,000 draws",
        lambda: uncertainty_summary(dataset, paper, COMPOSITE, settings),
    )
    timed(
        "3 cities x 23 indicators, 10,000 draws, Dirichlet weights and all 3 methods",
        lambda: uncertainty_summary(dataset, paper, COMPOSITE, all_methods),
    )
    timed(
        "3 cities SCRI sensitivity (2,048 base samples, 200 bootstrap resamples)",
        lambda: scenario_sensitivity(dataset, paper, "scri", "shu", settings),
    )
    towns = towns_scenario(TOWNS)
    uncertainty_summary(dataset, towns, "scri", UncertaintySettings(draws=10))  # validate and score once
    timed(
        f"{TOWNS} towns x 23 indicators (composite), 10,000 draws",
        lambda: uncertainty_summary(dataset, towns, COMPOSITE, settings),
        runs=3,
    )


if __name__ == "__main__":
    main()
