"""Every performance figure of the project against its goal, in one table.

    python bench/run.py [--quick] [--no-browser]

Each figure is a median of several runs; the what-if ratio compares pages measured in the same
run, interleaved. The browser figures start their own `streamlit run` (tiles off) and Debian's
Chromium; the server's peak resident memory (VmHWM) during those runs is reported too. The
figures come from the single-purpose scripts beside this one, which print more detail:
whatif_rerun.py, browser_bench.py, map_bench.py, questionnaire_bench.py, uncertainty_bench.py,
aggregate_bench.py and nationwide_bench.py (rounds_bench.py and upload_memory_bench.py run on their own).
--quick takes fewer rounds (about 1 minute instead of 2-3); --no-browser skips Chromium.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import aggregate_bench
import browser_bench
import nationwide_bench
import questionnaire_bench
import uncertainty_bench
import whatif_rerun
from common import Figure, median, print_table, seconds_per_call
from streamlit.runtime.scriptrunner.script_cache import ScriptCache
from streamlit.testing.v1 import app_test, local_script_runner

from smartcity.analysis.uncertainty import UncertaintySettings, uncertainty_summary
from smartcity.data import load_dataset
from smartcity.files import share, survey
from smartcity.scenario import METHODS, Scenario, from_json, from_query, to_json, to_query
from smartcity.scoring import COMPOSITE, score
from smartcity.store.scenarios import open_store

GOALS = {
    "live_ratio": 2.0,
    "numbers_s": 0.15,
    "recolour_s": 0.2,
    "cold_start_s": 3.0,
    "payload_bytes": 250_000,
    "monte_carlo_3_s": 0.5,
    "monte_carlo_351_s": 5.0,
    "aggregate_s": 1.0,
}
RESPONSES = 100_000


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


@contextmanager
def scripts_compiled_once() -> Iterator[None]:
    """Make AppTest keep compiled scripts between runs, as the server does.

    AppTest builds a new script cache for every run, so each rerun recompiles (and rewrites for
    "magic") the entry script app.py and the page; the server compiles each script once.
    """
    shared = ScriptCache()
    saved = app_test.ScriptCache, local_script_runner.ScriptCache
    app_test.ScriptCache = local_script_runner.ScriptCache = lambda: shared
    try:
        yield
    finally:
        app_test.ScriptCache, local_script_runner.ScriptCache = saved


def whatif_figures(rounds: int) -> list[Figure]:
    """The what-if page's AppTest rerun against a bare one-slider page (bench/whatif_rerun.py)."""
    plain = {name: median(times) for name, times in whatif_rerun.measure(rounds).items()}
    with scripts_compiled_once():
        compiled = {name: median(times) for name, times in whatif_rerun.measure(rounds).items()}
    figures = []
    for label, medians in (("", plain), ("  scripts compiled once, as the server does", compiled)):
        bare = medians["bare one-slider page"]
        ratio = medians["what-if page"] / bare
        figures.append(
            Figure(
                label or "what-if rerun / bare one-slider page (AppTest; a diagnostic)",
                "-",
                f"{ratio:.2f}x ({medians['what-if page'] * 1000:.1f} / {bare * 1000:.1f} ms, {rounds} moves)",
                None,
            )
        )
    multipage = {name: median(times) for name, times in whatif_rerun.measure_multipage_cost(rounds).items()}
    for label, name, medians in (
        ("  its widgets alone, no logic, no sidebar", "widget floor", plain),
        ("  the bare page as a page of this app (own pass)", "bare page in the app", multipage),
    ):
        ratio = medians[name] / medians["bare one-slider page"]
        figures.append(Figure(label, "-", f"{ratio:.2f}x ({medians[name] * 1000:.1f} ms)", None))
    return figures


