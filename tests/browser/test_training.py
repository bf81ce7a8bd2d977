"""培训 pages in headless chromium, served under /policy/ and opened from the file:// copy: a quiz
answered right and wrong shows the feedback and the linked clause and keeps its progress over a
reload; the study sheet prints to A4 PDF with every clause heading in it; the projector mode steps
with the keyboard; axe finds nothing serious; screenshots of every page type are written."""

from __future__ import annotations

import io
import re
import unicodedata
from pathlib import Path

import pytest

from policysite import searchcheck as pb
from policysite.build import load_library
from policysite.pages import training as pages
from policysite.training.facts import lexicon_of, units
from tests.browser.conftest import DATA_DIR, SCREENSHOTS

SEED = "jiaqiang-xiangzhenzhengfu-fuwu-nengli-jianshe-shishi-yijian"
KINDS = ("study", "quiz", "quiz-print", "outline", "projector")

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def library():
    return load_library(DATA_DIR)


@pytest.fixture(params=["served", "file"])
def site_base(request) -> str:
    """The site served under /policy/, or the offline copy opened from disk."""
    if request.param == "served":
        return request.getfixturevalue("base_url")
    return pb.file_base(request.getfixturevalue("offline_site"))


def _url(base: str, doc_id: str, kind: str) -> str:
    return base + pages.page(doc_id, kind).replace(".md", ".html")


def _score(tab) -> str:
    return tab.locator(".ps-quiz-score").inner_text()


def test_quiz_right_and_wrong_then_reload_keeps_progress(open_page, site_base) -> None:
    tab, _ = open_page(site_base)
    errors: list[str] = []
    tab.on("pageerror", lambda e: errors.append(str(e)))
    tab.goto(_url(site_base, SEED, "quiz"), wait_until="load")
    questions = tab.locator(".ps-question")
    total = questions.count()
    assert total >= 10
    assert _score(tab) == f"已答 0 / {total} 题，答对 0 题"

    first, second = questions.nth(0), questions.nth(1)
    right = int(first.get_attribute("data-ps-answer"))
    assert first.locator(".ps-feedback").is_hidden()
    first.locator(".ps-choice").nth(right).click()
    feedback = first.locator(".ps-feedback")
    assert feedback.is_visible()
    assert feedback.locator(".ps-verdict").inner_text() == "回答正确。"
    link = feedback.locator(".ps-feedback-source a")
    clause = link.get_attribute("data-ps-anchor")
    assert link.get_attribute("href").endswith(f"documents/{SEED}.html#{clause}")
    assert feedback.locator(".ps-feedback-clause").inner_text().strip()

    wrong = 0 if int(second.get_attribute("data-ps-answer")) != 0 else 1
    second.locator(".ps-choice").nth(wrong).click()
    verdict = second.locator(".ps-verdict").inner_text()
    assert verdict.startswith("回答错误：你选了 ")
    assert second.locator(".ps-choice.is-correct").count() == 1
    assert second.locator(".ps-choice.is-chosen").count() == 1
    # a second click changes nothing: the answer is given
    again = second.locator(".ps-choice").nth(int(second.get_attribute("data-ps-answer")))
    assert again.get_attribute("aria-disabled") == "true"
    again.click(force=True)
    assert second.locator(".ps-verdict").inner_text() == verdict
    assert _score(tab) == f"已答 2 / {total} 题，答对 1 题"

    tab.reload(wait_until="load")
    assert _score(tab) == f"已答 2 / {total} 题，答对 1 题"
    assert questions.nth(0).locator(".ps-feedback").is_visible()
    assert questions.nth(1).locator(".ps-verdict").inner_text() == verdict
    assert questions.nth(2).locator(".ps-feedback").is_hidden()

    # the linked clause opens on the document page
    questions.nth(0).locator(".ps-feedback-source a").click()
    tab.wait_for_url(f"**/documents/{SEED}.html#{clause}")
    assert tab.locator(f"[id='{clause}']").is_visible()

    tab.go_back(wait_until="load")
    tab.locator(".ps-quiz-reset").click()
    assert _score(tab) == f"已答 0 / {total} 题，答对 0 题"
    tab.reload(wait_until="load")
    assert _score(tab) == f"已答 0 / {total} 题，答对 0 题"
    assert tab.locator(".ps-feedback:visible").count() == 0
    assert errors == []


