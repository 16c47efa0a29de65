"""A Streamlit server on a free port and helpers for headless-Chromium pages, for tests and benches."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

if TYPE_CHECKING:
    from playwright.sync_api import Page

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    """A TCP port that is free on the loopback interface now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class StreamlitServer:
    """`streamlit run app.py` (or another script) in a subprocess, with its own scenario database;
    its output goes to a log file beside it (a pipe nobody reads would stall the server once full)."""

    def __init__(self, env: dict[str, str] | None = None, script: str = "app.py") -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.data_dir = tempfile.mkdtemp(prefix="smartcity-test-")
        environment = {**os.environ, "SMARTCITY_DB": f"{self.data_dir}/scenarios.db", **(env or {})}
        self.log_path = Path(self.data_dir) / "server.log"
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "streamlit",
                    "run",
                    script,
                    "--server.port",
                    str(self.port),
                    "--server.address",
                    "127.0.0.1",
                    "--server.headless",
                    "true",
                ],
                cwd=ROOT,
                env=environment,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        self._wait_healthy()

    def _wait_healthy(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(self.log())
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        raise TimeoutError("Streamlit did not become healthy")

    def log(self) -> str:
        """What the server has written so far."""
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        """Stop the server process."""
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def wait_for_app(page: Page, timeout: float = 30_000) -> None:
    """Wait until the Streamlit script has finished running and the page is drawn."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout)
    page.wait_for_function(
        """() => {
            const app = document.querySelector('[data-testid="stApp"]');
            return app && app.getAttribute('data-test-script-state') === 'notRunning'
                && document.querySelector('[data-testid="stMainBlockContainer"]');
        }""",
        timeout=timeout,
    )


def open_page(page: Page, title: str) -> None:
    """Open a page from the sidebar and wait until its own script run has finished.

    The script state alone is not enough: right after the click it still says the previous
    page's run is over. The address changes when the new page's run starts.
    """
    link = page.get_by_test_id("stSidebar").get_by_role("link", name=title, exact=True)
    # Links are relative to the app's root ("" is the home page), not to the page shown now.
    path = urlsplit(urljoin(urljoin(page.url, "/"), link.get_attribute("href") or "")).path
    link.click()
    page.wait_for_url(lambda url: urlsplit(url).path == path)
    wait_for_app(page)


def follow_sidebar_link(page: Page, path: str) -> None:
    """Open the page at ``path`` ("" is the home page) from the sidebar, in the same session (no new
    page load), and wait until its address shows it; a page at ``path`` already is left alone."""
    if urlsplit(page.url).path.strip("/") != path:
        page.get_by_test_id("stSidebar").locator(f'a[href="{path}"]').click()
        page.wait_for_url(lambda url: urlsplit(url).path.strip("/") == path)


def save_screenshot(page: Page, name: str) -> Path:
    """Save a full-page screenshot under artifacts/ and return its path."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
