"""培训 material from the bundled documents: the quiz is deterministic, every question is
answered by its clause and no distractor is a right answer; the outline, study sheet, projector
slides and downloads hold what the data says; skipped cases are skipped.

The golden quiz (``policysite quiz DOC_ID``) of two documents is in tests/golden/quiz/; regenerate
with ``pytest tests/test_training.py --update-goldens`` and read the diff.
"""

from __future__ import annotations

import csv
import io
import shutil
import sqlite3
import tempfile
import zipfile
from contextlib import redirect_stdout
from pathlib import Path

import pytest
import yaml

from policysite.build import ingest, load_library
from policysite.cli import main
from policysite.library import Library
from policysite.model import MODALS, Document, Mention, Node, Source
from policysite.pages import render_all
from policysite.pages import training as pages
from policysite.pages.nav import site_nav
from policysite.registry import Entry, Registry
from policysite.training import outline as outlines
from policysite.training import quiz as quizzes
from policysite.training.facts import EMPTY_LEXICON, lexicon_of, units

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden" / "quiz"
SEED = "jiaqiang-xiangzhenzhengfu-fuwu-nengli-jianshe-shishi-yijian"
GOLDEN_DOCS = [SEED, "guobanfa-2018-123"]


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """seeds/ ingested into a scratch data/ with the project's lexicon and curation."""
    data = tmp_path_factory.mktemp("training") / "data"
    for folder in ("lexicon", "curation"):
        shutil.copytree(ROOT / "data" / folder, data / folder)
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(ROOT)  # source paths in the data are relative to the project
        ingest([ROOT / "seeds"], data)
    return data


@pytest.fixture(scope="module")
def library(data_dir: Path) -> Library:
    return load_library(data_dir)


@pytest.fixture(scope="module")
def quizzes_by_doc(library: Library) -> dict[str, quizzes.Quiz]:
    return {d.id: quizzes.build_quiz(d, library) for d in library.documents}


# -- the quiz ----------------------------------------------------------------------------------
@pytest.mark.parametrize("doc_id", GOLDEN_DOCS)
def test_golden_quiz(doc_id: str, data_dir: Path, request) -> None:
    out = io.StringIO()
    with redirect_stdout(out):
        assert main(["quiz", doc_id, "--data", str(data_dir)]) == 0
    golden = GOLDEN / f"{doc_id}.yml"
    if request.config.getoption("update_goldens", default=False):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(out.getvalue(), "utf-8")
        return
    assert golden.is_file(), f"no golden file {golden}: run pytest --update-goldens"
    assert out.getvalue() == golden.read_text("utf-8"), (
        f"the quiz of {doc_id} changed: if that is right, run pytest tests/test_training.py "
        "--update-goldens and review git diff tests/golden/quiz"
    )


def test_quiz_command_refuses_an_unknown_document(data_dir: Path, capsys) -> None:
    assert main(["quiz", "no-such-document", "--data", str(data_dir)]) == 64
    err = capsys.readouterr().err
    assert err.startswith("Error: no document 'no-such-document'")
    assert len(err.strip().splitlines()) == 1


# Bundled documents whose data supports no question, and why (checked below: no obligation
# sentence, no lead/support body, no headed clause).
NO_QUESTIONS = {
    # a 批复 of two sentences: 同意 … 请商北京市政府和有关部门办理 (bodies only mentioned)
    "guohan-1996-95",
    # (linzhengbanhan-2013-89, a 领导小组 list, has one question since a clause's subject leads:
    # 领导小组下设办公室 — who sets up the office)
}


def test_every_bundled_document_gets_questions(library: Library, quizzes_by_doc) -> None:
    seeds = {p.stem for p in (ROOT / "seeds").iterdir() if p.suffix in (".txt", ".md", ".html")}
    assert len(quizzes_by_doc) == len(library.documents) >= len(seeds) - 1  # 000 = a sample
    empty = {doc_id for doc_id, q in quizzes_by_doc.items() if not q.questions}
    assert empty == NO_QUESTIONS
    lexicon = lexicon_of(library)
    for doc_id in empty:  # no question because the data holds no fact to ask about
        found = units(library.document(doc_id), lexicon)
        assert not any(s.modal for u in found for s in u.sentences), doc_id
        assert not any(m.role in quizzes.ROLE_VERBS for u in found for s in u.sentences
                       for m in s.mentions), doc_id
        assert not any(u.heading for u in found), doc_id
    kinds = {question.kind for q in quizzes_by_doc.values() for question in q.questions}
    assert kinds == {"role", "cloze", "heading", "number", "modal"}