def test_progress_is_kept_per_document(open_page, site_base) -> None:
    tab, _ = open_page(site_base)
    tab.goto(_url(site_base, SEED, "quiz"), wait_until="load")
    tab.locator(".ps-question").nth(0).locator(".ps-choice").nth(0).click()
    tab.goto(_url(site_base, "guobanfa-2018-123", "quiz"), wait_until="load")
    assert _score(tab).startswith("已答 0 / ")


def test_projector_steps_with_the_keyboard(open_page, site_base) -> None:
    tab, _ = open_page(site_base)
    tab.goto(_url(site_base, SEED, "projector"), wait_until="load")
    slides = tab.locator(".ps-slide")
    total = slides.count()
    count = tab.locator(".ps-projector-count")
    assert count.inner_text() == f"1 / {total}"
    assert tab.locator(".md-header").is_hidden()  # the site's chrome is gone
    assert tab.locator(".ps-slide:visible").count() == 1

    def current() -> str:
        return tab.locator(".ps-slide:visible").get_attribute("id")

    ids = [slides.nth(i).get_attribute("id") for i in range(total)]
    tab.keyboard.press("ArrowRight")
    tab.keyboard.press("ArrowRight")
    assert count.inner_text() == f"3 / {total}"
    assert current() == ids[2]
    tab.keyboard.press("Space")
    assert current() == ids[3]
    tab.keyboard.press("ArrowLeft")
    assert current() == ids[2]
    width = tab.eval_on_selector(".ps-progress-bar", "e => e.style.width")
    assert width.startswith(f"{100 * 3 / total:.1f}"[:4])
    slide = tab.locator(".ps-slide:visible")
    assert slide.locator(".ps-slide-number").inner_text()
    assert slide.locator("mark.ps-hl").count() >= 1  # bodies and mechanisms highlighted
    tab.keyboard.press("End")
    assert count.inner_text() == f"{total} / {total}"
    tab.keyboard.press("ArrowRight")  # stays on the last
    assert count.inner_text() == f"{total} / {total}"
    tab.keyboard.press("Home")
    assert current() == ids[0]
    tab.locator(".ps-slide:visible").click()  # a click moves on too
    assert current() == ids[1]
    tab.keyboard.press("ArrowRight")
    tab.keyboard.press("Escape")  # back to the document, at the clause on screen
    tab.wait_for_url(f"**/documents/{SEED}.html#{ids[2]}")
    assert tab.locator(f"[id='{ids[2]}']").is_visible()


def test_projector_opens_at_the_clause_in_the_address(open_page, site_base) -> None:
    tab, _ = open_page(site_base)
    tab.goto(_url(site_base, SEED, "projector") + "#s5-c18", wait_until="load")
    assert tab.locator(".ps-slide:visible").get_attribute("id") == "s5-c18"


# Chromium's PDFs map some glyphs to radicals that share them: Kangxi radicals (⼒ for 力), which
# NFKC folds back, and CJK radicals supplement (⺠ for 民), which it does not: those read as "any
# character" when a heading is looked for.
_RADICALS = re.compile("[\u2e80-\u2eff]")


def _pdf_text(data: bytes) -> tuple[str, int]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    text = "".join(p.extract_text() for p in reader.pages)
    return _RADICALS.sub("\x00", _plain(text)), len(reader.pages)


