"""The server's memory when several sessions upload a survey file at the limit, and after they close.

Starts `streamlit run app.py`, opens the Survey data page in N browser sessions, uploads a valid
long-form CSV just under survey.MAX_FILE_BYTES in each at once, and prints the server's resident
memory: before, at its peak (VmHWM) and once every session has been closed and cleaned up.
Streamlit keeps a closed session for server.disconnectedSessionTTL (120 s; shortened here to --ttl)
and drops it when another session disconnects after that: the script lets one more session come and go.

    python3 bench/upload_memory_bench.py [--sessions 3] [--rounds 2] [--ttl 5]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import peak_rss_bytes
from smartcity.data import load_dataset
from smartcity.files import survey
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, StreamlitServer, open_page, wait_for_app

MIB = 2**20


def current_rss_bytes(pid: int) -> int:
    """The resident memory (VmRSS) of a running Linux process now."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


def file_at_the_limit(directory: Path) -> Path:
    """A valid long-form CSV of the paper's questions, as many respondents as fit under the limit."""
    dataset = load_dataset()
    questions = [(i.id, indicator) for i in dataset.instruments for indicator in i.indicator_ids]
    lines = ["respondent_id,stakeholder_group,city,instrument,indicator,score"]
    size, respondent = len(lines[0]) + 1, 0
    while True:
        city = dataset.city_ids[respondent % len(dataset.city_ids)]
        block = [
            f"r{respondent},civil_society,{city},{i},{q},{1 + (respondent + n) % 5}"
            for n, (i, q) in enumerate(questions)
        ]
        block_size = sum(len(line) + 1 for line in block)
        if size + block_size > survey.MAX_FILE_BYTES:
            break
        lines += block
        size += block_size
        respondent += 1
    path = directory / "survey_at_the_limit.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def open_data_page(browser: Browser, url: str) -> tuple[BrowserContext, Page]:
    """A new browser session on the Survey data page."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(url)
    wait_for_app(page)
    open_page(page, "Survey data")
    return context, page


def upload_and_wait(pages: list[Page], path: Path) -> None:
    """Upload the file in every page (all go up before any report is awaited), then wait for each report."""
    for page in pages:
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(path))
    for page in pages:
        expect(page.get_by_text("no problems")).to_be_visible(timeout=600_000)


def main() -> None:
    """Measure and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=3)
    parser.add_argument(
        "--rounds", type=int, default=2, help="rounds of uploads in new sessions, then closed"
    )
    parser.add_argument("--ttl", type=int, default=5, help="server.disconnectedSessionTTL in seconds")
    args = parser.parse_args()
    upload = file_at_the_limit(Path(tempfile.mkdtemp(prefix="smartcity-upload-")))
    server = StreamlitServer(env={"STREAMLIT_SERVER_DISCONNECTED_SESSION_TTL": str(args.ttl)})
    pid = server.process.pid
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            warm_up, _ = open_data_page(browser, server.url)  # the app's modules are loaded once
            warm_up.close()
            before = current_rss_bytes(pid)
            with_files, closed = [], []
            for _ in range(args.rounds):
                sessions = [open_data_page(browser, server.url) for _ in range(args.sessions)]
                upload_and_wait([page for _, page in sessions], upload)
                with_files.append(current_rss_bytes(pid))
                for context, _ in sessions:
                    context.close()
                time.sleep(args.ttl + 2)
                # Streamlit drops expired sessions lazily, when the next session disconnects.
                passer_by, _ = open_data_page(browser, server.url)
                passer_by.close()
                time.sleep(5)
                closed.append(current_rss_bytes(pid))
            # The next upload first collects the dropped sessions (reference cycles) and their files.
            context, page = open_data_page(browser, server.url)
            upload_and_wait([page], upload)
            next_upload = current_rss_bytes(pid)
            context.close()
            browser.close()
        peak = peak_rss_bytes(pid)
    finally:
        server.stop()
    print(
        f"file: {upload.stat().st_size:,} bytes (limit {survey.MAX_FILE_BYTES:,}); sessions: {args.sessions}"
    )
    print(f"server RSS before the uploads:                 {before / MIB:6.0f} MiB")
    for number, (loaded, emptied) in enumerate(zip(with_files, closed, strict=True), 1):
        print(f"round {number}: server RSS with every file read:    {loaded / MIB:6.0f} MiB")
        print(f"round {number}: server RSS once they are closed:    {emptied / MIB:6.0f} MiB")
    print(f"server peak RSS (VmHWM):                        {peak / MIB:6.0f} MiB")
    print(f"server RSS after one new session reads a file:  {next_upload / MIB:6.0f} MiB")


if __name__ == "__main__":
    main()
