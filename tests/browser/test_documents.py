"""What a reader sees of the library and the document pages, in headless chromium."""

from __future__ import annotations

import re

from policysite.build import load_library
from tests.browser.conftest import DATA_DIR

SEED_PAGE = "documents/jiaqiang-xiangzhenzhengfu-fuwu-nengli-jianshe-shishi-yijian.html"


def test_home_lists_every_document_with_metadata(page, base_url, screenshot):
    library = load_library(DATA_DIR)
    page.goto(base_url)
    rows = page.locator("article table tbody tr")
    assert rows.count() == len(library.documents)
    text = page.locator("article").inner_text()
    assert "国办发〔2018〕123号" in text
    assert "2018-12-07" in text
    assert "国务院办公厅" in text
    screenshot(page, base_url, "home")


def test_seed_page_has_clauses_as_permalinked_headings(page, base_url, screenshot):
    page.goto(base_url + SEED_PAGE)
    headings = page.locator("article h3").all_inner_texts()
    clauses = [re.sub(r"\s*(¶|复制链接)\s*", "", h) for h in headings]
    assert clauses[:5] == [
        "(十六)发挥乡镇党委的领导作用", "(十七)加强乡镇干部队伍建设", "(十八)健全激励保障机制",
        "(十九)改进乡镇政府服务绩效评价奖惩机制", "(二十)强化乡镇政府监督管理",
    ]
    for clause in range(16, 21):
        assert page.locator(f"h3#s5-c{clause} a.headerlink").count() == 1
    assert "各区要结合实际" in page.locator("#end1").inner_text()
    banner = page.locator(".ps-banner").inner_text()
    assert "seeds/000_09ee85cba1de08bf.txt" in banner
    source = page.locator("article").inner_text()
    assert "京公网安备" in source
    assert "page chrome" in source
    screenshot(page, base_url + SEED_PAGE, "seed-document")


def test_permalink_opens_the_clause(page, base_url):
    page.goto(base_url + SEED_PAGE + "#s5-c18")
    heading = page.locator("#s5-c18")
    assert heading.is_visible()
    assert heading.evaluate("e => e.getBoundingClientRect().top") < 300


def test_copy_link_button_copies_the_clause_url(page, base_url):
    page.goto(base_url + SEED_PAGE)
    button = page.locator("#s5-c18 .ps-copy-link")
    assert button.get_attribute("data-url").endswith(SEED_PAGE + "#s5-c18")
    button.click()
    assert button.inner_text() == "已复制"


def test_every_heading_node_has_an_anchor_on_its_page(page, base_url):
    library = load_library(DATA_DIR)
    heading_kinds = {"chapter", "section", "clause", "item", "article", "attachment"}
    for doc in library.documents:
        page.goto(base_url + f"documents/{doc.id}.html")
        ids = set(page.eval_on_selector_all("[id]", "els => els.map(e => e.id)"))
        missing = [n.id for n in doc.walk() if n.kind in heading_kinds and n.id not in ids]
        assert not missing, f"{doc.id}: no anchor for {missing[:5]}"
