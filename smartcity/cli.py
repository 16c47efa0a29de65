"""The command line: ``python -m smartcity score ...``; parses arguments, calls the API, prints
or writes the file the app downloads."""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pandas as pd

from smartcity import cli_rounds
from smartcity import scenario as scenarios
from smartcity.analysis import uncertainty
from smartcity.data import load_dataset
from smartcity.errors import SmartCityError
from smartcity.files import export, share
from smartcity.files.survey import (
    DEFAULT_MIN_ANSWERS,
    SurveyFile,
    aggregate,
    aggregate_rows,
    read_survey_path,
    to_layer,
)
from smartcity.i18n.catalog import DEFAULT_LANGUAGE, LANGUAGES, round_half_up, translate
from smartcity.model import Dataset
from smartcity.scenario import (
    METHODS,
    Scenario,
    parse_number,
    parse_score_key,
    parse_weight_key,
    validate,
)
from smartcity.scoring import COMPOSITE, Result, instruments_of, score
from smartcity.store.scenarios import open_store

Command = Callable[[argparse.Namespace, Dataset], str]
COMMANDS: dict[str, Command] = {}
LINK_STARTS = ("http://", "https://", "?")
"""How a share link starts, as --scenario tells it from a file name."""


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser that raises instead of exiting, so every error prints one line."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise SmartCityError("bad_arguments", problem=message)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every command."""
    parser = _Parser(prog="python -m smartcity", description="Smart city readiness of small towns.")
    commands = parser.add_subparsers(
        dest="command", required=True, parser_class=_Parser, help="what to do", metavar="COMMAND"
    )
    score_parser = commands.add_parser("score", help="score the cities under a scenario")
    add_scenario_arguments(score_parser)
    score_parser.add_argument(
        "--instrument", default="all", help="instrument id, 'composite' or 'all' (default)"
    )
    add_format_argument(score_parser, ("table", "csv", "json"))
    add_aggregate_parser(commands)
    add_uncertainty_parser(commands)
    add_brief_parser(commands)
    add_export_parser(commands)
    cli_rounds.add_parsers(commands)
    return parser


def add_format_argument(parser: argparse.ArgumentParser, formats: tuple[str, ...]) -> None:
    """Add --format with its choices; the first is the default."""
    parser.add_argument(
        "--format", choices=formats, default=formats[0], help=f"output format (default {formats[0]})"
    )


def add_scenario_option(parser: argparse.ArgumentParser) -> None:
    """Add --scenario: a scenario JSON file or a share link."""
    parser.add_argument(
        "--scenario",
        metavar="FILE_OR_LINK",
        help="start from a scenario JSON file as the app downloads it, or a share link "
        "(http(s)://... or ?o=...); other options apply on top, and survey files match its added towns",
    )


def add_scenario_arguments(parser: argparse.ArgumentParser) -> None:
    """Add --scenario, then --set, --weight, --instrument-weight, --method and survey responses on top."""
    add_scenario_option(parser)
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="CITY.INSTRUMENT.INDICATOR=VALUE",
        help="override one indicator score, 1-5 (repeatable)",
    )
    parser.add_argument(
        "--weight",
        action="append",
        default=[],
        metavar="INSTRUMENT.INDICATOR=W",
        help="weight of one indicator, at least 0 (repeatable; default 1)",
    )
    parser.add_argument(
        "--instrument-weight",
        action="append",
        default=[],
        metavar="INSTRUMENT=W",
        help="weight of an instrument in the composite, at least 0 (repeatable; default 1)",
    )
    parser.add_argument(
        "--method", choices=METHODS, help="scoring method (default: the scenario's, else paper)"
    )
    parser.add_argument("--responses", type=Path, metavar="FILE", help="survey responses (CSV/XLSX)")
    parser.add_argument("--sheet", help="the XLSX sheet of --responses (default: the first)")
    parser.add_argument("--round", action="store_true", help="round survey means to whole scores")


