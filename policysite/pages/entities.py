"""A page per responsible body, mechanism and cited document; their index pages; the glossary."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from policysite.library import Library, display_heading
from policysite.model import ROLES, Document
from policysite.occurrences import Occurrence, SiteIndex, site_index
from policysite.pages import markup, paths
from policysite.pages.labels import ROLE_LABELS
from policysite.pages.markup import inline

if TYPE_CHECKING:
    from policysite.registry import Entry

ROLE_ORDER = ROLES  # the model's order: lead, support, oversight, target, mention
LEVEL_ORDER = ("中央", "省", "市", "区", "县", "乡镇", "村", "generic")
LEVEL_LABELS = {"generic": "泛指（各级、有关部门等）"}
SEARCH_BOOST = 1.5  # entity pages rank above clauses when their name is searched

# What becomes a page (README, "Large libraries"): every entity while its kind has at most
# ALL_PAGES_UP_TO entities in the library; past that, only an entity named in two clauses or
# more, or one an editor curated.  The others are a row on their kind's index page (anchored by
# id, with the clause they appear in), so 1,000 documents do not make 5,000 single-mention pages.
ALL_PAGES_UP_TO = 1000
# A page lists at most this many occurrences (whole documents at a time); the rest continue on
# -p2, -p3 … pages.  Each document's occurrences fold into a <details> block with a count, open
# when the page shows at most OPEN_UP_TO documents.
PAGE_OCCURRENCES = 200
OPEN_UP_TO = 3
# An index of more than INDEX_ROWS entities lists its groups with counts; each group's table is
# a page of its own (at most INDEX_ROWS rows a page), so no index page grows with the library.
INDEX_ROWS = 400


def render(library: Library) -> Iterator[tuple[str, str]]:
    if library.registry is None:
        return
    occurrences = site_index(library)
    for kind in ("body", "mechanism", "citation"):
        entries = _visible(library, kind)
        for entry in entries:
            if not has_page(library, kind, entry.id):
                continue
            page = paths.entity_page(kind, entry.id)
            _MORE.clear()
            yield page, _RENDER[kind](entry, occurrences, library, page)
            yield from _MORE
        yield from _index_pages(library, kind, _INDEX[kind](entries, occurrences))
    yield paths.GLOSSARY, render_glossary(_visible(library, "term"), occurrences)


def _visible(library: Library, kind: str) -> list[Entry]:
    if library.registry is None:
        return []
    return [e for e in library.registry.of_kind(kind) if not e.suppressed and not e.merged_into]


def has_page(library: Library, kind: str, entity_id: str) -> bool:
    """Whether an entity has a page of its own (see :data:`ALL_PAGES_UP_TO`); terms never do."""
    return entity_id in _with_pages(library, kind)


def entity_link(library: Library, kind: str, entity_id: str) -> str:
    """Where a mention links: the entity's page, or its row on the index page."""
    if kind == "term" or has_page(library, kind, entity_id):
        return paths.entity_page(kind, entity_id)
    return f"{row_page(library, kind, entity_id)}#{entity_id}"


_PAGES_CACHE: list = []


def _with_pages(library: Library, kind: str) -> set[str]:
    if not (_PAGES_CACHE and _PAGES_CACHE[0] is library):
        _PAGES_CACHE[:] = [library, {}]
    cache = _PAGES_CACHE[1]
    if kind not in cache:
        if kind == "term" or library.registry is None:
            cache[kind] = set()
        else:
            entries = _visible(library, kind)
            index = site_index(library)
            if len(entries) <= ALL_PAGES_UP_TO:
                cache[kind] = {e.id for e in entries}
            else:
                cache[kind] = {
                    e.id
                    for e in entries
                    if e.curated
                    or e.provenance == "curated"
                    or _clauses(index.of(kind, e.id)) >= 2
                }
    return cache[kind]


def _clauses(found: list[Occurrence]) -> int:
    return len({(o.document.id, o.clause.id) for o in found})



# Continuation pages of the entity page being rendered (filled by _listing).
_MORE: list[tuple[str, str]] = []


