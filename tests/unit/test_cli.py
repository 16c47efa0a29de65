"""The CLI reproduces Tables 2-4, starts from a scenario file or share link, and rejects bad input
with status 2 and one clear line. Every test but one runs ``cli.main`` in-process."""

from __future__ import annotations

import argparse
import csv
import io
import json
import re

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from smartcity import cli, cli_rounds
from smartcity.cities import new_city
from smartcity.data import load_dataset
from smartcity.files import export, share
from smartcity.scenario import Scenario, to_json
from smartcity.store.scenarios import open_store
from tests.paper import SCRI_INDICATORS
from tests.support.cli import run_cli, run_module
from tests.support.scenarios import towns_scored

DATASET = load_dataset()
AYAGOZ_DIGITAL = "ayagoz.scri.digital_infrastructure"


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def scri_by_city(text: str) -> dict[str, tuple[object, object]]:
    """(total, rank) per city from ``score --instrument scri --format json`` output."""
    return {row["city"]: (row["total"], row["rank"]) for row in json.loads(text)}


def scri_percents(*args: str) -> dict[str, object]:
    """Each city's SCRI percent from ``score --instrument scri --format json ARGS``."""
    done = run_cli("score", "--instrument", "scri", "--format", "json", *args)
    return {row["city"]: row["percent"] for row in json.loads(done.stdout)}


def test_python_m_smartcity_score_all_as_csv_reproduces_tables_2_to_4():
    done = run_module("score", "--instrument", "all", "--format", "csv")
    assert done.returncode == 0, done.stderr
    rows = csv_rows(done.stdout)
    assert {"city", "instrument", "total", "max", "percent", "rank"} <= set(rows[0])
    got = {(r["city"], r["instrument"]): (r["total"], r["max"], r["percent"], r["rank"]) for r in rows}
    assert got[("shu", "scri")] == ("15", "35", "42.86", "1")
    assert got[("shalkar", "scri")] == ("12", "35", "34.29", "2")
    assert got[("ayagoz", "scri")] == ("11", "35", "31.43", "3")
    assert got[("shu", "stakeholders")] == ("22", "40", "55.0", "1")
    assert got[("ayagoz", "stakeholders")][:3] == ("14", "40", "35.0")
    assert got[("shalkar", "stakeholders")][:3] == ("14", "40", "35.0")
    assert got[("shu", "governance")] == ("24", "40", "60.0", "1")
    assert got[("ayagoz", "governance")][:3] == got[("shalkar", "governance")][:3] == ("16", "40", "40.0")


@pytest.mark.parametrize(
    ("value", "total", "ayagoz_rank", "shalkar_rank"), [("2", 12, 2, 2), ("3", 13, 2, 3)]
)
def test_set_rescores_ayagoz(value, total, ayagoz_rank, shalkar_rank):
    done = run_cli("score", "--instrument", "scri", "--format", "json", "--set", f"{AYAGOZ_DIGITAL}={value}")
    rows = {row["city"]: row for row in json.loads(done.stdout)}
    assert rows["ayagoz"]["total"] == total
    assert rows["ayagoz"]["rank"] == ayagoz_rank and rows["shalkar"]["rank"] == shalkar_rank


def test_table_format_is_readable_text():
    done = run_cli("score", "--instrument", "governance")
    assert done.returncode == 0
    header, *lines = done.stdout.splitlines()
    assert header.split()[:6] == ["city", "instrument", "total", "max", "percent", "rank"]
    assert lines[0].split()[:5] == ["shu", "governance", "24", "40", "60.00"]


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["--set", "almaty.scri.digital_infrastructure=2"], "almaty"),
        (["--set", "shu.scri.wifi=2"], "wifi"),
        (["--set", "shu.scri.digital_infrastructure=7"], "7"),
        (["--set", "shu.scri.digital_infrastructure=two"], "two"),
        (["--set", "shu.scri=2"], "shu.scri"),
        (["--set", "nonsense"], "nonsense"),
        (["--weight", "scri.digital_infrastructure=-1"], "-1"),
        (["--instrument", "happiness"], "happiness"),
        (["--method", "median"], "median"),
        ([arg for i in SCRI_INDICATORS for arg in ("--weight", f"scri.{i}=0")], "Smart City Readiness Index"),
    ],
)
def test_bad_input_exits_2_with_one_line_naming_the_value(args, named):
    done = run_cli("score", *args)
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr
    assert named in lines[0]


