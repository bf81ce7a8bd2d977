"""Entities a reader can trust: jurisdiction, classes, span boundaries, abbreviations (issue 10).

Each test runs the production entry, ``extract_library``, on small documents.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from policysite.build import read_lexicon
from policysite.extract import extract_library
from policysite.model import Document, Node, Source

ROOT = Path(__file__).resolve().parent.parent
LEXICON = read_lexicon(ROOT / "data/lexicon")


def document(doc_id: str, *texts: str, issuers: tuple[str, ...] = (), title: str = "t"):
    nodes = tuple(Node(f"c{i}", "clause", text=t) for i, t in enumerate(texts, 1))
    return Document(doc_id, title, Source(f"{doc_id}.txt", "", "utf-8"), issuers=issuers,
                    body=nodes)


def bodies(doc: Document, registry) -> list[tuple[str, str]]:
    """(written text, registry name) of every body mention, in order."""
    return [
        (m.text, registry.get("body", m.id).name)
        for n in doc.walk()
        for m in n.mentions
        if m.kind == "body"
    ]


def test_the_same_words_in_two_cities_are_two_bodies():
    beijing = document("bj", "市民政局负责指导。", issuers=("北京市人民政府",))
    shanghai = document("sh", "市民政局负责指导。", issuers=("上海市人民政府办公厅",))
    (bj, sh), registry = extract_library([beijing, shanghai], LEXICON)
    assert bodies(bj, registry) == [("市民政局", "北京市民政局")]
    assert bodies(sh, registry) == [("市民政局", "上海市民政局")]
    assert bj.body[0].mentions[0].id != sh.body[0].mentions[0].id


def test_a_district_document_resolves_district_bodies_to_their_official_names():
    issuer = ("上海市青浦区人民政府办公室",)
    doc = document("qp", "报区政府批准，由区规划土地局负责。", issuers=issuer)
    (out,), registry = extract_library([doc], LEXICON)
    assert bodies(out, registry) == [
        ("区政府", "上海市青浦区人民政府"),
        ("区规划土地局", "上海市青浦区规划和土地管理局"),
    ]


def test_the_city_of_shizheng_is_no_level():
    doc = document("sh", "市政部门和市政府负责。", issuers=("上海市人民政府",))
    (out,), registry = extract_library([doc], LEXICON)
    assert bodies(out, registry) == [("市政部门", "市政部门"), ("市政府", "上海市人民政府")]


def test_a_districts_police_is_a_branch_of_the_citys_bureau_and_the_corps_the_citys():
    doc = document("hp", "区公安、消防部门配合，区公安局负责，纳入消防救援总队调度。",
                   issuers=("上海市黄浦区人民政府",))
    (out,), registry = extract_library([doc], LEXICON)
    assert [name for _, name in bodies(out, registry)] == [
        "上海市公安局黄浦分局", "上海市黄浦区消防部门", "上海市公安局黄浦分局",
        "上海市消防救援总队"]
    county = document("cm", "县公安局负责。", issuers=("上海市崇明县人民政府",))
    (out,), registry = extract_library([county], LEXICON)
    assert bodies(out, registry) == [("县公安局", "上海市崇明县公安局")]  # a county's own


def test_the_place_comes_from_the_title_when_there_is_no_issuer():
    doc = document("t", "市人民政府应当加强领导。", title="北京市乡村振兴促进条例")
    (out,), registry = extract_library([doc], LEXICON)
    assert bodies(out, registry) == [("市人民政府", "北京市人民政府")]


def test_central_documents_keep_national_names():
    doc = document("c", "省人民政府负责组织实施。", issuers=("国务院办公厅",))
    (out,), registry = extract_library([doc], LEXICON)
    assert bodies(out, registry) == [("省人民政府", "省人民政府")]
    assert registry.get("body", out.body[0].mentions[0].id).is_class  # every province's


def test_an_organ_of_a_level_no_place_resolves_is_a_class_of_every_place_of_that_level():
    """县、市征兵办公室 in a national law, 区民政局 in a city's text: every county's, city's or
    district's office, a class; the document's own level resolves (市 → 上海市民政局)."""
    law = document("c", "县、市征兵办公室应当组织体格检查。", issuers=("国务院",))
    (out,), registry = extract_library([law], LEXICON)
    assert bodies(out, registry) == [("县", "县征兵办公室"), ("市征兵办公室", "市征兵办公室")]
    assert all(registry.get("body", m.id).is_class for m in out.body[0].mentions)
    city = document("sh", "市、区民政局负责，市场监督管理部门配合。", issuers=("上海市人民政府",))
    (out,), registry = extract_library([city], LEXICON)
    classes = {name: registry.get("body", registry.id_for("body", name)).is_class
               for _, name in bodies(out, registry)}
    assert classes == {"上海市民政局": False, "区民政局": True, "市场监督管理部门": False}


def test_classes_are_classes_and_never_resolved():
    doc = document("sh", "各区政府和有关部门要配合。", issuers=("上海市人民政府",))
    (out,), registry = extract_library([doc], LEXICON)
    assert bodies(out, registry) == [("各区政府", "各区政府"), ("有关部门", "有关部门")]
    assert all(registry.get("body", m.id).is_class for m in out.body[0].mentions)


def test_a_class_named_by_its_task():
    doc = document("x", "由项目主管部门牵头，直接确定承包单位，委托第三方评估机构评估。")
    (out,), registry = extract_library([doc], LEXICON)
    assert [t for t, _ in bodies(out, registry)] == ["项目主管部门", "承包单位", "第三方评估机构"]


def test_a_role_label_is_not_a_class():
    doc = document("x", "完善考核办法（责任单位：区政府）")
    (out,), registry = extract_library([doc], LEXICON)
    assert [t for t, _ in bodies(out, registry)] == ["区政府"]


def test_a_bare_level_word_is_not_a_body():
    doc = document("x", "市、区两级要加强协作。本市各区要落实。")
    (out,), registry = extract_library([doc], LEXICON)
    assert [t for t, _ in bodies(out, registry) if t in ("市", "区", "本市")] == []


def test_an_abbreviation_the_text_defines_is_the_full_name_wherever_it_is_written():
    doc = document(
        "sh",
        "设立应急抢险救灾工程专家评审委员会（以下简称“专家评审委员会”），负责评审。",
        "专家评审委员会应当在24小时内提出意见。",
        issuers=("上海市人民政府办公厅",),
    )
    (out,), registry = extract_library([doc], LEXICON)
    full = "应急抢险救灾工程专家评审委员会"
    short = ("专家评审委员会", full)
    assert bodies(out, registry) == [(full, full), short]  # not at its definition: the full
    # name right before it is the mention there
    assert len({m.id for n in out.walk() for m in n.mentions if m.kind == "body"}) == 1
    entry = registry.get("body", registry.id_for("body", full))
    assert entry.short_forms == ("专家评审委员会",)  # looked up by its short form too …
    assert "专家评审委员会" not in registry.body_names()  # … but never taught to other documents


def test_an_abbreviation_of_a_body_written_as_a_list_of_departments():
    """The full name is the whole list before the definition, one body (a 合署 department);
    written for every district in a city's text, it is a class."""
    doc = document(
        "lr",
        "上海市绿化市容、林业和城管执法部门（以下简称市绿化市容部门）、区（县）绿化市容、林业和"
        "城管执法部门（以下简称区县绿化市容部门）适用本规定。",
        "市绿化市容部门负责指导，区县绿化市容部门负责实施。",
        issuers=("上海市绿化和市容管理局",),
    )
    (out,), registry = extract_library([doc], LEXICON)
    city = "上海市绿化市容、林业和城管执法部门"
    districts = "区（县）绿化市容、林业和城管执法部门"
    assert bodies(out, registry) == [
        (city, city), (districts, districts),
        ("市绿化市容部门", city), ("区县绿化市容部门", districts)]
    assert registry.get("body", registry.id_for("body", districts)).is_class


