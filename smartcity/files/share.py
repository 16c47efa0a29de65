"""Sharing a scenario: the share link, and reading a scenario file with a report of what is wrong."""

from __future__ import annotations

import json
from collections.abc import Mapping
from urllib.parse import urlencode, urlsplit, urlunsplit

from smartcity import scenario as scenarios
from smartcity.errors import SmartCityError
from smartcity.model import Dataset
from smartcity.scenario import Scenario

MAX_SCENARIO_FILE_BYTES = 2 * 1024 * 1024
LINK_SAFE = ":,"
"""Characters left as they are in a link: they separate pairs in the parameters and are valid in a query."""


def share_link(
    app_url: str, dataset: Dataset, scenario: Scenario, view: Mapping[str, str] | None = None
) -> str:
    """The app's address with the scenario (only what differs from the paper) and view parameters."""
    parts = urlsplit(app_url)
    params = {**scenarios.to_query(dataset, scenario), **(view or {})}
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(params, safe=LINK_SAFE), ""))


def read_scenario_file(dataset: Dataset, content: bytes) -> tuple[Scenario | None, list[SmartCityError]]:
    """A scenario JSON file and every problem found in it; the scenario is None unless there are none."""
    if len(content) > MAX_SCENARIO_FILE_BYTES:
        limit = MAX_SCENARIO_FILE_BYTES // 1024
        return None, [SmartCityError("scenario_file_too_large", size=len(content) // 1024, limit=limit)]
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return None, [SmartCityError("scenario_file_encoding", position=error.start)]
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as error:
        return None, [
            SmartCityError("scenario_file_json", line=error.lineno, column=error.colno, problem=error.msg)
        ]
    except RecursionError:
        return None, [SmartCityError("scenario_file_json", line=1, column=1, problem="nested too deeply")]
    try:
        scenario = scenarios.parse_dict(raw)
    except SmartCityError as error:
        return None, [error]
    found = scenarios.problems(dataset, scenario)
    return (None, found) if found else (scenario, [])
