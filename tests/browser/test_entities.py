"""Who must do what, as a reader uses it: entity pages, links both ways, terms, task tables."""

from __future__ import annotations

import io
import urllib.parse
import urllib.request

SEED = "documents/jiaqiang-xiangzhenzhengfu-fuwu-nengli-jianshe-shishi-yijian.html"
TASKS = "tasks/jiaqiang-xiangzhenzhengfu-fuwu-nengli-jianshe-shishi-yijian"


def test_minzhengju_duty_list_links_to_its_clause(page, base_url, screenshot):
    page.goto(base_url + "bodies/shi-minzhengju.html")
    assert page.locator("h1").inner_text().startswith("市民政局")
    banner = page.locator(".ps-banner").inner_text()
    assert "市" in banner
    assert "部门" in banner
    assert "又称：民政局" in page.locator("article").inner_text()  # curated alias
    # The seed's row (other documents of the library list 市民政局 too).
    rows = page.locator("#duties ~ table tbody tr, #duties ~ * table tbody tr")
    row = rows.filter(has=page.locator(f"a[href*='{SEED.rsplit('/', 1)[-1]}#end1']")).first
    assert "牵头" in row.inner_text()
    row.locator("a[href*='#end1']").first.click()
    page.wait_for_url(f"**/{SEED}#end1")
    clause = page.locator("#end1")
    assert clause.is_visible()
    assert "市民政局等相关部门要加大对本实施意见的宣传贯彻" in clause.inner_text()
    screenshot(page, base_url + "bodies/shi-minzhengju.html", "body")


def test_clause_mentions_link_to_entity_pages(page, base_url):
    page.goto(base_url + SEED + "#s5-c18")
    text = page.locator("#s5-c18 + p")
    link = text.get_by_role("link", name="容错纠错机制")
    assert link.count() == 1
    link.click()
    page.wait_for_url("**/mechanisms/rongcuo-jiucuo-jizhi.html")
    requirements = page.locator("article").inner_text()
    assert "建立健全容错纠错机制" in requirements
    assert "(十八)健全激励保障机制" in requirements


def test_terms_show_their_definition_on_hover(page, base_url):
    page.goto(base_url + SEED + "#s5-c16")
    term = page.locator("#s5-c16 + p abbr").first
    assert term.inner_text() == "三重一大"
    assert "重大事项决策" in term.get_attribute("title")
    term.hover()
    tooltip = page.locator(".md-tooltip, [role=tooltip]").filter(has_text="重大事项决策")
    assert tooltip.count() >= 1 or "重大事项决策" in term.get_attribute("title")
    page.goto(base_url + "glossary.html#sanchong-yida")
    assert "重大项目安排" in page.locator("article").inner_text()


def test_cited_document_not_in_library(page, base_url):
    page.goto(base_url + SEED + "#s5-c17")
    cited = "关于加强乡镇干部队伍建设的若干意见"
    page.locator("#s5-c17 + p").get_by_role("link", name=cited).click()
    page.wait_for_url("**/citations/**")  # read the cited page, not the one being left
    page.locator("article", has_text="未收录").wait_for()
    article = page.locator("article").inner_text()
    assert "未收录" in article
    assert "中共中央办公厅" in article
    assert page.locator("article a[href*='#s5-c17']").count() >= 1


def test_bodies_index_groups_by_level(page, base_url):
    """Grouped by level: headings on one page, or (past 400 bodies) one linked page per level."""
    page.goto(base_url + "bodies/index.html")
    levels = page.locator("article h2, article li > a").all_inner_texts()
    joined = " ".join(levels)
    assert "中央级" in joined
    assert "市级" in joined
    assert "乡镇级" in joined


def test_task_table_page_and_downloads(page, base_url):
    page.goto(base_url + TASKS + ".html")
    table = page.locator("article table").inner_text()
    assert "乡镇党委" in table
    assert "市民政局" in table
    csv_href = page.get_by_role("link", name="CSV").get_attribute("href")
    xlsx_href = page.get_by_role("link", name="Excel（XLSX）").get_attribute("href")
    base = base_url + TASKS + ".html"
    csv_bytes = urllib.request.urlopen(urllib.parse.urljoin(base, csv_href)).read()
    assert csv_bytes.startswith("\ufeff条款,任务,牵头单位".encode())
    from openpyxl import load_workbook

    xlsx = urllib.request.urlopen(urllib.parse.urljoin(base, xlsx_href)).read()
    sheet = load_workbook(io.BytesIO(xlsx)).active
    assert sheet["A2"].value == "条款"
    assert any("乡镇党委" in (c.value or "") for row in sheet.iter_rows() for c in row)
