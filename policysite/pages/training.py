"""培训 pages: per document a study sheet (学习要点), a self-test (自测题) with a printable
version and CSV/Anki downloads, a trainer's outline (培训提纲) and a projector mode (讲解模式);
and an index of all of them.  The data comes from :mod:`policysite.training`.

Quiz and projector pages are raw HTML inside the Markdown (checked and driven by
``docs/assets/js/training.js``); every piece of source text in them goes through
:func:`~policysite.pages.markup.inline`, so it shows as written and never becomes markup.
"""

from __future__ import annotations

from collections.abc import Iterator

from policysite.library import Library
from policysite.model import Document
from policysite.pages import markup, paths
from policysite.pages.document import identity_facts
from policysite.pages.entities import entity_link
from policysite.pages.labels import ROLE_LABELS
from policysite.pages.markup import inline
from policysite.training import outline as outlines
from policysite.training import quiz as quizzes
from policysite.training.facts import Unit, lexicon_of, units

INDEX = "training/index.md"
PAGES = {
    "study": "学习要点",
    "quiz": "自测题",
    "quiz-print": "自测题（打印版）",
    "outline": "培训提纲",
    "projector": "讲解模式",
}
MODAL_CLASS = {"必须": "must", "应当": "shall", "要": "shall", "不得": "forbid", "鼓励": "may",
               "可以": "may"}


def page(doc_id: str, kind: str) -> str:
    """Where a training page of a document lives: ``training/<id>/<kind>.md``."""
    return f"training/{doc_id}/{kind}.md"


def download(doc_id: str, ext: str) -> str:
    """The quiz as ``csv`` or as an Anki deck (``apkg``)."""
    return f"training/{doc_id}/quiz.{ext}"


def render(library: Library) -> Iterator[tuple[str, str | bytes]]:
    lexicon = lexicon_of(library)
    rows = []
    for doc in library.documents:
        found = units(doc, lexicon)
        quiz = quizzes.build_quiz(doc, library, lexicon, found)
        plan = outlines.outline(doc, library, lexicon, found)
        yield page(doc.id, "study"), study_page(doc, found, library)
        yield page(doc.id, "quiz"), quiz_page(doc, quiz)
        yield page(doc.id, "quiz-print"), quiz_print_page(doc, quiz)
        yield page(doc.id, "outline"), outline_page(doc, plan, library)
        yield page(doc.id, "projector"), projector_page(doc, outlines.slides(doc, lexicon, found))
        yield download(doc.id, "csv"), quizzes.to_csv(quiz)
        yield download(doc.id, "apkg"), quizzes.to_anki(quiz)
        rows.append((doc, quiz, plan))
    yield INDEX, index_page(rows)


# -- index -------------------------------------------------------------------------------------
def index_page(rows: list[tuple[Document, quizzes.Quiz, outlines.Outline]]) -> str:
    lines = [
        *markup.front_matter("培训", *markup.SEARCH_EXCLUDED_PAGE),
        markup.heading(1, "培训材料", "top"),
        "",
        "每份文件都有四种培训材料，全部由条款数据生成，并链接回原文条款："
        "**学习要点**（可打印的讲义）、**自测题**（在浏览器里作答，进度保存在本机；另有打印版和 "
        "CSV、Anki 下载）、**培训提纲**（阅读时间、重点条款、先讲的术语、各单位任务）和"
        "**讲解模式**（投影用，一次一条，← → 或空格翻页，Esc 返回）。",
        "",
    ]
    if not rows:
        return "\n".join([*lines, "文件库里还没有文件。", ""]) + "\n"
    table = []
    for doc, quiz, plan in sorted(rows, key=lambda r: (r[0].date or "0000", r[0].title),
                                  reverse=True):
        here = INDEX
        links = [
            markup.link(PAGES[kind], paths.relative(here, page(doc.id, kind)))
            for kind in ("study", "quiz", "outline", "projector")
        ]
        links[1] += f"（{len(quiz.questions)} 题）"
        table.append([
            markup.link(inline(doc.title), paths.relative(here, paths.document_page(doc.id))),
            f"阅读 {plan.reading_minutes} 分钟<br>课时 {plan.session_minutes} 分钟",
            " · ".join(links[:2]) + "<br>" + " · ".join(links[2:]),
        ])
    block = markup.table(["文件", "时长", "培训材料"], table)
    lines += [f'<div class="ps-training-index" markdown>\n\n{block}\n\n</div>', ""]
    return "\n".join(lines) + "\n"