def _listing(entry: Entry, kind: str, found: list[Occurrence], page: str, rows) -> list[str]:
    """The occurrences of an entity grouped by document, folded, split past a size.

    ``rows(doc, occurrences, page)`` gives the Markdown lines of one document's occurrences.
    Returns the lines for the entity page; continuation pages go to :data:`_MORE`.
    """
    groups = list(_by_document(found))
    chunks: list[list] = [[]]
    size = 0
    for doc, occs in groups:
        if chunks[-1] and size + len(occs) > PAGE_OCCURRENCES:
            chunks.append([])
            size = 0
        chunks[-1].append((doc, occs))
        size += len(occs)
    pages = [page] + [_more_page(kind, entry.id, n) for n in range(2, len(chunks) + 1)]
    out: list[str] = []
    for number, (chunk, here) in enumerate(zip(chunks, pages, strict=True), 1):
        lines: list[str] = []
        if len(chunks) > 1:
            lines += [_pager(pages, number, here), ""]
        for doc, occs in chunk:
            opened = " open" if len(chunk) <= OPEN_UP_TO else ""
            lines += [
                f'<details class="ps-doc" id="doc-{doc.id}" markdown{opened}>',
                f"<summary>{inline(doc.title)}（{len(occs)} 处）</summary>",
                "",
                *rows(doc, occs, here),
                "",
                "</details>",
                "",
            ]
        if number == 1:
            out = lines
        else:
            title = f"{entry.name}（第 {number} 页）"
            head = [
                *_front(title, searchable=False),
                markup.heading(1, inline(title), "top"),
                "",
                markup.link(f"← {inline(entry.name)}", paths.relative(here, page)),
                "",
            ]
            _MORE.append((here, "\n".join(head + lines) + "\n"))
    return out


def _more_page(kind: str, entity_id: str, number: int) -> str:
    return paths.entity_page(kind, entity_id).removesuffix(".md") + f"-p{number}.md"


def _pager(pages: list[str], number: int, here: str) -> str:
    links = [
        f"**第 {n} 页**" if n == number else markup.link(f"第 {n} 页", paths.relative(here, p))
        for n, p in enumerate(pages, 1)
    ]
    return "本页分 " + str(len(pages)) + " 页：" + " · ".join(links)


# -- bodies ------------------------------------------------------------------------------------
def render_body(entry: Entry, occurrences: SiteIndex, library: Library, page: str) -> str:
    found = occurrences.of("body", entry.id)
    lines = [*_front(entry.name, boost=True), markup.heading(1, inline(entry.name), "top"), ""]
    facts = [
        ("层级", LEVEL_LABELS.get(entry.level or "generic", entry.level or "—")),
        ("类型", inline(entry.type or "—")),
    ]
    facts.append(("出现", _appearances(found)))
    facts.append(("来源", _provenance(entry)))
    lines += [markup.unsearchable(_facts(facts)), ""]
    lines += _searchable_intro(entry)
    roles = Counter(o.mention.role or "mention" for o in found)
    if roles:
        summary = "，".join(f"{ROLE_LABELS[r]} {roles[r]} 处" for r in ROLE_ORDER if roles[r])
        lines += [markup.unsearchable(f"在本库中：{summary}。"), ""]

    lines += [markup.heading(2, "责任清单", "duties", searchable=False), ""]
    if not found:
        lines += ["本库文件中没有提到这一主体。", ""]
    lines += _listing(entry, "body", found, page, _duty_rows)

    mechanisms = occurrences.mechanisms_of_body(entry.id)
    lines += [markup.heading(2, "负责的机制与制度", "mechanisms", searchable=False), ""]
    lines += _entity_list(
        mechanisms, library, "mechanism", page, empty="没有找到由这一主体牵头或配合的机制。"
    )
    partners = occurrences.partners_of_body(entry.id)
    lines += [markup.heading(2, "协同的主体", "partners", searchable=False), ""]
    lines += _entity_list(partners, library, "body", page, empty="没有与其他主体同条出现。")
    return "\n".join(lines) + "\n"