def scenario_from_arguments(
    dataset: Dataset, args: argparse.Namespace
) -> tuple[Scenario, pd.DataFrame | None]:
    """Build and validate the scenario that --scenario, then --method, --responses, --set, --weight and
    --instrument-weight describe; also return the responses of --responses (None without it)."""
    scenario = base_scenario(dataset, args)
    if args.method is not None:
        scenario = scenarios.replace_method(scenario, args.method)
    responses = None
    if args.responses is not None:
        responses = read_responses(args.responses, args.sheet, dataset, scenario).responses
        layer = to_layer(aggregate(responses), "responses", args.responses.name, round_scores=args.round)
        scenario = scenario.with_layer(layer)
    for text in args.set:
        key, value = _assignment(text)
        scenario = scenario.with_override(parse_score_key(key), parse_number(value, key))
    for text in args.weight:
        key, value = _assignment(text)
        scenario = scenario.with_indicator_weight(*parse_weight_key(key), parse_number(value, key))
    for text in args.instrument_weight:
        key, value = _assignment(text)
        scenario = scenario.with_instrument_weight(key.strip(), parse_number(value, key))
    return validate(dataset, scenario), responses


def base_scenario(dataset: Dataset, args: argparse.Namespace) -> Scenario:
    """The scenario of --scenario, or the paper's without it."""
    return Scenario() if args.scenario is None else scenario_argument(dataset, args.scenario)


def scenario_argument(dataset: Dataset, text: str) -> Scenario:
    """The scenario of ``--scenario``: a share link (its warnings go to stderr) or a scenario JSON file.

    Raises SmartCityError for a missing or unreadable file, bad JSON or a link that cannot be read.
    """
    if text.startswith(LINK_STARTS):
        params = link_parameters(text)
        short = share.SHORT_LINK_PARAM in params
        # Only a short link needs the store (SMARTCITY_DB / SMARTCITY_DB_URL); a readable one opens none.
        scenario, warnings = share.scenario_from_link(dataset, params, open_store() if short else None)
        if short and warnings:
            raise warnings[0]  # a short link that cannot be read would silently score the paper
        for warning in warnings:
            print(f"warning: {warning}", file=sys.stderr)
        return scenario
    try:
        content = Path(text).read_bytes()
    except OSError as error:
        raise SmartCityError("file_unreadable", file=text, problem=error.strerror or str(error)) from None
    return scenarios.from_json(dataset, content)


def link_parameters(link: str) -> dict[str, str]:
    """The query parameters of a share link (a URL or a bare ``?...``), the first value of each."""
    try:
        query = urlsplit(link).query
        parsed = parse_qs(query, keep_blank_values=True, strict_parsing=bool(query))
    except ValueError as error:
        raise SmartCityError("cli_bad_link", link=link[:80], problem=str(error)) from None
    return {name: values[0] for name, values in parsed.items()}


def read_responses(path: Path, sheet: str | None, dataset: Dataset, scenario: Scenario) -> SurveyFile:
    """Read a survey file, matching the scenario's towns; raise one SmartCityError listing every problem."""
    survey_file = read_survey_path(path, dataset, cities=scenario.cities(dataset), sheet=sheet)
    if not survey_file.ok:
        raise survey_file.error()
    return survey_file


