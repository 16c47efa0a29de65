"""The rounds command line: ``round create|export|close|publish`` and ``rounds``, in-process via cli.main."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest
from pyxform.xls2xform import convert

from smartcity import cli
from smartcity.data import load_dataset
from smartcity.files.survey import read_survey
from smartcity.store.rounds import StoreError, open_rounds
from tests.support.cli import run_cli

DATASET = load_dataset()
DIGITAL = ("shu", "scri", "digital_infrastructure")


@pytest.fixture(autouse=True)
def store_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test uses its own SQLite store, as the app would through SMARTCITY_DB."""
    path = tmp_path / "scenarios.db"
    monkeypatch.delenv("SMARTCITY_DB_URL", raising=False)
    monkeypatch.setenv("SMARTCITY_DB", str(path))
    return path


def _create(*extra: str) -> dict[str, object]:
    run = run_cli(
        "round", "create", "--title", "Осень 2026", "--cities", "shu,ayagoz", "--format", "json", *extra
    )
    assert run.returncode == 0, run.stderr
    created: dict[str, object] = json.loads(run.stdout)
    return created


def _answer(round_id: str, scores: list[int]) -> None:
    """Submit one answer sheet per score, as the questionnaire page would, on the same store."""
    store = open_rounds()
    for value in scores:
        store.submit(DATASET, round_id, store.new_token(round_id), "researchers", {DIGITAL: value})
    store.close()


def test_create_prints_the_id_the_links_and_the_key_once():
    created = _create(
        "--instruments", "scri", "--groups", "civil_society=20,researchers", "--closes", "2099-12-31"
    )
    round_id = created["id"]
    assert created["respondent_link"] == f"answer?round={round_id}"
    assert created["group_links"] == {
        "civil_society": f"answer?round={round_id}&group=civil_society",
        "researchers": f"answer?round={round_id}&group=researchers",
    }
    assert isinstance(created["organiser_key"], str) and len(created["organiser_key"]) >= 43
    listed = json.loads(run_cli("rounds", "--format", "json").stdout)
    assert [r["id"] for r in listed] == ["paper-2025-05", round_id]
    assert listed[1]["groups"] == {
        "civil_society": 20,
        "researchers": 12,
    }  # a bare group keeps the paper's size
    assert listed[1]["instruments"] == ["scri"] and listed[1]["closes"] == "2099-12-31"
    assert created["organiser_key"] not in run_cli("rounds").stdout


def test_the_text_form_of_create_says_the_key_is_shown_once():
    run = run_cli("round", "create", "--title", "Spring", "--cities", "shalkar")
    assert run.returncode == 0 and "organiser key (shown only now" in run.stdout
    assert "link for civil_society: answer?round=" in run.stdout


def test_the_round_list_starts_with_the_papers_survey():
    run = run_cli("rounds")
    lines = run.stdout.splitlines()
    assert run.returncode == 0 and lines[0].startswith("id\ttitle")
    assert lines[1].split("\t")[0] == "paper-2025-05" and "2025-05-31" in lines[1]


def test_export_gives_the_long_survey_csv_that_the_importer_reads(tmp_path: Path):
    created = _create()
    _answer(str(created["id"]), [2, 3, 5])
    run = run_cli("round", "export", str(created["id"]), "--key", str(created["organiser_key"]))
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines()[0] == "respondent_id,stakeholder_group,city,instrument,indicator,score"
    read = read_survey(run.stdout.encode(), "round.csv", DATASET)
    assert read.ok and sorted(read.responses["score"].tolist()) == [2.0, 3.0, 5.0]
    target = tmp_path / "round.xlsx"
    key = str(created["organiser_key"])
    xlsx = run_cli(
        "round", "export", str(created["id"]), "--key", key, "--format", "xlsx", "--output", str(target)
    )
    assert xlsx.returncode == 0, xlsx.stderr
    assert sorted(read_survey(target.read_bytes(), "round.xlsx", DATASET).responses["score"]) == [
        2.0,
        3.0,
        5.0,
    ]


def test_an_xlsx_export_needs_an_output_file():
    created = _create()
    run = run_cli(
        "round", "export", str(created["id"]), "--key", str(created["organiser_key"]), "--format", "xlsx"
    )
    assert run.returncode == 2 and "--output" in run.stderr and run.stdout == ""


