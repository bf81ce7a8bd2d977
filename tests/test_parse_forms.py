"""One focused test per numbering form and frame element, as dedented Chinese text."""

from __future__ import annotations

import pytest

from policysite.errors import SourceError
from tests.helpers import PROJECT, assert_parses, outline, parse_text


def test_section_clause_item_subitem_point():
    assert_parses(
        """
        关于加强管理的意见
        一、总体要求
        （一）指导思想。
        以人民为中心。
        （二）基本原则。
        1.坚持正确导向。增强意识。
        （1）第一点。
        ①细目内容。
        二、工作任务
        """,
        [
            ("title", "title", None, None, "关于加强管理的意见"),
            ("s1", "section", "一、", "总体要求", None),
            ("s1-c1", "clause", "（一）", "指导思想。", None),
            ("s1-c1-p1", "paragraph", None, None, "以人民为中心。"),
            ("s1-c2", "clause", "（二）", "基本原则。", None),
            ("s1-c2-i1", "item", "1.", "坚持正确导向。", "增强意识。"),
            ("s1-c2-i1-si1", "subitem", "（1）", "第一点。", None),
            ("s1-c2-i1-si1-pt1", "point", "①", None, "细目内容。"),
            ("s2", "section", "二、", "工作任务", None),
        ],
    )


@pytest.mark.parametrize(
    ("line", "marker", "kind"),
    [
        ("(一)适用范围。内容如下。", "(一)", "clause"),
        ("（一）适用范围。内容如下。", "（一）", "clause"),
        ("1．适用范围。内容如下。", "1．", "item"),
        ("1.适用范围。内容如下。", "1.", "item"),
        ("(1)适用范围。内容如下。", "(1)", "subitem"),
        ("①适用范围。内容如下。", "①", "point"),
    ],
)
def test_bracket_and_dot_widths(line, marker, kind):
    doc = parse_text(f"一、总则\n{line}")
    node = doc.body[0].children[0]
    assert (node.kind, node.marker, node.heading, node.text) == (
        kind,
        marker,
        "适用范围。",
        "内容如下。",
    )


def test_inline_heading_is_text_before_first_full_stop():
    doc = parse_text("一、总则\n（一）适用事项范围。服务对象为辖区居民。")
    clause = doc.body[0].children[0]
    assert clause.heading == "适用事项范围。"
    assert clause.text == "服务对象为辖区居民。"


def test_long_first_sentence_is_text_not_heading():
    doc = parse_text(
        "一、总则\n（一）经营性文化事业单位转制为企业，要依法登记为有限责任公司。其他内容。"
    )
    clause = doc.body[0].children[0]
    assert clause.heading is None
    assert clause.text.startswith("经营性文化事业单位")


def test_chapters_articles_paragraphs_and_provisions():
    doc = assert_parses(
        """
        # 某某条例
        ## 第一章 总 则
        第一条 为了规范管理，制定本条例。
        第二条 本条例适用于本市。
        本市各级人民政府应当执行。
        （一）第一项；
        （二）第二项。
        ## 第二章 附 则
        第三条 本条例自公布之日起施行。
        """,
        [
            ("title", "title", None, None, "某某条例"),
            ("ch1", "chapter", "第一章", "总 则", None),
            ("ch1-a1", "article", "第一条", None, "为了规范管理，制定本条例。"),
            ("ch1-a2", "article", "第二条", None, "本条例适用于本市。"),
            ("ch1-a2-k2", "paragraph", None, None, "本市各级人民政府应当执行。"),
            ("ch1-a2-x1", "provision", "（一）", None, "第一项；"),
            ("ch1-a2-x2", "provision", "（二）", None, "第二项。"),
            ("ch2", "chapter", "第二章", "附 则", None),
            ("ch2-a3", "article", "第三条", None, "本条例自公布之日起施行。"),
        ],
    )
    assert doc.title == "某某条例"


def test_article_heading_in_brackets_right_after_the_number():
    """Shanghai 规章 and 规范性文件 write 第一条（目的）, the text on the next line: the bracketed
    words are the article's heading and the next paragraph is its first 款; a 项 number in
    brackets and a reference to an article inside a sentence are not headings."""
    assert_parses(
        """
        # 某某办法
        第一条（目的）
        为了规范管理，制定本办法。
        第二条 （适用范围）本办法适用于本市。
        第三条（一）项所列情形除外。
        第四条的规定另行制定。
        """,
        [
            ("title", "title", None, None, "某某办法"),
            ("a1", "article", "第一条", "（目的）", None),
            ("a1-k1", "paragraph", None, None, "为了规范管理，制定本办法。"),
            ("a2", "article", "第二条", "（适用范围）", "本办法适用于本市。"),
            ("a3", "article", "第三条", None, "（一）项所列情形除外。"),
            ("a3-k2", "paragraph", None, None, "第四条的规定另行制定。"),
        ],
    )


def test_subchapter_between_chapter_and_article():
    doc = parse_text("第一章 总则\n第一节 一般规定\n第一条 内容。")
    assert [n.id for n in doc.walk()] == ["ch1", "ch1-sec1", "ch1-sec1-a1"]