def test_the_same_data_gives_the_same_quiz(library: Library, quizzes_by_doc) -> None:
    reordered = Library(tuple(reversed(library.documents)), library.registry, library.lexicon)
    for doc in reordered.documents:
        again = quizzes.build_quiz(doc, reordered)
        assert quizzes.to_dict(again) == quizzes.to_dict(quizzes_by_doc[doc.id])
        assert quizzes.to_anki(again) == quizzes.to_anki(quizzes_by_doc[doc.id])
        assert quizzes.to_csv(again) == quizzes.to_csv(quizzes_by_doc[doc.id])


def test_quizzes_differ_between_documents(quizzes_by_doc) -> None:
    versions = [q.version for q in quizzes_by_doc.values()]
    assert len(set(versions)) == len(versions)
    # two documents without questions are still two quizzes (progress is kept per version)
    empty = [q for q in quizzes_by_doc.values() if not q.questions]
    assert len({q.version for q in empty}) == len(empty)


def test_role_distractors_stay_in_the_documents_jurisdiction(library: Library,
                                                             quizzes_by_doc) -> None:
    """A local document's "who leads" choices are bodies of its own city or central ones, never
    another city's; fragments (乡建设管理委) and low-confidence names are never offered."""
    registry = library.registry
    assert registry is not None
    by_name = {e.name: e for e in registry.of_kind("body")}
    cities = ("北京市", "上海市", "临安市")
    asked = 0
    for doc_id, quiz in quizzes_by_doc.items():
        home = quizzes._document_place(library.document(doc_id), library)
        for q in quiz.questions:
            if q.kind != "role":
                continue
            answer_city = next((c for c in cities if q.answer_text.startswith(c)), None)
            for choice in q.choices:
                if choice == q.answer_text:
                    continue
                asked += 1
                entry = by_name[choice]
                assert entry.confidence in ("high", "medium"), (doc_id, choice)
                assert len(choice) >= 3, (doc_id, choice)
                assert not choice.startswith("乡建设"), (doc_id, choice)
                city = next((c for c in cities if choice.startswith(c)), None)
                assert city in (None, home, answer_city), (doc_id, q.answer_text, choice)
    assert asked > 50


def test_attached_articles_are_numbered_under_their_attachment(library: Library) -> None:
    found = units(library.document("hufubangui-2021-16"), lexicon_of(library))
    numbers = [u.number for u in found]
    assert numbers[0] == "正文"
    for number in ("附件 第一条", "附件 第四条（一）", "附件 第五条（一）", "附件 第八条（一）"):
        assert number in numbers
    assert all(n.startswith("附件 ") for n in numbers[1:])


def test_every_question_is_answered_by_its_clause(library: Library, quizzes_by_doc) -> None:
    for doc_id, quiz in quizzes_by_doc.items():
        doc = library.document(doc_id)
        for q in quiz.questions:
            node = doc.node(q.clause)  # the linked clause exists
            assert q.choices.count(q.answer_text) == 1, q
            assert len(q.choices) >= 2
            assert len(set(q.choices)) == len(q.choices), q
            text = "".join(n.text or "" for n in node.walk()) + (node.heading or "")
            if q.kind in ("role", "cloze", "modal"):
                assert q.source in text, q  # the real sentence
                assert q.quote
                assert quizzes.BLANK in q.quote
                assert q.quote.replace(quizzes.BLANK, "") != q.source
            if q.kind in ("heading", "number"):
                assert node.heading
                assert node.heading.rstrip("。.") in q.source + q.prompt + \
                    q.answer_text


