"""One page per document: metadata banner, the tree with permalinked clauses, source record."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from policysite.extract import selfref
from policysite.library import Library, display_heading
from policysite.model import HEADED_KINDS, Document, Mention, Node
from policysite.occurrences import SiteIndex, site_index
from policysite.pages import markup, paths
from policysite.pages.entities import entity_link
from policysite.pages.labels import ROLE_LABELS
from policysite.pages.markup import inline

FRAME_LABELS = {
    "doc_number": "文号",
    "addressee": "主送",
    "signature": "落款",
    "date": "日期",
    "note": "说明",
    "attachment_list": "附件",
}


def render(library: Library) -> Iterator[tuple[str, str]]:
    occurrences = site_index(library)
    for doc in library.documents:
        yield paths.document_page(doc.id), render_document(doc, library, occurrences)


def render_document(doc: Document, library: Library, occurrences: SiteIndex | None = None) -> str:
    occurrences = occurrences or site_index(library)
    page = paths.document_page(doc.id)
    lines = [
        *markup.front_matter(doc.title),
        markup.heading(1, inline(doc.title), "title"),
        "",
        _banner(doc, library, page, occurrences),
        "",
    ]
    lines.extend(_nodes(doc.body, library, doc, page, level=2))
    lines.extend(_cited_by(doc, library, occurrences, page))
    lines.extend(_source_record(doc))
    return "\n".join(lines) + "\n"


def identity_facts(doc: Document) -> list[tuple[str, str]]:
    """The rows that say which document this is (文号, 发文机关, 成文日期): the start of the
    document's banner, and the head of its 培训 pages."""
    facts = []
    if doc.doc_number:
        facts.append(("文号", inline(doc.doc_number)))
    if doc.issuers:
        facts.append(("发文机关", "、".join(inline(i) for i in doc.issuers)))
    if doc.date:
        facts.append(("成文日期", doc.date))
    return facts


def _banner(doc: Document, library: Library, page: str, occurrences: SiteIndex) -> str:
    facts = identity_facts(doc)
    if doc.published:
        facts.append(("发布日期", doc.published))
    if doc.topic:
        facts.append(("主题分类", inline(doc.topic)))
    if doc.parts:
        shown = "、".join(str(p) for p in doc.parts)
        missing = "、".join(str(p) for p in doc.missing_parts)
        facts.append(("分篇", f"第 {shown} 篇" + (f"（第 {missing} 篇未收录）" if missing else "")))
    sources = (
        "；".join(_code(s.file) for s in doc.sources) if doc.sources else _code(doc.source.file)
    )
    facts.append(("来源文件", sources))
    facts.append(("条款数", str(occurrences.clause_count(doc))))
    if library.registry is not None:
        facts.append(
            (
                "任务分工表",
                markup.link("查看", paths.relative(page, paths.tasks_page(doc.id)))
                + "（可下载 "
                + markup.link("CSV", paths.relative(page, paths.tasks_table(doc.id, "csv")))
                + "、"
                + markup.link("Excel", paths.relative(page, paths.tasks_table(doc.id, "xlsx")))
                + "）",
            )
        )
    # 培训: the document's study sheet, quiz, outline and projector mode (pages/training.py).
    from policysite.pages import training

    facts.append(("培训材料", " · ".join(
        markup.link(label, paths.relative(page, training.page(doc.id, kind)))
        for kind, label in training.PAGES.items() if kind != "quiz-print")))
    return markup.facts(facts)


def _contents_line(node: Node, doc: Document) -> str:
    """A 目录 line: the 目录 label itself, or a listed chapter linked to the first chapter (or
    节) whose marker, as the parser read it, starts the line."""
    text = node.text or ""
    target = next(
        (n for n in doc.walk()
         if n.kind in ("chapter", "subchapter") and n.marker and text.startswith(n.marker)),
        None,
    )
    if target is None:
        return f'<span class="ps-label">{inline(text)}</span>'
    return markup.link(inline(text), f"#{target.id}")


def _nodes(
    nodes: Iterable[Node], library: Library, doc: Document, page: str, level: int,
    top: str = "title",
) -> Iterator[str]:
    for node in nodes:
        if node.kind == "title":
            continue  # shown as the page's h1
        if node.kind in HEADED_KINDS:
            yield from _heading_node(node, library, doc, page, level, top)
        elif node.kind == "contents":
            yield markup.paragraph(_contents_line(node, doc), node.id, "ps-frame ps-contents")
            yield ""
        elif node.kind in FRAME_LABELS:
            label = FRAME_LABELS[node.kind]
            body = _text(node, "text", library, page, top)
            yield markup.paragraph(
                f'<span class="ps-label">{label}</span> {body}', node.id, f"ps-frame ps-{node.kind}"
            )
            yield ""
        else:
            yield markup.paragraph(
                _text(node, "text", library, page, top), node.id, f"ps-{node.kind}"
            )
            yield ""
            yield from _nodes(node.children, library, doc, page, level, top)


