"""Where a share link lands: its address (the app's root plus the chosen page) and the banner's summary
of what the link changes, a few lines in the reader's language."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smartcity.analysis.change_summary import link_banner_lines
from smartcity.data import load_dataset
from smartcity.files import share
from smartcity.model import City
from smartcity.scenario import Scenario

DATASET = load_dataset()
PAGE_PATHS = {"profile", "radar", "what_if", "scenarios", "uncertainty"}
AYAGOZ_DIGITAL = ("ayagoz", "scri", "digital_infrastructure")
ZHEZKAZGAN = City(
    "zhezkazgan", {"en": "Zhezkazgan", "kk": "Жезқазған", "ru": "Жезказган"}, "KZ-62", 47.78, 67.71
)
PAPER_TOWNS = ("shu", "ayagoz", "shalkar")
"""In Table 2 they score 2, 1 and 2 on digital infrastructure, and no SCRI indicator above 3."""


@pytest.mark.parametrize(
    ("page_url", "page", "params", "expected"),
    [
        (
            "http://host:8501/scenarios",
            "",
            {"o": "ayagoz.scri.digital_infrastructure:3"},
            "http://host:8501/?o=ayagoz.scri.digital_infrastructure:3",
        ),
        (
            "http://host:8501/scenarios",
            "what_if",
            {"m": "goalpost", "lang": "ru"},
            "http://host:8501/what_if?m=goalpost&lang=ru",
        ),
        ("http://host:8501", "radar", {}, "http://host:8501/radar"),  # the home page, as Streamlit gives it
        ("http://host:8501/", "", {"city": "shu"}, "http://host:8501/?city=shu"),
        (
            "https://example.org/smartcity/scenarios",  # served under a base path, which stays
            "",
            {"o": "shu.scri.digital_infrastructure:3"},
            "https://example.org/smartcity/?o=shu.scri.digital_infrastructure:3",
        ),
        ("https://example.org/smartcity", "profile", {}, "https://example.org/smartcity/profile"),
        (
            "https://example.org/a/b/radar/?old=1#top",  # the old query and fragment go
            "scenarios",
            {"s": "abc"},
            "https://example.org/a/b/scenarios?s=abc",
        ),
    ],
)
def test_a_link_is_the_apps_root_plus_the_chosen_page(page_url, page, params, expected):
    assert share.page_address(page_url, PAGE_PATHS, page, params) == expected


def test_only_scenario_parameters_make_a_link_carry_a_scenario():
    assert not share.carries_scenario(["lang", "city", "present"])
    assert share.carries_scenario(["lang", "o"])
    assert share.carries_scenario(["s"])
    assert share.carries_scenario(["m"])


def test_the_papers_scenario_has_nothing_to_say():
    assert link_banner_lines(DATASET, Scenario(), "en") == []
    unchanged = Scenario().with_override(AYAGOZ_DIGITAL, 1)  # the paper's own value
    assert link_banner_lines(DATASET, unchanged, "ru") == []


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", ["Ayagoz: Digital Infrastructure (SCRI) 1 → 3", "1 weight changed."]),
        ("ru", ["Аягоз: Цифровая инфраструктура (SCRI) 1 → 3", "Изменён 1 вес."]),
    ],
)
def test_a_changed_score_and_weight_are_named(language, expected):
    scenario = (
        Scenario().with_override(AYAGOZ_DIGITAL, 3).with_indicator_weight("scri", "digital_infrastructure", 2)
    )
    assert link_banner_lines(DATASET, scenario, language) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", ["Zhezkazgan added, 23 scores entered"]),
        ("ru", ["Жезказган: город добавлен, введены 23 оценки"]),
    ],
)
def test_an_added_town_is_one_line_not_one_per_score(language, expected):
    scenario = Scenario().with_city(ZHEZKAZGAN)
    for instrument in DATASET.instruments:
        for indicator in instrument.indicator_ids:
            scenario = scenario.with_override(("zhezkazgan", instrument.id, indicator), 3)
    assert link_banner_lines(DATASET, scenario, language) == expected


def many_changes() -> Scenario:
    """Goalpost scoring, the paper's towns' digital infrastructure at 5, Zhezkazgan, two weights."""
    scenario = Scenario(method="goalpost")
    for city_id in PAPER_TOWNS:
        scenario = scenario.with_override((city_id, "scri", "digital_infrastructure"), 5)
    scenario = scenario.with_city(ZHEZKAZGAN)
    scenario = scenario.with_override(("zhezkazgan", "scri", "digital_infrastructure"), 4)
    return scenario.with_indicator_weight("scri", "economic_potential", 3).with_instrument_weight("scri", 2)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "en",
            [
                "Scoring method: Goalpost (min–max)",
                "Shu: Digital Infrastructure (SCRI) 2 → 5",
                "Ayagoz: Digital Infrastructure (SCRI) 1 → 5",
                "… and 3 more changes.",
            ],
        ),
        (
            "ru",
            [
                "Метод расчёта: Мин–макс нормирование",
                "Шу: Цифровая инфраструктура (SCRI) 2 → 5",
                "Аягоз: Цифровая инфраструктура (SCRI) 1 → 5",
                "… и ещё 3 изменения.",
            ],
        ),
    ],
)
def test_many_changes_show_three_lines_and_count_the_rest(language, expected):
    # Six lines in all: the method, Shu, Ayagoz, Shalkar, Zhezkazgan added, "2 weights changed".
    assert link_banner_lines(DATASET, many_changes(), language) == expected


def test_four_changes_are_all_shown_rather_than_three_and_one_more():
    scenario = Scenario(method="geometric")
    for city_id in PAPER_TOWNS:
        scenario = scenario.with_override((city_id, "scri", "digital_infrastructure"), 4)
    assert link_banner_lines(DATASET, scenario, "en") == [
        "Scoring method: Geometric mean",
        "Shu: Digital Infrastructure (SCRI) 2 → 4",
        "Ayagoz: Digital Infrastructure (SCRI) 1 → 4",
        "Shalkar: Digital Infrastructure (SCRI) 2 → 4",
    ]


@given(st.lists(st.sampled_from(DATASET.instrument("scri").indicator_ids), min_size=1, max_size=7), st.data())
def test_at_most_four_lines_and_every_changed_town_is_counted(indicators, data):
    towns = data.draw(st.lists(st.sampled_from(PAPER_TOWNS), min_size=1, unique=True))
    added = data.draw(st.integers(min_value=0, max_value=6))
    scenario = Scenario()
    for town in towns:
        for indicator in indicators:  # no SCRI score of the paper is 5: always a change
            scenario = scenario.with_override((town, "scri", indicator), 5)
    for number in range(added):
        city = City(f"added{number}", {"en": f"Added {number}"}, "KZ-62", 47.0 + number / 10, 67.0)
        scenario = scenario.with_city(city).with_override((city.id, "scri", indicators[0]), 3)
    changed = len(towns) + added  # one line per town
    lines = link_banner_lines(DATASET, scenario, "en")
    if changed <= 4:
        assert len(lines) == changed
    else:
        assert len(lines) == 4
        assert lines[-1] == f"… and {changed - 3} more changes."
