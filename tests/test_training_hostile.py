"""Hostile text in every 培训 page type: study sheet, quiz (prompts, quotes, options, answers and
clause text), printable quiz, outline, projector and index show it as written; no page holds a
script, an event handler or a javascript: URL; CSV and Anki downloads keep it as text.

tests/cases/hostile-training.txt puts markup into the title, the clause headings (which become quiz
options) and the clause sentences (which become quotes); the seed is ingested beside it so the
registry has bodies of the same level to choose from.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest

from policysite.build import ingest, load_library
from policysite.library import Library
from policysite.pages import render_all
from policysite.pages import training as pages
from policysite.training import quiz as quizzes

ROOT = Path(__file__).resolve().parents[1]
HOSTILE = ROOT / "tests" / "cases" / "hostile-training.txt"
EXTENSIONS = ["attr_list", "md_in_html", "tables", "admonition", "toc"]  # as in mkdocs.yml
TITLE = "关于<script>alert(1)</script>加强培训{{ 7*7 }}的通知"
HEADINGS = ["适用范围{{ 7*7 }}", "强调*emphasis*条款", "施行日期{% endraw %}", "监督<b>加粗</b>",
            "竖线 | 表格"]


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Library:
    data = tmp_path_factory.mktemp("hostile-training") / "data"
    shutil.copytree(ROOT / "data" / "lexicon", data / "lexicon")
    ingest([HOSTILE, ROOT / "seeds" / "000_09ee85cba1de08bf.txt"], data)
    return load_library(data)


@pytest.fixture(scope="module")
def doc_id(library: Library) -> str:
    (doc,) = [d for d in library.documents if d.title == TITLE]
    return doc.id


@pytest.fixture(scope="module")
def html(library: Library) -> dict[str, str]:
    return {path: markdown.Markdown(extensions=EXTENSIONS).convert(_body(content))
            for path, content in render_all(library).items()
            if path.startswith("training/") and path.endswith(".md")}


def test_the_quiz_asks_with_hostile_options(library: Library, doc_id: str) -> None:
    quiz = quizzes.build_quiz(library.document(doc_id), library)
    options = {c for q in quiz.questions for c in q.choices}
    assert options & set(HEADINGS), options
    quotes = " ".join(q.quote or "" for q in quiz.questions)
    assert "{% raw %}" in quotes or "javascript:alert(3)" in quotes


@pytest.mark.parametrize("kind", [*pages.PAGES, "index"])
def test_no_training_page_holds_markup_from_the_text(kind, html, doc_id) -> None:
    path = pages.INDEX if kind == "index" else pages.page(doc_id, kind)
    found = _Parsed()
    found.feed(html[path])
    assert "script" not in found.tags, path
    assert "img" not in found.tags, path
    assert "b" not in found.tags, path
    assert not [a for a in found.attrs if a[0].startswith("on")], path
    assert not [a for a in found.attrs if "javascript:" in (a[1] or "").lower()], path
    assert TITLE in found.text, path


@pytest.mark.parametrize("kind", ["study", "quiz", "quiz-print", "projector"])
def test_every_heading_is_shown_as_written(kind, html, doc_id) -> None:
    text = _Parsed.text_of(html[pages.page(doc_id, kind)])
    assert [h for h in HEADINGS if h not in text] == []


def test_quiz_options_and_answers_are_literal(library, html, doc_id) -> None:
    quiz = quizzes.build_quiz(library.document(doc_id), library)
    page = html[pages.page(doc_id, "quiz")]
    choices = re.findall(r'<button type="button" class="ps-choice"[^>]*>(.*?)</button>', page)
    shown = {_Parsed.text_of(c)[1:] for c in choices}  # after the letter
    assert shown == {c for q in quiz.questions for c in q.choices}
    answers = re.findall(r'<p class="ps-feedback-answer">(.*?)</p>', page)
    assert [_Parsed.text_of(a) for a in answers] == [
        f"正确答案：{quizzes.LETTERS[q.answer]}. {q.answer_text}" for q in quiz.questions]


def test_downloads_keep_the_text(library, doc_id) -> None:
    quiz = quizzes.build_quiz(library.document(doc_id), library)
    rows = list(csv.reader(io.StringIO(quizzes.to_csv(quiz).decode("utf-8-sig"))))
    assert any("{{ 7*7 }}" in cell for row in rows for cell in row)
    assert quizzes.to_anki(quiz)[:2] == b"PK"


# -- helpers ----------------------------------------------------------------------------------
def _body(page: str) -> str:
    return page.split("---\n", 2)[2] if page.startswith("---\n") else page


class _Parsed(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.attrs: list[tuple[str, str | None]] = []
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.add(tag)
        self.attrs.extend(attrs)

    def handle_data(self, data) -> None:
        self.parts.append(data)

    @property
    def text(self) -> str:
        return re.sub(r"\s+", " ", "".join(self.parts))

    @classmethod
    def text_of(cls, html: str) -> str:
        parsed = cls()
        parsed.feed(html)
        return parsed.text.strip()
