"""A page per responsible body, mechanism and cited document; their index pages; the glossary."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator

from policysite.library import Library, display_heading
from policysite.model import ROLES
from policysite.occurrences import Occurrence, SiteIndex, site_index
from policysite.pages import markup, paths
from policysite.pages.labels import ROLE_LABELS
from policysite.pages.markup import inline

ROLE_ORDER = ROLES  # the model's order: lead, support, oversight, target, mention
LEVEL_ORDER = ("中央", "省", "市", "区", "县", "乡镇", "村", "generic")
LEVEL_LABELS = {"generic": "泛指（各级、有关部门等）"}
SEARCH_BOOST = 1.5  # entity pages rank above clauses when their name is searched


def render(library: Library) -> Iterator[tuple[str, str]]:
    if library.registry is None:
        return
    occurrences = site_index(library)
    for kind in ("body", "mechanism", "citation"):
        entries = _visible(library, kind)
        for entry in entries:
            page = paths.entity_page(kind, entry.id)
            yield page, _RENDER[kind](entry, occurrences, library, page)
        yield paths.entity_index(kind), _INDEX[kind](entries, occurrences)
    yield paths.GLOSSARY, render_glossary(_visible(library, "term"), occurrences)


def _visible(library: Library, kind: str):
    return [e for e in library.registry.of_kind(kind) if not e.suppressed and not e.merged_into]


# -- bodies ------------------------------------------------------------------------------------
def render_body(entry, occurrences: SiteIndex, library: Library, page: str) -> str:
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
    for doc, rows in _by_document(found):
        lines += [markup.heading(3, inline(doc.title), f"doc-{doc.id}", searchable=False), ""]
        table_rows = []
        for occ in sorted(rows, key=lambda o: (ROLE_ORDER.index(o.mention.role or "mention"),)):
            table_rows.append(
                [
                    markup.link(inline(occ.label), paths.clause_link(page, doc.id, occ.anchor)),
                    ROLE_LABELS.get(occ.mention.role or "mention", "提及"),
                    inline(occ.mention.modal or "—"),
                    _quote(occ),
                ]
            )
        lines += [markup.table(["条款", "角色", "强度", "原文"], table_rows), ""]

    mechanisms = occurrences.mechanisms_of_body(entry.id)
    lines += [markup.heading(2, "负责的机制与制度", "mechanisms", searchable=False), ""]
    lines += _entity_list(
        mechanisms, library, "mechanism", page, empty="没有找到由这一主体牵头或配合的机制。"
    )
    partners = occurrences.partners_of_body(entry.id)
    lines += [markup.heading(2, "协同的主体", "partners", searchable=False), ""]
    lines += _entity_list(partners, library, "body", page, empty="没有与其他主体同条出现。")
    return "\n".join(lines) + "\n"


def render_body_index(entries, occurrences: SiteIndex) -> str:
    def row(entry, link: str) -> list[str]:
        found = occurrences.of("body", entry.id)
        leads = sum(1 for o in found if o.mention.role == "lead")
        return [link, inline(entry.type or "—"), str(len(found)), str(leads)]

    def level_heading(level: str) -> str:
        return LEVEL_LABELS.get(level, f"{level}级")

    return _index_page(
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
def render_mechanism(entry, occurrences: SiteIndex, library: Library, page: str) -> str:
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
    for occ in found:
        modal = f"（{occ.mention.modal}）" if occ.mention.modal else ""
        link = markup.link(
            inline(f"{occ.document.title} · {occ.label}"),
            paths.clause_link(page, occ.document.id, occ.anchor),
        )
        lines += [f"- {_quote(occ)}{modal} —— {link}"]
    lines.append("")

    owners: Counter = Counter()
    for occ in found:
        if occ.mention.owner:
            owners[occ.mention.owner] += 1
    owners.update(occurrences.runners_of_mechanism(entry.id))
    lines += [markup.heading(2, "由谁建立和运行", "owners", searchable=False), ""]
    lines += _entity_list(owners, library, "body", page, empty="文件没有写明由哪个主体负责。")
    return "\n".join(lines) + "\n"


def render_mechanism_index(entries, occurrences: SiteIndex) -> str:
    suffixes = _suffixes(occurrences.library)
    order = {k: i for i, k in enumerate(_kind_label(s) for s in suffixes)}
    def row(entry, link: str) -> list[str]:
        return [link, str(len(occurrences.of("mechanism", entry.id)))]

    return _index_page(
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
def render_citation(entry, occurrences: SiteIndex, library: Library, page: str) -> str:
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
    for occ in found:
        link = markup.link(
            inline(f"{occ.document.title} · {occ.label}"),
            paths.clause_link(page, occ.document.id, occ.anchor),
        )
        lines += [f"- {link}：{_quote(occ)}"]
    lines.append("")
    return "\n".join(lines) + "\n"


def render_citation_index(entries, occurrences: SiteIndex) -> str:
    page = paths.entity_index("citation")
    lines = [
        *_front("引用文件", searchable=False),
        "# 引用文件",
        "",
        "本库文件引用的法律、法规、文件和文号。",
        "",
    ]
    rows = []
    for entry in sorted(entries, key=lambda e: e.name):
        target = occurrences.cited_document(entry.key)
        rows.append(
            [
                markup.link(
                    inline(entry.name),
                    paths.relative(page, paths.entity_page("citation", entry.id)),
                ),
                inline(entry.issuer or "—"),
                "已收录" if target else "未收录",
                str(len(occurrences.of("citation", entry.id))),
            ]
        )
    lines += [markup.table(["文件", "发文机关", "本库", "被引用"], rows), ""]
    return "\n".join(lines) + "\n"


# -- glossary ----------------------------------------------------------------------------------
def render_glossary(entries, occurrences: SiteIndex) -> str:
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


def _index_page(
    kind, title, intro, entries, *, group, heading, anchor, group_order, entry_order, columns, row
) -> str:
    """An index of entities of ``kind``: one heading and table per group, one row per entity."""
    page = paths.entity_index(kind)
    groups: dict[str, list] = defaultdict(list)
    for entry in entries:
        groups[group(entry)].append(entry)
    lines = [*_front(title, searchable=False), f"# {title}", "", intro, ""]
    for name in sorted(groups, key=group_order):
        lines += [markup.heading(2, inline(heading(name)), f"{anchor}-{_ascii(name)}"), ""]
        rows = [
            row(e, markup.link(inline(e.name), paths.relative(page, paths.entity_page(kind, e.id))))
            for e in sorted(groups[name], key=entry_order)
        ]
        lines += [markup.table(columns, rows), ""]
    return "\n".join(lines) + "\n"


def _front(title: str, boost: bool = False, searchable: bool = True) -> list[str]:
    extra = ["search:", f"  boost: {SEARCH_BOOST}"] if boost else []
    if not searchable:
        extra += markup.SEARCH_EXCLUDED_PAGE
    return markup.front_matter(title, *extra)


def _searchable_intro(entry) -> list[str]:
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
}


def _appearances(found: list[Occurrence]) -> str:
    clauses = len({(o.document.id, o.clause.id) for o in found})
    return f"{clauses} 个条款，{len({o.document.id for o in found})} 份文件"


def _provenance(entry) -> str:
    if entry.provenance == "curated":
        return "编辑添加"
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
            inline(entry.name), paths.relative(page, paths.entity_page(kind, entry.id))
        )
        items.append(f"- {link}（{n} 处）")
    return [*(items or [empty]), ""]


def _suffixes(library: Library) -> tuple[str, ...]:
    """The mechanism suffixes of ``data/lexicon/mechanisms.yml`` (the extractor's own list)."""
    lexicon = library.settings.get("lexicon") or {}
    return tuple(str(s) for s in (lexicon.get("mechanisms") or {}).get("suffixes") or ())


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
    found = [s for s in suffixes if name.endswith(s)]
    if not found:
        return "其他"
    return _kind_label(max(found, key=len))


def _ascii(text: str) -> str:
    from policysite.slug import slug

    return slug(text) or "x"


__all__ = ["display_heading", "render"]
