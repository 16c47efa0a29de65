"""Shared by the bench scripts: repeated timing, the server's peak memory, and the figures table."""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # so that `python bench/x.py` finds smartcity, bench and tests


def seconds_per_call(work: Callable[[], object], runs: int) -> list[float]:
    """Wall time of each of ``runs`` calls of ``work``."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return times


def median(values: Sequence[float]) -> float:
    """The median of a non-empty sequence."""
    return statistics.median(values)


def percentile(values: Sequence[float], percent: float) -> float:
    """The ``percent``-th percentile (inclusive method: p95 of 20 values lies between the two largest)."""
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[round(percent) - 1]


def peak_rss_bytes(pid: int) -> int:
    """The peak resident memory ("high-water mark", VmHWM) of a running Linux process."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError(f"no VmHWM for process {pid}")


@dataclass(frozen=True)
class Figure:
    """One line of the report: what was measured, the goal, the value, and whether it meets the goal."""

    name: str
    goal: str
    measured: str
    passed: bool | None
    """None for figures that have no goal (shown for context)."""


def verdict(passed: bool | None) -> str:
    """ "pass", "FAIL" or "-" (no goal)."""
    return "-" if passed is None else "pass" if passed else "FAIL"


def print_table(figures: Sequence[Figure]) -> None:
    """Print the figures as a plain-text table (also valid Markdown)."""
    header = ("figure", "goal", "measured", "pass/fail")
    rows = [header, *((f.name, f.goal, f.measured, verdict(f.passed)) for f in figures)]
    widths = [max(len(row[column]) for row in rows) for column in range(len(header))]

    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True)) + " |"

    print(line(header))
    print("|" + "|".join("-" * (width + 2) for width in widths) + "|")
    for row in rows[1:]:
        print(line(row))
