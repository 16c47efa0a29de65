"""XLSForm export: pyxform converts the exported workbook, and the XForm asks what the round asks."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from datetime import date, datetime

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pyxform.xls2xform import convert

from smartcity.data import load_dataset
from smartcity.errors import SmartCityError
from smartcity.files import xlsform
from smartcity.store.rounds import Round, RoundGroup

DATASET = load_dataset()
NS = {"h": "http://www.w3.org/1999/xhtml", "x": "http://www.w3.org/2002/xforms"}
SCRI = (
    "digital_infrastructure",
    "physical_infrastructure",
    "institutional_readiness",
    "economic_potential",
    "social_inclusion_education",
    "environmental_sustainability",
    "public_private_partnership",
)


def make_round(**changes: object) -> Round:
    fields: dict[str, object] = {
        "id": "r2026",
        "title": "=Spring round ${x}",
        "city_ids": ("shu", "ayagoz"),
        "instrument_ids": ("scri", "governance"),
        "groups": (RoundGroup("local_government", 9), RoundGroup("civil_society", 23)),
        "opens": date(2026, 5, 1),
        "closes": None,
        "languages": ("ru", "kk", "en"),
        "created_at": datetime(2026, 4, 1, 9, 30),
    }
    fields.update(changes)
    return Round(**fields)  # type: ignore[arg-type]


def to_xform(content: bytes) -> ET.Element:
    warnings: list[str] = []
    result = convert(content, warnings=warnings, validate=False, file_type=".xlsx")
    assert warnings == []
    return ET.fromstring(result.xform)


def instance(xform: ET.Element) -> ET.Element:
    model = xform.find("h:head/x:model", NS)
    assert model is not None
    primary = model.find("x:instance", NS)
    assert primary is not None
    return without_namespaces(primary[0])


def without_namespaces(element: ET.Element) -> ET.Element:
    """The element with its tags' namespaces dropped, so paths read as the form's names."""
    for node in element.iter():
        node.tag = node.tag.rsplit("}", 1)[-1]
    return element


def itext(xform: ET.Element, language: str) -> dict[str, str]:
    translations = xform.findall("h:head/x:model/x:itext/x:translation", NS)
    chosen = next(t for t in translations if t.get("lang") == language)
    return {
        text.get("id", ""): "".join(value.itertext())
        for text in chosen.findall("x:text", NS)
        for value in text.findall("x:value", NS)
        if not value.get("form")
    }


def test_the_xform_has_one_question_per_town_and_indicator_in_town_groups():
    xform = to_xform(xlsform.xlsform_bytes(DATASET, make_round()))
    data = instance(xform)
    assert data.find("stakeholder_group") is not None
    assert data.find("cities") is not None
    shu = data.find("town_shu")
    assert shu is not None
    names = [child.tag for child in shu]
    assert [n for n in names if n.startswith("shu__scri__")] == [
        "shu__scri__section",
        *(f"shu__scri__{ind}" for ind in SCRI),
        "shu__scri__comment",
    ]
    assert (
        sum(n.startswith("shu__governance__") and not n.endswith(("comment", "section")) for n in names) == 8
    )
    assert "shu__stakeholders__trust_transparency" not in names  # not one of the round's instruments
    assert "shu__scri__comment" in names and "shu__governance__comment" in names
    assert data.find("town_ayagoz/ayagoz__governance__political_stability") is not None
    assert data.find("town_shalkar") is None


def test_binds_make_town_groups_relevant_to_the_choice_and_limit_comments():
    xform = to_xform(xlsform.xlsform_bytes(DATASET, make_round()))
    binds = {bind.get("nodeset"): bind for bind in xform.iter("{http://www.w3.org/2002/xforms}bind")}
    assert binds["/data/town_ayagoz"].get("relevant") == "selected( /data/cities , 'ayagoz')"
    assert binds["/data/town_shu/shu__scri__comment"].get("constraint") == "string-length(.) <= 1000"
    assert binds["/data/town_shu/shu__scri__digital_infrastructure"].get("required") == "true()"


def test_scale_choices_are_labelled_in_every_language_with_dont_know():
    xform = to_xform(xlsform.xlsform_bytes(DATASET, make_round()))
    russian, kazakh, english = (
        itext(xform, lang) for lang in ("Русский (ru)", "Қазақша (kk)", "English (en)")
    )
    assert [russian[f"score_scri-{i}"] for i in range(6)] == [
        "1 – Очень низкий",
        "2 – Низкий",
        "3 – Средний",
        "4 – Хороший",
        "5 – Высокий",
        "Не знаю",
    ]
    assert english["score_governance-0"] == "1 – Very low"
    assert english["score_governance-5"] == "Don't know"
    assert kazakh["score_scri-5"] == "Білмеймін"
    assert russian["groups-1"] == "Представители гражданского общества"
    assert kazakh["cities-1"] == "Аягөз"
    assert english["/data/town_shu/shu__scri__digital_infrastructure:label"] == "Digital Infrastructure"


def test_choice_names_are_the_scale_points_and_dont_know():
    xform = to_xform(xlsform.xlsform_bytes(DATASET, make_round()))
    model = xform.find("h:head/x:model", NS)
    assert model is not None
    lists = {
        inst.get("id"): without_namespaces(inst) for inst in model.findall("x:instance", NS) if inst.get("id")
    }
    score_names = [item.findtext("name") for item in lists["score_scri"].iter("item")]
    assert score_names == ["1", "2", "3", "4", "5", "dont_know"]
    assert [item.findtext("name") for item in lists["groups"].iter("item")] == [
        "local_government",
        "civil_society",
    ]


def test_a_fixed_group_is_a_calculation_not_a_question():
    xform = to_xform(xlsform.xlsform_bytes(DATASET, make_round(), fixed_group="civil_society"))
    binds = {bind.get("nodeset"): bind for bind in xform.iter("{http://www.w3.org/2002/xforms}bind")}
    assert binds["/data/stakeholder_group"].get("calculate") == "'civil_society'"
    body = ET.tostring(xform, encoding="unicode")
    assert 'ref="/data/stakeholder_group"' not in body


def test_settings_name_the_form_and_keep_user_text_inert():
    content = xlsform.xlsform_bytes(DATASET, make_round())
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    settings = workbook["settings"]
    assert [cell.value for cell in settings[1]] == ["form_title", "form_id", "version", "default_language"]
    title, form_id, version, language = (cell.value for cell in settings[2])
    assert title == "'=Spring round $ {x}"
    assert (form_id, version, language) == ("smartcity_r2026", "202604010930", "Русский (ru)")
    assert settings["A2"].data_type == "s"  # text, not a formula
    xform = to_xform(content)
    assert xform.findtext("h:head/h:title", namespaces=NS) == "'=Spring round $ {x}"
    assert instance(xform).get("id") == "smartcity_r2026"


def test_bad_round_contents_are_refused_with_a_named_value():
    with pytest.raises(SmartCityError, match="atlantis"):
        xlsform.xlsform_bytes(DATASET, make_round(city_ids=("shu", "atlantis")))
    with pytest.raises(SmartCityError, match="researchers"):
        xlsform.xlsform_bytes(DATASET, make_round(), fixed_group="researchers")
    with pytest.raises(SmartCityError, match="de"):
        xlsform.xlsform_bytes(DATASET, make_round(languages=("de",)))
    with pytest.raises(SmartCityError):
        xlsform.xlsform_bytes(DATASET, make_round(instrument_ids=("nope",)))


@given(st.from_regex(r"[a-z0-9][a-z0-9_]{0,20}", fullmatch=True))
def test_question_names_are_valid_xml_names(city_id):
    name = xlsform.question_name(city_id, "scri", "digital_infrastructure")
    assert re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.\-]*", name)
    assert name.endswith(f"{city_id}__scri__digital_infrastructure")
