"""Browsing a large library: documents grouped by kind, genre, level, year and issuer.

The sidebar lists index pages only (:mod:`policysite.pages.nav`), never every document, so it
stays the same size at 10 or 10,000 documents.  ``documents/index.md`` shows every facet with
a count per group; each group has a page of its own listing its documents (split into pages of
:data:`PAGE_ROWS` rows), with a filter box that narrows the rows as one types.

Facets (inferred from the title, 文号 and 发文机关 the parser recorded; shown as such):

- 类别 (the legal rank): 法律, 行政法规, 地方性法规, 规章, 规范性文件 — see :func:`kind_of`;
- 文种: the genre word a title ends in (通知, 意见, 办法, 方案, 条例 …) — :func:`genre_of`;
- 层级: 中央, 省级, 市级, 区县, 乡镇 — from the first issuer — :func:`level_of`;
- 年份: the year of the 成文日期; 发文机关: the first issuer.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterator

from policysite.library import Library, newest_first
from policysite.model import Document
from policysite.occurrences import site_index
from policysite.pages import markup, paths
from policysite.pages.markup import inline
from policysite.slug import slug, unique

PAGE_ROWS = 200  # documents per group page; longer groups continue on -2, -3 … pages
UNKNOWN = "未注明"

KINDS = ("法律", "行政法规", "地方性法规", "规章", "规范性文件")
LEVELS = ("中央", "省级", "市级", "区县", "乡镇", UNKNOWN)
# Genre words, longest first so 实施意见 wins over 意见 and 实施细则 over 细则.
GENRES = tuple(sorted((
    "通知", "意见", "实施意见", "指导意见", "办法", "实施办法", "管理办法", "方案", "实施方案",
    "工作方案", "条例", "实施条例", "规定", "若干规定", "决定", "细则", "实施细则", "规则", "规划",
    "纲要", "法",
    "批复", "函", "通告", "公告", "报告", "指引", "指南", "标准", "章程", "决议", "解释", "答复",
    "措施", "若干措施", "计划", "行动计划", "要点", "工作要点", "制度", "通报", "命令", "令",
), key=len, reverse=True))
# A genre word reported under its short form of two characters or more: 实施意见 → 意见,
# 实施办法 → 办法 (not 法: a one-character genre groups only itself).
_GENRE_GROUP = {
    g: next((s for s in GENRES[::-1] if len(s) >= 2 and g.endswith(s)), g) for g in GENRES
}
# A parenthesis at the very end of a title: （2018年修订）, （试行）.
_TRAILING_NOTE = re.compile(r"[（(][^（）()]*[）)]$")

_PROVINCES = re.compile(
    r"^(北京|天津|上海|重庆)市|^[\u4e00-\u9fff]{2,3}(省|自治区)|^(内蒙古|广西|西藏|宁夏|新疆)"
)
_CENTRAL = re.compile(
    r"^(中华人民共和国|中共中央|国务院|全国人民代表大会|最高人民法院|最高人民检察院|中央|国家|"
    r"[\u4e00-\u9fff]{1,8}部$|[\u4e00-\u9fff]{1,8}部、|中国人民)"
)
_NATIONAL_LAW = re.compile(r"^(中华人民共和国)?[\u4e00-\u9fff（）()]{1,40}法$")


def genre_of(doc: Document) -> str:
    """The genre word the title ends in (its short form), or 其他.

    >>> genre_of(_doc("国务院办公厅关于印发某某实施方案的通知"))
    '通知'
    >>> genre_of(_doc("关于加强乡镇政府服务能力建设的实施意见"))
    '意见'
    >>> genre_of(_doc("国务院关于河北雄安新区总体规划（2018—2035年）的批复"))
    '批复'
    >>> genre_of(_doc("上海市土地储备办法"))
    '办法'
    >>> genre_of(_doc("某某条例（2018年修订）"))
    '条例'
    """
    title = _TRAILING_NOTE.sub("", doc.title.strip()).strip()
    for genre in GENRES:
        if title.endswith(genre):
            return _GENRE_GROUP[genre]
    return "其他"


def level_of(doc: Document) -> str:
    """中央, 省级, 市级, 区县 or 乡镇, from the first issuer (else the title's place name).

    >>> level_of(_doc("北京市动物防疫条例", ("北京市人民代表大会常务委员会",)))
    '省级'
    >>> level_of(_doc("关于x的通知", ("国务院办公厅",)))
    '中央'
    """
    name = (doc.issuers[0] if doc.issuers else "") or doc.title
    if _CENTRAL.match(name):
        return "中央"
    if _PROVINCES.match(name):
        return "省级"
    head = re.split(r"(人民政府|人民代表大会|委员会|党委|办公室|办公厅|局|委|厅)", name)[0]
    if re.search(r"(乡|镇|街道)$", head):
        return "乡镇"
    if re.search(r"(区|县|旗)$", head):
        return "区县"
    if re.search(r"(市|州|盟)$", head):
        return "市级"
    return UNKNOWN if doc.issuers else ("中央" if _NATIONAL_LAW.match(doc.title) else UNKNOWN)


def kind_of(doc: Document) -> str:
    """The legal rank, inferred: a 法 of the national legislature is 法律, a 条例 of the State
    Council 行政法规, a 条例 or 规定 of a local 人大 地方性法规, a ministry's or government's
    令 规章; everything else (通知, 意见, 方案 …) 规范性文件.

    >>> kind_of(_doc("中华人民共和国计量法"))
    '法律'
    >>> kind_of(_doc("北京市动物防疫条例", ("北京市人民代表大会常务委员会",)))
    '地方性法规'
    """
    issuers = "、".join(doc.issuers)
    genre = genre_of(doc)
    number = doc.doc_number or ""
    if genre == "法" and (not issuers or "全国人民代表大会" in issuers):
        return "法律"
    if "人民代表大会" in issuers and "全国" not in issuers:
        return "地方性法规"
    state_council = re.match(r"^(中华人民共和国)?国务院(?!办公厅)", issuers)
    if genre in ("条例", "规定", "办法", "细则") and state_council:
        return "行政法规" if "发" not in number else "规范性文件"
    if genre == "条例" and not issuers:
        central = not _PROVINCES.match(doc.title) and level_of(doc) == "中央"
        return "行政法规" if central else "地方性法规"
    if genre in ("办法", "规定", "细则", "规则") and ("令" in number or "令" in issuers):
        return "规章"
    if genre == "条例" and level_of(doc) in ("省级", "市级"):
        return "地方性法规"
    return "规范性文件"


def year_of(doc: Document) -> str:
    return doc.date[:4] if doc.date else UNKNOWN


def issuer_of(doc: Document) -> str:
    return doc.issuers[0] if doc.issuers else UNKNOWN


# name, heading, function, order of groups
FACETS: tuple[tuple[str, str, Callable[[Document], str], Callable[[str], object]], ...] = (
    ("kind", "类别", kind_of, lambda g: KINDS.index(g) if g in KINDS else 99),
    ("genre", "文种", genre_of, lambda g: (g == "其他", g)),
    ("level", "层级", level_of, lambda g: LEVELS.index(g) if g in LEVELS else 99),
    ("year", "年份", year_of, lambda g: (g == UNKNOWN, "-" + g if g != UNKNOWN else g)),
    ("issuer", "发文机关", issuer_of, lambda g: g == UNKNOWN),
)


def group_page(facet: str, group_slug: str, number: int = 1) -> str:
    base = f"documents/{facet}/{group_slug}"
    return f"{base}.md" if number == 1 else f"{base}-p{number}.md"


def group_slugs(groups_of_facet: dict[str, list[Document]]) -> dict[str, str]:
    """A distinct file name per group (两个发文机关 may spell alike in pinyin)."""
    taken: set[str] = set()
    out = {}
    for group in groups_of_facet:
        name = unique(slug(group) or "x", taken)
        taken.add(name)
        out[group] = name
    return out


def groups(library: Library) -> dict[str, dict[str, list[Document]]]:
    """``{facet: {group: documents, newest first}}``, groups in display order."""
    ordered = newest_first(library.documents)
    out: dict[str, dict[str, list[Document]]] = {}
    for facet, _, of, order in FACETS:
        found: dict[str, list[Document]] = defaultdict(list)
        for doc in ordered:
            found[of(doc)].append(doc)
        if facet == "issuer":  # most documents first: the issuers a reader looks for
            names = sorted(found, key=lambda g: (order(g), -len(found[g]), g))
        else:
            names = sorted(found, key=order)  # type: ignore[arg-type]
        out[facet] = {name: found[name] for name in names}
    return out


def render(library: Library) -> Iterator[tuple[str, str]]:
    grouped = groups(library)
    yield paths.DOCUMENTS_INDEX, render_index(library, grouped)
    for facet, heading, _, _ in FACETS:
        slugs = group_slugs(grouped[facet])
        for group, docs in grouped[facet].items():
            yield from _group_pages(library, facet, heading, group, slugs[group], docs)


def render_index(library: Library, grouped: dict[str, dict[str, list[Document]]]) -> str:
    page = paths.DOCUMENTS_INDEX
    count = len(library.documents)
    lines = [
        *markup.front_matter("浏览文件", *markup.SEARCH_EXCLUDED_PAGE),
        "# 浏览文件",
        "",
        f"本库共 {count} 份文件。按类别、文种、层级、年份或发文机关选一组，查看该组的文件；"
        "类别、文种和层级由标题、文号和发文机关推断。",
        "",
    ]
    for facet, heading, _, _ in FACETS:
        lines += [markup.heading(2, heading, f"by-{facet}"), ""]
        slugs = group_slugs(grouped[facet])
        items = [
            "- " + markup.link(inline(group), paths.relative(page, group_page(facet, slugs[group])))
            + f" <span class=\"ps-count\">{len(docs)}</span>"
            for group, docs in grouped[facet].items()
        ]
        lines += ['<div class="ps-facet" markdown>', "", *items, "", "</div>", ""]
    return "\n".join(lines) + "\n"


def _group_pages(
    library: Library, facet: str, heading: str, group: str, group_slug: str, docs: list[Document]
) -> Iterator[tuple[str, str]]:
    chunks = [docs[i : i + PAGE_ROWS] for i in range(0, len(docs), PAGE_ROWS)] or [[]]
    index = site_index(library)
    for number, chunk in enumerate(chunks, 1):
        page = group_page(facet, group_slug, number)
        title = f"{heading}：{group}"
        lines = [
            *markup.front_matter(title, *markup.SEARCH_EXCLUDED_PAGE),
            markup.heading(1, inline(title), "top"),
            "",
            markup.link("← 浏览文件", paths.relative(page, paths.DOCUMENTS_INDEX))
            + f" · 共 {len(docs)} 份",
            "",
        ]
        if len(chunks) > 1:
            lines += [_pager(facet, group_slug, number, len(chunks), page), ""]
        rows = [
            [
                markup.link(inline(doc.title), paths.relative(page, paths.document_page(doc.id))),
                inline(doc.doc_number or "—"),
                "、".join(inline(i) for i in doc.issuers) or "—",
                doc.date or "—",
                str(index.clause_count(doc)),
            ]
            for doc in chunk
        ]
        lines += [
            '<div class="ps-filterable" markdown>',
            "",
            markup.table(["标题", "文号", "发文机关", "成文日期", "条款数"], rows),
            "",
            "</div>",
            "",
        ]
        yield page, "\n".join(lines) + "\n"


def _pager(facet: str, group_slug: str, number: int, total: int, page: str) -> str:
    links = []
    for n in range(1, total + 1):
        if n == number:
            links.append(f"**第 {n} 页**")
        else:
            target = paths.relative(page, group_page(facet, group_slug, n))
            links.append(markup.link(f"第 {n} 页", target))
    return " · ".join(links)


def _doc(title: str, issuers: tuple[str, ...] = ()) -> Document:
    """A bare document for the examples above."""
    from policysite.model import Source

    return Document(id="x", title=title, source=Source("x", "0", "utf-8"), issuers=issuers)
