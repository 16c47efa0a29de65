"""Time the workshop features: store saves and loads, CSV/XLSX, chart images, the PDF brief.

Run: python bench/export_bench.py   (prints figures; nothing is asserted)
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from smartcity.data import load_dataset
from smartcity.files import brief, export
from smartcity.scenario import Scenario
from smartcity.store import scenarios as store
from smartcity.views.charts import radar

DATASET = load_dataset()
SCENARIO = Scenario().with_override(("ayagoz", "scri", "digital_infrastructure"), 4)


def timed(label: str, work: Callable[[], object], repeats: int = 5) -> object:
    """Run ``work`` ``repeats`` times and print the median and the slowest time."""
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - start)
    size = f", {len(result) / 1024:.0f} KB" if isinstance(result, (bytes, str)) else ""
    median, slowest = statistics.median(times) * 1000, max(times) * 1000
    print(f"{label:<38} median {median:8.1f} ms   max {slowest:8.1f} ms{size}")
    return result


def main() -> None:
    """Print the figures."""
    with tempfile.TemporaryDirectory() as folder:
        saved = store.open_store({"SMARTCITY_DB": f"{folder}/bench.db"})
        counter = iter(range(1_000_000))
        timed("store: save (SQLite, WAL)", lambda: saved.save(f"s{next(counter)}", SCENARIO), repeats=200)
        entry = saved.list()[0]
        timed("store: list (200 rows)", saved.list, repeats=50)
        timed("store: load + validate", lambda: saved.load(DATASET, entry.id), repeats=200)
        saved.close()
    timed("scores CSV", lambda: export.scores_csv(DATASET, SCENARIO, "kk"))
    timed("scores + indicators XLSX", lambda: export.scores_xlsx(DATASET, SCENARIO, "kk"))
    figure = radar(DATASET, SCENARIO, "scri", ("shu", "ayagoz", "shalkar"), "kk").figure
    timed("radar PNG, first (starts Chromium)", lambda: export.figure_image(figure, "png"), repeats=1)
    timed("radar PNG, warm", lambda: export.figure_image(figure, "png"))
    timed("radar SVG, warm", lambda: export.figure_image(figure, "svg"))
    timed("static map PNG (matplotlib)", lambda: brief.static_map(DATASET, SCENARIO, "composite", "kk"))
    timed(
        "PDF brief (3 radars, warm kaleido)",
        lambda: brief.pdf_brief(DATASET, SCENARIO, "kk", "Бенчмарк"),
        repeats=3,
    )


if __name__ == "__main__":
    main()
