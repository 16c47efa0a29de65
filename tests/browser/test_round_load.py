"""Issue 14 at scale, on the real PostgreSQL cluster: two app servers share one database while many
respondents answer a round at once, and one server is killed with SIGKILL in the middle.

Each session is protocol-level (tests/support/protocol.py): a websocket client that speaks Streamlit's
own protocol as a browser tab does (the page with its query string, then reruns carrying the widget
states and the button pressed), so 50 sessions fit on two cores. Each respondent is a fresh session
with a fresh token (the ``t=`` the page puts in its address); a reload is a new session on that address.
"""

from __future__ import annotations

import asyncio
import os
import random
import signal
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import parse_qs

import pytest
import sqlalchemy as sa
from websockets.exceptions import ConnectionClosed, InvalidHandshake

from smartcity.data import load_dataset
from smartcity.i18n.catalog import translate
from smartcity.i18n.labels import indicator_name
from smartcity.store.rounds import Round, RoundStore, group_links
from tests.support.browser import StreamlitServer
from tests.support.postgres import Cluster
from tests.support.protocol import ProtocolSession, Run, choice, click, run_sessions

pytestmark = pytest.mark.browser

DATASET = load_dataset()
TOWN, INSTRUMENT = "shu", "scri"
INDICATORS = DATASET.instrument(INSTRUMENT).indicator_ids
LABELS = {indicator: indicator_name(DATASET, INSTRUMENT, indicator, "en") for indicator in INDICATORS}
DONT_KNOW = "Don't know"
SCALE = ("1 — Very low", "2 — Low", "3 — Medium", "4 — Good", "5 — High")
SUBMITTED = translate("questionnaire.submitted", "en")
SESSIONS, RESPONDENTS_EACH = 50, 10
DOUBLE_CLICK_GAPS = (0.0, 0.02, 0.04)
LOAD_TIMEOUT_SECONDS = 300


