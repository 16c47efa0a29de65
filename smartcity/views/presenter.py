"""Presenter mode: large type, no controls, and a fixed step-through of the dashboard's views.

The steps are the map, one radar per instrument, the what-if result and the conclusions.
Presenter mode is switched on by ``?present=1`` in the address bar (so a link can open in it)
or by the sidebar toggle, which sets the same parameter.
"""

from __future__ import annotations

from smartcity.analysis.narrative import findings, render
from smartcity.model import Dataset
from smartcity.scenario import Scenario

PRESENT_PARAM = "present"
ON_VALUES = ("1", "true", "yes", "on")
CONCLUSION_KINDS = (
    "leader",
    "laggard",
    "all_equal_overall",
    "common_weakness",
    "rank_change",
    "overtake",
)
"""Findings that make the conclusions: who leads and lags, shared weaknesses, what moved."""

Step = tuple[str, str | None]
"""A view and, for a radar, its instrument id."""


def is_on(value: str | None) -> bool:
    """Whether a ``present`` parameter value switches presenter mode on."""
    return (value or "").strip().lower() in ON_VALUES


def steps(dataset: Dataset) -> list[Step]:
    """The views in order: map, a radar per instrument, the what-if result, the conclusions."""
    radars: list[Step] = [("radar", instrument_id) for instrument_id in dataset.instrument_ids]
    return [("map", None), *radars, ("what_if", None), ("conclusions", None)]


def clamp(index: int, count: int) -> int:
    """A step index kept within 0..count-1."""
    return max(0, min(index, count - 1))


def conclusions(dataset: Dataset, scenario: Scenario, language: str) -> list[str]:
    """The headline findings of a scenario as sentences: leaders, laggards, common weaknesses, moves."""
    return [
        render(dataset, scenario, finding, language)
        for finding in findings(dataset, scenario)
        if finding.kind in CONCLUSION_KINDS
    ]