def test_clause_numbers_run_on_across_sections_without_warning():
    doc = parse_text("一、甲\n（一）甲一。\n（二）甲二。\n二、乙\n（三）乙一。\n（四）乙二。")
    assert [n.id for n in doc.walk()] == ["s1", "s1-c1", "s1-c2", "s2", "s2-c3", "s2-c4"]
    assert doc.warnings == ()


def test_gap_in_numbering_is_a_warning_with_line():
    doc = parse_text("一、甲\n（一）甲一。\n（三）甲三。", path="gap.txt")
    assert len(doc.warnings) == 1
    warning = doc.warnings[0]
    assert (warning.file, warning.line) == ("gap.txt", 3)
    assert "（三）" in warning.message


def test_duplicate_number_is_a_warning_and_ids_stay_unique():
    doc = parse_text("一、甲\n二、乙\n二、丙")
    assert [n.id for n in doc.walk()] == ["s1", "s2", "s2-2"]
    assert "repeated" in doc.warnings[0].message


def test_strict_mode_turns_a_warning_into_an_error():
    with pytest.raises(SourceError, match=r"strict.txt:3: numbering skips"):
        parse_text("一、甲\n（一）甲一。\n（三）甲三。", path="strict.txt", errors="strict")


def test_frame_doc_number_addressee_signature_date_note():
    doc = assert_parses(
        """
        国务院办公厅关于推进某项工作的意见
        国办发〔2018〕123号
        各省、自治区、直辖市人民政府，国务院各部委、各直属机构：
        为推动工作，现提出如下意见。
        一、总体要求
        国务院办公厅
        2018年12月7日
        （此件公开发布）
        """,
        [
            ("title", "title", None, None, "国务院办公厅关于推进某项工作的意见"),
            ("docno", "doc_number", None, None, "国办发〔2018〕123号"),
            (
                "to",
                "addressee",
                None,
                None,
                "各省、自治区、直辖市人民政府，国务院各部委、各直属机构：",
            ),
            ("pre1", "preamble", None, None, "为推动工作，现提出如下意见。"),
            ("s1", "section", "一、", "总体要求", None),
            ("sign", "signature", None, None, "国务院办公厅"),
            ("date", "date", None, None, "2018年12月7日"),
            ("note1", "note", None, None, "（此件公开发布）"),
        ],
    )
    assert doc.doc_number == "国办发〔2018〕123号"
    assert doc.issuers == ("国务院办公厅",)
    assert doc.date == "2018-12-07"
    # 主送 split at 、 only where both sides are whole bodies (各省、自治区、直辖市 is one).
    assert doc.addressees == ("各省、自治区、直辖市人民政府", "国务院各部委", "各直属机构")


def test_square_bracket_doc_number():
    doc = parse_text("关于工资折算问题的通知\n劳社部发[2008]3号\n一、计算")
    # The metadata field is normalised (〔〕, no spaces); the 文号 node keeps the text as written.
    assert doc.doc_number == "劳社部发〔2008〕3号"
    assert doc.node("docno").text == "劳社部发[2008]3号"


def test_doc_number_with_a_space_before_its_number_sign():
    doc = parse_text("关于印发《细则》的通知\n沪规划资源乡〔2020〕206 号\n一、总体要求")
    assert doc.doc_number == "沪规划资源乡〔2020〕206号"
    assert doc.node("docno").text == "沪规划资源乡〔2020〕206 号"


def test_chinese_date_and_joint_signature_on_one_line():
    doc = parse_text(
        "国务院办公厅、中央军委办公厅关于加强调查工作的通知\n一、要加强调查。\n"
        "国务院办公厅\u3000中央军委办公厅\n一九九六年六月二十九日"
    )
    assert doc.issuers == ("国务院办公厅", "中央军委办公厅")
    assert doc.date == "1996-06-29"


def test_title_split_over_lines_and_repeated_title_dropped():
    doc = parse_text(
        "关于加强乡镇政府服务能力\n建设的实施意见(5)\n关于加强乡镇政府服务能力\n五、加强组织保障"
    )
    assert doc.title == "关于加强乡镇政府服务能力建设的实施意见"
    assert doc.parts == (5,)
    assert doc.missing_parts == (1, 2, 3, 4)
    assert [d.reason for d in doc.dropped] == ["repeated title"]


def test_closing_paragraph_after_last_clause_of_heading_only_section():
    doc = parse_text("一、组织保障\n（一）加强领导。要加强。\n各区要结合实际抓好落实。")
    assert outline(doc)[-1] == ("end1", "closing", None, None, "各区要结合实际抓好落实。")


def test_paragraph_after_inline_section_stays_inside_it():
    doc = parse_text("一、要加强调查取证工作。\n上述情况要及时上报。\n二、要加强管理。")
    assert [n.id for n in doc.walk()] == ["s1", "s1-p1", "s2"]