def browser_figures(rounds: int) -> list[Figure]:
    """Slider and map figures in Chromium, and the server's peak memory (bench/browser_bench.py)."""
    measured = browser_bench.measure(rounds)
    slider, maps = measured.slider, measured.map
    numbers = median(slider.total)
    recolour = median(maps.recolour)
    warm_start = median(maps.later_visits)
    return [
        Figure(
            "slider -> numbers updated (what-if, browser)",
            f"< {ms(GOALS['numbers_s'])}",
            f"{ms(numbers)} (max {ms(max(slider.total))}, {len(slider.total)} moves)",
            numbers < GOALS["numbers_s"],
        ),
        Figure(
            "  of which: server rerun, sent -> finished (context)",
            "-",
            ms(median(slider.rerun)),
            None,
        ),
        Figure(
            "  what-if / bare one-slider page, live server",
            f"<= {GOALS['live_ratio']:.1f}x",
            f"{numbers / median(measured.bare_slider.total):.2f}x ({ms(numbers)} / "
            f"{ms(median(measured.bare_slider.total))}), rerun "
            f"{median(slider.rerun) / median(measured.bare_slider.rerun):.2f}x",
            numbers / median(measured.bare_slider.total) <= GOALS["live_ratio"],
        ),
        Figure(
            "  its widgets without its logic / bare page (context)",
            "-",
            f"{median(measured.floor_slider.total) / median(measured.bare_slider.total):.2f}x "
            f"({ms(median(measured.floor_slider.total))}); what-if / that floor "
            f"{numbers / median(measured.floor_slider.total):.2f}x",
            None,
        ),
        Figure(
            "colour-by switch -> map recoloured (browser)",
            f"< {ms(GOALS['recolour_s'])}",
            f"{ms(recolour)} (max {ms(max(maps.recolour))})",
            recolour < GOALS["recolour_s"],
        ),
        Figure(
            "  map iframe kept, zoom and pan kept",
            "yes",
            f"{'yes' if maps.iframe_kept else 'NO'}, {'yes' if maps.zoom_kept else 'NO'}",
            maps.iframe_kept and maps.zoom_kept,
        ),
        Figure(
            "slider change -> map recoloured (browser)",
            f"< {ms(GOALS['recolour_s'])}",
            f"{ms(median(maps.slider_recolour))} (max {ms(max(maps.slider_recolour))}), "
            f"iframe {'kept' if maps.slider_iframe_kept else 'REBUILT'}",
            median(maps.slider_recolour) < GOALS["recolour_s"] and maps.slider_iframe_kept,
        ),
        Figure(
            "cold start -> map visible, fresh browser",
            f"< {GOALS['cold_start_s']:.0f} s",
            f"{warm_start:.2f} s (max {max(maps.later_visits):.2f} s)",
            warm_start < GOALS["cold_start_s"],
        ),
        Figure(
            "  first visit after the server started",
            f"< {GOALS['cold_start_s']:.0f} s",
            f"{maps.first_visit:.2f} s (1 run)",
            maps.first_visit < GOALS["cold_start_s"],
        ),
        Figure(
            "map HTML payload",
            f"< {GOALS['payload_bytes'] / 1000:.0f} KB",
            f"{measured.payload_bytes / 1000:.1f} KB",
            measured.payload_bytes < GOALS["payload_bytes"],
        ),
        Figure(
            "server peak RSS during the browser runs",
            "-",
            f"{measured.server_peak_rss_bytes / 2**20:.0f} MiB",
            None,
        ),
    ]


def questionnaire_figures(rounds: int) -> list[Figure]:
    """The questionnaire's first paint at a phone's viewport in Chromium (bench/questionnaire_bench.py)."""
    measured = questionnaire_bench.measure(rounds)
    warm, first = measured.medians(), measured.first
    return [
        Figure(
            "questionnaire: group link -> first question visible, phone",
            f"< {GOALS['cold_start_s']:.0f} s",
            f"{warm.first_question:.2f} s (first visit {first.first_question:.2f} s)",
            warm.first_question < GOALS["cold_start_s"],
        ),
        Figure(
            "  first-contentful-paint",
            "-",
            f"{ms(warm.first_contentful_paint)} (first visit {ms(first.first_contentful_paint)})",
            None,
        ),
        Figure("  Start ready (pressed at once)", "-", ms(warm.start_ready), None),
    ]


