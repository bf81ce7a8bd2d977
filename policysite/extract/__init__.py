"""Extraction: documents in, the same documents out with ``mentions`` on every node, plus the
entity registry of the whole library.

One path: :func:`extract_library` is the only entry.  It compiles the lexicon once
(:class:`~policysite.extract.rules.Rules`, with the body names editors taught), runs
:func:`node_hits` — the one per-node function — over every node of every document, builds the
registry from the names found, gives each hit its id and applies the editors' curation.

Each extractor is a module with one function ``find(text, rules, hits) -> hits`` that adds what
it finds to the hits found before it; :data:`EXTRACTORS` runs them in order.  A new extractor is a
new module in that list.  Ids come from the registry at the end, so extractors only deal in names.

>>> from policysite.build import read_lexicon
>>> from policysite.model import Document, Node, Source
>>> doc = Document("d", "t", Source("d.txt", "", "utf-8"),
...     body=(Node("c1", "clause", text="市民政局要建立健全容错纠错机制。"),))
>>> docs, registry = extract_library([doc], read_lexicon("data/lexicon"))
>>> [(m.kind, m.id, m.role) for m in docs[0].body[0].mentions]
[('body', 'shi-minzhengju', 'lead'), ('mechanism', 'rongcuo-jiucuo-jizhi', None)]
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Protocol

from policysite.chars import CJK, SENTENCE_STOPS
from policysite.extract import (
    abbreviations,
    bodies,
    citations,
    classes,
    fullnames,
    mechanisms,
    pronouns,
    roles,
    shortrefs,
    terms,
)
from policysite.extract.hit import Hit, longest_first
from policysite.extract.jurisdiction import Place, document_place, is_class, long_form, resolve
from policysite.extract.lexicon import Lexicon, lexicon_from_dict
from policysite.extract.rules import Rules
from policysite.extract.words import boundaries, ends_word, tagged
from policysite.model import Document, Mention, Node
from policysite.registry import (
    Curation,
    Registry,
    apply_curation,
    build_registry,
)

# In order: titles first (nothing inside 《…》 is a body or mechanism), roles last.
EXTRACTORS = [citations, terms, bodies, classes, fullnames, mechanisms, roles]

# 其他 written right before a body belongs to it: 其他企业事业单位 (各 is handled the same way,
# for every body, in ``_placed``).
OTHER_WORDS = ("其他", "其它")

# Levels listed before 两级/三级 and the body they share: 市、区两级财政部门, 市、区、街镇三级网格.
LEVEL_TIERS = re.compile(
    r"(?:(?:省|市|区|县|街镇|乡镇|镇|乡|村)(?:（[县市区乡镇]）)?[、和及])+"
    r"(?:省|市|区|县|街镇|乡镇|镇|乡|村|居)(?:（[县市区乡镇]）)?[两三四]级$")

# A level written before 有关/相关/其他 names a class, not one body (市有关部门, 区相关单位);
# 本 before the level belongs to it (本区有关部门, 本市其他有关部门: its own place's departments).
LEVEL_CLASS = re.compile(
    r"本?(?:[省市区县镇乡]级?)(?:(?:其他|其它)?(?:有关|相关)|行业主管部门$)"
)  # and 市行业主管部门: the competent department of whichever trade, a class too
OWN_PLACE = re.compile(r"本(?:[省市区县镇乡]级?)?$")

# An office or corps inside a department, written right after it: 市生态环境局 + 土壤处, 市公安局 +
# 交通警察总队.
SUBUNIT = re.compile(f"(?<=[局委厅])[{CJK}]{{2,6}}?(?:处(?![理置罚分于长以])|总队|支队|大队)")

# Node fields that carry text, in reading order.
TEXT_FIELDS = ("heading", "text")

__all__ = [
    "EXTRACTORS",
    "Context",
    "Hit",
    "Lexicon",
    "Rules",
    "extract_library",
    "find_hits",
    "lexicon_from_dict",
    "node_hits",
]


@dataclass(frozen=True)
class Context:
    """What extraction knows about the document a node belongs to."""

    own_numbers: frozenset[str] = frozenset()  # the document's own 文号: not a citation of itself
    place: Place | None = None  # where the issuer governs: 市民政局 → 北京市民政局
    own_title: str = ""  # the document's title: a mechanism ending it is the document itself

    @classmethod
    def of(cls, document: Document, rules: Rules) -> Context:
        own: set[str] = set()
        if document.doc_number:
            own = {document.doc_number} | {
                h.name for h in citations.find(document.doc_number, rules)
            }
        return cls(own_numbers=frozenset(own), place=document_place(document, rules),
                   own_title=document.title)


# The hits of one document, by node id and field: what ``node_hits`` found, in every place.
NodeHits = dict[str, dict[str, tuple[Hit, ...]]]


class HitsMemo(Protocol):
    """Hits found before (``build`` keeps them on disk): a document's hits depend only on the
    document, the lexicon, the taught body names and the code, so a library where one source
    changed reads only that one again.  ``taught`` is the body names given to :class:`Rules`."""

    def get(self, document: Document, taught: Mapping[str, tuple[str, str, str]]
            ) -> NodeHits | None: ...

    def put(self, document: Document, taught: Mapping[str, tuple[str, str, str]],
            hits: NodeHits) -> None: ...


def extract_library(
    documents: Iterable[Document],
    lexicon: Lexicon,
    curation: Curation | None = None,
    previous: Registry | None = None,
    memo: HitsMemo | None = None,
) -> tuple[list[Document], Registry]:
    """Mentions for every document and the registry for the whole library.

    ``previous`` is the registry the last run wrote (ids stay stable); ``curation`` the editors'
    changes, applied again on every run.  Curated aliases and names teach the extractor before
    the names are collected (the seed registry); the names found in every document then make the
    final registry, whose ids the mentions take.  ``memo`` holds hits found by an earlier run.
    Pure: the files are read by ``build``.
    """
    documents = list(documents)
    curation = curation or Curation()
    previous = previous or Registry()
    seed = build_registry({}, curation, previous, keep_previous=True)
    taught = seed.body_names()
    found, names = _find_all(documents, lexicon, taught, memo)
    registry = build_registry(names, curation, previous)
    if registry.body_names() != taught:
        # curation named an id the previous registry did not have yet (a first run): now that
        # the ids are known, its aliases are taught and the library is read once more
        found, names = _find_all(documents, lexicon, registry.body_names(), memo)
        registry = build_registry(names, curation, previous)
    extracted = [
        replace(d, body=tuple(_with_mentions(n, by_node, registry) for n in d.body))
        for d, by_node in zip(documents, found, strict=True)
    ]
    curated = [apply_curation(d, registry, curation) for d in extracted]
    return [_issuers_in_full(d, registry) for d in curated], registry


def _issuers_in_full(document: Document, registry: Registry) -> Document:
    """A 落款 that signs in short form (市住房城乡建设管理委、市卫生健康委、市国动办) gives the
    document's issuers as written, when neither its title nor its container names them in full:
    each issuer that is the text of a body mention of the 落款 takes that body's name (上海市卫生
    健康委员会) — the long form extraction resolved it to in the document's place."""
    signed = {m.text: m.id for n in document.walk() if n.kind == "signature"
              for m in n.mentions if m.kind == "body"}
    names = []
    for issuer in document.issuers:
        entry = registry.get("body", signed[issuer]) if issuer in signed else None
        full = entry.name if entry is not None and not entry.is_class else issuer
        names.append(full if len(full) > len(issuer) else issuer)
    if tuple(names) == document.issuers:
        return document
    return replace(document, issuers=tuple(dict.fromkeys(names)))