def test_an_abbreviation_takes_the_place_the_clause_gives_its_body():
    """各街道设立消防安全委员会（以下简称“街道消防委”）: the body is each street's committee, and
    its office is written with the short form."""
    doc = document(
        "hp",
        "各街道设立消防安全委员会（以下简称“街道消防委”），统筹协调工作。",
        "街道消防委办公室具体组织督查工作。",
        issuers=("上海市黄浦区人民政府办公室",),
    )
    (out,), registry = extract_library([doc], LEXICON)
    found = bodies(out, registry)
    assert ("消防安全委员会", "街道消防安全委员会") in found
    entry = registry.get("body", registry.id_for("body", "街道消防安全委员会"))
    assert entry.short_forms == ("街道消防委",)
    assert found[-1] == ("街道消防委办公室", "街道消防安全委员会办公室")


def test_an_abbreviation_is_local_to_its_document():
    text = "上海市交通委员会（以下简称市交通委）负责。"
    defining = document("a", text, issuers=("上海市交通委员会",))
    other = document("b", "专家评审委员会负责。")
    (_, out), registry = extract_library([defining, other], LEXICON)
    assert [t for t, _ in bodies(out, registry)] == ["专家评审委员会"]


def test_the_class_of_a_governments_relevant_departments():
    doc = document("jd", "各镇人民政府，区政府有关委、办、局：", issuers=("上海市嘉定区人民政府",))
    (out,), registry = extract_library([doc], LEXICON)
    assert bodies(out, registry)[-1] == ("区政府有关委、办、局", "区政府有关委、办、局")