def test_role_distractors_are_never_a_right_answer(library: Library, quizzes_by_doc) -> None:
    by_name = {e.name: e for e in library.registry.of_kind("body")}
    checked = 0
    for quiz in quizzes_by_doc.values():
        for q in (q for q in quiz.questions if q.kind == "role"):
            answer = by_name[q.answer_text]
            assert answer.level != "generic"
            for choice in q.choices:
                entry = by_name[choice]
                # the same level, else a body of the same place, else a central one
                same_place = any(choice.startswith(c) and q.answer_text.startswith(c)
                                 for c in ("北京市", "上海市"))
                assert entry.level in (answer.level, quizzes.NATIONAL) or same_place or \
                    quizzes._place_of(choice, library) == quizzes._document_place(
                        library.document(quiz.document.id), library), (q.id, choice)
                if choice == q.answer_text:
                    continue
                assert entry.level != "generic", (q.id, choice)
                assert not entry.is_class, (q.id, choice)
                checked += 1
                # not named anywhere in the sentence, not another name of the right body
                assert all(n not in q.source for n in (entry.name, entry.key, *entry.aliases))
                assert not quizzes._same_body(choice, q.answer_text), (q.answer_text, choice)
    assert checked > 20


def test_cloze_distractors_are_never_in_the_sentence(library: Library, quizzes_by_doc) -> None:
    checked = 0
    for quiz in quizzes_by_doc.values():
        for q in (q for q in quiz.questions if q.kind == "cloze"):
            assert q.answer_text in q.source
            assert q.answer_text not in q.quote
            for choice in q.choices:
                if choice != q.answer_text:
                    checked += 1
                    assert choice not in q.source, (q.id, choice)
    assert checked > 20


def test_modal_claims(library: Library, quizzes_by_doc) -> None:
    lexicon = lexicon_of(library)
    answers = set()
    for quiz in quizzes_by_doc.values():
        for q in (q for q in quiz.questions if q.kind == "modal"):
            claim = q.prompt.split("「")[-1].split("」")[0]
            assert claim in MODALS
            words = lexicon.modals.get(claim, (claim,))
            filled = any(q.quote.replace(quizzes.BLANK, w) == q.source for w in words)
            assert filled == (q.answer_text == "对"), q
            answers.add(q.answer_text)
    assert answers == {"对", "错"}


# -- skipped cases -----------------------------------------------------------------------------
def _entry(kind: str, entity_id: str, name: str, **extra) -> Entry:
    return Entry(kind=kind, id=entity_id, key=name, name=name, **extra)


def _mention(kind: str, entity_id: str, text: str, where: str, role: str | None = None):
    start = where.index(text)
    return Mention(kind, entity_id, text, start, start + len(text), role=role)


BODIES = [("shi-a", "市甲局"), ("shi-b", "市乙局"), ("shi-c", "市丙局"), ("shi-d", "市丁局")]


def _tiny_library(
    text: str, mentions: list[Mention], extra: list[Entry]
) -> tuple[Library, Document]:
    node = Node(id="s1", kind="section", marker="一、", heading="总则", text=text,
                mentions=tuple(mentions))
    doc = Document(id="tiny", title="关于测试的通知", source=Source("t.txt", "0", "utf-8"),
                   body=(node,))
    entries = [_entry("body", i, n, level="市", type="部门") for i, n in BODIES] + extra
    return Library((doc,), Registry(tuple(entries))), doc


def test_a_body_only_mentioned_is_not_asked_about() -> None:
    text = "市甲局负责统筹。会议听取市乙局意见。"
    lib, doc = _tiny_library(text, [_mention("body", "shi-a", "市甲局", text, "lead"),
                                    _mention("body", "shi-b", "市乙局", text, "mention")], [])
    role = [q for q in quizzes.build_quiz(doc, lib, EMPTY_LEXICON).questions if q.kind == "role"]
    assert [q.answer_text for q in role] == ["市甲局"]
    assert "市乙局" not in role[0].choices  # named in the clause: never a distractor either


def test_a_generic_or_collective_body_is_not_asked_about() -> None:
    text = "有关部门负责统筹。市各部门负责落实。"
    extra = [_entry("body", "youguan", "有关部门", level="generic", type="部门"),
             _entry("body", "shi-ge", "市各部门", level="市", type="部门")]
    lib, doc = _tiny_library(text, [_mention("body", "youguan", "有关部门", text, "lead"),
                                    _mention("body", "shi-ge", "市各部门", text, "lead")], extra)
    assert not [q for q in quizzes.build_quiz(doc, lib, EMPTY_LEXICON).questions
                if q.kind == "role"]