def _find_all(
    documents: list[Document], lexicon: Lexicon, taught: Mapping[str, tuple[str, str, str]],
    memo: HitsMemo | None = None,
) -> tuple[list[NodeHits], dict[str, dict[str, dict]]]:
    """The hits of every node of every document, and the names they found by kind."""
    names: dict[str, dict[str, dict]] = {"body": {}, "mechanism": {}, "citation": {}, "term": {}}
    found = []
    rules: Rules | None = None  # compiled only when a document is not in the memo
    for document in documents:
        by_node = memo.get(document, taught) if memo is not None else None
        if by_node is None:
            rules = rules or Rules.of(lexicon, taught)
            by_node = _document_hits(document, rules)
            if memo is not None:
                memo.put(document, taught, by_node)
        for hits in by_node.values():
            for field_hits in hits.values():
                _collect_names(field_hits, names, lexicon.official_aliases)
        found.append(by_node)
    for name, attrs in names["body"].items():
        if attrs.get("is_class") and _generic_class(name, lexicon):
            attrs["found"] = "general"  # 有关部门, 各相关单位: no page a reader looks up
    return found, names


def _document_hits(document: Document, rules: Rules) -> NodeHits:
    """The hits of every node of one document, each resolved in the document's place."""
    context = Context.of(document, rules)
    by_node = {node.id: node_hits(node, rules, context) for node in document.walk()}
    by_node = _with_references(document, by_node, rules, context)
    return {node_id: {field: _of_any_place(field_hits, rules.lexicon, context)
                      for field, field_hits in hits.items()}
            for node_id, hits in by_node.items()}


def _generic_class(name: str, lexicon: Lexicon) -> bool:
    """Whether a class is named by class words and a bare head only (有关部门, 各相关单位, 各有关
    主管部门, 同一单位, 其他政府部门, 当地有关机构): it says which bodies only in its sentence, so
    its page is a list of every clause that writes the words (judged "generic" in the samples of
    the 1,000 laws)."""
    words = longest_first((*classes.ANY_WORDS, *lexicon.generic_class_words))
    rest = name
    while word := next((w for w in words if rest.startswith(w) and len(rest) > len(w)), None):
        rest = rest[len(word):]
    return rest != name and (rest in lexicon.class_heads or rest in lexicon.generic_class_heads)


def node_hits(node: Node, rules: Rules, context: Context) -> dict[str, tuple[Hit, ...]]:
    """The hits of one node: ``{field: hits}`` for its heading and text (names, not ids).

    A text copied out of a PDF keeps a space where a line wrapped, inside a word (市 交通委, 建设工
    程安全质量监督总站): the hits are found in the text without those spaces (``unwrapped``) and
    their offsets then point back into the text as written, so a mention's text keeps the space
    and its name does not."""
    out = {}
    for field in TEXT_FIELDS:
        written = getattr(node, field)
        if written:
            text, at = unwrapped(written)
            found = _field_hits(text, rules, context)
            out[field] = found if at is None else tuple(
                _written_at(h, at, written) for h in found)
    return out


def _written_at(hit: Hit, at: list[int], written: str) -> Hit:
    """``hit`` of the unwrapped text, at its offsets in the text as written; a title keeps the
    spaces it is written with (《国家发展改革委 国家能源局关于…》: two issuers, not a wrap)."""
    start, end = at[hit.start], at[hit.end - 1] + 1
    if hit.kind == "citation" and hit.name == "".join(written[start:end].split(" ")):
        return replace(hit, start=start, end=end, name=written[start:end])
    return replace(hit, start=start, end=end)


# A space between two Chinese characters: a line wrap of the PDF the text was copied from.
WRAP_SPACE = re.compile(f"(?<=[{CJK}]) (?=[{CJK}])|(?<=[0-9]) (?=号)")


def unwrapped(text: str) -> tuple[str, list[int] | None]:
    """``text`` without the spaces a PDF's line wraps left between two Chinese characters, and
    for each character of the result its offset in ``text`` (None when no space was removed:
    the offsets are the text's own).

    >>> unwrapped("由市 交通委负责")
    ('由市交通委负责', [0, 1, 3, 4, 5, 6, 7])
    >>> unwrapped("由市交通委负责")
    ('由市交通委负责', None)
    """
    if " " not in text or not WRAP_SPACE.search(text):
        return text, None
    kept = [i for i in range(len(text)) if not (text[i] == " " and WRAP_SPACE.match(text, i))]
    return "".join(text[i] for i in kept), kept


