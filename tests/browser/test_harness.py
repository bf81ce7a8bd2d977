"""The browser harness itself, against a tiny Material site built into tmp (not the real site).

Checks: serving under a sub-path (404 outside it, right content types), typing into Material's
search at desktop and phone width, the request recorder catching (and aborting) an outside
request, the query-file check and its report, screenshots.
"""

from __future__ import annotations

import struct
import subprocess
import sys
import textwrap
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from policysite import searchcheck as pb
from policysite.build import read_query_file
from tests.browser.conftest import PageFactory, take_screenshots

if TYPE_CHECKING:
    from playwright.sync_api import Browser

TINY_MKDOCS = """\
site_name: 政策库测试
site_url: http://127.0.0.1/policy/
theme:
  name: material
  language: zh
  font: false
  features: [navigation.prune]
plugins:
  - search:
      lang: zh
markdown_extensions:
  - attr_list
  - toc:
      permalink: true
"""

TINY_PAGES = {
    "index.md": """\
        # 文件库

        本站收录乡镇政府服务能力建设的文件。

        - [实施意见](yijian.md)
        """,
    "yijian.md": """\
        # 关于加强乡镇政府服务能力建设的实施意见

        ## 五、加强组织保障

        ### （十六）发挥乡镇党委的领导作用 {#s5-c16}

        坚持党建引领，统筹辖区内各类组织。

        ### （十七）加强乡镇干部队伍建设 {#s5-c17}

        选派优秀干部到基层挂职锻炼。

        ### （十八）健全激励保障机制 {#s5-c18}

        建立容错纠错机制，鼓励干部担当作为。
        """,
}


@pytest.fixture(scope="module")
def tiny_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("tiny")
    (root / "mkdocs.yml").write_text(TINY_MKDOCS, encoding="utf-8")
    (root / "docs").mkdir()
    for name, text in TINY_PAGES.items():
        (root / "docs" / name).write_text(textwrap.dedent(text), encoding="utf-8")
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(root / "mkdocs.yml")],
        cwd=root,
        check=True,
        capture_output=True,
    )
    return root / "site"


@pytest.fixture(scope="module")
def tiny_base(tiny_site: Path) -> Iterator[str]:
    with pb.serve_directory(tiny_site) as base:
        yield base


def _get(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers["Content-Type"], response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), b""


# -- serving ----------------------------------------------------------------------------------


def test_serves_under_the_prefix_only(tiny_base: str, tiny_site: Path) -> None:
    assert tiny_base.startswith("http://127.0.0.1:")
    assert tiny_base.endswith("/policy/")
    status, ctype, body = _get(tiny_base)
    assert (status, ctype) == (200, "text/html; charset=utf-8")
    assert "文件库" in body.decode("utf-8")
    origin = tiny_base.removesuffix("policy/")
    assert _get(origin)[0] == 404
    assert _get(origin + "index.html")[0] == 404
    assert _get(origin + "search/search_index.json")[0] == 404
    assert _get(tiny_base + "no/such/page/")[0] == 404


@pytest.mark.parametrize(
    ("suffix", "ctype"),
    [
        (".json", "application/json"),
        (".js", "text/javascript; charset=utf-8"),
        (".css", "text/css; charset=utf-8"),
        (".svg", "image/svg+xml"),
        (".woff2", "font/woff2"),
    ],
)
def test_content_types(tiny_site: Path, suffix: str, ctype: str) -> None:
    (tiny_site / f"probe{suffix}").write_bytes(b"x")
    with pb.serve_directory(tiny_site, "/a/b/") as base:
        assert base.endswith("/a/b/")
        status, got, _ = _get(f"{base}probe{suffix}")
    assert (status, got) == (200, ctype)


# -- search -----------------------------------------------------------------------------------


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_search_typing_lands_on_the_clause(
    open_page: PageFactory, tiny_base: str, viewport: str
) -> None:
    page, _ = open_page(tiny_base, viewport=viewport)
    results = pb.run_search(page, tiny_base, "容错纠错机制")
    assert results, "no results for a word in the page"
    assert all(r["link"].startswith(tiny_base) for r in results)
    assert {"title": "（十八）健全激励保障机制", "link": tiny_base + "yijian/#s5-c18"} in results


