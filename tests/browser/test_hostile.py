"""Hostile text on a built site, in headless chromium: nothing runs, everything reads as written.

tests/cases/hostile.txt is ingested into a scratch data/ and built with the project's mkdocs.yml
and docs/ (``policysite build --config``).  Every HTML page of the site (home, document, entity
pages, glossary, 任务分工表) and a search for words of the hostile text are loaded; no dialog
may open (``alert`` from the text), no script error may occur, and the text must be visible
literally.  The body and the title are tested on two sites so that a bug in one cannot hide the
other.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from policysite import searchcheck as pb
from tests.helpers import scratch_project

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = ROOT / "tests" / "cases" / "hostile.txt"
PLAIN_TITLE = "关于加强管理的通知"
VISIBLE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(2)>",
    "[x](javascript:alert(3))",
    "{{ 7*7 }}",
    "{% raw %}",
    "a | b | c",
    "*emphasis*",
    "`code`",
    "<!-- 注释 -->",
    "> 引用开头的行",
    "- 短横开头的行",
]

pytestmark = pytest.mark.browser


def build_site(root: Path, source_text: str) -> Path:
    """Ingest ``source_text`` into root/data and build root/site with the project's config."""
    scratch_project(root)
    (root / "hostile.txt").write_text(source_text, "utf-8")
    for args in (["ingest", "hostile.txt", "--data", "data"],
                 ["build", "--config", "mkdocs.yml", "--site-dir", "site"]):
        run = subprocess.run([*_policysite(), *args], cwd=root, capture_output=True, text=True)
        assert run.returncode == 0, run.stdout + run.stderr
    return root / "site"


@pytest.fixture(scope="module")
def body_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """Hostile headings and clauses under a plain title."""
    text = HOSTILE.read_text("utf-8").split("\n", 1)[1]
    site = build_site(tmp_path_factory.mktemp("hostile-body"), f"{PLAIN_TITLE}\n{text}")
    with pb.serve_directory(site) as base:
        yield site, base


@pytest.fixture(scope="module")
def title_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """The hostile source as it is: <script> in the title too."""
    site = build_site(tmp_path_factory.mktemp("hostile-title"), HOSTILE.read_text("utf-8"))
    with pb.serve_directory(site) as base:
        yield site, base


class Watch:
    """Dialogs (alert/confirm/prompt) and script errors on a page."""

    def __init__(self, page) -> None:
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        page.on("dialog", self._dialog)
        page.on("pageerror", lambda error: self.errors.append(f"pageerror: {error}"))
        page.on("console", lambda m: self.errors.append(f"console: {m.text}")
                if m.type == "error" else None)

    def _dialog(self, dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()


def html_pages(site: Path) -> list[str]:
    return sorted(str(p.relative_to(site)) for p in site.rglob("*.html")
                  if p.name != "404.html")


def visit_all(open_page, site: Path, base: str) -> tuple[list[str], list[str], list[str]]:
    page, _ = open_page(base)
    watch = Watch(page)
    visited = []
    for rel in html_pages(site):
        page.goto(base + rel, wait_until="load")
        page.wait_for_timeout(50)
        visited.append(rel)
    return visited, watch.dialogs, watch.errors


def test_no_page_runs_the_body_text(open_page, body_site) -> None:
    site, base = body_site
    visited, dialogs, errors = visit_all(open_page, site, base)
    assert "index.html" in visited
    assert any(p.startswith("documents/") for p in visited)
    assert len(visited) >= 3, visited
    assert dialogs == []
    assert errors == []


def test_document_page_shows_the_text_as_written(open_page, body_site) -> None:
    site, base = body_site
    # documents/index.html is the browse page (浏览文件), not a document
    (document,) = (p for p in (site / "documents").glob("*.html") if p.name != "index.html")
    page, _ = open_page(base)
    watch = Watch(page)
    page.goto(base + str(document.relative_to(site)), wait_until="load")
    article = page.locator("article")
    for text in VISIBLE:
        assert article.get_by_text(text, exact=False).first.is_visible(), text
    assert "一、总则<script>alert(1)</script>" in article.inner_text()
    assert page.locator("article script").count() == 0
    assert page.locator("article img").count() == 0
    assert page.locator("article a[href^='javascript']").count() == 0
    assert watch.dialogs == []


@pytest.mark.parametrize("query", ["短横开头的行", "emphasis", "alert"])
def test_search_results_show_the_text_without_running_it(open_page, body_site, query) -> None:
    _, base = body_site
    page, _ = open_page(base)
    watch = Watch(page)
    results = pb.run_search(page, base, query, include_folded=True)
    assert results, f"no search results for {query!r}"
    page.wait_for_timeout(200)
    assert watch.dialogs == []
    assert watch.errors == []
    assert page.locator(".md-search-result script, .md-search-result img").count() == 0


def test_no_page_runs_the_title(open_page, title_site) -> None:
    site, base = title_site
    _, dialogs, errors = visit_all(open_page, site, base)
    assert dialogs == []
    assert errors == []


def test_title_is_visible_as_written_on_home(open_page, title_site) -> None:
    _, base = title_site
    page, _ = open_page(base)
    page.goto(base, wait_until="load")
    assert page.locator("article").get_by_text(
        "关于<script>alert(1)</script>加强{{ 7*7 }}管理的通知").first.is_visible()


def _policysite() -> list[str]:
    script = Path(sys.executable).parent / "policysite"
    return [str(script)] if script.is_file() else [sys.executable, "-m", "policysite"]
