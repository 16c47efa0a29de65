"""The analysis pages' tables and sentences, checked against the paper's Tables 1-4 and Figure 1."""

from __future__ import annotations

import pytest

from smartcity.analysis import insights
from smartcity.data import load_dataset
from smartcity.i18n.labels import indicator_name
from smartcity.model import City
from smartcity.scenario import Scenario
from smartcity.scoring import COMPOSITE, score

DATASET = load_dataset()
AYAGOZ_DIGITAL = ("ayagoz", "scri", "digital_infrastructure")


def rows_by_city(table: tuple[tuple[str, ...], ...]) -> dict[str, dict[str, str]]:
    header, *rows = table
    return {row[0]: dict(zip(header, row, strict=True)) for row in rows}


def test_results_table_prints_table_2_in_rank_order():
    header, *rows = insights.results_table(DATASET, Scenario(), "scri", "en")
    assert header == ("City", "Total", "Readiness", "Rank", "Δ vs paper, pp", "Rank change")
    assert rows == [
        ("Shu", "15 / 35", "43%", "1", "0", "="),
        ("Shalkar", "12 / 35", "34%", "2", "0", "="),
        ("Ayagoz", "11 / 35", "31%", "3", "0", "="),
    ]


def test_results_table_shows_the_change_against_the_paper():
    rows = rows_by_city(
        insights.results_table(DATASET, Scenario().with_override(AYAGOZ_DIGITAL, 3), "scri", "en")
    )
    assert rows["Ayagoz"]["Δ vs paper, pp"] == "+5.7"  # 2 points of 35
    assert rows["Ayagoz"]["Rank change"] == "▲ 1"
    assert rows["Shalkar"]["Rank change"] == "▼ 1" and rows["Shalkar"]["Δ vs paper, pp"] == "0"


def test_results_table_in_russian_uses_a_decimal_comma():
    rows = rows_by_city(
        insights.results_table(DATASET, Scenario().with_override(AYAGOZ_DIGITAL, 1.5), "scri", "ru")
    )
    assert rows["Аягоз"]["Сумма баллов"] == "11,5 / 35"


def test_composite_table_has_no_total_column():
    header, *rows = insights.results_table(DATASET, Scenario(), COMPOSITE, "en")
    assert "Total" not in header and len(rows) == 3
    # The composite averages SCRI, stakeholders and governance: Shu (15/35 + 22/40 + 24/40) / 3
    shu = rows_by_city((header, *rows))["Shu"]
    assert shu["Readiness"] == f"{round((15 / 35 + 22 / 40 + 24 / 40) / 3 * 100)}%"


def test_a_city_missing_scores_is_listed_last_as_incomplete():
    city = City(id="aral", names={"en": "Aral"}, region_iso="KZ-33", latitude=46.8, longitude=61.67)
    scenario = Scenario().with_city(city)
    *_, last = insights.results_table(DATASET, scenario, "governance", "en")
    assert last[0] == "Aral" and last[-1] == "incomplete"
    assert "Aral" in insights.incomplete_note(DATASET, scenario, COMPOSITE, "en")
    assert insights.incomplete_note(DATASET, Scenario(), "scri", "en") is None


def test_story_says_who_leads_who_overtakes_whom_and_what_all_lack():
    sentences = insights.story(DATASET, Scenario().with_override(AYAGOZ_DIGITAL, 3), "scri", "en")
    text = " ".join(sentences)
    assert "highest — Shu, 15 of 35 points (43%)" in text
    assert "Ayagoz overtakes Shalkar" in text
    assert "all cities score 1 on Environmental Sustainability" in text  # the paper's common weakness
    assert not any("Physical Infrastructure" in s for s in sentences)  # per-indicator lines stay out


def test_rank_change_and_delta_texts():
    assert insights.rank_change_text(2, "en") == "▲ 2"
    assert insights.rank_change_text(-1, "en") == "▼ 1"
    assert insights.rank_change_text(0, "en") == "="
    assert insights.rank_change_text(None, "en") == "—"
    assert insights.delta_text(-2.857, "ru") == "−2,9"
    assert insights.delta_text(0.01, "en") == "0"
    assert insights.delta_text(None, "en") == "—"


def kinds(instrument_id: str) -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = {}
    for finding in insights.profile_findings(DATASET, score(DATASET), instrument_id):
        found.setdefault(finding.kind, []).append(dict(finding.facts))
    return found


def test_table_3_shu_leads_everywhere_and_ayagoz_and_shalkar_are_identical():
    found = kinds("stakeholders")
    # "Shu leads across all indicators"; "Their identical scores suggest similarly low levels"
    assert found["leads_everywhere"] == [{"city": "shu"}]
    assert found["identical_profiles"] == [{"cities": ("ayagoz", "shalkar")}]
    assert "flat_profile" not in found


