"""Short links between two app servers that share one PostgreSQL store."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from playwright.sync_api import Browser, expect

from smartcity.data import load_dataset
from smartcity.scenario import to_query
from tests.support.browser import StreamlitServer, wait_for_app
from tests.support.scenarios import towns_scored

pytestmark = pytest.mark.browser
DATASET = load_dataset()


@pytest.fixture
def two_servers(postgres_cluster) -> Iterator[tuple[StreamlitServer, StreamlitServer]]:
    """Two `streamlit run` processes on one PostgreSQL database, as a workshop's servers would be."""
    url = postgres_cluster.new_database().render_as_string(hide_password=False)
    servers = [StreamlitServer(env={"SMARTCITY_DB_URL": url}) for _ in range(2)]
    try:
        yield servers[0], servers[1]
    finally:
        for server in servers:
            server.stop()


def test_a_big_scenario_gets_a_short_link_that_the_other_server_opens(two_servers, browser: Browser):
    first, second = two_servers
    big = towns_scored(DATASET, 40, 4)  # 40 towns scored 4 on every indicator: 80% everywhere
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = context.new_page()
        page.goto(f"{first.url}/?{urlencode(to_query(DATASET, big))}")
        wait_for_app(page)
        page.wait_for_url(lambda address: "s=" in urlsplit(address).query, timeout=30_000)
        query = parse_qs(urlsplit(page.url).query)
        assert "o" not in query and "x" not in query  # the address bar holds the short id only
        short = query["s"][0]

        other = context.new_page()
        other.goto(f"{second.url}/?s={short}")
        wait_for_app(other)
        town = big.added_cities[0].name("en")
        expect(other.get_by_role("cell", name=town, exact=True).first).to_be_visible()
        expect(other.get_by_text("Part of the link was not valid")).to_have_count(0)
        assert parse_qs(urlsplit(other.url).query)["s"] == [short]  # the same scenario, the same id
    finally:
        context.close()