# --- --scenario: a downloaded scenario file or a share link ------------------------------------


@pytest.fixture
def ayagoz_at_3(tmp_path):
    """A scenario file as the app downloads it: Ayagoz's Digital Infrastructure raised 1 -> 3."""
    path = tmp_path / "scenario.json"
    path.write_text(to_json(Scenario(overrides=(((AYAGOZ_DIGITAL.split(".")), 3.0),))), encoding="utf-8")
    return path


SCENARIO_FORMS = [
    "FILE",
    f"?o={AYAGOZ_DIGITAL}:3",
    f"http://localhost:8501/?o={AYAGOZ_DIGITAL}:3&page=what_if",
    f"https://akimat.example.kz/smartcity/?o={AYAGOZ_DIGITAL}%3A3",
]


@pytest.mark.parametrize("form", SCENARIO_FORMS)
def test_a_scenario_file_or_link_rescores_as_the_app_does(form, ayagoz_at_3):
    argument = str(ayagoz_at_3) if form == "FILE" else form
    done = run_cli("score", "--instrument", "scri", "--format", "json", "--scenario", argument)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    # Table 2 with Ayagoz 11 + 2 = 13 of 35: it overtakes Shalkar (12).
    assert scri_by_city(done.stdout) == {"shu": (15, 1), "ayagoz": (13, 2), "shalkar": (12, 3)}


@pytest.mark.parametrize("form", SCENARIO_FORMS)
def test_set_and_method_apply_on_top_of_the_scenario(form, ayagoz_at_3):
    argument = str(ayagoz_at_3) if form == "FILE" else form
    done = run_cli(
        "score", "--instrument", "scri", "--format", "json", "--scenario", argument,
        "--set", "shalkar.scri.digital_infrastructure=5",
    )  # fmt: skip
    # Shalkar's Digital Infrastructure 2 -> 5: 15 of 35, level with Shu; Ayagoz keeps the file's 13.
    assert scri_by_city(done.stdout) == {"shu": (15, 1), "shalkar": (15, 1), "ayagoz": (13, 3)}


def test_the_links_method_holds_unless_method_is_given():
    # Goalpost: Shu's SCRI (15 - 7) / (7 * 4) = 28.57%; the paper's 15 / 35 = 42.86%.
    assert scri_percents("--scenario", "?m=goalpost")["shu"] == 28.57
    assert scri_percents("--scenario", "?m=goalpost", "--method", "paper")["shu"] == 42.86


def test_a_links_invalid_parts_are_warned_on_stderr_and_the_rest_applies():
    link = f"?o={AYAGOZ_DIGITAL}:3,shu.scri.wifi:2&m=magic"
    done = run_cli("score", "--instrument", "scri", "--format", "json", "--scenario", link)
    assert done.returncode == 0
    warnings = done.stderr.strip().splitlines()
    assert len(warnings) == 2 and all(line.startswith("warning: ") for line in warnings)
    assert "wifi" in warnings[0] and "magic" in warnings[1]
    assert scri_by_city(done.stdout)["ayagoz"] == (13, 2)


UNKNOWN_INDICATOR = '{"format": "smartcity-scenario", "version": 1, "overrides": {"shu.scri.x": 2}}'


def write(tmp_path, text: str):
    path = tmp_path / "bad.json"
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(
    ("make", "named"),
    [
        (lambda tmp: str(tmp / "absent.json"), "absent.json"),
        (lambda tmp: str(tmp), "Is a directory"),
        (lambda tmp: write(tmp, '{"format": "smartcity-scenario",'), "not valid JSON"),
        (lambda tmp: write(tmp, '{"format": "spreadsheet"}'), "not a scenario file"),
        (lambda tmp: write(tmp, UNKNOWN_INDICATOR), "'x'"),
        (lambda tmp: "?o", "link '?o'"),
        (lambda tmp: "http://[::1/?o=a:1", "link"),
    ],
)
def test_a_bad_scenario_argument_exits_2_with_one_line(tmp_path, make, named):
    for command in ("score", "uncertainty"):
        done = run_cli(command, "--scenario", make(tmp_path))
        assert done.returncode == 2 and done.stdout == ""
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: ") and named in lines[0], lines


