"""The parse stages one by one (tokens → frame → tree → ids → checks → metadata), on the frame
of a real joint notice (seeds/106: 落款 on two lines, no 主送) shortened to its skeleton."""

from __future__ import annotations

from policysite.clean import clean
from policysite.parse import parse
from policysite.parse.checks import checks
from policysite.parse.frame import frame
from policysite.parse.ids import document_id, freeze
from policysite.parse.metadata import metadata
from policysite.parse.tokens import tokenize
from policysite.parse.tree import tree

TEXT = """上海市交通委员会、上海市公安局关于71路中运量西延伸公交线路实行专用车道管理的通告
现就有关事项通告如下：
一、71路中运量西延伸路中式专用车道为公交线路车辆专用。
二、具有下列情形之一的，车辆可以临时使用专用车道：
（一）清障施救车辆实施清障施救的；
（三）非营运时段内实施维护工作的。
特此通告。
市交通委
市公安局
2023年5月10日
"""


def test_tokens_classify_each_line_once():
    kinds = [t.kind for t in tokenize(clean(TEXT))]
    assert kinds == ["title_like", "paragraph", "section", "section", "clause", "clause",
                     "paragraph", "title_like", "title_like", "date"]


def test_frame_marks_a_two_line_signature_without_changing_the_tokens():
    tokens = tokenize(clean(TEXT))
    found = frame(tokens, frozenset())
    assert [t.kind for t in found.main.body[-3:]] == ["signature", "signature", "date"]
    assert [t.kind for t in tokens[-3:]] == ["title_like", "title_like", "date"]  # unchanged
    assert found.attachments == ()


def test_tree_ids_and_checks():
    nodes = freeze(tree(frame(tokenize(clean(TEXT)), frozenset())))
    assert [n.id for n in nodes] == ["title", "pre1", "s1", "s2", "end1", "sign", "sign2", "date"]
    assert [c.id for c in nodes[3].children] == ["s2-c1", "s2-c3"]
    [warning] = checks(nodes, "x.txt", 1)
    assert warning.line == 6
    assert warning.message == "numbering skips: expected （…2 here, found （三）"


def test_metadata_resolves_signature_names_and_parse_calls_the_stages_in_order():
    nodes = freeze(tree(frame(tokenize(clean(TEXT)), frozenset())))
    meta = metadata(nodes, {}, "the front matter", nodes[0].text or "", "x.txt")
    assert meta.issuers == ("上海市交通委员会", "上海市公安局")
    assert meta.date == "2023-05-10"
    document = parse(clean(TEXT), "x.txt")
    assert (document.issuers, document.body) == (meta.issuers, nodes)
    assert document.id == document_id(meta.title, None)  # no 文号: from the title
    assert document.id.startswith("71-lu")  # the issuers before 关于 are not in the id


def test_a_container_title_cut_short_gives_way_to_the_title_lines():
    nodes = freeze(tree(frame(tokenize(clean(TEXT)), frozenset())))
    whole = nodes[0].text or ""
    cut = whole[:20] + "..."
    meta = metadata(nodes, {"title": cut}, "the front matter", whole, "x.md")
    assert meta.title == whole
    assert not [w for w in meta.warnings if "title" in w.message]
    other = metadata(nodes, {"title": "另一个标题..."}, "the front matter", whole, "x.md")
    assert other.title == "另一个标题..."  # not the text's title cut short: the container's stays


def test_a_promulgation_note_with_no_decree_number_gives_the_date():
    text = ("上海市民用机场航空油料管线保护办法\n"
            "（1999年10月18日上海市人民政府发布，根据2002年11月18日上海市人民政府令第128号修正）\n"
            "第一条　为了保护航油管线，制定本办法。\n")
    document = parse(clean(text), "x.txt")
    assert document.date == "1999-10-18"
    assert document.doc_number is None  # the 令 of a later amendment is not this document's