def _heading_node(
    node: Node, library: Library, doc: Document, page: str, level: int, top: str = "title"
) -> Iterator[str]:
    if node.kind == "attachment":
        top = node.id  # 本办法 in an attached 办法 is the attachment
        title = f"附件：{inline(node.title or '')}" if node.title else "附件"
        yield markup.heading(level, title, node.id, "ps-attachment")
    else:
        yield markup.heading(level, inline(display_heading(node)), node.id, f"ps-{node.kind}")
    yield ""
    if node.text:
        yield markup.paragraph(_text(node, "text", library, page, top), None, "ps-text")
        yield ""
    yield from _nodes(node.children, library, doc, page, level + 1, top)


def _text(node: Node, field: str, library: Library, page: str, top: str = "title") -> str:
    """The node's heading or text, escaped, with each mention linked to its entity page and
    each self-reference (本办法) to the top of its document or attachment (``top``)."""
    value = getattr(node, field) or ""
    mentions: list[Mention | tuple[int, int]] = [m for m in node.mentions if m.field == field]
    mentions += [
        (a, b) for a, b in selfref.spans(value)
        if not any(m.start < b and a < m.end for m in node.mentions if m.field == field)
    ]
    mentions.sort(key=_span_key)
    out, pos = [], 0
    for mention in mentions:
        start, end = _span(mention)
        if start < pos:
            continue  # overlapping mentions: the earlier, longer one wins
        out.append(inline(value[pos:start]))
        if isinstance(mention, Mention):
            out.append(_mention(mention, value[start:end], library, page))
        else:
            out.append(_self_link(value[start:end], top))
        pos = end
    out.append(inline(value[pos:]))
    return "".join(out)


def _span(mention: Mention | tuple[int, int]) -> tuple[int, int]:
    return (mention.start, mention.end) if isinstance(mention, Mention) else mention


def _span_key(mention: Mention | tuple[int, int]) -> tuple[int, int]:
    start, end = _span(mention)
    return start, -(end - start)


def _self_link(text: str, top: str) -> str:
    """A self-reference (本办法) as a link to the top of its document or attachment."""
    return markup.link(inline(text), f"#{top}", "本文件" if top == "title" else "本附件")


def _mention(mention: Mention, text: str, library: Library, page: str) -> str:
    entity = library.entity(mention.kind, mention.id)
    if entity is None:
        return inline(text)
    target = paths.relative(page, entity_link(library, mention.kind, mention.id))
    if mention.kind == "term":
        definition = str(getattr(entity, "definition", None) or getattr(entity, "name", ""))
        return markup.link(f'<abbr title="{markup.attr(definition)}">{inline(text)}</abbr>', target)
    hint = getattr(entity, "name", text)
    if mention.role and mention.role != "mention":
        hint += f"（{ROLE_LABELS.get(mention.role, mention.role)}）"
    return markup.link(inline(text), target, hint)




def _cited_by(doc: Document, library: Library, occurrences: SiteIndex, page: str) -> list[str]:
    """The clauses of other documents that cite this one (by title or 文号)."""
    if library.registry is None:
        return []
    citing = occurrences.citing(doc)
    lines = [markup.heading(2, "被引用", "cited-by", "ps-cited-by", searchable=False), ""]
    if not citing:
        return [*lines, "本库中没有其他文件引用这份文件。", ""]
    for occ in citing:
        link = markup.link(
            inline(f"{occ.document.title} · {occ.label}"),
            paths.clause_link(page, occ.document.id, occ.anchor),
        )
        lines.append(f"- {link}")
    return [*lines, ""]


def _source_record(doc: Document) -> list[str]:
    lines = [markup.heading(2, "来源与清理记录", "source", "ps-source", searchable=False), ""]
    for source in doc.sources or (doc.source,):
        part = f"（第 {source.part} 篇）" if source.part else ""
        lines.append(
            f"- 来源文件{part}：{_code(source.file)}，编码 {inline(source.encoding)}，"
            f"SHA-256 {_code(source.sha256)}"
        )
    lines.append("")
    if doc.warnings:
        lines.append("解析提示：")
        lines.append("")
        lines.extend(f"- 第 {w.line} 行：{inline(w.message)}" for w in doc.warnings)
        lines.append("")
    if doc.dropped:
        lines.append(f"清理时删去的 {len(doc.dropped)} 行（网页栏目、元数据表等，原文逐字保留）：")
        lines.append("")
        rows = [
            [
                (f"{d.part}篇 " if d.part else "") + str(d.line),
                inline(_visible(d.text)),
                inline(d.reason),
            ]
            for d in doc.dropped
        ]
        lines.append(markup.table(["行", "删去的文字", "原因"], rows))
    else:
        lines.append("清理时没有删去任何文字。")
    lines.append("")
    return lines


def _visible(text: str) -> str:
    """Make invisible characters visible in the dropped-lines table (U+200B → ⟨U+200B⟩)."""
    return "".join(c if c.isprintable() else f"⟨U+{ord(c):04X}⟩" for c in text)


def _code(text: str) -> str:
    """A file name or checksum in code style; escaped, so a backtick cannot end the span."""
    return f"<code>{inline(text)}</code>"
