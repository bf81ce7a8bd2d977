"""The generated Markdown pages, read without building the site."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import markdown
import pytest

from policysite.build import ingest, load_library
from policysite.pages import render_all

ROOT = Path(__file__).resolve().parents[1]
SEED = "jiaqiang-xiangzhenzhengfu-fuwu-nengli-jianshe-shishi-yijian"


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, str | bytes]:
    data = tmp_path_factory.mktemp("data")
    for folder in ("lexicon", "curation"):
        shutil.copytree(ROOT / "data" / folder, data / folder)
    ingest([ROOT / "seeds"], data)
    return render_all(load_library(data))


def test_every_kind_of_page_is_generated(pages):
    expected = {"index.md", f"documents/{SEED}.md", "bodies/index.md", "bodies/shi-minzhengju.md",
                "mechanisms/index.md", "mechanisms/rongcuo-jiucuo-jizhi.md",
                "citations/index.md", "glossary.md", f"tasks/{SEED}.md", f"tasks/{SEED}.csv",
                f"tasks/{SEED}.xlsx"}
    assert expected <= set(pages)


def test_body_page_lists_duties_with_role_and_modal(pages):
    page = pages["bodies/shi-minzhengju.md"]
    assert f"../documents/{SEED}.md#end1" in page
    row = next(line for line in page.splitlines() if f"{SEED}.md#end1" in line)
    assert "| 牵头 | 要 |" in row
    assert "又称：民政局、北京市民政局" in page  # curated aliases
    assert "编辑修订" in page  # provenance


def test_clause_text_links_mentions_and_defines_terms(pages):
    page = pages[f"documents/{SEED}.md"]
    html = markdown.markdown(page.split("---", 2)[2], extensions=["attr_list", "md_in_html"])
    assert '<a href="../mechanisms/rongcuo-jiucuo-jizhi.md"' in html
    assert '<abbr title="重大事项决策、重要干部任免、重大项目安排、大额度资金运作' in html


def test_mechanism_page_names_its_requirement_and_owner(pages):
    page = pages["mechanisms/jixiaokaohe-pingjia-tixi.md"]
    assert "建立科学化、差别化的乡镇政府服务绩效考核评价体系" in page
    owners = page.split("由谁建立和运行", 1)[1]
    assert "乡镇政府" in owners


def test_citation_not_in_library_says_so(pages):
    name = "关于加强乡镇干部队伍建设的若干意见"
    citation = next(p for path, p in pages.items()
                    if path.startswith("citations/") and path != "citations/index.md"
                    and name in str(p))
    assert "未收录" in citation
    assert "中共中央办公厅" in citation


def test_cited_by_on_document_pages(pages):
    # 001 is not cited by another document in the library; the section says so.
    assert "本库中没有其他文件引用这份文件" in pages["documents/guobanfa-2018-123.md"]


def test_task_table_csv_matches_the_page(pages):
    rows = list(csv.reader(io.StringIO(pages[f"tasks/{SEED}.csv"].decode("utf-8-sig"))))
    assert rows[0] == ["条款", "任务", "牵头单位", "配合单位", "指导监督", "强度"]
    first = rows[1]
    assert first[:3] == ["(十六)", "发挥乡镇党委的领导作用", "乡镇党委"]
    assert "乡镇党委" in pages[f"tasks/{SEED}.md"]


def test_task_table_xlsx_opens_in_a_spreadsheet_reader_with_the_csv_rows(pages):
    """The workbook is written by hand (fast for 1,000 documents): openpyxl must read it back
    with the title row, the bold header and the same cells as the CSV."""
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(pages[f"tasks/{SEED}.xlsx"]))
    sheet = book.active
    assert sheet.title == "任务分工表"
    assert sheet["A1"].value == "关于加强乡镇政府服务能力建设的实施意见"
    assert sheet["A2"].font.b
    assert sheet["B3"].alignment.wrap_text
    got = [[c or "" for c in row] for row in sheet.iter_rows(min_row=2, values_only=True)]
    rows = list(csv.reader(io.StringIO(pages[f"tasks/{SEED}.csv"].decode("utf-8-sig"))))
    assert got == rows


def test_pages_are_the_same_every_time(pages, tmp_path):
    for folder in ("lexicon", "curation"):
        shutil.copytree(ROOT / "data" / folder, tmp_path / folder)
    ingest([ROOT / "seeds"], tmp_path)
    again = render_all(load_library(tmp_path))
    assert again == pages


@pytest.fixture(scope="module")
def seed_data(tmp_path_factory) -> Path:
    data = tmp_path_factory.mktemp("seed-data")
    for folder in ("lexicon", "curation"):
        shutil.copytree(ROOT / "data" / folder, data / folder)
    ingest([ROOT / "seeds"], data)
    return data


def test_a_large_library_keeps_single_mentions_as_index_rows(seed_data, monkeypatch):
    """With the thresholds lowered so that the 9 seeds count as a large library: entities named
    in one clause have no page, their mentions link to their row, and the index is split into
    group pages whose rows carry the anchors the links use."""
    from policysite.pages import entities

    monkeypatch.setattr(entities, "ALL_PAGES_UP_TO", 20)
    monkeypatch.setattr(entities, "INDEX_ROWS", 30)
    library = load_library(seed_data)
    pages = render_all(library)
    mechanisms = [e for e in library.registry.of_kind("mechanism")
                  if not e.suppressed and not e.merged_into]
    single = next(e for e in mechanisms if not entities.has_page(library, "mechanism", e.id))
    assert f"mechanisms/{single.id}.md" not in pages
    target = entities.entity_link(library, "mechanism", single.id)
    group_page, anchor = target.split("#")
    assert group_page.startswith("mechanisms/kind-"), target
    assert f'<span id="{anchor}"></span>' in pages[group_page]
    index = pages["mechanisms/index.md"]
    assert "个）" in index
    assert group_page.split("/")[1] in index
    # a document mentioning it links to the row, not to a missing page
    assert any(f"{group_page.split('/')[1]}#{anchor}" in str(p)
               for path, p in pages.items() if path.startswith("documents/"))
    # entities named in two clauses or more keep their pages
    assert any(entities.has_page(library, "mechanism", e.id) for e in mechanisms)


def test_self_references_link_to_their_document_not_to_an_entity(pages):
    # 本办法 in the attached 办法 of 103 is the attachment; 本通知/本意见 in a document's own text
    # is the document (its h1, #title); neither is a mechanism or a cited document
    page = pages["documents/hufubangui-2021-16.md"]
    assert '依照[本办法](#att1 "本附件")认定的应急抢险救灾工程' in page
    assert not [p for p in pages if "benbanfa" in p or "ben-banfa" in p]
    top_level = pages["documents/huhuangui-2024-12.md"]
    assert "](#title \"本文件\")" in top_level or "](#att1 \"本附件\")" in top_level


def test_a_table_of_contents_links_each_chapter():
    from policysite.library import Library
    from policysite.pages.document import render_document
    from tests.helpers import parse_text

    doc = parse_text("某某条例\n目　录\n第一章　总则\n第二章　附则\n"
                     "第一章　总则\n第一条　甲。\n第二章　附则\n第二条　乙。")
    page = render_document(doc, Library((doc,)))
    assert "[第一章　总则](#ch1)" in page
    assert "[第二章　附则](#ch2)" in page
    assert page.count("目　录") == 1