def test_search_without_results_returns_empty(open_page: PageFactory, tiny_base: str) -> None:
    page, _ = open_page(tiny_base)
    assert pb.run_search(page, tiny_base, "量子引力") == []


# -- requests ---------------------------------------------------------------------------------


def test_recorder_catches_and_aborts_outside_requests(
    open_page: PageFactory, tiny_base: str
) -> None:
    outside = "http://example.invalid/x.png"
    page, recorder = open_page(tiny_base, check_external=False)
    page.goto(tiny_base, wait_until="load")
    assert recorder.external() == []
    with page.expect_event("requestfailed", lambda request: request.url == outside):
        page.evaluate(
            "url => { const i = document.createElement('img'); i.src = url;"
            " document.body.append(i); }",
            outside,
        )
    assert recorder.external() == [outside]
    assert recorder.aborted == [outside]
    with pytest.raises(AssertionError, match=r"1 request\(s\) outside the site") as info:
        pb.assert_no_external_requests(recorder.urls, tiny_base)
    assert outside in str(info.value)


def test_local_schemes_are_not_external() -> None:
    base = "http://127.0.0.1:9/policy/"
    pb.assert_no_external_requests(
        [base, base + "a.css", "data:image/png;base64,AA", "blob:x", "about:blank"], base
    )
    with pytest.raises(AssertionError):
        pb.assert_no_external_requests(["http://127.0.0.1:9/other/"], base)


def test_recorder_with_a_file_base(open_page: PageFactory, tiny_site: Path) -> None:
    base = pb.file_base(tiny_site)
    assert base.startswith("file:///")
    assert base.endswith("/")
    page, recorder = open_page(base)
    page.goto(base + "index.html", wait_until="load")
    assert recorder.urls[0] == base + "index.html"
    assert recorder.external() == []


# -- query files ------------------------------------------------------------------------------


def test_check_queries_reports_hits_and_misses(
    tiny_site: Path, tmp_path: Path, browser: Browser
) -> None:
    tsv = tmp_path / "q.tsv"
    tsv.write_text(
        "# query<TAB>regex\n"
        "容错纠错机制\t十八|健全激励保障机制\n"
        "挂职锻炼\ts5-c17\n"
        "量子引力\t不会有\n",
        encoding="utf-8",
    )
    queries = pb.parse_queries(read_query_file(tsv), str(tsv))
    report = pb.check_queries(queries, tiny_site, browser=browser, source=str(tsv))
    assert (report.passed, report.failed) == (2, 1)
    assert not report.ok
    assert report.external_requests == ()
    text = pb.format_report(report)
    assert text.splitlines()[-1] == "2 passed, 1 failed"
    assert "MISS  量子引力" in text
    assert "(no results)" in text


@pytest.mark.parametrize(
    "line", ["只有查询没有正则", "查询\t(未闭合", "\t十八"], ids=["no-tab", "bad-regex", "no-query"]
)
def test_read_queries_rejects_bad_lines(tmp_path: Path, line: str) -> None:
    tsv = tmp_path / "bad.tsv"
    tsv.write_text(f"# 注释\n{line}\n", encoding="utf-8")
    with pytest.raises(pb.QueryFileError, match=r"^\S*bad\.tsv:2: [^\n]+$"):
        pb.parse_queries(read_query_file(tsv), str(tsv))


def test_read_queries_seed_format(tmp_path: Path) -> None:
    tsv = tmp_path / "seed.tsv"
    tsv.write_text("\ufeff# c\n\n乡镇党委\t乡镇党委\r\n", encoding="utf-8")
    assert pb.parse_queries(read_query_file(tsv), str(tsv)) == [pb.Query(3, "乡镇党委", "乡镇党委")]


# -- screenshots ------------------------------------------------------------------------------


def test_screenshots_at_both_sizes(
    open_page: PageFactory, tiny_base: str, tmp_path: Path
) -> None:
    page, _ = open_page(tiny_base)
    paths = take_screenshots(page, tiny_base + "yijian/", "文件 页", tmp_path, full_page=False)
    assert [p.name for p in paths] == ["文件-页-desktop.png", "文件-页-phone.png"]
    sizes = [struct.unpack(">II", p.read_bytes()[16:24]) for p in paths]
    assert sizes == [(1280, 900), (390, 844)]
