"""The organiser's rounds page, driven through Streamlit's AppTest on a temporary SQLite store."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from smartcity.data import load_dataset
from smartcity.store.rounds import ORGANISER_KEY_LENGTH, RoundStore
from tests.app.test_languages import (
    describe_catalogue_hits,
    describe_phrases,
    english_left,
    english_phrases,
    numbers_with_a_point,
    raw_keys,
    shown_texts,
)
from tests.unit.test_kobo import KOBO_CSV

APP = str(Path(__file__).resolve().parents[2] / "app.py")
DIGITAL = ("shu", "scri", "digital_infrastructure")
PHYSICAL = ("shu", "scri", "physical_infrastructure")
MARKUP_TITLE = "Round <img src=x onerror=alert(1)> **bold**"



def open_page(section: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page("pages/rounds.py").run()
    at.button_group(key="rounds_section").set_value(section).run()
    assert not at.exception
    return at


def open_results(at: AppTest, key: str) -> None:
    at.text_input(key="rounds.key").input(key).run()
    assert not at.exception


def submit(store: RoundStore, round_id: str, group: str, answers: dict) -> None:
    store.submit(load_dataset(), round_id, store.new_token(round_id), group, answers)


def table_with(at: AppTest, column: str):
    """The shown table that has this column."""
    return next(frame.value for frame in at.dataframe if column in frame.value.columns)


def shown_codes(at: AppTest) -> list[str]:
    return [code.value for code in at.code]


def test_create_shows_the_links_and_the_key_once(store: RoundStore):
    at = open_page("create")
    at.text_input(key="rounds.title").input(MARKUP_TITLE)
    at.multiselect(key="rounds.towns").select("shu").select("ayagoz")
    at.button(key="rounds.create_submit").click().run()
    assert not at.exception
    [created] = store.list()
    assert created.title == MARKUP_TITLE and created.city_ids == ("shu", "ayagoz")
    assert [(g.id, g.target) for g in created.groups] == [
        ("local_government", 9),
        ("planners_architects", 5),
        ("ict_professionals", 4),
        ("civil_society", 23),
        ("researchers", 12),
    ]
    keys = [code for code in shown_codes(at) if len(code) == ORGANISER_KEY_LENGTH and code.isalnum()]
    assert len(keys) == 1
    assert store.check_key(created.id, keys[0]) == created
    assert "\\<img" in at.success[0].value  # the title is escaped
    links = [code for code in shown_codes(at) if "answer?round=" in code]
    assert links[0].endswith(f"/answer?round={created.id}")
    assert {link.rsplit("group=", 1)[-1] for link in links[1:]} == set(created.group_ids)
    assert len(at.get("image")) == 6  # one QR card per link
    at.run()  # any later run: the links stay, the key is gone
    assert keys[0] not in shown_codes(at)
    assert any("answer?round=" in code for code in shown_codes(at))


def test_a_wrong_key_is_refused_and_nothing_is_shown(store: RoundStore):
    round_, _key = store.create_round(load_dataset(), "Spring", ["shu"])
    submit(store, round_.id, "civil_society", {DIGITAL: 4})
    at = open_page("results")
    assert not at.dataframe and not at.get("progress")
    open_results(at, "x" * ORGANISER_KEY_LENGTH)
    assert "not the key" in at.error[0].value
    assert not at.dataframe and not at.get("progress")


def test_with_the_key_the_means_are_those_of_the_submitted_answers(store: RoundStore):
    round_, key = store.create_round(load_dataset(), "Spring", ["shu"])
    for group, digital, physical in [
        ("civil_society", 2, 5),
        ("civil_society", 4, None),
        ("researchers", 5, 3),
    ]:
        submit(store, round_.id, group, {DIGITAL: digital, PHYSICAL: physical})
    at = open_page("results")
    open_results(at, key)
    assert not at.error
    table = table_with(at, "Mean").set_index("Indicator")
    assert table.loc["Digital Infrastructure", "Mean"] == "3.67"  # (2 + 4 + 5) / 3
    assert table.loc["Digital Infrastructure", "n"] == 3
    assert table.loc["Physical Infrastructure", "Mean"] == "4.00"  # (5 + 3) / 2, "don't know" left out
    assert table.loc["Physical Infrastructure", "n"] == 2
    bars = [bar.proto.text for bar in at.get("progress")]
    assert any("Civil society" in text and "2 of 23" in text for text in bars)
    weighted = table_with(at, "Groups weighted to targets").set_index("Indicator")
    # civil society's mean 3 (target 23) and researchers' 5 (target 12): (23 * 3 + 12 * 5) / 35
    assert weighted.loc["Digital Infrastructure", "Groups weighted to targets"] == "3.69"
    assert weighted.loc["Digital Infrastructure", "Per respondent (the paper's)"] == "3.67"


def test_closing_freezes_the_round_and_it_stays_readable(store: RoundStore):
    round_, key = store.create_round(load_dataset(), "Spring", ["shu"])
    submit(store, round_.id, "civil_society", {DIGITAL: 4})
    at = open_page("results")
    open_results(at, key)
    at.button(key="rounds.close").click().run()
    assert not at.exception
    assert store.get(round_.id).is_closed
    assert "closed" in at.success[0].value
    assert table_with(at, "Mean")["Mean"].tolist() == ["4.00"]


def test_use_these_results_adds_the_round_as_a_layer(store: RoundStore):
    round_, key = store.create_round(load_dataset(), "Spring <b>", ["shu"])
    submit(store, round_.id, "civil_society", {DIGITAL: 2})
    submit(store, round_.id, "researchers", {DIGITAL: 3})
    at = open_page("results")
    open_results(at, key)
    at.button(key="rounds.use.store").click().run()
    assert not at.exception
    [layer] = at.session_state["scenario"].layers
    assert layer.origin == f"Spring <b> ({round_.created_at.date().isoformat()})"
    assert dict(layer.scores)[DIGITAL] == pytest.approx(2.5)
    assert at.button(key="rounds.use.store").disabled


def test_published_results_show_without_the_key_and_nothing_to_manage(store: RoundStore):
    round_, key = store.create_round(load_dataset(), "Spring", ["shu"])
    submit(store, round_.id, "civil_society", {DIGITAL: 3})
    submit(store, round_.id, "researchers", {DIGITAL: 4})
    store.publish(round_.id, key)
    at = open_page("results")
    assert table_with(at, "Mean")["Mean"].tolist() == ["3.50"]
    assert not [button for button in at.button if button.key in ("rounds.close", "rounds.use.store")]
    store.publish(round_.id, key, published=False)
    at = open_page("results")
    assert not at.dataframe and "organiser key" in at.info[0].value


def test_a_kobo_export_of_the_form_is_used_or_its_problems_listed(store: RoundStore):
    _round, key = store.create_round(load_dataset(), "Kobo round", ["shu", "ayagoz"], ["scri"])
    at = open_page("results")
    open_results(at, key)
    at.file_uploader(key="rounds.kobo_file").upload("broken.csv", b"start;end\n1;2\n", "text/csv").run()
    assert not at.exception
    assert "Line" in table_with(at, "Column").columns
    at.file_uploader(key="rounds.kobo_file").upload("kobo.csv", KOBO_CSV.encode(), "text/csv").run()
    assert not at.exception
    assert "Respondents read: 3" in at.success[0].value
    at.button(key="rounds.use.kobo").click().run()
    [layer] = at.session_state["scenario"].layers
    assert dict(layer.scores)[DIGITAL] == pytest.approx(4.0)  # (3 + 5) / 2


def test_rounds_over_time_list_the_paper_first_and_the_change_between_the_last_two(store: RoundStore):
    data = load_dataset()
    round_, key = store.create_round(data, "Full marks", ["shu"], ["scri"])
    submit(
        store,
        round_.id,
        "civil_society",
        {("shu", "scri", i): 5 for i in data.instrument("scri").indicator_ids},
    )
    store.publish(round_.id, key)
    at = open_page("timeline")
    listed = table_with(at, "Status")
    assert listed["Round"].tolist() == [
        "The paper's survey (Turdanova, Muzdybayeva & Dogan 2025)",
        "Full marks",
    ]
    change = table_with(at, "Change, points").set_index(["Town", "Instrument"])
    assert change.loc[("Shu", "SCRI"), "Before, %"] == "42.86"  # Table 2: 15 of 35
    assert change.loc[("Shu", "SCRI"), "After, %"] == "100.00"
    assert change.loc[("Shu", "SCRI"), "Change, points"] == "57.14"
    assert set(change.index.get_level_values("Town")) == {"Shu"}
    at.toggle(key="rounds.blend").set_value(True).run()
    blend = table_with(at, "Percent").set_index(["Town", "Instrument"])
    # 3:2:1 over the two rounds there are: (3 * 100 + 2 * 42.857) / 5
    assert blend.loc[("Shu", "SCRI"), "Percent"] == "77.14"


def test_titles_and_comments_show_as_text(store: RoundStore):
    round_, key = store.create_round(load_dataset(), MARKUP_TITLE, ["shu"])
    comment = "<script>alert(1)</script> [x](javascript:alert(1))"
    token = store.new_token(round_.id)
    store.submit(load_dataset(), round_.id, token, "researchers", {DIGITAL: 3}, {"scri": comment})
    at = open_page("results")
    open_results(at, key)
    heading = next(m.value for m in at.markdown if m.value.startswith("### "))
    assert "\\<img" in heading and "\\*\\*bold\\*\\*" in heading
    comments = table_with(at, "Comment")
    assert comments.iloc[0].tolist() == ["SCRI", "Urban planning researchers", comment]


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_the_live_results_are_in_the_language_with_decimal_commas(store: RoundStore, language: str):
    round_, key = store.create_round(load_dataset(), "Көктем", ["shu"])
    for group, digital in [("civil_society", 2), ("civil_society", 3), ("researchers", 5)]:
        submit(store, round_.id, group, {DIGITAL: digital, PHYSICAL: None})
    at = open_page("results")
    open_results(at, key)
    at.selectbox(key="language_select").set_value(language).run()  # the sidebar's switcher
    assert not at.exception
    shown = shown_texts(at)
    assert raw_keys(shown) == []
    assert describe_catalogue_hits(english_left(shown, language)) == []
    assert describe_phrases(english_phrases(shown)) == []
    assert numbers_with_a_point(at) == []
    assert "3,33" in table_with(at, "n").to_string()  # (2 + 3 + 5) / 3


def test_the_create_forms_choices_ask_in_the_language(store: RoundStore):
    at = open_page("create")
    at.selectbox(key="language_select").set_value("ru").run()
    placeholders = {at.multiselect(key=key).placeholder for key in ("rounds.towns", "rounds.instruments")}
    assert placeholders == {"Выберите один или несколько"}  # not Streamlit's own "Choose options"