def _duty_rows(doc: Document, occs: list[Occurrence], page: str) -> list[str]:
    table_rows = []
    for occ in sorted(occs, key=lambda o: (ROLE_ORDER.index(o.mention.role or "mention"),)):
        table_rows.append(
            [
                markup.link(inline(occ.label), paths.clause_link(page, doc.id, occ.anchor)),
                ROLE_LABELS.get(occ.mention.role or "mention", "提及"),
                inline(occ.mention.modal or "—"),
                _quote(occ),
            ]
        )
    return [markup.table(["条款", "角色", "强度", "原文"], table_rows)]


def _requirement_rows(doc: Document, occs: list[Occurrence], page: str) -> list[str]:
    out = []
    for occ in occs:
        modal = f"（{occ.mention.modal}）" if occ.mention.modal else ""
        link = markup.link(inline(occ.label), paths.clause_link(page, doc.id, occ.anchor))
        out.append(f"- {_quote(occ)}{modal} —— {link}")
    return out


def _citing_rows(doc: Document, occs: list[Occurrence], page: str) -> list[str]:
    return [
        f"- {markup.link(inline(occ.label), paths.clause_link(page, doc.id, occ.anchor))}："
        f"{_quote(occ)}"
        for occ in occs
    ]


def render_body_index(entries: list[Entry], occurrences: SiteIndex) -> _IndexSpec:
    def row(entry, link: str) -> list[str]:
        found = occurrences.of("body", entry.id)
        leads = sum(1 for o in found if o.mention.role == "lead")
        return [link, inline(entry.type or "—"), str(len(found)), str(leads)]

    def level_heading(level: str) -> str:
        return LEVEL_LABELS.get(level, f"{level}级")

    return _IndexSpec(
        "body",
        "责任主体",
        "按层级列出本库文件提到的党政机关、部门和组织；点击查看其责任清单。",
        entries,
        group=lambda e: e.level or "generic",
        heading=level_heading,
        anchor="level",
        group_order=lambda g: LEVEL_ORDER.index(g) if g in LEVEL_ORDER else 99,
        entry_order=lambda e: -len(occurrences.of("body", e.id)),
        columns=["主体", "类型", "提及", "牵头"],
        row=row,
    )


# -- mechanisms --------------------------------------------------------------------------------
def render_mechanism(entry: Entry, occurrences: SiteIndex, library: Library, page: str) -> str:
    found = occurrences.of("mechanism", entry.id)
    lines = [*_front(entry.name, boost=True), markup.heading(1, inline(entry.name), "top"), ""]
    facts = [("类别", _mechanism_kind(entry.name, _suffixes(library)))]
    facts.append(("出现", _appearances(found)))
    facts.append(("来源", _provenance(entry)))
    lines += [markup.unsearchable(_facts(facts)), ""]
    lines += _searchable_intro(entry)

    lines += [markup.heading(2, "文件的要求", "requirements", searchable=False), ""]
    if not found:
        lines += ["本库文件中没有提到这一机制。", ""]
    lines += _listing(entry, "mechanism", found, page, _requirement_rows)

    owners: Counter = Counter()
    for occ in found:
        if occ.mention.owner:
            owners[occ.mention.owner] += 1
    owners.update(occurrences.runners_of_mechanism(entry.id))
    lines += [markup.heading(2, "由谁建立和运行", "owners", searchable=False), ""]
    lines += _entity_list(owners, library, "body", page, empty="文件没有写明由哪个主体负责。")
    return "\n".join(lines) + "\n"


def render_mechanism_index(entries: list[Entry], occurrences: SiteIndex) -> _IndexSpec:
    suffixes = _suffixes(occurrences.library)
    order = {k: i for i, k in enumerate(_kind_label(s) for s in suffixes)}
    def row(entry, link: str) -> list[str]:
        return [link, str(len(occurrences.of("mechanism", entry.id)))]

    return _IndexSpec(
        "mechanism",
        "机制与制度",
        "本库文件要求建立、健全或落实的机制、制度、体系和清单，按类别列出。",
        entries,
        group=lambda e: _mechanism_kind(e.name, suffixes),
        heading=lambda kind: kind,
        anchor="kind",
        group_order=lambda k: order.get(k, len(order)),
        entry_order=lambda e: e.name,
        columns=["名称", "提及"],
        row=row,
    )


