"""Benchmark: assessment rounds. Submissions per second on one store (SQLite, and PostgreSQL when its
server binaries are installed), and the organiser's live view over 10,000 responses: loading them
from the store and computing every results statistic (goal: well under 1 s).

Run: python bench/rounds_bench.py [--submissions N] [--responses N] [--runs R]
Prints the median of R runs of each step.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import secrets
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd
import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import median, seconds_per_call
from smartcity.analysis import consensus
from smartcity.data import load_dataset
from smartcity.model import Dataset
from smartcity.store.database import round_responses
from smartcity.store.rounds import Round, RoundStore

DATASET = load_dataset()
CITY = "shu"


def _questions(dataset: Dataset, round_: Round) -> list[tuple[str, str, str]]:
    return [
        (city, instrument, indicator)
        for city in round_.city_ids
        for instrument in round_.instrument_ids
        for indicator in dataset.instrument(instrument).indicator_ids
    ]


def submissions_per_second(url: sa.URL | str, submissions: int) -> float:
    """Sequential submissions of fresh answer sheets (one town, every indicator) on one store."""
    store = RoundStore(url)
    round_, _ = store.create_round(DATASET, "Bench", [CITY])
    questions = _questions(DATASET, round_)
    rng = np.random.default_rng(1)
    sheets = [
        (
            store.new_token(round_.id),
            {q: int(v) for q, v in zip(questions, rng.integers(1, 6, len(questions)), strict=True)},
        )
        for _ in range(submissions)
    ]
    started = time.perf_counter()
    for token, answers in sheets:
        store.submit(DATASET, round_.id, token, "civil_society", answers)
    elapsed = time.perf_counter() - started
    store.close()
    return submissions / elapsed


def filled_store(url: str, responses: int) -> tuple[RoundStore, Round, str]:
    """A round with ``responses`` stored answer sheets, written in one bulk insert (setup, not timed)."""
    store = RoundStore(url)
    round_, key = store.create_round(DATASET, "Bench", ["shu", "ayagoz", "shalkar"])
    questions = _questions(DATASET, round_)
    rng = np.random.default_rng(2)
    now = datetime.now(UTC)
    rows = []
    for person in range(responses):
        city = round_.city_ids[person % 3]
        scores = rng.integers(1, 6, len(questions))
        answers = {
            ".".join(q): (None if rng.random() < 0.05 else int(s))
            for q, s in zip(questions, scores, strict=True)
            if q[0] == city
        }
        rows.append(
            {
                "round_id": round_.id,
                "token": secrets.token_urlsafe(16),
                "group_id": round_.group_ids[person % len(round_.group_ids)],
                "answers": json.dumps(answers),
                "comments": "{}",
                "submitted_at": now,
                "updated_at": now,
            }
        )
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.execute(round_responses.insert(), rows)
    engine.dispose()
    return store, round_, key


def live_view(responses: pd.DataFrame, round_: Round) -> None:
    """Everything the organiser's results page computes."""
    consensus.group_progress(responses, round_)
    consensus.indicator_statistics(responses)
    consensus.kendall_table(responses)
    consensus.weighted_means(responses, round_)


@contextlib.contextmanager
def postgres_url() -> Iterator[sa.URL | None]:
    """A throwaway PostgreSQL database, or None when no server can be started here."""
    try:
        from tests.support.postgres import running_cluster

        with running_cluster() as cluster:
            yield cluster.new_database()
    except (OSError, RuntimeError, FileNotFoundError) as error:
        print(f"PostgreSQL: not available ({error})")
        yield None


def _line(label: str, seconds: list[float], goal: str = "") -> None:
    print(f"{label:<58} {median(seconds) * 1000:9.1f} ms  {goal}")


def main() -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=500, help="submissions timed per store")
    parser.add_argument("--responses", type=int, default=10_000, help="responses behind the live view")
    parser.add_argument("--runs", type=int, default=5, help="runs of each timed step (median printed)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        rate = submissions_per_second(f"sqlite:///{folder}/bench.db", args.submissions)
        print(f"{'submissions per second, SQLite (one process)':<58} {rate:9.0f} /s")
        with postgres_url() as url:
            if url is not None:
                rate = submissions_per_second(url, args.submissions)
                print(f"{'submissions per second, PostgreSQL (one process)':<58} {rate:9.0f} /s")
        store, round_, key = filled_store(f"sqlite:///{folder}/live.db", args.responses)
        frame = store.responses(DATASET, round_.id, key)

        def load() -> pd.DataFrame:
            return store.responses(DATASET, round_.id, key)

        print(f"{args.responses} responses = {len(frame)} answers")
        _line("load the responses from SQLite", seconds_per_call(load, args.runs))
        statistics = seconds_per_call(lambda: live_view(frame, round_), args.runs)
        _line("results statistics (progress, consensus, W, weightings)", statistics, "goal < 1000 ms")
        refresh = seconds_per_call(lambda: live_view(load(), round_), args.runs)
        _line("both: the live view's refresh", refresh, "goal < 1000 ms")
        store.close()


if __name__ == "__main__":
    main()
