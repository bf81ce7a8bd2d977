"""The home page: the library, one row per document."""

from __future__ import annotations

from collections.abc import Iterator

from policysite.library import Library, newest_first
from policysite.occurrences import site_index
from policysite.pages import markup, paths
from policysite.pages.markup import inline


def render(library: Library) -> Iterator[tuple[str, str]]:
    yield paths.HOME, render_home(library)


HOME_ROWS = 50  # past this many documents the home page lists the newest; the rest are browsed


def render_home(library: Library) -> str:
    index = site_index(library)
    documents = newest_first(library.documents)
    total = len(documents)
    documents = documents[:HOME_ROWS]
    rows = [[
        markup.link(inline(doc.title), paths.document_page(doc.id)),
        inline(doc.doc_number or "—"),
        "、".join(inline(i) for i in doc.issuers) or "—",
        doc.date or "—",
        str(index.clause_count(doc)),
    ] for doc in documents]
    clauses = sum(index.clause_count(d) for d in library.documents)
    lines = [
        "---",
        "title: 政策文件库",
        "search:",
        "  exclude: true",
        "---",
        "",
        "# 政策文件库",
        "",
        f"本库收录 {total} 份文件、{clauses} 个条款。点击标题阅读全文；"
        "每个条款都有固定链接，可复制后发给同事或用于培训材料。",
        "",
    ]
    browse = markup.link("按类别、文种、层级、年份或发文机关浏览", paths.DOCUMENTS_INDEX)
    if total > HOME_ROWS:
        lines += [f"下表是最新的 {HOME_ROWS} 份；全部文件可{browse}。", ""]
    else:
        lines += [f"也可{browse}。", ""]
    lines += [
        markup.table(["标题", "文号", "发文机关", "成文日期", "条款数"], rows),
        "",
    ]
    return "\n".join(lines)