def _field_hits(text: str, rules: Rules, context: Context) -> tuple[Hit, ...]:
    hits = tuple(_written_once(h) for h in _after_predicates(text, find_hits(text, rules), rules))
    each = _each_of_levels(text, hits, rules.lexicon)
    return _outermost(tuple(
        each.get(id(h)) or _placed(h, text, rules, context)
        for h in hits
        if not (h.kind == "citation" and h.name in context.own_numbers)
        and not (h.kind == "citation" and citations.is_form(h.name))
        and not (h.kind == "mechanism" and _own_title(h.name, context.own_title))
        and not (h.kind == "body" and h.name in rules.lexicon.not_bodies)
        and not (h.kind == "body" and h.name.endswith(rules.lexicon.not_body_endings))
        and not (h.kind == "body" and _starts_inside_word(text, h.start, rules))
    ))


# Words a name built from parts holds twice in a row (区房屋管理 + 管理部门, 区交通 + 交通执法机构).
DOUBLED = re.compile(f"([{CJK}]{{2,}})\\1")


def _written_once(hit: Hit) -> Hit:
    """A body whose name was built from parts that share words (a listed item and the list's
    type, a short form's words and the full name), those words written once.

    >>> _written_once(Hit("body", "区房屋管理管理部门", 0, 5)).name
    '区房屋管理部门'
    """
    if hit.kind != "body" or not DOUBLED.search(hit.name):
        return hit
    return replace(hit, name=DOUBLED.sub(r"\1", hit.name))


# The kinds of document a title ends with: a mechanism ending the title is the document itself.
DOCUMENT_KINDS = ("办法", "条例", "规定", "细则", "规则", "意见", "方案")


def _own_title(name: str, title: str) -> bool:
    """Whether a mechanism's name is the document's own title, or its end (a law writing out its
    title: 中华人民共和国考古涉外工作管理办法 in that regulation; 人民武装警察居民身份证申领发放办法
    cut out of 现役军人和人民武装警察居民身份证申领发放办法).

    >>> _own_title("居民身份证申领发放办法", "现役军人和人民武装警察居民身份证申领发放办法")
    True
    >>> _own_title("河长制", "关于全面推行河长制的意见")
    False
    """
    return len(name) >= 4 and name.endswith(DOCUMENT_KINDS) and title.endswith(name)


def _after_predicates(text: str, hits: tuple[Hit, ...], rules: Rules) -> tuple[Hit, ...]:
    """The hits with a body found by its shape right after a modal (``Rules.predicate_modals``)
    cut after its first word, the verb of the clause (应当 + 核验 | 供应单位, 必须 + 严格执行 |
    国务院卫生行政部门); a body that is then a bare head (单位) or nothing (应当 + 精心组织) is
    dropped."""
    lexicon = rules.lexicon
    out = []
    for hit in hits:
        written = text[hit.start : hit.end]
        if (hit.kind != "body" or hit.found != "shape" or hit.name != written
                or not _after_modal(text, hit.start, rules.predicate_modals)):
            out.append(hit)
            continue
        words = [w for w, _ in tagged(written)]
        cut = 1  # the verb, after the adverbs before it (应当 + 及时 + 通知 | 有关单位)
        while cut < len(words) - 1 and words[cut - 1] in lexicon.predicate_adverbs:
            cut += 1
        rest = "".join(words[cut:])
        if len(rest) < 2 or rest in lexicon.class_heads:
            continue
        out.append(replace(hit, name=rest, start=hit.end - len(rest)))
    return tuple(out)


def _after_modal(text: str, start: int, modals: tuple[str, ...]) -> bool:
    """Whether one of ``modals`` (longest first) ends right at ``start``, a word of its own (not
    the 要 of 主要, 需要)."""
    modal = next((m for m in modals if text.endswith(m, 0, start)), None)
    if modal is None:
        return False
    at = start - len(modal)
    window = max(0, at - 4)
    cuts = boundaries(text[window : start + 4])
    return at - window in cuts and start - window in cuts


def _each_of_levels(text: str, hits: tuple[Hit, ...], lexicon: Lexicon) -> dict[int, Hit]:
    """各 before a list of levels sharing one head (各区、县人民政府) makes every item a class of
    that level's bodies (区人民政府, 县人民政府: the 各 is the list's), not the document's own
    district or county: the hits to use instead, by the id of the hit they replace."""
    out: dict[int, Hit] = {}
    bodies = [h for h in hits if h.kind == "body" and h.group >= 0]
    for group in {h.group for h in bodies}:
        items = sorted((h for h in bodies if h.group == group), key=lambda h: h.start)
        if len(items) < 2 or not text.endswith("各", 0, items[0].start) or not all(
                text[h.start : h.end].startswith(tuple(lexicon.level_words)) for h in items):
            continue
        for h in items:
            out[id(h)] = replace(h, is_class=True)
    return out


def _outermost(hits: tuple[Hit, ...]) -> tuple[Hit, ...]:
    """The hits without the bodies another body's span holds once placed (交警总队 of
    市公安局交警总队, which a division written after its bureau joined)."""
    bodies = [h for h in hits if h.kind == "body"]
    return tuple(h for h in hits if h.kind != "body" or not any(
        o.start <= h.start and h.end <= o.end and (o.start, o.end) != (h.start, h.end)
        for o in bodies))


def _subunit(text: str, end: int, rules: Rules) -> re.Match | None:
    """The office or corps written right after a bureau at ``end`` (土壤处, 法规处, 交通警察总队):
    its 处 is no verb's (查处 of 应当依法查处) and no word before it is a modal (可以 of 区民政局
    可以处二百元以下罚款), an adverb (依法), a conjunction or a preposition."""
    unit = SUBUNIT.match(text, end)
    if unit is None:
        return None
    tail = re.search("(?:处|总队|支队|大队)$", unit.group())
    assert tail is not None
    words = tagged(unit.group())
    at = 0
    for word, tag in words:  # the word holding 处: 查处 (a verb) is none, 法规处 or 财务处 is
        if at <= tail.start() < at + len(word) and at < tail.start() and tag.startswith("v"):
            return None
        at += len(word)
    words = tagged(unit.group()[: tail.start()])
    modals = {w for synonyms in rules.lexicon.modals.values() for w in synonyms}
    if any(w in modals or tag.startswith(("d", "c", "p")) for w, tag in words):
        return None
    return unit


def _starts_inside_word(text: str, start: int, rules: Rules) -> bool:
    """Whether ``start`` cuts a word that is never split (城乡 of 住房城乡建设管理委)."""
    return any(
        0 < i < len(w) and text.startswith(w, start - i)
        for w in rules.lexicon.unsplit_words
        for i in range(1, len(w))
    )


