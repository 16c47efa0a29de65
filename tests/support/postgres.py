"""A throwaway PostgreSQL cluster for the tests: initdb and pg_ctl in a temporary directory.

The server listens on 127.0.0.1 on a free port (and on a Unix socket in the same directory), with
fsync off: a test database is disposable. PostgreSQL refuses to run as root, so as root the
cluster belongs to the ``postgres`` system user (Debian's package creates it).
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

DEBIAN_BIN_DIRS = Path("/usr/lib/postgresql")
START_TIMEOUT_SECONDS = 30
SERVER_SETTINGS = ("fsync=off", "synchronous_commit=off", "full_page_writes=off", "max_connections=200")


class PostgresUnavailable(RuntimeError):
    """PostgreSQL's server programs are not installed, or the cluster did not start."""


@dataclass(frozen=True)
class Cluster:
    """A running throwaway cluster: its port, and a fresh database per call of :meth:`new_database`."""

    port: int

    def url(self, database: str = "postgres") -> sa.URL:
        """The SQLAlchemy URL (psycopg 3 driver) of one database of the cluster."""
        return sa.URL.create(
            "postgresql+psycopg", username="postgres", host="127.0.0.1", port=self.port, database=database
        )

    def new_database(self) -> sa.URL:
        """Create an empty database with a unique name and return its URL."""
        name = f"test_{uuid.uuid4().hex}"
        engine = sa.create_engine(self.url(), isolation_level="AUTOCOMMIT", poolclass=sa.NullPool)
        with engine.connect() as connection:
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
        engine.dispose()
        return self.url(name)


def server_bin_dir() -> Path:
    """The directory of initdb and pg_ctl: the newest Debian PostgreSQL, else the PATH."""
    versions = [p for p in DEBIAN_BIN_DIRS.glob("*/bin") if (p / "initdb").exists()]
    if versions:
        return max(versions, key=lambda p: [int(n) for n in re.findall(r"\d+", p.parent.name)])
    initdb = shutil.which("initdb")
    if initdb is None:
        raise PostgresUnavailable("PostgreSQL is not installed: run `bash scripts/install-test-deps.sh`")
    return Path(initdb).parent


@contextmanager
def running_cluster() -> Iterator[Cluster]:
    """Start a cluster in a temporary directory, yield it, then stop it and delete the directory."""
    bin_dir = server_bin_dir()
    run_as = _server_user_prefix()
    root = Path(tempfile.mkdtemp(prefix="smartcity-pg-"))
    try:
        if run_as:
            account = pwd.getpwnam("postgres")
            os.chown(root, account.pw_uid, account.pw_gid)
        data = root / "data"
        _run(
            run_as,
            bin_dir / "initdb",
            "-D",
            data,
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync",
            "--no-instructions",
            cwd=root,
        )
        port = _free_port()
        options = " ".join(
            [f"-p {port}", "-c listen_addresses=127.0.0.1", f"-k {root}"]
            + [f"-c {setting}" for setting in SERVER_SETTINGS]
        )
        _run(
            run_as,
            bin_dir / "pg_ctl",
            "-D",
            data,
            "-l",
            root / "server.log",
            "-o",
            options,
            "-w",
            "-t",
            str(START_TIMEOUT_SECONDS),
            "start",
            cwd=root,
        )
        try:
            yield Cluster(port)
        finally:
            _run(run_as, bin_dir / "pg_ctl", "-D", data, "-m", "immediate", "-w", "stop", cwd=root)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _server_user_prefix() -> list[str]:
    """``runuser -u postgres --`` when running as root (PostgreSQL refuses root), else nothing."""
    if os.geteuid() != 0:
        return []
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        raise PostgresUnavailable("running as root needs the 'postgres' system user") from None
    return ["runuser", "-u", "postgres", "--"]


def _run(prefix: list[str], *command: object, cwd: Path) -> None:
    done = subprocess.run([*prefix, *map(str, command)], cwd=cwd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        log = cwd / "server.log"
        tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
        raise PostgresUnavailable(f"{command[0]} failed: {done.stderr.strip()}\n{tail}")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