# -- study sheet -------------------------------------------------------------------------------
def study_page(doc: Document, found: list[Unit], library: Library) -> str:
    here = page(doc.id, "study")
    lines = _head(doc, "study", f"学习要点：{doc.title}")
    lines += [
        _print_button("打印学习要点"),
        "",
    ]
    top = [u for u in found if u.depth == 0]
    # plain paragraphs (正文第N段) are no structure: listed only when there is nothing else
    numbered = [u for u in top if not _plain(u)]
    if top:
        lines += [markup.heading(2, "本文结构", "structure", "ps-study-structure"), ""]
        attached: str | None = None
        for unit in numbered or top[:1]:
            if unit.attachment and unit.attachment != attached:
                attached = unit.attachment  # 附件：上海市…办法, before its articles
                lines.append(f"- **附件：{inline(unit.attachment)}**")
            below = sum(1 for u in _below(found, unit))
            extra = f"（下设 {below} 条）" if below else ""
            lines.append(f"{'    ' if unit.attachment else ''}- "
                         f"{_clause_link(here, doc, unit)}{extra}")
        plain = len(top) - len(numbered)
        if not numbered and plain > 1:
            lines[-1] = (f"- 本文件不分条款，正文共 {plain} 段（从"
                         f"{_clause_link(here, doc, top[0])}起）")
        lines.append("")
    skipped: list[Unit] = []
    for unit in found:
        shown = _study_unit(here, doc, unit, library)
        if _plain(unit) and len(shown) <= 2:
            skipped.append(unit)  # no duty, mechanism, role or term: nothing to study
            continue
        lines += shown
    if skipped:
        links = "、".join(_clause_link(here, doc, u) for u in skipped)
        lines += [f"另有 {len(skipped)} 段没有写明要求、机制、分工或术语，未逐段列出，"
                  f"请对照原文阅读：{links}。", ""]
    return "\n".join(lines) + "\n"


def _plain(unit: Unit) -> bool:
    """An unnumbered paragraph of the body (正文第3段), not a 导语, 结语 or an article."""
    return unit.node.kind == "paragraph" and unit.depth == 0 and not unit.heading


def _study_unit(here: str, doc: Document, unit: Unit, library: Library) -> list[str]:
    """A clause on the study sheet: its heading (a link to the clause), each sentence with a
    modal and the bodies that carry it, then mechanisms, other roles and terms — one line each,
    nothing that only repeats the text."""
    lines: list[str] = []
    shown: set[str] = set()
    obligations = [s for s in unit.sentences if s.modal]
    for s in obligations:
        carriers = _carriers(s, library, shown)
        tail = f" —— {carriers}" if carriers else ""
        lines.append(f"- {_modal_tag(s.modal)} {inline(s.text.strip())}{tail}")
    if obligations:
        lines.append("")
    mechanisms = _named(unit, library, "mechanism")
    if mechanisms:
        lines += [f'<span class="ps-study-key">机制</span> {"、".join(mechanisms)}', ""]
    roles = _roles(unit, library, shown)
    if roles:
        lines += [f'<span class="ps-study-key">分工</span> {roles}', ""]
    for term_id, name in _terms(unit):
        entry = library.entity("term", term_id)
        if entry is not None and entry.definition and not entry.suppressed:
            lines += [f'<span class="ps-study-key">术语</span> **{inline(entry.name or name)}**'
                      f"：{inline(entry.definition)}", ""]
    # 第五条 alone when what follows quotes it; its opening words when nothing follows
    text = unit.title if lines else unit.label
    title = markup.link(inline(text), paths.clause_link(here, doc.id, unit.anchor))
    level = min(2 + unit.depth, 6)
    return [markup.heading(level, title, unit.anchor, "ps-study-unit"), "", *lines]


