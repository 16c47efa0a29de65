"""A share link's landing in Streamlit's AppTest: the banner on the page it opens, the way back to the
paper, warnings that stay until dismissed, and the share box's choice of page."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from smartcity.scenario import Scenario
from tests.app.helpers import ranking

APP = str(Path(__file__).resolve().parents[2] / "app.py")
AYAGOZ_TO_3 = "ayagoz.scri.digital_infrastructure:3"
PAPER_RANKING = [("1", "Shu", "43%"), ("2", "Shalkar", "34%"), ("3", "Ayagoz", "31%")]
BANNER_EN = "This link changes the paper's scenario"


def opened_with(**params: str) -> AppTest:
    """The map page of a new session opened with these link parameters."""
    app = AppTest.from_file(APP, default_timeout=60)
    app.query_params.update(params)
    app.run()
    assert not app.exception
    return app


def banners(app: AppTest) -> list[str]:
    return [info.value for info in app.info if "**" in info.value]


def link_warnings(app: AppTest) -> list[str]:
    return [w.value for w in app.warning if w.value.startswith("Part of the link was not valid")]


def test_a_link_lands_on_the_map_with_a_banner_and_goes_back_to_the_paper():
    app = opened_with(o=AYAGOZ_TO_3)
    assert banners(app) == [
        f"**{BANNER_EN}:**\n\n- Ayagoz\\: Digital Infrastructure \\(SCRI\\) 1 → 3"  # markdown escaped
    ]
    assert ranking(app) == [("1", "Shu", "43%"), ("2", "Ayagoz", "37%"), ("3", "Shalkar", "34%")]  # 13 of 35
    app.button(key="landing_back").click().run()
    assert not app.exception
    assert app.session_state["scenario"] == Scenario()
    assert banners(app) == []
    assert ranking(app) == PAPER_RANKING
    assert dict(app.query_params) == {}


def test_the_banner_speaks_the_readers_language_and_closes_keeping_the_scenario():
    app = opened_with(o=AYAGOZ_TO_3, w="scri.digital_infrastructure:2", lang="ru")
    assert banners(app) == [
        "**Эта ссылка меняет сценарий статьи:**\n\n"
        "- Аягоз\\: Цифровая инфраструктура \\(SCRI\\) 1 → 3\n- Изменён 1 вес\\."
    ]
    assert app.button(key="landing_back").label == "Вернуться к сценарию статьи"
    app.button(key="landing_keep").click().run()
    assert banners(app) == []
    assert app.session_state["scenario"] != Scenario()
    assert app.query_params["o"] == AYAGOZ_TO_3


def test_the_banner_stays_on_other_pages_while_the_scenario_is_the_links():
    app = opened_with(o=AYAGOZ_TO_3)
    app.radio(key="map_instrument").set_value("governance").run()
    assert len(banners(app)) == 1
    app.switch_page("pages/profile.py").run()
    assert not app.exception
    assert len(banners(app)) == 1


def test_a_link_without_a_scenario_has_no_banner():
    assert banners(opened_with(lang="kk", city="shu")) == []
    assert banners(opened_with(o="shu.scri.digital_infrastructure:2")) == []  # the paper's own value


def test_link_warnings_stay_across_reruns_and_pages_until_dismissed():
    app = opened_with(o="shu.scri.digital_infrastructure:9")
    assert len(link_warnings(app)) == 1 and "outside the scale" in link_warnings(app)[0]
    app.radio(key="map_instrument").set_value("stakeholders").run()
    assert len(link_warnings(app)) == 1
    app.switch_page("pages/radar.py").run()
    assert len(link_warnings(app)) == 1
    app.button(key="link_warnings_dismiss").click().run()
    assert link_warnings(app) == []
    app.switch_page("app.py").run()
    assert link_warnings(app) == []


def test_the_share_box_opens_the_map_by_default_or_the_chosen_page():
    app = opened_with(o=AYAGOZ_TO_3)
    app.switch_page("pages/scenarios.py").run()
    app.button_group(key="workshop_section").set_value("share").run()
    chooser = app.selectbox(key="share_page")
    assert chooser.value == "" and chooser.options[:3] == ["Map", "City profile", "Radar"]
    # AppTest has no browser address: the box falls back to the default local one.
    assert app.code[0].value == f"http://localhost:8501/?o={AYAGOZ_TO_3}"
    chooser.select("what_if").run()
    assert app.code[0].value == f"http://localhost:8501/what_if?o={AYAGOZ_TO_3}"
