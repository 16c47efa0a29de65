"""The scenarios page's tables: saved scenarios, labels for comparison, the comparison for display."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import cast

import pandas as pd

from smartcity.i18n.catalog import format_percent, format_signed, translate
from smartcity.store.scenarios import SavedScenario

NO_VALUE = "—"


def moment(value: datetime) -> str:
    """A saved time in UTC, unambiguous for every participant."""
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def saved_table(entries: Sequence[SavedScenario], language: str) -> pd.DataFrame:
    """Saved scenarios: name, author, note, created and updated (UTC), with translated headers."""
    return pd.DataFrame(
        {
            translate("workshop.name", language): [e.name for e in entries],
            translate("workshop.author", language): [e.author for e in entries],
            translate("workshop.note", language): [e.note for e in entries],
            translate("workshop.created", language): [moment(e.created_at) for e in entries],
            translate("workshop.updated", language): [moment(e.updated_at) for e in entries],
        }
    )


def unique_labels(labels: Sequence[str]) -> list[str]:
    """The labels, a repeated one numbered from 2 ("Current", "Current (2)") so each is unique."""
    taken: list[str] = []
    for label in labels:
        text, number = label, 1
        while text in taken:
            number += 1
            text = f"{label} ({number})"
        taken.append(text)
    return taken


def comparison_display(frame: pd.DataFrame, language: str) -> pd.DataFrame:
    """A comparison (see compare.comparison_frame) with numbers in the language and flat column names.

    Percents are whole, as on every other page; changes keep one decimal, as the what-if results do.
    """
    formats = {
        translate("compare.col.percent", language): lambda v: format_percent(v, language),
        translate("compare.col.rank", language): lambda v: str(int(v)),
        translate("compare.col.delta", language): lambda v: format_signed(v, language, 1),
        translate("compare.col.rank_change", language): lambda v: format_signed(v, language, 0),
    }
    shown = pd.DataFrame(index=frame.index)
    for label, measure in cast("list[tuple[str, str]]", frame.columns.to_list()):  # a MultiIndex
        shown[f"{label} · {measure}"] = [
            formats[measure](v) if pd.notna(v) else NO_VALUE for v in frame[(label, measure)]
        ]
    return shown.reset_index()