def _placed(hit: Hit, text: str, rules: Rules, context: Context) -> Hit:
    """A body as a class (各区政府, with its 各) or resolved to the document's place."""
    if hit.kind != "body":
        return hit
    lexicon = rules.lexicon
    written = text[hit.start : hit.end]
    if hit.start and text[hit.start - 1] == "各" and hit.name == written:
        hit = replace(hit, name="各" + hit.name, start=hit.start - 1)
    members = next((m for m in lexicon.member_suffixes if text.startswith(m, hit.end)), None)
    if members and hit.name == written:  # 区政府各委、办、局: the class of its departments
        return replace(hit, name=hit.name + members, end=hit.end + len(members), is_class=True)
    unit = _subunit(text, hit.end, rules)
    if unit and hit.found != "shape" and hit.name == written:  # 市生态环境局 + 土壤处
        hit = replace(hit, name=hit.name + unit.group(), end=unit.end())
    if hit.start and hit.name == written and (hit.found != "known" or hit.level == "generic"):
        word = next((w for w in OTHER_WORDS if text.endswith(w, 0, hit.start)), None)
        if word:  # 其他企业事业单位: the class word belongs to the name
            hit = replace(hit, name=word + hit.name, start=hit.start - len(word))
    tiers = (LEVEL_TIERS.search(text, max(0, hit.start - 12), hit.start)
             if hit.name == written else None)
    if tiers and tiers.end() == hit.start:  # 市、区两级 + 财政部门: the departments of both levels
        return replace(hit, name=tiers.group() + hit.name, start=tiers.start(), is_class=True)
    city = context.place.city if context.place else None
    if city and hit.name == written and written in lexicon.city_bodies:
        return replace(hit, name=city + written)  # 消防救援总队: the city's own
    own = OWN_PLACE.search(text, 0, hit.start) if hit.name == written else None
    if own and LEVEL_CLASS.match(own.group() + written):  # 本市 + 其他有关部门, 本 + 区有关部门
        return replace(hit, name=own.group() + hit.name, start=own.start(), is_class=True)
    if is_class(hit.name, lexicon) or LEVEL_CLASS.match(hit.name):
        return replace(hit, is_class=True)
    town = _named_town(text, hit, context.place, lexicon) if hit.name == written else None
    if town is not None:  # 华泾 + 镇人民政府, 五里桥 + 街道办事处: one town's own organ
        return replace(hit, name=town[1], start=town[0], found="shape")
    named = _named_place_start(text, hit) if hit.name == written else None
    if named is not None:  # 大同 + 市人民政府: a place the lexicon does not know, named in full
        return replace(hit, name=text[named : hit.start] + long_form(hit.name, lexicon),
                       start=named, found="shape")
    if hit.local:  # 宝山区 + 政府 → 上海市宝山区人民政府
        city = context.place.city if context.place and context.place.city else ""
        if hit.local.startswith(tuple(lexicon.places)):
            city = ""  # 北京经济技术开发区管委会: the area is named with its city already
        return replace(hit, name=city + hit.local + long_form(hit.name[1:], lexicon))
    return replace(hit, name=_in_city(resolve(hit.name, context.place, lexicon), context.place,
                                      lexicon))


def _of_any_place(hits: tuple[Hit, ...], lexicon: Lexicon, context: Context) -> tuple[Hit, ...]:
    """The bodies named by a bare level and an organ that no place resolves, marked as classes
    (县人民政府 in a national law: every county's), once the references of the document are
    tied (a body the text designates or abbreviates is still one body while they are)."""
    return tuple(
        replace(h, is_class=True)
        if (h.kind == "body" and not h.is_class and _any_of_level(h.name, lexicon)
            and resolve(h.name, context.place, lexicon) == h.name)
        else h
        for h in hits)


# Levels that, written bare before an organ no place resolves, name that organ of every place of
# the level (县人民政府, 省人民政府 in a national law; 县征兵办公室 in a city's): a class.
ANY_OF_LEVEL = ("省", "自治区", "直辖市", "设区的市", "市", "区", "县", "自治县", "乡镇")


def _any_of_level(name: str, lexicon: Lexicon) -> bool:
    level = next((w for w in ANY_OF_LEVEL if name.startswith(w) and len(name) > len(w) + 1), None)
    if level is None:
        return False
    rest = name[len(level):]
    return not rest.startswith(tuple(lexicon.relative_not_before.get(level, ()))) and not (
        rest.startswith(("级", "属", "所属", "辖", "区", "县", "内", "外")))


def _own_level(place: Place | None) -> str | None:
    """The level of the document's own place (市 for 上海市, 区 for 上海市青浦区), None for none."""
    if place is None:
        return None
    own = place.local or place.city
    return own[-1] if own and own[-1] in "省市区县" else None


def _in_city(name: str, place: Place | None, lexicon: Lexicon) -> str:
    """A body of the document's own district written without its city gets the city's name, as
    the relative names of the district do (青浦区农村村民建房会审联席会议 in a document of
    上海市青浦区 → 上海市青浦区农村村民建房会审联席会议)."""
    if place is None or not place.city or not place.local or not name.startswith(place.local):
        return name
    return place.city + place.local + long_form(name[len(place.local) :], lexicon)


# One-character levels a place's name ends with (大同市, 左权县, 辽阳镇).
PLACE_LEVELS = "省市县区镇乡"
# Words ending in a level that name no particular place (本市, 城市, 各区 …).
NOT_PLACES = ("本", "全", "该", "各", "城", "市", "地", "社", "辖", "小", "街", "园", "景", "新",
              "老", "省", "县", "区", "外", "内", "所在", "相关", "有关", "下辖", "设区", "涉农")


