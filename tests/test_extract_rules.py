"""Extraction rules, one case each, from tests/cases/extract.yml (text → expected mentions)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from policysite.build import read_lexicon
from policysite.extract import extract_library
from policysite.model import Document, Mention, Node, Source
from policysite.registry import Registry

ROOT = Path(__file__).resolve().parent.parent
CASES = yaml.safe_load((ROOT / "tests/cases/extract.yml").read_text(encoding="utf-8"))
LEXICON = read_lexicon(ROOT / "data/lexicon")
REGISTRY = Registry()


def find_mentions(text: str) -> list[Mention]:
    """The mentions production extraction gives ``text`` as the one node of a document."""
    node = Node("c1", "clause", text=text)
    document = Document("t", "t", Source("t.txt", "", "utf-8"), body=(node,))
    (extracted,), _ = extract_library([document], LEXICON)
    return list(extracted.body[0].mentions) if text else []


def _expected(case: dict) -> list[dict]:
    """The case's expectations with names and owners turned into ids."""
    out = []
    for e in case["expect"]:
        row = {"text": e["text"], "id": REGISTRY.id_for(case["kind"], e.get("name", e["text"]))}
        if "owner" in e:
            row["owner"] = REGISTRY.id_for("body", e["owner"])
        row.update({k: e[k] for k in ("role", "modal") if k in e})
        out.append(row)
    return out


@pytest.mark.parametrize("case", CASES, ids=[c["rule"] for c in CASES])
def test_rule(case):
    mentions = [m for m in find_mentions(case["text"]) if m.kind == case["kind"]]
    expected = _expected(case)
    found = [
        {
            "text": m.text,
            "id": m.id,
            **{k: getattr(m, k) for k in ("owner", "role", "modal") if k in e},
        }
        for m, e in zip(mentions, expected, strict=False)
    ]
    assert [m.text for m in mentions] == [e["text"] for e in expected]
    assert found == expected


@pytest.mark.parametrize("case", CASES, ids=[c["rule"] for c in CASES])
def test_span_is_the_written_text(case):
    for mention in find_mentions(case["text"]):
        assert case["text"][mention.start : mention.end] == mention.text


# Text made of lexicon words, seed fragments and punctuation: extraction never fails and every
# span is the written text.
_PIECES = [
    *list(LEXICON.known_bodies)[:40],
    *LEXICON.stems[:40],
    *LEXICON.types,
    *LEXICON.mechanism_suffixes,
    *LEXICON.left_edges[:30],
    "、",
    "，",
    "。",
    "；",
    "（",
    "）",
    "(",
    ")",
    "《",
    "》",
    "“",
    "”",
    "〔2024〕",
    "3号",
    "要",
    "对",
    "的",
    "和",
    "负责",
    "配合",
    "牵头单位：",
    "配合单位：",
    "各",
    "有关",
    "市",
    "区",
    "乡镇",
]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=30).map("".join))
def test_any_text_gives_spans_that_are_the_written_text(text):
    for mention in find_mentions(text):
        assert text[mention.start : mention.end] == mention.text
        assert mention.start < mention.end


def test_self_references_are_found_as_words():
    from policysite.extract.selfref import spans

    text = "本办法所称单位，依照本实施办法执行；基本规定、根本办法和本意见书不是。"
    assert [text[a:b] for a, b in spans(text)] == ["本办法", "本实施办法"]


def test_a_city_outside_the_lexicons_places_is_the_place_of_its_governments_documents():
    node = Node("c1", "clause", text="市民政局、市财政局负责。")
    document = Document("t", "临安市人民政府办公室关于成立领导小组的通知",
                        Source("t.txt", "", "utf-8"), issuers=("临安市人民政府办公室",),
                        body=(node,))
    (extracted,), registry = extract_library([document], LEXICON)
    names = [registry.get("body", m.id).name for m in extracted.body[0].mentions]
    assert names == ["临安市民政局", "临安市财政局"]
    central = Document("c", "国务院关于某事的通知", Source("c.txt", "", "utf-8"),
                       issuers=("国务院",), body=(node,))
    (extracted,), registry = extract_library([central], LEXICON)
    assert [registry.get("body", m.id).name for m in extracted.body[0].mentions] == [
        "市民政局", "市财政局"]


