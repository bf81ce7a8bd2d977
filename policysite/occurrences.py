"""Where each entity is mentioned: the index the entity pages, the glossary and the 任务分工表 read.

Pure: built from a :class:`~policysite.library.Library` in memory.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

from policysite import chars
from policysite.library import Library, display_heading
from policysite.model import HEADED_KINDS, Document, Mention, Node


@dataclass(frozen=True)
class Occurrence:
    document: Document
    node: Node
    clause: Node  # the nearest ancestor-or-self with a heading: what the reader sees as the clause
    mention: Mention

    @property
    def anchor(self) -> str:
        """The id to link to: the node's own, or for a title line the heading it is shown as."""
        if self.node.kind == "title":
            return self.clause.id if self.clause is not self.node else "title"
        return self.node.id

    @property
    def sentence(self) -> str:
        """The sentence around the mention (split at 。！？；)."""
        text = getattr(self.node, self.mention.field) or ""
        start = (
            max((text.rfind(c, 0, self.mention.start) for c in chars.SENTENCE_STOPS), default=-1)
            + 1
        )
        ends = [i for i in (text.find(c, self.mention.end) for c in chars.SENTENCE_STOPS) if i >= 0]
        end = min(ends) + 1 if ends else len(text)
        return text[start:end].strip()

    @property
    def label(self) -> str:
        """How the reader finds the place: the clause heading, plus 段 for a paragraph in it."""
        label = display_heading(self.clause)
        if self.node is not self.clause and self.node.kind in ("paragraph",):
            label += f" 第{self.node.id.rsplit('-', 1)[-1].lstrip('pk')}段"
        elif self.clause.kind in ("preamble", "closing", "paragraph"):
            label = {"preamble": "导语", "closing": "结语", "paragraph": "正文"}[self.clause.kind]
        return label


class Occurrences:
    """Every mention in the library, grouped by entity and by node."""

    def __init__(self, library: Library):
        self.library = library
        self._by_entity: dict[tuple[str, str], list[Occurrence]] = defaultdict(list)
        self._by_node: dict[tuple[str, str], list[Occurrence]] = defaultdict(list)
        for doc in library.documents:
            for node, clause in _walk_with_clause(doc.body, None):
                for mention in node.mentions:
                    occ = Occurrence(doc, node, clause, mention)
                    self._by_entity[(mention.kind, mention.id)].append(occ)
                    self._by_node[(doc.id, node.id)].append(occ)

    def of(self, kind: str, entity_id: str) -> list[Occurrence]:
        return self._by_entity.get((kind, entity_id), [])

    def in_node(self, doc: Document, node: Node) -> list[Occurrence]:
        return self._by_node.get((doc.id, node.id), [])

    def entity_ids(self, kind: str) -> list[str]:
        return sorted({i for k, i in self._by_entity if k == kind})

    @cached_property
    def documents_by_title(self) -> dict[str, Document]:
        out: dict[str, Document] = {}
        for doc in self.library.documents:
            out[_normal_title(doc.title)] = doc
            for node in doc.walk():
                if node.kind == "attachment" and node.title:
                    out.setdefault(_normal_title(node.title), doc)
        return out

    def cited_document(self, name: str) -> Document | None:
        """The library document a citation names (by title or by 文号), if it is in the library."""
        key = _normal_title(name)
        if key in self.documents_by_title:
            return self.documents_by_title[key]
        for doc in self.library.documents:
            if doc.doc_number and _normal_title(doc.doc_number) == key:
                return doc
        return None


def _walk_with_clause(nodes, clause: Node | None) -> Iterator[tuple[Node, Node]]:
    for node in nodes:
        here = node if (node.kind in HEADED_KINDS or clause is None) else clause
        yield node, here
        yield from _walk_with_clause(node.children, here if node.kind in HEADED_KINDS else clause)


def _normal_title(text: str) -> str:
    return (
        "".join(c for c in text if c not in "《》〈〉 \u3000").replace("(", "（").replace(")", "）")
    )