def nationwide_figures(runs: int) -> list[Figure]:
    """The nationwide scenario (every bundled town added and scored), timed in this process."""
    dataset = load_dataset()
    scenario = nationwide_bench.nationwide(dataset)
    text = to_json(scenario)
    towns = len(scenario.cities(dataset))
    parse = median(seconds_per_call(lambda: from_json(dataset, text), runs))
    refuse = median(seconds_per_call(lambda: from_query(dataset, to_query(dataset, scenario)), runs))
    with tempfile.TemporaryDirectory(prefix="run-bench-") as folder:
        links = open_store({"SMARTCITY_DB": str(Path(folder) / "links.db")})
        params = share.link_params(dataset, scenario, links)
        short = median(seconds_per_call(lambda: share.scenario_from_link(dataset, params, links), runs))
        links.close()
    score(dataset, scenario)
    cached = median(seconds_per_call(lambda: score(dataset, scenario), 100))
    drawn = median(seconds_per_call(lambda: nationwide_bench.map_layer(dataset, scenario), max(3, runs // 2)))
    return [
        Figure(f"nationwide scenario file ({towns} towns), parsed", "< 1 s", f"{parse:.3f} s", parse < 1),
        Figure("  its short link (?s=) read from the store", "< 1 s", f"{short:.3f} s", short < 1),
        Figure("  its readable link (too long) refused", "< 1 s", f"{refuse:.3f} s", refuse < 1),
        Figure("  cached score()", "< 1 ms", f"{cached * 1000:.4f} ms", cached < 0.001),
        Figure("  map page: markers, labelled map HTML, legend", "-", ms(drawn), None),
    ]


def core_figures(runs: int) -> list[Figure]:
    """Monte Carlo and survey aggregation, timed in this process."""
    dataset = load_dataset()
    settings = UncertaintySettings(draws=uncertainty_bench.DRAWS, seed=1)
    paper = Scenario()
    uncertainty_summary(dataset, paper, COMPOSITE, settings)  # warm-up
    three = median(seconds_per_call(lambda: uncertainty_summary(dataset, paper, COMPOSITE, settings), runs))
    every_source = UncertaintySettings(
        draws=uncertainty_bench.DRAWS, seed=1, weight_noise_kind="dirichlet", methods=METHODS
    )
    heaviest = median(
        seconds_per_call(lambda: uncertainty_summary(dataset, paper, COMPOSITE, every_source), runs)
    )
    towns = uncertainty_bench.towns_scenario(uncertainty_bench.TOWNS)
    uncertainty_summary(dataset, towns, COMPOSITE, UncertaintySettings(draws=10))  # warm-up
    many = median(
        seconds_per_call(lambda: uncertainty_summary(dataset, towns, COMPOSITE, settings), max(3, runs // 2))
    )
    content = aggregate_bench.synthetic_csv(dataset, RESPONSES)
    reading = median(seconds_per_call(lambda: survey.read_survey(content, "bench.csv", dataset), 3))
    responses = survey.read_survey(content, "bench.csv", dataset).responses
    survey.aggregate(responses)  # warm-up
    aggregating = median(seconds_per_call(lambda: survey.aggregate(responses), runs))
    draws = f"{uncertainty_bench.DRAWS:,}"
    return [
        Figure(
            f"Monte Carlo: {draws} draws x 3 cities x 23 indicators",
            f"< {GOALS['monte_carlo_3_s']} s",
            f"{three:.3f} s",
            three < GOALS["monte_carlo_3_s"],
        ),
        Figure(
            "  with Dirichlet weights and all three methods",
            f"< {GOALS['monte_carlo_3_s']} s",
            f"{heaviest:.3f} s",
            heaviest < GOALS["monte_carlo_3_s"],
        ),
        Figure(
            f"Monte Carlo: {draws} draws x {uncertainty_bench.TOWNS} towns x 23 indicators",
            f"< {GOALS['monte_carlo_351_s']:.0f} s",
            f"{many:.2f} s",
            many < GOALS["monte_carlo_351_s"],
        ),
        Figure(
            f"aggregate {RESPONSES:,} survey responses (n, mean, sd, CI; by group)",
            f"< {GOALS['aggregate_s']:.0f} s",
            f"{aggregating:.3f} s",
            aggregating < GOALS["aggregate_s"],
        ),
        Figure(
            f"  reading and checking their {len(content) / 2**20:.1f} MB CSV first",
            "-",
            f"{reading:.2f} s",
            None,
        ),
    ]


def main() -> None:
    """Measure everything and print the table."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="fewer rounds: a rougher table, sooner")
    parser.add_argument("--no-browser", action="store_true", help="skip the figures measured in Chromium")
    args = parser.parse_args()
    figures = whatif_figures(rounds=100 if args.quick else 300)
    figures += core_figures(runs=3 if args.quick else 7)
    figures += nationwide_figures(runs=3 if args.quick else 7)
    if not args.no_browser:
        figures += browser_figures(rounds=3 if args.quick else 8)
        figures += questionnaire_figures(rounds=3 if args.quick else 7)
    load = os.getloadavg()[0]
    print(f"\nmedians; {os.cpu_count()} CPUs, load average {load:.1f} at the end (other work slows it all)\n")
    print_table(figures)


if __name__ == "__main__":
    main()
