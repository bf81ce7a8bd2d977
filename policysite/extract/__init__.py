"""Extraction: a document tree in, the same tree out with ``mentions`` on every node.

Each extractor is a module with one function ``find(text, lexicon, hits, known) -> hits`` that
adds what it finds to the hits found before it; :data:`EXTRACTORS` runs them in order.  A new
extractor is a new module in that list.  Ids come from the registry at the end, so extractors
only deal in names.

>>> from policysite.extract.lexicon import load_lexicon
>>> from policysite.registry import Registry
>>> [(m.kind, m.id, m.role) for m in find_mentions("市民政局要建立健全容错纠错机制。",
...     load_lexicon("data/lexicon"), Registry())]
[('body', 'shi-minzhengju', 'lead'), ('mechanism', 'rongcuo-jiucuo-jizhi', None)]
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from policysite.extract import bodies, citations, mechanisms, roles, terms
from policysite.extract.cache import per_object
from policysite.extract.hit import Hit
from policysite.extract.lexicon import Lexicon, lexicon_from_dict, load_lexicon
from policysite.model import Document, Mention, Node
from policysite.registry import Registry

# In order: titles first (nothing inside 《…》 is a body or mechanism), roles last.
EXTRACTORS = [citations, terms, bodies, mechanisms, roles]

# Node fields that carry text, in reading order.
TEXT_FIELDS = ("heading", "text")

__all__ = [
    "EXTRACTORS",
    "Hit",
    "Lexicon",
    "extract",
    "extract_names",
    "find_hits",
    "find_mentions",
    "lexicon_from_dict",
    "load_lexicon",
    "merge_names",
]


def extract(document: Document, lexicon: Lexicon, registry: Registry) -> Document:
    """The document with ``mentions`` filled on every node that has a heading or text.

    Pure: no file I/O.  Ids come from ``registry`` (a name or alias it knows), else from the
    name's slug.  The document's own 文号 is not a citation of itself.
    """
    own = _own_numbers(document, lexicon)
    return replace(document, body=tuple(_node(n, lexicon, registry, own) for n in document.body))


def find_mentions(
    text: str, lexicon: Lexicon, registry: Registry, field: str = "text"
) -> list[Mention]:
    """The mentions in one string (``field`` is recorded on each mention)."""
    return [_mention(h, registry, field, text) for h in find_hits(text, lexicon, registry)]


def find_hits(text: str, lexicon: Lexicon, registry: Registry | None = None) -> tuple[Hit, ...]:
    """Run every extractor over ``text``; the hits carry names, not ids."""
    known = _taught(registry) if registry is not None else {}
    hits: tuple[Hit, ...] = ()
    for extractor in EXTRACTORS:
        hits = extractor.find(text, lexicon, hits, known)
    return tuple(sorted(hits, key=lambda h: (h.start, h.end, h.kind)))


def extract_names(
    document: Document, lexicon: Lexicon, registry: Registry | None = None
) -> dict[str, dict[str, dict]]:
    """Every entity name the document mentions: ``{kind: {name: attributes}}``.

    Attributes are ``level``/``type`` for bodies, ``issuer`` for citations.  Feed the names of all
    documents (:func:`merge_names`) to :func:`policysite.registry.build_registry`.
    """
    names: dict[str, dict[str, dict]] = {"body": {}, "mechanism": {}, "citation": {}, "term": {}}
    own = _own_numbers(document, lexicon)
    for node in document.walk():
        for field in TEXT_FIELDS:
            text = getattr(node, field)
            if not text:
                continue
            _collect_names(
                (h for h in find_hits(text, lexicon, registry)
                 if not (h.kind == "citation" and h.name in own)),
                names,
            )
    return names


def extract_all(
    documents: Iterable[Document], lexicon: Lexicon, teach: Registry, build
) -> tuple[list[Document], Registry]:
    """Extract a whole library in one pass over the text.

    Hits are found once per node with ``teach`` (the registry of curated names that the
    extractor should know); ``build(names)`` turns the names found in every document into the
    final registry, whose ids the mentions then take.  Same result as :func:`extract_names`
    followed by :func:`extract`, at half the cost.
    """
    documents = list(documents)
    found: list[dict[tuple[str, str], tuple[Hit, ...]]] = []
    names: dict[str, dict[str, dict]] = {"body": {}, "mechanism": {}, "citation": {}, "term": {}}
    for document in documents:
        own = _own_numbers(document, lexicon)
        hits_by_node: dict[tuple[str, str], tuple[Hit, ...]] = {}
        for node in document.walk():
            for field in TEXT_FIELDS:
                text = getattr(node, field)
                if not text:
                    continue
                hits = tuple(h for h in find_hits(text, lexicon, teach)
                             if not (h.kind == "citation" and h.name in own))
                hits_by_node[(node.id, field)] = hits
                _collect_names(hits, names)
        found.append(hits_by_node)
    registry = build(names)

    def with_mentions(node: Node, hits_by_node) -> Node:
        mentions = tuple(
            _mention(hit, registry, field, getattr(node, field))
            for field in TEXT_FIELDS
            for hit in hits_by_node.get((node.id, field), ())
        )
        children = tuple(with_mentions(c, hits_by_node) for c in node.children)
        return replace(node, mentions=mentions, children=children)

    extracted = [
        replace(d, body=tuple(with_mentions(n, hits) for n in d.body))
        for d, hits in zip(documents, found, strict=True)
    ]
    return extracted, registry


def merge_names(maps: Iterable[dict[str, dict[str, dict]]]) -> dict[str, dict[str, dict]]:
    """Merge the results of :func:`extract_names` for several documents."""
    out: dict[str, dict[str, dict]] = {}
    for names in maps:
        for kind, entries in names.items():
            for name, attrs in entries.items():
                out.setdefault(kind, {}).setdefault(name, {}).update(attrs)
    return out


@per_object
def _taught(registry: Registry) -> dict[str, tuple[str, str, str]]:
    """``registry.body_names()``, once per registry (a registry never changes)."""
    return registry.body_names()


def _collect_names(hits: Iterable[Hit], names: dict[str, dict[str, dict]]) -> None:
    """Add each hit's name, with its attributes, to ``names`` (``{kind: {name: attrs}}``)."""
    for hit in hits:
        attrs = names[hit.kind].setdefault(hit.name, {})
        if hit.kind == "body":
            attrs.update(level=hit.level, type=hit.type)
        if hit.kind == "citation" and hit.issuer:
            attrs["issuer"] = hit.issuer


def _own_numbers(document: Document, lexicon: Lexicon) -> set[str]:
    """The document's own 文号, spelt as the citation extractor spells it."""
    if not document.doc_number:
        return set()
    return {document.doc_number} | {h.name for h in citations.find(document.doc_number, lexicon)}


def _node(node: Node, lexicon: Lexicon, registry: Registry, own: set[str]) -> Node:
    mentions: list[Mention] = []
    for field in TEXT_FIELDS:
        text = getattr(node, field)
        if not text:
            continue
        for hit in find_hits(text, lexicon, registry):
            if hit.kind == "citation" and hit.name in own:
                continue
            mentions.append(_mention(hit, registry, field, text))
    children = tuple(_node(c, lexicon, registry, own) for c in node.children)
    return replace(node, mentions=tuple(mentions), children=children)


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