@pytest.mark.parametrize(("issuer", "names"), [
    # a district of a city outside the lexicon's places: 市X is the city's, 区X the district's
    # (深圳市南山区财政局)
    ("深圳市南山区人民政府",
     ["深圳市民政局", "深圳市南山区财政局", "县教育局", "省发展改革委"]),
    ("杭州市余杭区发展和改革局",
     ["杭州市民政局", "杭州市余杭区财政局", "县教育局", "省发展改革委"]),
    # a county's: 县X is its own; 市X and 省X are no body of its own (a class)
    ("长沙县人民政府", ["市民政局", "区财政局", "长沙县教育局", "省发展改革委"]),
    # an organ of a city, as issuer: the city's
    ("广州市城市管理局", ["广州市民政局", "区财政局", "县教育局", "省发展改革委"]),
    # a central issuer that writes 市 is no city
    ("国家市场监督管理总局", ["市民政局", "区财政局", "县教育局", "省发展改革委"]),
])
def test_a_place_outside_the_lexicons_places_is_read_from_its_issuer(issuer, names):
    node = Node("c1", "clause", text="市民政局、区财政局、县教育局、省发展改革委要加强协调。")
    document = Document("t", "关于加强协调的通知", Source("t.txt", "", "utf-8"),
                        issuers=(issuer,), body=(node,))
    (extracted,), registry = extract_library([document], LEXICON)
    assert [registry.get("body", m.id).name for m in extracted.body[0].mentions] == names


def test_the_region_and_city_body_rules_read_their_words_from_the_lexicon():
    """An editor extends these rules in data/lexicon/bodies.yml, not in code: a national agency
    added to ``region_agencies`` gets its full name before a regional office, and a corps added
    to ``city_bodies`` is the document's city's."""
    from dataclasses import replace

    lexicon = replace(LEXICON, region_agencies={**LEXICON.region_agencies, "能源": "国家能源局"},
                      city_bodies=(*LEXICON.city_bodies, "海关"))
    node = Node("c1", "clause", text="能源华东地区管理局、海关按照各自职责协同实施。")
    document = Document("t", "上海市人民政府关于某事的通知", Source("t.txt", "", "utf-8"),
                        issuers=("上海市人民政府",), body=(node,))
    names = []
    for lex in (LEXICON, lexicon):
        (extracted,), registry = extract_library([document], lex)
        names.append([registry.get("body", m.id).name for m in extracted.body[0].mentions
                      if m.kind == "body"])
    assert names[0] == ["华东地区管理局", "海关"]
    assert names[1] == ["国家能源局华东地区管理局", "上海市海关"]


def test_a_departments_field_names_todays_organ_except_in_a_statute():
    """市规划资源部门 in a Shanghai notice is 上海市规划和自然资源局; in a 条例 the field name stays
    (a statute names whichever organ does the work), and so does the legal 主管部门."""
    node = Node("c1", "clause", text="市规划资源部门、市交通主管部门负责。")
    names = {}
    for title in ("上海市人民政府办公厅关于临时用地管理的指导意见", "上海市临时用地管理条例"):
        document = Document("t", title, Source("t.txt", "", "utf-8"),
                            issuers=("上海市人民政府办公厅",), body=(node,))
        (extracted,), registry = extract_library([document], LEXICON)
        names[title[-2:]] = [registry.get("body", m.id).name for m in extracted.body[0].mentions
                             if m.kind == "body"]
    assert names["意见"] == ["上海市规划和自然资源局", "上海市交通主管部门"]
    assert names["条例"] == ["上海市规划资源部门", "上海市交通主管部门"]
