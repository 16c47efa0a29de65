"""The uncertainty page's plain summary: counts of 100, the closest contest, one-point leader changes."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from smartcity.analysis import uncertainty
from smartcity.analysis.plain_summary import of_hundred, plain_facts, plain_lines
from smartcity.analysis.uncertainty import (
    OnePointChange,
    UncertaintySettings,
    UncertaintySummary,
    leader_changes,
    uncertainty_summary,
)
from smartcity.data import load_dataset
from smartcity.scenario import Scenario
from smartcity.scoring import score
from tests.paper import SCRI_INDICATORS, TABLE_2

DATASET = load_dataset()
PAPER = Scenario()
CITIES = ("shu", "ayagoz", "shalkar")


def made_summary(point_rank, rank_probability, above_probability, city_ids=CITIES) -> UncertaintySummary:
    """A Monte Carlo result typed in by hand: only the ranks and the probabilities matter here."""
    zeros = np.zeros(len(city_ids))
    return UncertaintySummary(
        "scri",
        city_ids,
        UncertaintySettings(),
        ("scores",),
        zeros,
        np.array(point_rank),
        zeros,
        zeros,
        zeros,
        np.array(rank_probability, dtype=float),
        np.array(above_probability, dtype=float),
    )


# Shu first, Shalkar second, Ayagoz third; Ayagoz scores above Shalkar in 38% of the draws.
CLEAR_LEAD = made_summary(
    [1, 3, 2],
    [[0.99, 0.01, 0.0], [0.0, 0.38, 0.62], [0.01, 0.61, 0.38]],
    [[0.0, 0.995, 0.99], [0.005, 0.0, 0.38], [0.01, 0.62, 0.0]],
)


def change(city: str, indicator: str, before: float, after: float) -> OnePointChange:
    return OnePointChange(city, "scri", indicator, before, after, ("shu", "shalkar"))


@pytest.mark.parametrize(
    ("probability", "count"),
    [(0.0, 0), (1.0, 100), (0.38, 38), (0.385, 39), (0.996, 99), (0.9999, 99), (0.004, 1), (0.0001, 1)],
)
def test_a_probability_is_counted_of_100_and_only_a_certainty_gives_0_or_100(probability, count):
    assert of_hundred(probability) == count


@given(st.floats(min_value=0, max_value=1))
def test_a_count_of_100_is_never_more_than_half_a_point_off_unless_it_avoids_0_or_100(probability):
    count = of_hundred(probability)
    assert 0 <= count <= 100
    assert abs(count - probability * 100) <= 0.5 + 1e-9 or count in (1, 99)
    assert (count == 100) == (probability == 1) and (count == 0) == (probability == 0)


def test_a_clear_lead_and_a_close_contest_below_it_in_three_lines():
    facts = plain_facts(CLEAR_LEAD, ())
    assert plain_lines(DATASET, PAPER, facts, "en") == (
        "Shu leads in 99 of 100 plausible variations.",
        "Shalkar and Ayagoz swap places in 38 of 100 plausible variations.",
        "No change of ±1 point in one indicator changes the leader.",
    )


def test_the_summary_speaks_russian_and_kazakh():
    facts = plain_facts(CLEAR_LEAD, ())
    assert plain_lines(DATASET, PAPER, facts, "ru") == (
        "Шу на первом месте в 99 из 100 правдоподобных вариантов.",
        "Шалкар и Аягоз меняются местами в 38 из 100 правдоподобных вариантов.",
        "Никакое изменение одного показателя на ±1 балл не меняет лидера.",
    )
    assert plain_lines(DATASET, PAPER, facts, "kk") == (
        "Шу 100 ықтимал нұсқаның 99 нұсқасында бірінші орында.",
        "Шалқар және Аягөз 100 ықтимал нұсқаның 38 нұсқасында орын ауыстырады.",
        "Бір көрсеткішті ±1 балға өзгертудің ешбірі көшбасшыны ауыстырмайды.",
    )


def test_leader_changes_are_counted_and_a_raise_is_the_example():
    changes = (
        change("shu", "economic_potential", 3, 2),
        change("shalkar", "digital_infrastructure", 2, 3),
    )
    line = plain_lines(DATASET, PAPER, plain_facts(CLEAR_LEAD, changes), "en")[2]
    assert line == (
        "2 changes of ±1 point in one indicator change the leader, "
        "for example Shalkar: Digital Infrastructure 2 → 3."
    )


@pytest.mark.parametrize(
    ("count", "words"), [(1, "1 изменение"), (2, "2 изменения"), (5, "5 изменений"), (21, "21 изменение")]
)
def test_russian_counts_leader_changes_with_the_right_plural(count, words):
    changes = (change("shu", "economic_potential", 3, 2),) * count
    line = plain_lines(DATASET, PAPER, plain_facts(CLEAR_LEAD, changes), "ru")[2]
    assert line.startswith(words + " одного показателя")


def test_a_shared_lead_names_both_and_cities_level_below_say_so():
    four = ("shu", "ayagoz", "shalkar", "x")
    summary = made_summary(
        [1, 1, 3, 3],
        [[0.6, 0.4, 0, 0], [0.45, 0.55, 0, 0], [0, 0, 0.7, 0.3], [0, 0, 0.3, 0.7]],
        [[0, 0.55, 1, 1], [0.4, 0, 1, 1], [0, 0, 0, 0.3], [0, 0, 0.6, 0]],
        four,
    )
    facts = plain_facts(summary, ())
    assert facts.leads == (("shu", 60), ("ayagoz", 45))
    lines = plain_lines(DATASET, PAPER, facts, "en")
    assert lines[0] == (
        "Shu and Ayagoz share first place in this scenario; "
        "of 100 plausible variations, first place goes to Shu in 60 and Ayagoz in 45."
    )
    assert lines[1] == (
        "Shalkar and x are level in this scenario; "
        "Shalkar comes out ahead in 30 of 100 plausible variations, x in 60."
    )


def test_the_closest_contest_below_the_lead_is_the_one_told():
    four = ("shu", "ayagoz", "shalkar", "x")
    # Ranks: Shu, Ayagoz, Shalkar, x. Ayagoz-Shalkar swap in 10%, Shalkar-x in 40%.
    above = [[0, 1, 1, 1], [0, 0, 0.9, 1], [0, 0.1, 0, 0.6], [0, 0, 0.4, 0]]
    summary = made_summary([1, 2, 3, 4], np.eye(4), above, four)
    assert plain_lines(DATASET, PAPER, plain_facts(summary, ()), "en")[1] == (
        "Shalkar and x swap places in 40 of 100 plausible variations."
    )


def test_two_towns_get_no_contest_line_and_one_town_a_single_line():
    two = made_summary([1, 2], [[0.8, 0.2], [0.2, 0.8]], [[0, 0.8], [0.2, 0]], ("shu", "ayagoz"))
    lines = plain_lines(DATASET, PAPER, plain_facts(two, ()), "en")
    assert lines == ("Shu leads in 80 of 100 plausible variations.", lines[1])
    assert lines[1].startswith("No change")
    one = made_summary([1], [[1.0]], [[0.0]], ("shu",))
    assert plain_lines(DATASET, PAPER, plain_facts(one, ()), "en") == (
        "Shu is the only town with every score, so there is no ranking to test.",
    )


def test_no_single_point_changes_the_papers_leader_shu():
    # Table 2: Shu 15, Shalkar 12, Ayagoz 11 of 35: one point moves a total by one, and 14 > 13.
    for instrument_id in ("scri", "stakeholders", "governance", "composite"):
        assert leader_changes(DATASET, PAPER, instrument_id) == ()


def test_a_one_point_gap_lists_every_move_that_ties_the_leader():
    # Shalkar's Digital Infrastructure 2 -> 4 puts it at 14 of 35 against Shu's 15.
    close = Scenario(overrides=((("shalkar", "scri", "digital_infrastructure"), 4.0),))
    shalkar = dict(zip(SCRI_INDICATORS, TABLE_2["shalkar"], strict=True)) | {"digital_infrastructure": 4}
    shu = dict(zip(SCRI_INDICATORS, TABLE_2["shu"], strict=True))
    expected = {("shu", i, v, v - 1) for i, v in shu.items() if v > 1}
    expected |= {("shalkar", i, v, v + 1) for i, v in shalkar.items() if v < 5}
    found = leader_changes(DATASET, close, "scri")
    assert {(c.city_id, c.indicator_id, c.before, c.after) for c in found} == expected
    assert len(found) == 13 and all(c.leaders == ("shu", "shalkar") for c in found)


def test_the_papers_scri_summary_with_the_default_seed():
    summary = uncertainty_summary(DATASET, PAPER, "scri")
    facts = plain_facts(summary, leader_changes(DATASET, PAPER, "scri"))
    # Shu's 3-point lead over Shalkar survives ±0.5 score noise nearly always, but not always.
    ((leader, count),) = facts.leads
    assert leader == "shu" and 95 <= count <= 99
    assert facts.contest is not None and (facts.contest.first, facts.contest.second) == ("shalkar", "ayagoz")
    lines = plain_lines(DATASET, PAPER, facts, "en")
    assert lines[0] == f"Shu leads in {count} of 100 plausible variations."
    assert lines[1].startswith("Shalkar and Ayagoz swap places in ")
    assert lines[2] == "No change of ±1 point in one indicator changes the leader."


def brute_force_leader_changes(scenario: Scenario, instrument_id: str) -> set[tuple[str, str, float, float]]:
    """Each score moved by ±1 in turn and the whole scenario rescored by the scoring module."""
    leaders = {r.city_id for r in score(DATASET, scenario).ranking(instrument_id) if r.rank == 1}
    found = set()
    for key, value in score(DATASET, scenario).values.items():
        if key[1] != instrument_id:
            continue
        for after in (value.value - 1, value.value + 1):
            if 1 <= after <= 5:
                moved = score(DATASET, scenario.with_override(key, after)).ranking(instrument_id)
                if {r.city_id for r in moved if r.rank == 1} != leaders:
                    found.add((key[0], key[2], value.value, after))
    return found


@hypothesis_settings(max_examples=15, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(CITIES), st.sampled_from(SCRI_INDICATORS), st.integers(1, 5)),
        max_size=6,
    )
)
def test_leader_changes_agree_with_rescoring_every_move(edits):
    scenario = Scenario(overrides=tuple(((city, "scri", i), float(v)) for city, i, v in edits))
    found = {
        (c.city_id, c.indicator_id, c.before, c.after) for c in leader_changes(DATASET, scenario, "scri")
    }
    assert found == brute_force_leader_changes(scenario, "scri")


def test_leader_changes_do_not_depend_on_the_chunk_size(monkeypatch):
    close = Scenario(overrides=((("shalkar", "scri", "digital_infrastructure"), 4.0),))
    whole = leader_changes(DATASET, close, "scri")
    monkeypatch.setattr(uncertainty, "CHUNK_CELLS", 10)  # one move per chunk
    assert leader_changes(DATASET, close, "scri") == whole and len(whole) == 13