def _carriers(sentence, library: Library, shown: set[str]) -> str:
    """The bodies a sentence gives a role, with the role; each is added to ``shown``."""
    parts = []
    for m in sentence.mentions:
        if m.kind == "body" and m.role in ("lead", "support", "oversight"):
            entry = library.entity("body", m.id)
            if entry is not None and entry.suppressed:
                continue
            name = entry.name if entry is not None else m.text
            label = f"{inline(name)}（{ROLE_LABELS[m.role]}）"
            shown.add(f"{m.role}:{name}")
            if label not in parts:
                parts.append(label)
    return "、".join(parts)


def _named(unit: Unit, library: Library, kind: str) -> list[str]:
    names: list[str] = []
    for s in unit.sentences:
        for m in s.mentions:
            if m.kind == kind:
                entry = library.entity(kind, m.id)
                if entry is not None and entry.suppressed:
                    continue
                name = inline(entry.name if entry is not None else m.text)
                if name not in names:
                    names.append(name)
    return names


def _roles(unit: Unit, library: Library, shown: set[str]) -> str:
    """Roles the obligations above did not show already."""
    by_role: dict[str, list[str]] = {}
    for s in unit.sentences:
        for m in s.mentions:
            if m.kind == "body" and m.role in ("lead", "support", "oversight"):
                entry = library.entity("body", m.id)
                if entry is not None and entry.suppressed:
                    continue
                plain = entry.name if entry is not None else m.text
                if f"{m.role}:{plain}" in shown:
                    continue
                name = inline(plain)
                if name not in by_role.setdefault(m.role, []):
                    by_role[m.role].append(name)
    return "；".join(f"{ROLE_LABELS[r]}：{'、'.join(by_role[r])}"
                    for r in ("lead", "support", "oversight") if by_role.get(r))


def _terms(unit: Unit) -> list[tuple[str, str]]:
    seen: dict[str, str] = {}
    for m in (*unit.node.mentions, *(m for s in unit.sentences for m in s.mentions)):
        if m.kind == "term":
            seen.setdefault(m.id, m.text)
    return list(seen.items())


def _modal_tag(modal: str | None) -> str:
    return f'<span class="ps-modal ps-modal-{MODAL_CLASS.get(modal or "", "may")}">{modal}</span>'


def _below(found: list[Unit], head: Unit) -> Iterator[Unit]:
    start = found.index(head)
    for unit in found[start + 1:]:
        if unit.depth == 0:
            return
        yield unit


# -- quiz --------------------------------------------------------------------------------------
def quiz_page(doc: Document, quiz: quizzes.Quiz) -> str:
    here = page(doc.id, "quiz")
    lines = _head(doc, "quiz", f"自测题：{doc.title}")
    csv_link = markup.link("CSV", paths.relative(here, download(doc.id, "csv")))
    anki_link = markup.link("Anki 牌组", paths.relative(here, download(doc.id, "apkg")))
    print_link = markup.link("打印版（含答案页）", paths.relative(here, page(doc.id, "quiz-print")))
    if not quiz.questions:  # no empty CSV, deck or answer key to download either
        lines += ["这份文件的条款数据不足以出题（没有写明牵头单位、机制、有定义的术语"
                  "或要求强度的句子）。", ""]
        return "\n".join(lines) + "\n"
    lines += [f"下载：{csv_link} · {anki_link} · {print_link}", ""]
    document_url = _html(paths.relative(here, paths.document_page(doc.id)))
    lines += [
        f"共 {len(quiz.questions)} 题，全部出自本文件条款。点选答案后即显示正确答案和所依据的条文；"
        "答题进度保存在本机浏览器里，关掉页面再打开仍在。",
        "",
        f'<div class="ps-quiz" data-ps-quiz="{markup.attr(doc.id)}" '
        f'data-ps-version="{quiz.version}" data-ps-total="{len(quiz.questions)}">',
        '<div class="ps-quiz-status" role="status" aria-live="polite">'
        f'<span class="ps-quiz-score">已答 0 / {len(quiz.questions)} 题</span>'
        '<button type="button" class="md-button ps-quiz-reset">清除进度，重新作答</button></div>',
    ]
    for n, q in enumerate(quiz.questions, 1):
        lines.append(_question_html(n, q, document_url))
    lines += ["</div>", ""]
    return "\n".join(lines) + "\n"