def _plain(text: str) -> str:
    # the PDF's text layer gives a CJK font's dash glyph as U+2015 for the U+2014 written
    text = text.replace("\u2015", "\u2014")
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _printed(label: str, text: str) -> bool:
    pattern = "".join(f"[{re.escape(c)}\x00]" if ord(c) > 0x2e80 else re.escape(c)
                      for c in _plain(label))
    return re.search(pattern, text) is not None


@pytest.mark.parametrize("where", ["served", "file"])
def test_study_sheets_print_every_clause_heading(where, open_page, library, request) -> None:
    base = (request.getfixturevalue("base_url") if where == "served"
            else pb.file_base(request.getfixturevalue("offline_site")))
    tab, _ = open_page(base)
    lexicon = lexicon_of(library)
    for doc in library.documents:
        tab.goto(_url(base, doc.id, "study"), wait_until="load")
        text, count = _pdf_text(tab.pdf(format="A4", print_background=True))
        missing = [u.title for u in units(doc, lexicon)
                   if not _printed(u.title, text) and not _printed(u.label, text)]
        assert missing == [], (doc.id, missing)
        assert _printed(doc.title, text)
        if doc.doc_number:
            assert _printed(doc.doc_number, text)
        for chrome in ("维护说明", "复制链接", "打印学习要点"):
            assert chrome not in text, (doc.id, chrome)  # no navigation, buttons
        assert count <= max(2, len(units(doc, lexicon)) // 2), (doc.id, count)
        if doc.id == SEED:
            assert count <= 2
            assert "〔s5〕" in text  # links print their clause id


def test_printed_quiz_has_its_answer_key_on_a_page_of_its_own(page, base_url) -> None:
    page.goto(_url(base_url, SEED, "quiz-print"), wait_until="load")
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(page.pdf(format="A4")))
    texts = [_plain(p.extract_text()) for p in reader.pages]
    key = [i for i, t in enumerate(texts) if t.startswith("答案")]
    assert key, texts[-1][:80]
    assert all("正确答案" not in t for t in texts[: key[0]])


def test_print_style_hides_the_site_chrome(page, base_url) -> None:
    page.goto(_url(base_url, SEED, "study"), wait_until="load")
    page.emulate_media(media="print")
    for selector in (".md-header", ".md-sidebar--primary", ".ps-print-button", ".ps-copy-link"):
        assert page.locator(selector).first.is_hidden(), selector
    page.set_viewport_size(pb.VIEWPORTS["desktop"])
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "training-study-print.png"), full_page=True)


@pytest.mark.parametrize("kind", [*KINDS, "index"])
def test_no_serious_accessibility_violations(kind, open_page, base_url) -> None:
    from axe_playwright_python.sync_playwright import Axe

    tab, _ = open_page(base_url)
    url = base_url + pages.INDEX.replace(".md", ".html") if kind == "index" else \
        _url(base_url, SEED, kind)
    tab.goto(url, wait_until="networkidle")
    if kind == "quiz":  # answered states too
        questions = tab.locator(".ps-question")
        questions.nth(0).locator(".ps-choice").nth(0).click()
        questions.nth(1).locator(".ps-choice").nth(1).click()
    tab.wait_for_function("document.getAnimations().every(a => a.playState !== 'running')")
    violations = Axe().run(tab).response["violations"]
    serious = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
               for v in violations if v["impact"] in ("serious", "critical")]
    assert not serious, serious


@pytest.mark.parametrize("kind", [*KINDS, "index"])
def test_screenshots(kind, page, base_url, screenshot) -> None:
    url = base_url + pages.INDEX.replace(".md", ".html") if kind == "index" else \
        _url(base_url, SEED, kind)
    shots = screenshot(page, url, f"training-{kind}", full_page=kind != "projector")
    assert all(p.stat().st_size > 10_000 for p in shots)


