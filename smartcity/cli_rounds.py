"""The command line of assessment rounds: ``round create|export|close|publish`` and ``rounds``.

They use the app's store (``SMARTCITY_DB`` or ``SMARTCITY_DB_URL``). Every organiser action needs
the key that ``round create`` prints once; a wrong key exits with status 2 and one line.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

from smartcity.errors import SmartCityError
from smartcity.files.round_export import responses_csv, responses_xlsx
from smartcity.files.xlsform import xlsform_bytes
from smartcity.model import Dataset
from smartcity.store.rounds import (
    Round,
    RoundGroup,
    RoundStore,
    default_groups,
    group_links,
    open_rounds,
    paper_round,
    respondent_link,
)

Command = Callable[[argparse.Namespace, Dataset], str]
Exporter = Callable[[RoundStore, Dataset, str, str], bytes]
"""(store, dataset, round id, organiser key) -> the file's bytes."""
EXPORTERS: dict[str, Exporter] = {
    "csv": lambda store, dataset, round_id, key: responses_csv(store.responses(dataset, round_id, key)),
    "xlsx": lambda store, dataset, round_id, key: responses_xlsx(
        store.responses(dataset, round_id, key), store.comments(round_id, key)
    ),
    "xlsform": lambda store, dataset, round_id, key: xlsform_bytes(dataset, store.check_key(round_id, key)),
}
"""``round export --format`` choices: the responses (long survey format), or the questionnaire as an
XLSForm for KoboToolbox / ODK Collect."""
TEXT_FORMATS = ("csv",)
"""Formats that may go to standard output; the others need --output."""


def add_parsers(commands: argparse._SubParsersAction) -> None:
    """Add ``round`` (with create, export, close, publish) and ``rounds`` to the CLI's commands."""
    round_parser = commands.add_parser(
        "round", help="create an assessment round, export, close or publish it"
    )
    actions = round_parser.add_subparsers(
        dest="round_action",
        required=True,
        parser_class=type(round_parser),
        metavar="ACTION",
        help="what to do",
    )
    create = actions.add_parser(
        "create", help="create a round; prints its links and the organiser key (once)"
    )
    create.add_argument("--title", required=True, help="the round's title, as respondents see it")
    create.add_argument("--cities", required=True, help="comma-separated town ids, e.g. shu,ayagoz")
    create.add_argument("--instruments", help="comma-separated instrument ids (default: every instrument)")
    create.add_argument(
        "--groups",
        help="comma-separated GROUP or GROUP=TARGET (default: the paper's five groups, targets 9/5/4/23/12)",
    )
    create.add_argument("--opens", help="first day answers are taken, YYYY-MM-DD (default: today, UTC)")
    create.add_argument("--closes", help="last day answers are taken, YYYY-MM-DD (default: until closed)")
    create.add_argument(
        "--languages", default="kk,ru,en", help="comma-separated languages (default kk,ru,en)"
    )
    _add_format(create, ("text", "json"))
    export = actions.add_parser("export", help="the responses in the long survey format (organiser)")
    _add_round_and_key(export)
    export.add_argument("--format", choices=tuple(EXPORTERS), default="csv", help="file format (default csv)")
    export.add_argument(
        "--output", type=Path, help="write to this file (needed for xlsx; csv default: stdout)"
    )
    close = actions.add_parser("close", help="close a round: no more answers, it stays readable (organiser)")
    _add_round_and_key(close)
    publish = actions.add_parser("publish", help="let anyone see a round's results (organiser)")
    _add_round_and_key(publish)
    publish.add_argument("--withdraw", action="store_true", help="hide the results again")
    listing = commands.add_parser("rounds", help="list the assessment rounds, the paper's survey first")
    _add_format(listing, ("table", "json"))


def _add_format(parser: argparse.ArgumentParser, formats: tuple[str, ...]) -> None:
    parser.add_argument(
        "--format", choices=formats, default=formats[0], help=f"output format (default {formats[0]})"
    )


