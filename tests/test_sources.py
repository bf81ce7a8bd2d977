"""Source formats: Markdown with front matter, saved web pages, chrome rules from data files,
refused files (one ``Error:`` line naming the file, nothing written) and the metadata of the
bundled real documents against the gold files made by reading them (tests/gold/1*.yml).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from policysite.build import ingest, read_document
from policysite.clean import clean
from policysite.decode import decode
from policysite.errors import EXIT_SOURCE, SourceError
from policysite.evaluate import evaluate_metadata
from policysite.lossless import lost_characters
from policysite.parse import parse
from policysite.sources import read_source
from policysite.sources.chrome import load

ROOT = Path(__file__).resolve().parents[1]
GOLD = sorted(p for p in (ROOT / "tests" / "gold").glob("1*.yml")
              if "metadata" in (yaml.safe_load(p.read_text("utf-8")) or {}))
SEEDS = {p.stem: p for p in (ROOT / "seeds").iterdir()}


def _doc(path: Path):
    return read_document(path, display=f"seeds/{path.name}")


# -- metadata of the real documents ----------------------------------------------------------
@pytest.mark.parametrize("gold", GOLD, ids=lambda p: p.stem[:3])
def test_metadata_matches_gold(gold: Path):
    data = yaml.safe_load(gold.read_text("utf-8"))
    document = _doc(SEEDS[data["document"]])
    for field, (expected, found) in evaluate_metadata(document, data["metadata"]).items():
        assert found == expected, f"{gold.stem} {field}"


def test_every_real_document_has_gold_metadata():
    assert len(GOLD) >= 25


# -- Markdown ----------------------------------------------------------------------------------
def test_front_matter_and_disclaimer_never_reach_the_body():
    doc = _doc(SEEDS["102_shgov_huhuangui-2024-12_turang-wuran-zerenren-rending-banfa"])
    text = "".join((n.heading or "") + (n.text or "") for n in doc.walk())
    for chrome in ("本文正文由脚本", "著作权法》第五条", "官方链接", "阅办联动", "相关链接", "https://"):
        assert chrome not in text
    reasons = {d.reason for d in doc.dropped}
    assert {"markdown front matter", "repository disclaimer",
            "page chrome: related links"} <= reasons
    assert doc.id == "huhuangui-2024-12"
    assert doc.published == "2024-08-30"
    assert doc.source.format == "markdown"
    assert doc.attachments[0] == "上海市建设用地土壤污染责任人认定实施办法"


def test_markdown_marks_are_structure_not_text(tmp_path):
    source = tmp_path / "x.md"
    source.write_text(
        "---\ntitle: 关于加强管理的通知\nissuer: 上海市民政局\ndate: 2024-01-05\n---\n"
        "> 本文正文由脚本自官方页面提取，仅供查阅。\n\n# 关于加强管理的通知\n\n"
        "各区民政局：\n\n## 一、总体要求\n\n**要坚持**[依法](https://x.cn)行政。\n\n"
        "上海市民政局\n\n2024年1月2日\n", "utf-8")
    doc = read_document(source, display="x.md")
    texts = [(n.heading or "") + (n.text or "") for n in doc.walk()]
    assert "要坚持依法行政。" in texts
    assert not any(c in "".join(texts) for c in "*[]#>")
    assert (doc.title, doc.issuers, doc.date, doc.published) == (
        "关于加强管理的通知", ("上海市民政局",), "2024-01-02", "2024-01-05")


def test_a_labelled_list_under_the_title_is_metadata_and_an_amended_law_keeps_its_organ(
        tmp_path):
    """A law's record written as ``- **制定机关**：…`` under the title (no front matter): the list
    is metadata, not addressees; the adoption note with its amendments in one bracket gives the
    organ (its term dropped) and the adoption date."""
    source = tmp_path / "x.md"
    source.write_text(
        "# 上海市测绘管理条例\n\n- **公布日期**：\n- **时效性**：有效\n"
        "- **制定机关**：上海市人民代表大会常务委员会\n\n---\n\n上海市测绘管理条例\n\n"
        "（1995年12月29日上海市第十届人民代表大会常务委员会第二十四次会议通过  根据2010年9月17日"
        "上海市第十三届人民代表大会常务委员会第二十一次会议《关于修改本市部分地方性法规的决定》"
        "第三次修正）\n\n第一条　为了加强测绘管理，制定本条例。\n", "utf-8")
    doc = read_document(source, display="x.md")
    assert doc.issuers == ("上海市人民代表大会常务委员会",)
    assert doc.date == "2010-09-17"  # the last revision: the text as given (gold of 314)
    assert not doc.addressees
    assert {d.reason for d in doc.dropped} >= {"markdown metadata list"}
    kinds = [n.kind for n in doc.walk()]
    assert "note" in kinds
    assert "addressee" not in kinds


def test_short_signature_names_resolve_to_the_titles_full_names():
    doc = _doc(SEEDS["106_shgov_hujiaodaoyun-2023-328_71lu-zhongyunliang-zhuanyong-chedao-tonggao"])
    assert doc.issuers == ("上海市交通委员会", "上海市公安局")
    assert doc.doc_number == "沪交道运〔2023〕328号"  # front matter wrote 沪交道运 〔2023〕…


def test_a_bureaus_disclosure_table_under_the_title_is_metadata_not_text(tmp_path):
    """The 政府信息公开 table a bureau's page puts above the text (索取号 / 发布机构 / 文件编号 …, a
    label or a value per line) gives the 文号 the text does not write, and leaves the body."""
    source = tmp_path / "x.md"
    source.write_text(
        "---\n标题: 关于印发《某某办法》的通知\n文号: -\n---\n\n# 关于印发《某某办法》的通知\n\n"
        "索取号\n3589258689/2026-00007\n载体类型\n\n发布机构\n上海市住房和城乡建设管理委员会\n\n"
        "文件编号\n沪建规范联〔2026〕7 号\n记录形式\n\n公开类别\n主动公开\n\n关键词\n\n内容描述\n\n"
        "关于印发《某某办法》的通知\n\n各有关单位：\n\n一、现将《某某办法》印发给你们。\n", "utf-8")
    doc = read_document(source, display="x.md")
    assert doc.doc_number == "沪建规范联〔2026〕7号"
    assert doc.index_number == "3589258689/2026-00007"
    assert doc.issuers == ("上海市住房和城乡建设管理委员会",)
    table = {d.text for d in doc.dropped if d.reason == "page metadata table"}
    assert {"索取号", "文件编号", "沪建规范联〔2026〕7 号", "内容描述"} <= table
    assert "各有关单位：" not in table
    assert not any("索取号" in (n.text or "") for n in doc.walk())


def test_a_joint_signature_in_short_form_gives_every_issuer_in_full(tmp_path):
    """市住房城乡建设管理委 / 市卫生健康委 / 市国动办 on three lines: the first is the front
    matter's full name; the others take the full names extraction resolves them to in the
    document's place (Shanghai)."""
    source = tmp_path / "x.md"
    source.write_text(
        "---\n标题: 关于印发《上海市某某管理办法》的通知\n"
        "发布单位: 上海市住房和城乡建设管理委员会\n---\n\n"
        "# 关于印发《上海市某某管理办法》的通知\n\n各有关单位：\n\n"
        "现将《上海市某某管理办法》印发给你们。\n\n"
        "市住房城乡建设管理委\n\n市卫生健康委\n\n市国动办\n\n2026年1月5日\n\n上海市某某管理办法\n\n"
        "第一条 为了规范管理，制定本办法。\n", "utf-8")
    data = tmp_path / "data"
    (data / "lexicon").mkdir(parents=True)
    for path in (ROOT / "data" / "lexicon").glob("*.yml"):
        (data / "lexicon" / path.name).write_bytes(path.read_bytes())
    [doc] = ingest([source], data).documents
    assert doc.issuers == (
        "上海市住房和城乡建设管理委员会", "上海市卫生健康委员会", "上海市国防动员办公室")


