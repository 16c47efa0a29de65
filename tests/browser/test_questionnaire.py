"""The "Done when" test of issue 14: a whole round answered on phones, in three languages, in a real browser.

Each respondent opens a group link in a fresh browser context at 390×844, finds every question as a
radio group named by its indicator, submits, and the organiser's live means, the export and its
re-import all agree with the answers given; a resubmit does not count twice; results need the key.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from smartcity.analysis.consensus import indicator_statistics
from smartcity.data import load_dataset
from smartcity.files.round_export import responses_csv
from smartcity.files.survey import aggregate, read_survey
from smartcity.i18n.labels import indicator_name
from smartcity.store.database import StoreError
from smartcity.store.rounds import RoundStore, group_links
from tests.support.browser import StreamlitServer, save_screenshot, wait_for_app

pytestmark = pytest.mark.browser

DATASET = load_dataset()
INSTRUMENTS = ("scri", "stakeholders")
BUTTONS = {
    "en": ("Start", "Next", "Submit"),
    "ru": ("Начать", "Далее", "Отправить"),
    "kk": ("Бастау", "Келесі", "Жіберу"),
}
SECTION = {"en": "Section {} of 2", "ru": "Раздел {} из 2", "kk": "2 бөлімнің {}-бөлімі"}
DONT_KNOW = {"en": "Don't know", "ru": "Не знаю", "kk": "Білмеймін"}
# group, language, SCRI score, stakeholders score; the first does not know Digital Infrastructure.
RESPONDENTS = (("local_government", "en", 4, 2), ("civil_society", "ru", 2, 5), ("researchers", "kk", 3, 5))
# Worked out by hand from RESPONDENTS: Digital Infrastructure (2 + 3) / 2; other SCRI (4 + 2 + 3) / 3;
# stakeholders (2 + 5 + 5) / 3.
EXPECTED = {("scri", "digital_infrastructure"): (2, 2.5)}
EXPECTED.update({("scri", i): (3, 3.0) for i in DATASET.instrument("scri").indicator_ids[1:]})
EXPECTED.update({("stakeholders", i): (3, 4.0) for i in DATASET.instrument("stakeholders").indicator_ids})


@pytest.fixture
def rounds(server: StreamlitServer) -> Iterator[RoundStore]:
    """The round store of the test server's own database."""
    store = RoundStore(f"sqlite:///{server.data_dir}/scenarios.db")
    yield store
    store.close()


def phone(browser: Browser, language: str) -> Page:
    """A fresh context (no shared cookies or storage) at a phone's viewport."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale=language, is_mobile=True)
    return context.new_page()


def choose(page: Page, question: str, label: re.Pattern[str] | str) -> None:
    """Click an option of the radio group named by ``question`` and wait until it is checked.

    Only the current run's elements count: while a rerun draws, the previous run's copy of a group
    can still be on the page, marked stale."""
    current = page.locator('[data-testid="stElementContainer"]:not([data-stale="true"])')
    option = current.get_by_role("radiogroup", name=question, exact=True).get_by_role("radio", name=label)
    option.locator("xpath=ancestor::label[1]").click()
    expect(option).to_be_checked()


def press(page: Page, name: str, language: str, section: int) -> None:
    """Click a button and wait until the page shows the section it leads to."""
    page.get_by_role("button", name=name, exact=True).click()
    expect(page.get_by_test_id("stProgress")).to_contain_text(SECTION[language].format(section))
    wait_for_app(page)


def answer_round(page: Page, language: str, scores: tuple[int, int], screenshot: bool) -> None:
    """Go through the sections giving every indicator the instrument's score, then submit."""
    start, forward, submit = BUTTONS[language]
    press(page, start, language, 1)
    for number, (instrument, value) in enumerate(zip(INSTRUMENTS, scores, strict=True), start=1):
        for indicator in DATASET.instrument(instrument).indicator_ids:
            name = indicator_name(DATASET, instrument, indicator, language)
            first = language == "en" and indicator == "digital_infrastructure"
            choose(page, name, DONT_KNOW[language] if first else re.compile(rf"^{value} — "))
        if screenshot and number == 1:
            wait_for_app(page)
            page.get_by_role("heading", level=1).scroll_into_view_if_needed()  # the title, note and progress
            save_screenshot(page, f"questionnaire_{language}_phone")
        if number < len(INSTRUMENTS):
            press(page, forward, language, number + 1)
    page.get_by_role("button", name=forward, exact=True).click()
    expect(page.get_by_role("button", name=submit, exact=True)).to_be_visible()
    wait_for_app(page)
    page.get_by_role("button", name=submit, exact=True).click()
    expect(page.get_by_test_id("stAlertContentSuccess")).to_be_visible()


def test_a_whole_round_on_phones_in_three_languages(server, browser, rounds):
    round_, key = rounds.create_round(DATASET, "Shu <i>2026</i>", ["shu"], list(INSTRUMENTS))
    links = group_links(round_)
    pages = []
    for group, language, *scores in RESPONDENTS:  # 1-2: each group link in a fresh phone context
        page = phone(browser, language)
        page.goto(f"{server.url}/{links[group]}&lang={language}")
        wait_for_app(page)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        answer_round(page, language, (scores[0], scores[1]), screenshot=True)
        pages.append(page)

    live = indicator_statistics(rounds.responses(DATASET, round_.id, key))  # 3: the organiser's live view
    assert {(r.instrument, r.indicator): (r.n, r.mean) for r in live.itertuples()} == EXPECTED

    exported = read_survey(responses_csv(rounds.responses(DATASET, round_.id, key)), "round.csv", DATASET)
    assert exported.problems == ()  # 4: the export re-imports to the same aggregates
    again = aggregate(exported.responses).overall
    assert {(r.instrument, r.indicator): (r.n, r.mean) for r in again.itertuples()} == EXPECTED

    first = pages[0]  # 5: a resubmit (and a double click) after a reload does not count twice
    first.reload()
    wait_for_app(first)
    press(first, "Start", "en", 1)
    physical = first.get_by_role("radiogroup", name="Physical Infrastructure", exact=True)
    expect(physical.get_by_role("radio", name=re.compile(r"^4 — "))).to_be_checked()  # the answers came back
    press(first, "Next", "en", 2)
    first.get_by_role("button", name="Next", exact=True).click()
    expect(first.get_by_role("button", name="Submit", exact=True)).to_be_visible()
    wait_for_app(first)
    first.get_by_role("button", name="Submit", exact=True).dblclick()
    expect(first.get_by_test_id("stAlertContentSuccess")).to_be_visible()
    wait_for_app(first)
    frame = rounds.responses(DATASET, round_.id, key)
    assert frame["respondent_id"].nunique() == 3
    assert {
        (r.instrument, r.indicator): (r.n, r.mean) for r in indicator_statistics(frame).itertuples()
    } == EXPECTED

    with pytest.raises(StoreError):  # 6: no results without the key
        rounds.responses(DATASET, round_.id)
    with pytest.raises(StoreError):
        rounds.responses(DATASET, round_.id, "not-the-key")
    for page in pages:
        page.context.close()