OVERRIDES = st.dictionaries(
    st.tuples(st.sampled_from(["shu", "ayagoz", "shalkar"]), st.sampled_from(SCRI_INDICATORS)),
    st.integers(1, 5),
    max_size=6,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(OVERRIDES)
def test_file_link_and_set_options_agree(tmp_path, overrides):
    keys = {f"{city}.scri.{indicator}": value for (city, indicator), value in overrides.items()}
    sets = [arg for key, value in keys.items() for arg in ("--set", f"{key}={value}")]
    path = tmp_path / "scenario.json"
    path.write_text(
        to_json(Scenario(overrides=tuple((tuple(k.split(".")), float(v)) for k, v in keys.items()))),
        encoding="utf-8",
    )
    link = "?o=" + ",".join(f"{key}:{value}" for key, value in keys.items())
    common = ("score", "--instrument", "scri", "--format", "csv")
    outputs = {
        run_cli(*common, *sets).stdout,
        run_cli(*common, "--scenario", str(path)).stdout,
        run_cli(*common, "--scenario", link).stdout,
    }
    assert len(outputs) == 1


@pytest.fixture
def aral(tmp_path):
    """A scenario file adding Aral, and a survey where 5 respondents give Aral 4 on every SCRI question."""
    town = new_city({"en": "Aral", "kk": "Арал", "ru": "Аральск"}, 46.8, 61.67, DATASET.cities)
    scenario = tmp_path / "aral.json"
    scenario.write_text(to_json(Scenario(added_cities=(town,))), encoding="utf-8")
    survey = tmp_path / "aral.csv"
    lines = ["respondent_id,stakeholder_group,city,instrument,indicator,score"]
    lines += [f"r{n},civil_society,Арал,scri,{i},4" for n in range(5) for i in SCRI_INDICATORS]
    survey.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(scenario), str(survey)


def test_survey_files_match_the_towns_the_scenario_adds(aral):
    scenario, survey = aral
    done = run_cli(
        "score", "--scenario", scenario, "--responses", survey, "--instrument", "scri", "--format", "json"
    )
    assert done.returncode == 0, done.stderr
    # Aral: 7 indicators at 4 = 28 of 35 = 80%, ahead of Shu's 15.
    assert scri_by_city(done.stdout) == {
        "aral": (28, 1),
        "shu": (15, 2),
        "shalkar": (12, 3),
        "ayagoz": (11, 4),
    }
    rows = csv_rows(run_cli("aggregate", survey, "--scenario", scenario).stdout)
    assert {(r["city"], r["n"], r["mean"]) for r in rows} == {("aral", "5", "4.0")}


def test_without_the_scenario_an_added_towns_answers_are_refused(aral):
    _, survey = aral
    done = run_cli("aggregate", survey)
    assert done.returncode == 2 and "Арал" in done.stderr


# --- uncertainty ----------------------------------------------------------------------------


def test_uncertainty_all_has_a_row_for_every_city_and_instrument_of_score_all():
    scored = csv_rows(run_cli("score", "--instrument", "all", "--format", "csv").stdout)
    done = run_cli("uncertainty", "--instrument", "all", "--draws", "200", "--score-noise", "0",
                   "--weight-noise", "0")  # fmt: skip
    assert done.returncode == 0, done.stderr
    rows = csv_rows(done.stdout)
    assert [(r["city"], r["instrument"]) for r in rows] == [(r["city"], r["instrument"]) for r in scored]
    assert {r["instrument"] for r in rows} == {"scri", "stakeholders", "governance", "composite"}
    for row, score_row in zip(rows, scored, strict=True):  # no noise: every draw is the point score
        assert float(row["point"]) == float(row["median"]) == float(row["p05"]) == float(score_row["percent"])


def test_uncertainty_csv_prints_percents_to_2_decimals_and_rank_probabilities_as_fractions():
    done = run_cli("uncertainty", "--instrument", "composite", "--draws", "500", "--seed", "3")
    rows = csv_rows(done.stdout)
    assert list(rows[0]) == ["city", "instrument", "point", "median", "p05", "p95",
                             "p_rank_1", "p_rank_2", "p_rank_3"]  # fmt: skip
    two_decimals, four_decimals = re.compile(r"\d{1,3}(\.\d{1,2})?"), re.compile(r"[01](\.\d{1,4})?")
    for row in rows:
        for column in ("point", "median", "p05", "p95"):
            assert two_decimals.fullmatch(row[column]) and 0 <= float(row[column]) <= 100, row
        probabilities = [row[f"p_rank_{rank}"] for rank in (1, 2, 3)]
        assert all(four_decimals.fullmatch(p) for p in probabilities), row
        assert sum(map(float, probabilities)) == pytest.approx(1, abs=2e-4)
    # Shu leads the composite by 16 points (52.62% against 36.43%): ±0.5 noise never changes that.
    assert (rows[0]["city"], rows[0]["p_rank_1"]) == ("shu", "1.0")


# --- brief and export: the files the app downloads ---------------------------------------------


def test_export_xlsx_writes_the_russian_workbook(tmp_path):
    out = tmp_path / "scores.xlsx"
    done = run_cli("export", "--format", "xlsx", "--lang", "ru", "--out", str(out))
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Оценки", "Значения показателей"]
    header, *rows = book["Оценки"].iter_rows(values_only=True)
    shu = dict(zip(header, rows[0], strict=True))
    assert (shu["Город"], shu["Сумма баллов"], shu["Место"]) == ("Шу", 15, 1)
    assert shu["Готовность (%)"] == pytest.approx(300 / 7)  # 15 of 35
    assert book["Оценки"]["H2"].number_format == "0.00"


@pytest.mark.parametrize("form", ["FILE", f"?o={AYAGOZ_DIGITAL}:3"])
def test_export_csv_in_the_excel_flavour_applies_the_scenario_and_set(tmp_path, ayagoz_at_3, form):
    out = tmp_path / "scores.csv"
    argument = str(ayagoz_at_3) if form == "FILE" else form
    done = run_cli(
        "export", "--format", "csv", "--csv-flavour", "excel", "--lang", "ru", "--out", str(out),
        "--scenario", argument, "--set", "shalkar.scri.digital_infrastructure=1",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    content = out.read_bytes()
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    scri = {r["city_id"]: (r["Сумма баллов"], r["Готовность (%)"], r["Место"]) for r in rows[:3]}
    # Ayagoz 11 + 2 = 13 of 35; Shalkar 12 - 1 = 11 of 35.
    assert scri == {
        "shu": ("15", "42,86", "1"),
        "ayagoz": ("13", "37,14", "2"),
        "shalkar": ("11", "31,43", "3"),
    }
    scenario = Scenario(
        overrides=(
            (tuple(AYAGOZ_DIGITAL.split(".")), 3.0),
            (("shalkar", "scri", "digital_infrastructure"), 1.0),
        )
    )
    assert content == export.scores_csv(DATASET, scenario, "ru", "excel")  # the app's download


def test_export_csv_is_standard_by_default(tmp_path):
    out = tmp_path / "scores.csv"
    assert run_cli("export", "--format", "csv", "--out", str(out)).returncode == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert (rows[0]["City"], rows[0]["Readiness (%)"]) == ("Shu", "42.86")


def test_brief_writes_a_russian_pdf_with_the_town_names(tmp_path):
    out = tmp_path / "brief.pdf"
    done = run_cli(
        "brief",
        "--lang",
        "ru",
        "--out",
        str(out),
        "--set",
        f"{AYAGOZ_DIGITAL}=3",
        "--name",
        "Рабочая встреча",
    )
    assert done.returncode == 0, done.stderr
    text = "\n".join(page.extract_text() for page in PdfReader(out).pages)
    for name in ("Шу", "Аягоз", "Шалкар", "Рабочая встреча"):
        assert name in text, name


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["export", "--format", "xlsx", "--csv-flavour", "excel", "--out", "x.xlsx"], "--csv-flavour"),
        (["export", "--format", "pdf", "--out", "x.pdf"], "pdf"),
        (["export", "--format", "csv", "--csv-flavour", "tsv", "--out", "x.csv"], "tsv"),
        (["export", "--lang", "fr", "--out", "x.xlsx"], "fr"),
        (["export", "--format", "csv"], "--out"),
        (["brief", "--lang", "de", "--out", "x.pdf"], "de"),
        (["brief", "--out", "x.pdf", "--set", "shu.scri.digital_infrastructure=9"], "9"),
        (["export", "--out", "MISSING/scores.xlsx"], "scores.xlsx"),
    ],
)
def test_bad_brief_and_export_arguments_exit_2_with_one_line(tmp_path, args, named):
    done = run_cli(*(str(tmp_path / a) if a.startswith(("x.", "MISSING")) else a for a in args))
    assert done.returncode == 2 and done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and named in lines[0], lines
    assert not list(tmp_path.iterdir())  # nothing written