def test_disagreeing_places_give_a_warning_naming_both_values():
    doc = _doc(SEEDS["108_shgov_hufubanfa-2025-13_shangwu-louyu-gengxin-tisheng-yijian"])
    assert doc.issuers == ("上海市人民政府办公厅",)
    [warning] = [w.message for w in doc.warnings if w.message.startswith("issuers")]
    assert "上海市人民政府办公厅" in warning
    assert "上海市规划和自然资源局" in warning


# -- HTML --------------------------------------------------------------------------------------
def test_govcn_page_metadata_table_and_chrome():
    doc = _doc(SEEDS["113_govcn_guofa-2019-5_shuangsuiji-yigongkai-jianguan-yijian"])
    assert (doc.index_number, doc.published) == ("000014349/2019-00007", "2019-02-15")
    assert doc.source.format == "html"
    assert "page chrome: outside the main text" in {d.reason for d in doc.dropped}
    assert doc.node("s1").heading
    body = "".join((n.text or "") for n in doc.walk())
    assert "扫一扫" not in body
    assert "<" not in body


def test_jsp_page_entities_without_semicolon_and_title_after_doc_number():
    doc = _doc(SEEDS["125_xinyonglinan_linzhengbanhan-2013-89_xinyong-jianshe-lingdao-xiaozu"])
    texts = [n.text or "" for n in doc.walk()]
    assert any(t.startswith("组") and "长：李文钢" in t for t in texts)
    assert not any("&nbsp" in t or "<%" in t for t in texts)
    assert doc.title == "临安市人民政府办公室关于成立临安市信用建设工作领导小组的通知"


def test_meta_charset_is_honoured(tmp_path):
    page = ('<html><head><meta charset="gbk"></head><body><p>关于加强管理的通知</p>'
            "<p>一、总体要求</p><p>各区要抓好落实。<br>确保实效。</p></body></html>")
    path = tmp_path / "p.html"
    path.write_bytes(page.encode("gbk"))
    doc = read_document(path, display="p.html")
    assert doc.source.encoding == "gb18030"
    assert doc.title == "关于加强管理的通知"
    paragraphs = [n.text for n in doc.walk() if n.kind == "paragraph"]
    assert paragraphs == ["各区要抓好落实。", "确保实效。"]