@dataclass(frozen=True)
class Respondent:
    """One respondent's plan: their group, what they answer, and how they behave after answering."""

    number: int
    group: str
    answers: dict[str, int | None]
    """indicator -> 1-5, or None for "Don't know"."""

    @property
    def double_click_gap(self) -> float | None:
        """Every tenth respondent double-clicks Submit: the seconds between the clicks (None: one click).

        Back to back, Streamlit folds the two reruns into one; 20-40 ms apart, the second click
        interrupts the first's run or runs after it, so both submit."""
        return (
            DOUBLE_CLICK_GAPS[self.number // 10 % len(DOUBLE_CLICK_GAPS)] if self.number % 10 == 3 else None
        )

    @property
    def resubmits(self) -> bool:
        """Every tenth reloads the page and submits the same answers again."""
        return self.number % 10 == 5

    @property
    def amends(self) -> bool:
        """Every tenth reloads (on the other server), finds the answers given, changes them and submits."""
        return self.number % 10 == 7


def plan(round_: Round, number: int, seed: int = 0) -> Respondent:
    """Respondent ``number``'s group (cycling through the round's) and answers (a seeded random draw)."""
    draw = random.Random(number * 7919 + seed)
    answers = {indicator: draw.choice([1, 2, 3, 4, 5, None]) for indicator in INDICATORS}
    return Respondent(number, round_.group_ids[number % len(round_.group_ids)], answers)


def option(score: int | None) -> str:
    """The label of a radio option for a score ("4 — Good") or "Don't know", as a respondent reads it."""
    return DONT_KNOW if score is None else SCALE[score - 1]


def token_of(session: ProtocolSession) -> str:
    """The respondent token the page keeps in its address."""
    return parse_qs(session.query_string)["t"][0]


async def start(session: ProtocolSession) -> Run:
    """Press Start on the first step (the group is the link's, the only town is chosen): the section."""
    return await session.rerun(click(session.last.widget("button", "Start")))


async def answer_and_submit(
    session: ProtocolSession, section: Run, answers: dict[str, int | None], double_click_gap: float | None
) -> Run:
    """Give every answer of the section, go to the review and press Submit (twice, for a double click)."""
    chosen = [choice(section.widget("radio", LABELS[i]), option(answers[i])) for i in INDICATORS]
    review = await session.rerun(*chosen, click(section.widget("button", "Next")))
    submit = click(review.widget("button", "Submit"))
    if double_click_gap is not None:
        await session.rerun(submit, wait=False)
        await asyncio.sleep(double_click_gap)
    done = await session.rerun(submit)
    assert done.alerts("SUCCESS") == [SUBMITTED], done.texts()
    return done


def restored_answers(section: Run) -> dict[str, int | None]:
    """The answers a reloaded page shows checked (the radios' values the server set)."""
    shown = {}
    for indicator in INDICATORS:
        radio = section.widget("radio", LABELS[indicator])
        label = radio.raw_value
        shown[indicator] = None if label == DONT_KNOW else int(label.split(" — ")[0])
    return shown


def two_servers(url: sa.URL) -> list[StreamlitServer]:
    """Two app servers on the same database."""
    environment = {"SMARTCITY_DB_URL": url.render_as_string(hide_password=False)}
    return [StreamlitServer(env=environment), StreamlitServer(env=environment)]


@pytest.fixture
def shared_round(postgres_cluster: Cluster) -> Iterator[tuple[sa.URL, RoundStore, Round, str]]:
    """A fresh PostgreSQL database with a one-town, one-instrument round: (url, store, round, key)."""
    url = postgres_cluster.new_database()
    store = RoundStore(url)
    round_, key = store.create_round(DATASET, "Shu 2026", [TOWN], [INSTRUMENT])
    yield url, store, round_, key
    store.close()


def stored_answers(
    store: RoundStore, round_: Round, token: str
) -> tuple[str, dict[str, float | None]] | None:
    """A token's stored group and answers (by indicator), or None when nothing is stored."""
    saved = store.response(round_.id, token)
    if saved is None:
        return None
    assert {city for city, _, _ in saved.answers} == {TOWN}
    return saved.group_id, {
        indicator: saved.answers[(TOWN, INSTRUMENT, indicator)] for indicator in INDICATORS
    }


def assert_store_holds_exactly(
    store: RoundStore, round_: Round, key: str, expected: dict[str, Respondent]
) -> None:
    """The round holds one response per token, each with the group and answers the token last sent."""
    frame = store.responses(DATASET, round_.id, key)
    assert frame["respondent_id"].nunique() == len(expected)  # none lost, none duplicated
    assert len(frame) == len(expected) * len(INDICATORS)
    for token, respondent in expected.items():
        assert stored_answers(store, round_, token) == (respondent.group, respondent.answers), (
            respondent.number
        )


# --- 50 sessions, 500 responses, two servers ------------------------------------------------------------


def test_fifty_sessions_over_two_servers_store_five_hundred_responses_exactly(shared_round):
    url, store, round_, key = shared_round
    servers = two_servers(url)
    links = group_links(round_)
    expected: dict[str, Respondent] = {}

    async def respondent(session_number: int, respondent: Respondent) -> None:
        home, other = servers[session_number % 2], servers[(session_number + 1) % 2]
        async with ProtocolSession(home.url, f"{links[respondent.group]}&lang=en") as page:
            await answer_and_submit(page, await start(page), respondent.answers, respondent.double_click_gap)
            token, address = token_of(page), page.query_string
        expected[token] = respondent
        if not (respondent.resubmits or respondent.amends):
            return
        reload_on = other if respondent.amends else home
        async with ProtocolSession(reload_on.url, f"answer?{address}") as page:  # a reload, same token
            assert token_of(page) == token
            section = await start(page)
            assert restored_answers(section) == respondent.answers  # the answers given came back
            if respondent.amends:
                respondent = plan(round_, respondent.number, seed=1)
            await answer_and_submit(page, section, respondent.answers, None)
        expected[token] = respondent

    async def session(number: int) -> None:
        for index in range(RESPONDENTS_EACH):
            await respondent(number, plan(round_, number * RESPONDENTS_EACH + index))

    async def everyone() -> None:
        async with asyncio.timeout(LOAD_TIMEOUT_SECONDS):
            await asyncio.gather(*(session(number) for number in range(SESSIONS)))

    try:
        run_sessions(everyone())
    finally:
        for server in servers:
            server.stop()
    assert len(expected) == SESSIONS * RESPONDENTS_EACH
    assert_store_holds_exactly(store, round_, key, expected)


# --- kill -9 one server while sessions submit -----------------------------------------------------------

KILL_SESSIONS, KILL_RESPONDENTS_EACH = 20, 8
KILL_AFTER = 15
"""The doomed server is killed as soon as it has acknowledged this many submissions."""


def test_a_server_killed_mid_submit_loses_no_committed_response_and_the_other_keeps_serving(shared_round):
    url, store, round_, key = shared_round
    doomed, survivor = two_servers(url)
    links = group_links(round_)
    expected: dict[str, Respondent] = {}
    acknowledged_by_doomed: list[str] = []
    cut_off: list[tuple[Respondent, object]] = []
    """Each respondent cut off by the kill, with what the store held for their token at that moment."""

    async def respondent(serving: list[StreamlitServer], respondent: Respondent) -> None:
        """Answer on the session's server; when it dies, reload the same address on the survivor."""
        address, token = f"{links[respondent.group]}&lang=en", None
        while True:
            server = serving[0]
            try:
                async with ProtocolSession(server.url, address) as page:
                    token, address = token_of(page), f"answer?{page.query_string}"
                    expected[token] = respondent
                    await answer_and_submit(page, await start(page), respondent.answers, None)
            except (ConnectionClosed, InvalidHandshake, ConnectionError):  # the server is gone
                cut_off.append((respondent, token and stored_answers(store, round_, token)))
                serving[0] = survivor  # as a load balancer would, once the server is gone
                continue
            if server is doomed:
                acknowledged_by_doomed.append(token)
                if len(acknowledged_by_doomed) == KILL_AFTER:
                    os.kill(doomed.process.pid, signal.SIGKILL)  # other sessions are mid-run on it
            return

    async def session(number: int) -> None:
        serving = [doomed if number % 2 else survivor]
        for index in range(KILL_RESPONDENTS_EACH):
            await respondent(serving, plan(round_, number * KILL_RESPONDENTS_EACH + index))

    async def everyone() -> None:
        async with asyncio.timeout(LOAD_TIMEOUT_SECONDS):
            await asyncio.gather(*(session(number) for number in range(KILL_SESSIONS)))

    try:
        run_sessions(everyone())
        assert doomed.process.wait(timeout=30) == -signal.SIGKILL
        with urllib.request.urlopen(f"{survivor.url}/_stcore/health", timeout=10) as health:
            assert health.status == 200  # the other server kept serving throughout
    finally:
        doomed.stop()
        survivor.stop()
    assert cut_off, "no session was cut off by the kill"
    for cut, held in cut_off:  # nothing, or the whole sheet (each submission is one transaction)
        assert held in (None, (cut.group, cut.answers)), cut.number
    assert len(acknowledged_by_doomed) >= KILL_AFTER  # and those it sent before dying, read after
    assert all(stored_answers(store, round_, token) for token in acknowledged_by_doomed)
    assert len(expected) == KILL_SESSIONS * KILL_RESPONDENTS_EACH
    assert_store_holds_exactly(store, round_, key, expected)
