"""Running the command line in tests: in-process through ``cli.main``, or once as ``python -m smartcity``."""

from __future__ import annotations

import contextlib
import io
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from smartcity import cli

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class CliRun:
    """What one run of the CLI returned and printed."""

    returncode: int
    stdout: str
    stderr: str


def run_cli(*args: str) -> CliRun:
    """Run ``python -m smartcity ARGS`` in this process and capture what it prints.

    Redirecting sys.stdout/sys.stderr (rather than capsys) lets hypothesis tests call it once per example.
    """
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = cli.main(list(args))
    return CliRun(status, out.getvalue(), err.getvalue())


def run_module(*args: str) -> subprocess.CompletedProcess[str]:
    """Run ``python -m smartcity ARGS`` as a separate process, as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "smartcity", *args], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