def test_extracted_text_is_reproducible_and_lossless():
    path = SEEDS["117_govcn_guofa-2018-41_geshui-zhuanxiang-fujia-kouchu-banfa"]
    first = read_source(path.read_bytes(), "a", ".html")
    assert first == read_source(path.read_bytes(), "a", ".html")
    assert lost_characters(first.text, _doc(path)) is None


# -- chrome rules from data files ----------------------------------------------------------------
def test_editors_chrome_rule_in_data_dir(tmp_path):
    source = tmp_path / "a.txt"
    source.write_text("关于加强管理的通知\n一、总体要求\n要抓好落实。\n本网站由某某主办\n", "utf-8")
    (tmp_path / "data" / "chrome").mkdir(parents=True)
    (tmp_path / "data" / "chrome" / "site.yml").write_text(
        "lines:\n  - pattern: '^本网站由.*主办$'\n    reason: 'page chrome: footer'\n", "utf-8")
    [doc] = ingest([source], tmp_path / "data").documents
    assert ("本网站由某某主办", "page chrome: footer") in {(d.text, d.reason) for d in doc.dropped}


def test_builtin_rules_load():
    assert load().drops(["> 依《中华人民共和国著作权法》第五条第一项"], "markdown")


# -- decode ------------------------------------------------------------------------------------
def test_decode_uses_the_detected_encoding():
    text = "臺灣政府關於加強管理的通知，各機關應當依照本辦法辦理相關事項。" * 4
    decoded = decode(text.encode("big5"), "x.txt")
    assert (decoded.text, decoded.encoding) == (text, "big5")


# -- refused files -----------------------------------------------------------------------------
BAD = {
    "empty.html": b"<html><body><div class='nav'></div></body></html>",
    "old.doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64,
    "old.wps": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64,
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_file_one_error_line_nothing_written(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(BAD[name])
    data = tmp_path / "data"
    run = subprocess.run([sys.executable, "-m", "policysite", "ingest", str(path), "--data",
                          str(data)], capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode == EXIT_SOURCE
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, run.stderr
    assert lines[0].startswith("Error:")
    assert name in lines[0]
    assert not data.exists()


# -- properties ----------------------------------------------------------------------------------

LINES = st.lists(
    st.one_of(
        st.sampled_from(["一、总体要求", "（一）指导思想。要坚持。", "1. 加强领导", "第一条 目的",
                         "上海市民政局", "2024年1月2日", "附件：实施办法", "**要**落实。",
                         "> 引用的话", "- [链接](https://x.cn)", "&ldquo;四个&rdquo;", "# 标题"]),
        st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30),
    ),
    max_size=25,
)


@settings(max_examples=60, deadline=None)
@given(front=st.dictionaries(st.sampled_from(["标题", "文号", "发布单位", "发布日期", "x"]),
                             st.text(max_size=12), max_size=4), lines=LINES)
def test_markdown_reader_never_crashes_and_loses_nothing(front, lines):
    body = "\n".join(f"{k}: {v!r}" for k, v in front.items())
    raw = f"---\n{body}\n---\n" + "\n".join(lines)
    try:
        extracted = read_source(raw.encode("utf-8"), "x.md", ".md")
    except SourceError:  # the only error allowed (NUL bytes …)
        return
    document = parse(clean(extracted.text, extracted.drop), "x.md", container=extracted.meta)
    assert lost_characters(extracted.text, document) is None


@settings(max_examples=60, deadline=None)
@given(lines=LINES)
def test_html_reader_never_crashes_and_loses_nothing(lines):
    import html as html_lib

    page = "<html><body><div id='nav'>首页</div><div class='TRS_Editor'>" + "".join(
        f"<p>{html_lib.escape(line)}</p>" for line in lines) + "</div></body></html>"
    try:
        extracted = read_source(page.encode("utf-8"), "x.html", ".html")
    except SourceError:  # a page whose main text is empty
        return
    document = parse(clean(extracted.text, extracted.drop), "x.html", container=extracted.meta)
    assert lost_characters(extracted.text, document) is None


def test_evaluate_reports_metadata_accuracy(tmp_path, monkeypatch):
    """What `policysite evaluate tests/gold/1*.yml` prints first (the README's figures)."""
    from policysite.build import load_library, read_gold_file
    from policysite.evaluate import metadata_accuracy

    monkeypatch.chdir(ROOT)
    ingest([SEEDS[yaml.safe_load(g.read_text("utf-8"))["document"]] for g in GOLD], tmp_path)
    golds = [(str(g), read_gold_file(g)) for g in GOLD]
    report = metadata_accuracy(golds, load_library(tmp_path)).splitlines()
    assert report[0] == f"metadata accuracy over {len(GOLD)} document(s)"
    for line, field in zip(report[1:5], ("title", "doc_number", "issuers", "date"), strict=True):
        assert line.split() == [field, f"{len(GOLD)}/{len(GOLD)}"]