def _question_html(n: int, q: quizzes.Question, document_url: str) -> str:
    clause = f"{document_url}#{q.clause}"
    parts = [
        f'<section class="ps-question" id="{q.id}" data-ps-answer="{q.answer}" '
        f'aria-label="第 {n} 题">',
        f'<h2 class="ps-question-title">第 {n} 题 '
        f'<span class="ps-question-kind">{quizzes.KIND_LABELS[q.kind]}</span></h2>',
        f'<p class="ps-question-prompt">{inline(q.prompt)}</p>',
    ]
    if q.quote:
        parts.append(f'<blockquote class="ps-question-quote">{inline(q.quote)}</blockquote>')
    parts.append(f'<div class="ps-choices" role="group" aria-label="第 {n} 题的选项">')
    for i, choice in enumerate(q.choices):
        parts.append(
            f'<button type="button" class="ps-choice" data-ps-choice="{i}">'
            f'<span class="ps-choice-letter">{quizzes.LETTERS[i]}</span>{inline(choice)}</button>'
        )
    parts.append("</div>")
    note = f'<p class="ps-feedback-note">{inline(q.note)}</p>' if q.note else ""
    parts += [
        '<div class="ps-feedback" hidden>',
        '<p class="ps-verdict"></p>',
        f'<p class="ps-feedback-answer">正确答案：{quizzes.LETTERS[q.answer]}. '
        f"{inline(q.answer_text)}</p>",
        note,
        f'<p class="ps-feedback-source">依据：<a href="{clause}" data-ps-anchor="{q.clause}">'
        f"{inline(q.clause_label)}</a></p>",
        f'<blockquote class="ps-feedback-clause">{_marked(q.clause_text, q.source)}</blockquote>',
        "</div>",
        "</section>",
    ]
    return "\n".join(p for p in parts if p)


def _marked(text: str, sentence: str) -> str:
    """The clause text with the sentence a question was made from marked."""
    at = text.find(sentence) if sentence else -1
    if at < 0:
        return inline(text)
    end = at + len(sentence)
    return (f"{inline(text[:at])}<mark class=\"ps-source-sentence\">{inline(sentence)}</mark>"
            f"{inline(text[end:])}")


def quiz_print_page(doc: Document, quiz: quizzes.Quiz) -> str:
    here = page(doc.id, "quiz-print")
    lines = _head(doc, "quiz-print", f"自测题（打印版）：{doc.title}")
    lines += [
        _print_button("打印试卷"),
        "",
        '<p class="ps-paper-fields"><span>姓名：＿＿＿＿＿＿</span> '
        "<span>单位：＿＿＿＿＿＿</span> <span>得分：＿＿＿＿</span></p>",
        "",
    ]
    if not quiz.questions:
        return "\n".join([*lines, "这份文件的条款数据不足以出题。", ""]) + "\n"
    for n, q in enumerate(quiz.questions, 1):
        lines.append(f'<div class="ps-paper-question" id="{q.id}">')
        lines.append(f'<p class="ps-paper-prompt"><strong>{n}.</strong> '
                     f'<span class="ps-question-kind">{quizzes.KIND_LABELS[q.kind]}</span> '
                     f"{inline(q.prompt)}</p>")
        if q.quote:
            lines.append(f'<blockquote class="ps-question-quote">{inline(q.quote)}</blockquote>')
        lines.append('<ol class="ps-paper-choices" type="A">')
        lines.extend(f"<li>{inline(c)}</li>" for c in q.choices)
        lines.append("</ol>")
        lines.append("</div>")
    lines += ["", markup.heading(2, "答案", "answers", "ps-answer-key"), ""]
    rows = [
        [
            str(n),
            f"{quizzes.LETTERS[q.answer]}. {inline(q.answer_text)}",
            markup.link(inline(q.clause_label), paths.clause_link(here, doc.id, q.clause)),
        ]
        for n, q in enumerate(quiz.questions, 1)
    ]
    lines += [markup.table(["题", "答案", "依据条款"], rows), ""]
    return "\n".join(lines) + "\n"