# -- cited documents ---------------------------------------------------------------------------
def render_citation(entry: Entry, occurrences: SiteIndex, library: Library, page: str) -> str:
    found = occurrences.of("citation", entry.id)
    lines = [*_front(entry.name, boost=True), markup.heading(1, inline(entry.name), "top"), ""]
    target = occurrences.cited_document(entry.key) or occurrences.cited_document(entry.name)
    facts = []
    if entry.issuer:
        facts.append(("发文机关", inline(entry.issuer)))
    if target is not None:
        facts.append(
            (
                "本库收录",
                markup.link(
                    inline(target.title), paths.relative(page, paths.document_page(target.id))
                ),
            )
        )
    else:
        facts.append(("本库收录", "未收录（不在本库中）"))
    lines += [markup.unsearchable(_facts(facts)), ""]
    lines += _searchable_intro(entry)
    lines += [markup.heading(2, "引用这份文件的条款", "cited-by", searchable=False), ""]
    lines += _listing(entry, "citation", found, page, _citing_rows)
    return "\n".join(lines) + "\n"


def render_citation_index(entries: list[Entry], occurrences: SiteIndex) -> _IndexSpec:
    def row(entry, link: str) -> list[str]:
        target = occurrences.cited_document(entry.key)
        return [
            link,
            inline(entry.issuer or "—"),
            "已收录" if target else "未收录",
            str(len(occurrences.of("citation", entry.id))),
        ]

    return _IndexSpec(
        "citation",
        "引用文件",
        "本库文件引用的法律、法规、文件和文号。",
        entries,
        group=lambda e: "",  # one table, by name
        heading=lambda name: "全部",
        anchor="all",
        group_order=lambda name: 0,
        entry_order=lambda e: e.name,
        columns=["文件", "发文机关", "本库", "被引用"],
        row=row,
    )


# -- glossary ----------------------------------------------------------------------------------
def render_glossary(entries: list[Entry], occurrences: SiteIndex) -> str:
    page = paths.GLOSSARY
    lines = [
        *_front("术语表"),
        "# 术语表",
        "",
        "文件中加引号的专门说法及其含义；在条文中把鼠标停在术语上也能看到释义。",
        "",
    ]
    for entry in sorted(entries, key=lambda e: e.name):
        lines += [markup.heading(2, inline(entry.name), entry.id), ""]
        lines += [
            inline(entry.definition)
            if entry.definition
            else "（暂无释义，可在 `data/curation/terms.yml` 中补充。）",
            "",
        ]
        if entry.aliases:
            lines += ["别名：" + "、".join(inline(a) for a in entry.aliases), ""]
        for occ in occurrences.of("term", entry.id):
            link = markup.link(
                inline(f"{occ.document.title} · {occ.label}"),
                paths.clause_link(page, occ.document.id, occ.anchor),
            )
            lines.append(f"- {link}")
        lines.append("")
    return "\n".join(lines) + "\n"


# -- shared ------------------------------------------------------------------------------------
_RENDER = {"body": render_body, "mechanism": render_mechanism, "citation": render_citation}
_INDEX = {
    "body": render_body_index,
    "mechanism": render_mechanism_index,
    "citation": render_citation_index,
}


@dataclass
class _IndexSpec:
    """How an index page of entities of ``kind`` is grouped, ordered and tabled."""

    kind: str
    title: str
    intro: str
    entries: list
    group: Callable
    heading: Callable
    anchor: str
    group_order: Callable
    entry_order: Callable
    columns: list[str]
    row: Callable


@dataclass
class _Layout:
    """Where each group's rows are: on the index page, or past INDEX_ROWS on pages of their own."""

    split: bool
    groups: list[tuple[str, list, list[str]]]  # (group, entries in order, pages of its rows)
    row_page: dict[str, str]  # entity id → page whose table holds its row


