"""Upload a survey file in Chromium, use its scores, and see them on the what-if page and the map."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from smartcity.data import load_dataset
from tests.support.browser import open_page, save_screenshot, wait_for_app

pytestmark = pytest.mark.browser

DATASET = load_dataset()
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
SHU = next(city for city in DATASET.cities if city.id == "shu")
# Index among the town markers of the one drawn at (lat, lng).
MARKER_AT_JS = """(_, [lat, lng]) => {
    const paths = Array.from(document.querySelectorAll('path.smartcity-city'));
    const marker = Object.values(window.map._layers).find(layer => layer instanceof L.CircleMarker
        && Math.abs(layer.getLatLng().lat - lat) < 1e-4 && Math.abs(layer.getLatLng().lng - lng) < 1e-4);
    return marker ? paths.indexOf(marker._path) : -1;
}"""


def shu_top_marks_file(tmp_path) -> str:
    """A semicolon CSV in Windows-1251 as Excel saves it in Russian: five respondents give Шу all 5s."""
    lines = ["respondent_id;stakeholder_group;city;instrument;indicator;score"]
    for respondent in range(5):
        for instrument in DATASET.instruments:
            for indicator in instrument.indicator_ids:
                lines.append(f"r{respondent};civil_society;Шу;{instrument.id};{indicator};5")
    path = tmp_path / "shu_round2.csv"
    path.write_bytes("\r\n".join(lines).encode("cp1251"))
    return str(path)


def test_uploaded_scores_show_on_the_what_if_page_and_the_map(server, page, tmp_path):
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(server.url)
    wait_for_app(page)
    open_page(page, "Survey data")
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(shu_top_marks_file(tmp_path))
    expect(page.get_by_text("115 answers from 5 respondents, no problems")).to_be_visible(timeout=30_000)
    page.get_by_role("button", name="Use these scores").click()
    expect(page.get_by_text("These scores are in use on every page.")).to_be_visible(timeout=30_000)
    save_screenshot(page, "data_page_uploaded")

    open_page(page, "What if")
    results = page.locator(".smartcity-panel table").first
    shu_row = results.locator("tr", has_text="Shu")
    expect(shu_row).to_contain_text("35 / 35")
    expect(shu_row).to_contain_text("100%")
    # The paper's other towns keep Table 2's totals.
    expect(results.locator("tr", has_text="Shalkar")).to_contain_text("12 / 35")
    save_screenshot(page, "what_if_after_upload")

    open_page(page, "Map")
    frame = page.frame_locator(MAP_FRAME)
    expect(frame.locator("path.smartcity-city")).to_have_count(3, timeout=30_000)
    position = frame.locator(".leaflet-container").evaluate(MARKER_AT_JS, [SHU.latitude, SHU.longitude])
    assert position >= 0
    frame.locator("path.smartcity-city").nth(position).hover()
    tooltip = frame.locator(".leaflet-tooltip")
    expect(tooltip).to_contain_text("Shu")
    expect(tooltip).to_contain_text("100%")
    save_screenshot(page, "map_after_upload")
    assert errors == []
