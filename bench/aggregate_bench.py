"""Benchmark: aggregate 100,000 survey responses (goal: under 1 s); also times reading them from CSV.

Run: python bench/aggregate_bench.py [--responses N] [--runs R]
Prints the median of R runs of each step.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from smartcity.data import load_dataset
from smartcity.files.survey import LONG_COLUMNS, aggregate, read_survey
from smartcity.model import Dataset


def synthetic_csv(dataset: Dataset, responses: int, seed: int = 7) -> bytes:
    """A long-form CSV of ``responses`` random answers (about 5% blank) for the paper's cities."""
    rng = np.random.default_rng(seed)
    questions = [(i.id, ind) for i in dataset.instruments for ind in i.indicator_ids]
    respondents = -(-responses // len(questions))
    buffer = io.StringIO()
    buffer.write(",".join(LONG_COLUMNS) + "\n")
    written = 0
    for respondent in range(respondents):
        city = dataset.city_ids[respondent % len(dataset.city_ids)]
        group = dataset.group_ids[rng.integers(len(dataset.group_ids))]
        scores = rng.integers(1, 6, len(questions))
        blanks = rng.random(len(questions)) < 0.05
        for (instrument, indicator), score, blank in zip(questions, scores, blanks, strict=True):
            if written == responses:
                break
            answer = "" if blank else str(score)
            buffer.write(f"R{respondent:06d},{group},{city},{instrument},{indicator},{answer}\n")
            written += 1
    return buffer.getvalue().encode()


def median_seconds(step: Callable[[], object], runs: int) -> float:
    """Median wall time of ``runs`` calls of ``step``."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    """Build the responses, then time reading and aggregating them."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--responses", type=int, default=100_000, help="up to about 300,000 fit in 20 MB")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    dataset = load_dataset()
    content = synthetic_csv(dataset, args.responses)
    survey = read_survey(content, "bench.csv", dataset)
    if not survey.ok:
        raise SystemExit(f"benchmark file has problems: {survey.problems[:3]}")
    aggregate(survey.responses)  # warm-up: imports, caches
    aggregating = median_seconds(lambda: aggregate(survey.responses), args.runs)
    reading = median_seconds(lambda: read_survey(content, "bench.csv", dataset), max(3, args.runs // 2))
    size_mb = len(content) / 2**20
    print(f"responses: {len(survey.responses):,} ({size_mb:.1f} MB CSV)")
    print(f"aggregate (n, mean, sd, 95% CI; overall, by group), median of {args.runs}: {aggregating:.3f} s")
    print(f"read + check the CSV file, median of {max(3, args.runs // 2)}: {reading:.3f} s")


if __name__ == "__main__":
    main()