# --- help -----------------------------------------------------------------------------------


def parsers(parser: argparse.ArgumentParser):
    """The parser and every sub-command's parser below it."""
    yield parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                yield from parsers(child)


def test_every_option_of_every_command_has_a_help_text():
    found = list(parsers(cli.build_parser()))
    assert len(found) == 1 + len(cli.COMMANDS) + len(cli_rounds.ACTIONS)  # `round` has its own actions
    for parser in found:
        for action in parser._actions:
            assert action.help and action.help.strip(), (parser.prog, action.option_strings or action.dest)
        for action in parser._subparsers._group_actions if parser._subparsers else ():
            for choice in getattr(action, "_choices_actions", ()):
                assert choice.help, (parser.prog, choice.dest)


def test_help_exits_0_and_lists_the_scenario_option():
    with pytest.raises(SystemExit) as exited:
        cli.main(["score", "--help"])
    assert exited.value.code == 0


# --- --scenario as a short link (?s=<id>), read from the store the app shares --------------------


@pytest.fixture
def forty_towns_everywhere_4():
    """The paper plus 40 bundled towns, each scored 4 on every indicator: too big for a readable link."""
    return towns_scored(DATASET, 40, 4)


def test_a_short_link_scores_like_the_scenario_file(tmp_path, monkeypatch, forty_towns_everywhere_4):
    database = tmp_path / "shared.db"
    monkeypatch.setenv("SMARTCITY_DB", str(database))
    saved = open_store()
    params = share.link_params(DATASET, forty_towns_everywhere_4, saved)
    assert list(params) == ["s"]  # over 4 KB readable, so the store holds it
    scenario_file = tmp_path / "scenario.json"
    scenario_file.write_text(to_json(forty_towns_everywhere_4), encoding="utf-8")
    by_link = run_cli("score", "--instrument", "scri", "--format", "json", "--scenario", f"?s={params['s']}")
    by_file = run_cli("score", "--instrument", "scri", "--format", "json", "--scenario", str(scenario_file))
    assert by_link.returncode == 0, by_link.stderr
    assert by_link.stdout == by_file.stdout
    added = {town.id for town in forty_towns_everywhere_4.added_cities}
    rows = [row for row in json.loads(by_link.stdout) if row["city"] in added]
    assert len(rows) == 40 and {(row["total"], row["percent"]) for row in rows} == {(28, 80)}  # 7 x 4 of 35


def test_an_unknown_short_link_exits_2_naming_it(tmp_path, monkeypatch):
    monkeypatch.setenv("SMARTCITY_DB", str(tmp_path / "shared.db"))
    done = run_cli("score", "--scenario", "?s=AAAAAAAAAAAAAAAAAAAAAA")
    assert done.returncode == 2 and done.stdout == ""
    assert "AAAAAAAAAAAAAAAAAAAAAA" in done.stderr and len(done.stderr.strip().splitlines()) == 1