def _layout(spec: _IndexSpec) -> _Layout:
    index = paths.entity_index(spec.kind)
    grouped: dict[str, list] = defaultdict(list)
    for entry in spec.entries:
        grouped[spec.group(entry)].append(entry)
    split = len(spec.entries) > INDEX_ROWS
    groups, row_page = [], {}
    folder = index.rsplit("/", 1)[0]
    for name in sorted(grouped, key=spec.group_order):
        members = sorted(grouped[name], key=spec.entry_order)
        chunks = [members[i : i + INDEX_ROWS] for i in range(0, len(members), INDEX_ROWS)]
        base = f"{folder}/{spec.anchor}-{_ascii(name) if name else 'all'}"
        pages = (
            [f"{base}.md" if n == 1 else f"{base}-p{n}.md" for n in range(1, len(chunks) + 1)]
            if split else [index]
        )
        for chunk, page in zip(chunks, pages if split else [index] * len(chunks), strict=True):
            for entry in chunk:
                row_page[entry.id] = page
        groups.append((name, members, pages))
    return _Layout(split, groups, row_page)


_LAYOUTS: list = []


def _layout_of(library: Library, kind: str) -> _Layout:
    if not (_LAYOUTS and _LAYOUTS[0] is library):
        _LAYOUTS[:] = [library, {}]
    cache = _LAYOUTS[1]
    if kind not in cache:
        cache[kind] = _layout(_INDEX[kind](_visible(library, kind), site_index(library)))
    return cache[kind]


def row_page(library: Library, kind: str, entity_id: str) -> str:
    """The index page (or group page of a large index) that holds an entity's row."""
    return _layout_of(library, kind).row_page.get(entity_id, paths.entity_index(kind))


def _index_pages(library: Library, kind: str, spec: _IndexSpec) -> Iterator[tuple[str, str]]:
    """The index of entities of ``kind``: one heading and table per group, one row per entity;
    past INDEX_ROWS entities, the index lists the groups and each group has its own pages."""
    layout = _layout_of(library, kind)
    index = site_index(library)
    page = paths.entity_index(kind)
    lines = [*_front(spec.title, searchable=False), f"# {spec.title}", "", spec.intro, ""]
    if not layout.split:
        for name, members, _ in layout.groups:
            if name:
                lines += [markup.heading(2, inline(spec.heading(name)),
                                         f"{spec.anchor}-{_ascii(name)}"), ""]
            rows = [spec.row(e, _name_cell(index, kind, e, page)) for e in members]
            lines += [markup.table(spec.columns, rows), ""]
        yield page, "\n".join(lines) + "\n"
        return
    lines += [f"共 {len(spec.entries)} 个，按组分页列出：", ""]
    for name, members, pages in layout.groups:
        label = spec.heading(name) if name else spec.title
        links = " · ".join(
            markup.link(f"第 {n} 页", paths.relative(page, p)) for n, p in enumerate(pages, 1)
        )
        first = markup.link(inline(label), paths.relative(page, pages[0]))
        lines.append(f"- {first}（{len(members)} 个）" + (f"：{links}" if len(pages) > 1 else ""))
    lines.append("")
    yield page, "\n".join(lines) + "\n"
    for name, members, pages in layout.groups:
        label = spec.heading(name) if name else spec.title
        for number, here in enumerate(pages, 1):
            chunk = members[(number - 1) * INDEX_ROWS : number * INDEX_ROWS]
            title = f"{spec.title}：{label}" + (f"（第 {number} 页）" if len(pages) > 1 else "")
            body = [
                *_front(title, searchable=False),
                markup.heading(1, inline(title), "top"),
                "",
                markup.link(f"← {spec.title}", paths.relative(here, page))
                + f" · 本组共 {len(members)} 个",
                "",
            ]
            if len(pages) > 1:
                body += [_pager(pages, number, here), ""]
            rows = [spec.row(e, _name_cell(index, kind, e, here)) for e in chunk]
            body += [markup.table(spec.columns, rows), ""]
            yield here, "\n".join(body) + "\n"


def _name_cell(index: SiteIndex, kind: str, entry: Entry, page: str) -> str:
    """The entity's name linking to its page; without a page, the name anchored here and the
    clause (or first clause) it appears in."""
    if has_page(index.library, kind, entry.id):
        target = paths.relative(page, paths.entity_page(kind, entry.id))
        return markup.link(inline(entry.name), target)
    found = index.of(kind, entry.id)
    cell = f'<span id="{entry.id}"></span>{inline(entry.name)}'
    if found:
        occ = found[0]
        where = markup.link(
            inline(f"{occ.document.title} · {occ.label}"),
            paths.clause_link(page, occ.document.id, occ.anchor),
        )
        cell += f"（见 {where}）"
    return cell


