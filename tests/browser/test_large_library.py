"""A larger library (issue: 1,000 documents), generated from the seeds and kept small enough to
build in a test: 57 documents.  Search still lands on the clause, a slow answer never replaces
a newer query, the sidebar stays short, and the browse pages count every document.

The speed targets themselves are measured by ``make bench``, never here.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from policysite import searchcheck as pb
from tests.browser.conftest import ROOT

COPIES = 7  # the 8 single seeds × 7, plus the seed article once: 57 documents
# 000_… is part 5 of a multi-part article: copies of it would merge as parts of one document
ONCE = "000_"
DOCUMENTS = 8 * COPIES + 1
CLAUSE = "#s5-c16"  # (十六)发挥乡镇党委的领导作用 in the seed document


@pytest.fixture(scope="module")
def large_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("large")
    sources = work / "sources"
    sources.mkdir()
    for copy in range(1, COPIES + 1):
        for seed in sorted((ROOT / "seeds").iterdir()):
            # the nine plain-text seeds: 8 copied 7 times, the seed article once
            if seed.suffix == ".txt" and (copy == 1 or not seed.name.startswith(ONCE)):
                shutil.copyfile(seed, sources / f"{copy:02d}-{seed.name}")
    shutil.copytree(ROOT / "data" / "lexicon", work / "data" / "lexicon")
    shutil.copytree(ROOT / "data" / "curation", work / "data" / "curation")
    shutil.copyfile(ROOT / "mkdocs.yml", work / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", work / "docs")
    for args in (["ingest", "sources"], ["build", "--site-dir", "site"]):
        run = subprocess.run([sys.executable, "-m", "policysite", *args], cwd=work,
                             capture_output=True, text=True, check=False)
        assert run.returncode == 0, run.stdout + run.stderr
    return work / "site"


@pytest.fixture(scope="module")
def large_url(large_site: Path) -> Iterator[str]:
    with pb.serve_directory(large_site, pb.DEFAULT_PREFIX) as base:
        yield base


def test_the_browse_pages_count_every_document(large_site: Path):
    documents = list((large_site / "documents").glob("*.html"))
    browse = (large_site / "documents" / "index.html").read_text("utf-8")
    assert f"本库共 {DOCUMENTS} 份文件" in browse
    assert len([d for d in documents if d.name != "index.html"]) == DOCUMENTS
    for facet in ("类别", "文种", "层级", "年份", "发文机关"):
        assert facet in browse


def test_the_sidebar_stays_short(open_page, large_url, large_site: Path):
    """The sidebar lists index pages, not the 57 documents, on every page."""
    tab, _ = open_page(large_url)
    document = next(p for p in sorted((large_site / "documents").glob("*.html"))
                    if p.name != "index.html")
    for url in ("index.html", "documents/index.html", f"documents/{document.name}"):
        tab.goto(large_url + url)
        links = tab.locator("nav.md-nav--primary a.md-nav__link").count()
        # the index pages (8) and the open page's own table of contents, never the documents
        assert 0 < links <= 16, f"{links} links in the sidebar of {url}"


def test_the_first_result_is_the_clause(open_page, large_url):
    tab, _ = open_page(large_url)
    results = pb.run_search(tab, large_url, "党建引领")
    assert results, "no results"
    clauses = [r for r in results if "#" in r["link"]]
    assert clauses, results
    assert urlsplit(clauses[0]["link"]).fragment == CLAUSE.lstrip("#"), results
    assert results.index(clauses[0]) <= 1  # the document's title, then its clause


def test_a_slow_answer_never_replaces_a_newer_query(open_page, large_url):
    """Type a query, then another before the first can have been answered: the results shown
    at the end, and a while later, belong to the second."""
    tab, _ = open_page(large_url)
    results = pb.run_search(tab, large_url, "乡镇")  # load the index
    assert results
    box = tab.locator("input.md-search__input")
    for first, second in (("乡镇 政府 服务", "挂职锻炼"), ("责任", "容错纠错机制")):
        box.fill(first)
        box.press("End")
        box.fill(second)
        box.press("End")
        tab.wait_for_function(
            """(q) => [...document.querySelectorAll('.md-search-result__item mark')]
                       .some(m => q.includes(m.textContent))""", arg=second, timeout=15_000)
        tab.wait_for_timeout(1500)  # an older answer arriving late would show by now
        marks = tab.evaluate(
            "() => [...document.querySelectorAll('.md-search-result__item mark')]"
            ".map(m => m.textContent)")
        assert marks, f"no highlighted results for {second}"
        assert all(m in second for m in marks), (second, marks)


def test_a_browse_page_filters_its_rows(open_page, large_url, large_site: Path):
    tab, _ = open_page(large_url)
    group = next(p for p in sorted((large_site / "documents" / "year").glob("*.html")))
    tab.goto(large_url + f"documents/year/{group.name}")
    rows = tab.locator(".ps-filterable tbody tr")
    total = rows.count()
    assert total >= 2
    first_title = rows.first.locator("td").first.inner_text().strip()
    tab.locator("input.ps-filter").fill(first_title)
    visible = tab.locator(".ps-filterable tbody tr:not([hidden])")
    assert 1 <= visible.count() < total
    assert first_title in visible.first.inner_text()
    assert "显示" in tab.locator(".ps-filter-count").inner_text()
