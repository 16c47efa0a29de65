"""The CLI reproduces Tables 2-4 and rejects bad input with status 2 and one clear line."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.paper import SCRI_INDICATORS

ROOT = Path(__file__).resolve().parents[2]


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "smartcity", *args], cwd=ROOT, capture_output=True, text=True, timeout=60
    )


def test_score_all_as_csv_reproduces_tables_2_to_4():
    done = run_cli("score", "--instrument", "all", "--format", "csv")
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
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
    done = run_cli(
        "score",
        "--instrument",
        "scri",
        "--format",
        "json",
        "--set",
        f"ayagoz.scri.digital_infrastructure={value}",
    )
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
        ([arg for i in SCRI_INDICATORS for arg in ("--weight", f"scri.{i}=0")], "scri"),
    ],
)
def test_bad_input_exits_2_with_one_line_naming_the_value(args, named):
    done = run_cli("score", *args)
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr
    assert named in lines[0]
