"""How pytest-xdist shares the tests between its workers: all the browser tests on one worker, in
the order collected, so that they share one app server and one Chromium and never compete with each
other for the CPU; every other test file as a unit, so that its module fixtures are set up once.

(``--dist loadgroup`` would say this with markers, but pytest-xdist 3.8 cannot rename the tests of
pytest 9 to mark their group, so the grouping is a scheduler of its own.)
"""

from __future__ import annotations

from typing import Any

from xdist.scheduler import LoadScopeScheduling

BROWSER_FOLDER = "tests/browser/"
OWN_SERVERS = frozenset({"tests/browser/test_round_load.py"})
"""Files of the browser folder that start app servers of their own and speak Streamlit's protocol
without Chromium: they run apart from the other browser tests, on whichever worker is free."""


class BrowserTestsTogether(LoadScopeScheduling):
    """LoadScope scheduling with one scope for the browser tests and one per file for the rest,
    handed out in collection order (the browser tests come first)."""

    def __init__(self, config: Any, log: Any = None) -> None:
        super().__init__(config, log)
        config.option.loadscopereorder = False

    def _split_scope(self, nodeid: str) -> str:
        path = nodeid.split("::")[0]
        return BROWSER_FOLDER if path.startswith(BROWSER_FOLDER) and path not in OWN_SERVERS else path
