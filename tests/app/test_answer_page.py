"""The respondent's questionnaire page, driven through Streamlit's AppTest on a temporary round store."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from smartcity.data import load_dataset
from smartcity.store.rounds import Round, RoundStore

PAGE = str(Path(__file__).resolve().parents[2] / "pages" / "answer.py")
DATASET = load_dataset()
SCRI = DATASET.instrument("scri").indicator_ids  # 7 indicators
STAKEHOLDERS = DATASET.instrument("stakeholders").indicator_ids  # 8 indicators



def new_round(store: RoundStore, cities: tuple[str, ...] = ("shu",)) -> tuple[Round, str]:
    return store.create_round(DATASET, "Shu <b>2026</b>", list(cities), ["scri", "stakeholders"])


def open_answer(round_id: str, group: str | None = None, token: str | None = None, lang: str | None = None):
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.query_params["round"] = round_id
    for name, value in (("group", group), ("t", token), ("lang", lang)):
        if value is not None:
            at.query_params[name] = value
    at.run()
    assert not at.exception
    return at


def param(at: AppTest, name: str) -> str:
    """A query parameter of the page's address (AppTest keeps those the test set as lists)."""
    value = at.query_params[name]
    return value if isinstance(value, str) else value[-1]


def click(at: AppTest, label: str) -> None:
    next(button for button in at.button if button.label == label).click().run()
    assert not at.exception


def answer_all(at: AppTest, value: object) -> None:
    for radio in at.radio:
        radio.set_value(value)
    at.run()


def respondents(store: RoundStore, round_id: str, key: str):
    frame = store.responses(DATASET, round_id, key)
    return frame, frame["respondent_id"].nunique()


def test_a_full_answer_then_submit_writes_one_response_with_those_scores(store):
    round_, key = new_round(store)
    at = open_answer(round_.id, group="ict_professionals")
    click(at, "Start")
    assert at.get("progress")[0].proto.text.startswith("Section 1 of 2")
    assert [radio.label for radio in at.radio][:2] == ["Digital Infrastructure", "Physical Infrastructure"]
    assert at.radio[0].options == [
        "1 — Very low",
        "2 — Low",
        "3 — Medium",
        "4 — Good",
        "5 — High",
        "Don't know",
    ]
    answer_all(at, 4)
    at.radio[0].set_value("dont_know").run()
    click(at, "Next")
    assert at.get("progress")[0].proto.text.startswith("Section 2 of 2")
    answer_all(at, 2)
    at.text_area[0].input("Roads <script>alert(1)</script>").run()
    click(at, "Next")
    assert "Submit" in [button.label for button in at.button]
    assert any("\\<script\\>" in m.value for m in at.markdown)  # the comment is shown escaped
    click(at, "Submit")
    assert at.success[0].value.startswith("Thank you")
    frame, count = respondents(store, round_.id, key)
    assert count == 1
    assert set(frame["stakeholder_group"]) == {"ict_professionals"}
    scores = {(row.instrument, row.indicator): row.score for row in frame.itertuples()}
    assert math.isnan(scores[("scri", "digital_infrastructure")])  # "don't know"
    assert [scores[("scri", i)] for i in SCRI[1:]] == [4.0] * 6
    assert [scores[("stakeholders", i)] for i in STAKEHOLDERS] == [2.0] * 8
    assert store.comments(round_.id, key)["comment"].tolist() == ["Roads <script>alert(1)</script>"]


def test_a_resubmit_and_an_amendment_replace_the_answers_and_never_count_twice(store):
    round_, key = new_round(store)
    at = open_answer(round_.id, group="researchers")
    click(at, "Start")
    answer_all(at, 3)
    click(at, "Next")
    click(at, "Next")
    click(at, "Submit")
    click(at, "Submit")  # a double click
    click(at, "Back")
    click(at, "Back")
    answer_all(at, 5)
    click(at, "Next")
    click(at, "Next")
    click(at, "Submit")
    frame, count = respondents(store, round_.id, key)
    assert count == 1
    assert len(frame) == 7
    assert frame["score"].tolist() == [5.0] * 7


def test_a_reload_with_the_token_brings_back_the_answers_given(store):
    round_, _ = new_round(store)
    at = open_answer(round_.id, group="civil_society")
    token = param(at, "t")
    click(at, "Start")
    answer_all(at, 1)
    click(at, "Next")  # progress is saved on each section change
    reloaded = open_answer(round_.id, group="civil_society", token=token)
    assert any(info.value.startswith("Welcome back") for info in reloaded.info)
    click(reloaded, "Start")
    assert [radio.value for radio in reloaded.radio] == [1] * 7