def _named_place_start(text: str, hit: Hit) -> int | None:
    """Where a place name the lexicon does not know starts, written before a body that starts
    with its level (大同市人民政府, 左权县辽阳镇党委): the words jieba joins to the level or
    tags as a place (ns), each two characters at least; None when there is none."""
    if (hit.start == 0 or hit.found == "shape"
            or not text[hit.start : hit.end].startswith(tuple(PLACE_LEVELS))):
        return None  # only a body built from a level (区域内学校 is no 区 + 域内学校)
    window = max(0, hit.start - 8)
    words = tagged(text[window : hit.start + 1])
    start, pos = None, hit.start + 1
    for i in range(len(words) - 1, -1, -1):
        word, tag = words[i]
        pos -= len(word)
        last = i == len(words) - 1
        if last:  # the word that holds the level character: 大同市
            if len(word) < 3 or word.startswith(NOT_PLACES):
                if not (word == text[hit.start] and i and words[i - 1][1] == "ns"):
                    return start
                continue  # 辽阳 + 镇: jieba cut the level off a place
            start = pos
            continue
        if (tag == "ns" and len(word) >= 2) or (len(word) >= 3 and word[-1] in PLACE_LEVELS
                                                 and not word.startswith(NOT_PLACES)):
            start = pos
            continue
        break
    if start is not None and (start == window and window > 0):
        return None  # the run goes on beyond the window
    return start


# The levels of a town or street, written after its name: 华泾镇人民政府, 五里桥街道办事处.
TOWN_WORDS = ("街道", "镇", "乡")
# jieba's tags of a town's or street's name (华 | 泾, 朱家角, 四川北路); a common noun (试点镇,
# 重点镇, 所在地镇) or a determiner (各镇, 本镇) names no town.
TOWN_NAME_TAGS = ("ns", "nr", "nrt", "nrfg", "nz", "zg")
TOWN_NAME_MAX = 5
ROAD = "路"  # a street is named after a road: 新城 | 路 | 街道
DISTRICT_WORDS = ("区",)  # a county before a town is named in full (左权县辽阳镇)


def _named_town(
    text: str, hit: Hit, place: Place | None, lexicon: Lexicon
) -> tuple[int, str] | None:
    """(where it starts, its name) when the town body ``hit`` (镇人民政府, 街道办事处, 镇党委) is
    written after the town's own name: 华泾镇人民政府, in a document of 上海市徐汇区
    上海市徐汇区华泾镇人民政府; with a district before it (徐汇区华泾镇人民政府), the district of
    the document's city — else None (a place of another level before it, 左权县辽阳镇党委, is
    named in full by :func:`_named_place_start`)."""
    written = text[hit.start : hit.end]
    level = next((w for w in TOWN_WORDS if written.startswith(w)), None)
    if hit.start == 0 or hit.found == "shape" or level is None or written == level:
        return None
    window = max(0, hit.start - TOWN_NAME_MAX - 1)
    words = tagged(text[window : hit.start + len(level)])
    start = hit.start + len(level)
    before = ""
    for i, (word, tag) in enumerate(reversed(words)):
        if i == 0 and word == level:
            start -= len(word)
            continue  # 华泾 | 镇: the level cut off its name
        if ((tag not in TOWN_NAME_TAGS and word != ROAD) or word in lexicon.left_edges
                or hit.start - (start - len(word)) > TOWN_NAME_MAX
                or (i and word.endswith(tuple(PLACE_LEVELS)))
                or (word[: -len(level)] if i == 0 else word) in NOT_PLACES):
            before = word
            break  # 由 | 华泾, 徐汇区 | 华泾: the name starts after a verb or a district
        start -= len(word)
    name = text[start : hit.start]
    if (hit.start - start < 2 or (start == window and window > 0)
            or name.startswith(tuple(lexicon.class_prefixes)) or name.endswith(TOWN_WORDS)):
        return None  # no name, one running on beyond the window, or a class (各乡 | 镇人民政府)
    town = text[start : hit.start] + level + long_form(written[len(level) :], lexicon)
    if before.endswith(tuple(PLACE_LEVELS)) and text.endswith(before, 0, start):
        if not before.endswith(DISTRICT_WORDS) or len(before) < 3:
            return None
        city = place.city if place and place.city else ""
        return start - len(before), city + before + town  # 徐汇区 + 华泾镇人民政府
    if place and place.city and place.local:
        return start, place.city + place.local + town
    return start, town


