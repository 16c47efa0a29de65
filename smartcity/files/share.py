"""Sharing a scenario: the share link (readable, or short through the store), and scenario files.

A readable link carries what differs from the paper (``o=``, ``w=``, ``iw=``, ``m=``, ``x=``); when
it would pass MAX_READABLE_LINK_CHARS the scenario is saved in the store and the link is
``?s=<id>``, with an id nobody can guess.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Hashable, Mapping
from functools import lru_cache
from typing import Protocol
from urllib.parse import urlencode, urlsplit, urlunsplit

from smartcity import scenario as scenarios
from smartcity.errors import SmartCityError
from smartcity.model import Dataset
from smartcity.scenario import Scenario
from smartcity.store.scenarios import LINK_ID_PATTERN

MAX_SCENARIO_FILE_BYTES = 2 * 1024 * 1024
MAX_READABLE_LINK_CHARS = 4096
"""A readable link's query longer than this becomes a short link."""
SHORT_LINK_PARAM = "s"
SCENARIO_PARAMS = (*scenarios.PAIR_PARAMS, "m", "x", SHORT_LINK_PARAM)
"""The parameters that carry a scenario (the others, such as ``lang=`` and ``city=``, are the view's)."""
LINK_SAFE = ":,"
"""Characters left as they are in a link: they separate pairs in the parameters and are valid in a query."""


class LinkStore(Hashable, Protocol):
    """Where short links keep their scenarios (``smartcity.store.scenarios.ScenarioStore``); hashable, as
    :func:`link_params` caches its answers per store."""

    def save_link(self, scenario_json: str) -> str:
        """Store a scenario's JSON and return its unguessable id."""
        ...

    def load_link(self, link_id: str) -> str | None:
        """The JSON stored under an id, or None when there is none."""
        ...


def link_params(dataset: Dataset, scenario: Scenario, store: LinkStore | None) -> dict[str, str]:
    """The scenario's link parameters: readable ones, or ``{"s": id}`` when they would pass 4 KB.

    The app asks on every rerun, so the answer is cached per scenario; without a store, or should
    it fail to save, the link stays readable (not cached, so the next rerun tries again).
    """
    if store is None:
        return scenarios.to_query(dataset, scenario)
    try:
        return dict(_cached_link_params(dataset, scenario, store))
    except SmartCityError:
        return scenarios.to_query(dataset, scenario)


@lru_cache(maxsize=64)
def _cached_link_params(
    dataset: Dataset, scenario: Scenario, store: LinkStore
) -> tuple[tuple[str, str], ...]:
    params = scenarios.to_query(dataset, scenario)
    if len(urlencode(params, safe=LINK_SAFE)) > MAX_READABLE_LINK_CHARS:
        compacted = scenarios.compact(dataset, scenario)  # a short link holds what a readable one would
        params = {SHORT_LINK_PARAM: store.save_link(scenarios.to_json(compacted))}
    return tuple(params.items())


def carries_scenario(params: Collection[str]) -> bool:
    """Whether a link with these parameter names sets any part of a scenario."""
    return any(name in params for name in SCENARIO_PARAMS)


def scenario_from_link(
    dataset: Dataset, params: Mapping[str, str], store: LinkStore | None
) -> tuple[Scenario, list[SmartCityError]]:
    """The scenario of a readable or short link, and warnings; never raises.

    A short link whose id is malformed or unknown, or without a store that can be read, gives
    the paper's scenario and one message; its other scenario parameters are not read.
    """
    link_id = params.get(SHORT_LINK_PARAM)
    if link_id is None:
        return scenarios.from_query(dataset, params)
    if not LINK_ID_PATTERN.fullmatch(link_id):
        return Scenario(), [SmartCityError("link_bad_id", value=link_id[:40])]
    if store is None:
        return Scenario(), [SmartCityError("link_no_store", value=link_id)]
    try:
        text = store.load_link(link_id)
        if text is None:
            return Scenario(), [SmartCityError("link_unknown_id", value=link_id)]
        return scenarios.from_json(dataset, text), []
    except SmartCityError as error:  # an unreachable store, or a stored scenario no longer valid
        return Scenario(), [error]


def share_link(
    app_url: str,
    dataset: Dataset,
    scenario: Scenario,
    view: Mapping[str, str] | None = None,
    store: LinkStore | None = None,
) -> str:
    """The app's address with the scenario and view parameters; short (``?s=``) for a big scenario
    when a ``store`` is given, else always readable."""
    return address(app_url, {**link_params(dataset, scenario, store), **(view or {})})


def address(app_url: str, params: Mapping[str, str]) -> str:
    """The app's address with these link parameters (the app's own query, if any, replaced)."""
    parts = urlsplit(app_url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(params, safe=LINK_SAFE), ""))


def app_root(page_url: str, page_paths: Collection[str]) -> str:
    """The app's root address, ending in "/", from the address of one of its pages.

    ``page_paths`` are the url paths of the pages other than the home one ("scenarios"); a last path
    segment among them is the page and is dropped, the rest is the app's base path (kept), and the
    query and fragment go.
    """
    parts = urlsplit(page_url)
    path = parts.path.rstrip("/")
    base, _, last = path.rpartition("/")
    if last in page_paths:
        path = base
    return urlunsplit((parts.scheme, parts.netloc, path + "/", "", ""))


def page_address(page_url: str, page_paths: Collection[str], page: str, params: Mapping[str, str]) -> str:
    """The address that opens ``page`` (one of ``page_paths``, or "" for the home page) of the app that
    ``page_url`` belongs to, with these link parameters."""
    return address(app_root(page_url, page_paths) + page, params)


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
