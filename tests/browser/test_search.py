"""Search that lands on the right clause or entity page (issue: search and intranet)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from policysite import searchcheck as pb
from policysite.build import read_query_file
from tests.browser.conftest import ROOT

QUERIES = ROOT / "tests" / "queries"
SEED_PAGE = "documents/jiaqiang-xiangzhenzhengfu-fuwu-nengli-jianshe-shishi-yijian.html"


def test_every_seed_query_lands_in_the_top_five(built_site: Path, browser):
    seed = QUERIES / "seed.tsv"
    queries = pb.parse_queries(read_query_file(seed), str(seed))
    report = pb.check_queries(queries, built_site, top=5, browser=browser, source=str(seed))
    print(pb.format_report(report, verbose=True))
    assert report.checks, "no queries read from seed.tsv"
    assert report.failed == 0, pb.format_report(report)
    assert not report.external_requests


@pytest.mark.parametrize(
    ("query", "page"),
    [
        ("民政局", "bodies/shi-minzhengju.html"),
        ("容错机制", "mechanisms/rongcuo-jiucuo-jizhi.html"),
        ("容错纠错机制", "mechanisms/rongcuo-jiucuo-jizhi.html"),
        ("乡镇党委", "bodies/xiangzhendangwei.html"),
        ("责任清单", "mechanisms/zeren-qingdan.html"),
    ],
)
def test_an_entity_name_or_alias_ranks_its_page_first(query, page, open_page, base_url):
    tab, _ = open_page(base_url)
    results = pb.run_search(tab, base_url, query)
    assert results, f"no results for {query}"
    assert results[0]["link"].split("?")[0].endswith(page), results


def test_results_are_clauses_with_meaningful_titles(open_page, base_url, screenshot):
    tab, _ = open_page(base_url)
    results = pb.run_search(tab, base_url, "容错纠错机制")
    clause = [r for r in results if r["link"].endswith("#s5-c18")]
    assert clause, results
    assert clause[0]["title"] == "(十八)健全激励保障机制"
    assert SEED_PAGE in clause[0]["link"]
    titles = [r["title"] for r in results]
    assert "关于加强乡镇政府服务能力建设的实施意见" in titles  # the document the clause is in
    assert "Home" not in titles
    assert "" not in titles
    screenshot(tab, "", "search-results")


def test_a_result_opens_the_clause(open_page, base_url):
    tab, _ = open_page(base_url)
    pb.run_search(tab, base_url, "挂职锻炼")
    tab.locator(".md-search-result__link[href*='#s5-c17']").first.click()
    tab.wait_for_url("**#s5-c17")
    assert tab.locator("#s5-c17").is_visible()


def test_phone_search_opens_from_the_header(open_page, base_url, screenshot):
    tab, _ = open_page(base_url, viewport="phone")
    results = pb.run_search(tab, base_url, "党建引领")
    assert any("#s5-c16" in r["link"] for r in results)
    screenshot(tab, "", "search-results", sizes=("phone",))


def test_the_served_site_searches_a_segmented_pagefind_index(built_site: Path):
    """A served site reads Pagefind's chunked index (extended build: Chinese segmented into
    words, U+200B between them); Material's index only says to use it.  words.txt lists the
    index's words, which the worker segments queries by (Intl.Segmenter would cut 容错 apart)."""
    import gzip

    index = json.loads((built_site / "search" / "search_index.json").read_text("utf-8"))
    assert index["docs"] == []
    assert index["config"]["pagefind"] == "pagefind/"
    fragments = []
    for path in (built_site / "pagefind" / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(path.read_bytes())
        fragments.append(json.loads(data[data.index(b"{"):]))
    seed = next(f for f in fragments if f["url"].endswith(SEED_PAGE))
    assert "\u200b容错\u200b纠错\u200b" in seed["content"]
    assert any(a["id"] == "s5-c18" for a in seed["anchors"])
    # sections Material leaves out of search are left out of Pagefind too (来源与清理记录)
    assert "SHA-256" not in seed["content"]
    words = (built_site / "pagefind" / "words.txt").read_text("utf-8").split("\n")
    assert {"容错", "纠错", "机制"} <= set(words)


def test_the_site_uses_policysite_search_worker(built_site: Path):
    html = (built_site / "index.html").read_text("utf-8")
    assert "assets/js/search-worker.js" in html


def test_search_check_command_reports_the_seed_queries(built_site: Path):
    """The CLI a user runs on their own query file (in a subprocess: it starts its own browser)."""
    import subprocess
    import sys

    run = subprocess.run(
        [sys.executable, "-m", "policysite", "search-check", str(QUERIES / "seed.tsv"),
         "--site", str(built_site)], capture_output=True, text=True, cwd=ROOT, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.strip().splitlines()[-1] == "6 passed, 0 failed"
    assert run.stdout.count("hit ") == 6


def test_search_check_exits_1_on_a_miss(built_site: Path, tmp_path: Path):
    import subprocess
    import sys

    queries = tmp_path / "miss.tsv"
    queries.write_text("# query\tregex\n容错纠错机制\tno-such-page\n", "utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "policysite", "search-check", str(queries), "--site",
         str(built_site)], capture_output=True, text=True, cwd=ROOT, check=False)
    assert run.returncode == 1
    assert "MISS" in run.stdout
    assert run.stdout.strip().endswith("0 passed, 1 failed")