def _with_references(
    document: Document,
    by_node: dict[str, dict[str, tuple[Hit, ...]]],
    rules: Rules,
    context: Context,
) -> dict[str, dict[str, tuple[Hit, ...]]]:
    """Names written as a reference to a body, mechanism or cited title named elsewhere become its
    mentions: a short form the document defines (…专家评审委员会（以下简称“专家评审委员会”） →
    专家评审委员会 everywhere; 以下简称个人所得税法 → the cited law) and a pronoun for the issuer
    or the addressee (我局, 你区)."""
    by_node, defined, titled, designated = _abbreviations(document, by_node, rules, context)
    referents = pronouns.referents(
        _bodies_named(document.issuers, rules, context),
        _bodies_named(document.addressees, rules, context),
        rules.lexicon,
    )
    bare = pronouns.bare_self(_bodies_named(document.issuers, rules, context),
                              _own_level(context.place))
    tails = _short_references(by_node, defined, rules, context)
    office = pronouns.office_of(
        [(getattr(node, field), hits)
         for node in document.walk() for field, hits in by_node.get(node.id, {}).items()],
        defined)
    if not defined and not referents and not titled and not tails and not bare and not office:
        return by_node
    bare_levels = {word for word in bare if len(word) > 1}  # 市局 (not 局)
    out: dict[str, dict[str, tuple[Hit, ...]]] = {}
    for node in document.walk():
        out[node.id] = {}
        for field, hits in by_node.get(node.id, {}).items():
            text = getattr(node, field)
            hits = tuple(h for h in hits if not (h.kind == "citation" and h.name in titled))
            added: list[Hit] = []
            forms = abbreviations.definitions(text)
            defining = {(d.end - len(d.short), d.end) for d in forms}
            hits = tuple(h for h in hits if h.kind not in DEFINITION_UNCOUNTED or not any(
                a <= h.start and h.end <= b for a, b in defining))  # （以下简称“市交通委”）: the
            # full name before it is the mention, and it carries the short form
            short_of = {d.start: d.short for d in forms}
            hits = tuple(replace(h, alias=short_of[h.end])
                         if h.alias is None and defined.get(short_of.get(h.end, "")) == h else h
                         for h in hits)
            for short, full in defined.items():
                for start in abbreviations.occurrences(text, short):
                    end = start + len(short)
                    if (start, end) in defining and full.kind in DEFINITION_UNCOUNTED:
                        continue
                    its_office = next((h for h in hits if h.kind == "body" and h.start == start
                                       and text[end : h.end] in DEFINED_OFFICES), None)
                    if its_office is not None and full.kind == "body":  # 街道消防委 + 办公室
                        hits = tuple(replace(h, name=full.name + text[end : h.end], alias=None,
                                             is_class=full.is_class) if h is its_office else h
                                     for h in hits)
                        continue
                    if any(h.start <= start and end <= h.end and h.end - h.start > len(short)
                           for h in hits if h.kind in ("body", "mechanism", "citation")):
                        continue  # inside a longer name (the full name itself)
                    if short in designated and full in hits:
                        continue  # the designation itself: the body is named there already
                    short_office = _office_after(text, start, end, full, rules.lexicon)
                    added.append(
                        replace(full, start=start, end=end, role=None, modal=None, alias=short)
                        if short_office is None else short_office)
                if short in designated:  # 市、区综合杆管理部门: its 市 is the designated body
                    for start in abbreviations.level_list_occurrences(text, short):
                        if not any(h.overlaps(start, start + 1) for h in (*hits, *added)):
                            added.append(replace(full, start=start, end=start + 1, role=None,
                                                 modal=None, alias=short))
            for short, full in tails.items():
                for start in shortrefs.occurrences(text, short, rules.lexicon):
                    end = start + len(short)
                    if any(a <= start and end <= b for a, b in defining):
                        continue  # 管委会 of （以下简称市公积金管委会）: the definition names none
                    if any(h.overlaps(start, end) for h in added) or any(
                        h.overlaps(start, end) and (h.start < start or h.end > end or (
                            h.end - h.start == len(short) and h.name != text[h.start : h.end]))
                        for h in hits if h.kind in ("body", "mechanism", "citation", "term")
                    ):
                        continue  # across a name's edge, or the same words already resolved
                        # (a shorter name inside it gives way: 常务委员会 of 常务委员会主任会议)
                    short_office = _office_after(text, start, end, full, rules.lexicon)
                    added.append(replace(full, start=start, end=end, role=None, modal=None,
                                         group=-1) if short_office is None else short_office)
            for start, end, body in (*pronouns.occurrences(text, referents, rules.lexicon),
                                     *pronouns.bare_occurrences(text, bare, rules.lexicon),
                                     *(pronouns.office_occurrences(text, office) if office
                                       else ())):
                if (text[start : start + 2] in bare_levels  # 市局 + 特种设备安全监察处: the
                        and not any(h.start < start or h.end > end  # issuer's name wins
                                    for h in (*hits, *added) if h.overlaps(start, end))):
                    hits = tuple(h for h in hits if not h.overlaps(start, end))
                if not any(h.overlaps(start, end) for h in (*hits, *added)):
                    added.append(replace(body, start=start, end=end, role=None, modal=None,
                                         group=-1))
            if added:
                kept = [h for h in hits if not any(h.overlaps(a.start, a.end) for a in added)]
                top = max((h.group for h in kept), default=-1)
                added = [replace(a, group=top + 1 + i) for i, a in enumerate(added)]
                hits = roles.find(text, rules, tuple(sorted((*kept, *added),
                                                           key=lambda h: (h.start, h.end))))
            out[node.id][field] = hits
    return out


def _short_references(
    by_node: dict[str, dict[str, tuple[Hit, ...]]],
    defined: dict[str, Hit],
    rules: Rules,
    context: Context,
) -> dict[str, Hit]:
    """The tails of the names of the document's bodies that refer to one of them (常务委员会 →
    上海市人民代表大会常务委员会), each with a hit of the full name; the document's own short
    forms (以下简称) take precedence."""
    named: dict[str, Hit] = {}
    for fields in by_node.values():
        for hits in fields.values():
            for h in hits:
                if h.kind == "body" and not h.is_class and h.alias is None:
                    named.setdefault(h.name, h)
    place = context.place
    places = tuple(p for p in (place.prefix("local"), place.prefix("city")) if p) if place else ()
    forms = shortrefs.short_forms(named, rules.lexicon, places)
    return {short: named[full] for short, full in forms.items() if short not in defined}


def _abbreviations(
    document: Document,
    by_node: dict[str, dict[str, tuple[Hit, ...]]],
    rules: Rules,
    context: Context,
) -> tuple[dict[str, dict[str, tuple[Hit, ...]]], dict[str, Hit], set[str], set[str]]:
    """The short forms ``document`` defines, each with the hit of its full name; and the short
    forms written as a title whose full name was not found (以下简称《名录》): those are no
    cited documents.  A full name the hits do not hold whole is made whole first: a list of
    departments that is one body (上海市绿化市容、林业和城管执法部门, short form 市绿化市容部门)
    or a body named with the place the sentence gives it (各街道设立消防安全委员会, short form
    街道消防委 → 街道消防安全委员会); ``by_node`` comes back with those hits.  Last, the short
    forms of a body designated to a role (:func:`_designated`)."""
    defined: dict[str, Hit] = {}
    designated: set[str] = set()
    titled: set[str] = set()
    out = dict(by_node)
    for node in document.walk():
        fields = dict(out.get(node.id, {}))
        for field, hits in fields.items():
            text = getattr(node, field)
            for d in abbreviations.definitions(text):
                designation = _designated(text, d, hits)
                if designation is not None:  # X是本市…的管理部门（以下简称Z）: Z is X
                    designee, inside = designation
                    hits = tuple(h for h in hits if h not in inside)
                    fields[field] = hits
                    if d.short not in defined:
                        defined[d.short] = designee
                        designated.add(d.short)
                    continue
                if d.short.startswith(classes.CLASS_WORDS):
                    continue  # 城管等相关部门（以下简称相关部门）: the class, not its last item
                full = next(
                    (h for h in hits if h.kind in ("body", "mechanism", "citation")
                     and _ends_at(text, h, d.start) and h.end - h.start > len(d.short)
                     and abbreviations.shortens(d.short, text[h.start : h.end])),
                    None,
                )
                if full is None:
                    whole = _whole_full_name(text, d, hits, rules, context)
                    if whole is not None:
                        full, replaced = whole
                        hits = tuple(sorted((*(h for h in hits if h not in replaced), full),
                                            key=lambda h: (h.start, h.end)))
                        fields[field] = hits
                if full is None and _names_listed(text, d, hits, rules):
                    # 街道办事处、镇人民政府以及…（以下简称“区域管理单位”）: a class of its own
                    full = Hit("body", d.short, d.start, d.start, level="generic", type="单位",
                               is_class=True, found="shape")
                bare = d.short.strip("《》")  # 以下简称《名录》: the words inside the marks
                short = bare if full and full.kind == "citation" else d.short
                if full is not None and short not in defined:
                    defined[short] = full
                elif full is None and d.short.startswith("《"):
                    titled.add(bare)
        out[node.id] = fields
    return out, defined, titled, designated