def test_wrapper_notice_carries_attached_documents():
    doc = parse_text(
        """
        国务院办公厅关于印发两个规定的通知
        各省人民政府：
        现印发给你们，请认真贯彻执行。
        国务院办公厅
        2018年12月18日
        （此件公开发布）
        甲事项的规定
        为深化改革，特制定以下规定：
        一、关于甲
        （一）甲的内容。
        乙事项的
        规定
        一、关于乙
        （一）乙的内容。
        """
    )
    attachments = [n for n in doc.body if n.kind == "attachment"]
    assert [a.title for a in attachments] == ["甲事项的规定", "乙事项的规定"]
    assert [n.id for n in attachments[0].walk()] == [
        "att1",
        "att1-title",
        "att1-pre1",
        "att1-s1",
        "att1-s1-c1",
    ]
    assert [n.id for n in attachments[1].walk()] == ["att2", "att2-title", "att2-s1", "att2-s1-c1"]
    assert doc.date == "2018-12-18"


def test_markdown_bare_numeral_heading_takes_next_line_as_text():
    doc = parse_text("# 关于工资的通知\n## 三\n某某通知同时废止。")
    assert outline(doc)[1:] == [
        ("s3", "section", "三", None, None),
        ("s3-p1", "paragraph", None, None, "某某通知同时废止。"),
    ]


def test_no_numbering_is_one_body_with_a_warning():
    doc = parse_text("国务院关于某事项的决定\n国务院决定在某地暂时调整实施有关规定。")
    assert [n.kind for n in doc.body] == ["title", "paragraph"]
    assert "no numbering" in doc.warnings[0].message


def test_attachment_list_and_adoption_note():
    doc = parse_text(
        "# 某某条例\n2024年5月31日 北京市第十六届人民代表大会常务委员会第十次会议通过\n"
        "第一条 内容。\n附件：印章规格式样(略)"
    )
    assert [n.kind for n in doc.body] == ["title", "note", "article", "attachment_list"]
    assert doc.date == "2024-05-31"
    assert doc.issuers == ("北京市人民代表大会常务委员会",)


def test_same_input_gives_same_ids():
    source = "一、甲\n（一）甲一。\n1.子项。\n二、乙"
    assert outline(parse_text(source)) == outline(parse_text(source))


def test_a_regulations_table_of_contents_is_not_a_second_set_of_chapters():
    doc = parse_text(
        "上海市某某管理条例\n目　　录\n第一章　总则\n第二章　附则\n"
        "第一章　总则\n第一条　为了加强管理，制定本条例。\n"
        "第二章　附则\n第二条　本条例自公布之日起施行。"
    )
    assert [(n.id, n.kind) for n in doc.walk()] == [
        ("title", "title"),
        ("toc1", "contents"), ("toc2", "contents"), ("toc3", "contents"),
        ("ch1", "chapter"), ("ch1-a1", "article"), ("ch2", "chapter"), ("ch2-a2", "article"),
    ]
    assert not doc.warnings


def test_a_contents_line_without_its_chapters_again_stays_text():
    doc = parse_text("某某办法\n目录\n第一章　总则\n第一条　甲。\n第二章　附则\n第二条　乙。")
    assert [n.kind for n in doc.walk()][:3] == ["title", "preamble", "chapter"]


def _hard_wrapped(text: str, width: int) -> str:
    """``text`` cut into lines of ``width`` characters, as text copied from a PDF is."""
    out = []
    for line in text.split("\n"):
        while len(line) > width:
            out.append(line[:width])
            line = line[width:]
        out.append(line)
    return "\n".join(out)


@pytest.mark.parametrize("width", [28, 35, 40])
def test_a_hard_wrapped_text_parses_as_its_paragraphs(width):
    """A notice copied from a PDF, cut at one width: its paragraphs are joined again, so the
    outline is the one of the text with a paragraph per line (a paragraph whose sentence happens
    to end at a cut stays cut there: nothing tells the two apart)."""
    source = (PROJECT / "seeds" / "001_gov-cn_guobanfa-2018-123_zhengwu-xinmeiti-yijian.txt")
    text = source.read_text(encoding="utf-8")
    whole, wrapped = parse_text(text), parse_text(_hard_wrapped(text, width))
    assert wrapped.title == whole.title
    assert wrapped.doc_number == whole.doc_number
    kinds = [n.kind for n in whole.walk() if n.kind != "paragraph"]
    assert [n.kind for n in wrapped.walk() if n.kind != "paragraph"] == kinds
    assert len(list(wrapped.walk())) <= len(list(whole.walk())) + 3
    assert "".join(n.text or "" for n in wrapped.walk()) == "".join(
        n.text or "" for n in whole.walk())


def test_a_text_with_a_paragraph_per_line_is_never_joined():
    doc = parse_text("""
        关于加强管理的意见
        各区要结合实际，科学谋划总体安排，明确任务
        各区要结合实际，科学谋划总体安排，明确分工
        """)
    assert [n.text for n in doc.walk() if n.kind == "paragraph"] == [
        "各区要结合实际，科学谋划总体安排，明确任务", "各区要结合实际，科学谋划总体安排，明确分工"]