def test_an_office_inside_a_department_and_the_class_of_a_governments_departments():
    text = "区政府各委、办、局：市生态环境局土壤处处长参加。"
    doc = document("sh", text, issuers=("上海市静安区人民政府",))
    (out,), registry = extract_library([doc], LEXICON)
    assert bodies(out, registry) == [
        ("区政府各委、办、局", "区政府各委、办、局"),
        ("市生态环境局土壤处", "上海市生态环境局土壤处"),
    ]


def letter(doc_id: str, addressee: str, *texts: str, issuers: tuple[str, ...]):
    doc = document(doc_id, *texts, issuers=issuers)
    return replace(doc, addressees=(addressee,))


def test_a_pronoun_stands_for_the_issuer_or_the_addressee():
    doc = letter(
        "l", "宝山区政府", "你区已将任务分解。", "我局将做好业务指导，本局面临的困难另行报告。",
        issuers=("上海市规划和自然资源局",),
    )
    (out,), registry = extract_library([doc], LEXICON)
    assert bodies(out, registry) == [
        ("你区", "上海市宝山区人民政府"),
        ("我局", "上海市规划和自然资源局"),  # 本局面 is not 本局
    ]


def test_a_pronoun_that_fits_two_issuers_names_no_body():
    doc = document("j", "我局负责解释。", issuers=("上海市民政局", "上海市财政局"))
    (out,), registry = extract_library([doc], LEXICON)
    assert bodies(out, registry) == []


def test_a_district_written_before_a_relative_name_is_its_place():
    doc = document("d", "请崇明区规划土地局办理，报宝山区政府备案，同意区政府的意见。",
                   issuers=("上海市规划和自然资源局",))
    (out,), registry = extract_library([doc], LEXICON)
    assert bodies(out, registry) == [
        ("崇明区规划土地局", "上海市崇明区规划和土地管理局"),
        ("宝山区政府", "上海市宝山区人民政府"),
        ("区政府", "区政府"),  # a city document: no district of its own
    ]


def test_a_cited_title_the_text_abbreviates_is_cited_wherever_the_short_form_stands():
    doc = document(
        "c",
        "根据《中华人民共和国个人所得税法》（以下简称个人所得税法），制定本条例。",
        "个人所得税法第四条所称的国债利息，免征个人所得税。",
    )
    (out,), registry = extract_library([doc], LEXICON)
    cited = [(m.text, registry.get("citation", m.id).name)
             for n in out.walk() for m in n.mentions if m.kind == "citation"]
    full = "中华人民共和国个人所得税法"
    short = ("个人所得税法", full)
    assert cited == [(full, full), short]  # at the definition the full title is the mention


def test_a_short_form_in_a_title_that_abbreviates_nothing_found_is_no_citation():
    doc = document("m", "对《某某名录》及移出清单（以下简称《名录》）进行更新。",
                   "《名录》实行动态更新。")
    (out,), _ = extract_library([doc], LEXICON)
    cited = [m.text for n in out.walk() for m in n.mentions if m.kind == "citation"]
    assert cited == ["某某名录"]


def test_a_body_named_in_full_is_its_tail_later_in_the_document():
    doc = document(
        "sh",
        "上海市人民代表大会常务委员会和上海市青浦区土地储备成本认定工作小组负责。",
        "常务委员会应当听取工作小组的报告。",
        "各专门委员会和其他工作小组配合。",
    )
    (out,), registry = extract_library([doc], LEXICON)
    assert bodies(out, registry)[2:4] == [
        ("常务委员会", "上海市人民代表大会常务委员会"),
        ("工作小组", "上海市青浦区土地储备成本认定工作小组"),
    ]
    # after a class word it is a class, not the body named before
    assert ("工作小组", "上海市青浦区土地储备成本认定工作小组") not in bodies(
        out, registry)[4:]


def test_a_tail_two_bodies_share_refers_to_neither():
    doc = document(
        "sh",
        "上海市发展和改革委员会、上海市经济和信息化委员会负责。",
        "委员会应当报告。",
    )
    (out,), registry = extract_library([doc], LEXICON)
    assert [t for t, _ in bodies(out, registry)] == [
        "上海市发展和改革委员会", "上海市经济和信息化委员会"]