# What may stand between a body and the role it is designated to (X是…的管理部门): no clause's
# punctuation, and not too far.
DESIGNATION_MAX = 40
# 是 right after the body or after an aside in brackets
# (市城市综合管理事务中心（市地下管线监察事务中心）是).
IS_AFTER_ASIDE = re.compile(r"(?:[（(][^）)]{1,30}[）)])?是")


def _designated(
    text: str, d: abbreviations.Definition, hits: tuple[Hit, ...]
) -> tuple[Hit, list[Hit]] | None:
    """The body a definition names when the sentence designates it to a role (市住房城乡建设管理委
    是本市综合杆设施的行政管理部门（以下简称“市综合杆管理部门”）: the short form is the
    commission, not a department of its own), with the hits inside the role's words, which name
    no body; a class before 是 designates no one body (区照明管理机构是该区…管理机构)."""
    designee, role_start = None, 0
    for h in hits:
        is_ = IS_AFTER_ASIDE.match(text, h.end) if h.kind == "body" else None
        if (is_ and is_.end() < d.start and d.start - is_.end() <= DESIGNATION_MAX
                and not any(c in text[is_.end() : d.start] for c in NAME_RUN_STOPS + "（(")
                and "的" in text[is_.end() : d.start]):
            designee, role_start = h, is_.end()
    if designee is None or designee.is_class:
        return None
    inside = [h for h in hits if role_start <= h.start and h.end <= d.end]
    return designee, inside


# The office of a body named by its defined short form: 街道消防委办公室 → 街道消防安全委员会办公室.
DEFINED_OFFICES = ("办公室", "秘书处", "办")


def _office_after(text: str, start: int, end: int, full: Hit, lexicon: Lexicon) -> Hit | None:
    """The office of the body ``full`` when its short form, written from ``start`` to ``end``, is
    followed by the word of an office (领导小组 + 办公室 → 上海市…领导小组办公室), else None."""
    if full.kind != "body" or full.is_class:
        return None
    word = next((w for w in DEFINED_OFFICES if text.startswith(w, end)), None)
    if word is None:
        return None
    after = end + len(word)
    if not ends_word(text, after) or text[after : after + 1] in lexicon.type_not_before.get(
            word, ()):
        return None  # 领导小组办理 …: a verb, not an office
    return replace(full, name=full.name + word, start=start, end=after, role=None, modal=None,
                   alias=None, group=-1, found="shape", type="部门")


# What a class's describing clause ends with before its head (受委托办理…业务的 | 银行), the words
# it may start after (由 | 受委托…), and how long it may be.
DESCRIBED = "的"
CLAUSE_OPENERS = ("由", "对", "向", "经", "凡")
# Words that make the stretch before a head a sentence or a list, not a name (基金会分为 | 面向…的
# 基金会; 举办 | …投资的企业; …的企业事业单位和个体工商户).
CLAUSE_VERBS = frozenset(("分为", "是", "为", "包括", "举办", "指定", "设立", "申请"))
CLAUSE_LISTS = frozenset(("和", "及", "与", "或", "或者", "以及"))
DESCRIBED_MAX = 30


def _described_class(text: str, d: abbreviations.Definition,
                     hits: tuple[Hit, ...]) -> tuple[Hit, list[Hit]] | None:
    """A class named by a describing clause, which its short form abbreviates: 受委托办理住房公积金
    金融业务的银行（以下简称受托银行）is one class, the whole clause its name (from the clause's
    start, after 由, 对 …; a short one, with a 的 and no list in it)."""
    head = next((h for h in hits if h.kind == "body" and h.end == d.start and h.is_class
                 and not abbreviations.shortens(d.short, h.name)), None)
    if head is None:
        return None
    start = max((text.rfind(c, 0, head.start) for c in NAME_RUN_STOPS), default=-1) + 1
    start += next((len(w) for w in CLAUSE_OPENERS if text.startswith(w, start)), 0)
    clause = text[start : d.start]
    if (DESCRIBED not in text[start : head.start] or len(clause) > DESCRIBED_MAX
            or "、" in clause or not abbreviations.shortens(d.short, clause)):
        return None  # 经营者定价由从事商品生产、销售…的企业: no name, a list
    words = [w for w, _ in tagged(clause)]
    after_described = words[words.index(DESCRIBED):] if DESCRIBED in words else words
    if any(w in CLAUSE_VERBS for w in words) or any(w in CLAUSE_LISTS for w in after_described):
        return None  # 基金会分为…的基金会, …的企业事业单位和个体工商户: a sentence or a list
    replaced = [h for h in hits if h.kind == "body" and start <= h.start and h.end <= d.start]
    return replace(head, name=text[start : d.start], start=start, found="shape"), replaced


# Where a name written before a definition cannot start: a clause's punctuation.
NAME_RUN_STOPS = "，。；：,;:"
# What joins the departments of one body written as a list (绿化市容、林业和城管执法部门).
NAME_LIST_JOINS = ("、", "和")