def test_a_sheet_saved_part_way_is_a_draft_that_counts_only_once_submitted(store):
    round_, key = new_round(store)
    at = open_answer(round_.id, group="researchers")
    click(at, "Start")
    answer_all(at, 2)
    click(at, "Next")  # saved as a draft
    assert any(info.value.startswith("Your answers so far are saved as a draft") for info in at.info)
    assert not at.success  # a draft is not a submission
    assert respondents(store, round_.id, key)[1] == 0
    draft = store.draft(round_.id, param(at, "t"))
    assert draft is not None and sorted(draft.answers.values()) == [2.0] * 7
    click(at, "Next")
    click(at, "Submit")
    frame, count = respondents(store, round_.id, key)
    assert count == 1 and frame["score"].tolist() == [2.0] * 7
    assert store.draft(round_.id, param(at, "t")) is None


def test_the_group_comes_from_the_link_or_the_respondent_chooses_it_and_the_towns(store):
    round_, key = new_round(store, ("shu", "ayagoz"))
    fixed = open_answer(round_.id, group="local_government")
    assert not fixed.selectbox or all(box.label != "Your stakeholder group" for box in fixed.selectbox)
    assert any("Local" in m.value for m in fixed.markdown)
    chooser = open_answer(round_.id)
    chooser.selectbox(key="questionnaire_group").set_value("planners_architects").run()
    chooser.checkbox(key="town|ayagoz").check().run()
    click(chooser, "Start")
    assert len(chooser.radio) == 7  # one town: SCRI's seven indicators
    answer_all(chooser, 3)
    click(chooser, "Next")
    click(chooser, "Next")
    click(chooser, "Submit")
    frame, count = respondents(store, round_.id, key)
    assert count == 1
    assert set(frame["stakeholder_group"]) == {"planners_architects"}
    assert set(frame["city"]) == {"ayagoz"}


@pytest.mark.parametrize(
    ("lang", "submit", "closed_text"),
    [("en", "Submit", "is closed"), ("ru", "Отправить", "закрыт"), ("kk", "Жіберу", "жабық")],
)
def test_the_page_speaks_the_links_language_and_a_closed_round_refuses(store, lang, submit, closed_text):
    round_, key = new_round(store)
    at = open_answer(round_.id, group="researchers", lang=lang)
    at.button[-1].click().run()  # Start
    at.button[-1].click().run()  # Next
    at.button[-1].click().run()  # Next: the review
    assert at.button[-1].label == submit
    store.close_round(round_.id, key)
    closed = open_answer(round_.id, group="researchers", lang=lang)
    assert closed_text in closed.error[0].value.lower()
    assert not closed.radio and not closed.button
    assert respondents(store, round_.id, key)[1] == 0


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"round": "NoSuchRound12345"}, "There is no assessment round"),
        ({"round": "x'; DROP TABLE rounds;--"}, "There is no assessment round"),
        ({"t": "AAAAAAAAAAAAAAAAAAAAAA.BBBBBBBBBBBBBBBBBBBBBB"}, "does not belong to this round"),
        ({"group": "astronauts"}, "is not one of this round's groups"),
    ],
)
def test_a_bad_link_gets_a_message_and_nothing_is_written(store, params, expected):
    round_, key = new_round(store)
    at = AppTest.from_file(PAGE, default_timeout=60)
    for name, value in {"round": round_.id, **params}.items():
        at.query_params[name] = value
    at.run()
    assert not at.exception
    assert expected in at.error[0].value.replace("\\", "")
    assert not at.radio and not at.button
    assert respondents(store, round_.id, key)[1] == 0


def test_a_page_without_a_round_asks_for_the_link(store):
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.run()
    assert not at.exception
    assert "needs a questionnaire link" in at.info[0].value


def test_switching_the_language_keeps_the_round_the_group_and_the_token(store):
    round_, _ = new_round(store)
    at = open_answer(round_.id, group="researchers")
    token = param(at, "t")
    at.selectbox(key="language_select").set_value("kk").run()
    assert not at.exception
    assert at.title[0].value == "«Ақылды қалаға» дайындық сауалнамасы"
    assert at.button[-1].label == "Бастау"
    assert (param(at, "round"), param(at, "group"), param(at, "t")) == (round_.id, "researchers", token)
    assert not at.sidebar.button and not at.sidebar.selectbox  # respondents get no page links