def test_a_tail_two_bodies_share_refers_to_the_one_of_the_documents_place():
    doc = document(
        "sh",
        "上海市人民代表大会常务委员会和江苏省人民代表大会常务委员会负责。",
        "常务委员会应当报告。",
        issuers=("上海市人民代表大会常务委员会",),
    )
    (out,), registry = extract_library([doc], LEXICON)
    assert bodies(out, registry)[-1] == ("常务委员会", "上海市人民代表大会常务委员会")


def test_a_bureau_written_bare_is_no_short_reference_to_the_issuer():
    doc = document(
        "sh",
        "上海市生态环境局、上海市规划和自然资源局制定本办法。",
        "认定委员会成员由生态环境局、规划资源局专职工作人员组成。",
        issuers=("上海市生态环境局", "上海市规划和自然资源局"),
    )
    (out,), registry = extract_library([doc], LEXICON)
    assert ("生态环境局", "上海市生态环境局") not in bodies(out, registry)
    assert all(text != "资源局" for text, _ in bodies(out, registry))


def test_a_place_the_lexicon_does_not_know_is_part_of_the_name():
    doc = document(
        "x",
        "大同市人民政府副市长受到处分，责令左权县人民政府向晋中市人民政府写出书面检查。",
        "左权县辽阳镇党委书记受到处分，本市人民政府和城市人民政府负责。",
        issuers=("国务院办公厅",),
    )
    (out,), registry = extract_library([doc], LEXICON)
    assert [t for t, _ in bodies(out, registry)] == [
        "大同市人民政府", "左权县人民政府", "晋中市人民政府", "左权县辽阳镇党委", "市人民政府",
        "城市人民政府"]


def test_a_tail_holds_an_organ_jieba_joins_and_is_no_organ_of_another_body():
    doc = document(
        "sh",
        "上海市人民代表大会常务委员会主任会议和国务院办公厅负责。",
        "交有关专门委员会或者常务委员会主任会议审议，试点地区政府办公厅（室）统筹。",
        issuers=("上海市人民代表大会常务委员会",),
    )
    (out,), registry = extract_library([doc], LEXICON)
    found = bodies(out, registry)
    assert ("常务委员会主任会议", "上海市人民代表大会常务委员会主任会议") in found
    assert ("办公厅", "国务院办公厅") not in found


def test_a_ministry_written_with_or_without_the_states_name_is_one_body():
    doc = document("c", "中华人民共和国财政部会同审计署负责。", "财政部应当加强指导。")
    (out,), registry = extract_library([doc], LEXICON)
    assert bodies(out, registry) == [
        ("中华人民共和国财政部", "财政部"), ("审计署", "审计署"), ("财政部", "财政部")]
    audit = registry.get("body", registry.id_for("body", "审计署"))
    assert audit is not None
    assert audit.aliases == ("中华人民共和国审计署",)
    assert registry.id_for("body", "中华人民共和国审计署") == audit.id
    # the lexicon finds the long form itself: it is not taught (no second reading of the library)
    assert "中华人民共和国审计署" not in registry.body_names()


def test_shi_of_shizheng_and_shimin_is_no_level():
    doc = document("bj", "市政基础设施管理单位和市民服务热线部门应当配合。",
                   issuers=("北京市人民政府",))
    (out,), registry = extract_library([doc], LEXICON)
    names = [name for _, name in bodies(out, registry)]
    assert names == ["市政基础设施管理单位", "市民服务热线部门"]


def test_a_bureau_writes_bare_ju_for_itself_and_its_divisions():
    doc = document(
        "lr",
        "项目报局审核后，由局规划发展处汇总，局办公室负责归档，局属各单位执行；布局由局处理。",
        issuers=("上海市绿化和市容管理局",),
    )
    (out,), registry = extract_library([doc], LEXICON)
    assert bodies(out, registry) == [
        ("局", "上海市绿化和市容管理局"),
        ("局规划发展处", "上海市绿化和市容管理局规划发展处"),
        ("局办公室", "上海市绿化和市容管理局办公室"),
        ("各单位", "各单位"),  # 局属 | 各单位: the bureau's units, not the bureau
        ("局", "上海市绿化和市容管理局"),  # 布局 is no 局
    ]