def _whole_full_name(
    text: str, d: abbreviations.Definition, hits: tuple[Hit, ...], rules: Rules,
    context: Context,
) -> tuple[Hit, list[Hit]] | None:
    """The body a definition abbreviates when no hit holds its full name whole, with the hits it
    takes the place of: a run of departments before one type, from a place or level the short
    form starts with (上海市绿化市容、林业和城管执法部门 for 市绿化市容部门; 区（县）绿化市容、
    林业和城管执法部门 for 区县绿化市容部门), or the body ending at the definition with a place
    word the clause wrote before it and the short form starts with (各街道设立消防安全委员会 +
    街道消防委)."""
    if len(d.short) < 3:
        return None
    last = next((h for h in hits if h.kind == "body" and h.end == d.start
                 and not h.is_class), None)
    if last is None:
        return _described_class(text, d, hits)
    lexicon = rules.lexicon
    run = max((text.rfind(c, 0, last.start) for c in NAME_RUN_STOPS), default=-1) + 1
    run = max(run, max((h.end for h in hits if h.end <= last.start
                        and text[h.end : h.end + 1] == "）"), default=0))
    starts = [p for p in range(run, last.start)
              if abbreviations.shortens(d.short, text[p : d.start])]
    start = starts[-1] if starts else None
    prefixes = longest_first(tuple(lexicon.relative_prefixes))
    if start is not None and any(j in text[start : last.start] for j in NAME_LIST_JOINS) and (
            text.startswith(prefixes, start)):
        place = next((p for p in longest_first(lexicon.places) if text.endswith(p, run, start)),
                     "")
        start -= len(place)
        written = text[start : d.start]
        name = written if place else resolve(written, context.place, lexicon)
        level_only = not place and name == written  # 区（县）… in a city's text: every district's
        replaced = [h for h in hits if h.kind == "body" and start <= h.start and h.end <= d.start]
        return replace(last, name=name, start=start, is_class=level_only, found="shape",
                       group=-1), replaced
    if abbreviations.shortens(d.short, text[last.start : last.end]):
        return None
    for size in range(len(d.short) - 2, 1, -1):
        word, rest = d.short[:size], d.short[size:]
        if (abbreviations.shortens(rest, text[last.start : last.end])
                and word in text[run : last.start] and not last.name.startswith(word)):
            return _written_once(replace(last, name=word + last.name, found="shape")), [last]
    return None


# How far before its definition the last body of a list a short form names may end.
LISTED_MAX = 30


def _names_listed(text: str, d: abbreviations.Definition, hits: tuple[Hit, ...],
                  rules: Rules) -> bool:
    """Whether a short form named by a class head (区域管理单位) stands for the bodies listed right
    before it in the same sentence (街道办事处、镇人民政府以及…的管理局（以下简称…）)."""
    short = d.short
    if (not short.endswith(tuple(rules.lexicon.class_heads)) or len(short) < 4
            or any(j in short for j in ("、", "和", "及", "或"))
            or tagged(short)[0][0] in rules.lexicon.relative_prefixes):
        return False  # 机关、单位: a list itself; 市…主管部门: a name its place resolves
    sentence_start = max(text.rfind(c, 0, d.start) for c in SENTENCE_STOPS) + 1
    listed = [h for h in hits if h.kind == "body" and sentence_start <= h.start
              and h.end <= d.start and d.start - h.end <= LISTED_MAX * 2]
    return len(listed) >= 2 and d.start - listed[-1].end <= LISTED_MAX


def _ends_at(text: str, hit: Hit, pos: int) -> bool:
    """Whether ``hit`` ends at ``pos``, a cited title with its closing 》."""
    return hit.end == pos or (hit.kind == "citation" and text[hit.end : pos] == "》")


def _bodies_named(texts: Iterable[str], rules: Rules, context: Context) -> list[Hit]:
    """The bodies named in metadata lines (the issuers, the addressees), placed as in the text."""
    out: list[Hit] = []
    for text in texts:
        node = Node("meta", "clause", text=text)
        out.extend(h for h in node_hits(node, rules, context).get("text", ()) if h.kind == "body")
    return out


def find_hits(text: str, rules: Rules) -> tuple[Hit, ...]:
    """Run every extractor over one string."""
    hits: tuple[Hit, ...] = ()
    for extractor in EXTRACTORS:
        hits = extractor.find(text, rules, hits)
    return tuple(sorted(hits, key=lambda h: (h.start, h.end, h.kind)))


def _with_mentions(
    node: Node, by_node: Mapping[str, Mapping[str, tuple[Hit, ...]]], registry: Registry
) -> Node:
    hits = by_node.get(node.id, {})
    mentions = tuple(
        _mention(hit, registry, field, getattr(node, field))
        for field in TEXT_FIELDS
        for hit in hits.get(field, ())
    )
    children = tuple(_with_mentions(c, by_node, registry) for c in node.children)
    return replace(node, mentions=mentions, children=children)


# How a name was found, strongest first (the entity keeps the strongest of its mentions).
FOUND = ("known", "stem", "shape", "general")
# Kinds whose short form is no mention of its own where it is defined, right after the full name
# (readers of every gold set count the full name there, once).
DEFINITION_UNCOUNTED = ("body", "mechanism", "citation")


def _collect_names(hits: Iterable[Hit], names: dict[str, dict[str, dict]],
                   official: Mapping[str, str]) -> None:
    """Add each hit's name, with its attributes, to ``names`` (``{kind: {name: attrs}}``):
    how it was found (the strongest way of any mention), how many mentions it has, and its
    official long form as an alias (财政部: 中华人民共和国财政部)."""
    for hit in hits:
        attrs = names[hit.kind].setdefault(hit.name, {})
        attrs["mentions"] = attrs.get("mentions", 0) + 1
        if hit.alias:
            attrs.setdefault("short_forms", set()).add(hit.alias)
        if hit.kind == "body" and hit.name in official:
            attrs["aliases"] = {official[hit.name]}
        best = attrs.get("found", hit.found)
        attrs["found"] = min(best, hit.found, key=FOUND.index)
        if hit.kind == "body":
            attrs.update(level=hit.level, type=hit.type, is_class=hit.is_class)
        if hit.kind == "citation" and hit.issuer:
            attrs["issuer"] = hit.issuer


def _mention(hit: Hit, registry: Registry, field: str, text: str) -> Mention:
    owner = registry.id_for("body", hit.owner) if hit.owner else None
    return Mention(
        kind=hit.kind,
        id=registry.id_for(hit.kind, hit.name),
        text=text[hit.start : hit.end],
        start=hit.start,
        end=hit.end,
        field=field,
        role=hit.role if hit.kind == "body" else None,
        modal=hit.modal,
        owner=owner,
    )