def _assignment(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key.strip() or not value.strip():
        raise SmartCityError("bad_assignment", value=text)
    return key, value


def selected_instruments(dataset: Dataset, instrument: str) -> list[str]:
    """Instrument ids that ``--instrument`` selects."""
    if instrument == "all":
        return [*dataset.instrument_ids, COMPOSITE]
    instruments_of(dataset, instrument)  # raises for an unknown id
    return [instrument]


def run_score(args: argparse.Namespace, dataset: Dataset) -> str:
    """The ``score`` command."""
    scenario, _ = scenario_from_arguments(dataset, args)
    table = score(dataset, scenario)
    rows = [
        result_row(result)
        for instrument_id in selected_instruments(dataset, args.instrument)
        for result in table.ranking(instrument_id)
    ]
    return format_rows(rows, args.format)


COMMANDS["score"] = run_score


def add_aggregate_parser(commands: argparse._SubParsersAction) -> None:
    """The ``aggregate`` command's arguments."""
    parser = commands.add_parser("aggregate", help="n, mean, sd and 95%% CI of survey responses")
    parser.add_argument("file", type=Path, help="survey responses, CSV or XLSX, long or wide form")
    add_scenario_option(parser)
    parser.add_argument("--by-group", action="store_true", help="one row per stakeholder group")
    add_format_argument(parser, ("csv", "json"))
    parser.add_argument("--sheet", help="the XLSX sheet to read (default: the first)")
    parser.add_argument(
        "--min-answers",
        type=int,
        default=DEFAULT_MIN_ANSWERS,
        metavar="K",
        help="flag indicators with fewer answers (default 5)",
    )


def run_aggregate(args: argparse.Namespace, dataset: Dataset) -> str:
    """The ``aggregate`` command: statistics of each city, instrument and indicator."""
    if args.min_answers < 1:
        raise SmartCityError("bad_arguments", problem="--min-answers must be at least 1")
    responses = read_responses(args.file, args.sheet, dataset, base_scenario(dataset, args)).responses
    return format_rows(aggregate_rows(aggregate(responses, args.min_answers), args.by_group), args.format)


COMMANDS["aggregate"] = run_aggregate


def add_uncertainty_parser(commands: argparse._SubParsersAction) -> None:
    """The ``uncertainty`` command's arguments."""
    parser = commands.add_parser("uncertainty", help="Monte Carlo intervals and rank probabilities")
    add_scenario_arguments(parser)
    parser.add_argument(
        "--instrument", default="scri", help="instrument id, 'composite' or 'all' (default scri)"
    )
    parser.add_argument(
        "--draws",
        type=int,
        default=uncertainty.DEFAULT_DRAWS,
        metavar="N",
        help=f"Monte Carlo draws (default {uncertainty.DEFAULT_DRAWS})",
    )
    parser.add_argument(
        "--seed",
        type=int,
        default=uncertainty.DEFAULT_SEED,
        metavar="S",
        help=f"random seed; the same seed gives the same figures (default {uncertainty.DEFAULT_SEED})",
    )
    parser.add_argument(
        "--score-noise",
        type=float,
        default=uncertainty.DEFAULT_SCORE_NOISE,
        metavar="D",
        help="± points on the 1-5 scale, clipped (default 0.5: the paper's rounding)",
    )
    parser.add_argument(
        "--weight-noise",
        type=float,
        default=uncertainty.DEFAULT_WEIGHT_NOISE,
        metavar="F",
        help="± share of each weight (default 0.25)",
    )
    parser.add_argument(
        "--weight-noise-kind",
        choices=uncertainty.WEIGHT_NOISE_KINDS,
        default="uniform",
        help="uniform: w·(1 + U(−F, F)); dirichlet: shares around the weights (default uniform)",
    )
    parser.add_argument("--vary-method", action="store_true", help="draw the method among all three")
    add_format_argument(parser, ("csv", "json", "table"))


def run_uncertainty(args: argparse.Namespace, dataset: Dataset) -> str:
    """The ``uncertainty`` command: per city the median, 5-95% interval and P(rank = r)."""
    scenario, frame = scenario_from_arguments(dataset, args)
    settings = uncertainty.UncertaintySettings(
        draws=args.draws,
        seed=args.seed,
        score_noise=args.score_noise,
        weight_noise=args.weight_noise,
        weight_noise_kind=args.weight_noise_kind,
        methods=METHODS if args.vary_method else (),
    )
    responses = None if frame is None else uncertainty.responses_from_survey(dataset, frame)
    rows = [
        row
        for instrument_id in selected_instruments(dataset, args.instrument)
        for row in uncertainty.summary_rows(
            uncertainty.uncertainty_summary(dataset, scenario, instrument_id, settings, responses)
        )
    ]
    if args.format != "json":
        rows = [{k: v for k, v in row.items() if k != "p_above"} for row in rows]
    return format_rows(rows, args.format)


COMMANDS["uncertainty"] = run_uncertainty
COMMANDS.update(cli_rounds.COMMANDS)


def add_file_arguments(parser: argparse.ArgumentParser) -> None:
    """Add --lang and --out, for a command that writes a file in a language."""
    parser.add_argument(
        "--lang", choices=LANGUAGES, default=DEFAULT_LANGUAGE, help=f"language (default {DEFAULT_LANGUAGE})"
    )
    parser.add_argument("--out", type=Path, required=True, metavar="FILE", help="the file to write")


def write_file(path: Path, content: bytes) -> str:
    """Write the bytes to ``path``; nothing to print. Raises SmartCityError when it cannot be written."""
    try:
        path.write_bytes(content)
    except OSError as error:
        raise SmartCityError(
            "file_unwritable", file=str(path), problem=error.strerror or str(error)
        ) from None
    return ""


def add_brief_parser(commands: argparse._SubParsersAction) -> None:
    """The ``brief`` command's arguments."""
    parser = commands.add_parser("brief", help="write the PDF brief of a scenario, as the app downloads it")
    add_scenario_arguments(parser)
    add_file_arguments(parser)
    parser.add_argument(
        "--name", help="the scenario's name on the brief (default: the app's name for an unsaved scenario)"
    )


def run_brief(args: argparse.Namespace, dataset: Dataset) -> str:
    """The ``brief`` command: the PDF brief in --lang, with a radar per instrument."""
    from smartcity.analysis import over_time
    from smartcity.files import brief  # here: matplotlib and fpdf take a second to load, at every start

    scenario, _ = scenario_from_arguments(dataset, args)
    name = translate("brief.unsaved_name", args.lang) if args.name is None else args.name
    history = over_time.stored_history(dataset, args.lang) if over_time.layer_round(scenario) else []
    return write_file(args.out, brief.pdf_brief(dataset, scenario, args.lang, name, history=history))


COMMANDS["brief"] = run_brief


def add_export_parser(commands: argparse._SubParsersAction) -> None:
    """The ``export`` command's arguments."""
    parser = commands.add_parser("export", help="write the scores as XLSX or CSV, as the app downloads them")
    add_scenario_arguments(parser)
    add_format_argument(parser, ("xlsx", "csv"))
    parser.add_argument(
        "--csv-flavour",
        choices=tuple(export.CSV_FLAVOURS),
        help="with --format csv: standard (comma, decimal point; the default) or excel "
        "(semicolon, decimal comma, as Excel reads CSV in Russian and Kazakh locales)",
    )
    add_file_arguments(parser)


def run_export(args: argparse.Namespace, dataset: Dataset) -> str:
    """The ``export`` command: the scores (and, in XLSX, the indicator values) in --lang."""
    if args.csv_flavour is not None and args.format != "csv":
        raise SmartCityError("bad_arguments", problem="--csv-flavour needs --format csv")
    scenario, _ = scenario_from_arguments(dataset, args)
    if args.format == "csv":
        content = export.scores_csv(dataset, scenario, args.lang, args.csv_flavour or "standard")
    else:
        content = export.scores_xlsx(dataset, scenario, args.lang)
    return write_file(args.out, content)


COMMANDS["export"] = run_export


def result_row(result: Result) -> dict[str, object]:
    """A result as a flat row: percent to 2 decimals, as the CSV and JSON print it."""
    return {
        "city": result.city_id,
        "instrument": result.instrument_id,
        "total": _points(result.total),
        "max": _points(result.maximum),
        "percent": round_half_up(result.percent, 2),
        "rank": result.rank,
        "band": result.band,
        "delta_percent": None if result.delta_percent is None else round_half_up(result.delta_percent, 2),
        "rank_change": result.rank_change,
    }


def _points(value: float | None) -> float | int | None:
    if value is None:
        return None
    rounded = round_half_up(value, 2)
    return int(rounded) if rounded == int(rounded) else rounded


def format_rows(rows: Sequence[dict[str, object]], output_format: str) -> str:
    """Rows as an aligned text table, CSV or JSON."""
    if output_format == "json":
        return json.dumps(rows, ensure_ascii=False, indent=2)
    if not rows:
        return ""
    columns = list(rows[0])
    if output_format == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return buffer.getvalue().rstrip("\n")
    cells = [[_cell(row[c]) for c in columns] for row in rows]
    widths = [max(len(c), *(len(r[i]) for r in cells)) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True))]
    lines += ["  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)) for r in cells]
    return "\n".join(line.rstrip() for line in lines)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; return the exit status (2 for bad input, with one line on stderr)."""
    try:
        args = build_parser().parse_args(argv)
        output = COMMANDS[args.command](args, load_dataset())
    except SmartCityError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if output:
        try:
            print(output)
        except BrokenPipeError:  # e.g. `| head`: the reader has what it wanted
            sys.stderr.close()
    return 0