def test_divisions_listed_after_a_bureaus_division_are_its_too():
    doc = document("lr2", "局财务处会同规划发展处、监察室审核。",
                   issuers=("上海市绿化和市容管理局",))
    (out,), registry = extract_library([doc], LEXICON)
    assert bodies(out, registry) == [
        ("局财务处", "上海市绿化和市容管理局财务处"),
        ("规划发展处", "上海市绿化和市容管理局规划发展处"),
        ("监察室", "上海市绿化和市容管理局监察室"),
    ]


def test_a_bare_ju_fits_no_issuer_when_two_bureaus_issue():
    doc = document("j2", "报局审核。", issuers=("上海市民政局", "上海市财政局"))
    (out,), registry = extract_library([doc], LEXICON)
    assert bodies(out, registry) == []


def test_shirong_of_the_issuer_is_no_city_within_the_city():
    """上海市绿化和市容管理局: 市 of 市容 is no county-level city called 绿化和."""
    doc = document("sr", "区绿化市容部门负责指导。", issuers=("上海市绿化和市容管理局",))
    (out,), registry = extract_library([doc], LEXICON)
    assert bodies(out, registry) == [("区绿化市容部门", "区绿化市容部门")]


def test_the_organs_of_a_district_party_committee():
    doc = document("ja", "（责任单位：区委办、区委组织部、区消防支队）",
                   issuers=("上海市静安区人民政府",))
    (out,), registry = extract_library([doc], LEXICON)
    assert bodies(out, registry) == [
        ("区委办", "中共上海市静安区委员会办公室"),
        ("区委组织部", "中共上海市静安区委员会组织部"),
        ("区消防支队", "上海市静安区消防救援支队"),
    ]


def test_a_state_commission_is_no_management_committee():
    """管委会 is short for a zone's 管理委员会, not the tail of 国有资产监督管理委员会."""
    doc = document("gw", "市国资委负责监管。", "区政府（管委会）负责组织评估。",
                   issuers=("上海市规划和自然资源局",))
    (out,), registry = extract_library([doc], LEXICON)
    assert ("管委会", "管委会") in bodies(out, registry)  # a class of its own
    assert all("国有资产" not in name for text, name in bodies(out, registry) if text == "管委会")


def test_the_office_a_body_sets_up_is_what_bare_office_names_later():
    """X下设办公室: 办公室 written alone afterwards is X's office; 区政府办公室 stays itself."""
    doc = document(
        "qp",
        "成立青浦区农村村民建房会审联席会议（以下简称“区联席会议”），下设办公室于区规划资源局。",
        "报区联席会议（办公室）审议通过。由办公室整理后报送区联席会议。区政府办公室负责。",
        issuers=("上海市青浦区规划和自然资源局",),
    )
    (out,), registry = extract_library([doc], LEXICON)
    meeting = "上海市青浦区农村村民建房会审联席会议"
    found = bodies(out, registry)
    assert found.count(("办公室", meeting + "办公室")) == 2
    assert ("区政府办公室", "上海市青浦区人民政府办公室") in found
    assert ("青浦区农村村民建房会审联席会议", meeting) in found  # the district's city before it
    # 报 | 区联席会议: no mechanism
    assert not [m for n in out.walk() for m in n.mentions if m.kind == "mechanism"]


def test_without_a_body_that_sets_up_an_office_bare_office_is_nothing():
    doc = document("o", "由办公室整理后报送。", issuers=("上海市青浦区规划和自然资源局",))
    (out,), registry = extract_library([doc], LEXICON)
    assert bodies(out, registry) == []


def test_a_bureau_writes_its_level_and_type_for_itself_but_not_another_bureaus_type():
    """In a city bureau's document 市局 (and 市局 + a division) is the bureau itself; 环保市容局 is
    another bureau, not a bare 局 of the issuer; 报局审核 still is."""
    doc = document("sj", "（市局特种设备安全监察处牵头）", "各区绿化市容局、浦东新区环保市容局：",
                   "报局审核。", issuers=("上海市市场监督管理局",))
    (out,), registry = extract_library([doc], LEXICON)
    issuer = "上海市市场监督管理局"
    assert (("市局特种设备安全监察处", issuer + "特种设备安全监察处") in bodies(out, registry))
    assert ("局", issuer) in bodies(out, registry)  # 报局审核
    assert [name for text, name in bodies(out, registry) if text == "局"] == [issuer]


def test_a_law_writing_out_its_own_title_names_no_mechanism():
    doc = document("d", "为了加强发票管理，制定中华人民共和国发票管理办法。建立发票查验制度。",
                   title="中华人民共和国发票管理办法")
    (extracted,), _ = extract_library([doc], LEXICON)
    names = [m.text for m in extracted.body[0].mentions if m.kind == "mechanism"]
    assert names == ["发票查验制度"]
