"""Script-injection payloads in every place user text reaches the screen, in headless Chromium.

Each test puts ``<script>``, ``<img onerror>``, ``javascript:`` and markdown-link payloads into one
kind of user input (a share link's added town, query parameters, an uploaded file, a saved
scenario's name and note), visits the pages that show it, and checks in the page and in every
frame (the map's iframe included) that nothing ran: ``window.__xss`` stays undefined, the
hooked ``alert``/``confirm``/``prompt`` are never called, no dialog opens, and no
``javascript:`` link exists. Each test also checks that the payload is shown, as text, so the
place was really exercised.
"""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, expect

from smartcity.data import load_dataset
from smartcity.model import City
from smartcity.scenario import Scenario, ScoreLayer, to_query
from tests.support.browser import open_page, wait_for_app

pytestmark = pytest.mark.browser

DATASET = load_dataset()
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
SCRIPT = "<script>window.__xss=1</script>"
IMAGE = '<img src=x onerror="window.__xss=1">'
JAVASCRIPT_URL = "javascript:window.__xss=1"
MARKDOWN_LINK = "[x](javascript:window.__xss=1)"
HOSTILE = f"{IMAGE}{SCRIPT}{MARKDOWN_LINK} {JAVASCRIPT_URL}"
# A city id the share link accepts (no space, dot, comma or colon) that is markup too.
HOSTILE_ID = "<img/src=x/onerror=alert(1)>"
HOSTILE_TOWN = City(
    HOSTILE_ID,
    {"en": HOSTILE, "kk": HOSTILE, "ru": HOSTILE},
    "KZ-39",
    50.25,
    66.9,
    population_paper=HOSTILE,
    role=HOSTILE,
    location=HOSTILE,
    economy=HOSTILE,
    issues=HOSTILE,
    priorities=HOSTILE,
    origin="user",
)

PAGES_NAMING_THE_TOWN = (
    "City profile",
    "Radar",
    "What if",
    "Stakeholders",
    "Governance",
    "Uncertainty",
    "Survey data",
)

HOOKS_JS = """
window.__alerts = [];
for (const name of ['alert', 'confirm', 'prompt']) {
    window[name] = (...args) => { window.__alerts.push(name + ':' + String(args[0])); };
}
"""
EXECUTED_JS = """() => [
    typeof window.__xss,
    window.__alerts ? window.__alerts.length : -1,
    document.querySelectorAll('[*|href^="javascript:" i], [src^="javascript:" i]').length,
]"""
MARKER_AT_JS = """([lat, lng]) => {
    const paths = Array.from(document.querySelectorAll('path.smartcity-city'));
    const marker = Object.values(window.map._layers).find(layer => layer instanceof L.CircleMarker
        && Math.abs(layer.getLatLng().lat - lat) < 1e-4 && Math.abs(layer.getLatLng().lng - lng) < 1e-4);
    return marker ? paths.indexOf(marker._path) : -1;
}"""


def hostile_scenario() -> Scenario:
    """The hostile town, scored 5 everywhere (so it leads every ranking and story), with a hostile layer."""
    scenario = Scenario(added_cities=(HOSTILE_TOWN,))
    for instrument in DATASET.instruments:
        for indicator_id in instrument.indicator_ids:
            scenario = scenario.with_override((HOSTILE_ID, instrument.id, indicator_id), 5.0)
    layer = ScoreLayer("hostile", HOSTILE, (((HOSTILE_ID, "scri", "digital_infrastructure"), 4.0),))
    return scenario.with_layer(layer)


