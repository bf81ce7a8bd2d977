"""Hostile text (tests/cases/hostile.txt) is shown as written and never becomes markup or code.

The source puts ``<script>``, ``<img onerror>``, ``javascript:`` links, Jinja ``{{ }}``/``{% %}``,
``|``, lines starting with ``#``, ``>``, ``-``, ``1.`` or four spaces, ``<!--`` and Markdown
emphasis into the title, headings and numbered clauses.  Every generated Markdown page is
rendered with the site's Markdown extensions; the HTML must hold no script element, no event
handler attribute and no ``javascript:`` URL, and the document page must show the text
literally.  The browser test (tests/browser/test_hostile.py) does the same on a built site.
"""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
import yaml

from policysite.build import ingest, load_library
from policysite.library import Library
from policysite.pages import paths, render_all

ROOT = Path(__file__).resolve().parents[1]
HOSTILE = ROOT / "tests" / "cases" / "hostile.txt"
EXTENSIONS = ["attr_list", "md_in_html", "tables", "admonition", "toc"]  # as in mkdocs.yml
TITLE = "关于<script>alert(1)</script>加强{{ 7*7 }}管理的通知"
# Each must appear, exactly as written, in the text of the document page.
LITERALS = [
    "<script>alert(1)</script>",
    "一、总则<script>alert(1)</script>",
    "<img src=x onerror=alert(2)>",
    "二、附则<img src=x onerror=alert(2)>",
    "[x](javascript:alert(3))",
    "{{ 7*7 }}",
    "{% raw %}",
    "{% endraw %}",
    "{{ config }}",
    "a | b | c",
    "施行 | 表格 | 竖线",
    "*emphasis*",
    "_x_",
    "`code`",
    "<!-- 注释 -->",
    "<!--",
    "> 引用开头的行",
    "- 短横开头的行",
    "数字开头的行",
    "四个空格开头的行",
    "井号开头的行",
]


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Library:
    """The hostile source ingested (with the project's lexicon, so entity pages exist)."""
    data = tmp_path_factory.mktemp("hostile") / "data"
    if (ROOT / "data" / "lexicon").is_dir():
        shutil.copytree(ROOT / "data" / "lexicon", data / "lexicon")
    ingest([HOSTILE], data)
    return load_library(data)


@pytest.fixture(scope="module")
def pages(library: Library) -> dict[str, str]:
    """Every generated Markdown page, rendered to HTML as MkDocs would (front matter removed)."""
    out = {}
    for path, content in render_all(library).items():
        if path.endswith(".md"):
            assert isinstance(content, str)
            out[path] = _to_html(_body(content))
    return out


def test_pages_are_generated(library: Library, pages: dict[str, str]) -> None:
    (doc,) = library.documents
    assert doc.title == TITLE
    assert paths.document_page(doc.id) in pages
    assert paths.HOME in pages


def test_no_page_holds_script_handler_or_javascript_url(pages: dict[str, str]) -> None:
    for path, html in pages.items():
        found = _Elements()
        found.feed(html)
        assert "script" not in found.tags, path
        assert not [a for a in found.attrs if a[0].startswith("on")], (path, found.attrs)
        assert not [a for a in found.attrs
                    if re.sub(r"\s", "", (a[1] or "")).lower().startswith(("javascript:",
                                                                         "vbscript:", "data:"))
                    ], path
        assert "<script" not in html.lower(), path
        assert "onerror=" not in html.lower(), path
        assert "javascript:" not in html.lower(), path


def test_document_page_shows_the_text_as_written(library: Library, pages: dict[str, str]) -> None:
    text = _text(pages[paths.document_page(library.documents[0].id)])
    missing = [literal for literal in LITERALS if literal not in text]
    assert missing == []
    assert TITLE in text


def test_home_page_shows_the_title_as_written(pages: dict[str, str]) -> None:
    assert TITLE in _text(pages[paths.HOME])


def test_every_page_mentioning_the_title_shows_it_literally(pages: dict[str, str]) -> None:
    """Entity, tasks and glossary pages quote titles and clauses: never as markup."""
    for path, html in pages.items():
        if "alert" in html:
            assert "alert(1)</script>" not in html, path


def test_unclosed_comment_keeps_the_rest_of_the_document(library: Library) -> None:
    """A '<!--' with no '-->' after it is text: the section after it is in the tree."""
    (doc,) = library.documents
    sections = [n for n in doc.walk() if n.kind == "section"]
    assert [n.marker for n in sections] == ["一、", "二、"]
    assert sections[1].heading == "附则<img src=x onerror=alert(2)>"
    assert not [d for d in doc.dropped if d.reason == "markdown comment marker"
                and d.text != "<!--"]


def test_front_matter_title_is_html_safe(library: Library) -> None:
    """MkDocs and Material put page.title into <title>, the header and the nav unescaped."""
    for path, content in render_all(library).items():
        if isinstance(content, str) and content.startswith("---\n"):
            meta = yaml.safe_load(content.split("---\n")[1]) or {}
            title = str(meta.get("title", ""))
            assert "<" not in title, (path, title)


def test_hostile_file_name_is_shown_literally(tmp_path: Path) -> None:
    name = "通知`<img src=x onerror=alert(4)>.txt"
    (tmp_path / name).write_text("关于加强管理的通知\n一、总则\n（一）正文。内容。\n", "utf-8")
    ingest([tmp_path / name], tmp_path / "data")
    for path, content in render_all(load_library(tmp_path / "data")).items():
        if path.endswith(".md"):
            assert isinstance(content, str)
            assert "onerror=" not in _to_html(_body(content)), path


# -- helpers ----------------------------------------------------------------------------------
def _body(page: str) -> str:
    if page.startswith("---\n"):
        return page.split("---\n", 2)[2]
    return page


def _to_html(text: str) -> str:
    return markdown.Markdown(extensions=EXTENSIONS).convert(text)


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.attrs: list[tuple[str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attrs.extend(attrs)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _text(html: str) -> str:
    """The page's text as a reader sees it (entities decoded, whitespace runs as one space)."""
    parser = _Elements()
    parser.feed(html)
    return re.sub(r"\s+", " ", "".join(parser.text))