def test_close_freezes_the_round():
    created = _create()
    round_id, key = str(created["id"]), str(created["organiser_key"])
    run = run_cli("round", "close", round_id, "--key", key)
    assert run.returncode == 0 and run.stdout.startswith(f"closed: {round_id}")
    with pytest.raises(StoreError, match="closed"):
        _answer(round_id, [4])
    assert json.loads(run_cli("rounds", "--format", "json").stdout)[1]["closed_at"]


@pytest.mark.parametrize(
    "action", [("close",), ("export",), ("export", "--format", "xlsx", "--output", "x.xlsx"), ("publish",)]
)
def test_a_wrong_key_exits_2_with_one_line_and_changes_nothing(action: tuple[str, ...]):
    created = _create()
    other = _create()
    run = run_cli("round", action[0], str(created["id"]), "--key", str(other["organiser_key"]), *action[1:])
    assert run.returncode == 2 and run.stdout == ""
    assert run.stderr.count("\n") == 1 and "organiser key" in run.stderr
    listed = json.loads(run_cli("rounds", "--format", "json").stdout)[1]
    assert listed["closed_at"] is None and listed["published"] is False


def test_publish_and_withdraw():
    created = _create()
    round_id, key = str(created["id"]), str(created["organiser_key"])
    assert run_cli("round", "publish", round_id, "--key", key).stdout.startswith("published")
    assert json.loads(run_cli("rounds", "--format", "json").stdout)[1]["published"] is True
    assert run_cli("round", "publish", round_id, "--key", key, "--withdraw").stdout.startswith("withdrawn")


@pytest.mark.parametrize(
    ("arguments", "named"),
    [
        (("--cities", "shu,atlantis"), "atlantis"),
        (("--cities", "shu", "--instruments", "happiness"), "happiness"),
        (("--cities", "shu", "--groups", "astronauts=3"), "astronauts"),
        (("--cities", "shu", "--groups", "researchers=-1"), "researchers=-1"),
        (("--cities", "shu", "--closes", "31.12.2026"), "31.12.2026"),
        (("--cities", "shu", "--opens", "2026-05-02", "--closes", "2026-05-01"), "2026-05-01"),
        (("--cities", "shu", "--languages", "de"), "de"),
    ],
)
def test_bad_input_to_create_exits_2_naming_the_value(arguments: tuple[str, ...], named: str):
    run = run_cli("round", "create", "--title", "T", *arguments)
    assert run.returncode == 2 and named in run.stderr and run.stderr.count("\n") == 1
    assert len(json.loads(run_cli("rounds", "--format", "json").stdout)) == 1  # only the paper's


def test_an_unknown_round_exits_2():
    run = run_cli("round", "close", "nosuchroundatall", "--key", "k")
    assert run.returncode == 2 and "nosuchroundatall" in run.stderr


def _parsers(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    """A parser and every sub-command's parser beneath it."""
    found = [parser]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                found += _parsers(child)
    return found


def test_every_option_and_argument_of_the_round_commands_has_help():
    top = next(a for a in cli.build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    parsers = _parsers(top.choices["round"]) + _parsers(top.choices["rounds"])
    assert len(parsers) == 6  # round, create, export, close, publish; rounds
    for parser in parsers:
        for action in parser._actions:
            assert action.help, (parser.prog, action.dest)


def test_the_questionnaire_exports_as_an_xlsform_that_pyxform_converts(tmp_path: Path):
    created = _create("--instruments", "scri")
    target = tmp_path / "form.xlsx"
    run = run_cli(
        "round", "export", str(created["id"]), "--key", str(created["organiser_key"]),
        "--format", "xlsform", "--output", str(target),
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    warnings: list[str] = []
    xform = convert(target.read_bytes(), warnings=warnings, validate=False, file_type=".xlsx").xform
    assert warnings == []
    for town in ("shu", "ayagoz"):  # one question per town and SCRI indicator
        for indicator in DATASET.instrument("scri").indicator_ids:
            assert f"{town}__scri__{indicator}" in xform
    wrong = run_cli("round", "export", str(created["id"]), "--key", "x" * 43, "--format", "xlsform",
                    "--output", str(tmp_path / "other.xlsx"))  # fmt: skip
    assert wrong.returncode == 2 and not (tmp_path / "other.xlsx").exists()