def test_a_term_without_definition_is_not_asked_about() -> None:
    text = "落实“三重一大”。推行“四议两公开”。坚持“一票否决”。"
    extra = [_entry("term", "a", "三重一大"), _entry("term", "b", "四议两公开", definition="x"),
             _entry("term", "c", "一票否决", definition="y"), _entry("term", "d", "九五",
                                                                   definition="z")]
    mentions = [_mention("term", "a", "三重一大", text), _mention("term", "b", "四议两公开", text),
                _mention("term", "c", "一票否决", text)]
    lib, doc = _tiny_library(text, mentions, extra)
    cloze = [q for q in quizzes.build_quiz(doc, lib, EMPTY_LEXICON).questions if q.kind == "cloze"]
    assert sorted(q.answer_text for q in cloze) == ["一票否决", "四议两公开"]
    assert all("三重一大" not in q.choices for q in cloze)


def test_too_few_distractors_means_no_question() -> None:
    text = "市甲局负责统筹。"
    lib, doc = _tiny_library(text, [_mention("body", "shi-a", "市甲局", text, "lead")], [])
    lib = Library(lib.documents, Registry(tuple(e for e in lib.registry.entries
                                                if e.id in ("shi-a", "shi-b"))))
    assert not [q for q in quizzes.build_quiz(doc, lib, EMPTY_LEXICON).questions
                if q.kind == "role"]


def test_two_modal_words_make_no_modal_question() -> None:
    text = "各区要落实，不得拖延。各区应当报告。"
    lib, doc = _tiny_library(text, [], [])
    modal = [q for q in quizzes.build_quiz(doc, lib, EMPTY_LEXICON).questions
             if q.kind == "modal"]
    assert [q.source for q in modal] == ["各区应当报告。"]


# -- outline, study sheet, projector, downloads ------------------------------------------------
def test_outline_of_the_seed(library: Library) -> None:
    doc = library.document(SEED)
    plan = outlines.outline(doc, library, lexicon_of(library))
    assert [s.unit.label for s in plan.sections] == ["五、加强组织保障", "结语"]
    chars = sum(outlines.reading_chars(n.text or "") for n in doc.walk()
                if n.kind in ("clause", "closing"))
    assert sum(s.chars for s in plan.sections) >= chars
    assert plan.reading_minutes == sum(s.minutes for s in plan.sections)
    assert plan.session_minutes % 15 == 0
    assert plan.session_minutes >= plan.reading_minutes * outlines.EXPLAIN_FACTOR
    counts = [count for _, count in plan.busiest]
    assert counts == sorted(counts, reverse=True)
    assert counts[0] >= 1
    assert {t.name for t in plan.terms} >= {"三重一大"}
    assert all(t.definition for t in plan.terms)
    leads = {n: b for b in plan.leads for n in b.names}
    assert "乡镇党委" in leads
    assert all(any(d.role == "lead" for d in b.duties) for b in plan.leads)


def test_reading_time_counts_characters_not_punctuation() -> None:
    assert outlines.reading_chars("要坚定，方向。 abc 12") == 10
    assert outlines.minutes(0) == 0
    assert outlines.minutes(1) == 1
    assert outlines.minutes(301) == 2


def test_units_give_unique_numbers(library: Library) -> None:
    for doc in library.documents:
        found = units(doc, lexicon_of(library))
        numbers = [u.number for u in found]
        assert len(numbers) == len(set(numbers)), (doc.id, numbers)


def test_projector_slides_cover_every_clause_with_text(library: Library) -> None:
    lexicon = lexicon_of(library)
    for doc in library.documents:
        slides = outlines.slides(doc, lexicon)
        shown = {s.unit.anchor for s in slides}
        assert {u.anchor for u in units(doc, lexicon) if u.sentences} <= shown
        for slide in slides:
            assert "".join(t for t, _, _ in slide.parts) == slide.unit.text