def _add_round_and_key(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id", help="the round's id, as `round create` printed it")
    parser.add_argument("--key", required=True, help="the organiser key `round create` printed")


def run_round(args: argparse.Namespace, dataset: Dataset) -> str:
    """Run one ``round`` action against the configured store."""
    store = open_rounds()
    try:
        return ACTIONS[args.round_action](args, dataset, store)
    finally:
        store.close()


def run_rounds(args: argparse.Namespace, dataset: Dataset) -> str:
    """List every round: the paper's survey, then the stored rounds, oldest first."""
    store = open_rounds()
    try:
        listed = [paper_round(dataset), *store.list()]
    finally:
        store.close()
    if args.format == "json":
        return json.dumps([_summary(round_) for round_ in listed], ensure_ascii=False, indent=2)
    lines = ["\t".join(("id", "title", "cities", "opens", "closes", "closed", "published"))]
    for round_ in listed:
        closed = round_.closed_at.date().isoformat() if round_.closed_at else ""
        closes = round_.closes.isoformat() if round_.closes else ""
        published = "yes" if round_.published else "no"
        cells = (round_.id, round_.title, ",".join(round_.city_ids), round_.opens.isoformat(), closes)
        lines.append("\t".join((*cells, closed, published)))
    return "\n".join(lines)


def _create(args: argparse.Namespace, dataset: Dataset, store: RoundStore) -> str:
    groups = _groups(args.groups, dataset) if args.groups else None
    round_, key = store.create_round(
        dataset,
        args.title,
        _ids(args.cities),
        _ids(args.instruments) if args.instruments else None,
        groups,
        opens=_date(args.opens) if args.opens else None,
        closes=_date(args.closes) if args.closes else None,
        languages=_ids(args.languages),
    )
    created = {
        "id": round_.id,
        "title": round_.title,
        "respondent_link": respondent_link(round_),
        "group_links": group_links(round_),
        "organiser_key": key,
    }
    if args.format == "json":
        return json.dumps(created, ensure_ascii=False, indent=2)
    lines = [f"round: {round_.id} ({round_.title})", f"respondent link: {created['respondent_link']}"]
    lines += [f"link for {group}: {link}" for group, link in group_links(round_).items()]
    lines.append(f"organiser key (shown only now; keep it): {key}")
    return "\n".join(lines)


def _export(args: argparse.Namespace, dataset: Dataset, store: RoundStore) -> str:
    content = EXPORTERS[args.format](store, dataset, args.id, args.key)
    if args.output is None:
        if args.format not in TEXT_FORMATS:
            raise SmartCityError("bad_arguments", problem=f"--format {args.format} needs --output FILE")
        return content.decode("utf-8-sig").rstrip("\n")
    try:
        args.output.write_bytes(content)
    except OSError as error:
        raise SmartCityError(
            "file_unreadable", file=str(args.output), problem=error.strerror or str(error)
        ) from None
    return ""


def _close(args: argparse.Namespace, _dataset: Dataset, store: RoundStore) -> str:
    round_ = store.close_round(args.id, args.key)
    closed = round_.closed_at.isoformat(timespec="seconds") if round_.closed_at else ""
    return f"closed: {round_.id} ({round_.title}) at {closed}"


def _publish(args: argparse.Namespace, _dataset: Dataset, store: RoundStore) -> str:
    round_ = store.publish(args.id, args.key, published=not args.withdraw)
    return f"{'published' if round_.published else 'withdrawn'}: {round_.id} ({round_.title})"


ACTIONS: dict[str, Callable[[argparse.Namespace, Dataset, RoundStore], str]] = {
    "create": _create,
    "export": _export,
    "close": _close,
    "publish": _publish,
}
"""The actions of ``round``: each runs against an open store."""
COMMANDS: dict[str, Command] = {"round": run_round, "rounds": run_rounds}


def _summary(round_: Round) -> dict[str, object]:
    return {
        "id": round_.id,
        "title": round_.title,
        "cities": list(round_.city_ids),
        "instruments": list(round_.instrument_ids),
        "groups": {group.id: group.target for group in round_.groups},
        "opens": round_.opens.isoformat(),
        "closes": round_.closes.isoformat() if round_.closes else None,
        "closed_at": round_.closed_at.isoformat(timespec="seconds") if round_.closed_at else None,
        "published": round_.published,
    }


def _ids(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def _groups(text: str, dataset: Dataset) -> list[RoundGroup]:
    """GROUP or GROUP=TARGET items; a bare GROUP keeps the paper's sample size as its target."""
    paper_targets = {group.id: group.target for group in default_groups(dataset)}
    groups = []
    for item in _ids(text):
        group_id, has_target, target = item.partition("=")
        group_id = group_id.strip()
        if not has_target:
            groups.append(RoundGroup(group_id, paper_targets.get(group_id, 0)))
        elif target.strip().isdigit():
            groups.append(RoundGroup(group_id, int(target)))
        else:
            raise SmartCityError("round_bad_group_spec", value=item[:40])
    return groups


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise SmartCityError("round_bad_date", value=text[:40]) from None