def test_training_pages_request_nothing_outside(open_page, base_url) -> None:
    tab, recorder = open_page(base_url)
    for kind in KINDS:
        tab.goto(_url(base_url, SEED, kind), wait_until="networkidle")
    assert all(pb.is_local(u, base_url) for u in recorder.urls)


def test_downloads_are_served(page, base_url) -> None:
    for ext in ("csv", "apkg"):
        response = page.request.get(base_url + pages.download(SEED, ext))
        assert response.status == 200, ext
        assert len(response.body()) > 500


# -- hostile text -------------------------------------------------------------------------------
HOSTILE_HEADINGS = ["适用范围{{ 7*7 }}", "强调*emphasis*条款", "施行日期{% endraw %}",
                    "监督<b>加粗</b>", "竖线 | 表格"]


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory):
    """tests/cases/hostile-training.txt (beside the seed, for a registry to choose from), built
    with the project's mkdocs.yml and docs/."""
    import subprocess
    import sys

    from tests.helpers import PROJECT, scratch_project

    root = scratch_project(tmp_path_factory.mktemp("hostile-training"))
    for name in ("tests/cases/hostile-training.txt", "seeds/000_09ee85cba1de08bf.txt"):
        (root / "src").mkdir(exist_ok=True)
        (root / "src" / Path(name).name).write_bytes((PROJECT / name).read_bytes())
    script = Path(sys.executable).parent / "policysite"
    for args in (["ingest", "src", "--data", "data"],
                 ["build", "--config", "mkdocs.yml", "--site-dir", "site"]):
        run = subprocess.run([str(script), *args], cwd=root, capture_output=True, text=True)
        assert run.returncode == 0, run.stdout + run.stderr
    doc_id = next(p.stem for p in (root / "data" / "documents").glob("*.yml")
                  if "script" in p.read_text("utf-8").split("\n", 2)[1])
    with pb.serve_directory(root / "site") as base:
        yield base, doc_id


def test_hostile_text_in_every_training_page(open_page, hostile_site) -> None:
    from tests.browser.test_hostile import Watch

    base, doc_id = hostile_site
    tab, _ = open_page(base)
    watch = Watch(tab)
    for kind in KINDS:
        tab.goto(_url(base, doc_id, kind), wait_until="load")
        article = tab.locator("article")
        assert article.locator("script, img, b").count() == 0, kind
        text = article.inner_text() if kind != "projector" else " ".join(
            tab.locator(".ps-slide").all_text_contents())
        if kind != "projector":
            assert "关于<script>alert(1)</script>加强培训{{ 7*7 }}的通知" in text, kind
        assert [h for h in HOSTILE_HEADINGS if h not in text] == [], kind
    tab.goto(_url(base, doc_id, "quiz"), wait_until="load")
    options = tab.locator(".ps-choice").all_inner_texts()
    assert any(h in o for o in options for h in HOSTILE_HEADINGS), options
    first = tab.locator(".ps-question").nth(0)
    first.locator(".ps-choice").nth(0).click()
    assert "{{ 7*7 }}" in first.locator(".ps-feedback").inner_text()
    tab.goto(base + pages.INDEX.replace(".md", ".html"), wait_until="load")
    assert tab.locator("article").get_by_text(
        "关于<script>alert(1)</script>加强培训{{ 7*7 }}的通知").first.is_visible()
    assert watch.dialogs == []
    assert watch.errors == []


def test_a_printed_document_starts_with_title_number_and_date(page, base_url, library) -> None:
    from pypdf import PdfReader

    doc = library.document("guobanfa-2018-123")
    page.goto(base_url + f"documents/{doc.id}.html", wait_until="load")
    reader = PdfReader(io.BytesIO(page.pdf(format="A4")))
    first = _RADICALS.sub("\x00", _plain(reader.pages[0].extract_text()))
    for fact in (doc.title, doc.doc_number, doc.date):
        assert _printed(fact, first), fact
    assert "培训材料" not in first  # banner lines that only link to other pages
    assert "复制链接" not in first