def test_table_4_profiles_are_flat_at_3_and_2():
    found = kinds("governance")
    # "Shu stands out with consistent scores (3 in all categories) ... Ayagoz and Shalkar ... 2 across all"
    assert found["flat_profile"] == [
        {"cities": ("shu",), "score": 3},
        {"cities": ("ayagoz", "shalkar"), "score": 2},
    ]
    assert found["leads_everywhere"] == [{"city": "shu"}]
    assert "identical_profiles" not in found  # said by the flat profile already


def test_table_2_has_ties_so_nobody_leads_everywhere():
    assert kinds("scri") == {}


def test_stakeholder_insights_combine_the_narrative_and_profiles():
    text = " ".join(insights.instrument_insights(DATASET, Scenario(), "stakeholders", "en"))
    assert "highest — Shu, 22 of 40 points (55%)" in text
    assert "Shu scores above every other city on every indicator" in text
    assert "Ayagoz and Shalkar have identical scores" in text
    assert "Participation of universities and research institutions is among the lowest" in text


def test_sample_findings_read_figure_1():
    found = {f.kind: dict(f.facts) for f in insights.sample_findings(DATASET)}
    assert found["sample_total"] == {"total": 53, "groups": 5}
    assert found["sample_largest"]["group"] == "civil_society" and found["sample_largest"]["count"] == 23
    assert found["sample_second"]["group"] == "researchers" and found["sample_second"]["count"] == 12
    assert found["sample_smallest"]["group"] == "ict_professionals" and found["sample_smallest"]["count"] == 4


def test_sample_sentences_use_the_languages_plural_and_decimal_comma():
    english = insights.sample_insights(DATASET, "en")
    assert english[0].startswith("53 respondents")
    assert "23 of 53 (43.40%)" in english[1]
    russian = insights.sample_insights(DATASET, "ru")
    assert "53 респондента" in russian[0]  # 53 takes the "few" form
    assert "43,40%" in russian[1]


def test_city_facts_are_table_1_with_the_geonames_population():
    facts = dict(insights.city_facts(DATASET, Scenario(), "shalkar", "en"))
    assert facts["Role / direction"] == "Railway, transit services"
    assert facts["Priorities"] == "Automate public services and optimize transport routes."
    assert facts["Population"] == "About 45–47 thousand (GeoNames: 27,399)"


def test_city_summaries_give_each_instrument_and_the_composite():
    summaries = insights.city_summaries(DATASET, Scenario(), "shu", "en")
    assert [s.instrument_id for s in summaries] == ["scri", "stakeholders", "governance", COMPOSITE]
    scri, _, governance, composite = summaries
    assert (scri.percent, scri.rank, scri.delta) == ("43%", "rank 1 of 3", None)
    assert scri.notes == (
        "Relative strengths: Economic Potential and Social Inclusion and Education",
        "Weaknesses: Environmental Sustainability",
    )
    assert governance.notes == ("The same score, 3, on every indicator.",)
    assert composite.notes == ()
    changed = insights.city_summaries(
        DATASET, Scenario().with_override(("shu", "scri", "digital_infrastructure"), 1), "shu", "en"
    )
    assert changed[0].delta == "-2.9 pp vs paper"  # an ASCII minus, which st.metric colours red


def test_city_summaries_say_when_an_instrument_is_not_scored():
    city = City(id="aral", names={"en": "Aral"}, region_iso="KZ-33", latitude=46.8, longitude=61.67)
    summaries = insights.city_summaries(DATASET, Scenario().with_city(city), "aral", "en")
    assert all(isinstance(s, str) and "not scored" in s for s in summaries)


@pytest.mark.parametrize(
    ("language", "heading"),
    [
        ("en", "Relative strengths: "),
        ("ru", "Относительные сильные стороны: "),
        ("kk", "Салыстырмалы күшті жақтары: "),
    ],
)
def test_a_towns_best_indicators_are_called_relative_strengths_even_at_2_of_5(language, heading):
    # Table 2: Shalkar's best SCRI score is 2 ("low"), on five indicators; 1 on the other two.
    scri = insights.city_summaries(DATASET, Scenario(), "shalkar", language)[0]
    strengths, weaknesses = scri.notes
    assert strengths.startswith(heading)
    assert indicator_name(DATASET, "scri", "digital_infrastructure", language) in strengths
    assert indicator_name(DATASET, "scri", "environmental_sustainability", language) in weaknesses
