"""The narrative states the facts the paper's text draws from Tables 2-4."""

from __future__ import annotations

from smartcity.analysis.narrative import findings, narrative, strengths_and_weaknesses
from smartcity.data import load_dataset
from smartcity.scenario import Scenario
from smartcity.scoring import score

DATASET = load_dataset()


def _by_kind(instrument: str, kind: str, scenario: Scenario | None = None):
    return [f for f in findings(DATASET, scenario) if f.instrument_id == instrument and f.kind == kind]


def test_shu_scores_highest_and_ayagoz_lowest_on_scri():
    # "Shu scores the highest overall with 15 points (43%) ... Ayagoz ranks lowest with 11 points (31%)"
    (leader,) = _by_kind("scri", "leader")
    (laggard,) = _by_kind("scri", "laggard")
    assert leader.facts["cities"] == ("shu",) and leader.facts["total"] == 15
    assert laggard.facts["cities"] == ("ayagoz",) and laggard.facts["total"] == 11


def test_per_dimension_leaders_and_laggards_match_the_papers_reading_of_table_2():
    by_indicator = {f.facts["indicator"]: f for f in _by_kind("scri", "dimension_spread")}
    equal = {f.facts["indicator"]: f.facts["score"] for f in _by_kind("scri", "dimension_equal")}
    # "Digital Infrastructure: Shu and Shalkar score 2 ... Ayagoz scores 1"
    digital = by_indicator["digital_infrastructure"]
    assert set(digital.facts["leaders"]) == {"shu", "shalkar"} and digital.facts["laggards"] == ("ayagoz",)
    # "Physical Infrastructure: All cities score 2"; "Institutional Readiness: Each city scores 2"
    assert equal["physical_infrastructure"] == 2 and equal["institutional_readiness"] == 2
    # "Economic Potential: Shu leads with 3"; "Social Inclusion and Education: Shu scores 3"
    for indicator in ("economic_potential", "social_inclusion_education"):
        facts = by_indicator[indicator].facts
        assert facts["leaders"] == ("shu",) and facts["top"] == 3
    # "Environmental Sustainability: All cities score 1"
    assert equal["environmental_sustainability"] == 1
    # "PPP: Shu scores 2 ... Ayagoz and Shalkar score 1"
    ppp = by_indicator["public_private_partnership"]
    assert ppp.facts["leaders"] == ("shu",) and set(ppp.facts["laggards"]) == {"ayagoz", "shalkar"}


def test_common_weaknesses_are_environment_in_scri_and_academia_and_international_in_stakeholders():
    scri = [f.facts["indicator"] for f in _by_kind("scri", "common_weakness")]
    stakeholders = [f.facts["indicator"] for f in _by_kind("stakeholders", "common_weakness")]
    assert scri == ["environmental_sustainability"]
    # "All three cities show low academic (Indicator 4) and international (Indicator 5) involvement"
    assert stakeholders == ["academic_participation", "international_support"]


def test_shu_strengths_are_economic_potential_and_social_inclusion():
    table = score(DATASET)
    strengths, weaknesses = strengths_and_weaknesses(DATASET, table, "shu", "scri")
    assert strengths == ("economic_potential", "social_inclusion_education")
    assert weaknesses == ("environmental_sustainability",)
    # Governance: Shu scores 3 everywhere, so it has no distinct strength or weakness.
    assert strengths_and_weaknesses(DATASET, table, "shu", "governance") == ((), ())


def test_rank_changes_and_overtakes_are_reported():
    scenario = Scenario().with_override(("ayagoz", "scri", "digital_infrastructure"), 3)
    overtakes = _by_kind("scri", "overtake", scenario)
    assert [(f.facts["city"], f.facts["other"]) for f in overtakes] == [("ayagoz", "shalkar")]
    assert _by_kind("scri", "rank_change") == []
    text = "\n".join(narrative(DATASET, scenario, "en"))
    assert "Ayagoz overtakes Shalkar" in text


def test_narrative_is_rendered_in_the_requested_language():
    english = narrative(DATASET, Scenario(), "en")
    russian = narrative(DATASET, Scenario(), "ru")
    assert len(english) == len(russian)
    assert any(line.startswith("Smart City Readiness Index: highest — Shu") for line in english)
    assert any("Шу" in line for line in russian)
    assert not any("Shu" in line for line in russian)