def test_pages_for_every_document_and_the_index(library: Library) -> None:
    rendered = render_all(library)
    for doc in library.documents:
        for kind in pages.PAGES:
            assert pages.page(doc.id, kind) in rendered
        banner = rendered[f"documents/{doc.id}.md"]
        for kind in ("study", "quiz", "outline", "projector"):
            assert f"../training/{doc.id}/{kind}.md" in banner
        assert f"]({doc.id}/study.md)" in rendered[pages.INDEX]
    assert {"培训": pages.INDEX} in site_nav(library)


def test_study_sheet_lists_every_clause_with_its_obligations(library: Library) -> None:
    doc = library.document(SEED)
    sheet = render_all(library)[pages.page(SEED, "study")]
    for unit in units(doc, lexicon_of(library)):
        assert f"{{ #{unit.anchor} " in sheet
    assert "ps-modal-shall" in sheet
    assert "（牵头）" in sheet
    assert "三重一大" in sheet
    assert "data-ps-print" in sheet


def test_downloads_hold_every_question(quizzes_by_doc) -> None:
    quiz = quizzes_by_doc[SEED]
    rows = list(csv.reader(io.StringIO(quizzes.to_csv(quiz).decode("utf-8-sig"))))
    assert tuple(rows[0]) == quizzes.CSV_COLUMNS
    assert [r[0] for r in rows[1:]] == [q.id for q in quiz.questions]
    with zipfile.ZipFile(io.BytesIO(quizzes.to_anki(quiz))) as apkg:
        names = apkg.namelist()
        assert "collection.anki2" in names
        with tempfile.TemporaryDirectory() as tmp:
            db = Path(tmp) / "c.anki2"
            db.write_bytes(apkg.read("collection.anki2"))
            with sqlite3.connect(db) as con:
                notes = con.execute("select flds from notes").fetchall()
    assert len(notes) == len(quiz.questions)
    assert any("乡镇党委" in flds for (flds,) in notes)


def test_quiz_yaml_round_trips(quizzes_by_doc) -> None:
    data = quizzes.to_dict(quizzes_by_doc[SEED])
    from policysite.store import dump_yaml

    assert yaml.safe_load(dump_yaml(data)) == data


def test_bodies_named_together_share_one_entry_in_the_outline(library: Library) -> None:
    doc = library.document("guobanfa-2018-123")
    plan = outlines.outline(doc, library, lexicon_of(library))
    names = [n for b in plan.leads for n in b.names]
    assert len(names) == len(set(names))
    together = [b for b in plan.leads if len(b.names) > 1]
    assert together
    assert any({"各地区", "各部门"} <= set(b.names) for b in together)


def test_pages_without_a_registry(library: Library) -> None:
    """Before extraction has run there is no registry: no body or cloze questions, pages still
    render (headings and modal questions only)."""
    bare = Library(library.documents, None, library.lexicon)
    rendered = dict(pages.render(bare))
    assert pages.page(SEED, "quiz") in rendered
    quiz = quizzes.build_quiz(bare.document(SEED), bare)
    assert {q.kind for q in quiz.questions} <= {"heading", "number", "modal"}
    assert quiz.questions


def test_reading_time_rounds_the_whole_text_once(library: Library) -> None:
    """Twenty one-line articles are not twenty minutes (hufubangui-2021-16: ≈2,700 characters)."""
    doc = library.document("hufubangui-2021-16")
    plan = outlines.outline(doc, library, lexicon_of(library))
    chars = sum(s.chars for s in plan.sections)
    assert plan.reading_minutes == outlines.minutes(chars) < len(plan.sections)


def test_a_heading_spread_for_print_reads_as_written_together(library: Library) -> None:
    found = units(library.document("guofa-2004-18"), lexicon_of(library))
    assert "附件 第一章 总则" in [u.label for u in found]


def test_study_sheet_links_the_paragraphs_it_leaves_out(library: Library) -> None:
    sheet = render_all(library)[pages.page("linzhengbanhan-2013-89", "study")]
    assert "不分条款，正文共 47 段" in sheet
    assert "另有 46 段" in sheet  # the 47th (领导小组下设办公室) is a key point
    assert sheet.count("#p") >= 46  # each left-out paragraph is linked