def _front(title: str, boost: bool = False, searchable: bool = True) -> list[str]:
    extra = ["search:", f"  boost: {SEARCH_BOOST}"] if boost else []
    if not searchable:
        extra += markup.SEARCH_EXCLUDED_PAGE
    return markup.front_matter(title, *extra)


def _searchable_intro(entry: Entry) -> list[str]:
    """What search should find an entity page by: its name, aliases and description only."""
    lines = []
    if entry.aliases:
        lines += ["又称：" + "、".join(inline(a) for a in entry.aliases), ""]
    if entry.description:
        lines += [inline(entry.description), ""]
    return lines


def _facts(facts: list[tuple[str, str]]) -> str:
    return markup.facts(facts)


CURATED_FIELD_LABELS = {
    "name": "名称",
    "aliases": "别名",
    "description": "说明",
    "definition": "释义",
    "level": "层级",
    "type": "类型",
    "issuer": "发文机关",
    "merge_into": "合并",
    "suppress": "屏蔽",
    "accepted": "编辑确认",
}


def _appearances(found: list[Occurrence]) -> str:
    clauses = len({(o.document.id, o.clause.id) for o in found})
    return f"{clauses} 个条款，{len({o.document.id for o in found})} 份文件"


def _provenance(entry: Entry) -> str:
    if entry.provenance == "curated":
        return "编辑添加"
    if entry.curated == ("accepted",):
        return "自动抽取，编辑确认"
    if entry.curated:
        fields = "、".join(CURATED_FIELD_LABELS.get(f, f) for f in entry.curated)
        return f"自动抽取，编辑修订（{inline(fields)}）"
    return "自动抽取"


def _quote(occ: Occurrence) -> str:
    sentence = occ.sentence
    if len(sentence) > 90:
        start = max(0, occ.mention.start - 30)
        sentence = ("…" if start else "") + sentence[start : start + 90] + "…"
    return inline(sentence)


def _by_document(found: list[Occurrence]):
    groups: dict[str, list[Occurrence]] = {}
    docs = {}
    for occ in found:
        groups.setdefault(occ.document.id, []).append(occ)
        docs[occ.document.id] = occ.document
    for doc_id, rows in groups.items():
        yield docs[doc_id], rows


def _entity_list(counts: Counter, library: Library, kind: str, page: str, empty: str) -> list[str]:
    items = []
    for entity_id, n in counts.most_common():
        entry = library.entity(kind, entity_id)
        if entry is None or entry.suppressed or entry.merged_into:
            continue
        link = markup.link(
            inline(entry.name), paths.relative(page, entity_link(library, kind, entry.id))
        )
        items.append(f"- {link}（{n} 处）")
    return [*(items or [empty]), ""]


def _suffixes(library: Library) -> tuple[str, ...]:
    """The mechanism suffixes of ``data/lexicon/mechanisms.yml`` (the extractor's own list)."""
    return library.lexicon.mechanism_suffixes if library.lexicon else ()


def _kind_label(suffix: str) -> str:
    """The group a suffix is listed under: 责任制, 承诺制 … share one group."""
    return "责任制等（…制）" if len(suffix) >= 3 and suffix.endswith("制") else suffix


def _mechanism_kind(name: str, suffixes: tuple[str, ...]) -> str:
    """The category of a mechanism: the longest lexicon suffix its name ends with.

    >>> _mechanism_kind("河长制", ("机制", "责任制", "河长制"))
    '责任制等（…制）'
    >>> _mechanism_kind("容错纠错机制", ("机制", "制度"))
    '机制'
    """
    if not suffixes:  # a library built without its lexicon: the name's last two characters
        return _kind_label(name[-2:]) if len(name) > 2 else "其他"
    found = [s for s in suffixes if name.endswith(s)]
    if not found:
        return "其他"
    return _kind_label(max(found, key=len))


def _ascii(text: str) -> str:
    from policysite.slug import slug

    return slug(text) or "x"


__all__ = ["display_heading", "render"]