# -- outline -----------------------------------------------------------------------------------
def outline_page(doc: Document, plan: outlines.Outline, library: Library) -> str:
    here = page(doc.id, "outline")
    lines = _head(doc, "outline", f"培训提纲：{doc.title}")
    chars = sum(s.chars for s in plan.sections)
    lines += [
        f"全文约 {chars} 字，阅读约 **{plan.reading_minutes} 分钟**（按每分钟 "
        f"{outlines.CHARS_PER_MINUTE} 字计）。建议课时 **{plan.session_minutes} 分钟**："
        f"逐条讲解约为阅读时间的 {outlines.EXPLAIN_FACTOR} 倍，另留 {outlines.QUIZ_MINUTES} "
        "分钟做自测题，合计取整到一刻钟。",
        "",
        markup.heading(2, "章节与阅读时间", "sections"),
        "",
    ]
    total = 0
    rows = []
    for section in plan.sections:
        total += section.chars  # running total of characters, rounded once
        short = section.chars < outlines.CHARS_PER_MINUTE // 2
        rows.append([
            markup.link(inline(section.unit.label),
                        paths.clause_link(here, doc.id, section.unit.anchor)),
            f"{'不到 1' if short else section.minutes} 分钟（{section.chars} 字）",
            f"{outlines.minutes(total)} 分钟",
        ])
    lines += [markup.table(["章节", "阅读", "累计"], rows) if rows else "（无章节）", ""]
    lines += [markup.heading(2, "义务最多的条款", "busiest"), ""]
    if plan.busiest:
        lines += ["按条文中「必须、应当、要、不得」句子的数目排列，讲解时可重点展开：", ""]
        rows = [[markup.link(inline(u.label), paths.clause_link(here, doc.id, u.anchor)),
                 f"{count} 句"] for u, count in plan.busiest]
        lines += [markup.table(["条款", "义务性要求"], rows), ""]
    else:
        lines += ["本文件没有使用「必须、应当、要、不得」的句子。", ""]
    lines += [markup.heading(2, "先讲的术语", "terms"), ""]
    if plan.terms:
        for term in plan.terms:
            first = markup.link(inline(term.first.label),
                                paths.clause_link(here, doc.id, term.first.anchor))
            lines.append(f"- **{inline(term.name)}**：{inline(term.definition)}"
                         f"（首次出现：{first}，共 {term.count} 处）")
        lines.append("")
    else:
        lines += ["术语表里没有本文件用到的术语。", ""]
    lines += [markup.heading(2, "在场单位及其任务", "bodies"), ""]
    if plan.leads:
        lines += ["牵头承担任务的单位，以及条文要求它们做的事（按任务多少排列）：", ""]
        for body in plan.leads:
            link = "、".join(
                markup.link(inline(name), paths.relative(here, entity_link(library, "body", i)))
                for i, name in zip(body.ids, body.names, strict=True))
            lines += [markup.heading(3, link, f"body-{body.ids[0]}"), ""]
            for duty in body.duties:
                where = markup.link(inline(duty.unit.label),
                                    paths.clause_link(here, doc.id, duty.unit.anchor))
                modal = _modal_tag(duty.sentence.modal) + " " if duty.sentence.modal else ""
                lines.append(f"- {modal}{inline(duty.sentence.text.strip())}"
                             f"（{ROLE_LABELS[duty.role]}；{where}）")
            lines.append("")
    else:
        lines += ["条文没有写明牵头单位。", ""]
    return "\n".join(lines) + "\n"


