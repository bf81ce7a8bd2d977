"""The site index: every mention in the library, indexed once per build for all page generators.

:func:`site_index` builds a :class:`SiteIndex` from a :class:`~policysite.library.Library` (and
returns the same one while the library is the same object), so the document pages, entity
pages, glossary, 任务分工表 and any new page module read one index instead of scanning the
documents again.  What it holds, each computed in one pass:

- occurrences by entity (``of``) and by node (``in_node``), each with its sentence cut once;
- co-mentions: entities named in the same sentence as another (``co_mentioned``);
- owners: the mechanisms a body owns by name (乡镇政府服务绩效考核评价体系, ``owned_by``);
- citations: library documents a citation names, and the clauses citing each (``citing``);
- per-document facts the index pages show (``clause_count``).

No generator needs to scan every occurrence for one entity: each lookup is a dictionary read.

Pure: built from a :class:`~policysite.library.Library` in memory.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property

from policysite.library import Library, display_heading
from policysite.model import HEADED_KINDS, Document, Mention, Node
from policysite.text import full_width_parens, sentence

# Co-mention rules of the entity pages: which roles count on each side (None: any role).
#  body → mechanisms it leads or supports; body → partner bodies (any role);
#  mechanism → bodies that lead, support or oversee it.
BODY_MECHANISM_ROLES = ("lead", "support")
MECHANISM_RUNNER_ROLES = ("lead", "support", "oversight")


@dataclass(frozen=True)
class Occurrence:
    document: Document
    node: Node
    clause: Node  # the nearest ancestor-or-self with a heading: what the reader sees as the clause
    mention: Mention
    sentence: str = field(default="", compare=False)  # the sentence around the mention

    @property
    def anchor(self) -> str:
        """The id to link to: the node's own, or for a title line the heading it is shown as."""
        if self.node.kind == "title":
            return self.clause.id if self.clause is not self.node else "title"
        return self.node.id

    @property
    def label(self) -> str:
        """How the reader finds the place: the clause heading, plus 段 for a paragraph in it."""
        label = display_heading(self.clause)
        if self.node is not self.clause and self.node.kind in ("paragraph",):
            label += f" 第{self.node.id.rsplit('-', 1)[-1].lstrip('pk')}段"
        elif self.clause.kind in ("preamble", "closing", "paragraph"):
            label = {"preamble": "导语", "closing": "结语", "paragraph": "正文"}[self.clause.kind]
        return label


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence of ``text`` holding ``text[start:end]`` (split at 。！？；).

    >>> sentence_around("建立机制。由市民政局牵头；区政府配合。", 7, 10)
    '由市民政局牵头；'
    """
    return sentence(text, start, end).strip()


class SiteIndex:
    """Every mention in the library, grouped by entity, by node and by sentence; built once."""

    def __init__(self, library: Library):
        self.library = library
        self._by_entity: dict[tuple[str, str], list[Occurrence]] = defaultdict(list)
        self._by_node: dict[tuple[str, str], list[Occurrence]] = defaultdict(list)
        self._co: dict[tuple[str, str, str], Counter] = defaultdict(Counter)
        for doc in library.documents:
            for node, clause in _walk_with_clause(doc.body, None):
                if not node.mentions:
                    continue
                here = [
                    Occurrence(
                        doc, node, clause, m, sentence_around(getattr(node, m.field) or "",
                                                              m.start, m.end)
                    )
                    for m in node.mentions
                ]
                for occ in here:
                    self._by_entity[(occ.mention.kind, occ.mention.id)].append(occ)
                self._by_node[(doc.id, node.id)] = here
                self._count_co_mentions(here)
        self._owned: dict[str, list[str]] = defaultdict(list)
        for mechanism_id in self.entity_ids("mechanism"):
            for occ in self.of("mechanism", mechanism_id):
                if occ.mention.owner:
                    self._owned[occ.mention.owner].append(mechanism_id)

    def _count_co_mentions(self, here: list[Occurrence]) -> None:
        """Pairs named in one sentence of one node, counted once per ordered pair of mentions."""
        by_sentence: dict[str, list[Occurrence]] = defaultdict(list)
        for occ in here:
            by_sentence[occ.sentence].append(occ)
        for occ in here:
            a = occ.mention
            for other in by_sentence[occ.sentence]:
                b = other.mention
                pair = (a.kind, b.kind)
                if pair == ("body", "mechanism") and (a.role or "mention") in BODY_MECHANISM_ROLES:
                    self._co[("body-mechanism", a.kind, a.id)][b.id] += 1
                elif pair == ("body", "body") and b.id != a.id:
                    self._co[("body-partner", a.kind, a.id)][b.id] += 1
                elif pair == ("mechanism", "body") and (
                    (b.role or "mention") in MECHANISM_RUNNER_ROLES
                ):
                    self._co[("mechanism-runner", a.kind, a.id)][b.id] += 1

    # -- lookups ---------------------------------------------------------------------------
    def of(self, kind: str, entity_id: str) -> list[Occurrence]:
        """Every occurrence of one entity, in library order (documents, then reading order)."""
        return self._by_entity.get((kind, entity_id), [])

    def in_node(self, doc: Document, node: Node) -> list[Occurrence]:
        return self._by_node.get((doc.id, node.id), [])

    def entity_ids(self, kind: str) -> list[str]:
        return sorted({i for k, i in self._by_entity if k == kind})

    def mechanisms_of_body(self, body_id: str) -> Counter:
        """Mechanisms named in a sentence where the body leads or supports, then those it owns."""
        counts = Counter(self._co.get(("body-mechanism", "body", body_id), Counter()))
        for mechanism_id in self._owned.get(body_id, []):
            counts[mechanism_id] += 1
        return counts

    def partners_of_body(self, body_id: str) -> Counter:
        """Other bodies named in the same sentence as this one."""
        return Counter(self._co.get(("body-partner", "body", body_id), Counter()))

    def runners_of_mechanism(self, mechanism_id: str) -> Counter:
        """Bodies that lead, support or oversee in a sentence naming the mechanism."""
        return Counter(self._co.get(("mechanism-runner", "mechanism", mechanism_id), Counter()))

    def owned_by(self, body_id: str) -> list[str]:
        """Mechanism ids whose name carries this body as owner (once per occurrence)."""
        return list(self._owned.get(body_id, []))

    # -- documents -------------------------------------------------------------------------
    @cached_property
    def documents_by_title(self) -> dict[str, Document]:
        out: dict[str, Document] = {}
        for doc in self.library.documents:
            out[_normal_title(doc.title)] = doc
            for node in doc.walk():
                if node.kind == "attachment" and node.title:
                    out.setdefault(_normal_title(node.title), doc)
        return out

    @cached_property
    def _documents_by_number(self) -> dict[str, Document]:
        out: dict[str, Document] = {}
        for doc in self.library.documents:
            if doc.doc_number:
                out.setdefault(_normal_title(doc.doc_number), doc)
        return out

    def cited_document(self, name: str) -> Document | None:
        """The library document a citation names (by title or by 文号), if it is in the library."""
        key = _normal_title(name)
        return self.documents_by_title.get(key) or self._documents_by_number.get(key)

    @cached_property
    def _citing(self) -> dict[str, list[Occurrence]]:
        out: dict[str, list[Occurrence]] = defaultdict(list)
        registry = self.library.registry
        if registry is None:
            return out
        for entry in registry.of_kind("citation"):
            if entry.suppressed:
                continue
            target = self.cited_document(entry.key)
            if target is None:
                continue
            out[target.id].extend(
                o for o in self.of("citation", entry.id) if o.document is not target
            )
        return out

    def citing(self, doc: Document) -> list[Occurrence]:
        """The clauses of other library documents that cite ``doc`` (by title or 文号)."""
        return self._citing.get(doc.id, [])

    @cached_property
    def _clause_counts(self) -> dict[str, int]:
        return {d.id: self.library.clause_count(d) for d in self.library.documents}

    def clause_count(self, doc: Document) -> int:
        return self._clause_counts[doc.id]

    @cached_property
    def documents_by_id(self) -> dict[str, Document]:
        return {d.id: d for d in self.library.documents}


# Kept for modules written against the first version of this index.
Occurrences = SiteIndex

_LAST: list[tuple[Library, SiteIndex]] = []


def site_index(library: Library) -> SiteIndex:
    """The index of ``library``, built on the first call and shared by every later one."""
    if _LAST and _LAST[0][0] is library:
        return _LAST[0][1]
    index = SiteIndex(library)
    _LAST[:] = [(library, index)]
    return index


def _walk_with_clause(nodes, clause: Node | None) -> Iterator[tuple[Node, Node]]:
    for node in nodes:
        here = node if (node.kind in HEADED_KINDS or clause is None) else clause
        yield node, here
        yield from _walk_with_clause(node.children, here if node.kind in HEADED_KINDS else clause)


def _normal_title(text: str) -> str:
    return full_width_parens("".join(c for c in text if c not in "《》〈〉 \u3000"))
