"""Rerun time of the what-if page after a slider change, against a bare one-slider page, under AppTest.

    python bench/whatif_rerun.py [--rounds N]

Every app runs in this process and the rounds are interleaved, so machine load hits them
alike. A round moves one slider (Ayagoz's digital infrastructure on the what-if page,
through the values 1-5) and reruns the script; figures are medians over the rounds.

- "bare one-slider page": ``st.slider`` and ``st.write``, the reference.
- "what-if page": ``pages/what_if.py``, opened from the home page (``app.py``) as a user opens it;
  it cannot run alone, as its sidebar links to the other pages.
- "widget floor": a page with the what-if page's widgets and text but no logic at all,
  which shows how much of the time is Streamlit's per-widget cost.
- "bare page in the app": the bare page as one more file in a copy of this app's ``pages/``
  folder, which shows what Streamlit's multipage setup alone costs each rerun under AppTest
  (it compiles ``app.py`` and registers every page, every run).

The goal (issue 4): what-if page <= 1.5 x the bare page.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the page imports smartcity when run on its own

GOAL_RATIO = 1.5
SLIDER_VALUES = (1.0, 2.0, 3.0, 4.0, 5.0, 4.0, 3.0, 2.0)
BARE_PAGE = """
import streamlit as st

value = st.slider("Score", 1.0, 5.0, 2.0, 1.0)
st.write(value)
"""
WIDGET_FLOOR_PAGE = """
import streamlit as st

st.title("What if")
st.caption("Move a score or a weight.")
left, right = st.columns(2)
with left:
    st.segmented_control("Instrument", ["a", "b", "c"], default="a", key="i")
    st.segmented_control("What to change", ["a", "b", "c", "d"], default="a", key="c")
    st.toggle("Finer steps", key="f")
    value = st.slider("Indicator 0", 1.0, 5.0, 2.0, 1.0, key="s0")
    for index in range(1, 7):
        st.slider(f"Indicator {index}", 1.0, 5.0, 2.0, 1.0, key=f"s{index}")
    st.button("Reset city", key="r1")
    st.button("Reset everything", key="r2")
with right:
    st.markdown(f"#### Results\\n\\n| City | Total |\\n|:--|--:|\\n| Shu | {value} |")
"""

Slider = Callable[[], object]


def bare_app() -> tuple[AppTest, Slider]:
    """The reference: one slider and the value written out."""
    app = AppTest.from_string(BARE_PAGE, default_timeout=30).run()
    return app, lambda: app.slider[0]


def widget_floor_app() -> tuple[AppTest, Slider]:
    """The what-if page's widgets and text, without any scoring, state or translation."""
    app = AppTest.from_string(WIDGET_FLOOR_PAGE, default_timeout=30).run()
    return app, lambda: app.slider(key="s0")


def bare_page_in_app(folder: Path) -> tuple[AppTest, Slider]:
    """The bare page added to a copy of this app's pages, opened from the home page."""
    shutil.copy(ROOT / "app.py", folder / "app.py")
    shutil.copytree(ROOT / "pages", folder / "pages")
    (folder / "pages" / "zz_bare.py").write_text(BARE_PAGE)
    app = AppTest.from_file(str(folder / "app.py"), default_timeout=30).run()
    app.switch_page("pages/zz_bare.py").run()
    return app, lambda: app.slider[0]


def what_if_app() -> tuple[AppTest, Slider]:
    """The what-if page showing Ayagoz's SCRI sliders, opened from the home page."""
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30).run()
    app.switch_page("pages/what_if.py").run()
    app.segmented_control(key="whatif.edit").set_value("ayagoz").run()
    return app, lambda: app.slider(key="score.ayagoz.scri.digital_infrastructure")


def measure(rounds: int) -> dict[str, list[float]]:
    """Seconds per slider move and rerun, per app, over ``rounds`` interleaved rounds."""
    apps = {
        "bare one-slider page": bare_app(),
        "what-if page": what_if_app(),
        "widget floor": widget_floor_app(),
    }
    return interleaved_times(apps, rounds)


def measure_multipage_cost(rounds: int) -> dict[str, list[float]]:
    """The bare page alone and as a page of this app, in a pass of their own: in one process with
    the pages above, the second app's set-up slows them all."""
    with tempfile.TemporaryDirectory() as folder:
        apps = {"bare one-slider page": bare_app(), "bare page in the app": bare_page_in_app(Path(folder))}
        return interleaved_times(apps, rounds)


def interleaved_times(apps: dict[str, tuple[AppTest, Slider]], rounds: int) -> dict[str, list[float]]:
    """Seconds per slider move and rerun of each app, the apps taking turns."""
    times: dict[str, list[float]] = {name: [] for name in apps}
    for round_index in range(rounds):
        value = SLIDER_VALUES[round_index % len(SLIDER_VALUES)]
        for name, (app, slider) in apps.items():
            widget = slider()
            started = time.perf_counter()
            widget.set_value(value).run()
            times[name].append(time.perf_counter() - started)
            if app.exception:
                raise SystemExit(f"{name} failed: {app.exception[0].value}")
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description="What-if rerun time against a bare one-slider page.")
    parser.add_argument("--rounds", type=int, default=300)
    rounds = parser.parse_args().rounds
    medians = {name: statistics.median(values) for name, values in measure(rounds).items()}
    bare = medians["bare one-slider page"]
    print(f"{'page':<22} {'median':>9} {'ratio':>7}   ({rounds} slider moves each, interleaved)")
    for name, median in medians.items():
        print(f"{name:<22} {median * 1000:6.2f} ms {median / bare:7.2f}")
    ratio = medians["what-if page"] / bare
    verdict = "met" if ratio <= GOAL_RATIO else "not met"
    print(f"goal: what-if page <= {GOAL_RATIO} x bare: {verdict} ({ratio:.2f})")
    floor = medians["widget floor"] / bare
    print(f"the same widgets with no logic at all take {floor:.2f} x bare")
    multipage = {name: statistics.median(values) for name, values in measure_multipage_cost(rounds).items()}
    in_app = multipage["bare page in the app"] / multipage["bare one-slider page"]
    print(f"the bare page itself, as a page of this multipage app, takes {in_app:.2f} x bare (own pass)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