# -- projector ---------------------------------------------------------------------------------
def projector_page(doc: Document, slides: list[outlines.Slide]) -> str:
    here = page(doc.id, "projector")
    back = _html(paths.relative(here, paths.document_page(doc.id)))
    lines = [
        *markup.front_matter(f"讲解模式：{doc.title}", *markup.SEARCH_EXCLUDED_PAGE,
                             "hide:", "  - navigation", "  - toc"),
        markup.heading(1, inline(f"讲解模式：{doc.title}"), "top", "ps-projector-title"),
        "",
        f'<div class="ps-projector" data-ps-back="{back}" tabindex="-1">',
        '<div class="ps-progress" aria-hidden="true"><div class="ps-progress-bar"></div></div>',
        '<div class="ps-projector-bar">'
        '<button type="button" class="ps-projector-prev">上一条</button>'
        '<span class="ps-projector-count" role="status" aria-live="polite"></span>'
        '<button type="button" class="ps-projector-next">下一条</button>'
        '<span class="ps-projector-legend"><mark class="ps-hl ps-hl-body">责任主体</mark> '
        '<mark class="ps-hl ps-hl-mechanism">机制</mark> '
        '<mark class="ps-hl ps-hl-term">术语</mark></span>'
        '<span class="ps-projector-hint">← → 或空格翻页 · Esc 返回原文</span>'
        f'<a class="ps-projector-exit" href="{back}">退出</a></div>',
        '<section class="ps-slide ps-slide-title" id="slide-title">',
        f'<h2 class="ps-slide-heading">{inline(doc.title)}</h2>',
        f'<p class="ps-slide-facts">{_facts_line(doc, len(slides))}</p>',
        "</section>",
    ]
    for slide in slides:
        unit = slide.unit
        number = inline(unit.number)
        heading = inline(unit.heading) if unit.heading else ""
        lines.append(f'<section class="ps-slide" id="{unit.anchor}">')
        lines.append(f'<h2 class="ps-slide-heading"><span class="ps-slide-number">{number}</span>'
                     f"{heading}</h2>")
        if slide.parts:
            body = "".join(
                f'<mark class="ps-hl ps-hl-{kind}">{inline(text)}</mark>' if kind
                else inline(text)
                for text, kind, _ in slide.parts
            )
            lines.append(f'<p class="ps-slide-text">{body}</p>')
        lines.append("</section>")
    lines += ["</div>", ""]
    return "\n".join(lines) + "\n"


# -- shared ------------------------------------------------------------------------------------
def _head(doc: Document, kind: str, title: str) -> list[str]:
    here = page(doc.id, kind)
    lines = [
        *markup.front_matter(title, *markup.SEARCH_EXCLUDED_PAGE),
        markup.heading(1, inline(title), "top"),
        "",
    ]
    facts = identity_facts(doc)
    if facts:
        lines += [markup.facts(facts), ""]
    links = [markup.link("原文", paths.relative(here, paths.document_page(doc.id)))]
    for other in ("study", "quiz", "quiz-print", "outline", "projector"):
        label = PAGES[other]
        if other == kind:
            links.append(f"**{label}**")
        else:
            links.append(markup.link(label, paths.relative(here, page(doc.id, other))))
    links.append(markup.link("全部培训材料", paths.relative(here, INDEX)))
    lines += [" · ".join(links), "{: .ps-training-nav }", ""]
    return lines


def _print_button(label: str) -> str:
    return f'<button type="button" class="md-button ps-print-button" data-ps-print>{label}</button>'


def _facts_line(doc: Document, count: int) -> str:
    parts = [inline(x) for x in (doc.doc_number, "、".join(doc.issuers), doc.date) if x]
    return " · ".join([*parts, f"共 {count} 条（按 →、空格或点击翻页）"])


def _clause_link(here: str, doc: Document, unit: Unit) -> str:
    return markup.link(inline(unit.label), paths.clause_link(here, doc.id, unit.anchor))


def _html(md_path: str) -> str:
    """A link to a generated page as it is in the built site (raw HTML is not rewritten)."""
    path, _, anchor = md_path.partition("#")
    if path.endswith(".md"):
        path = path[:-3] + ".html"
    return f"{path}#{anchor}" if anchor else path