def guarded(page: Page) -> list[str]:
    """Hook dialogs in every frame of the page; return the list dialogs get recorded in."""
    dialogs: list[str] = []
    page.add_init_script(HOOKS_JS)  # in the page and each frame it loads, from its next navigation

    def record(dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", record)
    return dialogs


def assert_nothing_ran(page: Page, dialogs: list[str]) -> None:
    """No payload executed in the page or in any of its frames."""
    page.wait_for_timeout(300)  # let any onerror of a broken image fire
    for frame in page.frames:
        try:
            executed = frame.evaluate(EXECUTED_JS)
        except PlaywrightError:
            assert frame.is_detached(), frame.url  # a frame the page replaced meanwhile is gone, not run
            continue
        assert executed == ["undefined", 0, 0], frame.url
    assert dialogs == []


def shown_as_text(page: Page, text: str) -> None:
    """The payload is on screen as literal text."""
    expect(page.get_by_text(text, exact=False).first).to_be_attached()


def test_a_hostile_town_from_a_share_link_is_text_on_every_page_and_in_the_map(server, page):
    dialogs = guarded(page)
    params = {**to_query(DATASET, hostile_scenario()), "city": HOSTILE_ID}
    page.goto(f"{server.url}/?{urlencode(params)}")
    wait_for_app(page)
    assert not page.get_by_text("Part of the link was not valid").count()  # the link was accepted
    shown_as_text(page, JAVASCRIPT_URL)  # the selected town's panel: name and profile
    what_if = page.get_by_test_id("stExpander").filter(has_text="What if")  # its sliders beside the map
    expect(what_if).to_contain_text(HOSTILE)
    assert what_if.locator("img, script, a").count() == 0

    frame = page.frame_locator(MAP_FRAME)
    frame.locator("path.smartcity-city").first.wait_for()
    map_frame = page.locator(MAP_FRAME).element_handle().content_frame()
    index = map_frame.evaluate(MARKER_AT_JS, [HOSTILE_TOWN.latitude, HOSTILE_TOWN.longitude])
    assert index >= 0
    marker = frame.locator("path.smartcity-city").nth(index)
    marker.hover()
    tooltip = frame.locator(".leaflet-tooltip")
    expect(tooltip).to_contain_text(SCRIPT)  # the tooltip shows the name as text
    assert tooltip.locator("img, script, a").count() == 0
    marker.click()
    wait_for_app(page)
    assert_nothing_ran(page, dialogs)

    for title in PAGES_NAMING_THE_TOWN:
        open_page(page, title)
        shown_as_text(page, SCRIPT)  # in tables, lists, the narrative, chart legends and labels
        assert_nothing_ran(page, dialogs)
    open_page(page, "Scenarios and export")
    assert_nothing_ran(page, dialogs)
    open_page(page, "What if")
    page.get_by_role("radio", name=HOSTILE, exact=True).click()  # show the town's sliders
    wait_for_app(page)
    story = page.locator(".smartcity-panel")
    expect(story).to_contain_text(SCRIPT)  # the narrative names the town that leads
    assert_nothing_ran(page, dialogs)


def test_hostile_query_parameters_only_give_escaped_warnings(server, page):
    dialogs = guarded(page)
    params = {
        "m": SCRIPT,
        "lang": IMAGE,
        "city": IMAGE,
        "o": f"{IMAGE}.scri.digital_infrastructure:3,shu.scri.digital_infrastructure:{JAVASCRIPT_URL}",
        "w": f"scri.{MARKDOWN_LINK}:2",
        "iw": f"{SCRIPT}:1",
        "x": SCRIPT,
        "present": IMAGE,
    }
    page.goto(f"{server.url}/?{urlencode(params)}")
    wait_for_app(page)
    warnings = page.locator('[data-testid="stAlert"]').filter(has_text="Part of the link was not valid")
    expect(warnings.first).to_be_visible()
    assert warnings.count() >= 5
    shown_as_text(page, SCRIPT)
    assert_nothing_ran(page, dialogs)


def hostile_survey(respondent_id: str, city: str) -> bytes:
    lines = ["respondent_id,stakeholder_group,city,instrument,indicator,score"]
    for number in range(3):
        lines.append(f'"{respondent_id}{number}",civil_society,{city},scri,digital_infrastructure,4')
    return "\r\n".join(lines).encode()


def test_hostile_cells_and_file_names_of_an_upload_stay_text(server, page):
    dialogs = guarded(page)
    page.goto(server.url)
    wait_for_app(page)
    open_page(page, "Survey data")
    uploader = page.locator('[data-testid="stFileUploaderDropzoneInput"]')

    bad = (
        hostile_survey(IMAGE.replace('"', "'"), MARKDOWN_LINK)
        + f"\r\n{SCRIPT},{IMAGE},x,y,z,{JAVASCRIPT_URL}".encode()
    )
    uploader.set_input_files({"name": f"{IMAGE}.csv", "mimeType": "text/csv", "buffer": bad})
    expect(page.get_by_text("problem", exact=False).first).to_be_visible(timeout=30_000)
    assert_nothing_ran(page, dialogs)

    good = hostile_survey(SCRIPT.replace(",", ";"), "Shu")
    uploader.set_input_files({"name": f"{SCRIPT}.csv", "mimeType": "text/csv", "buffer": good})
    page.get_by_role("button", name="Use these scores").click()
    wait_for_app(page)
    # One indicator scored here, so "1 indicator score" (singular).
    layer = page.locator('[data-testid="stMarkdownContainer"]').filter(has_text="indicator score")
    expect(layer.first).to_contain_text(f"{SCRIPT}.csv")  # the layer in use is named after the file
    assert_nothing_ran(page, dialogs)
    open_page(page, "What if")
    assert_nothing_ran(page, dialogs)


def test_a_hostile_scenario_name_and_note_stay_text_when_saved_listed_and_compared(server, page):
    dialogs = guarded(page)
    page.goto(f"{server.url}/?o=shu.scri.digital_infrastructure:4")
    wait_for_app(page)
    open_page(page, "Scenarios and export")
    name = f"{IMAGE}{SCRIPT}{MARKDOWN_LINK}"
    page.get_by_role("textbox", name="Name", exact=True).fill(name)
    page.get_by_role("textbox", name="Author", exact=True).fill(IMAGE)
    page.get_by_role("textbox", name="Note", exact=True).fill(HOSTILE)
    page.get_by_role("button", name="Save").first.click()
    wait_for_app(page)
    shown_as_text(page, SCRIPT)  # "saved as ..." message
    assert_nothing_ran(page, dialogs)

    page.get_by_role("radio", name="Compare").or_(page.get_by_role("button", name="Compare")).first.click()
    wait_for_app(page)
    shown_as_text(page, SCRIPT)  # the compared scenario's heading, the radar legend, the map legend
    assert_nothing_ran(page, dialogs)
